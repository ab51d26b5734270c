"""Entities stored at index time, counted across the archive, and curated by the user."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.entities import (
    add_alias,
    annotate_pending,
    canonical_names,
    entity_counts,
    hide_entity,
    load_recogniser,
    pending_count,
    set_label,
    unhide_entity,
)
from reader.entities.recogniser import CRF_VERSION
from reader.model import Article, Block, Span
from reader.store import Store

CRF = load_recogniser("crf")

FIRST = (
    "Ukrainian President Volodymyr Zelensky met officials in Kyiv on Monday.\n\n"
    "Zelensky said the talks with the United States had gone well."
)
SECOND = "Officials in Washington said the US would keep supporting Kyiv, Zelensky said."
THIRD = "Obviously the weather in Malta was fine, said Maria Zakharova."


def put(store: Store, title: str, paragraphs: list[str], path: str) -> str:
    with store.transaction():
        file_id = store.save_file(
            path=path, size=1, mtime_ns=1, hash=path, format="text", status="ok"
        )
        article = Article(title=title, blocks=[Block("paragraph", p) for p in paragraphs])
        return store.put_article(article, file_id, 0)


@pytest.fixture
def archive(store: Store) -> dict[str, str]:
    return {
        "first": put(store, "One", FIRST.split("\n\n"), "/one.txt"),
        "second": put(store, "Two", [SECOND], "/two.txt"),
        "third": put(store, "Three", [THIRD], "/three.txt"),
    }


def spans(store: Store, article_id: str) -> list[Span]:
    stored = store.article(article_id)
    assert stored is not None
    return stored.spans


def test_annotate_pending_stores_grouped_mentions(store: Store, archive: dict[str, str]) -> None:
    assert pending_count(store, CRF) == 3
    seen: list[tuple[int, int]] = []
    progress = lambda done, total: seen.append((done, total))  # noqa: E731
    assert annotate_pending(store, recogniser=CRF, progress=progress) == 3
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)
    assert pending_count(store, CRF) == 0
    stored = store.article(archive["first"])
    assert stored is not None
    body = stored.article.body
    for span in stored.spans:
        assert body[span.start : span.end] == span.text
    names = {(s.text, s.canonical, s.label) for s in stored.spans}
    assert ("Zelensky", "Volodymyr Zelensky", "PERSON") in names
    assert ("Kyiv", "Kyiv", "PLACE") in names
    # Nothing left to do: a second run touches nothing.
    assert annotate_pending(store, recogniser=CRF) == 0


def test_annotate_pending_is_batched_and_resumable(store: Store, archive: dict[str, str]) -> None:
    calls = 0

    def cancel_after_first_batch() -> bool:
        nonlocal calls
        calls += 1
        return calls > 1

    assert (
        annotate_pending(
            store, recogniser=CRF, batch_size=1, cancelled=cancel_after_first_batch
        )
        == 1
    )
    assert pending_count(store, CRF) == 2
    assert annotate_pending(store, batch_size=2, recogniser=CRF) == 2
    versions = {r[0] for r in store.conn.execute("SELECT entities_version FROM articles")}
    assert versions == {CRF_VERSION}


def test_changed_body_is_annotated_again(store: Store, archive: dict[str, str]) -> None:
    annotate_pending(store, recogniser=CRF)
    put(store, "One", ["Angela Merkel visited Paris."], "/one.txt")
    # A new body is a new article here only if the title and date match: the id is the same.
    assert pending_count(store, CRF) == 1
    annotate_pending(store, recogniser=CRF)
    assert {s.text for s in spans(store, archive["first"])} == {"Angela Merkel", "Paris"}


def test_changed_byline_is_annotated_again(store: Store, archive: dict[str, str]) -> None:
    annotate_pending(store, recogniser=CRF)
    with store.transaction():
        file_id = store.save_file(
            path="/one.txt", size=2, mtime_ns=2, hash="again", format="text", status="ok"
        )
        article = Article(
            title="One", byline="By Reuters",
            blocks=[Block("paragraph", p) for p in FIRST.split("\n\n")],
        )
        store.put_article(article, file_id, 0)
    assert pending_count(store, CRF) == 1
    annotate_pending(store, recogniser=CRF)
    assert "Reuters" in {s.text for s in spans(store, archive["first"])}


def test_entity_counts(store: Store, archive: dict[str, str]) -> None:
    annotate_pending(store, recogniser=CRF)
    counts = {c.canonical: c for c in entity_counts(store)}
    zelensky = counts["Volodymyr Zelensky"]
    assert zelensky.label == "PERSON"
    assert zelensky.articles == 1 and zelensky.mentions == 2
    assert counts["Kyiv"].articles == 2
    people = entity_counts(store, label="person")
    assert people and all(c.label == "PERSON" for c in people)
    assert [c.canonical for c in entity_counts(store, name="zakh")] == ["Maria Zakharova"]
    # A query chooses the articles whose names are counted.
    in_malta = {c.canonical for c in entity_counts(store, "malta")}
    assert "Maria Zakharova" in in_malta and "Volodymyr Zelensky" not in in_malta
    assert entity_counts(store, "weather", name="zakh")[0].articles == 1
    with pytest.raises(ValueError):
        entity_counts(store, label="animal")


def test_alias_merges_existing_and_future_mentions(store: Store, archive: dict[str, str]) -> None:
    annotate_pending(store, recogniser=CRF)
    assert add_alias(store, "US", "United States") >= 1
    assert add_alias(store, "U.S.", "United States") == 0
    assert canonical_names(store, "US") == {"US", "U.S.", "United States"}
    assert canonical_names(store, "united states") >= {"US", "U.S."}
    assert canonical_names(store, "Nowhere") == {"Nowhere"}
    second = {s.text: s.canonical for s in spans(store, archive["second"])}
    assert second["US"] == "United States"
    counts = {c.canonical: c for c in entity_counts(store)}
    assert "US" not in counts and counts["United States"].articles == 2
    # A search for an alias finds the entity it points to.
    assert "United States" in {c.canonical for c in entity_counts(store, name="US")}

    # Re-annotating (a new model version, a re-index) keeps the rule.
    store.conn.execute("UPDATE articles SET entities_version = 0")
    annotate_pending(store, recogniser=CRF)
    second = {s.text: s.canonical for s in spans(store, archive["second"])}
    assert second["US"] == "United States"


def test_alias_chain_and_loop(store: Store, archive: dict[str, str]) -> None:
    add_alias(store, "Zelenskyy", "Zelensky")
    add_alias(store, "Zelensky", "Volodymyr Zelensky")
    assert canonical_names(store, "Zelenskyy") == {
        "Zelenskyy", "Zelensky", "Volodymyr Zelensky",
    }
    with pytest.raises(ValueError):
        add_alias(store, "Volodymyr Zelensky", "Zelenskyy")
    with pytest.raises(ValueError):
        add_alias(store, "Kyiv", "kyiv")


def test_hide_removes_mentions_now_and_later(store: Store, archive: dict[str, str]) -> None:
    annotate_pending(store, recogniser=CRF)
    assert "Malta" in {s.text for s in spans(store, archive["third"])}
    assert hide_entity(store, "malta") == 1
    assert "Malta" not in {s.text for s in spans(store, archive["third"])}
    store.conn.execute("UPDATE articles SET entities_version = 0")
    annotate_pending(store, recogniser=CRF)
    assert "Malta" not in {s.text for s in spans(store, archive["third"])}
    assert "Malta" not in {c.canonical for c in entity_counts(store)}

    assert unhide_entity(store, "Malta") == 1
    annotate_pending(store, recogniser=CRF)
    assert "Malta" in {s.text for s in spans(store, archive["third"])}
    assert unhide_entity(store, "Malta") == 0


def test_label_correction_applies_everywhere(store: Store, archive: dict[str, str]) -> None:
    annotate_pending(store, recogniser=CRF)
    assert set_label(store, "Kyiv", "org") == 2
    assert {s.label for s in spans(store, archive["second"]) if s.text == "Kyiv"} == {"ORG"}
    store.conn.execute("UPDATE articles SET entities_version = 0")
    annotate_pending(store, recogniser=CRF)
    assert {s.label for s in spans(store, archive["first"]) if s.text == "Kyiv"} == {"ORG"}
    counts = {c.canonical: c.label for c in entity_counts(store)}
    assert counts["Kyiv"] == "ORG"
    with pytest.raises(ValueError):
        set_label(store, "Kyiv", "animal")


def test_rules_are_user_data_that_survive_the_index(store: Store, archive: dict[str, str]) -> None:
    hide_entity(store, "Obviously")
    add_alias(store, "US", "United States")
    store.conn.execute("DELETE FROM articles")
    store.conn.execute("DELETE FROM mentions")
    rules = store.conn.execute("SELECT kind, name FROM entity_rules ORDER BY id").fetchall()
    assert [(r["kind"], r["name"]) for r in rules] == [("hide", "Obviously"), ("alias", "US")]


def test_a_failing_article_does_not_stop_the_rest(store: Store, archive: dict[str, str]) -> None:
    class Flaky:
        name = "flaky"
        version = 7

        def spans(self, text: str) -> list[Span]:
            if "Malta" in text:
                raise RuntimeError("boom")
            return [Span(0, 5, "PLACE", text[:5])]

    assert annotate_pending(store, recogniser=Flaky()) == 3
    assert spans(store, archive["third"]) == []
    assert len(spans(store, archive["first"])) == 1


def test_an_index_of_the_previous_schema_keeps_corrections_and_reads_names_again(
    tmp_path: Path,
) -> None:
    import sqlite3

    from reader.store.database import split_sql
    from reader.store.schema import MIGRATIONS

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    for script in MIGRATIONS[:3]:
        for statement in split_sql(script):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 3")
    conn.execute(
        "INSERT INTO articles (id, title, added_at, updated_at, entities_version) "
        "VALUES ('a1', 'Old', 'x', 'x', 3)"
    )
    conn.execute(
        "INSERT INTO mentions (article_id, start, \"end\", label, text, canonical) "
        "VALUES ('a1', 0, 4, 'PLACE', 'Kyiv', 'Kyiv')"
    )
    conn.execute(
        "INSERT INTO entity_rules (kind, name, target, created_at) "
        "VALUES ('alias', 'US', 'United States', 'then')"
    )
    conn.close()
    with Store.open(path) as store:
        assert [(r.kind, r.name, r.target) for r in store.entity_rules()] == [
            ("alias", "US", "United States")
        ]
        assert store.pending_entity_count(CRF.version) == 1
        store.put_entity_rule("split", "Blair", target="Tony Blair")  # the widened check
        assert store.mention_rows(["a1"])["a1"][0].found == ""
