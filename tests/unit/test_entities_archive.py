"""Names across the archive: a surname alone grouped with the full name similar articles of the
same period use, types settled by every article, the user's corrections winning and undoable,
and queries that agree with the grouping."""

from __future__ import annotations

import re

import pytest

from reader import tags
from reader.entities import (
    add_alias,
    annotate_pending,
    entity_counts,
    group_across_archive,
    grouped_forms,
    hide_entity,
    regroup_names,
    remove_alias,
    set_label,
    split_entity,
    split_grouped,
    unsplit_entity,
)
from reader.listing import entity_filter_text
from reader.model import Article, Block, EntityLabel, Span
from reader.query import compile_filter
from reader.store import Store


class Listed:
    """A recogniser that finds exactly the names it is given (longest first): the archive pass
    is tested on known input, through the same path as the shipped recogniser's."""

    name = "listed"
    version = 9_000

    def __init__(self, names: dict[str, EntityLabel]) -> None:
        self.names = names
        pattern = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        self.pattern = re.compile(rf"\b(?:{pattern})\b")

    def spans(self, text: str) -> list[Span]:
        return [
            Span(m.start(), m.end(), self.names[m.group()], m.group())
            for m in self.pattern.finditer(text)
        ]


NAMES: dict[str, EntityLabel] = {
    "Harriet Vance": "PERSON",
    "Ms Vance": "PERSON",
    "Vance": "PERSON",
    "Maria Okonkwo": "PERSON",
    "Daniel Okonkwo": "PERSON",
    "Okonkwo": "PERSON",
    "Mr Okonkwo": "PERSON",
    "Tobias Reed": "PERSON",
    "Reed": "PERSON",
    "Kestrel": "PERSON",
    "Harbour Council": "ORG",
    "Lowmoor": "PLACE",
}
RECOGNISER = Listed(NAMES)


def put(
    store: Store,
    text: str,
    *,
    number: int,
    topic: str = "politics",
    date: str = "2024-03-01",
    source: str = "",
) -> str:
    with store.transaction():
        path = f"/archive/{number}.txt"
        file_id = store.save_file(
            path=path, size=1, mtime_ns=1, hash=path, format="text", status="ok"
        )
        article = Article(
            f"Story {number}", [Block("paragraph", text)], date=date, source=source,
            topics=[topic] if topic else [],
        )
        return store.put_article(article, file_id, number)


def index(store: Store) -> None:
    annotate_pending(store, recogniser=RECOGNISER)
    regroup_names(store)


def shown(store: Store, article_id: str) -> dict[str, str]:
    """Each mention's text -> the name it is shown under."""
    stored = store.article(article_id)
    assert stored is not None
    return {s.text: s.canonical for s in stored.spans}


def count(store: Store, query: str) -> int:
    return store.count(compile_filter(query))


@pytest.fixture
def vance(store: Store) -> dict[str, str]:
    """Four articles naming Harriet Vance in full, one that only says "Ms Vance"."""
    ids = {
        f"full{n}": put(store, f"Harriet Vance spoke on day {n}. Vance agreed.", number=n)
        for n in range(4)
    }
    ids["alone"] = put(store, "Ms Vance said the Harbour Council would meet.", number=10)
    index(store)
    return ids


def test_a_surname_alone_takes_the_full_name_the_archive_uses(
    store: Store, vance: dict[str, str]
) -> None:
    assert shown(store, vance["alone"])["Vance"] == "Harriet Vance"
    assert shown(store, vance["full0"])["Vance"] == "Harriet Vance"  # within the article
    groups = store.archive_groups([vance["alone"]])[vance["alone"]]
    assert [(g.name, g.canonical, g.evidence, g.others) for g in groups] == [
        ("Vance", "Harriet Vance", 4, 0)
    ]
    counts = {c.canonical: c.articles for c in entity_counts(store)}
    assert counts["Harriet Vance"] == 5 and "Vance" not in counts
    # The query resolves the surname through the grouping: both find the same five, and so
    # does Enter on the name in the entity panel.
    assert count(store, "person:Vance") == count(store, 'person:"Harriet Vance"') == 5
    assert count(store, entity_filter_text("Harriet Vance", "PERSON")) == 5
    assert store.archive_pending() == []


def test_too_little_evidence_or_another_topic_or_period_leaves_it_alone(store: Store) -> None:
    for n in range(2):
        put(store, f"Tobias Reed spoke on day {n}.", number=n)
    for n in range(2, 6):
        put(store, f"Tobias Reed won on day {n}.", number=n, topic="sport")
    for n in range(6, 10):
        put(store, f"Tobias Reed said on day {n}.", number=n, date="2019-01-05")
    alone = put(store, "Reed said so.", number=20)
    index(store)
    # Two similar articles of the period only: sport's and 2019's do not count.
    assert shown(store, alone)["Reed"] == "Reed"
    sporting = put(store, "Reed scored.", number=21, topic="sport")
    index(store)
    assert shown(store, sporting)["Reed"] == "Tobias Reed"


def test_a_surname_two_people_share_alike_stays_alone(store: Store) -> None:
    number = 0
    for first in ("Maria", "Daniel"):
        for _ in range(3):
            put(store, f"{first} Okonkwo spoke ({number}).", number=number)
            number += 1
    alone = put(store, "Mr Okonkwo said so.", number=50)
    index(store)
    assert shown(store, alone)["Okonkwo"] == "Okonkwo"
    assert group_across_archive(store, articles=[alone]) == {alone: []}
    # Without a dominant full name, person:Okonkwo is the name as written, not either one.
    assert count(store, "person:Okonkwo") == 1


