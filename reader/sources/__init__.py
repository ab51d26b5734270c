"""Reading files into articles: one plug-in per format, chosen by sniffing the content.

A format is a :class:`Format` registered in :data:`FORMATS`. Each says whether it recognises a
file (``sniff``) from its name and first bytes, and turns the decoded text into articles
(``read``). A format may also learn from every file of its kind before any is read, to know
what an archive repeats (site chrome): ``note`` says what one file teaches, with no side effects
(so worker processes can run it), and ``learn`` records that note in the batch's context.
Problems are raised as :class:`SourceError` and recorded by the indexer; they never stop an
import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.model import Article
from reader.model import SourceError as SourceError  # re-exported: every format raises it

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


def _load_builtin_formats() -> None:
    # Imported for their register() side effect; order is sniffing priority.
    from reader.sources import feed, html, jsonl, markdown, text  # noqa: F401


_BUILTIN_ORDER = ("feed", "html", "json", "markdown", "text")


def _priority(fmt: Format) -> float:
    if fmt.name in _BUILTIN_ORDER:
        return _BUILTIN_ORDER.index(fmt.name)
    return len(_BUILTIN_ORDER) - 1.5  # other formats before the text fallback


_builtin_loaded = False


def formats() -> list[Format]:
    global _builtin_loaded
    if not _builtin_loaded:
        _load_builtin_formats()
        # A format module imported on its own registers early: restore the sniffing order.
        FORMATS.sort(key=_priority)
        _builtin_loaded = True
    return FORMATS


def sniff(path: Path, head: bytes) -> Format | None:
    for fmt in formats():
        if fmt.sniff(path, head):
            return fmt
    return None
