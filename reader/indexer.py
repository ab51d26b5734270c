"""Incremental indexing: folders of files -> articles in the store.

Three passes over the files given:
1. survey: walk the folders, stat every file, and find the new or changed ones (size and mtime,
   then a content hash, so a touched-but-identical file costs one read);
2. learn: formats that learn from the whole archive (site chrome) see every changed file;
3. read: each changed file becomes articles, written in batched transactions together with the
   file's record, so a killed import leaves the previous index whole.
Files that vanished are marked missing; their articles keep their tags and read state.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import multiprocessing.pool
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from reader.config import DEFAULT_MAX_FILE_BYTES, Config
from reader.locations import Locations
from reader.model import Article, Problem
from reader.sources import HEAD_BYTES, Format, ReadContext, SourceError, formats, sniff
from reader.sources.folders import ArchiveFolders, FolderRules
from reader.store import FileRecord, Store, normalise_tag

# The format recorded for a folder or path that could not be walked.
WALK_FORMAT = "folder"
BATCH_FILES = 200
# Bytes read while surveying are kept for the later passes up to this total, so most archives
# are read from disk once; beyond it files are read again when needed.
KEEP_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class IndexProgress:
    phase: str  # "scanning" | "learning" | "reading"
    done: int
    total: int
    path: str = ""


@dataclass(slots=True)
class IndexSummary:
    files: int = 0  # files seen under the given paths
    unchanged: int = 0  # files skipped because nothing changed
    read: int = 0  # files (re)read this run
    articles: int = 0  # articles written from the files read
    new_articles: int = 0  # articles the index did not have before
    missing: int = 0  # files that vanished since the last run
    problems: list[Problem] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)  # ids written this run
    rule_tags: int = 0  # tags added by the user's rules to the articles written
    warnings: list[str] = field(default_factory=list)  # config or rules that were ignored
    partly_read: int = 0  # files read with notes (entries skipped, records unreadable)
    recorded_problems: int = 0  # files the index lists as problems after this run
    cancelled: bool = False

    def merge(self, part: IndexSummary) -> None:
        """Add what a worker process wrote for one batch."""
        self.read += part.read
        self.articles += part.articles
        self.partly_read += part.partly_read
        self.problems.extend(part.problems)
        self.article_ids.extend(part.article_ids)

    def describe(self, hint: str = "reader problems") -> str:
        """One line for people: "1,204 indexed, 3 unchanged, 2 problems: reader problems".

        ``hint`` says where the recorded problems are listed; it follows whenever any are."""
        parts = [f"{self.articles:,} indexed"]
        if self.unchanged:
            parts.append(f"{self.unchanged:,} unchanged")
        if self.missing:
            parts.append(f"{self.missing:,} missing")
        if self.problems:
            noun = "problem" if len(self.problems) == 1 else "problems"
            parts.append(f"{len(self.problems):,} {noun}")
        if self.partly_read:
            parts.append(f"{self.partly_read:,} partly read")
        text = ", ".join(parts)
        earlier = self.recorded_problems - len(self.problems) - self.partly_read
        if earlier > 0:
            text += f" ({earlier:,} earlier {'problem' if earlier == 1 else 'problems'} on record)"
        if self.recorded_problems and hint:
            text += f": {hint}"
        if self.cancelled:
            text += " (stopped early)"
        return text


@dataclass(slots=True)
class _Candidate:
    path: Path
    size: int
    mtime_ns: int
    hash: str = ""
    fmt: Format | None = None
    problem: Problem | None = None
    previous_id: int | None = None  # its record in the index, when it had one
    data: bytes | None = None  # kept from the survey (see KEEP_BYTES)

    def content(self, limit: int) -> bytes:
        return self.data if self.data is not None else _read_bytes(self.path, limit)


ProgressFn = Callable[[IndexProgress], None]
CancelFn = Callable[[], bool]


def walk(paths: Sequence[Path], problems: list[Problem]) -> Iterator[Path]:
    """Every regular file under ``paths`` (files given directly are taken as they are).
    Hidden files and folders are skipped; unreadable folders become problems."""
    for root in paths:
        if root.is_file():
            yield root
            continue
        if not root.exists():
            problems.append(Problem(str(root), "no such file or folder"))
            continue

        for folder, dirs, files in os.walk(root, onerror=_folder_problem(problems, root)):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith("."):
                    yield Path(folder) / name


def _folder_problem(problems: list[Problem], root: Path) -> Callable[[OSError], None]:
    def record(error: OSError) -> None:
        problems.append(Problem(str(error.filename or root), "cannot read folder",
                                error.strerror or str(error)))

    return record


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def too_large(path: Path, size: int, limit: int) -> Problem:
    """The problem recorded for a file over the size limit (``max_file_mb``)."""
    return Problem(
        str(path),
        "file too large",
        f"{size / 1048576:.1f} MB is over the {limit / 1048576:.0f} MB limit",
    )


def _read_bytes(path: Path, limit: int) -> bytes:
    with path.open("rb") as handle:
        # read() sized by fstat allocates exactly; read(limit + 1) would reserve a 50 MB mapping
        # per file and keep one mapping per bytes object (100,000 files exhaust the map count).
        if os.fstat(handle.fileno()).st_size <= limit:
            return handle.read()
        return handle.read(limit + 1)


def index_paths(
    store: Store,
    paths: Sequence[Path | str],
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    folders: FolderRules | None = None,
) -> IndexSummary:
    """Bring the index up to date with the files under ``paths``."""
    roots = [Path(p).expanduser().resolve() for p in paths]
    summary = IndexSummary()
    report = progress or (lambda _p: None)
    stop = cancelled or (lambda: False)

    # 1. survey
    walk_problems: list[Problem] = []
    files = list(walk(roots, walk_problems))
    summary.files = len(files)
    summary.problems.extend(walk_problems)
    known = {r.path: r for r in store.file_records([str(r) for r in roots])}
    changed: list[_Candidate] = []
    kept = 0
    archive = None if folders is None else ArchiveFolders(folders, tuple(roots))
    context = ReadContext(line_statistics=store.chrome_lines(), folders=archive)
    before = store.count()
    with contextlib.ExitStack() as stack:
        pool: multiprocessing.pool.Pool | None = None
        notes: _Notes | None = None
        for number, path in enumerate(files, 1):
            if number % 500 == 0:
                report(IndexProgress("scanning", number, len(files), str(path)))
                if stop():
                    summary.cancelled = True
                    return summary
            candidate = _survey(path, known.get(str(path)), store, max_file_bytes)
            if candidate is None:
                summary.unchanged += 1
                continue
            changed.append(candidate)
            if pool is None and len(changed) == PARALLEL_MIN_FILES:
                # Enough to read for worker processes: they start while the survey goes on,
                # work out what each file teaches as it is found, and read their files
                # themselves, so the bytes need not be kept.
                pool = _start_pool(stack, store, context.folders)
                if pool is not None:
                    notes = _Notes(pool, max_file_bytes)
                    for earlier in changed[:-1]:
                        earlier.data = None
                        notes.add(earlier)
            if notes is not None:
                candidate.data = None
                notes.add(candidate)
            elif candidate.data is not None:
                kept += len(candidate.data)
                if kept > KEEP_BYTES:
                    candidate.data = None
        report(IndexProgress("scanning", len(files), len(files)))

        # 2. learn, then 3. read. Large runs do the CPU work in the worker processes: they
        # work out what each file teaches (recorded here), then each reads and writes whole
        # batches in its own transaction, so cleaning and writing go on at once on every core.
        learners = [c for c in changed if _learns(c)]
        found = notes.results() if notes is not None else (
            _note(c.fmt, c.path, partial(c.content, max_file_bytes)) for c in learners
        )
        _learn(store, learners, found, context, report)
        batches = [changed[i : i + BATCH_FILES] for i in range(0, len(changed), BATCH_FILES)]
        if pool is not None:
            jobs = [[_job(c, max_file_bytes) for c in batch] for batch in batches]
            written = pool.imap(_worker_index_batch, jobs)
        done = 0
        for batch in batches:
            if stop():
                summary.cancelled = True
                break  # leaving the pool's context ends the workers: their batch rolls back
            if pool is not None:
                summary.merge(next(written))
            else:
                parsed = _parse_serially(batch, context, max_file_bytes)
                with store.transaction():
                    for candidate, result in zip(batch, parsed, strict=True):
                        _write(store, candidate, result, summary)
            done += len(batch)
            report(IndexProgress("reading", done, len(changed), str(batch[-1].path)))

    # vanished files: only under folders we walked completely
    if not summary.cancelled:
        seen = {str(p) for p in files}
        gone = [r.id for r in known.values() if r.path not in seen and r.status != "missing"
                and r.format != WALK_FORMAT]
        with store.transaction():
            summary.missing = store.mark_missing(gone)
            store.drop_orphans()
    # Folders that could not be walked are listed with the files that could not be read, until
    # a run walks them.
    with store.transaction():
        store.forget_files([r.id for r in known.values() if r.format == WALK_FORMAT])
        for problem in walk_problems:
            store.save_file(path=problem.path, size=0, mtime_ns=0, hash="", format=WALK_FORMAT,
                            status="problem", problem=problem.reason, detail=problem.detail)
    summary.new_articles = max(0, store.count() - before)
    summary.recorded_problems = store.problem_count()
    return summary


def _start_pool(stack: contextlib.ExitStack, store: Store,
                folders: ArchiveFolders | None = None) -> multiprocessing.pool.Pool | None:
    workers = _workers_for(store)
    if not workers:
        return None
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    try:
        return stack.enter_context(multiprocessing.get_context(method).Pool(
            workers, initializer=_worker_start, initargs=(str(store.path), folders)))
    except (OSError, ValueError):
        return None  # no processes to be had here: work in this one, only slower


def _learns(candidate: _Candidate) -> bool:
    return candidate.problem is None and candidate.fmt is not None and candidate.fmt.learns


class _Notes:
    """What each changed file teaches its format, worked out in the worker processes while
    the survey is still finding files; results come back in the order the files were added."""

    CHUNK = 64

    def __init__(self, pool: multiprocessing.pool.Pool, limit: int) -> None:
        self.pool = pool
        self.limit = limit
        self.waiting: list[tuple[str, str, int]] = []
        self.sent: list[multiprocessing.pool.AsyncResult[list[object]]] = []

    def add(self, candidate: _Candidate) -> None:
        if not _learns(candidate):
            return
        fmt = candidate.fmt.name if candidate.fmt else ""
        self.waiting.append((str(candidate.path), fmt, self.limit))
        if len(self.waiting) >= self.CHUNK:
            self._send()

    def _send(self) -> None:
        if self.waiting:
            self.sent.append(self.pool.map_async(_worker_note, self.waiting))
            self.waiting = []

    def results(self) -> Iterator[object]:
        self._send()
        for chunk in self.sent:
            yield from chunk.get()


def _learn(
    store: Store,
    learners: Sequence[_Candidate],
    notes: Iterator[object],
    context: ReadContext,
    report: ProgressFn,
) -> None:
    """Formats that learn from the archive see every changed file before any is read."""
    for start in range(0, len(learners), BATCH_FILES):
        # One transaction per batch: what formats learn is written with few commits.
        with store.transaction():
            for candidate in learners[start : start + BATCH_FILES]:
                found = next(notes)
                if found is not None and candidate.fmt is not None and candidate.fmt.learn:
                    candidate.fmt.learn(found, context)
            context.flush()
        report(IndexProgress("learning", min(start + BATCH_FILES, len(learners)),
                             len(learners)))


def _note(fmt: Format | None, path: Path, data: Callable[[], bytes]) -> object:
    """What a file teaches its format, or None; a file that fails here is reported when read."""
    if fmt is None or fmt.note is None:
        return None
    try:
        return fmt.note(path, data())
    except Exception:
        # Learning only sharpens cleaning: whatever goes wrong here, the file is still read.
        return None


def _survey(
    path: Path, previous: FileRecord | None, store: Store, limit: int
) -> _Candidate | None:
    """None when the file is unchanged since the last run; else what we know about it."""
    try:
        stat = path.stat()
    except OSError as error:
        return _Candidate(path, 0, 0, problem=Problem(str(path), "cannot read file",
                                                       error.strerror or str(error)))
    candidate = _Candidate(path, stat.st_size, stat.st_mtime_ns,
                           previous_id=previous.id if previous else None)
    if (
        previous is not None
        and previous.status != "missing"
        and previous.size == stat.st_size
        and previous.mtime_ns == stat.st_mtime_ns
    ):
        return None
    if stat.st_size > limit:
        candidate.problem = too_large(path, stat.st_size, limit)
        return candidate
    try:
        data = _read_bytes(path, limit)
    except OSError as error:
        candidate.problem = Problem(str(path), "cannot read file", error.strerror or str(error))
        return candidate
    candidate.hash = _hash(data)
    candidate.data = data
    if previous is not None and previous.hash == candidate.hash:
        # Same content (touched, or moved back): remember the new stat and skip it.
        store.touch_file(previous.id, stat.st_size, stat.st_mtime_ns)
        return None
    if not data.strip():
        candidate.problem = Problem(str(path), "empty file")
        return candidate
    candidate.fmt = sniff(path, data[:HEAD_BYTES])
    if candidate.fmt is None:
        candidate.problem = Problem(str(path), "binary file", "not text in any known format")
    return candidate


Parsed = tuple[list[Article], Problem | None]


def _parse(
    fmt: Format | None, path: Path, data: Callable[[], bytes], context: ReadContext
) -> Parsed:
    """A file's articles, or the problem that stopped it; never raises."""
    if fmt is None:
        return [], None
    try:
        articles = context.complete(path, fmt.read(path, data(), context))
    except SourceError as error:
        return [], Problem(str(path), error.reason, error.detail)
    except OSError as error:
        return [], Problem(str(path), "cannot read file", error.strerror or str(error))
    except (RecursionError, MemoryError):
        return [], Problem(str(path), "file too complex to read", "nesting or size beyond limits")
    except Exception as error:  # a parser bug must not stop the whole import
        return [], Problem(str(path), "could not be read", f"{type(error).__name__}: {error}")
    if not articles:
        return [], Problem(str(path), "no article found")
    return articles, None


