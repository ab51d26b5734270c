"""Plain body text to blocks, for formats whose body is prose without markup."""

from __future__ import annotations

import re

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
