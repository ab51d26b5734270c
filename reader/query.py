"""The one query language: the TUI filter bar, saved views, topic rules and the CLI all use it.

A query is a list of terms joined by ``and`` (implicit between terms), ``or`` and ``not``;
parentheses group. ``not`` binds tighter than ``and``, which binds tighter than ``or``::

    query    := or_expr?
    or_expr  := and_expr ( ("or" | "OR") and_expr )*
    and_expr := unary ( ("and" | "AND")? unary )*
    unary    := ("not" | "NOT" | "-") unary | atom
    atom     := "(" or_expr ")" | term

Terms:

=========================  ===============================================================
``word``, ``"a phrase"``   full text over title and body (``word*`` matches a prefix)
``+tag``, ``tag:x``        tagged x (any origin); ``+"Ukraine war"`` is ``+ukraine-war``
``-tag``                   not tagged x (a ``-`` before a bare word is a tag; before a field,
                           a phrase or a parenthesis it negates, like ``not``)
``topic:x``                the source's own topic x (a tag with origin ``source``)
``person:x``, ``place:x``,  articles mentioning the entity x: its canonical name, an alias,
``org:x``, ``entity:x``    or the name as written in the text (``Zelensky``); case-insensitive.
                           A surname alone that the archive overwhelmingly uses for one
                           person is that person (``person:Blair`` = ``person:"Tony Blair"``)
``source:x``               the source name contains x (case-insensitive)
``title:x``                a word or ``"phrase"`` in the title; ``title:/regex/`` a regex
``url:x``                  the URL contains x; ``url:/regex/`` a regex (``source:`` too)
``date:D``                 on day/month/year D; ``date:D1..D2`` inclusive; ``date:D..``
``after:D``, ``before:D``  on or after the start of D; strictly before the start of D
``@7-days-ago``            since that day (same as ``after:@7-days-ago``)
``is:read|unread|starred|unstarred``, ``has:entities|tags|usertags`` (``usertags``: a tag of
                           any origin but ``source``: set by hand, by a rule or an accepted
                           suggestion)
``id:PREFIX``              the article id starts with PREFIX
``path:GLOB``              found in a file whose path matches GLOB (``*`` is added in front of
                           a relative pattern; a pattern without wildcards matches a substring)
``sort:date|-date|title|-title|source|-source``  order (``-`` = descending; default ``-date``)
``limit:N``                at most N articles
=========================  ===============================================================

Dates ``D`` are ``2023``, ``2023-10``, ``2023-10-05``, ``@today``, ``@yesterday`` or
``@N-days-ago`` / ``@N-weeks-ago`` / ``@N-months-ago`` / ``@N-years-ago`` (the ``@`` is optional
inside a field). Keywords are matched in lower or upper case; quote them to search for the word.
``sort:`` and ``limit:`` apply to the whole query and may not sit under ``or`` or ``not``.

:func:`compile_filter` turns a query into a :class:`~reader.store.SqlFilter`: SQL over the
aliases ``a`` (articles) and ``s`` (state) that the store's selection methods (``count``,
``article_ids``, ``rowids``, ``rows``) run. User text only ever
reaches SQLite as bound parameters, and full-text words are quoted so they never become FTS5
syntax. Every malformed input raises :class:`QueryError`; nothing else escapes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING, Literal

from reader.safety import safe_line
from reader.store.functions import PatternError, regex
from reader.store.selection import DEFAULT_ORDER, SORTS, SqlFilter
from reader.store.tags import normalise_tag

if TYPE_CHECKING:
    from reader.store import Store

__all__ = [
    "DEFAULT_ORDER",
    "And",
    "Node",
    "Not",
    "Or",
    "Query",
    "QueryError",
    "SqlFilter",
    "Term",
    "article_ids",
    "compile_filter",
    "describe",
    "parse",
]

# Beyond these SQLite's expression depth limit (1000) could be reached; no real query is close.
MAX_TERMS = 256
MAX_DEPTH = 64

FIELDS: tuple[str, ...] = (
    "tag",
    "topic",
    "person",
    "place",
    "org",
    "entity",
    "source",
    "title",
    "url",
    "date",
    "after",
    "before",
    "is",
    "has",
    "id",
    "path",
    "sort",
    "limit",
)
_REGEX_FIELDS = ("title", "url", "source")
_DIRECTIVES = ("sort", "limit")
_ENTITY_LABELS = {"person": "PERSON", "place": "PLACE", "org": "ORG", "entity": ""}
_IS_VALUES = ("read", "unread", "starred", "unstarred")
_HAS_VALUES = ("entities", "tags", "usertags")
_ORDERS = SORTS  # one table of orders, the store's
_KEYWORDS: dict[str, Literal["AND", "OR", "NOT"]] = {"and": "AND", "or": "OR", "not": "NOT"}
_DATE_EXPECTED = "a date like 2023-10-05, 2023-10, 2023, @today or @7-days-ago"


class QueryError(ValueError):
    """A query that cannot be understood. ``position`` is a 0-based index into the query text."""

    def __init__(self, message: str, position: int, expected: str = "") -> None:
        self.message = message
        self.position = position
        self.expected = expected
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.message} at {self.position}"
        return f"{text}: expected {self.expected}" if self.expected else text

    def pointer(self, text: str) -> str:
        """The query on one line and a caret under the error position on the next."""
        shown = safe_line(text)
        column = _cell_width(safe_line(text[: self.position]))
        return f"{shown}\n{' ' * column}^"


# ---- the syntax tree -------------------------------------------------------------------------

ValueKind = Literal["word", "phrase", "regex"]


@dataclass(frozen=True, slots=True)
class Term:
    """One condition. ``field`` is "" for full text; ``kind`` says how the value was written."""

    field: str
    value: str
    kind: ValueKind = "word"
    position: int = dataclass_field(default=0, compare=False)
    prefix: bool = False  # full text ``word*``
    value_position: int = dataclass_field(
        default=-1, compare=False
    )  # where the value starts, if known

    @property
    def value_at(self) -> int:
        if self.value_position >= 0:
            return self.value_position
        return self.position + len(self.field) + 1 if self.field else self.position


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


Node = Term | Not | And | Or


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: the condition (None = everything), and the sort and limit directives."""

    expr: Node | None
    sort: str | None = None
    limit: int | None = None


