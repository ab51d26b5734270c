"""Where a filter's words and a search in an article are found in the text: the words come
from the parsed query, matching ignores case and diacritics like the full-text index, and the
offsets are those of the text as it is."""

from __future__ import annotations

import pytest

from reader.matching import Needle, filter_needles, find_pattern, fold, needles_pattern, spans


def found(query: str, text: str) -> list[str]:
    return [text[a:b] for a, b in spans(needles_pattern(filter_needles(query)), text)]


def test_fold_keeps_the_length_so_offsets_carry_over() -> None:
    for text in ("Café Ærø", "İstanbul ǅ ß", "ＡＢＣ", "plain ascii"):
        assert len(fold(text)) == len(text)
    assert fold("Café") == "cafe"
    assert fold("ZÜRICH") == "zurich"


def test_the_words_come_from_the_parsed_query() -> None:
    assert filter_needles('cafe "peace talks" talk*') == (
        Needle(("cafe",)),
        Needle(("peace", "talks")),
        Needle(("talk",), prefix=True),
    )
    # Tags, names, dates, sources, regexes and negated words are not words of the text.
    assert filter_needles('+war -sport person:"Maria Zakharova" date:2023 source:bbc') == ()
    assert filter_needles("title:/a+b/ not malta -(kyiv)") == ()
    assert filter_needles("malta or not kyiv") == (Needle(("malta",)),)
    assert filter_needles("title:harbour") == (Needle(("harbour",)),)
    # A word written with punctuation is the index's words in a row, as FTS5 reads it.
    assert filter_needles("kyiv-backed") == (Needle(("kyiv", "backed")),)
    assert filter_needles("(unclosed") == ()  # a query that cannot be read marks nothing


def test_filter_words_match_whole_words_ignoring_case_and_accents() -> None:
    text = "Peace-talks at the Café; peacetalks; talks and talking in Kyiv. Talk."
    assert found('"peace talks"', text) == ["Peace-talks"]
    assert found("cafe", text) == ["Café"]
    assert found("talk", text) == ["Talk"]  # a word, not the start of "talks"
    assert found("talk*", text) == ["talks", "talks", "talking", "Talk"]
    # The longer phrase wins over a word it starts with.
    assert found('peace "peace talks"', text) == ["Peace-talks"]


@pytest.mark.parametrize(
    ("typed", "text", "expected"),
    [
        ("malta", "MALTA and Malta, maltanese", ["MALTA", "Malta", "malta"]),
        ("peace  plan", "his peace\nplan and peace plans", ["peace\nplan", "peace plan"]),
        ("zurich", "Zürich", ["Zürich"]),
        ("a.b", "a.b axb", ["a.b"]),  # typed text is literal, not a pattern
    ],
)
def test_a_search_finds_the_text_anywhere(typed: str, text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in spans(find_pattern(typed), text)] == expected


def test_nothing_to_find() -> None:
    assert find_pattern("   ") is None
    assert needles_pattern(()) is None
    assert spans(None, "text") == []
