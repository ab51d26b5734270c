"""Names on every core, and at once for the article being read: the same names as the
recogniser's own loop, written batch by batch, with the user's corrections applied."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader import entities
from reader.indexing import NameFinder, find_names, index_paths, names_now
from reader.store import Store

STORIES = [
    ("Harbour talks", "Maria Lindqvist met officials of the Harbour Authority in Lisbon on "
     "Monday. Lindqvist said the talks with Tomas Okafor went well."),
    ("Bank warns", "The Northern Bank warned that prices in Nairobi would rise, Elena Petrova "
     "of the Energy Ministry told reporters in Oslo."),
    ("Quiet day", "Nothing much happened in the city today, and the weather stayed mild."),
]


def _archive(tmp_path: Path, copies: int = 10) -> Path:
    root = tmp_path / "archive"
    root.mkdir()
    for n in range(copies):
        for title, body in STORIES:
            (root / f"{title.replace(' ', '-')}-{n}.json").write_text(
                json.dumps({"title": f"{title} {n}", "body": body}), encoding="utf-8")
    return root


def _mentions(store: Store) -> list[tuple[str, int, int, str, str, str]]:
    return sorted(
        (r[0], r[1], r[2], r[3], r[4], r[5])
        for r in store.conn.execute(
            'SELECT a.title, m.start, m."end", m.label, m.text, m.canonical '
            "FROM mentions m JOIN articles a ON a.id = m.article_id"
        )
    )


def test_names_on_every_core_match_the_recognisers_own_loop(tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    with Store.open(tmp_path / "one.sqlite3") as one:
        index_paths(one, [archive])
        assert entities.annotate_pending(one, recogniser=entities.load_recogniser()) == 30
        expected = _mentions(one)
    done: list[tuple[int, int]] = []
    with Store.open(tmp_path / "many.sqlite3") as many:
        index_paths(many, [archive])
        assert find_names(many, NameFinder("crf"), workers=2,
                          progress=lambda d, t: done.append((d, t))) == 30
        assert _mentions(many) == expected
        assert many.pending_entity_count(entities.load_recogniser().version) == 0
        assert find_names(many, NameFinder("crf"), workers=2) == 0  # nothing left to do
    assert done[0] == (0, 30) and done[-1] == (30, 30)
    assert [d for d, _ in done] == sorted(d for d, _ in done)
    assert ("Harbour talks 0", 0, 15, "PERSON", "Maria Lindqvist", "Maria Lindqvist") in expected


def test_names_now_finds_one_articles_names_and_keeps_them(tmp_path: Path) -> None:
    archive = _archive(tmp_path, copies=1)
    with Store.open(tmp_path / "index.sqlite3") as store:
        index_paths(store, [archive])
        row = next(r for r in store.rows() if r.title.startswith("Harbour"))
        spans = names_now(store, row.id)
        assert {s.canonical for s in spans} >= {"Maria Lindqvist", "Lisbon"}
        assert store.spans(row.id) == spans  # stored: the background will skip it
        pending = store.pending_entity_count(entities.load_recogniser().version)
        assert pending == 2
        assert names_now(store, row.id) == spans  # the second time reads what is stored
        assert names_now(store, "no-such-article") == []


def test_names_now_applies_the_users_corrections(tmp_path: Path) -> None:
    archive = _archive(tmp_path, copies=1)
    with Store.open(tmp_path / "index.sqlite3") as store:
        index_paths(store, [archive])
        entities.hide_entity(store, "Lisbon")
        row = next(r for r in store.rows() if r.title.startswith("Harbour"))
        assert "Lisbon" not in {s.canonical for s in names_now(store, row.id)}


def test_an_unavailable_recogniser_is_reported_before_any_work(tmp_path: Path) -> None:
    archive = _archive(tmp_path, copies=1)
    with Store.open(tmp_path / "index.sqlite3") as store:
        index_paths(store, [archive])
        with pytest.raises(entities.RecogniserUnavailable):
            find_names(store, NameFinder("spacy", "no_such_spacy_model"))
        assert store.conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == 0