# ---- lexing ----------------------------------------------------------------------------------

TokenKind = Literal["term", "(", ")", "AND", "OR", "NOT", "end"]


@dataclass(frozen=True, slots=True)
class _Token:
    kind: TokenKind
    position: int
    term: Term | None = None
    text: str = ""


_STOP = frozenset(' \t\n()"')
_FIELD_NAME = re.compile(r"[A-Za-z]+")


class _Lexer:
    def __init__(self, text: str) -> None:
        # Control characters (NUL among them) would end an FTS5 string early: make them spaces.
        self.text = "".join(" " if ord(c) < 32 or 0x7F <= ord(c) < 0xA0 else c for c in text)
        self.i = 0
        self.tokens: list[_Token] = []

    def run(self) -> list[_Token]:
        text = self.text
        while True:
            while self.i < len(text) and text[self.i].isspace():
                self.i += 1
            if self.i >= len(text):
                self.tokens.append(_Token("end", len(text)))
                return self.tokens
            char = text[self.i]
            if char in "()":
                self.tokens.append(_Token("(" if char == "(" else ")", self.i, text=char))
                self.i += 1
            elif char == '"':
                start = self.i
                phrase = self._quoted()
                self._term(Term("", phrase, "phrase", start, prefix=self._star()))
            elif char == "+":
                self._plus()
            elif char == "-":
                self._minus()
            elif char == "@":
                start = self.i
                self._term(Term("date", self._run(), "word", start), since=True)
            else:
                self._word()

    def _term(self, term: Term, *, since: bool = False) -> None:
        if since:  # a bare @date means "since that day"
            term = Term("after", term.value, term.kind, term.position, value_position=term.position)
        self.tokens.append(_Token("term", term.position, term=term))

    def _run(self) -> str:
        """Characters up to whitespace, a parenthesis or a quote."""
        start = self.i
        while self.i < len(self.text) and self.text[self.i] not in _STOP:
            if self.text[self.i].isspace():
                break
            self.i += 1
        return self.text[start : self.i]

    def _quoted(self) -> str:
        """A double-quoted string starting at ``self.i``; backslash escapes the next character."""
        start = self.i
        self.i += 1
        out: list[str] = []
        while self.i < len(self.text):
            char = self.text[self.i]
            if char == "\\" and self.i + 1 < len(self.text):
                out.append(self.text[self.i + 1])
                self.i += 2
                continue
            if char == '"':
                self.i += 1
                return "".join(out)
            out.append(char)
            self.i += 1
        raise QueryError("unclosed quote", start, "'\"'")

    def _regex(self) -> str:
        """A /regex/ starting at ``self.i``; ``\\/`` stands for a slash."""
        start = self.i
        self.i += 1
        out: list[str] = []
        while self.i < len(self.text):
            char = self.text[self.i]
            if char == "\\" and self.i + 1 < len(self.text) and self.text[self.i + 1] == "/":
                out.append("/")
                self.i += 2
                continue
            if char == "/":
                self.i += 1
                return "".join(out)
            out.append(char)
            self.i += 1
        raise QueryError("unclosed regular expression", start, "'/'")

    def _star(self) -> bool:
        if self.i < len(self.text) and self.text[self.i] == "*":
            self.i += 1
            return True
        return False

    def _plus(self) -> None:
        start = self.i
        self.i += 1
        if self.i < len(self.text) and self.text[self.i] == '"':
            value = self._quoted()
        else:
            value = self._run()
        if not normalise_tag(value):
            raise QueryError("missing tag", start + 1, "a tag name after '+'")
        self._term(Term("tag", normalise_tag(value), "word", start))

    def _minus(self) -> None:
        start = self.i
        rest = self.text[self.i + 1 :]
        if not rest or rest[0].isspace() or rest[0] == ")":
            raise QueryError("nothing to exclude", start + 1, "a tag, a term or '(' after '-'")
        head = _FIELD_NAME.match(rest)
        is_field = head is not None and rest[head.end() : head.end() + 1] == ":"
        if rest[0] in '("@-' or is_field:
            self.tokens.append(_Token("NOT", start, text="-"))
            self.i += 1
            return
        self.i += 1
        value = self._run()
        tag = normalise_tag(value)
        if not tag:
            raise QueryError("missing tag", start + 1, "a tag name after '-'")
        self.tokens.append(_Token("NOT", start, text="-"))
        self._term(Term("tag", tag, "word", start + 1))

    def _word(self) -> None:
        start = self.i
        head = _FIELD_NAME.match(self.text, self.i)
        if head is not None and self.text[head.end() : head.end() + 1] == ":":
            name = head.group().lower()
            if name not in FIELDS:
                raise QueryError(f"unknown field '{head.group()}'", start, _one_of(FIELDS))
            self.i = head.end() + 1
            self._field_value(name, start)
            return
        word = self._run()
        keyword = _KEYWORDS.get(word.lower()) if word in (word.lower(), word.upper()) else None
        if keyword is not None:
            self.tokens.append(_Token(keyword, start, text=word))
            return
        prefix = word.endswith("*") and len(word) > 1
        self._term(Term("", word[:-1] if prefix else word, "word", start, prefix=prefix))

    def _field_value(self, name: str, start: int) -> None:
        at = self.i
        nxt = self.text[at : at + 1]
        if nxt == '"':
            value = self._quoted()
            kind: ValueKind = "phrase"
        elif nxt == "/" and name in _REGEX_FIELDS:
            value = self._regex()
            kind = "regex"
        else:
            value = self._run()
            kind = "word"
        if not value.strip():
            raise QueryError(f"missing value for '{name}:'", at, f"a value after '{name}:'")
        prefix = False
        if name == "title" and kind != "regex":
            if kind == "word" and value.endswith("*") and len(value) > 1:
                value, prefix = value[:-1], True
            elif kind == "phrase":
                prefix = self._star()
        self._term(Term(name, value, kind, start, prefix=prefix, value_position=at))


