"""The shipped recogniser on the seed article, real typography, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.entities import load_recogniser, recognise
from reader.entities.grouping import group
from reader.entities.recogniser import CrfRecogniser
from reader.entities.tokens import MAX_SENTENCE_TOKENS
from reader.model import Span
from tests.support import FIXTURES as ALL_FIXTURES
from tests.support import REPO

FIXTURES = ALL_FIXTURES / "entities"
CRF = load_recogniser("crf")
TITLE = "Russia Rejects Kyiv-Backed Peace Talks in Malta"


def seed_body(seed_path: Path) -> str:
    """The seed's body as the cleaner keeps it: the nine paragraphs, blank-line separated."""
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("Russia on Thursday"))
    last = next(i for i, line in enumerate(lines) if line.endswith("counteroffensive."))
    return "\n\n".join(line for line in lines[first : last + 1] if line.strip())


def by_text(spans: list[Span]) -> dict[str, Span]:
    return {s.text: s for s in spans}


def assert_offsets(text: str, spans: list[Span]) -> None:
    for span in spans:
        assert text[span.start : span.end] == span.text


def test_seed_body_people_places_and_organisations(seed_path: Path) -> None:
    body = seed_body(seed_path)
    spans = recognise(body, CRF)
    assert_offsets(body, spans)
    found = by_text(spans)
    for name in ("Volodymyr Zelensky", "Maria Zakharova", "Andriy Yermak"):
        assert found[name].label == "PERSON"
    for name in ("Malta", "Jeddah", "Copenhagen", "Kyiv", "Russia", "Ukraine", "Luhansk",
                 "Donetsk", "Kherson", "Zaporizhzhia"):
        assert found[name].label == "PLACE", name
    assert found["Foreign Ministry"].label == "ORG"
    texts = {s.text for s in spans}
    assert not texts & {"Obviously", "She", "Read", "Read more"}


def test_seed_surname_groups_under_the_full_name(seed_path: Path) -> None:
    body = seed_body(seed_path)
    zelensky = [s for s in recognise(body, CRF) if s.text == "Zelensky"]
    assert zelensky and all(s.canonical == "Volodymyr Zelensky" for s in zelensky)
    assert all(s.label == "PERSON" for s in zelensky)


def test_seed_possessives_are_not_part_of_names(seed_path: Path) -> None:
    body = seed_body(seed_path)
    spans = recognise(body, CRF)
    assert all(not s.text.endswith("'s") for s in spans)
    ukraine = [s for s in spans if s.text == "Ukraine"]
    assert len(ukraine) == body.count("Ukraine")


def test_seed_title_case_headline() -> None:
    spans = recognise(TITLE, CRF)
    assert_offsets(TITLE, spans)
    assert [(s.text, s.label) for s in spans] == [
        ("Russia", "PLACE"),
        ("Kyiv", "PLACE"),
        ("Malta", "PLACE"),
    ]


def test_seed_caption_and_byline_organisations() -> None:
    caption = "Russian Foreign Ministry / Facebook"
    assert by_text(recognise(caption, CRF))["Russian Foreign Ministry"].label == "ORG"
    assert by_text(recognise("By AFP", CRF))["AFP"].label == "ORG"


def test_curly_quotes_dashes_and_abbreviations() -> None:
    text = (FIXTURES / "article.txt").read_text(encoding="utf-8")
    spans = recognise(text, CRF)
    assert_offsets(text, spans)
    found = by_text(spans)
    assert found["Ukraine"].label == "PLACE"  # from "Ukraine’s"
    assert found["Oleksandr Syrskyi"].label == "PERSON"
    assert found["Syrskyi"].canonical == "Oleksandr Syrskyi"
    assert found["Zelensky"].canonical == "Volodymyr Zelensky"
    assert found["Kyiv"].label == "PLACE"
    assert found["Brussels"].label == "PLACE"
    assert found["NATO"].label == "ORG"
    assert found["U.S."].label == "PLACE"  # narrowed from "U.S.-backed"


def test_all_caps_headline() -> None:
    text = "RUSSIA REJECTS KYIV-BACKED PEACE TALKS IN MALTA"
    labels = {s.text: s.label for s in recognise(text, CRF)}
    assert labels.get("RUSSIA") == "PLACE"
    assert labels.get("MALTA") == "PLACE"
    assert "PEACE TALKS" not in labels


