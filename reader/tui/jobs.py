"""Background work for the reader: indexing, entity recognition and suggestions, run in thread
workers (``reader.tui.work``).

Each job opens its own store (connections are not shared between threads), reports progress
through ``post`` with throttled ``IndexingProgress`` messages and returns one ``JobFinished``.
Suggestions keep one store open (``Suggester``) because the learned model is cached per store.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing import resource_tracker
from pathlib import Path
from typing import TypeVar

from reader import entities, topics
from reader.config import Config
from reader.indexing import (
    IndexProgress,
    NameFinder,
    ProgressTracker,
    find_names,
    names_now,
    reindex,
)
from reader.indexing.watch import ArchiveWatcher, WatchUpdate
from reader.locations import Locations
from reader.store import Store
from reader.tui.messages import (
    ArchiveWatched,
    EvidenceReady,
    IndexingProgress,
    JobFinished,
    NamesReady,
    SuggestionDismissed,
    SuggestionsReady,
)
from reader.tui.work import Cancelled, Job, Post

T = TypeVar("T")

PROGRESS_INTERVAL = 0.1  # seconds between progress messages: enough to look alive


def start_process_helpers() -> None:
    """Start multiprocessing's resource tracker with the real stderr. The indexer parses big runs
    in worker processes, and the tracker hands its child ``sys.stderr.fileno()``: under Textual
    that is the print capture's -1, which fails every pool with "bad value(s) in fds_to_keep"."""
    real = sys.__stderr__
    if real is None or sys.stderr is real:
        return
    captured = sys.stderr
    sys.stderr = real  # for the moment the tracker starts; prints go back to Textual after
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = captured


INDEXING = "Indexing"
FINDING_NAMES = "Finding names"
WATCHING = "Watching"


class _ProgressPost:
    """An import's progress as ``IndexingProgress`` messages, at most one a PROGRESS_INTERVAL
    (and always the first of each phase, so a phase never goes unseen, and the first with
    articles written, so the list shows them at once)."""

    def __init__(self, post: Post, what: str) -> None:
        self.post = post
        self.what = what
        self.last = 0.0
        self.phase = ""
        self.rows = False  # articles written: the first ones are said at once, for the list

    def __call__(self, progress: IndexProgress) -> None:
        now = time.monotonic()
        first_rows = progress.articles > 0 and not self.rows
        if now - self.last >= PROGRESS_INTERVAL or progress.phase != self.phase or first_rows:
            self.last, self.phase, self.rows = now, progress.phase, progress.articles > 0
            self.post(IndexingProgress(self.what, progress))


def progress_text(what: str, progress: IndexProgress | None = None) -> str:
    """The status line while a job runs: "Reading 3,800/48,004 files · 1,250/s · 31 s left ·
    9,120 articles so far" (the import), "Watching: Reading 3/3 files" (a change seen)."""
    if progress is None:
        return f"{what}…"
    text = progress.describe()
    return text if what in (INDEXING, FINDING_NAMES) else f"{what}: {text}"


def name_finder(config: Config) -> NameFinder:
    """The recogniser the configuration names, as worker processes load it."""
    return NameFinder(config.ner, config.spacy_model)


def index_job(
    locations: Locations,
    paths: Sequence[Path],
    config: Config,
    post: Post,
    cancelled: Cancelled,
) -> JobFinished:
    """Bring the index up to date with ``paths`` (with the user's size limit and tag rules),
    then find names in what it wrote, both on every core. Each batch is in the index as soon
    as it is written: the progress messages say how many articles are there so far. Without
    ``paths`` (R in a reader opened on its index) it indexes what ``reindex`` covers: the
    configured archive, else every file the index has read."""
    start_process_helpers()
    with Store.open(locations.database) as store:
        try:
            summary = reindex(
                store, locations, config=config, paths=paths, names=name_finder(config),
                progress=_ProgressPost(post, INDEXING), cancelled=cancelled,
            )
        except Exception as error:  # the reader stays usable on what is already indexed
            return JobFinished(INDEXING, f"indexing failed: {error}", changed=True, failed=True)
    if not paths and not (summary.files or summary.missing or summary.problems):
        return JobFinished(INDEXING, "Nothing to index again: open the reader on a folder, or "
                           "set archive in config.toml", changed=False, failed=True)
    changed = bool(summary.read or summary.missing or summary.names)
    # The status line shows the problem count with its key already: no shell hint here.
    text = summary.describe(hint="")
    if summary.names_problem:
        return JobFinished(INDEXING, f"{text}; names not found: {summary.names_problem}",
                           changed=changed, failed=True)
    return JobFinished(INDEXING, text, changed=changed)


def entity_job(database: Path, config: Config, post: Post, cancelled: Cancelled) -> JobFinished:
    """Find names in the articles that have none yet, on every core, with the recogniser
    ``config`` names; then the archive pass groups what single articles left open."""
    progress = ProgressTracker(_ProgressPost(post, FINDING_NAMES))
    start_process_helpers()
    with Store.open(database) as store:
        try:
            count = find_names(store, name_finder(config), tracker=progress,
                               cancelled=cancelled)
            if not cancelled():
                entities.regroup_names(store, cancelled=cancelled)
        except entities.RecogniserUnavailable as error:
            return JobFinished(FINDING_NAMES, f"Names not found: {error}", False, failed=True)
        except Exception as error:
            return JobFinished(FINDING_NAMES, f"Finding names failed: {error}", False, True)
    noun = "article" if count == 1 else "articles"
    summary = f"Names found in {count:,} {noun}" if count else ""
    return JobFinished(FINDING_NAMES, summary, changed=count > 0)