def _one_of(options: Sequence[str]) -> str:
    return "one of " + ", ".join(options)


# ---- parsing ---------------------------------------------------------------------------------


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0
        self.terms = 0

    @property
    def current(self) -> _Token:
        return self.tokens[self.i]

    def parse(self) -> Node | None:
        if self.current.kind == "end":
            return None
        node = self._or()
        leftover = self.tokens[self.i]
        if leftover.kind != "end":
            raise QueryError("unexpected ')'", leftover.position, "the end of the query")
        return node

    def _or(self) -> Node:
        children = [self._and()]
        while self.current.kind == "OR":
            self.i += 1
            children.append(self._and())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def _and(self) -> Node:
        children: list[Node] = []
        while self.current.kind not in ("end", ")", "OR"):
            if self.current.kind == "AND":
                if not children:
                    raise QueryError(
                        "'and' needs a term before it", self.current.position, "a term"
                    )
                self.i += 1
            children.append(self._unary())
        if not children:
            token = self.current
            message = {
                "end": "the query ends too soon",
                ")": "a term is missing before ')'",
                "OR": "a term is missing before 'or'",
            }[token.kind]
            raise QueryError(message, token.position, "a term")
        return children[0] if len(children) == 1 else And(tuple(children))

    def _unary(self) -> Node:
        negations = 0
        while self.current.kind == "NOT":
            negations += 1
            self.i += 1
        node = self._atom()
        # "not not x" is x: however many are written, the tree (and the SQL) stays shallow.
        return Not(node) if negations % 2 else node

    def _atom(self) -> Node:
        token = self.current
        if token.kind == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise QueryError("parentheses nested too deeply", token.position, "fewer '('")
            self.i += 1
            node = self._or()
            if self.current.kind != ")":
                raise QueryError("unclosed parenthesis", token.position, "')'")
            self.i += 1
            self.depth -= 1
            return node
        if token.kind == "term" and token.term is not None:
            self.terms += 1
            if self.terms > MAX_TERMS:
                raise QueryError("too many terms", token.position, f"at most {MAX_TERMS} terms")
            self.i += 1
            return token.term
        if token.kind == "end":
            raise QueryError("the query ends too soon", token.position, "a term")
        raise QueryError(f"unexpected '{token.text}'", token.position, "a term")