def _parse_serially(
    batch: Sequence[_Candidate], context: ReadContext, limit: int
) -> Iterator[Parsed]:
    for candidate in batch:
        if candidate.problem is not None:
            yield [], candidate.problem
            continue
        yield _parse(candidate.fmt, candidate.path, partial(candidate.content, limit), context)
        candidate.data = None  # read: let the bytes go


# ---- reading on every core --------------------------------------------------------------------
# Cleaning is CPU work, and so is writing an article with its indexes and full text. Large runs
# hand whole batches to worker processes: each reads its files itself, cleans them with what
# formats learned (committed in pass 2 before any batch starts) and writes the batch in one
# transaction of its own. SQLite takes one writer at a time; the others clean meanwhile.

PARALLEL_MIN_FILES = 400
_worker_store: Store | None = None
_worker_context: ReadContext | None = None  # kept: learned statistics load once per worker

# A file as a worker gets it: path, format, size limit, size, mtime, hash, previous record,
# and the problem the survey found (then there is nothing to read).
_Job = tuple[str, str, int, int, int, str, int | None, Problem | None]


def _job(candidate: _Candidate, limit: int) -> _Job:
    candidate.data = None  # the worker reads the file itself
    return (str(candidate.path), candidate.fmt.name if candidate.fmt else "", limit,
            candidate.size, candidate.mtime_ns, candidate.hash, candidate.previous_id,
            candidate.problem)


