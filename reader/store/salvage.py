"""The user's own data read out of a database that may be damaged, and put into a new one.

The index (files, articles, entities found) can always be made again from the archive; what the
user made cannot: tags, removed tags, read and starred state, entity corrections, dismissed
suggestions and tag kinds. ``reader index --rebuild`` reads those tables row by row, keeping
every row read before a damaged page stops a table, moves the old file aside and writes them
into a fresh index. Nothing here writes to the old file: it is opened read-only, and a file
SQLite refuses (a header overwritten, the file cut short) is read from a repaired copy.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from reader.store.database import Database

__all__ = ["USER_TABLES", "Salvage", "read_user_tables", "write_user_tables"]

# The tables holding what the user made, in the order they are written back.
USER_TABLES = (
    "state",
    "tags",
    "tag_tombstones",
    "entity_rules",
    "suggestion_rejections",
    "tag_kinds",
)


@dataclass(slots=True)
class Salvage:
    """Rows read from each user table, the indexed file paths (to find the archive again) and,
    for each table that could not be read to its end, why."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    lost: dict[str, str] = field(default_factory=dict)

    def count(self, table: str) -> int:
        return len(self.rows.get(table, []))


def _open_read_only(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    uri = "file:" + quote(str(path.resolve())) + "?mode=ro" + ("&immutable=1" if immutable else "")
    conn = sqlite3.connect(uri, uri=True, timeout=5.0, isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


def _readable(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        return False
    return True


_MAGIC = b"SQLite format 3\x00"


def _repaired_copy(path: Path, folder: Path) -> Path:
    """A copy of a damaged database file that SQLite may read again: the first 100 bytes (the
    file header) set back to sound values where they are not, and a file cut short padded with
    empty pages to the size its header gives. Pages lost stay lost; the others read."""
    copy = folder / "salvage.sqlite3"
    shutil.copyfile(path, copy)
    wal = Path(str(path) + "-wal")
    if wal.is_file():
        shutil.copyfile(wal, Path(str(copy) + "-wal"))
    with open(copy, "r+b") as handle:
        header = bytearray(handle.read(100).ljust(100, b"\x00"))
        size = copy.stat().st_size
        header[0:16] = _MAGIC
        page_size = int.from_bytes(header[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
            page_size = 4096
            header[16:18] = page_size.to_bytes(2, "big")
        if header[18] not in (1, 2) or header[19] not in (1, 2):
            header[18:20] = b"\x02\x02" if wal.is_file() else b"\x01\x01"
        header[20:24] = bytes((0, 64, 32, 32))
        if int.from_bytes(header[44:48], "big") not in (1, 2, 3, 4):
            header[44:48] = (4).to_bytes(4, "big")
        if int.from_bytes(header[56:60], "big") not in (1, 2, 3):
            header[56:60] = (1).to_bytes(4, "big")
        pages = int.from_bytes(header[28:32], "big")
        handle.seek(0)
        handle.write(header)
        whole_pages = -(-size // page_size) * page_size
        wanted = max(pages * page_size if pages < (1 << 24) else 0, whole_pages)
        if wanted > size:
            handle.truncate(wanted)
    return copy


def _read_rows(conn: sqlite3.Connection, sql: str, salvage: Salvage, name: str) -> list[Any]:
    rows: list[Any] = []
    try:
        for row in conn.execute(sql):
            rows.append(row)
    except sqlite3.Error as error:  # a damaged page: keep what was read before it
        salvage.lost[name] = str(error)
    return rows


def read_user_tables(path: Path) -> Salvage:
    """Every readable row of the user tables of the database at ``path`` (never written)."""
    with tempfile.TemporaryDirectory(prefix="reader-salvage-") as scratch:
        try:
            conn = _open_read_only(path)
            if not _readable(conn):
                conn.close()
                conn = _open_read_only(_repaired_copy(path, Path(scratch)))
        except (sqlite3.Error, OSError) as error:
            return Salvage(lost={table: str(error) for table in USER_TABLES})
        try:
            return _read_tables(conn)
        finally:
            conn.close()


def _read_tables(conn: sqlite3.Connection) -> Salvage:
    salvage = Salvage()
    for table in USER_TABLES:
        rows = _read_rows(conn, f"SELECT * FROM {table}", salvage, table)
        salvage.rows[table] = [dict(row) for row in rows]
    files = _read_rows(conn, "SELECT path FROM files", salvage, "files")
    salvage.files = [str(row[0]) for row in files if isinstance(row[0], str)]
    return salvage


def write_user_tables(database: Database, salvage: Salvage) -> dict[str, int]:
    """Write salvaged rows into a fresh database (rows it already has are left alone); how
    many rows each table received. Columns the new schema does not know are dropped."""
    written: dict[str, int] = {}
    with database.transaction() as conn:
        for table in USER_TABLES:
            known = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            count = 0
            for row in salvage.rows.get(table, []):
                columns = [c for c in row if c in known and not (table == "entity_rules"
                                                                 and c == "id")]
                if not columns:
                    continue
                names = ", ".join(f'"{c}"' for c in columns)
                marks = ", ".join("?" for _ in columns)
                try:
                    cursor = conn.execute(
                        f"INSERT OR IGNORE INTO {table} ({names}) VALUES ({marks})",
                        [row[c] for c in columns],
                    )
                except sqlite3.IntegrityError:
                    continue  # a row the damage garbled (a bad origin, say)
                count += max(cursor.rowcount, 0)
            written[table] = count
    return written