def parse(text: str) -> Query:
    """Parse a query into its syntax tree. Raises :class:`QueryError`."""
    tokens = _Lexer(text).run()
    expr = _Parser(tokens).parse()
    sort: str | None = None
    limit: int | None = None
    directives: list[Term] = []
    if isinstance(expr, Term) and expr.field in _DIRECTIVES:
        directives, expr = [expr], None
    elif isinstance(expr, And):
        directives = [c for c in expr.children if isinstance(c, Term) and c.field in _DIRECTIVES]
        rest = tuple(
            c for c in expr.children if not (isinstance(c, Term) and c.field in _DIRECTIVES)
        )
        expr = None if not rest else rest[0] if len(rest) == 1 else And(rest)
    for directive in directives:
        if directive.field == "sort":
            key = directive.value.lower()
            if key not in _ORDERS:
                raise QueryError(
                    f"unknown sort '{directive.value}'", directive.position, _one_of(list(_ORDERS))
                )
            sort = key
        else:
            limit = _positive_int(directive)
    if expr is not None:
        misplaced = _find_directive(expr)
        if misplaced is not None:
            raise QueryError(
                f"'{misplaced.field}:' applies to the whole query",
                misplaced.position,
                f"'{misplaced.field}:' outside or/not/parentheses",
            )
        _check_values(expr)
    return Query(expr, sort, limit)


