"""The format registry: what a format is, what it may use while reading, and the list formats
register themselves in. Format modules import this, never the package, so that loading the
built-in formats (:func:`reader.sources.formats`) is not an import loop."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.model import Article
from reader.model import SourceError as SourceError  # re-exported: every format raises it
from reader.sources.folders import ArchiveFolders

if TYPE_CHECKING:
    from reader.clean.chrome import LineStatistics

HEAD_BYTES = 4096


@dataclass(slots=True)
class ReadContext:
    """What a format may use beyond the file itself. ``learned`` holds per-format state built
    from the whole batch (e.g. the text cleaner's chrome statistics)."""

    learned: dict[str, Any] = field(default_factory=dict)
    # Where the open index keeps site chrome statistics (None: learn for this batch only).
    line_statistics: LineStatistics | None = None
    # What the archive's folders say about files that do not say it themselves.
    folders: ArchiveFolders | None = None

    def complete(self, path: Path, articles: list[Article]) -> list[Article]:
        """The articles a format read from ``path``, with their folders' source, topics and
        date where they have none of their own."""
        return self.folders.complete(path, articles) if self.folders is not None else articles

    def flush(self) -> None:
        """Write what the formats learned to the index (learned objects may buffer it)."""
        for learned in self.learned.values():
            flush = getattr(learned, "flush", None)
            if callable(flush):
                flush()


SniffFn = Callable[[Path, bytes], bool]
# read and note get the raw bytes and decode them with reader.sources.decode (decode_text,
# decode_mixed; HTML honours its declared charset first with decode_html).
ReadFn = Callable[[Path, bytes, ReadContext], list[Article]]
# What one file teaches (picklable), or None; must not touch the index.
NoteFn = Callable[[Path, bytes], Any]
LearnFn = Callable[[Any, ReadContext], None]


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    sniff: SniffFn
    read: ReadFn
    note: NoteFn | None = None
    learn: LearnFn | None = None

    @property
    def learns(self) -> bool:
        return self.note is not None and self.learn is not None

    def observe(self, path: Path, data: bytes, ctx: ReadContext) -> None:
        """Learn from one file in this process (note and learn in one step)."""
        if self.note is None or self.learn is None:
            return
        found = self.note(path, data)
        if found is not None:
            self.learn(found, ctx)
            ctx.flush()


FORMATS: list[Format] = []


def register(fmt: Format) -> Format:
    """Add a format; formats registered earlier are tried first. Whatever its ``read``
    returns is cleaned of unsafe characters and bounded in size
    (:func:`reader.sources.limits.checked_articles`)."""
    from reader.sources.limits import checked_articles

    fmt = replace(fmt, read=checked_articles(fmt.read))
    FORMATS[:] = [f for f in FORMATS if f.name != fmt.name]
    FORMATS.append(fmt)
    return fmt
