"""What a worker does with a batch of files: read each (bounded), hash it, recognise its format,
clean it into articles, and write the batch in one transaction.

The same code runs in this process when no worker can be started. Each file's writes are a
savepoint inside the batch's transaction, so a file that cannot be stored becomes a problem and
the rest of the batch is kept.

Modes (see :class:`FilesJob`):

- ``look``: files whose format learns from the archive (site chrome) are only noted here and
  read once everything is learned; the others are read and written at once;
- ``first``: the first files of a first run, read and written at once whatever their format so
  the reader has rows within a second; those that learn are read again after learning (their
  record is stored as provisional, so an interrupted run reads them again too);
- ``read``: read and write everything (after learning).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.indexing.paths import NotReadable, ReadResult, read_bounded
from reader.indexing.pool import ItemTimeout, WorkerContext
from reader.model import Article, Problem
from reader.sources import HEAD_BYTES, Format, ReadContext, SourceError, formats, sniff
from reader.sources.folders import ArchiveFolders
from reader.store import Store, normalise_tag
from reader.store.articles import ArticleRecord, article_record
from reader.store.state import Rekeyed

__all__ = [
    "FIRST",
    "LOOK",
    "READ",
    "FileItem",
    "FileOutcome",
    "FilesJob",
    "Ready",
    "format_named",
    "process_files",
    "read_files",
    "write_file",
    "write_problem",
]

LOOK, FIRST, READ = "look", "first", "read"

# Outcome statuses.
WRITTEN = "written"  # read, and its articles (or its problem) written
UNCHANGED = "unchanged"  # same content as indexed: only its new stat was recorded
NOTED = "noted"  # its format learns: noted, to be read after learning
PROVISIONAL = "provisional"  # written before learning, to be read again after it
CHANGING = "changing"  # it changed while being read: nothing written, read next time

# A file that keeps changing is read this many times before it is left for the next run.
READ_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class FileItem:
    path: str  # for the file system
    key: str  # as the index stores and shows it
    size: int
    mtime_ns: int
    link: bool = False
    previous_id: int | None = None
    previous_hash: str = ""  # the indexed content's hash, when there is one
    format: str = ""  # known from an earlier look at the same content (``noted``)
    noted_hash: str = ""  # the content that look was at


@dataclass(frozen=True, slots=True)
class FilesJob:
    database: str
    mode: str
    generation: int  # bumped when formats have learned: workers rebuild their read context
    limit: int  # max_file_bytes
    items: tuple[FileItem, ...]
    # What the archive's folders say about files that do not say it themselves.
    folders: ArchiveFolders | None = None


@dataclass(slots=True)
class FileOutcome:
    key: str
    status: str
    format: str = ""
    note: Any = None
    hash: str = ""
    articles: int = 0
    article_ids: list[str] = field(default_factory=list)
    problem: Problem | None = None
    partly: bool = False


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _tally(notes: Iterable[str]) -> str:
    """Notes on a partly read file, each once with how often it occurred."""
    counts = Counter(notes)
    return "; ".join(note if n == 1 else f"{note} ({n} times)" for note, n in counts.items())


def format_named(name: str) -> Format | None:
    return next((f for f in formats() if f.name == name), None)


def note_file(fmt: Format, path: Path, data: bytes) -> object:
    """What a file teaches its format, or None; a file that fails here is reported when read."""
    if fmt.note is None:
        return None
    try:
        return fmt.note(path, data)
    except (ItemTimeout, MemoryError):
        raise
    except Exception:
        # Learning only sharpens cleaning: whatever goes wrong here, the file is still read.
        return None


def parse_file(
    fmt: Format, path: Path, data: bytes, context: ReadContext
) -> tuple[list[Article], Problem | None]:
    """A file's articles, or the problem that stopped it; raises only for the budget."""
    key = str(path)
    try:
        articles = context.complete(path, fmt.read(path, data, context))
    except SourceError as error:
        return [], Problem(key, error.reason, error.detail)
    except OSError as error:
        return [], Problem(key, "cannot read file", error.strerror or str(error))
    except (ItemTimeout, MemoryError):
        raise
    except RecursionError:
        return [], Problem(key, "file too complex to read", "nesting or size beyond limits")
    except Exception as error:  # a parser bug must not stop the whole import
        return [], Problem(key, "could not be read", f"{type(error).__name__}: {error}")
    if not articles:
        return [], Problem(key, "no article found")
    return articles, None