def _positive_int(term: Term) -> int:
    value = term.value
    if not value.isascii() or not value.isdigit() or not value.strip("0"):
        raise QueryError(f"bad limit '{value}'", term.position, "a whole number above 0")
    if len(value.lstrip("0")) > 10:  # beyond the cap anyway; int() refuses huge strings
        return 10**9
    return min(int(value), 10**9)


def _find_directive(node: Node) -> Term | None:
    if isinstance(node, Term):
        return node if node.field in _DIRECTIVES else None
    if isinstance(node, Not):
        return _find_directive(node.child)
    for child in node.children:
        found = _find_directive(child)
        if found is not None:
            return found
    return None


def _check_values(node: Node) -> None:
    """Reject values that cannot mean anything (bad dates, regexes, is:/has: words) early."""
    if isinstance(node, Not):
        _check_values(node.child)
    elif isinstance(node, And | Or):
        for child in node.children:
            _check_values(child)
    elif node.field == "is" and node.value.lower() not in _IS_VALUES:
        raise QueryError(f"unknown is:{node.value}", node.position, _one_of(_IS_VALUES))
    elif node.field == "has" and node.value.lower() not in _HAS_VALUES:
        raise QueryError(f"unknown has:{node.value}", node.position, _one_of(_HAS_VALUES))
    elif _is_fts(node) and not _searchable(node.value):
        raise QueryError(
            "nothing to search for", node.position, "a word with a letter or a digit"
        )
    elif node.kind == "regex":
        try:
            regex(node.value)
        except PatternError as err:
            raise QueryError(
                f"bad regular expression ({err.msg})",
                node.value_at + 1 + (err.pos or 0),
                "a regex without back-references or look-around, repetitions up to 1000",
            ) from None
    elif node.field in ("tag", "topic") and not normalise_tag(node.value):
        raise QueryError("missing tag", node.position, "a tag name")
    elif node.field in ("date", "after", "before"):
        _date_bounds(node, dt.date.today())


# ---- dates -----------------------------------------------------------------------------------

_RELATIVE = re.compile(r"(\d{1,6})-(day|week|month|year)s?-ago")
_ABSOLUTE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def _period(value: str, today: dt.date, position: int) -> tuple[dt.date, dt.date]:
    """The days a date value covers, as [start, end)."""
    text = value.strip().lower().removeprefix("@")
    day = dt.timedelta(days=1)
    try:
        if text == "today":
            return today, today + day
        if text == "yesterday":
            return today - day, today
        relative = _RELATIVE.fullmatch(text)
        if relative:
            amount, unit = int(relative.group(1)), relative.group(2)
            if unit == "day":
                start = today - dt.timedelta(days=amount)
            elif unit == "week":
                start = today - dt.timedelta(weeks=amount)
            else:
                months = amount * (12 if unit == "year" else 1)
                start = _months_before(today, months)
            return start, start + day
        absolute = _ABSOLUTE.fullmatch(text)
        if absolute:
            year = int(absolute.group(1))
            if absolute.group(3):
                start = dt.date(year, int(absolute.group(2)), int(absolute.group(3)))
                return start, start + day
            if absolute.group(2):
                start = dt.date(year, int(absolute.group(2)), 1)
                return start, _months_before(start, -1)
            return dt.date(year, 1, 1), dt.date(year + 1, 1, 1) if year < 9999 else dt.date.max
    except (ValueError, OverflowError):
        raise QueryError(f"no such date '{value}'", position, _DATE_EXPECTED) from None
    raise QueryError(f"not a date '{value}'", position, _DATE_EXPECTED)


