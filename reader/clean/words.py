"""Word helpers shared by the page readers: words, keys and four-word shingles of block texts.

The same block texts are measured, keyed and compared several times over while a page is read
(both readings, the leftover cleaning, the reconciling, the captions): each text is split into
words once, and the caches are emptied per page by :func:`forget` (another page shares none).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from reader.clean import lines as rules
from reader.clean.titles import decode_entities
from reader.model import Block, strip_control

# Two readings of a page are compared in runs of this many words.
SHINGLE = 4
_WORD = re.compile(r"\w+")
_TEXT_CACHE = 4096

Shingles = set[tuple[str, ...]]


def one_line(value: Any) -> str:
    """A metadata value as one clean line: entities decoded (also when escaped twice), control
    characters dropped, spaces collapsed; "" for anything that is not a string."""
    if not isinstance(value, str):
        return ""
    return " ".join(strip_control(decode_entities(value)).split())


@lru_cache(maxsize=_TEXT_CACHE)
def tokens(text: str) -> tuple[str, ...]:
    """A text's words (runs of word characters), casefolded."""
    return tuple(_WORD.findall(text.casefold()))


@lru_cache(maxsize=_TEXT_CACHE)
def token_count(text: str) -> int:
    # Casefolding ASCII changes no word boundary; other scripts are counted by the rules.
    return len(tokens(text)) if text.isascii() else rules.token_count(text)


def forget() -> None:
    """Empty the per-text caches: called once per page."""
    tokens.cache_clear()
    token_count.cache_clear()


def block_words(blocks: list[Block]) -> int:
    return sum(token_count(b.text) for b in blocks)


def key(text: str) -> str:
    """A text's words, casefolded and joined by single spaces: equal keys read the same."""
    return " ".join(tokens(text))


def shingles_of(found: tuple[str, ...]) -> Shingles:
    """Runs of four words, the unit the two readings are compared in."""
    if len(found) < SHINGLE:
        return {found} if found else set()
    return set(zip(found, found[1:], found[2:], found[3:], strict=False))


def shingles(text: str) -> Shingles:
    return shingles_of(tokens(text))


def all_shingles(blocks: list[Block]) -> Shingles:
    """The shingles of the blocks' texts read one after the other (runs cross block ends)."""
    return shingles_of(tuple(token for b in blocks for token in tokens(b.text)))


def agrees(found: Shingles, other: Shingles) -> bool:
    """Whether most of a block's text is also in the other reading."""
    return bool(found) and len(found & other) >= 0.5 * len(found)
