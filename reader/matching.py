"""Where words occur in an article's text: the words a filter searched for, and a search inside
one article. The reader highlights both; nothing here knows about drawing.

Matching follows the full-text index (SQLite FTS5, ``unicode61 remove_diacritics 2``): letters
and digits make words, everything else separates them, case and diacritics are ignored. So a
filter's word ``cafe`` is found as "Café", its phrase ``"peace talks"`` across a line break or
a hyphen, and ``talk*`` as "talks". The terms come from the parsed query
(:func:`reader.query.parse`): full-text and title words, phrases and prefixes that are not
negated; tags, names, dates and regexes find articles but are not words of the text.

Text is folded one character for one character (:func:`fold`), so an offset found in the folded
text is the same offset in the text shown.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from reader.query import And, Node, Not, Or, QueryError, Term, parse

__all__ = [
    "Needle",
    "filter_needles",
    "find_pattern",
    "fold",
    "needles_pattern",
    "spans",
]

# A word of the index: letters and digits (the underscore separates, as in unicode61).
_WORD = re.compile(r"[^\W_]+")
_EDGE = r"[^\W_]"  # a word character, for the lookarounds at a needle's ends
MAX_NEEDLE_WORDS = 32  # a longer phrase is cut: it is still found, a little more often


@lru_cache(maxsize=4096)
def _fold_character(character: str) -> str:
    """One character without its diacritics and in lower case, still one character."""
    base = unicodedata.normalize("NFD", character)[0]
    lower = base.lower()
    return lower if len(lower) == 1 else base


def fold(text: str) -> str:
    """``text`` in lower case without diacritics, the same length (offsets carry over)."""
    if text.isascii():
        return text.lower()
    return text.translate({ord(c): _fold_character(c) for c in set(text)})


@dataclass(frozen=True, slots=True)
class Needle:
    """Words to find one after another (a phrase; one word for a word), folded; ``prefix``:
    the last word may go on (``talk*`` finds all of "talks")."""

    words: tuple[str, ...]
    prefix: bool = False

    def pattern(self) -> str:
        body = r"[\W_]+".join(re.escape(word) for word in self.words)
        end = f"{_EDGE}*" if self.prefix else f"(?!{_EDGE})"
        return f"(?<!{_EDGE}){body}{end}"


def _terms(node: Node | None, negated: bool = False) -> Iterator[Term]:
    if node is None:
        return
    if isinstance(node, Term):
        if not negated:
            yield node
        return
    if isinstance(node, Not):
        yield from _terms(node.child, not negated)
        return
    assert isinstance(node, And | Or)
    for child in node.children:
        yield from _terms(child, negated)


def filter_needles(query_text: str) -> tuple[Needle, ...]:
    """The words a filter searches the text for, as needles, in the query's order and each
    once: its full-text and ``title:`` words, phrases and prefixes outside ``not``. A query
    that cannot be parsed has none."""
    try:
        query = parse(query_text)
    except QueryError:
        return ()
    found: dict[Needle, None] = {}
    for term in _terms(query.expr):
        if term.field not in ("", "title") or term.kind == "regex":
            continue
        words = tuple(_WORD.findall(fold(term.value)))[:MAX_NEEDLE_WORDS]
        if words:
            found[Needle(words, term.prefix)] = None
    return tuple(found)


def needles_pattern(needles: tuple[Needle, ...]) -> re.Pattern[str] | None:
    """One pattern finding any of ``needles`` in folded text (longest alternatives first, so a
    phrase wins over a word it starts with), or None for no needles."""
    if not needles:
        return None
    ordered = sorted(needles, key=lambda n: (-sum(len(w) for w in n.words), n.words))
    return re.compile("|".join(f"(?:{n.pattern()})" for n in ordered))


def find_pattern(typed: str) -> re.Pattern[str] | None:
    """The pattern of a search inside an article: the text typed, anywhere (not only whole
    words), ignoring case and diacritics; a run of spaces matches any run of white space (a
    phrase across a line break). None when nothing but spaces was typed."""
    words = fold(typed).split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words))


def spans(pattern: re.Pattern[str] | None, text: str) -> list[tuple[int, int]]:
    """Where ``pattern`` matches ``text`` (folded first), as (start, end) offsets into
    ``text``, in order and without overlaps."""
    if pattern is None or not text:
        return []
    return [match.span() for match in pattern.finditer(fold(text)) if match.end() > match.start()]
