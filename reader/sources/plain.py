"""Body text to blocks for formats whose body is plain text, Markdown-free prose or an HTML
fragment (JSON exports)."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from reader.model import Block, strip_control

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
_SPACES = re.compile(r"[ \t\u00a0]+")


def clean_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def blocks_from_text(text: str) -> list[Block]:
    """Paragraphs separated by blank lines; single newlines inside a paragraph are folded."""
    blocks: list[Block] = []
    for chunk in _PARAGRAPH_BREAK.split(strip_control(text)):
        paragraph = " ".join(clean_line(line) for line in chunk.splitlines() if line.strip())
        if paragraph:
            blocks.append(Block("paragraph", paragraph))
    return blocks


_BLOCK_TAGS = {
    "p": "paragraph",
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "li": "list_item",
    "blockquote": "quote",
    "pre": "preformatted",
    "figcaption": "caption",
}


def blocks_from_html(fragment: str) -> list[Block]:
    """Block elements of an HTML fragment as blocks; loose text becomes paragraphs."""
    try:
        soup = BeautifulSoup(fragment, "html.parser")
    except (RecursionError, ValueError):
        return []
    for junk in soup(["script", "style", "noscript", "iframe", "form", "nav"]):
        junk.decompose()
    for line_break in soup("br"):
        line_break.replace_with("\n")
    blocks: list[Block] = []
    found = soup.find_all(list(_BLOCK_TAGS))
    if not found:
        return blocks_from_text(soup.get_text("\n\n"))
    for element in found:
        if not isinstance(element, Tag) or element.find_parent(list(_BLOCK_TAGS)):
            continue  # nested blocks are read through their outermost block
        kind = _BLOCK_TAGS[element.name]
        if kind == "preformatted":
            text = strip_control(element.get_text()).strip("\n")
        else:
            text = " ".join(strip_control(element.get_text()).split())
        if text:
            level = int(element.name[1]) if kind == "heading" else 0
            blocks.append(Block(kind, text, level=level))  # type: ignore[arg-type]
    return blocks
