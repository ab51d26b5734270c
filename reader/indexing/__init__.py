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

from typing import TYPE_CHECKING

from reader.lazy import lazy_attributes

if TYPE_CHECKING:
    from reader.indexing.archive import (
        Opening,
        archive_paths,
        choose_opening,
        reindex,
        update_archive,
    )
    from reader.indexing.names import NameFinder, find_names, names_now
    from reader.indexing.paths import WALK_FORMAT, path_key, too_large, walk
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

# Where each name lives. Loaded on first use: a worker process importing one part (the
# forkserver preloads what reading needs) does not load the others (names, archive, watch),
# which cuts its start by a third (530 -> 350 ms) and so the wait for a first run's first rows.
_HOMES: dict[str, str] = {
    "BATCH_FILES": "run",
    "Budget": "pool",
    "FILE_MEMORY_BYTES": "pool",
    "FILE_SECONDS": "pool",
    "FINDING": "progress",
    "FIRST_BATCH_FILES": "run",
    "IndexProgress": "progress",
    "IndexSummary": "run",
    "NAMES": "progress",
    "NameFinder": "names",
    "Opening": "archive",
    "PHASES": "progress",
    "ProgressFn": "progress",
    "ProgressTracker": "progress",
    "READING": "progress",
    "WALK_FORMAT": "paths",
    "archive_paths": "archive",
    "choose_opening": "archive",
    "path_key": "paths",
    "find_names": "names",
    "index_paths": "run",
    "names_now": "names",
    "reindex": "archive",
    "too_large": "paths",
    "update_archive": "archive",
    "walk": "paths",
    "warm_up": "pool",
}


__getattr__ = lazy_attributes(__name__, _HOMES)

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
    "find_names",
    "index_paths",
    "names_now",
    "path_key",
    "reindex",
    "too_large",
    "update_archive",
    "walk",
    "warm_up",
]
