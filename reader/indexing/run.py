"""Incremental indexing: folders of files -> articles in the store, written as they are read.

This process walks the folders and compares each file's size and mtime with the index; worker
processes on every core do the rest (see :mod:`reader.indexing.work`): read, hash, recognise
the format, clean, and write each batch in one transaction of their own. So:

- articles appear at once: the first batch of a first run is small and goes out as soon as its
  files are found (before the folders are walked to the end), and each later batch is
  committed as it is done: whatever is written can be listed, counted and filtered;
- files whose format learns from the whole archive (site chrome in text scrapes) are noted as
  they are found, learned from here as the notes come back, and read once every file has been
  seen; all others are read as they are found;
- a file that vanished is marked missing (its articles keep their tags and read state); a file
  read again drops the articles it no longer holds, in the same transaction, so a story is
  never in the index twice;
- a killed or stopped import leaves whole batches only, and the next run reads the rest.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import reader.indexing.work as work
from reader.config import DEFAULT_MAX_FILE_BYTES
from reader.indexing.paths import WALK_FORMAT, Found, path_key, walk
from reader.indexing.pool import Budget, InlineWorkers, Outcome, Pool, WorkerContext, cores
from reader.indexing.progress import ProgressFn, ProgressTracker
from reader.indexing.work import FIRST, LOOK, READ, FileItem, FileOutcome, FilesJob
from reader.model import Problem
from reader.sources import ReadContext
from reader.sources.folders import ArchiveFolders, FolderRules
from reader.store import FileRecord, Store

__all__ = ["BATCH_FILES", "FIRST_BATCH_FILES", "IndexSummary", "index_paths"]

BATCH_FILES = 200
# The first batch of a first run: small, so the first rows are written within a second.
FIRST_BATCH_FILES = 16
# While files are still being found, a batch waits at most this long for more before it goes
# (the first batch of a first run less long).
BATCH_WAIT = 0.25
FIRST_BATCH_WAIT = 0.05
# How often the walk stops to hand out batches and collect finished ones.
PUMP_EVERY = 0.02

CancelFn = Callable[[], bool]
AfterBatch = Callable[[list[str]], None]


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
    changing: int = 0  # files still changing while read: left for the next run
    names: int = 0  # articles given their names this run
    names_problem: str = ""  # why names were not found, when they were asked for and not
    seconds: float = 0.0
    cancelled: bool = False

    def merge(self, later: IndexSummary) -> None:
        """Add a later run's figures (a watch's updates make one summary)."""
        self.files = max(self.files, later.files)
        for name in ("read", "articles", "new_articles", "missing", "rule_tags", "partly_read",
                     "changing", "names", "seconds"):
            setattr(self, name, getattr(self, name) + getattr(later, name))
        self.problems.extend(later.problems)
        self.article_ids.extend(later.article_ids)
        self.warnings.extend(w for w in later.warnings if w not in self.warnings)
        self.recorded_problems = later.recorded_problems
        self.names_problem = later.names_problem or self.names_problem
        self.cancelled = self.cancelled or later.cancelled

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
        if self.changing:
            parts.append(f"{self.changing:,} still changing (read next time)")
        text = ", ".join(parts)
        earlier = self.recorded_problems - len(self.problems) - self.partly_read
        if earlier > 0:
            text += f" ({earlier:,} earlier {'problem' if earlier == 1 else 'problems'} on record)"
        if self.recorded_problems and hint:
            text += f": {hint}"
        if self.cancelled:
            text += " (stopped early)"
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "files": self.files,
            "read": self.read,
            "unchanged": self.unchanged,
            "articles": self.articles,
            "new_articles": self.new_articles,
            "missing": self.missing,
            "entities_annotated": self.names,
            "rule_tags": self.rule_tags,
            "changing": self.changing,
            "seconds": round(self.seconds, 3),
            "cancelled": self.cancelled,
            "problems": [p.to_json() for p in self.problems],
        }


def _unchanged(found: Found, previous: FileRecord | None) -> bool:
    return (
        previous is not None
        and previous.status != "missing"
        and previous.size == found.size
        and previous.mtime_ns == found.mtime_ns
    )


def _under(path: str, folders: Sequence[str]) -> bool:
    return any(path == f or path.startswith(f.rstrip("/") + "/") for f in folders)


# What a worker's failure says when the index itself cannot be written: the import stops with
# it (a sentence from the command line) instead of blaming every file in turn.
_INDEX_FAULTS = ("database or disk is full", "readonly database", "disk I/O error",
                 "database is locked")


class _Run:
    """One import: the walk in this process, batches in flight, what came back."""

    def __init__(
        self,
        store: Store,
        tracker: ProgressTracker,
        summary: IndexSummary,
        *,
        limit: int,
        budget: Budget,
        workers: int,
        cancelled: CancelFn,
        after_batch: AfterBatch | None,
        folders: ArchiveFolders | None = None,
    ) -> None:
        self.store = store
        self.folders = folders
        self.tracker = tracker
        self.summary = summary
        self.limit = limit
        self.budget = budget
        self.cancelled = cancelled
        self.after_batch = after_batch
        self.database = str(store.path) if store.path is not None else ""
        self.first_run = not store.any_article()
        self.queue: deque[tuple[str, tuple[FileItem, ...]]] = deque()
        self.jobs: dict[int, tuple[str, tuple[FileItem, ...]]] = {}
        self.next_key = 0
        self.generation = 0
        self.batch: list[FileItem] = []
        self.batch_started = 0.0
        self.batches_sent = 0
        self.learners: dict[str, FileItem] = {}
        self.unlearned: list[tuple[str, object]] = []
        self.learn_context: ReadContext | None = None
        self.changing: list[FileItem] = []
        self.retrying = False
        self.early: set[str] = set()  # ids written provisionally, not yet written again
        self.workers = workers
        self._pool: Pool | None = None
        self._starting: threading.Thread | None = None

    # ---- workers -----------------------------------------------------------------------------

    def _start_pool(self) -> None:
        """Workers start with the first file to read (a run that finds nothing changed starts
        none), while the walk goes on: a cold start imports every parser once."""
        if not self.database or self.workers <= 0:
            self._pool = InlineWorkers(self.budget)
            return

        def start() -> None:
            from reader.indexing.pool import start_workers

            self._pool = start_workers(self.workers, self.budget)

        self._starting = threading.Thread(target=start, name="index-workers", daemon=True)
        self._starting.start()

    def _ready_pool(self, wait: float) -> Pool | None:
        if self._pool is None and self._starting is None:
            self._start_pool()
        if self._starting is not None:
            self._starting.join(wait)
            if self._starting.is_alive():
                return None
            self._starting = None
            if self._pool is None:
                self._pool = InlineWorkers(self.budget)
        return self._pool

    def close(self) -> None:
        if self._starting is not None:
            self._starting.join()
            self._starting = None
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def _job_fn(self, pool: Pool) -> Callable[[FilesJob, WorkerContext], list[FileOutcome]]:
        if not isinstance(pool, InlineWorkers):
            return work.read_files
        contexts: dict[int, ReadContext] = {}

        def here(job: FilesJob, context: WorkerContext) -> list[FileOutcome]:
            read = contexts.get(job.generation)
            if read is None:
                contexts.clear()
                read = contexts[job.generation] = ReadContext(
                    line_statistics=self.store.chrome_lines(), folders=self.folders)
            return work.process_files(self.store, read, job, context)

        return here

    def pump(self, wait: float = 0.0) -> None:
        """Hand queued batches to free workers and take in finished ones, waiting up to
        ``wait`` seconds for one to finish."""
        if self.batch and time.monotonic() - self.batch_started > self._batch_wait():
            self.flush()
        if not self.queue and not self.jobs:
            return
        pool = self._ready_pool(wait if self.queue else 0.0)
        if pool is None:
            return
        while self.queue and pool.free():
            mode, items = self.queue.popleft()
            key = self.next_key
            self.next_key += 1
            self.jobs[key] = (mode, items)
            pool.submit(key, self._job_fn(pool), FilesJob(
                self.database, mode, self.generation, self.limit, items, self.folders))
        for outcome in pool.poll(wait if pool.busy() else 0.0):
            self._finished(outcome)

    def drain(self) -> bool:
        """Wait for every batch; False when the import was stopped meanwhile."""
        while self.queue or self.jobs or self.batch:
            self.flush()
            if self.cancelled():
                self._take_written()
                return False
            self.pump(0.1)
        return True

    def _take_written(self) -> None:
        """On stopping: count the batches workers have already written (they stay written)."""
        if self._pool is None or not self.jobs:
            return
        for outcome in self._pool.poll(0.0):
            if outcome.error:
                self.jobs.pop(outcome.key, None)
            else:
                self._finished(outcome)

    # ---- batches ------------------------------------------------------------------------------

    def _first(self) -> bool:
        return self.first_run and not self.batches_sent

    def _batch_wait(self) -> float:
        return FIRST_BATCH_WAIT if self._first() else BATCH_WAIT

    def add(self, item: FileItem) -> None:
        if not self.batch:
            self.batch_started = time.monotonic()
        self.batch.append(item)
        wanted = FIRST_BATCH_FILES if self._first() else BATCH_FILES
        if len(self.batch) >= wanted or time.monotonic() - self.batch_started > self._batch_wait():
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        mode = FIRST if self._first() else LOOK
        self.queue.append((mode, tuple(self.batch)))
        self.batch = []
        self.batches_sent += 1

    def _finished(self, outcome: Outcome) -> None:
        mode, items = self.jobs.pop(outcome.key)
        if outcome.error:
            self._failed(mode, items, outcome)
            return
        results: list[FileOutcome] = outcome.result
        written: list[str] = []
        for item, result in zip(items, results, strict=True):
            written.extend(self._take(item, result))
        if written and self.after_batch is not None:
            self.after_batch(written)

    def _take(self, item: FileItem, result: FileOutcome) -> list[str]:
        summary, status = self.summary, result.status
        # Articles written before learning are written again after it: count them once.
        fresh = [i for i in result.article_ids if i not in self.early]
        self.early.difference_update(result.article_ids)
        if status == work.PROVISIONAL:
            self.early.update(result.article_ids)
        if status in (work.NOTED, work.PROVISIONAL):
            self.learners[item.key] = replace(item, format=result.format, noted_hash=result.hash)
            self.unlearned.append((result.format, result.note))
            self.tracker.add_handled(0, len(fresh))
            if len(self.unlearned) >= BATCH_FILES:
                self.learn()
        elif status == work.UNCHANGED:
            summary.unchanged += 1
            self.tracker.add_handled(1, 0, item.key)
        elif status == work.CHANGING and not self.retrying:
            self.changing.append(item)
        elif status == work.CHANGING:
            summary.changing += 1
            self.tracker.add_handled(1, 0, item.key)
        else:
            summary.read += 1
            if result.problem is not None:
                summary.problems.append(result.problem)
            else:
                summary.articles += result.articles
                summary.article_ids.extend(result.article_ids)
                summary.partly_read += result.partly
            self.tracker.add_handled(1, len(fresh), item.key)
        return result.article_ids

    def _failed(self, mode: str, items: tuple[FileItem, ...], outcome: Outcome) -> None:
        """A batch whose worker was killed or failed: the file it was on is a problem and the
        others are read again; without a file to blame, each is tried alone."""
        stopped = outcome.stopped_at
        if stopped is not None and 0 <= stopped < len(items):
            culprit = items[stopped]
            if outcome.killed:
                problem = Problem(culprit.key, "took too long to read",
                                  f"stopped after {self.budget.kill_after:g} s")
            else:
                problem = Problem(culprit.key, "could not be read",
                                  "reading it stopped the worker process")
            self.problem(culprit, problem)
            rest = items[:stopped] + items[stopped + 1 :]
            if rest:
                self.queue.appendleft((mode, rest))
        elif len(items) > 1:
            for item in reversed(items):
                self.queue.appendleft((mode, (item,)))
        else:
            last = outcome.error.strip().splitlines()[-1] if outcome.error.strip() else ""
            if any(fault in last for fault in _INDEX_FAULTS):
                # Not the file's fault: the index cannot be written, so no file can be.
                raise sqlite3.OperationalError(last.partition(": ")[2] or last)
            self.problem(items[0], Problem(items[0].key, "could not be read", last))

    def problem(self, item: FileItem | Found, problem: Problem) -> None:
        """Record a file that could not be read, from this process."""
        with self.store.transaction():
            work.write_problem(self.store, item.key, item.size, item.mtime_ns, problem)
        self.summary.read += 1
        self.summary.problems.append(problem)
        self.tracker.add_handled(1, 0, item.key)

    # ---- learning ----------------------------------------------------------------------------

    def learn(self) -> None:
        """What the noted files teach their formats, written as the notes come in: once the
        last file is found only the last notes are left to learn."""
        if not self.unlearned:
            return
        from reader.indexing.work import format_named  # the parsers: imported when needed

        if self.learn_context is None:
            self.learn_context = ReadContext(line_statistics=self.store.chrome_lines())
        context = self.learn_context
        with self.store.transaction():
            for name, note in self.unlearned:
                fmt = format_named(name)
                if note is not None and fmt is not None and fmt.learn is not None:
                    fmt.learn(note, context)
            context.flush()
        self.unlearned = []

    def read_learners(self) -> None:
        """Once every file is found and learned from: read the files that were only noted."""
        self.learn()
        if not self.learners:
            return
        self.generation += 1  # workers load what was learned afresh
        items = list(self.learners.values())
        self.learners = {}
        for start in range(0, len(items), BATCH_FILES):
            self.queue.append((READ, tuple(items[start : start + BATCH_FILES])))

    def retry_changing(self) -> None:
        """Files that changed while they were read get one more try, after everything else."""
        self.retrying = True
        items, self.changing = self.changing, []
        for start in range(0, len(items), BATCH_FILES):
            self.queue.append((READ, tuple(items[start : start + BATCH_FILES])))


def index_paths(
    store: Store,
    paths: Sequence[Path | str],
    *,
    roots: Sequence[Path | str] = (),
    progress: ProgressFn | None = None,
    tracker: ProgressTracker | None = None,
    cancelled: CancelFn | None = None,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    follow_links_outside: bool = False,
    workers: int | None = None,
    budget: Budget | None = None,
    after_batch: AfterBatch | None = None,
    folders: FolderRules | None = None,
) -> IndexSummary:
    """Bring the index up to date with the files under ``paths``.

    ``roots`` are the archive's folders when ``paths`` are only parts of it (what a watch saw
    change): links are followed inside the roots, and a path that no longer exists marks its
    files missing instead of being a problem. ``workers`` is the number of worker processes
    (default: one per core; 0 reads in this process, without budgets); ``budget`` is each
    file's time and memory. ``after_batch`` gets the ids of each batch's articles as it is
    written (the user's rules tag them from there). ``folders`` says what the archive's folder
    names tell about files that do not say it themselves."""
    started = time.monotonic()
    scopes = [Path(p).expanduser().absolute() for p in paths]
    if not roots:
        scopes = [p.resolve() for p in scopes]
    summary = IndexSummary()
    tracker = tracker or ProgressTracker(progress)
    stop = cancelled or (lambda: False)
    scope_keys = [path_key(str(p)) for p in scopes]
    known = {r.path: r for r in store.file_records(scope_keys)}
    before = store.count()
    run = _Run(
        store, tracker, summary,
        limit=max_file_bytes, budget=budget or Budget(),
        workers=cores() if workers is None else workers, cancelled=stop,
        after_batch=after_batch,
        folders=None if folders is None else ArchiveFolders(
            folders, tuple(Path(r).expanduser().absolute() for r in roots) or tuple(scopes)),
    )
    seen: set[str] = set()
    folder_problems: list[Problem] = []
    vanished: list[str] = []
    try:
        last_pump = time.monotonic()
        for found in walk(scopes, [Path(r).expanduser().absolute() for r in roots],
                          follow_outside=follow_links_outside,
                          vanished=vanished if roots else None):
            seen.add(found.key)
            tracker.add_found(1, found.key)
            previous = known.get(found.key)
            if found.problem is not None and found.folder:
                folder_problems.append(found.problem)
                summary.problems.append(found.problem)
                tracker.add_handled(1, 0, found.key)
            elif _unchanged(found, previous):
                summary.unchanged += 1
                tracker.add_handled(1, 0, found.key)
            elif found.problem is not None:
                run.problem(found, found.problem)
            else:
                run.add(FileItem(
                    found.path, found.key, found.size, found.mtime_ns, found.link,
                    previous.id if previous else None, previous.hash if previous else ""))
            if time.monotonic() - last_pump >= PUMP_EVERY:
                last_pump = time.monotonic()
                run.pump()
                if stop():
                    summary.cancelled = True
                    break
        summary.files = len(seen) - len(folder_problems)
        run.flush()
        tracker.finish_finding()
        if not summary.cancelled:
            summary.cancelled = not run.drain()
        if not summary.cancelled:
            run.read_learners()
            summary.cancelled = not run.drain()
        if not summary.cancelled and run.changing:
            run.retry_changing()
            summary.cancelled = not run.drain()
    finally:
        run.close()  # workers still busy are stopped: their batch rolls back

    with store.transaction():
        if not summary.cancelled:
            # Vanished files: not under a folder that could not be walked this time.
            unwalked = [p.path for p in folder_problems]
            gone = [r.id for r in known.values() if r.path not in seen
                    and r.status != "missing" and r.format != WALK_FORMAT
                    and not _under(r.path, unwalked)]
            summary.missing = store.mark_missing(gone)
        # Folders that could not be walked are listed with the files that could not be read,
        # until a run walks them.
        store.forget_files([r.id for r in known.values() if r.format == WALK_FORMAT])
        for problem in folder_problems:
            store.save_file(path=problem.path, size=0, mtime_ns=0, hash="", format=WALK_FORMAT,
                            status="problem", problem=problem.reason, detail=problem.detail)
    summary.new_articles = max(0, store.count() - before)
    summary.recorded_problems = store.problem_count()
    summary.seconds = time.monotonic() - started
    tracker.finish()
    return summary