def _worker_start(database: str, folders: ArchiveFolders | None = None) -> None:
    global _worker_store, _worker_context
    _worker_store = Store.open(database)
    _worker_context = ReadContext(line_statistics=_worker_store.chrome_lines(), folders=folders)


def _worker_note(job: tuple[str, str, int]) -> object:
    path, format_name, limit = job
    fmt = next((f for f in formats() if f.name == format_name), None)
    return _note(fmt, Path(path), lambda: _read_bytes(Path(path), limit))


def _worker_index_batch(jobs: list[_Job]) -> IndexSummary:
    """Read and write one batch of files in one transaction; what was written, for the total."""
    store, context = _worker_store, _worker_context
    assert store is not None and context is not None
    summary = IndexSummary()
    batch: list[_Candidate] = []
    for path, format_name, _limit, size, mtime_ns, hash, previous_id, problem in jobs:
        fmt = next((f for f in formats() if f.name == format_name), None)
        batch.append(_Candidate(Path(path), size, mtime_ns, hash, fmt, problem, previous_id))
    limit = jobs[0][2] if jobs else DEFAULT_MAX_FILE_BYTES
    parsed = list(_parse_serially(batch, context, limit))  # cleaned before the write lock
    with store.transaction():
        for candidate, result in zip(batch, parsed, strict=True):
            _write(store, candidate, result, summary)
    return summary


