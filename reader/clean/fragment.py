"""HTML fragments to blocks: headings, paragraphs, list items, quotes, captions, code.

Used for a page's extracted main content and for feed entries. The walk is iterative, so a
fragment nested thousands of levels deep cannot exhaust Python's recursion limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, PageElement, ProcessingInstruction
from lxml import etree

from reader.clean.markup import parseable
from reader.model import Block, BlockKind, Link, strip_control

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
# Link targets that lead nowhere a reader could follow.
_DEAD_HREF = re.compile(r"^\s*(?:#|javascript:|data:|vbscript:|about:)", re.IGNORECASE)

# A link being collected: where it starts in the raw text of its block, and its target.
_Span = tuple[int, int, str]


@dataclass(slots=True)
class _Open:
    """The block being collected: its kind, the pieces of text so far and the links in them."""

    kind: BlockKind
    level: int
    parts: list[str]
    href: str = ""
    link_chars: int = 0
    size: int = 0  # characters in parts
    spans: list[_Span] = field(default_factory=list)


def link_target(href: str, base: str = "") -> str:
    """A link's target made absolute against ``base``; "" for targets that lead nowhere."""
    href = href.strip()
    if not href or _DEAD_HREF.match(href):
        return ""
    if base:
        try:
            return urljoin(base, href)
        except ValueError:
            return href
    return href


def _collapsed(raw: str, positions: list[int]) -> list[int]:
    """Where each position of ``raw`` lands once whitespace runs are collapsed to a space."""
    order = sorted(range(len(positions)), key=positions.__getitem__)
    mapped = [0] * len(positions)
    removed = 0
    runs = _WS.finditer(raw)
    run = next(runs, None)
    for index in order:
        position = positions[index]
        while run is not None and run.end() <= position:
            removed += run.end() - run.start() - 1
            run = next(runs, None)
        if run is not None and run.start() < position:
            mapped[index] = position - removed - (position - run.start() - 1)
        else:
            mapped[index] = position - removed
    return mapped


def _relocate(links: list[Link], old: str, new: str) -> list[Link]:
    """Links moved from ``old`` to ``new`` text by finding their linked text again, in order."""
    moved: list[Link] = []
    cursor = 0
    for link in links:
        anchor = strip_control(old[link.start : link.end]).strip()
        if not anchor:
            continue
        found = new.find(anchor, cursor)
        if found < 0:
            continue
        moved.append(Link(found, found + len(anchor), link.url))
        cursor = found + len(anchor)
    return moved


def with_text(block: Block, text: str) -> Block:
    """The block with new text (a cleaned version of its own): links follow their text."""
    if text == block.text:
        return block
    links = _relocate(block.links, block.text, text) if block.links else []
    return Block(block.kind, text, block.level, block.href, links)


def settle(
    raw: str, spans: list[_Span], *, preformatted: bool, base: str = ""
) -> tuple[str, list[Link]]:
    """A block's final text from its raw pieces (whitespace collapsed, control characters
    dropped), with its links' raw offsets carried over into that text."""
    if preformatted:
        text = raw.strip("\n")
        lead = len(raw) - len(raw.lstrip("\n"))
        ends = [position - lead for start_end in spans for position in start_end[:2]]
    else:
        collapsed = _WS.sub(" ", raw)
        text = collapsed.strip()
        lead = 1 if collapsed.startswith(" ") else 0
        mapped = _collapsed(raw, [position for span in spans for position in span[:2]])
        ends = [position - lead for position in mapped]
    links: list[Link] = []
    # Outer links before the links nested in them, which are then skipped as overlapping.
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], -spans[i][1]))
    for index in order:
        href = spans[index][2]
        url = link_target(href, base)
        start = max(0, min(len(text), ends[2 * index]))
        end = max(0, min(len(text), ends[2 * index + 1]))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if not url or start >= end or (links and start < links[-1].end):
            continue
        links.append(Link(start, end, url))
    clean = strip_control(text)
    if clean != text:
        links = _relocate(links, text, clean)
    return clean, links


