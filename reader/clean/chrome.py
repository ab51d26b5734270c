"""Site chrome learned from the archive: line shapes that recur across many files of a source.

Every scrape of one site carries the same menus, banners and footers, while its body lines are
its own. Counting, per source, in how many files each line shape occurs tells the two apart
without any rule naming the site. Counts live in the index (:class:`LineStatistics`, which the
store implements) so they grow with the archive; without an index they are kept in memory for
one batch.

The count under :data:`FILES_KEY` is the number of files counted for the source; each file's
content digest is recorded with its counts, so re-reading an unchanged file never counts it
twice.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from reader.clean.lines import shape

FILES_KEY = "#files"
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


class LineStatistics(Protocol):
    """Where per-source line counts are kept between runs (the index: ``reader.store``).

    Best effort: a locked or read-only index reads as no counts and drops what is added."""

    def line_counts(self, source: str) -> dict[str, int]:
        """Line hash -> files it occurs in (with :data:`FILES_KEY`), for one source."""
        ...

    def counted(self, source: str, digest: str) -> bool:
        """Whether a file content with this digest was counted for the source."""
        ...

    def add_counts(
        self, counts: Mapping[tuple[str, str], int], files: Iterable[tuple[str, str]]
    ) -> None:
        """Add (source, line hash) counts and record the (source, digest) files counted."""
        ...


@dataclass(slots=True)
class ChromeModel:
    """Per-source line statistics, backed by the index when one is open."""

    statistics: LineStatistics | None = None
    sources: dict[str, SourceStats] = field(default_factory=dict)
    _seen: set[str] = field(default_factory=set)
    _pending: Counter[tuple[str, str]] = field(default_factory=Counter)
    _pending_files: list[tuple[str, str]] = field(default_factory=list)

    def stats(self, source: str) -> SourceStats:
        found = self.sources.get(source)
        if found is None:
            found = self._load(source)
            self.sources[source] = found
        return found

    def _load(self, source: str) -> SourceStats:
        stats = SourceStats()
        if self.statistics is None:
            return stats
        for key, files in self.statistics.line_counts(source).items():
            if key == FILES_KEY:
                stats.files = files
            else:
                stats.counts[key] = files
        return stats

    def flush(self) -> None:
        """Write the counts recorded since the last flush to the index."""
        if self.statistics is not None and (self._pending or self._pending_files):
            self.statistics.add_counts(self._pending, self._pending_files)
        self._pending = Counter()
        self._pending_files = []

    def record(self, note: ChromeNote) -> None:
        """Count a note in memory; :meth:`flush` writes what was counted to the index."""
        source, hashes = note.source, note.hashes
        seen_key = source + "\0" + note.digest
        if seen_key in self._seen:
            return
        stats = self.stats(source)
        if self.statistics is not None:
            if self.statistics.counted(source, note.digest):
                self._seen.add(seen_key)
                return
            # Counted in memory and written per batch: chrome lines recur across the files of
            # a batch, so one upsert carries many files' counts.
            self._pending.update((source, h) for h in (*hashes, FILES_KEY))
            self._pending_files.append((source, note.digest))
        self._seen.add(seen_key)
        stats.files += 1
        stats.counts.update(hashes)
