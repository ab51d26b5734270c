"""The query language: parsing, precedence, every field against a small archive, and errors."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest

from reader.query import (
    DEFAULT_ORDER,
    And,
    Not,
    Or,
    QueryError,
    SqlFilter,
    Term,
    article_ids,
    compile_filter,
    describe,
    parse,
)
from reader.store import Store
from reader.tags import apply_tags, set_read, set_starred
from tests.support.articles import add_alias, add_article

TODAY = dt.date(2024, 1, 10)


@pytest.fixture
def archive(store: Store) -> Store:
    first = add_article(
        store,
        "Zakharova warns the West",
        "Maria Zakharova said the West would regret it.\n\nAFP reported from Kyiv.",
        date="2023-10-05",
        url="https://www.themoscowtimes.com/2023/10/05/zakharova-warns",
        topics=["Ukraine war"],
        mentions=[
            ("PERSON", "Zakharova", "Maria Zakharova"),
            ("PLACE", "Kyiv", "Kyiv"),
            ("ORG", "AFP", "AFP"),
        ],
        path="/archive/moscow times/2023/zakharova.txt",
    )
    second = add_article(
        store,
        "Kyiv under fire",
        "Drones attacked Kyiv overnight, officials said.",
        date="2023-11-20T06:30:00+02:00",
        source="Kyiv Independent",
        url="https://kyivindependent.com/kyiv-under-fire",
        mentions=[("PLACE", "Kyiv", "Kyiv")],
        path="/archive/kyiv/fire.html",
    )
    add_article(
        store,
        "Новости Москвы",
        "Москва сегодня. Захарова ответила.",
        date="2024-01-09",
        source="Новая газета",
        mentions=[("PERSON", "Захарова", "Мария Захарова")],
        path="/archive/novaya/news.txt",
    )
    add_article(
        store,
        "Football results",
        "The match ended in a draw after a penalty.",
        date="2022-05-01",
        source="Sports Daily",
        topics=["Sport"],
        path="/archive/sport/football.txt",
    )
    add_article(store, "Undated note", "Economy notes.", date="", source="", path="/notes/n.txt")
    apply_tags(store, [first, second], add=["ukraine", "to-read"])
    set_read(store, [second], True)
    set_starred(store, [first], True)
    add_alias(store, "Мария Захарова", "Maria Zakharova")
    return store


def titles(store: Store, text: str) -> list[str]:
    return [row.title for row in store.rows(compile_filter(text, today=TODAY))]


def matched(store: Store, text: str) -> set[str]:
    return set(titles(store, text))


# ---- parsing --------------------------------------------------------------------------------


def test_precedence_not_binds_tighter_than_and_than_or() -> None:
    query = parse("a or b c")
    assert query.expr == Or((Term("", "a"), And((Term("", "b"), Term("", "c")))))
    assert parse("not a b").expr == And((Not(Term("", "a")), Term("", "b")))
    assert parse("(a or b) and c").expr == And((Or((Term("", "a"), Term("", "b"))), Term("", "c")))
    assert parse("NOT a OR b").expr == Or((Not(Term("", "a")), Term("", "b")))


def test_minus_before_a_bare_word_is_a_tag_and_before_anything_else_negates() -> None:
    assert parse("-spam").expr == Not(Term("tag", "spam"))
    assert parse('-"bad news"').expr == Not(Term("", "bad news", "phrase"))
    assert parse("-source:x").expr == Not(Term("source", "x"))
    assert parse("-(a or b)").expr == Not(Or((Term("", "a"), Term("", "b"))))
    assert parse("+Ukraine").expr == Term("tag", "ukraine")
    assert parse('+"Ukraine war"').expr == Term("tag", "ukraine-war")
    assert parse("covid-19").expr == Term("", "covid-19")


def test_directives_are_taken_out_of_the_expression() -> None:
    query = parse("kyiv sort:title limit:3")
    assert query.expr == Term("", "kyiv")
    assert (query.sort, query.limit) == ("title", 3)
    assert parse("sort:-date").expr is None
    assert parse("").expr is None


def test_empty_query_selects_everything(archive: Store) -> None:
    flt = compile_filter("")
    assert flt == SqlFilter("1", [], DEFAULT_ORDER, None)
    assert len(titles(archive, "   ")) == 5


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ('tag:ukraine "kyiv', "unclosed quote at 12: expected '\"'", 12),
        ("(kyiv or moscow", "unclosed parenthesis at 0: expected ')'", 0),
        ("kyiv)", "unexpected ')' at 4: expected the end of the query", 4),
        ("kyiv or", "the query ends too soon at 7: expected a term", 7),
        ("or kyiv", "a term is missing before 'or' at 0: expected a term", 0),
        ("and kyiv", "'and' needs a term before it at 0: expected a term", 0),
        ("tag:", "missing value for 'tag:' at 4: expected a value after 'tag:'", 4),
        ("+", "missing tag at 1: expected a tag name after '+'", 1),
        ("- kyiv", "nothing to exclude at 1: expected a tag, a term or '(' after '-'", 1),
        ("date:2023-13", "no such date '2023-13' at 5", 5),
        ("date:yesteryear", "not a date 'yesteryear' at 5", 5),
        ("date:2023-01..2023-02-31", "no such date '2023-02-31' at 14", 14),
        ("is:maybe", "unknown is:maybe at 0: expected one of read, unread, starred, unstarred", 0),
        ("has:wings", "unknown has:wings at 0", 0),
        ("colour:red", "unknown field 'colour' at 0", 0),
        ("sort:size", "unknown sort 'size' at 0", 0),
        ("limit:0", "bad limit '0' at 0", 0),
        ("title:/(unclosed/", "bad regular expression", 7),
        ("title:/abc", "unclosed regular expression at 6: expected '/'", 6),
        ("kyiv or sort:title", "'sort:' applies to the whole query at 8", 8),
        ("@99999-years-ago", "no such date", 0),
    ],
)
def test_errors_say_where_and_what_was_expected(text: str, message: str, position: int) -> None:
    with pytest.raises(QueryError) as caught:
        compile_filter(text, today=TODAY)
    assert str(caught.value).startswith(message)
    assert caught.value.position == position


def test_error_pointer_puts_a_caret_under_the_position() -> None:
    with pytest.raises(QueryError) as caught:
        parse('tag:ukraine "kyiv')
    assert caught.value.pointer('tag:ukraine "kyiv') == 'tag:ukraine "kyiv\n            ^'


def test_describe_writes_the_canonical_form() -> None:
    assert describe("+a -b kyiv OR moscow") == "tag:a not tag:b kyiv or moscow"
    assert describe('source:"Moscow Times" date:2023 sort:title') == (
        'source:"Moscow Times" date:2023 sort:title'
    )
    assert describe('title:/a\\/b/ "and"') == 'title:/a\\/b/ "and"'


# ---- fields against the archive -------------------------------------------------------------


def test_full_text_words_phrases_and_prefixes(archive: Store) -> None:
    assert matched(archive, "kyiv") == {"Zakharova warns the West", "Kyiv under fire"}
    assert matched(archive, "kyiv drones") == {"Kyiv under fire"}
    assert matched(archive, '"west would regret"') == {"Zakharova warns the West"}
    assert matched(archive, '"regret would"') == set()
    assert matched(archive, "penal*") == {"Football results"}
    assert matched(archive, "москва") == {"Новости Москвы"}


def test_full_text_input_never_becomes_fts_or_sql_syntax(archive: Store) -> None:
    for text in (
        "NEAR(kyiv drones)",
        '"kyiv" OR "drones"',
        "kyiv AND",
        "title:kyiv:",
        "'; DROP TABLE articles; --",
        "^kyiv",
        "kyiv*drones",
        '"*"',
        "a\x00b",
    ):
        with contextlib.suppress(QueryError):
            titles(archive, text)
    assert archive.count() == 5
    assert matched(archive, '"kyiv OR drones"') == set()


def test_tags_and_topics(archive: Store) -> None:
    both = {"Zakharova warns the West", "Kyiv under fire"}
    assert matched(archive, "+ukraine") == both
    assert matched(archive, "tag:Ukraine") == both
    assert matched(archive, "-ukraine") == {"Новости Москвы", "Football results", "Undated note"}
    assert matched(archive, 'topic:"Ukraine war"') == {"Zakharova warns the West"}
    assert matched(archive, "topic:ukraine-war") == {"Zakharova warns the West"}
    assert matched(archive, "tag:ukraine-war") == {"Zakharova warns the West"}
    assert matched(archive, "topic:ukraine") == set()  # a manual tag is not a topic
    assert matched(archive, "has:tags") == both | {"Football results"}
    assert matched(archive, "has:usertags") == both  # the site's topic Sport does not count
    assert matched(archive, "HAS:UserTags") == both


def test_entities_by_kind_alias_and_case(archive: Store) -> None:
    assert matched(archive, 'person:"Maria Zakharova"') == {
        "Zakharova warns the West",
        "Новости Москвы",  # its mention's canonical name is an alias of Maria Zakharova
    }
    assert matched(archive, 'person:"maria zakharova"') >= {"Zakharova warns the West"}
    assert matched(archive, 'person:"Мария Захарова"') == {
        "Zakharova warns the West",
        "Новости Москвы",
    }
    assert matched(archive, "place:Kyiv") == {"Zakharova warns the West", "Kyiv under fire"}
    assert matched(archive, "person:Kyiv") == set()
    assert matched(archive, "org:afp") == {"Zakharova warns the West"}
    assert matched(archive, "entity:AFP") == {"Zakharova warns the West"}
    assert matched(archive, "has:entities") == {
        "Zakharova warns the West",
        "Kyiv under fire",
        "Новости Москвы",
    }


def test_entities_match_the_name_as_written_in_the_text(archive: Store) -> None:
    # "Zakharova" is grouped under "Maria Zakharova": the short name finds it too.
    assert matched(archive, "person:Zakharova") == {"Zakharova warns the West"}
    assert matched(archive, "entity:zakharova") == {"Zakharova warns the West"}
    assert matched(archive, "person:Захарова") == {"Новости Москвы"}
    assert matched(archive, "place:Zakharova") == set()
    assert matched(archive, "-person:Zakharova") >= {"Kyiv under fire", "Undated note"}


def test_entity_filters_use_the_mention_indexes(archive: Store) -> None:
    flt = compile_filter("person:zakharova", today=TODAY)
    plan = " | ".join(
        str(row[3])
        for row in archive.conn.execute(
            "EXPLAIN QUERY PLAN SELECT a.id FROM articles AS a "
            f"LEFT JOIN state AS s ON s.article_id = a.id WHERE {flt.where}",
            flt.params,
        )
    )
    assert "mentions_canonical" in plan and "mentions_text" in plan, plan
    assert "SCAN m" not in plan, plan


def test_source_title_and_url(archive: Store) -> None:
    assert matched(archive, 'source:"moscow times"') == {"Zakharova warns the West"}
    assert matched(archive, "source:НОВАЯ") == {"Новости Москвы"}
    assert matched(archive, "source:%") == set()  # LIKE wildcards are literal
    assert matched(archive, "title:kyiv") == {"Kyiv under fire"}
    assert matched(archive, 'title:"under fire"') == {"Kyiv under fire"}
    assert matched(archive, "title:/^(kyiv|football)/") == {"Kyiv under fire", "Football results"}
    assert matched(archive, "source:/daily$/") == {"Football results"}
    assert matched(archive, "url:kyivindependent") == {"Kyiv under fire"}
    assert matched(archive, "url:/2023\\/10/") == {"Zakharova warns the West"}


def test_dates_days_months_years_ranges_and_relative(archive: Store) -> None:
    assert matched(archive, "date:2023-10-05") == {"Zakharova warns the West"}
    assert matched(archive, "date:2023-11") == {"Kyiv under fire"}  # a full timestamp
    assert matched(archive, "date:2023") == {"Zakharova warns the West", "Kyiv under fire"}
    assert matched(archive, "date:2023-10..2023-11") == {
        "Zakharova warns the West",
        "Kyiv under fire",
    }
    assert matched(archive, "date:2023-11..") == {"Kyiv under fire", "Новости Москвы"}
    assert matched(archive, "date:..2022") == {"Football results"}  # undated never matches
    assert matched(archive, "after:2023-11-20") == {"Kyiv under fire", "Новости Москвы"}
    assert matched(archive, "before:2023-10-05") == {"Football results"}
    assert matched(archive, "@7-days-ago") == {"Новости Москвы"}
    assert matched(archive, "date:@yesterday") == {"Новости Москвы"}
    assert matched(archive, "date:@today") == set()
    assert matched(archive, "after:@3-months-ago") == {"Kyiv under fire", "Новости Москвы"}
    assert matched(archive, "date:@2-years-ago..@1-month-ago") == {
        "Football results",
        "Zakharova warns the West",
        "Kyiv under fire",
    }
    assert matched(archive, "after:@1-week-ago before:today") == {"Новости Москвы"}


def test_state_id_and_path(archive: Store) -> None:
    assert matched(archive, "is:read") == {"Kyiv under fire"}
    assert "Kyiv under fire" not in matched(archive, "is:unread")
    assert matched(archive, "is:starred") == {"Zakharova warns the West"}
    assert len(matched(archive, "is:unstarred")) == 4
    some_id = archive.rows(limit=1)[0].id
    assert titles(archive, f"id:{some_id[:6].upper()}") == [archive.rows(limit=1)[0].title]
    assert matched(archive, "path:kyiv") == {"Kyiv under fire"}
    assert matched(archive, "path:*.html") == {"Kyiv under fire"}
    assert matched(archive, 'path:"moscow times/*"') == {"Zakharova warns the West"}
    assert matched(archive, "path:/notes/*") == {"Undated note"}


def test_boolean_combinations(archive: Store) -> None:
    assert matched(archive, "kyiv -ukraine") == set()
    assert matched(archive, "+ukraine not is:read") == {"Zakharova warns the West"}
    assert matched(archive, "football or москва") == {"Football results", "Новости Москвы"}
    assert matched(archive, "(football or москва) and date:2024") == {"Новости Москвы"}
    assert matched(archive, "not (kyiv or москва)") == {"Football results", "Undated note"}
    assert matched(archive, "kyiv and not drones") == {"Zakharova warns the West"}


def test_sort_and_limit(archive: Store) -> None:
    assert titles(archive, "date:2022..2024") == [
        "Новости Москвы",
        "Kyiv under fire",
        "Zakharova warns the West",
        "Football results",
    ]
    assert titles(archive, "date:2022..2024 sort:date limit:2") == [
        "Football results",
        "Zakharova warns the West",
    ]
    assert titles(archive, "+ukraine sort:title") == ["Kyiv under fire", "Zakharova warns the West"]
    assert titles(archive, "+ukraine sort:-title") == [
        "Zakharova warns the West",
        "Kyiv under fire",
    ]
    flt = compile_filter("sort:title limit:2")
    ids = article_ids(archive, flt)
    assert ids == [row.id for row in archive.rows(flt)]
    assert ids == archive.article_ids(flt)
    assert archive.count(flt) == 2 == len(archive.rowids(flt, limit=5))


def test_among_narrows_a_filter_to_some_articles(archive: Store) -> None:
    everything = archive.article_ids(compile_filter("+ukraine"))
    flt = compile_filter("+ukraine").among([everything[-1], "no-such-article"])
    assert archive.article_ids(flt) == [everything[-1]]
    assert archive.count(compile_filter("").among([])) == 0


def test_unordered_drops_sort_and_limit(archive: Store) -> None:
    flt = compile_filter("date:2022..2024 sort:title limit:1")
    assert archive.count(flt) == 1
    assert sorted(archive.article_ids(flt.unordered())) == sorted(
        archive.article_ids(compile_filter("date:2022..2024"))
    )


def test_relative_dates_default_to_the_local_date() -> None:
    flt = compile_filter("@today")
    assert flt.params[0] == dt.date.today().isoformat()
