"""Table ``files``: every file the indexer has seen, with its stat, hash, format and problem."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from reader.model import Problem
from reader.store.database import Database, like_prefix, now_iso

__all__ = ["FileRecord", "FileTables"]


@dataclass(frozen=True, slots=True)
class FileRecord:
    id: int
    path: str
    size: int
    mtime_ns: int
    hash: str
    format: str
    status: str
    problem: str
    detail: str
    articles: int


class FileTables(Database):
    def file_records(self, under: Sequence[str] = ()) -> list[FileRecord]:
        """The records of every file, or of the files at or under the given paths."""
        if not under:
            rows = self.conn.execute("SELECT * FROM files ORDER BY path").fetchall()
        else:
            clauses = " OR ".join("path = ? OR path LIKE ? ESCAPE '\\'" for _ in under)
            params: list[str] = []
            for prefix in under:
                params += [prefix, like_prefix(prefix.rstrip("/") + "/")]
            rows = self.conn.execute(
                f"SELECT * FROM files WHERE {clauses} ORDER BY path", params
            ).fetchall()
        return [_file_record(r) for r in rows]

    def save_file(
        self,
        *,
        path: str,
        size: int,
        mtime_ns: int,
        hash: str,
        format: str,
        status: str,
        problem: str = "",
        detail: str = "",
        articles: int = 0,
    ) -> int:
        row = self.conn.execute(
            """
            INSERT INTO files (path, size, mtime_ns, hash, format, status, problem, detail,
                               articles, indexed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (path) DO UPDATE SET
                size = excluded.size, mtime_ns = excluded.mtime_ns, hash = excluded.hash,
                format = excluded.format, status = excluded.status, problem = excluded.problem,
                detail = excluded.detail, articles = excluded.articles,
                indexed_at = excluded.indexed_at
            RETURNING id
            """,
            (path, size, mtime_ns, hash, format, status, problem, detail, articles, now_iso()),
        ).fetchone()
        return int(row[0])

    def tune_for_bulk_writes(self) -> None:
        """Checkpoint the write-ahead log less often on this connection: an import rewrites the
        same index pages batch after batch, and every checkpoint copies them into the database
        file again (20,000 articles written: 0.36-0.43 -> 0.32 ms each)."""
        self.conn.execute("PRAGMA wal_autocheckpoint = 10000")

    @contextmanager
    def file_savepoint(self) -> Iterator[None]:
        """One file's writes as a unit inside a batch's transaction: undone alone on error, so
        the rest of the batch is kept."""
        self.conn.execute("SAVEPOINT one_file")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK TO one_file")
            self.conn.execute("RELEASE one_file")
            raise
        self.conn.execute("RELEASE one_file")

    def touch_file(self, file_id: int, size: int, mtime_ns: int) -> None:
        """A file whose content hash did not change: remember its new size and mtime."""
        self.conn.execute(
            "UPDATE files SET size = ?, mtime_ns = ?, "
            "status = CASE status WHEN 'missing' THEN "
            "  CASE WHEN problem = '' THEN 'ok' ELSE 'problem' END ELSE status END "
            "WHERE id = ?",
            (size, mtime_ns, file_id),
        )

    def mark_missing(self, file_ids: Iterable[int]) -> int:
        ids = list(file_ids)
        self.conn.executemany(
            "UPDATE files SET status = 'missing' WHERE id = ?", [(i,) for i in ids]
        )
        return len(ids)

    def forget_files(self, file_ids: Iterable[int]) -> None:
        """Drop file records outright (records of folders, which hold no articles)."""
        self.conn.executemany("DELETE FROM files WHERE id = ?", [(i,) for i in file_ids])

    def problem_count(self) -> int:
        row = self.conn.execute(
            "SELECT count(*) FROM files WHERE problem != '' AND status != 'missing'"
        ).fetchone()
        return int(row[0])

    def problems(self) -> list[Problem]:
        rows = self.conn.execute(
            "SELECT path, problem, detail FROM files "
            "WHERE problem != '' AND status != 'missing' ORDER BY path"
        ).fetchall()
        return [Problem(path=r["path"], reason=r["problem"], detail=r["detail"]) for r in rows]


def _file_record(row: sqlite3.Row) -> FileRecord:
    return FileRecord(
        id=row["id"],
        path=row["path"],
        size=row["size"],
        mtime_ns=row["mtime_ns"],
        hash=row["hash"],
        format=row["format"],
        status=row["status"],
        problem=row["problem"],
        detail=row["detail"],
        articles=row["articles"],
    )
