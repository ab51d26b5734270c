"""What no output may hold, for the tests of hostile input, decided by Unicode category (not
by the code under test): controls (Cc) but line feed and tab, format characters (Cf: bidi
controls, joiners, tag characters) but the soft hyphen and the visible number signs of a few
scripts, lone surrogates (Cs), and the line and paragraph separators (Zl, Zp)."""

from __future__ import annotations

import unicodedata

# Format characters that are visible signs (or a hyphenation hint), not tricks.
VISIBLE_FORMAT = frozenset(
    "\u00ad\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2"
    "\U000110bd\U000110cd"
)


def dangerous(char: str, *, lines: bool = True) -> bool:
    if char in "\n\t":
        return not lines
    category = unicodedata.category(char)
    if category == "Cf":
        return char not in VISIBLE_FORMAT
    return category in ("Cc", "Cs", "Zl", "Zp")


def unsafe_characters(text: str, *, lines: bool = True) -> list[str]:
    """The dangerous characters in ``text`` (as U+XXXX). A carriage return right before a line
    feed is harmless where lines are allowed; with ``lines`` False, line breaks and tabs count
    too."""
    if lines:
        text = text.replace("\r\n", "\n")
    return sorted({f"U+{ord(c):04X}" for c in text if dangerous(c, lines=lines)})


def assert_safe(text: str, *, lines: bool = True) -> None:
    found = unsafe_characters(text, lines=lines)
    assert found == [], f"unsafe characters {found} in {text[:500]!r}"