def names_now_job(database: Path, config: Config, article_id: str) -> Job:
    """The names of the article on screen, found now when the background has not reached it
    yet (milliseconds for a long article): nobody waits for the highlights."""

    def run(cancelled: Cancelled) -> NamesReady | None:
        with Store.open(database) as store:
            if cancelled():
                return None
            try:
                recogniser = name_finder(config).load()
            except entities.RecogniserUnavailable:
                return None  # the background job says so on the status line
            spans = names_now(store, article_id, recogniser)
        return NamesReady(article_id, bool(spans))

    return run


def watch_job(
    locations: Locations,
    roots: Sequence[Path],
    config: Config,
    post: Post,
    stop: threading.Event,
) -> None:
    """Keep the index current with ``roots`` until ``stop`` is set: what is added, changed or
    removed there is indexed (names included) and each batch reported. It starts with a walk
    once the system's watches are in place (a stat per file when nothing changed), so what
    changed while the first import ran is not missed."""

    def updated(update: WatchUpdate) -> None:
        summary = update.summary
        changed = bool(summary.read or summary.missing or summary.names)
        post(ArchiveWatched(summary.describe(hint=""), changed))

    start_process_helpers()
    watcher = ArchiveWatcher(
        locations, roots, config=config, names=name_finder(config), on_update=updated,
        progress=_ProgressPost(post, WATCHING), report_unchanged=True,
    )
    watcher.run(stop)


@contextmanager
def cancellable(store: Store, cancelled: Cancelled) -> Iterator[Store]:
    """Abort the store's running query (sqlite3.OperationalError "interrupted") once
    ``cancelled`` says so: a count superseded by more typing stops early."""
    store.conn.set_progress_handler(lambda: 1 if cancelled() else 0, 20_000)
    try:
        yield store
    finally:
        store.conn.set_progress_handler(None, 0)


class Suggester:
    """Suggested tags from one long-lived store, so the learned model is kept between articles
    (learning can take seconds on a big archive; scoring an article is then quick). The
    evidence for a suggestion and its dismissal use the same store and model.

    ``workflow``: the tags never learned or suggested (the config's workflow and quick tags),
    the same ones ``reader suggest`` leaves out, so the reader and the command agree."""

    def __init__(self, database: Path, workflow: Collection[str] | None = None) -> None:
        self.database = database
        self.workflow = None if workflow is None else tuple(workflow)
        self._store: Store | None = None
        self._lock = threading.Lock()
        self._closed = False

    def _with_store(self, cancelled: Cancelled, empty: T, work: Callable[[Store], T]) -> T:
        with self._lock:
            if cancelled() or self._closed:
                return empty
            if self._store is None:
                self._store = Store.open(self.database)
            try:
                return work(self._store)
            finally:
                if self._closed:  # the reader closed while this was learning
                    self._close_store()

    def suggest(self, article_id: str, cancelled: Cancelled, limit: int = 3) -> tuple[str, ...]:
        def work(store: Store) -> tuple[str, ...]:
            found = topics.suggest(
                store,
                [article_id],
                limit=limit,
                min_score=topics.SHOW_THRESHOLD,
                workflow=self.workflow,
            )
            return tuple(s.tag for s in found.get(article_id, []))

        return self._with_store(cancelled, (), work)

    def explain(self, article_id: str, tag: str, cancelled: Cancelled) -> topics.Evidence | None:
        def work(store: Store) -> topics.Evidence | None:
            return topics.explain(store, article_id, tag, workflow=self.workflow)

        return self._with_store(cancelled, None, work)

    def dismiss(self, article_id: str, tag: str) -> bool:
        """Dismiss a suggestion for good (it counts against the tag from the next learning)."""
        return self._with_store(
            lambda: False, False, lambda store: topics.reject_suggestion(store, article_id, tag)
        )

    def close(self) -> None:
        """Close the store, or have the running suggestion close it: quitting never waits for
        a model that is still learning."""
        self._closed = True
        if self._lock.acquire(blocking=False):
            try:
                self._close_store()
            finally:
                self._lock.release()

    def _close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def suggest_job(suggester: Suggester, article_id: str) -> Job:
    """Suggested tags for one article, as a job for ``reader.tui.work.run_job``."""

    def run(cancelled: Cancelled) -> SuggestionsReady:
        return SuggestionsReady(article_id, suggester.suggest(article_id, cancelled))

    return run


def explain_job(suggester: Suggester, article_id: str, tag: str) -> Job:
    """The evidence for suggesting ``tag`` for an article, as a job."""

    def run(cancelled: Cancelled) -> EvidenceReady:
        return EvidenceReady(article_id, tag, suggester.explain(article_id, tag, cancelled))

    return run


def dismiss_job(suggester: Suggester, article_id: str, tag: str) -> Job:
    """Dismiss a suggested tag for an article, as a job."""

    def run(cancelled: Cancelled) -> SuggestionDismissed:
        try:
            stored = suggester.dismiss(article_id, tag)
        except Exception as error:  # a locked or read-only database: said, not raised
            return SuggestionDismissed(article_id, tag, False, str(error))
        return SuggestionDismissed(article_id, tag, stored)

    return run
