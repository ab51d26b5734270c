"""Journalled tagging: origins, tombstones, undo/redo across restarts, read/star, previews."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.query import compile_filter
from reader.store import Store
from reader.tags import (
    all_tags,
    apply_tags,
    parse_tag_edit,
    parse_tag_words,
    preview_tags,
    redo,
    set_read,
    set_starred,
    tag_counts,
    toggle_tag,
    undo,
)
from tests.support.articles import add_article


def tags_of(store: Store, article_id: str) -> dict[str, str]:
    return {row.tag: row.origin for row in store.tags(article_id)}


@pytest.fixture
def ids(store: Store) -> list[str]:
    return [
        add_article(store, "One", topics=["Ukraine war"]),
        add_article(store, "Two"),
        add_article(store, "Three", topics=["Sport"]),
    ]


def test_apply_tags_adds_and_removes_as_one_batch(store: Store, ids: list[str]) -> None:
    change = apply_tags(store, ids[:2], add=["Politics", "to read"], remove=[])
    assert change.batch > 0
    assert change.articles == 2
    assert change.description == "+politics +to-read on 2 articles"
    assert tags_of(store, ids[1]) == {"politics": "manual", "to-read": "manual"}
    change = apply_tags(store, ids, add=[], remove=["politics"])
    assert change.article_ids == (ids[0], ids[1])  # the third had nothing to remove
    assert "politics" not in tags_of(store, ids[0])


def test_nothing_to_change_records_nothing(store: Store, ids: list[str]) -> None:
    apply_tags(store, ids, add=["a"])
    change = apply_tags(store, ids, add=["a"])
    assert (change.batch, change.articles) == (0, 0)
    assert undo(store) is not None  # undoes the first, real change
    assert undo(store) is None


def test_manual_tag_upgrades_a_source_tag(store: Store, ids: list[str]) -> None:
    assert tags_of(store, ids[0]) == {"ukraine-war": "source"}
    apply_tags(store, [ids[0]], add=["Ukraine war"])
    assert tags_of(store, ids[0]) == {"ukraine-war": "manual"}
    store.replace_source_tags(ids[0], ["ukraine-war"])  # a re-import keeps the manual tag
    assert tags_of(store, ids[0]) == {"ukraine-war": "manual"}
    undo(store)
    assert tags_of(store, ids[0]) == {"ukraine-war": "source"}


def test_removed_tags_stay_removed_for_sources_and_rules(store: Store, ids: list[str]) -> None:
    apply_tags(store, [ids[0]], remove=["ukraine-war"])
    store.replace_source_tags(ids[0], ["ukraine-war"])
    assert tags_of(store, ids[0]) == {}
    assert apply_tags(store, [ids[0]], add=["ukraine-war"], origin="rule").articles == 0
    assert tags_of(store, ids[0]) == {}
    apply_tags(store, [ids[0]], add=["ukraine-war"])  # a person may add it back
    assert tags_of(store, ids[0]) == {"ukraine-war": "manual"}


def test_rules_never_remove_manual_tags(store: Store, ids: list[str]) -> None:
    apply_tags(store, [ids[1]], add=["economy"])
    apply_tags(store, [ids[2]], add=["economy"], origin="rule")
    apply_tags(store, ids, remove=["economy"], origin="rule")
    assert tags_of(store, ids[1]) == {"economy": "manual"}
    assert tags_of(store, ids[2]) == {"sport": "source"}
    apply_tags(store, [ids[2]], add=["economy"], origin="rule")  # no tombstone was left
    assert tags_of(store, ids[2])["economy"] == "rule"


def test_origin_ranks(store: Store, ids: list[str]) -> None:
    apply_tags(store, [ids[1]], add=["x"], origin="suggestion")
    apply_tags(store, [ids[1]], add=["x"], origin="rule")  # lower: no change
    assert tags_of(store, ids[1]) == {"x": "suggestion"}
    apply_tags(store, [ids[1]], add=["x"])
    assert tags_of(store, ids[1]) == {"x": "manual"}
    with pytest.raises(ValueError):
        apply_tags(store, [ids[1]], add=["y"], origin="robot")
    with pytest.raises(ValueError):
        apply_tags(store, [ids[1]], add=["y"], remove=["Y"])


def test_undo_and_redo_walk_the_history(store: Store, ids: list[str]) -> None:
    apply_tags(store, ids, add=["a"])
    apply_tags(store, ids[:1], add=["b"], remove=["a"])
    change = undo(store)
    assert change is not None and change.description == "+b -a on 1 article"
    assert tags_of(store, ids[0]) == {"a": "manual", "ukraine-war": "source"}
    undo(store)
    assert all("a" not in tags_of(store, i) for i in ids)
    assert undo(store) is None
    redo(store)
    assert all(tags_of(store, i).get("a") == "manual" for i in ids)
    redo(store)
    assert tags_of(store, ids[0]) == {"b": "manual", "ukraine-war": "source"}
    assert redo(store) is None


def test_a_new_change_after_undo_drops_the_redo_branch(store: Store, ids: list[str]) -> None:
    apply_tags(store, ids, add=["a"])
    apply_tags(store, ids, add=["b"])
    undo(store)
    apply_tags(store, ids, add=["c"])
    assert redo(store) is None
    assert all(set(tags_of(store, i)) >= {"a", "c"} for i in ids)
    assert all("b" not in tags_of(store, i) for i in ids)
    undo(store)
    undo(store)
    assert all(not {"a", "b", "c"} & set(tags_of(store, i)) for i in ids)


def test_undo_restores_tombstones_too(store: Store, ids: list[str]) -> None:
    apply_tags(store, [ids[0]], remove=["ukraine-war"])
    undo(store)
    assert tags_of(store, ids[0]) == {"ukraine-war": "source"}
    assert store.conn.execute("SELECT count(*) FROM tag_tombstones").fetchone()[0] == 0
    redo(store)
    assert store.conn.execute("SELECT count(*) FROM tag_tombstones").fetchone()[0] == 1


def test_undo_works_across_restarts(tmp_path: Path) -> None:
    path = tmp_path / "reader.sqlite3"
    with Store.open(path) as first:
        article_id = add_article(first, "Kept")
        apply_tags(first, [article_id], add=["remember"])
        set_read(first, [article_id], True)
    with Store.open(path) as second:
        change = undo(second)
        assert change is not None and change.description == "read on 1 article"
        undo(second)
        assert second.tags(article_id) == []
    with Store.open(path) as third:
        redo(third)
        assert [t.tag for t in third.tags(article_id)] == ["remember"]


def test_read_and_starred_are_undoable(store: Store, ids: list[str]) -> None:
    assert set_read(store, ids[:2], True).articles == 2
    assert set_read(store, ids, True).articles == 1  # only the one still unread
    set_starred(store, [ids[2]], True)
    article = store.article(ids[2])
    assert article is not None and article.read and article.starred
    undo(store)
    undo(store)
    article = store.article(ids[2])
    assert article is not None and not article.read and not article.starred
    assert store.count(compile_filter("is:read")) == 2
    change = set_read(store, [ids[0]], False)
    assert change.description == "unread on 1 article"


def test_preview_writes_nothing(store: Store, ids: list[str]) -> None:
    apply_tags(store, [ids[0]], add=["a"])
    before = store.conn.execute("SELECT count(*) FROM journal").fetchone()[0]
    assert preview_tags(store, ids, add=["a"], remove=[]) == 2
    assert preview_tags(store, ids, add=[], remove=["a", "sport"]) == 2
    assert preview_tags(store, ids, add=[], remove=["nothing"]) == 0
    assert store.conn.execute("SELECT count(*) FROM journal").fetchone()[0] == before
    assert [t.tag for t in store.tags(ids[1])] == []


def test_toggle_tag(store: Store, ids: list[str]) -> None:
    toggle_tag(store, ids[:1], "star-story")
    assert "star-story" in tags_of(store, ids[0])
    toggle_tag(store, ids[:2], "star-story")  # not everyone has it: add to the rest
    assert "star-story" in tags_of(store, ids[1])
    toggle_tag(store, ids[:2], "star-story")
    assert "star-story" not in tags_of(store, ids[0]) | tags_of(store, ids[1])


def test_parse_tag_edit() -> None:
    assert parse_tag_edit("+a -b c") == (["a", "c"], ["b"])
    assert parse_tag_edit('+"Ukraine war" -Sport') == (["ukraine-war"], ["sport"])
    assert parse_tag_edit("+a -a") == ([], ["a"])
    assert parse_tag_edit('+"unclosed') == (['"unclosed'], [])
    assert parse_tag_edit("  ") == ([], [])


def test_parse_tag_words_takes_words_already_split() -> None:
    # What the shell hands `reader tag`: one argument may hold a space.
    assert parse_tag_words(["+Ukraine war", "-Sport", "+later"]) == (
        ["ukraine-war", "later"],
        ["sport"],
    )
    assert parse_tag_words(["+a", "-a", "+a"]) == (["a"], [])
    assert parse_tag_words(["+", "-"]) == ([], [])
    assert parse_tag_edit('+"Ukraine war" -Sport') == parse_tag_words(["+Ukraine war", "-Sport"])


def test_tag_counts_and_all_tags(store: Store, ids: list[str]) -> None:
    apply_tags(store, ids, add=["ukraine-war"])
    apply_tags(store, ids[:1], add=["ruled"], origin="rule")
    assert tag_counts(store) == [
        ("ukraine-war", {"manual": 3}),
        ("ruled", {"rule": 1}),
        ("sport", {"source": 1}),
    ]
    assert all_tags(store) == ["ruled", "sport", "ukraine-war"]


def test_journal_keeps_a_bounded_history(store: Store, ids: list[str]) -> None:
    import reader.tags as tags_module

    limit = tags_module.KEEP_BATCHES
    tags_module.KEEP_BATCHES = 3
    try:
        for number in range(6):
            apply_tags(store, ids[:1], add=[f"t{number}"])
    finally:
        tags_module.KEEP_BATCHES = limit
    batches = store.conn.execute("SELECT count(DISTINCT batch) FROM journal").fetchone()[0]
    assert batches == 3