def test_the_pass_is_incremental(store: Store, vance: dict[str, str]) -> None:
    before = store.archive_groups(list(vance.values()))
    later = put(store, "Vance left early.", number=30)
    annotate_pending(store, recogniser=RECOGNISER)
    assert store.archive_pending() == [later]
    assert regroup_names(store, cancelled=lambda: True) == 0  # stopped: still due
    assert regroup_names(store) == 1  # only the new article is gone through
    assert shown(store, later)["Vance"] == "Harriet Vance"
    assert store.archive_groups(list(vance.values())) == before
    assert regroup_names(store) == 0


def test_types_are_settled_by_every_article(store: Store) -> None:
    recogniser = Listed({**NAMES, "Kestrel": "PERSON"})
    for n in range(4):
        put(store, f"Kestrel reported profits ({n}).", number=n)
    odd = put(store, "Kestrel reported losses.", number=9)
    annotate_pending(store, recogniser=recogniser)
    # As if the tagger had called it an organisation there.
    store.rewrite_mentions(
        [r._replace(found_label="ORG", label="ORG") for r in store.mention_rows([odd])[odd]]
    )
    regroup_names(store, [odd])
    labels = {s.canonical: s.label for s in (store.article(odd) or pytest.fail()).spans}
    assert labels["Kestrel"] == "PERSON"


def test_a_merge_wins_over_the_archive_and_undo_takes_it_back(
    store: Store, vance: dict[str, str]
) -> None:
    assert add_alias(store, "Vance", "Vance family") >= 1
    assert shown(store, vance["alone"])["Vance"] == "Vance family"
    # Within an article that names Harriet Vance, her surname stays hers.
    assert shown(store, vance["full0"])["Vance"] == "Harriet Vance"

    change = tags.undo(store)
    assert change is not None and "Vance merged into Vance family" in change.description
    assert shown(store, vance["alone"])["Vance"] == "Harriet Vance"
    assert store.entity_rules() == []
    assert tags.redo(store) is not None
    assert shown(store, vance["alone"])["Vance"] == "Vance family"
    assert remove_alias(store, "Vance") is not None
    assert shown(store, vance["alone"])["Vance"] == "Harriet Vance"
    assert tags.undo(store) is not None  # the removal is a step too
    assert shown(store, vance["alone"])["Vance"] == "Vance family"


def test_a_split_undoes_grouping_survives_indexing_and_is_undoable(
    store: Store, vance: dict[str, str]
) -> None:
    assert grouped_forms(store, vance["full0"], "Harriet Vance") == ["Vance"]
    assert split_entity(store, "Vance", "Harriet Vance") == 5
    assert shown(store, vance["alone"])["Vance"] == "Vance"
    assert shown(store, vance["full0"])["Vance"] == "Vance"
    assert count(store, "person:Vance") == 5  # every "Vance", no longer resolved
    assert count(store, 'person:"Harriet Vance"') == 4

    store.conn.execute("UPDATE articles SET entities_version = 0")
    index(store)
    assert shown(store, vance["alone"])["Vance"] == "Vance"
    assert shown(store, vance["full1"])["Vance"] == "Vance"

    assert tags.undo(store) is not None
    assert shown(store, vance["alone"])["Vance"] == "Harriet Vance"
    assert shown(store, vance["full1"])["Vance"] == "Harriet Vance"
    assert count(store, "person:Vance") == count(store, 'person:"Harriet Vance"') == 5
    assert tags.redo(store) is not None
    assert unsplit_entity(store, "Vance", "Harriet Vance") == 5
    assert unsplit_entity(store, "Vance", "Harriet Vance") is None
    # "Not the same" in the panel: every form grouped under the name there, one step.
    assert split_grouped(store, vance["full2"], "Harriet Vance") == ["Vance"]
    assert shown(store, vance["full2"])["Vance"] == "Vance"
    change = tags.undo(store)
    assert change is not None and change.description == "Vance kept apart from Harriet Vance"
    assert split_grouped(store, vance["full2"], "Lowmoor") == []


def test_hide_and_type_corrections_are_undone_from_stored_mentions(
    store: Store, vance: dict[str, str]
) -> None:
    assert hide_entity(store, "Harbour Council") == 1
    assert "Harbour Council" not in shown(store, vance["alone"])
    assert set_label(store, "Harriet Vance", "org") == 9
    change = tags.undo(store)
    assert change is not None and change.description == "Harriet Vance typed ORG"
    assert {s.label for s in (store.article(vance["alone"]) or pytest.fail()).spans} == {
        "PERSON"
    }
    tags.undo(store)
    assert shown(store, vance["alone"])["Harbour Council"] == "Harbour Council"
    assert tags.undo(store) is None


def test_a_deleted_article_leaves_no_evidence(store: Store, vance: dict[str, str]) -> None:
    store.conn.execute("DELETE FROM articles WHERE id = ?", (vance["full0"],))
    assert store.surname_rows("vance") and all(
        r.article_id != vance["full0"] for r in store.surname_rows("vance")
    )
