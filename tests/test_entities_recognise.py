"""The shipped recogniser on the seed article, real typography, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.entities import recognise
from reader.entities.grouping import group
from reader.entities.recogniser import CrfRecogniser
from reader.entities.tokens import MAX_SENTENCE_TOKENS
from reader.model import Span

FIXTURES = Path(__file__).parent / "fixtures" / "entities"
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
    spans = recognise(body)
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
    zelensky = [s for s in recognise(body) if s.text == "Zelensky"]
    assert zelensky and all(s.canonical == "Volodymyr Zelensky" for s in zelensky)
    assert all(s.label == "PERSON" for s in zelensky)


def test_seed_possessives_are_not_part_of_names(seed_path: Path) -> None:
    body = seed_body(seed_path)
    spans = recognise(body)
    assert all(not s.text.endswith("'s") for s in spans)
    ukraine = [s for s in spans if s.text == "Ukraine"]
    assert len(ukraine) == body.count("Ukraine")


def test_seed_title_case_headline() -> None:
    spans = recognise(TITLE)
    assert_offsets(TITLE, spans)
    assert [(s.text, s.label) for s in spans] == [
        ("Russia", "PLACE"),
        ("Kyiv", "PLACE"),
        ("Malta", "PLACE"),
    ]


def test_seed_caption_and_byline_organisations() -> None:
    caption = "Russian Foreign Ministry / Facebook"
    assert by_text(recognise(caption))["Russian Foreign Ministry"].label == "ORG"
    assert by_text(recognise("By AFP"))["AFP"].label == "ORG"


def test_curly_quotes_dashes_and_abbreviations() -> None:
    text = (FIXTURES / "article.txt").read_text(encoding="utf-8")
    spans = recognise(text)
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
    labels = {s.text: s.label for s in recognise(text)}
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
    assert recognise("") == []
