"""Grouping within an article: titles, surnames and first names, possessives, run-ons, and one
type per entity decided over all its mentions."""

from __future__ import annotations

import pytest

from reader.entities.grouping import clean_name, group, is_page_furniture, strip_titles
from reader.model import EntityLabel, Span


def spans_in(text: str, *mentions: tuple[str, EntityLabel]) -> list[Span]:
    """Spans for the given mention texts, found in order in ``text``."""
    spans: list[Span] = []
    position = 0
    for mention, label in mentions:
        start = text.index(mention, position)
        spans.append(Span(start, start + len(mention), label, mention))
        position = start + len(mention)
    return spans


def canonical_of(spans: list[Span]) -> list[tuple[str, str, str]]:
    return [(s.text, s.canonical, s.label) for s in spans]


def test_titles_are_not_part_of_the_name() -> None:
    text = (
        "Prime Minister Tony Blair spoke. Mr Blair said so. Later Dr. Rowan Evans and "
        "Sir Digby Jones agreed with Mr Evans."
    )
    spans = group(
        spans_in(
            text,
            ("Prime Minister Tony Blair", "PERSON"),
            ("Mr Blair", "PERSON"),
            ("Dr. Rowan Evans", "PERSON"),
            ("Sir Digby Jones", "PERSON"),
            ("Mr Evans", "PERSON"),
        )
    )
    assert canonical_of(spans) == [
        ("Tony Blair", "Tony Blair", "PERSON"),
        ("Blair", "Tony Blair", "PERSON"),
        ("Rowan Evans", "Rowan Evans", "PERSON"),
        ("Digby Jones", "Digby Jones", "PERSON"),
        ("Evans", "Rowan Evans", "PERSON"),
    ]
    for span in spans:  # offsets narrowed with the text
        assert text[span.start : span.end] == span.text


def test_a_title_alone_is_not_a_name_but_a_surname_that_looks_like_one_is() -> None:
    text = "The Chancellor spoke to President Obi. Mr Major replied."
    spans = group(
        spans_in(text, ("Chancellor", "PERSON"), ("President", "PERSON"), ("Mr Major", "PERSON"))
    )
    assert canonical_of(spans) == [("Major", "Major", "PERSON")]
    assert strip_titles("Prime Minister") == ""
    assert strip_titles("Lord of the Rings") == "Lord of the Rings"


def test_possessives_and_trailing_punctuation_never_make_a_new_name() -> None:
    text = "Gordon Brown's budget. Brown, then Brown. And 'Brown’s' plan, said U.S. Corp."
    spans = group(
        spans_in(
            text,
            ("Gordon Brown's", "PERSON"),
            ("Brown,", "PERSON"),
            ("Brown.", "PERSON"),
            ("'Brown’s'", "PERSON"),
        )
    )
    assert {s.canonical for s in spans} == {"Gordon Brown"}
    assert [s.text for s in spans] == ["Gordon Brown", "Brown", "Brown", "Brown"]
    assert clean_name("U.S.") == "U.S."
    assert clean_name("Acme Corp.") == "Acme Corp."


def test_surname_and_first_name_alone_join_the_full_name() -> None:
    text = "Charles Kennedy arrived. Kennedy spoke, and Charles smiled."
    spans = group(
        spans_in(
            text, ("Charles Kennedy", "PERSON"), ("Kennedy", "ORG"), ("Charles", "PERSON")
        )
    )
    assert {s.canonical for s in spans} == {"Charles Kennedy"}
    assert {s.label for s in spans} == {"PERSON"}


def test_an_ambiguous_surname_stays_alone() -> None:
    text = "Tony Blair and Cherie Blair arrived. Blair waved."
    spans = group(
        spans_in(text, ("Tony Blair", "PERSON"), ("Cherie Blair", "PERSON"), ("Blair", "PERSON"))
    )
    assert spans[-1].canonical == "Blair"


def test_run_on_names_are_split() -> None:
    text = "Blair Labour record\n\nTony Blair has led the Labour party longest."
    spans = group(
        spans_in(
            text, ("Blair Labour", "PERSON"), ("Tony Blair", "PERSON"), ("Labour", "ORG")
        )
    )
    assert canonical_of(spans) == [
        ("Blair", "Tony Blair", "PERSON"),
        ("Labour", "Labour", "ORG"),
        ("Tony Blair", "Tony Blair", "PERSON"),
        ("Labour", "Labour", "ORG"),
    ]
    assert [text[s.start : s.end] for s in spans] == [s.text for s in spans]