def _workers_for(store: Store) -> int:
    if store.path is None:
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cores if cores and cores > 1 else 0


def _tally(notes: Iterable[str]) -> str:
    """Notes on a partly read file, each once with how often it occurred."""
    counts = Counter(notes)
    return "; ".join(note if n == 1 else f"{note} ({n} times)" for note, n in counts.items())


def _write(
    store: Store, candidate: _Candidate, parsed: Parsed, summary: IndexSummary
) -> None:
    path = str(candidate.path)
    articles, problem = parsed
    summary.read += 1
    if candidate.previous_id is not None:
        store.clear_locations(candidate.previous_id)
    soft = _tally(p for a in articles for p in a.problems)
    file_id = store.save_file(
        path=path,
        size=candidate.size,
        mtime_ns=candidate.mtime_ns,
        hash=candidate.hash,
        format=candidate.fmt.name if candidate.fmt else "",
        status="problem" if problem else "ok",
        problem=problem.reason if problem else ("partly read" if soft else ""),
        detail=problem.detail if problem else soft,
        articles=len(articles),
    )
    if problem:
        summary.problems.append(problem)
        return
    if soft:
        summary.partly_read += 1
    for position, article in enumerate(articles):
        article_id = store.put_article(article, file_id, position)
        topics = [normalise_tag(t) for t in (*article.topics, *article.tags)]
        store.replace_source_tags(article_id, [t for t in topics if t])
        summary.article_ids.append(article_id)
    summary.articles += len(articles)


def update_archive(
    store: Store,
    locations: Locations,
    paths: Sequence[Path | str],
    *,
    config: Config | None = None,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
) -> IndexSummary:
    """What ``reader index`` and the reader's start-up do: index with the user's size limit,
    then give the articles just written the tags their rules add.

    ``config`` is the configuration the caller loaded; without one it is read here and its
    warnings join the summary's."""
    from reader.topics import apply_rules, load_rules  # rules need the query language

    warnings: list[str] = []
    if config is None:
        config, warnings = Config.load(locations.config_file)
    folders, folder_warnings = FolderRules.from_settings(
        config.folder_dates, config.folder_first, config.folder_topics)
    summary = index_paths(store, paths, progress=progress, cancelled=cancelled,
                          max_file_bytes=config.max_file_bytes, folders=folders)
    rules, rule_warnings = load_rules(locations.rules_file)
    summary.warnings = warnings + folder_warnings + rule_warnings
    if rules and summary.article_ids:
        summary.rule_tags = apply_rules(store, rules, summary.article_ids)
    return summary
