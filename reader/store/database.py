"""The connection: opening the database file, migrating it, transactions.

Every table family of the store (files, articles, selection, state, tags, entities, chrome
statistics) is a mixin over :class:`Database`; :class:`reader.store.Store` puts them together.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from reader.store.functions import install_functions
from reader.store.schema import MIGRATIONS, SCHEMA_VERSION

__all__ = ["Database", "SchemaTooNewError", "now_iso"]

CHUNK = 500  # SQLite parameters per IN (...) list


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SchemaTooNewError(RuntimeError):
    pass


class Database:
    """One open database. Not shared between threads: open one per thread (WAL makes that
    cheap)."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: Path | str) -> Self:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=30.0, isolation_level=None, check_same_thread=False)
        database = cls(conn, path)
        database._configure()
        return database

    @classmethod
    def memory(cls) -> Self:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        database = cls(conn, None)
        database._configure()
        return database

    def _configure(self) -> None:
        self.conn.row_factory = sqlite3.Row
        if self.path is not None:
            self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA busy_timeout = 30000")
        self.conn.execute("PRAGMA cache_size = -32000")
        install_functions(self.conn)  # REGEXP etc. for compiled filters
        self._migrate()

    def _migrate(self) -> None:
        version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise SchemaTooNewError(
                f"the database was written by a newer reader (schema {version}, "
                f"this one knows {SCHEMA_VERSION})"
            )
        for number in range(version, SCHEMA_VERSION):
            with self.transaction():
                # Another process opening the same new index may have migrated it meanwhile.
                if int(self.conn.execute("PRAGMA user_version").fetchone()[0]) > number:
                    continue
                for statement in split_sql(MIGRATIONS[number]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number + 1}")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE .. COMMIT; rolled back on any error. Nests as a no-op."""
        if self.conn.in_transaction:
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")


def split_sql(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    statements: list[str] = []
    buffer: list[str] = []
    for line in script.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("--"):
            continue
        buffer.append(line)
        candidate = "\n".join(buffer)
        if stripped.endswith(";") and sqlite3.complete_statement(candidate):
            statements.append(candidate)
            buffer = []
    if buffer and "".join(buffer).strip():
        statements.append("\n".join(buffer))
    return statements


def marks(count: int) -> str:
    """``?,?,?`` for an IN (...) list of ``count`` values."""
    return ",".join("?" * count)


def like_prefix(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
