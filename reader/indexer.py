"""The import as the rest of the reader has always called it; the parts live in
:mod:`reader.indexing`."""

from __future__ import annotations

from reader.indexing import (
    BATCH_FILES,
    WALK_FORMAT,
    IndexProgress,
    IndexSummary,
    ProgressFn,
    index_paths,
    too_large,
    update_archive,
)

# Every run with an index on disk reads in worker processes (each file under a time and memory
# budget), however few files it has; kept for callers that still set it.
PARALLEL_MIN_FILES = 1

__all__ = [
    "BATCH_FILES",
    "PARALLEL_MIN_FILES",
    "WALK_FORMAT",
    "IndexProgress",
    "IndexSummary",
    "ProgressFn",
    "index_paths",
    "too_large",
    "update_archive",
]