@dataclass(frozen=True, slots=True)
class Ready:
    """An article made ready to write: its row and its source tags, computed before the write
    lock is taken (only one process writes at a time; the others should not wait for JSON)."""

    record: ArticleRecord
    tags: list[str]


def ready(article: Article) -> Ready:
    topics = (normalise_tag(t) for t in (*article.topics, *article.tags))
    return Ready(article_record(article), [t for t in topics if t])


@dataclass(slots=True)
class _Prepared:
    outcome: FileOutcome
    size: int
    mtime_ns: int
    articles: list[Ready] = field(default_factory=list)
    soft: str = ""  # notes on a partly read file
    write: bool = True  # False: nothing to store (noted, or changing)
    provisional: bool = False
    previous_id: int | None = None


def _read(item: FileItem, limit: int) -> ReadResult:
    result = read_bounded(item.path, item.key, limit, follow=item.link)
    for _ in range(READ_ATTEMPTS - 1):
        if not result.changed:
            break
        result = read_bounded(item.path, item.key, limit, follow=item.link)
    return result


def _prepare(item: FileItem, mode: str, limit: int, context: ReadContext) -> _Prepared:
    try:
        read = _read(item, limit)
    except NotReadable as refused:
        return _Prepared(FileOutcome(item.key, WRITTEN, problem=refused.problem),
                         item.size, item.mtime_ns)
    if read.changed:
        return _Prepared(FileOutcome(item.key, CHANGING), read.size, read.mtime_ns, write=False)
    digest = _hash(read.data)
    if item.previous_hash and digest == item.previous_hash:
        # Same content (touched, or moved back): remember the new stat and skip it.
        return _Prepared(FileOutcome(item.key, UNCHANGED, hash=digest), read.size,
                         read.mtime_ns, previous_id=item.previous_id)
    prepared = _Prepared(FileOutcome(item.key, WRITTEN, hash=digest), read.size, read.mtime_ns)
    if not read.data.strip():
        prepared.outcome.problem = Problem(item.key, "empty file")
        return prepared
    path = Path(item.key)  # formats see the name as it is shown, never undecodable bytes
    known = format_named(item.format) if item.format and digest == item.noted_hash else None
    fmt = known or sniff(path, read.data[:HEAD_BYTES])
    if fmt is None:
        prepared.outcome.problem = Problem(item.key, "binary file", "not text in any known format")
        return prepared
    prepared.outcome.format = fmt.name
    if fmt.learns and mode in (LOOK, FIRST):
        prepared.outcome.note = note_file(fmt, path, read.data)
        if mode == LOOK:
            prepared.outcome.status = NOTED
            prepared.write = False
            return prepared
        prepared.outcome.status = PROVISIONAL
        prepared.provisional = True
    articles, problem = parse_file(fmt, path, read.data, context)
    prepared.outcome.problem = problem
    if problem is None:
        prepared.articles = [ready(a) for a in articles]
        prepared.soft = _tally(p for a in articles for p in a.problems)
    return prepared


def process_files(
    store: Store, context: ReadContext, job: FilesJob, worker: WorkerContext
) -> list[FileOutcome]:
    """Read a batch of files (each under the worker's budget), then write it in one
    transaction; cleaning happens before the write lock is taken."""
    prepared: list[_Prepared] = []
    for index, item in enumerate(job.items):
        try:
            with worker.item(index):
                prepared.append(_prepare(item, job.mode, job.limit, context))
        except ItemTimeout:
            prepared.append(_Prepared(FileOutcome(item.key, WRITTEN, problem=Problem(
                item.key, "took too long to read",
                f"stopped after {worker.budget.seconds:g} s of work")), item.size, item.mtime_ns))
        except MemoryError:
            prepared.append(_Prepared(FileOutcome(item.key, WRITTEN, problem=Problem(
                item.key, "too large to read in memory",
                f"needed more than {worker.budget.memory / 1024**3:g} GB")),
                item.size, item.mtime_ns))
    if worker.conn is not None:
        worker.conn.send(("item", worker.key, -1))  # writing: no file is to blame from here
    if any(p.write for p in prepared):
        rekeyed: list[Rekeyed] = []
        with store.transaction():
            for p in prepared:
                if p.write:
                    _store(store, p, rekeyed)
            store.follow_rekeyed(rekeyed)  # one pass over the journal for the whole batch
    return [p.outcome for p in prepared]


