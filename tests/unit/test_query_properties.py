"""Property tests: whatever is typed, the query language answers with a result or a QueryError,
never another exception and never SQL that SQLite rejects."""

from __future__ import annotations

import datetime as dt
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.query import QueryError, compile_filter, describe
from reader.store import Store
from reader.tags import apply_tags
from tests.support.articles import add_alias, add_article

TODAY = dt.date(2024, 1, 10)

PIECES = [
    "(",
    ")",
    '"',
    "+",
    "-",
    "@",
    ":",
    "/",
    "*",
    "..",
    " ",
    "  ",
    "\\",
    "%",
    "_",
    "'",
    ";",
    "^",
    "and",
    "or",
    "not",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "tag:",
    "topic:",
    "person:",
    "place:",
    "org:",
    "entity:",
    "source:",
    "title:",
    "url:",
    "date:",
    "after:",
    "before:",
    "is:",
    "has:",
    "id:",
    "path:",
    "sort:",
    "limit:",
    "unread",
    "starred",
    "entities",
    "tags",
    "-date",
    "title",
    "7-days-ago",
    "@today",
    "yesterday",
    "2023",
    "2023-10",
    "2023-10-05",
    "kyiv",
    "Москва",
    "\x00",
    "\t",
    "[",
    "]",
    "{",
    "}",
    "?",
    "=",
    "12",
    "0",
    "ukraine war",
    "$",
    "|",
    ".",
]

queries = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=14).map("".join),
    st.lists(st.sampled_from(PIECES), max_size=14).map(" ".join),
)


@cache
def _store() -> Store:
    store = Store.memory()
    first = add_article(
        store,
        "Kyiv under fire",
        "Drones attacked Kyiv.",
        topics=["Ukraine war"],
        mentions=[("PLACE", "Kyiv", "Kyiv"), ("PERSON", "Zakharova", "Maria Zakharova")],
    )
    add_article(store, "Москва", "Новости.", date="2024-01-09", source="Новая газета")
    add_article(store, "Undated", "Text 100% _odd_.", date="")
    apply_tags(store, [first], add=["ukraine"])
    add_alias(store, "Zakharova", "Maria Zakharova")
    return store


@settings(max_examples=400, deadline=None)
@given(queries)
def test_any_input_compiles_to_working_sql_or_raises_query_error(text: str) -> None:
    store = _store()
    try:
        flt = compile_filter(text, today=TODAY)
    except QueryError as error:
        assert 0 <= error.position <= len(text)
        assert str(error)
        error.pointer(text)
        return
    store.count(flt)
    store.unread_count(flt)
    store.article_ids(flt)
    store.rowids(flt)
    store.rows(flt, limit=5)


@settings(max_examples=300, deadline=None)
@given(queries)
def test_the_canonical_form_means_the_same(text: str) -> None:
    try:
        original = compile_filter(text, today=TODAY)
    except QueryError:
        return
    again = compile_filter(describe(text), today=TODAY)
    assert (again.where, again.params, again.order, again.limit) == (
        original.where,
        original.params,
        original.order,
        original.limit,
    )
