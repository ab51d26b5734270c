"""Indexing an archive: finding its files, reading them on every core, finding names, keeping
the index current.

The parts:

- :mod:`~reader.indexing.paths`: walking folders and reading files with bounded work;
- :mod:`~reader.indexing.pool`: worker processes with a time and memory budget per item;
- :mod:`~reader.indexing.work`: what a worker does with a batch of files;
- :mod:`~reader.indexing.run`: one import (:func:`index_paths`);
- :mod:`~reader.indexing.names`: names on every core, and at once for one article;
- :mod:`~reader.indexing.progress`: one progress that never runs backwards;
- :mod:`~reader.indexing.archive`: the user's archive (settings, rules, re-indexing, sample);
- :mod:`~reader.indexing.watch`: an archive that stays current.
"""

from __future__ import annotations

from reader.indexing.archive import (
    Opening,
    archive_paths,
    choose_opening,
    reindex,
    update_archive,
)
from reader.indexing.names import NameFinder, find_names, names_now
from reader.indexing.paths import WALK_FORMAT, display_path, too_large, walk
from reader.indexing.pool import FILE_MEMORY_BYTES, FILE_SECONDS, Budget, warm_up
from reader.indexing.progress import (
    FINDING,
    NAMES,
    PHASES,
    READING,
    IndexProgress,
    ProgressFn,
    ProgressTracker,
)
from reader.indexing.run import BATCH_FILES, FIRST_BATCH_FILES, IndexSummary, index_paths

__all__ = [
    "BATCH_FILES",
    "FILE_MEMORY_BYTES",
    "FILE_SECONDS",
    "FINDING",
    "FIRST_BATCH_FILES",
    "NAMES",
    "PHASES",
    "READING",
    "WALK_FORMAT",
    "Budget",
    "IndexProgress",
    "IndexSummary",
    "NameFinder",
    "Opening",
    "ProgressFn",
    "ProgressTracker",
    "archive_paths",
    "choose_opening",
    "display_path",
    "find_names",
    "index_paths",
    "names_now",
    "reindex",
    "too_large",
    "update_archive",
    "walk",
    "warm_up",
]
