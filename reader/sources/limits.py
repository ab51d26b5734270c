"""What every format's articles pass on their way out: cleaned text and a bounded size.

Formats strip control characters when they decode a file, but text also arrives after decoding:
TOML and JSON decode ``\\u001b`` escapes of their own, titles are made of file names, feeds
unescape entities. :func:`checked_articles` is applied to whatever a format returns (it wraps
every registered format's ``read``), so no route skips it:

- every field loses escape sequences, control characters, bidirectional controls and invisible
  characters (:func:`reader.safety.strip_unsafe`; bodies keep their line breaks, and inline
  links keep pointing at the same words);
- an article longer than :data:`MAX_BLOCKS` blocks or :data:`MAX_BODY_CHARS` characters is cut
  there, with a problem saying so. A text of 200,000 paragraphs (22 MB) otherwise costs the
  entity recogniser about 0.3 KB of memory per character (6.9 GB) and the reader a body it
  cannot lay out; 500,000 characters is a short book, five times the longest long-read.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from reader.model import Article, Block, Link, Related
from reader.safety import strip_unsafe, strip_unsafe_text, unsafe_spans

if TYPE_CHECKING:
    from reader.sources.registry import ReadContext

__all__ = ["MAX_BLOCKS", "MAX_BODY_CHARS", "bound_article", "checked_articles", "clean_article"]

MAX_BLOCKS = 5_000
MAX_BODY_CHARS = 500_000

ReadFn = Callable[[Path, bytes, "ReadContext"], list[Article]]


def _line(text: str) -> str:
    return " ".join(strip_unsafe(text).split()) if text else text


def _clean_block(block: Block) -> Block:
    text = strip_unsafe_text(block.text)
    if text == block.text:
        return block
    spans = unsafe_spans(block.text)
    starts = [start for start, _ in spans]
    removed_before: list[int] = []  # characters removed before the end of each span
    total = 0
    for start, end in spans:
        total += end - start
        removed_before.append(total)

    def moved(offset: int) -> int:
        # Spans wholly before ``offset`` shift it left; an offset inside a span lands on it.
        index = bisect.bisect_right(starts, offset) - 1
        if index < 0:
            return offset
        start, end = spans[index]
        before = removed_before[index] - (end - start)
        if offset < end:
            return start - before
        return offset - removed_before[index]

    links = [
        Link(a, b, strip_unsafe(link.url))
        for link in block.links
        if (a := moved(link.start)) < (b := moved(link.end))
    ]
    return replace(block, text=text, links=links, href=strip_unsafe(block.href))


def clean_article(article: Article) -> Article:
    """The article with escape sequences, controls, bidirectional controls and invisible
    characters removed from every field (in place; returned for convenience)."""
    article.title = _line(article.title)
    article.byline = _line(article.byline)
    article.date = _line(article.date)
    article.source = _line(article.source)
    article.url = _line(article.url)
    article.language = _line(article.language)
    article.caption = _line(article.caption)
    article.topics = [t for t in (_line(t) for t in article.topics) if t]
    article.tags = [t for t in (_line(t) for t in article.tags) if t]
    article.problems = [_line(p) for p in article.problems]
    article.related = [
        Related(
            title=_line(r.title), url=_line(r.url), summary=_line(r.summary), kicker=_line(r.kicker)
        )
        for r in article.related
    ]
    article.blocks = [b for b in (_clean_block(b) for b in article.blocks) if b.text.strip()]
    return article


def bound_article(article: Article) -> Article:
    """Cut an article's body at :data:`MAX_BLOCKS` blocks or :data:`MAX_BODY_CHARS`
    characters, whichever comes first, recording a problem (in place). A block that does not
    fit whole is cut at a word."""
    blocks = article.blocks
    size = 0
    for index, block in enumerate(blocks):
        room = MAX_BODY_CHARS - size
        if index < MAX_BLOCKS and len(block.text) <= room:
            size += len(block.text) + 2
            continue
        kept = blocks[:index]
        if index >= MAX_BLOCKS:
            problem = f"article cut to its first {MAX_BLOCKS:,} of {len(blocks):,} paragraphs"
        else:
            total = sum(len(b.text) for b in blocks)
            problem = f"article cut to its first {MAX_BODY_CHARS:,} of {total:,} characters"
            if room > 0:
                kept.append(_shortened(block, room))
        article.blocks = kept
        article.problems.append(problem)
        break
    return article


def _shortened(block: Block, room: int) -> Block:
    cut = block.text.rfind(" ", 0, room)
    text = block.text[: cut if cut > room // 2 else room]
    links = [link for link in block.links if link.end <= len(text)]
    return replace(block, text=text, links=links)


def checked_articles(read: ReadFn) -> ReadFn:
    """``read`` with every article it returns cleaned and bounded."""
    if getattr(read, "checked", False):
        return read

    def checked(path: Path, data: bytes, ctx: ReadContext) -> list[Article]:
        return [bound_article(clean_article(a)) for a in read(path, data, ctx)]

    checked.checked = True  # type: ignore[attr-defined]
    checked.__doc__ = read.__doc__
    checked.__name__ = getattr(read, "__name__", "read")
    checked.__wrapped__ = read  # type: ignore[attr-defined]
    return checked
