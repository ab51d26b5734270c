"""Undo takes the right step: deliberate changes (tags, stars, read marks set by hand, bulk
changes) before the read marks that opening articles sets, and redo takes back the last undo."""

from __future__ import annotations

import pytest

from reader import tags
from reader.store import Store
from reader.tags import apply_tags, redo, set_read, set_starred, undo
from tests.support.articles import add_article


def is_read(store: Store, article_id: str) -> bool:
    return store.flags([article_id], "read").get(article_id, (False, ""))[0]


def tag_names(store: Store, article_id: str) -> set[str]:
    return {row.tag for row in store.tags(article_id)}


@pytest.fixture
def ids(store: Store) -> list[str]:
    return [add_article(store, f"Story {number}") for number in range(4)]


def test_tag_then_open_two_then_undo_takes_the_tag(store: Store, ids: list[str]) -> None:
    apply_tags(store, [ids[0]], add=["war"])
    set_read(store, [ids[1]], incidental=True)  # n: opened, so read
    set_read(store, [ids[2]], incidental=True)  # n again
    change = undo(store)
    assert change is not None and change.description == "+war on 1 article"
    assert tag_names(store, ids[0]) == set()
    assert is_read(store, ids[1]) and is_read(store, ids[2])
    # With no deliberate change left, reading is taken back, newest first.
    change = undo(store)
    assert change is not None and change.article_ids == (ids[2],)
    assert not is_read(store, ids[2]) and is_read(store, ids[1])


def test_redo_takes_back_the_last_undo(store: Store, ids: list[str]) -> None:
    apply_tags(store, [ids[0]], add=["war"])
    set_read(store, [ids[1]], incidental=True)
    set_starred(store, [ids[3]])
    undo(store)  # the star
    undo(store)  # the tag
    undo(store)  # the read mark
    assert not is_read(store, ids[1])
    redo(store)
    assert is_read(store, ids[1]) and tag_names(store, ids[0]) == set()
    redo(store)
    assert tag_names(store, ids[0]) == {"war"}
    redo(store)
    assert store.flags([ids[3]], "starred")[ids[3]][0]
    assert redo(store) is None


def test_opening_an_article_after_an_undo_keeps_the_redo(store: Store, ids: list[str]) -> None:
    apply_tags(store, [ids[0]], add=["war"])
    undo(store)
    set_read(store, [ids[1]], incidental=True)
    change = redo(store)
    assert change is not None and tag_names(store, ids[0]) == {"war"}
    # A deliberate change does end it.
    undo(store)
    set_read(store, [ids[2]])
    assert redo(store) is None


def test_a_read_mark_set_by_hand_is_deliberate(store: Store, ids: list[str]) -> None:
    apply_tags(store, [ids[0]], add=["war"])
    set_read(store, [ids[1]])  # r
    set_read(store, [ids[2]], incidental=True)
    undo(store)
    assert not is_read(store, ids[1]) and is_read(store, ids[2])
    assert tag_names(store, ids[0]) == {"war"}


def test_reading_never_pushes_a_deliberate_change_out(
    store: Store, ids: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tags, "KEEP_BATCHES", 3)
    apply_tags(store, [ids[0]], add=["war"])
    for _ in range(4):  # more reading than the history keeps
        for article_id in ids[1:]:
            set_read(store, [article_id], incidental=True)
            set_read(store, [article_id], False, incidental=True)
    kinds = store.conn.execute(
        "SELECT incidental, count(DISTINCT batch) FROM journal GROUP BY incidental"
    ).fetchall()
    assert {tuple(row) for row in kinds} == {(0, 1), (1, 3)}
    assert undo(store) is not None and tag_names(store, ids[0]) == set()


def test_a_name_merge_then_reading_then_undo_takes_the_merge(
    store: Store, ids: list[str]
) -> None:
    from reader.entities import add_alias, rules

    set_read(store, [ids[3]], incidental=True)  # an older article opened
    add_alias(store, "US", "United States")
    set_read(store, [ids[1]], incidental=True)  # opened after the merge
    change = undo(store)
    assert change is not None and "US" in change.description
    assert not any(rule.name == "US" for rule in rules(store))
    assert is_read(store, ids[1]) and is_read(store, ids[3])
    assert redo(store) is not None and any(rule.name == "US" for rule in rules(store))