def _months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            if year < 1 or year > 9999:
                raise
    raise ValueError(day)


def _date_bounds(term: Term, today: dt.date) -> tuple[str | None, str | None]:
    """Inclusive lower and exclusive upper ISO bounds for a date/after/before term."""
    value_at = term.value_at
    if term.field == "after":
        return _period(term.value, today, value_at)[0].isoformat(), None
    if term.field == "before":
        return None, _period(term.value, today, value_at)[0].isoformat()
    if ".." in term.value:
        left, _, right = term.value.partition("..")
        if not left.strip() and not right.strip():
            raise QueryError("empty date range", value_at, _DATE_EXPECTED)
        low = _period(left, today, value_at)[0].isoformat() if left.strip() else None
        right_at = value_at + len(left) + 2
        high = _period(right, today, right_at)[1].isoformat() if right.strip() else None
        return low, high
    start, end = _period(term.value, today, value_at)
    return start.isoformat(), end.isoformat()


# ---- compiling to SQL ------------------------------------------------------------------------

# Set terms are written ``+a.id IN (...)``: the unary plus keeps SQLite from driving the query
# through that list (one wide-row lookup per match, or a cross product of two lists on the
# (id, rowid) index). Instead it scans the narrow articles_listing index in date order and
# checks each article against the lists, never reading article rows: predictable at 100,000.
_FTS_IN = "+a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
_ENTITY_NAMES = (
    "SELECT ? UNION "
    "SELECT r.target FROM entity_rules AS r WHERE r.kind = 'alias' AND r.name = ? COLLATE NOCASE "
    "UNION SELECT r.name FROM entity_rules AS r WHERE r.kind = 'alias' "
    "AND (r.target = ? COLLATE NOCASE OR r.target IN (SELECT t.target FROM entity_rules AS t "
    "WHERE t.kind = 'alias' AND t.name = ? COLLATE NOCASE))"
)

# The full name a surname alone stands for across the archive (reader.entities.archive).
_RESOLVED = " UNION SELECT r.canonical FROM entity_resolutions AS r WHERE r.name = ?"
_RESOLVED_ANY = "SELECT 1 FROM entity_resolutions AS r WHERE r.name = ?"

# The condition of the partial index mentions_text (reader/store/schema.py), word for word.
_WRITTEN_DIFFERENTLY = " AND m.text <> m.canonical COLLATE NOCASE"


def _searchable(value: str) -> bool:
    """Whether full text could match ``value``: the index holds words of letters and digits,
    so a term of symbols alone (``—``, ``!!!``) would match nothing, or everything if ignored."""
    return any(c.isalnum() for c in value)


def _fts_phrase(term: Term) -> str | None:
    """The FTS5 expression for a full-text or title term, or None if it has no searchable word.

    User text goes inside an FTS5 string, where every character is literal."""
    if not _searchable(term.value):
        return None
    phrase = '"' + term.value.replace('"', '""') + '"'
    if term.prefix:
        phrase += " *"
    return f"title : {phrase}" if term.field == "title" else phrase


def _is_fts(node: Node) -> bool:
    return isinstance(node, Term) and (
        node.field == "" or (node.field == "title" and node.kind != "regex")
    )


