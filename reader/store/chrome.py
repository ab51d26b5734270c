"""Table ``chrome_lines``: per source, in how many files each line shape occurs.

Text scrapes learn a site's menus and footers from these counts (:mod:`reader.clean.chrome`).
Formats never see the connection: the indexer hands them :class:`ChromeLines`, which only loads
a source's counts, tells whether a file's content was counted, and adds counts.

A row whose ``line_hash`` is ``seen:<digest>`` marks a file content already counted for the
source, so re-reading an unchanged file never counts it twice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping

from reader.store.database import Database

__all__ = ["ChromeLines", "ChromeTables"]

_SEEN_PREFIX = "seen:"


class ChromeLines:
    """The chrome statistics of one open index, for the formats that learn from them.

    Learning is an optimisation: a locked or read-only index reads as no counts and drops what
    is added, and reading carries on."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def line_counts(self, source: str) -> dict[str, int]:
        """Line hash -> files it occurs in, for one source."""
        try:
            rows = self._database.conn.execute(
                "SELECT line_hash, files FROM chrome_lines WHERE source = ? "
                "AND line_hash NOT LIKE 'seen:%'",
                (source,),
            ).fetchall()
        except sqlite3.Error:
            return {}
        return {str(row[0]): int(row[1]) for row in rows}

    def counted(self, source: str, digest: str) -> bool:
        """Whether a file content with this digest was counted for the source."""
        try:
            return bool(
                self._database.conn.execute(
                    "SELECT 1 FROM chrome_lines WHERE source = ? AND line_hash = ?",
                    (source, _SEEN_PREFIX + digest),
                ).fetchone()
            )
        except sqlite3.Error:
            return False

    def add_counts(
        self, counts: Mapping[tuple[str, str], int], files: Iterable[tuple[str, str]]
    ) -> None:
        """Add (source, line hash) counts, and mark the (source, digest) file contents counted:
        in the caller's transaction if there is one (an autocommit connection would commit
        every row on its own), else in one of its own."""
        marked = {(source, _SEEN_PREFIX + digest): 1 for source, digest in files}
        rows = sorted(
            (source, key, n) for (source, key), n in (*counts.items(), *marked.items())
        )
        if not rows:
            return
        try:
            with self._database.transaction():
                self._database.conn.executemany(
                    "INSERT INTO chrome_lines (source, line_hash, files) VALUES (?, ?, ?) "
                    "ON CONFLICT (source, line_hash) DO UPDATE SET "
                    "files = files + excluded.files",
                    rows,
                )
        except sqlite3.Error:
            pass


class ChromeTables(Database):
    def chrome_lines(self) -> ChromeLines:
        return ChromeLines(self)
