"""Site chrome learned from the archive: line shapes that recur across many files of a source.

Every scrape of one site carries the same menus, banners and footers, while its body lines are
its own. Counting, per source, in how many files each line shape occurs tells the two apart
without any rule naming the site. Counts live in the index (table ``chrome_lines``) so they
grow with the archive; without an index they are kept in memory for one batch.

The row whose ``line_hash`` is :data:`FILES_KEY` holds the number of files counted for the
source; rows ``seen:<digest>`` mark file contents already counted, so re-reading an unchanged
file never counts it twice.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from reader.clean.lines import shape

FILES_KEY = "#files"
_SEEN_PREFIX = "seen:"
# A shape is chrome when it occurs in at least this many files of the source...
MIN_FILES = 3
# ...and in at least this share of them.
MIN_SHARE = 0.05
# Lines longer than this are prose, even when quoted in several files.
MAX_CHROME_CHARS = 200


# A site's menus and footers recur in every one of its files: their hashes are asked for again
# and again, while the cache stays small.
@lru_cache(maxsize=16384)
def line_hash(line: str) -> str:
    return hashlib.blake2b(shape(line).encode("utf-8"), digest_size=8).hexdigest()


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def distinct_hashes(lines: list[str]) -> set[str]:
    return {line_hash(line) for line in lines if line and len(line) <= MAX_CHROME_CHARS}


@dataclass(frozen=True, slots=True)
class ChromeNote:
    """What one file adds to its source's statistics: computed anywhere, recorded once."""

    source: str
    digest: str  # of the file's bytes: the same content is never counted twice
    hashes: frozenset[str]


def note_lines(source: str, data: bytes, lines: list[str]) -> ChromeNote:
    return ChromeNote(source, content_digest(data), frozenset(distinct_hashes(lines)))


@dataclass(slots=True)
class SourceStats:
    files: int = 0
    counts: Counter[str] = field(default_factory=Counter)

    def is_chrome(self, line: str) -> bool:
        if self.files < MIN_FILES or len(line) > MAX_CHROME_CHARS:
            return False
        seen_in = self.counts.get(line_hash(line), 0)
        return seen_in >= MIN_FILES and seen_in >= MIN_SHARE * self.files


@dataclass(slots=True)
class ChromeModel:
    """Per-source line statistics, backed by the index when one is open."""

    conn: sqlite3.Connection | None = None
    sources: dict[str, SourceStats] = field(default_factory=dict)
    _seen: set[str] = field(default_factory=set)
    _pending: Counter[tuple[str, str]] = field(default_factory=Counter)

    def stats(self, source: str) -> SourceStats:
        found = self.sources.get(source)
        if found is None:
            found = self._load(source)
            self.sources[source] = found
        return found

    def _load(self, source: str) -> SourceStats:
        stats = SourceStats()
        if self.conn is None:
            return stats
        try:
            rows = self.conn.execute(
                "SELECT line_hash, files FROM chrome_lines WHERE source = ? "
                "AND line_hash NOT LIKE 'seen:%'",
                (source,),
            ).fetchall()
        except sqlite3.Error:
            return stats
        for row in rows:
            key, files = str(row[0]), int(row[1])
            if key == FILES_KEY:
                stats.files = files
            else:
                stats.counts[key] = files
        return stats

    def flush(self) -> None:
        """Write the counts recorded since the last flush (in the caller's transaction, if
        any: an autocommit connection would otherwise commit every row on its own)."""
        if self.conn is None or not self._pending:
            self._pending.clear()
            return
        rows = sorted((source, key, n) for (source, key), n in self._pending.items())
        self._pending.clear()
        own = not self.conn.in_transaction
        try:
            if own:
                self.conn.execute("BEGIN")
            self.conn.executemany(
                "INSERT INTO chrome_lines (source, line_hash, files) VALUES (?, ?, ?) "
                "ON CONFLICT (source, line_hash) DO UPDATE SET files = files + excluded.files",
                rows,
            )
            if own:
                self.conn.execute("COMMIT")
        except sqlite3.Error:
            # Learning is an optimisation: a locked or read-only index must not stop reading.
            if own and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")

    def record(self, note: ChromeNote) -> None:
        """Count a note in memory; :meth:`flush` writes what was counted to the index."""
        source, hashes = note.source, note.hashes
        seen_key = _SEEN_PREFIX + note.digest
        if source + "\0" + seen_key in self._seen:
            return
        stats = self.stats(source)
        if self.conn is not None:
            try:
                if self.conn.execute(
                    "SELECT 1 FROM chrome_lines WHERE source = ? AND line_hash = ?",
                    (source, seen_key),
                ).fetchone():
                    self._seen.add(source + "\0" + seen_key)
                    return
            except sqlite3.Error:
                pass  # learning is an optimisation: a locked index must not stop reading
            # Counted in memory and written per batch: chrome lines recur across the files of
            # a batch, so one upsert carries many files' counts.
            self._pending.update((source, h) for h in (*hashes, FILES_KEY, seen_key))
        self._seen.add(source + "\0" + seen_key)
        stats.files += 1
        stats.counts.update(hashes)
