"""Names (people, places, organisations) for the articles of an index: in the background on every
core, and at once for the one article being read.

Recognition is the costly part of an import (tens of times the work of cleaning an article), so
it runs in worker processes, a batch of articles each, newest first (the top of the list gets
its highlights first), every batch written as it is done. Each article is recognised under the
same per-item budget as a file. What is stored is exactly what
:func:`reader.entities.annotate_pending` stores: the article's text as
:func:`reader.entities.annotated_text` makes it, the spans :func:`reader.entities.recognise`
finds, the user's corrections applied, the article stamped with the recogniser's version (an
article whose text changed meanwhile is left for the next run).

The recogniser is chosen by the caller (:class:`NameFinder`): worker processes load their own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reader.entities import (
    Curation,
    Recogniser,
    RecogniserChoice,
    annotate_pending,
    annotated_text,
    load_recogniser,
    recognise,
    store_names,
)
from reader.indexing.pool import Budget, InlineWorkers, ItemTimeout, WorkerContext, start_workers
from reader.indexing.pool import cores as _cores
from reader.indexing.progress import ProgressTracker
from reader.model import Span
from reader.store import Store
from reader.store.entities import PendingText

__all__ = ["NAMES_BATCH", "NameFinder", "find_names", "names_now"]

log = logging.getLogger(__name__)

# Articles per batch: about a second of one core's work, so every batch is written soon and
# progress moves often.
NAMES_BATCH = 64


# Which recogniser finds names: a plain value, so worker processes load the same one.
NameFinder = RecogniserChoice


@dataclass(frozen=True, slots=True)
class _NamesJob:
    database: str
    finder: NameFinder
    rowids: tuple[int, ...]


def _spans(recogniser: Recogniser, text: PendingText) -> list[Span]:
    try:
        return recognise(annotated_text(text.body, text.title, text.byline, text.caption),
                         recogniser)
    except (ItemTimeout, MemoryError):
        raise
    except Exception:  # one odd article must not stop the archive from being annotated
        log.exception("entity recognition failed for article %s", text.id)
        return []


def annotate(
    store: Store, recogniser: Recogniser, texts: Sequence[PendingText], worker: WorkerContext
) -> int:
    """Recognise names in ``texts`` (each under the budget), then write them in one
    transaction; returns how many articles were stamped."""
    found: list[tuple[PendingText, list[Span]]] = []
    for index, text in enumerate(texts):
        try:
            with worker.item(index):
                found.append((text, _spans(recogniser, text)))
        except (ItemTimeout, MemoryError):
            # Stamped with no names, so it is not tried again on every run.
            log.warning("names not found in article %s: over the budget", text.id)
            found.append((text, []))
    if worker.conn is not None:
        worker.conn.send(("item", worker.key, -1))
    stamped = 0
    with store.transaction():
        curation = Curation.load(store)
        for text, spans in found:
            stamped += store_names(store, curation, recogniser.version, text, spans)
    return stamped


_worker_stores: dict[str, Store] = {}


def _names_job(job: _NamesJob, worker: WorkerContext) -> int:
    store = _worker_stores.get(job.database)
    if store is None:
        for other in _worker_stores.values():
            other.close()
        _worker_stores.clear()
        store = _worker_stores[job.database] = Store.open(job.database)
        store.tune_for_bulk_writes()
    recogniser = job.finder.load()
    texts = store.texts_for_names(recogniser.version, job.rowids)
    return annotate(store, recogniser, texts, worker)


def find_names(
    store: Store,
    finder: NameFinder | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    tracker: ProgressTracker | None = None,
    cancelled: Callable[[], bool] | None = None,
    workers: int | None = None,
    budget: Budget | None = None,
) -> int:
    """Find names in every article the chosen recogniser has not annotated, on every core.

    Returns how many articles were annotated. ``progress`` gets (done, total) articles;
    ``tracker`` (an import's) moves to its names phase. Raises ``RecogniserUnavailable`` when
    the recogniser cannot run here, before any worker starts."""
    finder = finder or NameFinder()
    recogniser = finder.load()
    stop = cancelled or (lambda: False)
    count = _cores() if workers is None else workers
    if store.path is None or count <= 0:
        # An index in memory: the recogniser's own loop, in this process.
        if tracker is not None:
            tracker.start_names(store.pending_entity_count(recogniser.version))

        def report(done: int, total: int) -> None:
            if progress is not None:
                progress(done, total)
            if tracker is not None:
                tracker.add_names(done - tracker.names_done)

        return annotate_pending(store, progress=report, cancelled=stop, recogniser=recogniser)
    pending = store.rowids_for_names(recogniser.version)
    total = len(pending)
    if tracker is not None:
        tracker.start_names(total)
    if progress is not None:
        progress(0, total)
    if not pending:
        return 0
    batches = [tuple(pending[i : i + NAMES_BATCH]) for i in range(0, total, NAMES_BATCH)]
    pool = start_workers(min(count, len(batches)), budget or Budget())
    database = str(store.path)
    done = annotated = 0
    sent: dict[int, int] = {}
    try:
        next_batch = 0
        while (next_batch < len(batches) or sent) and not stop():
            while next_batch < len(batches) and pool.free():
                job = _NamesJob(database, finder, batches[next_batch])
                if isinstance(pool, InlineWorkers):
                    pool.submit(next_batch, _inline_names(store, recogniser), job)
                else:
                    pool.submit(next_batch, _names_job, job)
                sent[next_batch] = len(batches[next_batch])
                next_batch += 1
            for outcome in pool.poll(0.2):
                size = sent.pop(outcome.key)
                if outcome.error:
                    # A worker that died on a batch: those articles stay pending for next time.
                    log.warning("names not found for %d articles: %s", size,
                                outcome.error.strip().splitlines()[-1:])
                else:
                    annotated += int(outcome.result)
                done += size
                if progress is not None:
                    progress(min(done, total), total)
                if tracker is not None:
                    tracker.add_names(size)
    finally:
        pool.close()
    return annotated


def _inline_names(
    store: Store, recogniser: Recogniser
) -> Callable[[_NamesJob, WorkerContext], int]:
    def here(job: _NamesJob, worker: WorkerContext) -> int:
        return annotate(store, recogniser, store.texts_for_names(recogniser.version, job.rowids),
                        worker)

    return here


def names_now(store: Store, article_id: str, recogniser: Recogniser | None = None) -> list[Span]:
    """One article's names, found now if the background has not reached it yet, and stored.

    For the article on screen: it costs one recognition of one article (milliseconds for a
    long one) and nothing when the article already has names from this recogniser."""
    recogniser = recogniser or load_recogniser()
    text = store.text_for_names(article_id)
    if text is None:
        return []
    pending, version = text
    if version == recogniser.version:
        return store.spans(article_id)
    spans = _spans(recogniser, pending)
    with store.transaction():
        curation = Curation.load(store)
        if not store_names(store, curation, recogniser.version, pending, spans):
            # The text changed under us: these names are for the text we read.
            return sorted(curation.apply(spans), key=lambda s: s.start)
    return store.spans(article_id)
