"""The store: WAL, migrations, full text, and user data that outlives the index."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from reader.model import Article, Block, fingerprint
from reader.query import compile_filter
from reader.store import ChromeLines, SchemaTooNewError, Store
from reader.store.schema import SCHEMA_VERSION


def _put(store: Store, title: str, body: str, path: str = "/a.txt", **meta: Any) -> str:
    with store.transaction():
        file_id = store.save_file(
            path=path, size=1, mtime_ns=1, hash="h", format="text", status="ok"
        )
        return store.put_article(
            Article(title=title, blocks=[Block("paragraph", body)], **meta), file_id, 0
        )


def test_database_is_wal_and_versioned(store: Store) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_newer_schema_is_refused_not_damaged(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(SchemaTooNewError):
        Store.open(path)


def test_full_text_follows_updates(store: Store) -> None:
    article_id = _put(store, "Harbour news", "The ferry sailed at dawn.")
    match = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
    assert store.conn.execute(match, ("ferry",)).fetchall()
    _put(store, "Harbour news", "The tram was late.")
    assert not store.conn.execute(match, ("ferry",)).fetchall()
    assert store.conn.execute(match, ("tram",)).fetchall()
    assert store.article(article_id) is not None


def test_identity_is_the_story_not_the_file() -> None:
    by_url = fingerprint(
        url="https://www.site.example/a/?utm_source=x#c", source="S", title="T", date="2023-01-01"
    )
    assert by_url == fingerprint(url="http://site.example/a", source="", title="", date="")
    by_meta = fingerprint(url="", source="The Times", title="Big  News!", date="2023-01-01T10:00")
    assert by_meta == fingerprint(url="", source="the times", title="big news", date="2023-01-01")


def test_user_state_survives_the_article_leaving_the_index(store: Store) -> None:
    article_id = _put(store, "Gone soon", "Words.")
    with store.transaction():
        store.set_flag([article_id], "starred", True)
        store.conn.execute("DELETE FROM locations")
        assert store.drop_orphans() == 1
    assert store.article(article_id) is None
    back = _put(store, "Gone soon", "Words.")
    assert back == article_id
    stored = store.article(article_id)
    assert stored is not None and stored.starred


def test_source_tags_never_revive_a_removed_tag(store: Store) -> None:
    article_id = _put(store, "Tagged", "Words.")
    with store.transaction():
        store.conn.execute("INSERT INTO tag_tombstones VALUES (?, 'war', 'now')", (article_id,))
        store.replace_source_tags(article_id, ["war", "peace"])
    assert [t.tag for t in store.tags(article_id)] == ["peace"]


def test_rows_window_by_rowid_keeps_order(store: Store) -> None:
    ids = [
        _put(store, f"T{n}", "x", path=f"/{n}.txt", date=f"2023-01-{n + 1:02d}") for n in range(5)
    ]
    rowids = store.rowids()
    assert [r.id for r in store.rows_by_rowid(rowids[1:3])] == [ids[3], ids[2]]
    assert store.resolve_id(ids[0][:6]) == ids[0]


def test_one_selection_for_counts_ids_rowids_and_rows(store: Store) -> None:
    ids = [
        _put(store, f"T{n}", "harbour" if n % 2 else "market", path=f"/{n}.txt",
             date=f"2023-01-{n + 1:02d}")
        for n in range(6)
    ]
    newest_first = ids[::-1]
    store.set_flag(ids[:2], "read", True)
    everything = compile_filter("")
    assert store.count() == store.count(everything) == 6
    assert store.article_ids() == newest_first
    assert list(store.rowids()) == [r.rowid for r in store.rows()]
    assert [r.id for r in store.rows(everything, limit=2)] == newest_first[:2]
    assert store.unread_count() == 4

    unread = compile_filter("is:unread")  # reads the state table
    assert store.count(unread) == 4 == store.unread_count(unread)
    assert store.article_ids(unread) == newest_first[:4]

    limited = compile_filter("sort:date limit:3")
    assert store.article_ids(limited) == ids[:3]
    assert store.count(limited) == 3
    assert store.unread_count(limited) == 1  # of the three oldest, two are read
    assert len(store.rowids(limited, limit=2)) == 2
    assert len(store.rows(limited, limit=10)) == 3  # the filter's own limit holds

    harbour = compile_filter("harbour")
    assert store.article_ids(harbour.among([ids[0], ids[1], ids[3]])) == [ids[3], ids[1]]
    assert sorted(store.article_ids(limited.unordered())) == sorted(ids)
    assert store.rowid_of(ids[2]) == store.rows(compile_filter(f"id:{ids[2]}"))[0].rowid
    assert store.rowid_of("nope") is None


def test_chrome_lines_count_each_file_content_once(store: Store) -> None:
    lines = store.chrome_lines()
    assert lines.line_counts("site") == {} and not lines.counted("site", "d1")
    with store.transaction():
        lines.add_counts({("site", "h1"): 2, ("site", "#files"): 2}, [("site", "d1")])
    lines.add_counts({("site", "h1"): 1}, [("site", "d2")])  # a transaction of its own
    assert lines.line_counts("site") == {"h1": 3, "#files": 2}
    assert lines.counted("site", "d1") and lines.counted("site", "d2")
    assert not lines.counted("other", "d1")


def test_chrome_lines_of_a_read_only_index_learn_nothing(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite3"
    Store.open(path).close()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    lines = ChromeLines(Store(conn, path))
    lines.add_counts({("site", "h1"): 1}, [("site", "d1")])  # dropped, never raised
    assert lines.line_counts("site") == {}
    conn.close()
