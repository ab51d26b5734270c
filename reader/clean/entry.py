"""Feed entries: their HTML (or plain text) content to clean blocks.

An entry's content is a page fragment: the same block conversion as for pages, then the same
leftover cleaning (share lines, "Read more" teasers, the headline repeated).
"""

from __future__ import annotations

import re

from reader.clean.fragment import fragment_blocks
from reader.clean.leftovers import clean_leftovers
from reader.model import Block, Related, strip_control

_LOOKS_HTML = re.compile(
    r"<(?:p|br|div|a|b|i|em|strong|ul|ol|li|h[1-6]|blockquote|img|span|pre)\b", re.I
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def entry_blocks(
    content: str, title: str = "", *, base: str = ""
) -> tuple[list[Block], list[Related], list[str]]:
    """Blocks, teasers and topic lines from an entry's content (HTML or plain text). Inline
    links stay on their blocks, made absolute against ``base`` (the entry's URL)."""
    if not content.strip():
        return [], [], []
    if _LOOKS_HTML.search(content):
        try:
            blocks = fragment_blocks(content, base=base)
        except RecursionError:
            blocks = [Block("paragraph", " ".join(re.sub(r"<[^>]*>", " ", content).split()))]
    else:
        blocks = [
            Block("paragraph", " ".join(part.split()))
            for part in _PARAGRAPH_BREAK.split(strip_control(content))
            if part.strip()
        ]
    cleaned = clean_leftovers(blocks, title)
    return cleaned.blocks, cleaned.related, cleaned.topics
