"""Text that is not a tidy English article: capitals throughout, lower-case posts, tables of
names, a very long transcript, other languages. No crash, work that grows with the text, and
no flood of false names."""

from __future__ import annotations

import pytest

from reader.entities import load_recogniser, recognise
from reader.entities.crf import CrfRecogniser
from reader.model import Span
from tests.support import FIXTURES as ALL_FIXTURES

FIXTURES = ALL_FIXTURES / "entities"
CRF = load_recogniser("crf")


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def names(spans: list[Span]) -> dict[str, str]:
    return {s.canonical: s.label for s in spans}


def assert_offsets(text: str, spans: list[Span]) -> None:
    for span in spans:
        assert text[span.start : span.end] == span.text


def test_an_article_in_capitals_is_read_in_ordinary_case() -> None:
    text = read("allcaps.txt")
    spans = recognise(text, CRF)
    assert_offsets(text, spans)
    found = names(spans)
    assert found.get("Morag Sinclair") == "PERSON"
    for place in ("Inverness", "Thurso", "Scrabster"):
        assert found.get(place) == "PLACE", place
    assert found.get("Highland Harbour Council") == "ORG"
    # Canonical names are not shouted, and common words are not names.
    assert not any(name.isupper() and len(name) > 4 for name in found)
    assert not {"The Cost", "Cost", "Harbour", "Council"} & set(found)


def test_lower_case_posts_give_no_false_names() -> None:
    assert recognise(read("tweets.txt"), CRF) == []


def test_a_table_of_names_gives_people_and_places_not_headings() -> None:
    text = read("names_table.txt")
    spans = recognise(text, CRF)
    assert_offsets(text, spans)
    found = names(spans)
    people = [
        "Amelia Hartley", "Tomasz Wojcik", "Priya Raman", "Oluwaseun Adeyemi",
        "Henrik Lindqvist", "Carmen Delgado", "Kenji Watanabe", "Fiona MacLeod",
    ]
    assert sum(found.get(p) == "PERSON" for p in people) >= 7
    assert sum(found.get(p) == "PLACE" for p in ("Chennai", "Lagos", "Osaka", "Uppsala")) >= 3
    assert not {"Name", "Role", "Office", "Chair", "Treasurer", "Member"} & set(found)


@pytest.mark.parametrize("name", ["spanish.txt", "french.txt", "german.txt", "russian.txt"])
def test_other_languages_give_few_or_no_names(name: str) -> None:
    assert len(recognise(read(name), CRF)) <= 2


def test_a_twenty_thousand_word_transcript_is_read_sentence_by_sentence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    turns = [
        "HOST: Welcome back. With me in Leeds is Amelia Hartley of the Harbour Trust.",
        "HARTLEY: Thank you. We spoke to the council in Inverness last week about it.",
        "HOST: and what did they say about the money, honestly?",
        "HARTLEY: well, um, they said they would look at it again in the spring.",
    ]
    text = "\n".join(turns * 400)  # about 20,000 words, one long document
    assert len(text.split()) >= 20_000
    recogniser = CrfRecogniser()
    lengths: list[int] = []
    tag_document = recogniser.tagger.tag_document

    def recording(sentences: list[list[str]]) -> list[list[str]]:
        lengths.extend(len(s) for s in sentences)
        return tag_document(sentences)

    monkeypatch.setattr(recogniser.tagger, "tag_document", recording)
    spans = recogniser.spans(text)
    assert_offsets(text, spans)
    # Work is per sentence: every turn line is split, none grows with the document.
    assert max(lengths) <= 20
    assert len(lengths) >= len(turns) * 400
    found = {s.text for s in spans}
    assert {"Amelia Hartley", "Leeds"} <= found
    # Speaker labels and fillers do not multiply into names: a handful of distinct ones.
    assert len(found) <= 12