class _Compiler:
    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.params: list[object] = []

    def node(self, node: Node) -> str:
        if isinstance(node, Term):
            return self.term(node)
        if isinstance(node, Not):
            return f"NOT ({self.node(node.child)})"
        if isinstance(node, Or):
            return "(" + " OR ".join(self.node(c) for c in node.children) + ")"
        # Positive full-text terms of one conjunction become one FTS5 MATCH (one index lookup).
        fts = [c for c in node.children if _is_fts(c)]
        parts: list[str] = []
        phrases = [p for p in (_fts_phrase(t) for t in fts if isinstance(t, Term)) if p]
        if phrases:
            self.params.append(" AND ".join(phrases))
            parts.append(_FTS_IN)
        parts += [self.node(c) for c in node.children if not _is_fts(c)]
        return "(" + " AND ".join(parts) + ")" if parts else "1"

    def term(self, term: Term) -> str:
        name = term.field
        value = term.value
        if _is_fts(term):
            phrase = _fts_phrase(term)
            if phrase is None:
                return "1"
            self.params.append(phrase)
            return _FTS_IN
        if name in ("tag", "topic"):
            self.params.append(normalise_tag(value))
            origin = " AND origin = 'source'" if name == "topic" else ""
            return f"+a.id IN (SELECT article_id FROM tags WHERE tag = ?{origin})"
        if name in _ENTITY_LABELS:
            # A mention matches by its canonical name or by its own text ("Zelensky" grouped
            # under "Volodymyr Zelensky"), each against the name and its aliases: two lists,
            # each read from its own index. The partial mentions_text index holds only mentions
            # written differently from their canonical name, so the second list stays small
            # and a name is not collected twice. (One UNION list would be twice as slow.)
            # A person's surname alone also stands for the full name the archive
            # overwhelmingly uses for it (entity_resolutions): person:Blair is person:"Tony
            # Blair" then, and no longer every mention written "Blair" (Cherie's included).
            name_value = value.strip()
            label = _ENTITY_LABELS[name]
            resolves = label in ("", "PERSON")
            selects: list[str] = []
            for column, only in (("canonical", ""), ("text", _WRITTEN_DIFFERENTLY)):
                self.params += [name_value] * 4
                names = _ENTITY_NAMES
                if resolves and column == "canonical":
                    names += _RESOLVED
                    self.params.append(name_value.casefold())
                select = (
                    "SELECT m.article_id FROM mentions AS m "
                    f"WHERE m.{column} COLLATE NOCASE IN ({names}){only}"
                )
                if resolves and column == "text":
                    select += f" AND NOT EXISTS ({_RESOLVED_ANY})"
                    self.params.append(name_value.casefold())
                if label:
                    self.params.append(label)
                    select += " AND m.label = ?"
                selects.append(select)
            return "(" + " OR ".join(f"+a.id IN ({select})" for select in selects) + ")"
        if name == "source":
            # Match the few distinct source names (read from their index), then take their
            # articles' rowids from the same index.
            condition = self.matches("d.source", term)
            return (
                "+a.rowid IN (SELECT x.rowid FROM articles AS x WHERE x.source IN "
                f"(SELECT d.source FROM (SELECT DISTINCT source FROM articles) AS d "
                f"WHERE {condition}))"
            )
        if name in ("url", "title"):  # title only reaches here as a regex
            return self.matches(f"a.{name}", term)
        if name in ("date", "after", "before"):
            low, high = _date_bounds(term, self.today)
            # Both bounds keep the articles_listing index in play and leave undated articles out.
            self.params += [low or "0000", high or "99999"]
            return "(a.date >= ? AND a.date < ?)"
        if name == "is":
            return {
                "read": "coalesce(s.read, 0) = 1",
                "unread": "coalesce(s.read, 0) = 0",
                "starred": "coalesce(s.starred, 0) = 1",
                "unstarred": "coalesce(s.starred, 0) = 0",
            }[value.lower()]
        if name == "has":
            kind = value.lower()
            if kind == "usertags":  # the tags suggestions learn from; not the site's topics
                return (
                    "EXISTS (SELECT 1 FROM tags WHERE article_id = a.id AND origin <> 'source')"
                )
            table = {"entities": "mentions", "tags": "tags"}[kind]
            return f"EXISTS (SELECT 1 FROM {table} WHERE article_id = a.id)"
        if name == "id":
            prefix = value.strip().lower()
            self.params += [prefix, prefix + "\uffff"]
            return "(a.id >= ? AND a.id < ?)"
        if name == "path":
            self.params.append(_path_glob(value))
            return (
                "+a.id IN (SELECT l.article_id FROM locations AS l "
                "JOIN files AS f ON f.id = l.file_id WHERE f.path GLOB ?)"
            )
        raise QueryError(f"unknown field '{name}'", term.position, _one_of(FIELDS))

    def matches(self, column: str, term: Term) -> str:
        """A regex match, or a case-insensitive substring match (LIKE folds ASCII only; other
        text is folded in Python)."""
        value = term.value
        if term.kind == "regex":
            self.params.append(value)
            return f"{column} REGEXP ?"
        if value.isascii():
            escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            self.params.append(f"%{escaped}%")
            return f"{column} LIKE ? ESCAPE '\\'"
        self.params.append(value.casefold())
        return f"instr(reader_casefold({column}), ?) > 0"


