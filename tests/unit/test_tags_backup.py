"""Tag backups: dump and restore, surviving a deleted and rebuilt index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.backup import DUMP_HEADER, DumpError, dump, restore
from reader.indexer import index_paths
from reader.query import compile_filter
from reader.store import Store
from reader.tags import apply_tags, set_read, set_starred, undo
from tests.support.articles import add_article


def tags_of(store: Store, article_id: str) -> dict[str, str]:
    return {row.tag: row.origin for row in store.tags(article_id)}


def _write_archive(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    lines = [
        json.dumps(
            {
                "title": f"Story {n}",
                "body": f"Paragraph one of story {n}.\n\nParagraph two.",
                "date": f"2024-01-{n:02d}",
                "url": f"https://example.org/story/{n}",
                "source": "Example Daily",
                "tags": ["economy", "Europe"],
            }
        )
        for n in range(1, 7)
    ]
    (root / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")


def test_dump_survives_deleting_and_rebuilding_the_index(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    _write_archive(root)
    database = tmp_path / "data" / "reader.sqlite3"
    with Store.open(database) as store:
        index_paths(store, [root])
        ids = [row.id for row in store.rows(compile_filter("sort:date"))]
        assert len(ids) == 6
        assert tags_of(store, ids[0]) == {"economy": "source", "europe": "source"}
        apply_tags(store, ids[:3], add=["to read", "Ukraine"])
        apply_tags(store, ids[1:2], remove=["economy"])  # removed on purpose: must stay gone
        apply_tags(store, ids[4:], add=["ruled"], origin="rule")
        apply_tags(store, ids[5:], add=["c++ 100%=sure"])
        set_read(store, ids[::2], True)
        set_starred(store, ids[3:4], True)
        before = list(dump(store))
        state_before = {i: (tags_of(store, i), _flags(store, i)) for i in ids}

    for suffix in ("", "-wal", "-shm"):
        Path(str(database) + suffix).unlink(missing_ok=True)

    with Store.open(database) as store:
        index_paths(store, [root])
        assert tags_of(store, ids[1]) == {"economy": "source", "europe": "source"}
        changed = restore(store, before)
        assert changed == 6
        assert list(dump(store)) == before
        assert {i: (tags_of(store, i), _flags(store, i)) for i in ids} == state_before
        assert "economy" not in tags_of(store, ids[1])
        assert tags_of(store, ids[5])["c++-100%=sure"] == "manual"


def _flags(store: Store, article_id: str) -> tuple[bool, bool]:
    stored = store.article(article_id)
    assert stored is not None
    return stored.read, stored.starred


def test_dump_format(store: Store) -> None:
    first = add_article(store, "One", topics=["Sport"])
    second = add_article(store, "Two")
    add_article(store, "Untouched")
    apply_tags(store, [first], add=["b", "a"])
    apply_tags(store, [first], remove=["sport"])
    apply_tags(store, [second], add=["x y=z"], origin="suggestion")
    set_read(store, [first], True)
    set_starred(store, [first], True)
    lines = list(dump(store))
    assert lines[0] == DUMP_HEADER
    assert sorted(lines[1:]) == sorted(
        [
            f"{first} +a +b -sport is:read is:starred",
            f"{second} +x-y%3Dz=suggestion",
        ]
    )


def test_restore_sets_listed_articles_exactly_and_is_undoable(store: Store) -> None:
    first = add_article(store, "One", topics=["Sport"])
    second = add_article(store, "Two")
    apply_tags(store, [first, second], add=["old"])
    set_read(store, [first], True)
    changed = restore(store, ["# a comment", "", f"{first} +new -sport is:starred"])
    assert changed == 1
    assert tags_of(store, first) == {"new": "manual"}
    stored = store.article(first)
    assert stored is not None and stored.starred and not stored.read
    assert tags_of(store, second) == {"old": "manual"}  # not listed: left alone
    undo(store)
    assert tags_of(store, first) == {"old": "manual", "sport": "source"}
    stored = store.article(first)
    assert stored is not None and stored.read and not stored.starred


def test_restore_of_the_same_dump_changes_nothing(store: Store) -> None:
    first = add_article(store, "One", topics=["Sport"])
    apply_tags(store, [first], add=["a"])
    assert restore(store, list(dump(store))) == 0


def test_restore_keeps_ids_it_does_not_know_yet(store: Store) -> None:
    assert restore(store, ["feedfacefeedface +later"]) == 1
    later = add_article(store, "Later")
    assert [t.tag for t in store.tags("feedfacefeedface")] == ["later"]
    assert store.tags(later) == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("+tag", "line 2: expected an article id first"),
        ("abc +t=robot", "line 2: unknown tag origin 'robot'"),
        ("abc read", "line 2: expected +tag, -tag, is:read or is:starred: 'read'"),
        ("abc +", "line 2: empty tag"),
    ],
)
def test_malformed_lines_write_nothing(store: Store, line: str, message: str) -> None:
    with pytest.raises(DumpError) as caught:
        restore(store, ["abc +fine", line])
    assert str(caught.value).startswith(message)
    assert store.tags("abc") == []
