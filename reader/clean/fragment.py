"""HTML fragments to blocks: headings, paragraphs, list items, quotes, captions, code.

Used for a page's extracted main content and for feed entries. The walk is iterative, so a
fragment nested thousands of levels deep cannot exhaust Python's recursion limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, PageElement, ProcessingInstruction
from lxml import etree

from reader.model import Block, BlockKind, strip_control

# Elements whose content is never article text.
SKIPPED = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
        "form", "button", "input", "select", "textarea", "nav", "head", "title", "meta", "link",
        "audio", "video", "source", "track", "map", "dialog", "menu",
    }
)  # fmt: skip
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Elements that end the current block: their text starts a new one.
BREAKING = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "footer", "aside", "ul", "ol", "dl",
        "li", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "blockquote", "pre", "figure",
        "figcaption", "caption", "hr", "address", "details", "summary", "center", "body", "html",
        *_HEADINGS,
    }
)  # fmt: skip
_WS = re.compile(r"\s+")


@dataclass(slots=True)
class _Open:
    """The block being collected: its kind and the pieces of text so far."""

    kind: BlockKind
    level: int
    parts: list[str]
    href: str = ""
    link_chars: int = 0


def parse_fragment(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def _kind_for(tag: Tag, list_depth: int, in_quote: bool) -> tuple[BlockKind, int]:
    name = tag.name
    if name in _HEADINGS:
        return "heading", _HEADINGS[name]
    if name in ("li", "dd", "dt"):
        return "list_item", max(1, list_depth)
    if name in ("figcaption", "caption"):
        return "caption", 0
    if name == "pre":
        return "preformatted", 0
    if name == "blockquote" or in_quote:
        return "quote", 0
    return "paragraph", 0


def fragment_blocks(html: str | Tag) -> list[Block]:
    """Blocks from an HTML fragment (a string or an already parsed element)."""
    root = parse_fragment(html) if isinstance(html, str) else html
    return list(_walk(root))


def _walk(root: Tag) -> Iterator[Block]:
    # Stack entries: (node, leaving) pairs; a tag is visited when entered and again when left.
    stack: list[tuple[PageElement, bool]] = [(root, False)]
    current = _Open("paragraph", 0, [])
    context: list[tuple[BlockKind, int]] = [("paragraph", 0)]
    list_depth = 0
    quote_depth = 0
    pre_depth = 0
    link_href: list[str] = []

    def flush() -> Block | None:
        nonlocal current
        text = "".join(current.parts)
        text = text.strip("\n") if current.kind == "preformatted" else _WS.sub(" ", text).strip()
        text = strip_control(text)
        block = None
        if text:
            whole_link = current.href and current.link_chars >= len(text) - 2
            block = Block(
                current.kind, text, level=current.level, href=current.href if whole_link else ""
            )
        kind, level = context[-1]
        current = _Open(kind, level, [])
        return block

    while stack:
        node, leaving = stack.pop()
        if isinstance(node, NavigableString):
            if isinstance(node, Comment | Declaration | Doctype | ProcessingInstruction):
                continue
            text = str(node)
            current.parts.append(text)
            if link_href:
                current.link_chars += len(text.strip())
                current.href = current.href or link_href[-1]
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if leaving:
            if name == "a":
                link_href.pop()
            if name in BREAKING:
                block = flush()
                if block:
                    yield block
                if name in ("ul", "ol", "dl"):
                    list_depth -= 1
                elif name == "blockquote":
                    quote_depth -= 1
                elif name == "pre":
                    pre_depth -= 1
                context.pop()
                current.kind, current.level = context[-1]
            continue
        if name in SKIPPED:
            continue
        if name == "br":
            current.parts.append("\n" if pre_depth else " ")
            continue
        if name == "img":
            continue
        if name in BREAKING:
            block = flush()
            if block:
                yield block
            if name in ("ul", "ol", "dl"):
                list_depth += 1
            elif name == "blockquote":
                quote_depth += 1
            elif name == "pre":
                pre_depth += 1
            kind, level = _kind_for(node, list_depth, quote_depth > 0)
            if kind in ("paragraph", "quote") and name != "blockquote":
                # A paragraph or box inside a list item, quote or caption is part of it.
                kind, level = context[-1] if context[-1][0] != "paragraph" else (kind, level)
            context.append((kind, level))
            current.kind, current.level = kind, level
        elif name in ("td", "th"):
            current.parts.append(" ")
        if name == "a":
            link_href.append(str(node.get("href") or ""))
        stack.append((node, True))
        children = list(node.children)
        stack.extend((child, False) for child in reversed(children))
    block = flush()
    if block:
        yield block


# trafilatura's own XML for the main content: <head rend="h2">, <p>, <list><item>, <quote>,
# <code>, <table><row><cell>, inline <hi>, <ref>, <lb/>.
_XML_BREAKING = frozenset({"body", "p", "head", "list", "item", "quote", "code", "table", "row"})


def _xml_kind(
    element: Any, list_depth: int, context: tuple[BlockKind, int]
) -> tuple[BlockKind, int]:
    tag = element.tag
    if tag == "head":
        rend = str(element.get("rend") or "h2")
        level = int(rend[1]) if len(rend) == 2 and rend[0] == "h" and rend[1].isdigit() else 2
        return "heading", level
    if tag == "item":
        return "list_item", max(1, list_depth)
    if tag == "quote":
        return "quote", 0
    if tag == "code":
        return "preformatted", 0
    if tag in ("p", "row") and context[0] != "paragraph":
        return context  # a paragraph inside a list item or quote is part of it
    return "paragraph", 0


def xml_blocks(body: Any) -> list[Block]:
    """Blocks from trafilatura's extracted body (an lxml element), walked without recursion."""
    blocks: list[Block] = []
    parts: list[str] = []
    context: list[tuple[BlockKind, int]] = [("paragraph", 0)]
    list_depth = 0
    pre_depth = 0

    def flush() -> None:
        text = "".join(parts)
        parts.clear()
        kind, level = context[-1]
        text = text.strip("\n") if kind == "preformatted" else _WS.sub(" ", text).strip()
        text = strip_control(text)
        if text:
            blocks.append(Block(kind, text, level=level))

    for event, element in etree.iterwalk(body, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag == "graphic":
                continue
            if tag in _XML_BREAKING:
                flush()
                if tag == "list":
                    list_depth += 1
                elif tag == "code":
                    pre_depth += 1
                context.append(_xml_kind(element, list_depth, context[-1]))
            elif tag == "lb":
                parts.append("\n" if pre_depth else " ")
            elif tag == "cell":
                parts.append(" ")
            if element.text and tag != "graphic":
                parts.append(element.text)
            continue
        if tag in _XML_BREAKING:
            flush()
            context.pop()
            if tag == "list":
                list_depth -= 1
            elif tag == "code":
                pre_depth -= 1
        if element.tail and element is not body:
            parts.append(element.tail)
    flush()
    return blocks