def _path_glob(value: str) -> str:
    pattern = value if any(c in value for c in "*?[") else f"*{value}*"
    if not pattern.startswith(("/", "*")):
        pattern = "*" + pattern
    return pattern


def compile_filter(text: str, *, today: dt.date | None = None) -> SqlFilter:
    """Compile a query to SQL over ``a`` (articles) and ``s`` (state).

    ``today`` anchors relative dates (default: the local date). Raises :class:`QueryError` for
    any query that cannot be understood."""
    query = parse(text)
    compiler = _Compiler(today or dt.date.today())
    where = compiler.node(query.expr) if query.expr is not None else "1"
    return SqlFilter(
        where=where,
        params=compiler.params,
        order=_ORDERS[query.sort] if query.sort else DEFAULT_ORDER,
        limit=query.limit,
    )


def article_ids(store: Store, flt: SqlFilter) -> list[str]:
    """The ids of the articles a filter selects, in its order and within its limit."""
    return store.article_ids(flt)


# ---- describing ------------------------------------------------------------------------------


def describe(query: Query | str) -> str:
    """The query written back in canonical form (what the filter bar can show after parsing)."""
    parsed = parse(query) if isinstance(query, str) else query
    parts = [_unparse(parsed.expr, top=True)] if parsed.expr is not None else []
    if parsed.sort:
        parts.append(f"sort:{parsed.sort}")
    if parsed.limit is not None:
        parts.append(f"limit:{parsed.limit}")
    return " ".join(parts)


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _plain(value: str) -> bool:
    return bool(value) and not any(c in _STOP or c.isspace() for c in value)


def _unparse(node: Node, *, top: bool = False, in_and: bool = False) -> str:
    if isinstance(node, Not):
        child = node.child
        inner = _unparse(child)
        return f"not ({inner})" if isinstance(child, And | Or) else f"not {inner}"
    if isinstance(node, And):
        return " ".join(_unparse(c, in_and=True) for c in node.children)
    if isinstance(node, Or):
        inner = " or ".join(_unparse(c) for c in node.children)
        return f"({inner})" if in_and and not top else inner
    star = "*" if node.prefix else ""
    if node.kind == "regex":
        return f"{node.field}:/" + node.value.replace("/", "\\/") + "/"
    plain = _plain(node.value) and node.kind == "word"
    if node.field:
        plain = plain and not node.value.startswith("/")
    else:  # a bare word must not read back as a keyword, a tag, a date, a field or a prefix
        plain = (
            plain
            and node.value.lower() not in _KEYWORDS
            and node.value[0] not in "+-@"
            and not (_FIELD_NAME.match(node.value) and ":" in node.value)
            and not node.value.endswith("*")
        )
    value = node.value if plain else _quote(node.value)
    return f"{node.field}:{value}{star}" if node.field else f"{value}{star}"


# ---- display helpers -------------------------------------------------------------------------


def _cell_width(text: str) -> int:
    from rich.cells import cell_len  # width of wide characters, so the caret lines up

    return cell_len(text)
