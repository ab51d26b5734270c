"""Tokenizer and sentence splitter for raw article text: offsets always map back."""

from __future__ import annotations

from reader.entities.tokens import MAX_SENTENCE_TOKENS, sentences, tokenize


def words(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


def test_offsets_map_back_to_the_original_text() -> None:
    text = "Ukraine’s “peace” plan — U.S.-led, Gen. Smith's view… don't\tstop\x07 ÉTÉ 1996-08-30."
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text


def test_possessives_and_clitics_are_split_off() -> None:
    assert words("Ukraine's plan") == ["Ukraine", "'s", "plan"]
    assert words("Ukraine’s plan") == ["Ukraine", "’s", "plan"]
    assert words("they don't") == ["they", "do", "n't"]
    assert words("O'Neill said") == ["O'Neill", "said"]


def test_hyphenated_names_stay_whole() -> None:
    assert words("Russia Rejects Kyiv-Backed Peace Talks") == [
        "Russia",
        "Rejects",
        "Kyiv-Backed",
        "Peace",
        "Talks",
    ]
    assert words("Guinea-Bissau and anti-Russian") == ["Guinea-Bissau", "and", "anti-Russian"]


def test_abbreviations_keep_their_dots() -> None:
    assert words("the U.S. and Gen. Smith and J. Doe") == [
        "the", "U.S.", "and", "Gen.", "Smith", "and", "J.", "Doe",
    ]
    assert words("It ended.") == ["It", "ended", "."]


def test_typography_is_normalised_for_features() -> None:
    tokens = tokenize("“Kyiv’s” — fine")
    assert [t.norm for t in tokens] == ['"', "Kyiv", "'s", '"', "--", "fine"]


def test_numbers_keep_inner_punctuation() -> None:
    assert words("On 1996-08-30 it rose 3.5% to 1,200 in the 1990s, 61st") == [
        "On", "1996-08-30", "it", "rose", "3.5", "%", "to", "1,200", "in", "the", "1990s", ",",
        "61st",
    ]


def test_sentences_split_at_full_stops_and_lines_not_abbreviations() -> None:
    text = 'Gen. Smith met Mr. Jones in the U.S. today. "We agreed," he said.\nNew line here'
    split = [[t.text for t in s] for s in sentences(tokenize(text), text)]
    assert split == [
        ["Gen.", "Smith", "met", "Mr.", "Jones", "in", "the", "U.S.", "today", "."],
        ['"', "We", "agreed", ",", '"', "he", "said", "."],
        ["New", "line", "here"],
    ]


def test_all_caps_headline_is_one_sentence() -> None:
    text = "RUSSIA REJECTS KYIV-BACKED PEACE TALKS IN MALTA"
    assert len(sentences(tokenize(text), text)) == 1


def test_run_on_sentence_is_chunked_to_a_bounded_length() -> None:
    text = "word, " * 2000
    chunks = sentences(tokenize(text), text)
    assert max(len(c) for c in chunks) <= MAX_SENTENCE_TOKENS
    assert sum(len(c) for c in chunks) == 4000


def test_control_characters_do_not_break_offsets() -> None:
    text = "Moscow\x00 and\x1b[31m Kyiv\x7f"
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text
    assert "Kyiv" in words(text)
