"""The connection: opening the database file, migrating it, transactions.

Every table family of the store (files, articles, selection, state, tags, entities, chrome
statistics) is a mixin over :class:`Database`; :class:`reader.store.Store` puts them together.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Self
from urllib.parse import quote

from reader.store.functions import install_functions
from reader.store.schema import MIGRATIONS, SCHEMA_VERSION

__all__ = [
    "BUSY_TIMEOUT",
    "Database",
    "SchemaTooNewError",
    "StoreError",
    "explain_error",
    "now_iso",
]

CHUNK = 500  # SQLite parameters per IN (...) list
# How long a command waits for another process's write to finish before giving up (seconds).
BUSY_TIMEOUT = 30.0

REBUILD_ADVICE = (
    "save what can still be read of your tags with `reader tags dump -o tags.txt`, then run "
    "`reader index --rebuild` (it rebuilds the index from your archive and keeps tags, read "
    "state and corrections)"
)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class StoreError(sqlite3.DatabaseError):
    """A database that cannot be used, as one sentence (``str(error)``) and what to do about
    it (``advice``). ``kind`` says which: damaged, newer, locked, full, read-only, unavailable.
    A ``sqlite3.DatabaseError``, so code that handles database errors handles these too."""

    kind = "unavailable"

    def __init__(self, message: str, advice: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.advice = advice


class DamagedStoreError(StoreError):
    kind = "damaged"


class SchemaTooNewError(StoreError):
    kind = "newer"


class LockedStoreError(StoreError):
    kind = "locked"


class FullStoreError(StoreError):
    kind = "full"


class ReadOnlyStoreError(StoreError):
    kind = "read-only"


def explain_error(error: BaseException, path: Path | None) -> StoreError:
    """A database or file-system error as a :class:`StoreError` a person can act on."""
    if isinstance(error, StoreError):
        return error
    where = str(path) if path is not None else "the index"
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    lowered = text.lower()
    if isinstance(error, sqlite3.Error):
        if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in lowered or (
            "not a database" in lowered
        ):
            return DamagedStoreError(f"the index {where} is damaged ({text})", REBUILD_ADVICE)
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in lowered:
            return LockedStoreError(
                f"the index {where} is in use by another process (a `reader index` or the "
                f"reader writing?) and stayed locked for {BUSY_TIMEOUT:.0f} s",
                "nothing was changed; run the command again when the other one has finished",
            )
        if name == "SQLITE_FULL" or "disk is full" in lowered:
            return _full(where)
        if name.startswith("SQLITE_READONLY") or "readonly" in lowered or "read-only" in lowered:
            return ReadOnlyStoreError(
                f"the index {where} is read-only: reading commands work, changes cannot be "
                "saved",
                "make the data folder writable, or use another with --data-dir or READER_HOME",
            )
        if name.startswith("SQLITE_CANTOPEN") or "unable to open" in lowered:
            return StoreError(
                f"cannot open the index {where}",
                "check that its folder exists and may be read and written, or use another "
                "with --data-dir or READER_HOME",
            )
        if name.startswith("SQLITE_IOERR") or "disk i/o" in lowered:
            return StoreError(
                f"the disk failed while using the index {where} ({text})",
                "check the disk (and free space), then run the command again",
            )
        return StoreError(f"the index {where} could not be used ({text})", REBUILD_ADVICE)
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            return _full(where)
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return ReadOnlyStoreError(
                f"cannot write to {error.filename or where}: {error.strerror}",
                "make the data folder writable, or use another with --data-dir or READER_HOME",
            )
        target = error.filename or where
        if error.errno in (errno.EEXIST, errno.ENOTDIR):
            wanted = Path(str(target))
            blocking = next((p for p in (wanted, *wanted.parents) if p.is_file()), wanted)
            return StoreError(
                f"{blocking} is a file where a folder is needed",
                "give another data folder with --data-dir or READER_HOME",
            )
        return StoreError(
            f"cannot use {target}: {error.strerror or text}",
            "give a folder reader may use with --data-dir or READER_HOME",
        )
    return StoreError(f"the index {where} could not be used ({type(error).__name__}: {text})")


def _full(where: str) -> FullStoreError:
    return FullStoreError(
        f"the disk holding the index {where} is full",
        "nothing was changed; free some space and run the command again",
    )


class Database:
    """One open database. Not shared between threads: open one per thread (WAL makes that
    cheap). ``read_only`` is True when it was opened for reading only (a read-only data
    folder): reading works, any write raises :class:`ReadOnlyStoreError`'s sqlite3 cause."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path | None, read_only: bool = False
    ) -> None:
        self.conn = conn
        self.path = path
        self.read_only = read_only

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False) -> Self:
        """Open (and create or migrate) the database at ``path``.

        Every failure is a :class:`StoreError`: a damaged file, a folder in its place, a
        schema newer than this program, a lock held too long, a full disk. A database that
        cannot be written (a read-only folder or file) is opened for reading instead, without
        the write that setting up WAL would need, so reading commands still work."""
        path = Path(path)
        if path.is_dir():
            raise StoreError(
                f"the index {path} is a folder, not a database",
                "move it away, or use another data folder with --data-dir or READER_HOME",
            )
        if not read_only:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                return cls._connect(path, read_only=False)
            except (sqlite3.Error, OSError) as error:
                explained = explain_error(error, path)
                if not path.is_file() or explained.kind not in ("read-only", "unavailable"):
                    raise explained from error
        try:
            return cls._connect(path, read_only=True)
        except (sqlite3.Error, OSError) as error:
            raise explain_error(error, path) from error

    @classmethod
    def _connect(cls, path: Path, *, read_only: bool) -> Self:
        if read_only:
            uri = "file:" + quote(str(path.resolve())) + "?mode=ro"
            try:
                conn = _connect(uri, uri=True)
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.OperationalError:
                # A WAL database in a folder reader may not write: its shared-memory file
                # cannot be made, so read the file as it is (nobody can be writing it).
                conn = _connect(uri + "&immutable=1", uri=True)
        else:
            conn = _connect(str(path))
        database = cls(conn, path, read_only)
        try:
            database._configure()
        except BaseException:
            conn.close()
            raise
        return database

    @classmethod
    def memory(cls) -> Self:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        database = cls(conn, None)
        database._configure()
        return database

    def _configure(self) -> None:
        self.conn.row_factory = sqlite3.Row
        if self.read_only:
            self.conn.execute("PRAGMA query_only = 1")
        elif self.path is not None:
            self.conn.execute("PRAGMA journal_mode = WAL")
        if not self.read_only:
            self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        self.conn.execute("PRAGMA cache_size = -32000")
        install_functions(self.conn)  # REGEXP etc. for compiled filters
        self._migrate()

    def _migrate(self) -> None:
        version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise SchemaTooNewError(
                f"the index {self.path or ''} was written by a newer reader (schema {version}; "
                f"this one knows {SCHEMA_VERSION})",
                "use the newer reader, or `reader index --rebuild` to rebuild the index for "
                "this one (tags, read state and corrections are kept)",
            )
        if version < SCHEMA_VERSION and self.read_only:
            raise ReadOnlyStoreError(
                f"the index {self.path} needs upgrading, and it is read-only",
                "make the data folder writable once, or use another with --data-dir",
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
        """BEGIN IMMEDIATE .. COMMIT; rolled back on any error. Nests as a no-op. On a
        read-only database a deferred BEGIN: reads see one snapshot, a write fails."""
        if self.conn.in_transaction:
            yield self.conn
            return
        # Opened read-only, a snapshot to read from is all a transaction can be.
        self.conn.execute("BEGIN" if self.read_only else "BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")


def upgrade_pending(path: Path | str) -> bool:
    """The index at ``path`` was written by an earlier version and opening it will upgrade it
    (once; building a new index over a million articles takes tens of seconds). False for no
    index yet, a new one, or anything that cannot be read: opening it says what is wrong."""
    path = Path(path)
    if not path.is_file():
        return False
    try:
        conn = _connect("file:" + quote(str(path.resolve())) + "?mode=ro", uri=True)
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
    except (sqlite3.Error, OSError, ValueError):
        return False
    return 0 < version < SCHEMA_VERSION


def _connect(target: str, *, uri: bool = False) -> sqlite3.Connection:
    return sqlite3.connect(
        target, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False, uri=uri
    )


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