def test_grouping_prefers_mixed_case_and_unique_full_names() -> None:
    spans = [
        Span(0, 6, "PLACE", "MOSCOW"),
        Span(10, 16, "PLACE", "Moscow"),
        Span(20, 31, "PERSON", "Anna Petrova"),
        Span(40, 51, "PERSON", "Ivan Petrov"),
        Span(60, 66, "PERSON", "Petrov"),
        Span(70, 83, "ORG", "Justice Ministry"),
        Span(90, 114, "ORG", "Ukrainian Justice Ministry"),
    ]
    grouped = {(s.start, s.canonical) for s in group(spans)}
    assert (0, "Moscow") in grouped
    assert (60, "Ivan Petrov") in grouped
    assert (70, "Ukrainian Justice Ministry") in grouped


def test_grouping_leaves_ambiguous_surnames_alone() -> None:
    spans = [
        Span(0, 11, "PERSON", "Anna Petrov"),
        Span(20, 31, "PERSON", "Ivan Petrov"),
        Span(40, 46, "PERSON", "Petrov"),
    ]
    assert group(spans)[2].canonical == "Petrov"


def test_grouping_gives_one_label_per_entity() -> None:
    spans = [
        Span(0, 5, "PERSON", "Smith"),
        Span(10, 15, "ORG", "Smith"),
        Span(20, 25, "PERSON", "Smith"),
    ]
    assert {s.label for s in group(spans)} == {"PERSON"}


# ---- bad input: no crash, bounded work, no absurd entities -------------------------------


@pytest.fixture(scope="module")
def recogniser() -> CrfRecogniser:
    return CrfRecogniser()


def test_long_article_is_tagged_in_bounded_sentences(
    recogniser: CrfRecogniser, monkeypatch: pytest.MonkeyPatch
) -> None:
    paragraph = (
        "Prime Minister Anna Lind met officials from the World Bank in Stockholm on Monday, "
        "and said the talks with Norway had gone well for both sides.\n\n"
    )
    text = paragraph * 800  # 20,800 words
    lengths: list[int] = []
    tag_document = recogniser.tagger.tag_document

    def recording(sentences: list[list[str]]) -> list[list[str]]:
        lengths.extend(len(s) for s in sentences)
        return tag_document(sentences)

    monkeypatch.setattr(recogniser.tagger, "tag_document", recording)
    spans = recogniser.spans(text)
    assert len(text.split()) >= 20_000
    assert max(lengths) <= MAX_SENTENCE_TOKENS
    # Work is per sentence, so it grows with the text: 800 paragraphs, 800 sentences.
    assert len(lengths) == 800
    assert_offsets(text, spans)
    assert {s.text for s in spans} >= {"Anna Lind", "World Bank", "Stockholm", "Norway"}


def test_five_thousand_character_sentence(
    recogniser: CrfRecogniser, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = ("the committee in Geneva discussed the matter with delegates from Kenya and "
            "Peru while ") * 60
    assert len(text) >= 5000 and "." not in text
    lengths: list[int] = []
    tag_document = recogniser.tagger.tag_document

    def recording(sentences: list[list[str]]) -> list[list[str]]:
        lengths.extend(len(s) for s in sentences)
        return tag_document(sentences)

    monkeypatch.setattr(recogniser.tagger, "tag_document", recording)
    spans = recogniser.spans(text)
    assert max(lengths) <= MAX_SENTENCE_TOKENS
    assert_offsets(text, spans)
    assert all(len(s.text.split()) <= 3 for s in spans)


@pytest.mark.parametrize("name", ["german.txt", "russian.txt"])
def test_non_english_text_yields_no_entities(recogniser: CrfRecogniser, name: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert recogniser.spans(text) == []


def test_page_of_numbers_yields_no_entities(recogniser: CrfRecogniser) -> None:
    text = (FIXTURES / "results.txt").read_text(encoding="utf-8") * 20
    spans = recogniser.spans(text)
    assert all(any(c.isalpha() for c in s.text) for s in spans)
    assert len(spans) <= 20  # at most the one title word per copy


def test_control_characters(recogniser: CrfRecogniser) -> None:
    text = "Talks in Malta\x00 were \x1b[2Jheld.\x07 Volodymyr\x0b Zelensky \x7fspoke in Kyiv."
    spans = recogniser.spans(text)
    assert_offsets(text, spans)
    assert {"Malta", "Kyiv"} <= {s.text for s in spans}
    assert all("\x00" not in s.text and "\x1b" not in s.text for s in spans)


def test_empty_and_blank_text(recogniser: CrfRecogniser) -> None:
    assert recogniser.spans("") == []
    assert recogniser.spans(" \n\n\t ") == []
    assert recognise("", CRF) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Obviously Zelensky agreed.", "Zelensky"),
        ('"Obviously Zelensky agreed," she said.', "Zelensky"),
        ("Talks ended. Obviously Zelensky agreed.", "Zelensky"),
    ],
)
def test_sentence_opening_word_is_not_part_of_a_name(text: str, name: str) -> None:
    spans = recognise(text, CRF)
    assert_offsets(text, spans)
    assert not any("Obviously" in s.text for s in spans)
    assert name in {s.text for s in spans}


