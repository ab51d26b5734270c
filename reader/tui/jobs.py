"""Background work for the reader: indexing and entity recognition, run in thread workers.

Each job opens its own store (connections are not shared between threads) and reports through
``post`` with throttled ``JobProgress`` messages and one ``JobFinished``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from textual.message import Message

from reader.indexer import IndexProgress, index_paths
from reader.store import Store
from reader.tui.messages import JobFinished, JobProgress

Post = Callable[[Message], object]
Cancelled = Callable[[], bool]

PROGRESS_INTERVAL = 0.1  # seconds between progress messages: enough to look alive


class _Throttle:
    def __init__(self, post: Post, what: str) -> None:
        self.post = post
        self.what = what
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last >= PROGRESS_INTERVAL or (total and done >= total):
            self.last = now
            self.post(JobProgress(self.what, done, total))


INDEXING = "Indexing"
FINDING_NAMES = "Finding names"


def index_job(
    database: Path,
    paths: Sequence[Path],
    post: Post,
    cancelled: Cancelled,
    *,
    max_file_bytes: int,
) -> None:
    throttle = _Throttle(post, INDEXING)

    def progress(event: IndexProgress) -> None:
        throttle(event.done, event.total)

    with Store.open(database) as store:
        try:
            summary = index_paths(
                store, paths, progress=progress, cancelled=cancelled, max_file_bytes=max_file_bytes
            )
        except Exception as error:  # the reader stays usable on what is already indexed
            post(JobFinished(INDEXING, f"indexing failed: {error}", changed=True, failed=True))
            return
    changed = bool(summary.read or summary.missing)
    post(JobFinished(INDEXING, summary.describe(), changed=changed))


def entity_job(database: Path, post: Post, cancelled: Cancelled) -> None:
    """Find names in articles that have none yet. Skipped when the recogniser is unavailable."""
    try:
        from reader.entities import annotate_pending  # type: ignore[attr-defined, unused-ignore]
    except ImportError:
        post(JobFinished(FINDING_NAMES, "", changed=False))
        return
    post(JobProgress(FINDING_NAMES, 0, 0))
    with Store.open(database) as store:
        try:
            count = int(annotate_pending(store, cancelled=cancelled))
        except Exception as error:
            post(JobFinished(FINDING_NAMES, f"finding names failed: {error}", False, True))
            return
    summary = f"names found in {count:,} articles" if count else ""
    post(JobFinished(FINDING_NAMES, summary, changed=count > 0))
