"""SQL functions the compiled queries call, installed on every connection the store opens.

``REGEXP`` (``title:/…/``, ``url:/…/``, ``source:/…/``) is case-insensitive, as the query
language documents; ``reader_casefold`` folds non-ASCII text, which SQLite's ``LIKE`` does not.

Regexes run on RE2 (``google-re2``), whose matching time is linear in the text whatever the
pattern: with Python's backtracking engine ``title:/(a+)+$/`` against a title of 30 ``a``s and a
``b`` takes minutes, and the reader's filter bar, the command line and topic rules all run such
patterns over every title. RE2 has no back-references or look-around; such a pattern is a query
error. ``\\w``, ``\\d`` and ``\\W`` are written as Unicode classes, so they match letters and
digits of every script as Python's do (RE2's own are ASCII).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import re2

__all__ = ["MAX_REPEAT", "PatternError", "install_functions", "matches", "regex"]

# The largest {n} a pattern may use (RE2's own bound): a bigger one is a query error.
MAX_REPEAT = 1000
# Memory RE2 may use for one compiled pattern (a pattern needing more is an error).
MAX_PATTERN_MEMORY = 8 << 20

_UNICODE_CLASSES = {"w": r"\p{L}\p{N}_", "d": r"\p{Nd}"}
_OUTSIDE_CLASSES = {"w": r"[\p{L}\p{N}_]", "W": r"[^\p{L}\p{N}_]", "d": r"\p{Nd}"}


class PatternError(ValueError):
    """A pattern that is not a regex RE2 can run; ``pos`` is where in it, when known."""

    def __init__(self, msg: str, pos: int | None = None) -> None:
        super().__init__(msg)
        self.msg = msg
        self.pos = pos


def _translate(pattern: str) -> str:
    """Check repetition counts and write ``\\w``, ``\\W`` and ``\\d`` as Unicode classes; one
    pass over the pattern."""
    out: list[str] = []
    index = 0
    in_class = False
    length = len(pattern)
    while index < length:
        char = pattern[index]
        if char == "\\" and index + 1 < length:
            letter = pattern[index + 1]
            table = _UNICODE_CLASSES if in_class else _OUTSIDE_CLASSES
            out.append(table.get(letter, char + letter))
            index += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
        elif char == "[":
            in_class = True
            out.append(char)
            index += 1
            # A ']' (after an optional '^') right after '[' is a literal member.
            if pattern[index : index + 1] == "^":
                out.append("^")
                index += 1
            if pattern[index : index + 1] == "]":
                out.append("]")
                index += 1
            continue
        elif char == "{":
            _check_repeat(pattern, index)
        out.append(char)
        index += 1
    return "".join(out)


def _check_repeat(pattern: str, start: int) -> None:
    end = pattern.find("}", start)
    if end < 0:
        return
    body = pattern[start + 1 : end]
    parts = body.split(",", 1)
    if not all(part.isascii() and part.isdigit() for part in parts if part) or not parts[0]:
        return  # not a repetition: RE2 reads it as text
    if any(int(part) > MAX_REPEAT for part in parts if part):
        raise PatternError(f"repetition count above {MAX_REPEAT}", start)


@lru_cache(maxsize=64)
def regex(pattern: str) -> Any:
    """A query regex as ``REGEXP`` runs it: compiled by RE2, case-insensitive. Raises
    :class:`PatternError` for a pattern RE2 cannot run."""
    translated = _translate(pattern)
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    options.max_mem = MAX_PATTERN_MEMORY
    options.never_capture = True  # REGEXP asks only whether it matches
    try:
        return re2.compile(translated, options)
    except re2.error as error:
        reason = error.args[0] if error.args else "not a regular expression"
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise PatternError(str(reason)) from None
    except (TypeError, ValueError, OverflowError) as error:
        raise PatternError(str(error)) from None


_UNANCHORED = re2._Anchor.UNANCHORED
_NO_MATCH = (-1, -1)


def matches(pattern: str, text: str) -> bool:
    """Whether ``pattern`` (a query regex) matches somewhere in ``text``. RE2's own matcher is
    asked directly: the module's ``search`` also works out where the match is in characters,
    which costs more than the match (100,000 titles: 0.10 s instead of 0.17-0.30 s; Python's
    backtracking engine takes 0.01-0.06 s on such benign patterns, and forever on others)."""
    compiled = regex(pattern)
    encoded = text.encode("utf-8", "replace")  # a lone surrogate cannot be UTF-8
    low = getattr(compiled, "_regexp", None)
    if low is None:  # another version of the binding: its public API
        return compiled.search(encoded.decode("utf-8")) is not None
    return bool(low.Match(_UNANCHORED, encoded, 0, len(encoded))[0] != _NO_MATCH)


def _regexp(pattern: object, value: object) -> bool:
    if not isinstance(pattern, str) or not isinstance(value, str):
        return False
    try:
        return matches(pattern, value)
    except PatternError:
        return False


def _casefold(value: object) -> str:
    return value.casefold() if isinstance(value, str) else ""


_FUNCTIONS: tuple[tuple[str, int, Callable[..., int | str]], ...] = (
    ("regexp", 2, _regexp),
    ("reader_casefold", 1, _casefold),
)


def install_functions(conn: sqlite3.Connection) -> None:
    """Register the SQL functions compiled filters use (``REGEXP``, ``reader_casefold``)."""
    for name, arity, function in _FUNCTIONS:
        conn.create_function(name, arity, function, deterministic=True)
