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

from pathlib import Path

from reader.sources.registry import (
    FORMATS,
    HEAD_BYTES,
    Format,
    LearnFn,
    NoteFn,
    ReadContext,
    ReadFn,
    SniffFn,
    SourceError,
    register,
)

__all__ = [
    "FORMATS",
    "HEAD_BYTES",
    "Format",
    "LearnFn",
    "NoteFn",
    "ReadContext",
    "ReadFn",
    "SniffFn",
    "SourceError",
    "formats",
    "register",
    "sniff",
]


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
