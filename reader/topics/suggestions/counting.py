"""Counting every article's features, once: the counts are cached in the store
(``suggestion_features``) and only new or changed articles are read again, by worker processes
on every core when there are many. The workers' entry points (:func:`_worker_start`,
:func:`_worker_count`) are top-level functions of this module: the ``forkserver`` and ``spawn``
start methods import them by name."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator, Sequence

import numpy as np

from reader.store import Store
from reader.store import suggestions as sql
from reader.topics.suggestions.features import encode_counts, entity_features, text_features
from reader.topics.suggestions.matrix import Corpus, build_matrix

# Feature counts are written to the store in batches of this many articles; from this many
# articles to count on, worker processes count them on every core.
CACHE_BATCH = 1000
PARALLEL_COUNT_MIN = 4000
# Cached feature counts of another make (before the language marker) are counted again.
FEATURES_VERSION = "2"


def build_corpus(store: Store) -> Corpus:
    started = time.perf_counter()
    state = sql.archive_state(store)
    cached = sql.cached_features(store, FEATURES_VERSION)
    ids = cached.ids
    key_blobs, count_blobs = cached.keys, cached.counts
    stale = [index for index, blob in enumerate(key_blobs) if blob is None]
    batches = [stale[start : start + CACHE_BATCH] for start in range(0, len(stale), CACHE_BATCH)]
    for batch, counted in zip(batches, _count_batches(store, ids, batches), strict=True):
        where = {ids[index]: index for index in batch}
        for article_id, _, keys, counts in counted:
            key_blobs[where[article_id]] = keys
            count_blobs[where[article_id]] = counts
        with store.transaction():
            sql.save_features(store, counted)
    lengths = np.fromiter((len(b or b"") // 4 for b in key_blobs), np.int64, count=len(ids))
    rows = np.repeat(np.arange(len(ids), dtype=np.int32), lengths)
    keys_all = np.frombuffer(b"".join(b or b"" for b in key_blobs), dtype="<u4")
    counts_all = np.frombuffer(b"".join(b or b"" for b in count_blobs), dtype="<u2")
    return build_matrix(ids, rows, keys_all.astype(np.uint32), counts_all.astype(np.uint16), state,
                   started, len(stale))


def _count_batches(
    store: Store, ids: Sequence[str], batches: Sequence[Sequence[int]]
) -> Iterator[list[tuple[str, str, bytes, bytes]]]:
    """The counted features of each batch (row indexes into ``ids``), in order: on every core
    (worker processes that read the store themselves) when there are many, else here."""
    wanted = [[ids[index] for index in batch] for batch in batches]
    workers = _workers_for(store) if sum(map(len, batches)) >= PARALLEL_COUNT_MIN else 0
    if workers:
        methods = multiprocessing.get_all_start_methods()
        method = "forkserver" if "forkserver" in methods else "spawn"
        try:
            pool = multiprocessing.get_context(method).Pool(
                workers, initializer=_worker_start, initargs=(str(store.path),)
            )
        except (OSError, ValueError):
            pool = None  # no processes to be had here: count in this one, only slower
        if pool is not None:
            with pool:
                yield from pool.imap(_worker_count, wanted)
            return
    for batch in wanted:
        yield count_features(store, batch)


def _workers_for(store: Store) -> int:
    if store.path is None:
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cores if cores and cores > 1 else 0



_worker_store: Store | None = None


def _worker_start(database: str) -> None:
    global _worker_store
    _worker_store = Store.open(database)


def _worker_count(article_ids: list[str]) -> list[tuple[str, str, bytes, bytes]]:
    assert _worker_store is not None
    return count_features(_worker_store, article_ids)


def count_features(store: Store, article_ids: Sequence[str]) -> list[tuple[str, str, bytes, bytes]]:
    """(id, stamp, keys, counts) of articles' features, words and names."""
    names = sql.entity_names(store, article_ids)
    counted = []
    for text in sql.article_texts(store, article_ids):
        counts = text_features(text)
        counts.update(entity_features(names.get(text.article_id, ())))
        stamp = sql.feature_stamp(FEATURES_VERSION, text.updated_at)
        counted.append((text.article_id, stamp, *encode_counts(counts)))
    return counted