def test_names_that_only_look_run_on_stay_whole() -> None:
    text = "The Russian Foreign Ministry said. Russian officials and the Foreign Ministry agreed."
    spans = group(
        spans_in(
            text,
            ("Russian Foreign Ministry", "ORG"),
            ("Russian", "OTHER"),
            ("Foreign Ministry", "ORG"),
        )
    )
    assert spans[0].text == "Russian Foreign Ministry"
    assert spans[2].canonical == "Russian Foreign Ministry"


@pytest.mark.parametrize("name", ["Google", "Twitter", "Amazon", "Sony", "Nintendo"])
def test_well_known_companies_are_never_people(name: str) -> None:
    text = f"{name} said. {name} and {name} again."
    spans = group(spans_in(text, (name, "PERSON"), (name, "PERSON"), (name, "PLACE")))
    assert {s.label for s in spans} == {"ORG"}


def test_type_is_decided_over_all_mentions() -> None:
    text = "Quorvex grew. Quorvex hired. Quorvex sold."
    spans = group(spans_in(text, ("Quorvex", "ORG"), ("Quorvex", "PERSON"), ("Quorvex", "ORG")))
    assert {s.label for s in spans} == {"ORG"}


@pytest.mark.parametrize(
    "name", ["Permalink", "Read more", "https://example.org/news", "www.example.com", "a@b.org"]
)
def test_addresses_and_page_words_are_not_names(name: str) -> None:
    assert is_page_furniture(name)
    assert group([Span(0, len(name), "PERSON", name)]) == []


def test_names_are_not_page_furniture() -> None:
    assert not is_page_furniture("Home Office")
    assert not is_page_furniture("Tony Blair")


def test_a_list_of_two_well_known_names_is_two_names() -> None:
    text = "on Twitter and Facebook"
    spans = group(spans_in(text, ("Twitter and Facebook", "ORG")))
    assert canonical_of(spans) == [("Twitter", "Twitter", "ORG"), ("Facebook", "Facebook", "ORG")]
    assert [text[s.start : s.end] for s in spans] == ["Twitter", "Facebook"]


def test_an_acronym_in_a_sentence_stays_as_written_a_headline_in_capitals_does_not() -> None:
    text = (
        "MORAG SINCLAIR WINS FOR QUORVEX\n"
        "WASHINGTON — Officials said DACA and NASA rules would be reviewed by QUORVEX staff."
    )
    spans = group(
        spans_in(
            text,
            ("MORAG SINCLAIR", "PERSON"),
            ("WASHINGTON", "PLACE"),
            ("DACA", "OTHER"),
            ("NASA", "ORG"),
            ("QUORVEX", "ORG"),
        ),
        text,
    )
    assert [s.canonical for s in spans] == [
        "Morag Sinclair", "Washington", "DACA", "NASA", "QUORVEX"
    ]
    # Without the text there is no telling: names in capitals take their usual case.
    assert [s.canonical for s in group(spans_in(text, ("DACA", "OTHER")))] == ["Daca"]


def test_products_initials_and_things_are_not_people() -> None:
    text = (
        "Chelsea Clinton wore an Apple Watch. L. said the Nintendo Switch PDF was in S. Dakota."
    )
    spans = group(
        spans_in(
            text,
            ("Chelsea Clinton", "PERSON"),
            ("Apple Watch", "PERSON"),
            ("L.", "PERSON"),
            ("Nintendo Switch", "PERSON"),
            ("PDF", "ORG"),
            ("S.", "PLACE"),
        ),
        text,
    )
    assert canonical_of(spans) == [
        ("Chelsea Clinton", "Chelsea Clinton", "PERSON"),  # a club's name, and hers
        ("Apple Watch", "Apple Watch", "OTHER"),
        ("Nintendo Switch", "Nintendo Switch", "OTHER"),
    ]


def test_an_unlisted_product_of_a_listed_company_is_not_a_person() -> None:
    """The rule, not the list: "Samsung Galaxy" and "Google Stadia" are not listed, their
    companies are."""
    text = "Samsung Galaxy sales rose while Google Stadia closed."
    spans = group(
        spans_in(text, ("Samsung Galaxy", "PERSON"), ("Google Stadia", "PERSON")), text
    )
    assert canonical_of(spans) == [
        ("Samsung Galaxy", "Samsung Galaxy", "OTHER"),
        ("Google Stadia", "Google Stadia", "OTHER"),
    ]


def test_todays_products_and_companies_take_their_listed_type() -> None:
    text = "On the Mac, Dropbox and iCloud sync files."
    spans = group(
        spans_in(text, ("Mac", "PLACE"), ("Dropbox", "PERSON"), ("iCloud", "ORG")), text
    )
    assert [(s.canonical, s.label) for s in spans] == [
        ("Mac", "OTHER"), ("Dropbox", "ORG"), ("iCloud", "OTHER")
    ]
