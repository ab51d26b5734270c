"""The SQLite store: the index of articles and the reader's own state, in one WAL database.

All SQL of the reader lives in this package, one module per family of tables:

- :mod:`~reader.store.database`: opening, migrating (:mod:`~reader.store.schema`), transactions;
  :mod:`~reader.store.functions`: the SQL functions compiled queries call;
- :mod:`~reader.store.files`: files seen by the indexer, their problems;
- :mod:`~reader.store.articles`: articles, full text and where they were found;
- :mod:`~reader.store.selection`: counts, ids and rows for a compiled query (``SqlFilter``);
- :mod:`~reader.store.state`: read and starred, the undo journal;
- :mod:`~reader.store.tags`: tags and removed tags;
- :mod:`~reader.store.entities`: mentions and the user's entity corrections;
- :mod:`~reader.store.chrome`: site chrome statistics, handed to formats as ``ChromeLines``;
- :mod:`~reader.store.views`: the views the reader saves (never written to config.toml).

Each family is a mixin over :class:`~reader.store.database.Database`; :class:`Store` puts them
together. A new family is a new module with its mixin (and, for new tables, a migration
appended to ``schema.py``), added to the bases below.
"""

from __future__ import annotations

from reader.store.articles import ArticleTables, StoredArticle
from reader.store.chrome import ChromeLines, ChromeTables
from reader.store.database import (
    DamagedStoreError,
    Database,
    FullStoreError,
    LockedStoreError,
    ReadOnlyStoreError,
    SchemaTooNewError,
    StoreError,
    explain_error,
    now_iso,
    upgrade_pending,
)
from reader.store.entities import EntityTables
from reader.store.files import FileRecord, FileTables
from reader.store.selection import (
    DEFAULT_ORDER,
    EVERYTHING,
    SORTS,
    ArticleRow,
    Selection,
    SqlFilter,
)
from reader.store.state import StateTables
from reader.store.tags import TagRow, TagTables, normalise_tag
from reader.store.views import StoredView, ViewTables

__all__ = [
    "DEFAULT_ORDER",
    "EVERYTHING",
    "SORTS",
    "ArticleRow",
    "ChromeLines",
    "DamagedStoreError",
    "FileRecord",
    "FullStoreError",
    "LockedStoreError",
    "ReadOnlyStoreError",
    "SchemaTooNewError",
    "SqlFilter",
    "Store",
    "StoreError",
    "StoredArticle",
    "StoredView",
    "TagRow",
    "explain_error",
    "normalise_tag",
    "now_iso",
    "upgrade_pending",
]


class Store(
    FileTables,
    ArticleTables,
    Selection,
    StateTables,
    TagTables,
    EntityTables,
    ChromeTables,
    ViewTables,
    Database,
):
    """One open database: ``Store.open(path)`` (or ``Store.memory()``), ``with
    store.transaction(): ...``, ``store.close()``. Not shared between threads: open one per
    thread (WAL makes that cheap)."""