def _store(store: Store, prepared: _Prepared, rekeyed: list[Rekeyed]) -> None:
    outcome = prepared.outcome
    if outcome.status == UNCHANGED:
        if prepared.previous_id is not None:
            store.touch_file(prepared.previous_id, prepared.size, prepared.mtime_ns)
        return
    try:
        outcome.article_ids = write_file(
            store, outcome.key, size=prepared.size, mtime_ns=prepared.mtime_ns,
            hash=outcome.hash, format=outcome.format, articles=prepared.articles,
            soft=prepared.soft, problem=outcome.problem, provisional=prepared.provisional,
            rekeyed=rekeyed,
        )
    except (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.DataError, ValueError,
            UnicodeError) as error:
        # Something in this file the index cannot hold: the file is a problem, the batch goes on.
        outcome.problem = Problem(outcome.key, "could not be stored", f"{error}")
        outcome.status = WRITTEN
        write_problem(store, outcome.key, prepared.size, prepared.mtime_ns, outcome.problem)
    outcome.articles = len(prepared.articles) if not outcome.problem else 0
    outcome.partly = bool(outcome.articles) and bool(prepared.soft)


def write_file(
    store: Store,
    key: str,
    *,
    size: int,
    mtime_ns: int,
    hash: str,
    format: str,
    articles: Sequence[Ready],
    problem: Problem | None,
    soft: str = "",
    provisional: bool = False,
    rekeyed: list[Rekeyed] | None = None,
) -> list[str]:
    """Record a file and the articles read from it, as one savepoint: the file's earlier
    articles that no file holds any more go. A story the file holds under a new id (its title
    changed, and no URL fixes its id) takes the reader's tags, marks and dismissals with it;
    the journal's rows follow once per batch (appended to ``rekeyed``; without it, at once).
    ``soft`` notes a partly read file. Returns the ids written."""
    if problem is not None:
        articles, soft = (), ""
    with store.file_savepoint():
        file_id = store.save_file(
            path=key,
            # A provisional record never matches the file, so any later run reads it again.
            size=size,
            mtime_ns=-1 if provisional else mtime_ns,
            hash="" if provisional else hash,
            format=format,
            status="problem" if problem else "ok",
            problem=problem.reason if problem else ("partly read" if soft else ""),
            detail=problem.detail if problem else soft,
            articles=len(articles),
        )
        earlier = store.file_articles(file_id)
        store.clear_locations(file_id)
        written: list[str] = []
        for position, article in enumerate(articles):
            article_id = store.put_article(article.record, file_id, position)
            store.replace_source_tags(article_id, article.tags)
            written.append(article_id)
        moved = store.carry_to_new_ids(earlier, written)
        store.drop_orphans_among(set(earlier.values()) - set(written))
        if rekeyed is None:
            store.follow_rekeyed(moved)
    if rekeyed is not None:
        rekeyed += moved  # only once the file's savepoint holds
    return written


def write_problem(store: Store, key: str, size: int, mtime_ns: int, problem: Problem,
                  format: str = "") -> None:
    """Record a file that could not be read (it holds no articles now)."""
    write_file(store, key, size=size, mtime_ns=mtime_ns, hash="", format=format, articles=(),
               problem=problem)


# ---- the worker process's side ---------------------------------------------------------------

_stores: dict[str, Store] = {}
_contexts: dict[tuple[str, int, ArchiveFolders | None], ReadContext] = {}


def _open(database: str) -> Store:
    store = _stores.get(database)
    if store is None:
        for other in _stores.values():  # one index at a time per worker
            other.close()
        _stores.clear()
        _contexts.clear()
        store = _stores[database] = Store.open(database)
        store.tune_for_bulk_writes()
    return store


def _context_for(
    store: Store, database: str, generation: int, folders: ArchiveFolders | None
) -> ReadContext:
    key = (database, generation, folders)
    context = _contexts.get(key)
    if context is None:
        _contexts.clear()  # what formats learned changed: load it afresh
        context = _contexts[key] = ReadContext(
            line_statistics=store.chrome_lines(), folders=folders)
    return context


def read_files(job: FilesJob, worker: WorkerContext) -> list[FileOutcome]:
    """A worker's job: one batch of files against the index at ``job.database``."""
    store = _open(job.database)
    context = _context_for(store, job.database, job.generation, job.folders)
    return process_files(store, context, job, worker)

