"""SQL functions the compiled queries call, installed on every connection the store opens.

``REGEXP`` (``title:/…/``, ``url:/…/``, ``source:/…/``) is case-insensitive, as the query
language documents; ``reader_casefold`` folds non-ASCII text, which SQLite's ``LIKE`` does not.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from functools import lru_cache

__all__ = ["install_functions", "regex"]


@lru_cache(maxsize=64)
def regex(pattern: str) -> re.Pattern[str]:
    """A query regex as ``REGEXP`` runs it (raises ``re.error`` for a bad one)."""
    return re.compile(pattern, re.IGNORECASE)


def _regexp(pattern: object, value: object) -> bool:
    if not isinstance(pattern, str) or not isinstance(value, str):
        return False
    try:
        return regex(pattern).search(value) is not None
    except re.error:
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
