"""Figure captions of a saved page, put back where they stand in the article.

The extractor drops figure captions and the scrape reading takes them for headings (short lines
without a full stop). The page's own markup says what is a caption and where it stands: after
the text before its figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import lxml.html
from lxml import etree

from reader.clean import lines as rules
from reader.clean import words
from reader.model import Block

# Elements whose class names them a caption ("caption", "wp-caption-text", "image-caption").
_CAPTION_CLASS = re.compile(r"(?:^|[-_])caption(?:[-_]text)?$")
_CAPTIONS_XPATH = etree.XPath("//figcaption | //*[contains(@class, 'caption')]")
# Captions in these are furniture (teaser cards, promos), not the article's figures.
_OUTSIDE_XPATH = etree.XPath("boolean(ancestor::aside | ancestor::nav | ancestor::footer)")
_TEXT_ELEMENTS = "self::p or self::li or self::blockquote or self::pre or self::h2 or self::h3"
_PRECEDING_XPATH = etree.XPath(f"preceding::*[{_TEXT_ELEMENTS}][normalize-space()][1]")
_FOLLOWING_XPATH = etree.XPath(f"following::*[{_TEXT_ELEMENTS}][normalize-space()][1]")
# Words of the text next to a figure that must match a block's end (or start) to place it.
ANCHOR_WORDS = 8
# Fewer words than this (a list entry, a label) place nothing: they recur too easily.
MIN_ANCHOR_WORDS = 3
# Shorter captions are names or labels, as likely a heading or list entry of the same text.
MIN_CAPTION_WORDS = 3
MAX_CAPTION_CHARS = 500


@dataclass(slots=True)
class Figure:
    """A caption on the page and the text around it: the last words of the text before it
    and the first words of the text after it."""

    caption: str
    before: str = ""
    after: str = ""


def _is_caption(element: Any) -> bool:
    if element.tag == "figcaption":
        return True
    names = str(element.get("class") or "").split()
    return any(_CAPTION_CLASS.search(name) for name in names)


def _anchor_text(found: Any) -> str:
    if not isinstance(found, list) or not found:
        return ""
    return words.key(found[0].text_content())


def page_figures(tree: lxml.html.HtmlElement) -> list[Figure]:
    """The page's figure captions in document order, each with the text around it. Call it
    before the tree is handed on: the extractor and :func:`visible_lines` change it."""
    try:
        candidates = [e for e in _CAPTIONS_XPATH(tree) if _is_caption(e)]
    except (etree.XPathError, RecursionError):
        return []
    figures: list[Figure] = []
    seen: set[str] = set()
    taken: list[Any] = []
    for element in candidates:
        # A caption inside another (a "wp-caption" box around its "wp-caption-text") is one.
        if taken and any(a in taken[-3:] for a in element.iterancestors()):
            continue
        caption = words.one_line(element.text_content())
        key = words.key(caption)
        if not key or len(caption) > MAX_CAPTION_CHARS or key in seen:
            continue  # longer is a box that merely holds a picture, not a caption
        taken.append(element)
        if rules.is_chrome(caption) or rules.is_boilerplate(caption):
            continue
        if _OUTSIDE_XPATH(element):
            continue
        seen.add(key)
        before = " ".join(_anchor_text(_PRECEDING_XPATH(element)).split()[-ANCHOR_WORDS:])
        after = " ".join(_anchor_text(_FOLLOWING_XPATH(element)).split()[:ANCHOR_WORDS])
        figures.append(Figure(caption, before, after))
    return figures


def _part_of(block: str, caption: str) -> bool:
    """Whether a block is the caption, or most of it (the caption less its photo credit)."""
    # Not matched on word boundaries: a credit is often glued to the caption ("Getty ImagesThe").
    return block == caption or (2 * len(block) >= len(caption) and block in caption)


def _ends_with(key: str, words: str) -> bool:
    return len(words.split()) >= MIN_ANCHOR_WORDS and f" {key}".endswith(f" {words}")


def _starts_with(key: str, words: str) -> bool:
    return len(words.split()) >= MIN_ANCHOR_WORDS and f"{key} ".startswith(f"{words} ")


def place_captions(blocks: list[Block], figures: list[Figure]) -> list[Block]:
    """The body with the page's captions in place, as caption blocks.

    A caption the body already holds (the scrape reading keeps them, as headings) becomes a
    caption block; one it lacks goes after the block its figure follows on the page, or before
    the block it precedes. A caption with neither in the body is not the article's; one before
    the first block is the lead picture's, which the article's caption metadata is for."""
    if not figures or not blocks:
        return blocks
    out = list(blocks)
    keys = [words.key(b.text) for b in out]
    for figure in figures:
        key = words.key(figure.caption)
        if key.count(" ") + 1 < MIN_CAPTION_WORDS:
            continue
        index = next((i for i, k in enumerate(keys) if _part_of(k, key)), -1)
        if index >= 0:
            if out[index].kind in ("heading", "paragraph"):
                out[index] = Block("caption", out[index].text, links=out[index].links)
            continue
        position = next(
            (i + 1 for i in range(len(out) - 1, -1, -1) if _ends_with(keys[i], figure.before)),
            -1,
        )
        if position < 0:
            position = next((i for i, k in enumerate(keys) if _starts_with(k, figure.after)), -1)
        if position <= 0:
            continue
        out.insert(position, Block("caption", figure.caption))
        keys.insert(position, key)
    return out