def test_sentence_opening_words_are_kept_when_they_can_be_names() -> None:
    # "US" is not "us"; "Will" is a first name as often as it is a verb.
    assert "US" in {s.text for s in recognise("US officials met in Kyiv.", CRF)}
    assert "Will Smith" in {s.text for s in recognise("Will Smith arrived in Kyiv.", CRF)}
    # Mid-sentence the capital is the writer's choice, not the sentence's: left alone.
    spans = recognise("She met Obviously Zelensky.", CRF)
    assert {s.text for s in spans} == {"Obviously Zelensky"}


def test_a_standalone_slash_separates_names() -> None:
    text = "Maria Zakharova / Facebook"
    assert {s.text for s in recognise(text, CRF)} >= {"Maria Zakharova"}
    assert all("/" not in s.text for s in recognise(text, CRF))


def test_sentence_words_list_is_derived_from_the_corpus() -> None:
    from reader.entities.casing import derive_sentence_words
    from reader.entities.sentence_words import SENTENCE_WORDS

    assert {"obviously", "she", "however", "meanwhile"} <= SENTENCE_WORDS
    assert not {"may", "will", "the", "march"} & SENTENCE_WORDS
    corpus = REPO.parent / "shared" / "corpora" / "conll2003"
    if not (corpus / "eng.train").is_file():
        pytest.skip("CoNLL-2003 not available here")
    assert set(derive_sentence_words(corpus / "eng.train")) == SENTENCE_WORDS


def test_opener_words_are_common_words_that_start_no_names() -> None:
    from reader.entities.casing import derive_sentence_words
    from reader.entities.sentence_words import OPENER_WORDS

    assert {"former", "obviously", "make"} <= OPENER_WORDS
    # Words that open names as often ("New York", "Western Australia", "Real Madrid").
    assert not {"new", "western", "real", "united", "will", "may"} & OPENER_WORDS
    corpus = REPO.parent / "shared" / "corpora" / "conll2003"
    if not (corpus / "eng.train").is_file():
        pytest.skip("CoNLL-2003 not available here")
    assert set(derive_sentence_words(corpus / "eng.train", closed_only=False)) == OPENER_WORDS


def test_a_common_word_opening_a_name_is_cut() -> None:
    spans = recognise("Tony Blair spoke.\n\nFormer Labour leader Neil Kinnock agreed.", CRF)
    assert "Former Labour" not in {s.text for s in spans}
    assert "Labour" in {s.text for s in spans}


def test_sentence_word_criteria(tmp_path: Path) -> None:
    from reader.entities.casing import derive_sentence_words

    rows = [
        # "yet": lower case or sentence-initial only, an adverb -> listed.
        "Yet RB O O", "it PRP O O", "rained VBD O O", ". . O O", "",
        "it PRP O O", "rained VBD O O", "yet RB O O", ". . O O", "",
        # "may": a modal, but "May" mid-sentence is a month -> not listed.
        "it PRP O O", "may MD O O", "rain VB O O", "in IN O O", "May NNP O O", ". . O O", "",
        "May MD O O", "it PRP O O", "rain VB O O", ". . O O", "",
        # "walked": not a closed-class word -> not listed.
        "He PRP O O", "walked VBD O O", ". . O O", "",
        "he PRP O O", "walked VBD O O", ". . O O", "",
    ]
    path = tmp_path / "eng.train"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert derive_sentence_words(path) == ["he", "it", "yet"]


def test_well_known_names_the_tagger_misses_are_found_in_credits() -> None:
    spans = recognise("Photo: Maria Zakharova / Facebook", CRF)
    found = {(s.text, s.label) for s in spans}
    assert found >= {("Maria Zakharova", "PERSON"), ("Facebook", "ORG")}


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("Brooks Stadium was full.", "Brooks Stadium", "PLACE"),
        ("Smith said Kellogg Center would reopen.", "Kellogg Center", "PLACE"),
    ],
)
def test_a_building_is_never_a_person(text: str, name: str, label: str) -> None:
    """The model reads "Brooks Stadium" as a person by its first word; its last word says
    what it is."""
    found = {(s.text, s.label) for s in recognise(text, load_recogniser("crf"))}
    assert (name, label) in found
    assert (name, "PERSON") not in found
