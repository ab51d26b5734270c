"""``reader index --rebuild``: a new index made from the archive, keeping what the user made.

The old database (damaged, written by a newer reader, or sound) is renamed, never deleted; the
user's tags, removed tags, read and starred state, entity corrections, dismissed suggestions and
tag kinds are read from it (as much as can be read) into a fresh index, which ``reader index``
then fills from the archive.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reader.backup import rebuild_store
from reader.safety import display_path

if TYPE_CHECKING:
    from reader.cli import Context

_TABLE_NAMES = {
    "state": "read/starred states",
    "tags": "tags",
    "tag_tombstones": "removed tags",
    "entity_rules": "entity corrections",
    "suggestion_rejections": "dismissed suggestions",
    "tag_kinds": "tag kinds",
}


def prepare_rebuild(args: argparse.Namespace, ctx: Context) -> None:
    """Replace the context's index with a fresh one holding the user's data; when no archive
    is named (no PATH, none configured), the files the old index had read are indexed again."""
    if ctx._store is not None:
        ctx._store.close()
        ctx._store = None
    database = ctx._ensure_folders().database
    store, rebuilt = rebuild_store(database)
    ctx._store = store
    if rebuilt.old_file is not None:
        print(f"reader: the old index was kept as {display_path(rebuilt.old_file)}",
              file=sys.stderr)
    kept = ", ".join(
        f"{count} {_TABLE_NAMES[table]}" for table, count in rebuilt.kept.items() if count
    )
    print(f"reader: kept {kept or 'no user data (there was none to read)'}", file=sys.stderr)
    for table, reason in rebuilt.lost.items():
        what = _TABLE_NAMES.get(table, table)
        print(f"reader: not all {what} could be read from the old index ({reason})",
              file=sys.stderr)
    if not args.paths and not ctx.config.archive and rebuilt.files:
        args.paths = [path for path in rebuilt.files if Path(path).exists()]