def parse_fragment(html: str) -> BeautifulSoup:
    return BeautifulSoup(parseable(html), "lxml")


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


def fragment_blocks(html: str | Tag, *, base: str = "") -> list[Block]:
    """Blocks from an HTML fragment (a string or an already parsed element). Inline links are
    kept on their blocks, made absolute against ``base`` when one is given."""
    root = parse_fragment(html) if isinstance(html, str) else html
    return list(_walk(root, base))


def _walk(root: Tag, base: str = "") -> Iterator[Block]:
    # Stack entries: (node, leaving) pairs; a tag is visited when entered and again when left.
    stack: list[tuple[PageElement, bool]] = [(root, False)]
    current = _Open("paragraph", 0, [])
    context: list[tuple[BlockKind, int]] = [("paragraph", 0)]
    list_depth = 0
    quote_depth = 0
    pre_depth = 0
    link_href: list[str] = []
    # Open links: [target, where it starts in the current block's raw text].
    link_open: list[list[Any]] = []

    def flush() -> Block | None:
        nonlocal current
        for opened in link_open:  # a link spanning blocks is cut at the block's end
            if current.size > opened[1]:
                current.spans.append((opened[1], current.size, opened[0]))
            opened[1] = 0
        raw = "".join(current.parts)
        preformatted = current.kind == "preformatted"
        if current.spans:
            text, links = settle(raw, current.spans, preformatted=preformatted, base=base)
        else:
            text = raw.strip("\n") if preformatted else _WS.sub(" ", raw).strip()
            text, links = strip_control(text), []
        block = None
        if text:
            whole_link = current.href and current.link_chars >= len(text) - 2
            href = link_target(current.href, base) if whole_link else ""
            block = Block(current.kind, text, level=current.level, href=href, links=links)
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
            current.size += len(text)
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
                href, start = link_open.pop()
                if current.size > start:
                    current.spans.append((start, current.size, href))
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
            current.size += 1
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
            current.size += 1
        if name == "a":
            link_href.append(str(node.get("href") or ""))
            link_open.append([link_href[-1], current.size])
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


def xml_blocks(body: Any, *, base: str = "") -> list[Block]:
    """Blocks from trafilatura's extracted body (an lxml element), walked without recursion.
    Links (``<ref target>``) are kept on their blocks."""
    blocks: list[Block] = []
    parts: list[str] = []
    spans: list[_Span] = []
    size = 0
    # Open links: [target, where it starts in the current block's raw text].
    link_open: list[list[Any]] = []
    context: list[tuple[BlockKind, int]] = [("paragraph", 0)]
    list_depth = 0
    pre_depth = 0

    def add(text: str) -> None:
        nonlocal size
        parts.append(text)
        size += len(text)

    def flush() -> None:
        nonlocal size
        for opened in link_open:  # a link spanning blocks is cut at the block's end
            if size > opened[1]:
                spans.append((opened[1], size, opened[0]))
            opened[1] = 0
        raw = "".join(parts)
        parts.clear()
        size = 0
        kind, level = context[-1]
        if spans:
            text, links = settle(raw, spans, preformatted=kind == "preformatted", base=base)
            spans.clear()
        else:
            text = raw.strip("\n") if kind == "preformatted" else _WS.sub(" ", raw).strip()
            text, links = strip_control(text), []
        if text:
            blocks.append(Block(kind, text, level=level, links=links))

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
                add("\n" if pre_depth else " ")
            elif tag == "cell":
                add(" ")
            elif tag == "ref":
                link_open.append([str(element.get("target") or ""), size])
            if element.text and tag != "graphic":
                add(element.text)
            continue
        if tag in _XML_BREAKING:
            flush()
            context.pop()
            if tag == "list":
                list_depth -= 1
            elif tag == "code":
                pre_depth -= 1
        elif tag == "ref" and link_open:
            href, start = link_open.pop()
            if size > start:
                spans.append((start, size, href))
        if element.tail and element is not body:
            add(element.tail)
    flush()
    return blocks
