"""A file read again whose story took a new id (a new title, and no URL to fix the id): the
article is replaced, and what the reader made on the old id (tags with their origin, removed
tags, read and starred, dismissed suggestions) goes with the story; undo still takes back the
reader's own steps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.indexer import index_paths
from reader.store import Store, TagRow
from reader.store.suggestions import rejected
from reader.topics.suggestions import reject_suggestion

FERRY = "Ferry service returns to the island"
FERRY_AGAIN = "Island ferry back in service after repairs"
BRIDGE = "Bridge to the mainland closes for a week"


def _scrape(title: str, first: str = "The ferry to the island sailed again on Monday") -> str:
    return "\n".join(
        [
            "Harbour Gazette",
            title,
            f"{first} after three weeks in dry dock for repairs to its hull.",
            "Islanders who had relied on a chartered fishing boat said they were glad of it.",
            "The operator said winter sailings would follow the usual pattern next month.",
            "",
        ]
    )


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    out = capsys.readouterr().out
    assert code == 0, out
    return out


def _only(store: Store, title: str) -> str:
    [row] = [r for r in store.rows() if r.title == title]
    return row.id


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "scrapes"
    folder.mkdir()
    return folder


def test_new_title_keeps_tags_marks_and_dismissals(
    root: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    story = root / "ferry.txt"
    story.write_text(_scrape(FERRY), encoding="utf-8")
    index_paths(store, [root], workers=0)
    old_id = _only(store, FERRY)
    run(capsys, "tag", "ferry", "+island-life", "+later")
    run(capsys, "tag", "ferry", "-later")  # removed on purpose: a tombstone
    run(capsys, "read", "ferry")
    run(capsys, "star", "ferry")
    assert reject_suggestion(store, old_id, "weather")
    before = store.article(old_id)
    assert before is not None and before.read and before.starred

    story.write_text(_scrape(FERRY_AGAIN), encoding="utf-8")
    summary = index_paths(store, [root])  # written by a worker process, as a run does
    assert summary.read == 1

    assert store.count() == 1
    new_id = _only(store, FERRY_AGAIN)
    assert new_id != old_id and store.article(old_id) is None
    after = store.article(new_id)
    assert after is not None
    assert after.tags == before.tags  # origin and time kept
    assert after.tags == [TagRow("island-life", "manual", before.tags[0].created_at)]
    assert after.removed_tags == ["later"]
    assert after.read and after.starred
    assert rejected(store, new_id) == ["weather"]
    # Nothing left behind on the old id to come back if the old title did.
    assert store.tags(old_id) == [] and store.removed_tags(old_id) == []
    assert rejected(store, old_id) == []

    # Undo takes back the reader's own steps on the article they see, newest first.
    assert run(capsys, "undo") == "Undid: starred on 1 article\n"
    shown = store.article(new_id)
    assert shown is not None and not shown.starred and shown.read
    run(capsys, "undo")
    shown = store.article(new_id)
    assert shown is not None and not shown.read
    run(capsys, "undo")  # -later taken back: the tag is there again
    assert [t.tag for t in store.tags(new_id)] == ["island-life", "later"]
    run(capsys, "redo")
    assert [t.tag for t in store.tags(new_id)] == ["island-life"]
    assert store.removed_tags(new_id) == ["later"]


def test_story_still_saved_elsewhere_moves_nothing(
    root: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    (root / "ferry.txt").write_text(_scrape(FERRY), encoding="utf-8")
    (root / "ferry copy.txt").write_text(_scrape(FERRY), encoding="utf-8")
    index_paths(store, [root], workers=0)
    old_id = _only(store, FERRY)  # one story saved twice: one article, two paths
    run(capsys, "tag", "ferry", "+island-life")
    run(capsys, "star", "ferry")

    (root / "ferry copy.txt").write_text(_scrape(FERRY_AGAIN), encoding="utf-8")
    index_paths(store, [root], workers=0)

    assert store.count() == 2
    old = store.article(old_id)
    new = store.article(_only(store, FERRY_AGAIN))
    assert old is not None and new is not None
    assert old.paths == [str(root / "ferry.txt")]
    assert [t.tag for t in old.tags] == ["island-life"] and old.starred
    assert new.tags == [] and not new.starred and not new.read


def test_new_id_with_marks_of_its_own_is_merged(
    root: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    """The story takes the title of another saved story: one article with both files, holding
    both sets of marks; where both had a word on one tag, the one the new id had stays."""
    ferry = root / "ferry.txt"
    ferry.write_text(_scrape(FERRY), encoding="utf-8")
    (root / "bridge.txt").write_text(
        _scrape(BRIDGE, "The bridge to the mainland shut on Monday"), encoding="utf-8"
    )
    index_paths(store, [root], workers=0)
    old_id, new_id = _only(store, FERRY), _only(store, BRIDGE)
    run(capsys, "tag", "bridge", "+beta", "+gamma", "+shared")
    run(capsys, "read", "bridge")
    theirs = {t.tag: t for t in store.tags(new_id)}
    run(capsys, "tag", "ferry", "+alpha", "+shared")
    run(capsys, "star", "ferry")
    run(capsys, "tag", "ferry", "+gamma")
    run(capsys, "tag", "ferry", "-gamma")  # on the old id only: the new id keeps its gamma
    alpha = store.tags(old_id)[0]

    ferry.write_text(_scrape(BRIDGE), encoding="utf-8")
    index_paths(store, [root], workers=0)

    assert store.count() == 1
    merged = store.article(new_id)
    assert merged is not None
    assert sorted(merged.paths) == sorted([str(root / "bridge.txt"), str(ferry)])
    assert {t.tag: t for t in merged.tags} == {
        "alpha": alpha,
        "beta": theirs["beta"],
        "gamma": theirs["gamma"],
        "shared": theirs["shared"],
    }
    assert merged.removed_tags == []
    assert merged.read and merged.starred
    # What the new id kept its own word on stays with the old id, as for any article no file
    # holds: nothing is thrown away.
    assert [t.tag for t in store.tags(old_id)] == ["shared"]
    assert store.removed_tags(old_id) == ["gamma"]

    # The journal's rows about gamma and shared still name the old id: undoing them changes
    # only the old id's rows, never the tags the merged article had of its own.
    run(capsys, "undo")  # -gamma on the old story
    run(capsys, "undo")  # +gamma on the old story
    run(capsys, "undo")  # star: it moved with the story, so undo unstars the article shown
    merged = store.article(new_id)
    assert merged is not None and not merged.starred and merged.read
    assert {t.tag for t in merged.tags} == {"alpha", "beta", "gamma", "shared"}
    run(capsys, "undo")  # +alpha +shared: alpha moved (taken off), shared stayed with the old id
    merged = store.article(new_id)
    assert merged is not None
    assert {t.tag for t in merged.tags} == {"beta", "gamma", "shared"}
    assert store.tags(old_id) == []


def test_a_site_topic_removed_on_purpose_stays_removed(root: Path, store: Store) -> None:
    note = root / "harbour.md"
    front = "---\ntitle: {}\ndate: 2023-05-04\ntags: [harbour, local]\n---\nThe harbour reopened.\n"
    note.write_text(front.format("Notes on the harbour"), encoding="utf-8")
    index_paths(store, [root], workers=0)
    old_id = _only(store, "Notes on the harbour")
    assert main(["tag", "harbour", "-local"]) == 0
    assert store.removed_tags(old_id) == ["local"]

    note.write_text(front.format("Notes on the old harbour"), encoding="utf-8")
    index_paths(store, [root], workers=0)

    new = store.article(_only(store, "Notes on the old harbour"))
    assert new is not None and new.id != old_id
    assert [(t.tag, t.origin) for t in new.tags] == [("harbour", "source")]
    assert new.removed_tags == ["local"]


def _lines(*titles: str) -> str:
    return "\n".join(
        json.dumps({"title": t, "body": f"The story of {t.lower()}.", "date": "2024-02-01"})
        for t in titles
    )


def test_in_a_file_of_many_the_story_at_its_place_is_followed(
    root: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    """A story that only moved up a place is itself, not a new id of the one it replaced."""
    dump = root / "dump.jsonl"
    dump.write_text(_lines("Apples", "Pears", "Plums"), encoding="utf-8")
    index_paths(store, [root], workers=0)
    apples, pears = _only(store, "Apples"), _only(store, "Pears")
    run(capsys, "tag", "apples", "+fruit-a")
    run(capsys, "tag", "pears", "+fruit-p")

    dump.write_text(_lines("Pears", "Plums and damsons"), encoding="utf-8")
    index_paths(store, [root], workers=0)
    assert store.count() == 2
    assert [t.tag for t in store.tags(pears)] == ["fruit-p"]
    damsons = _only(store, "Plums and damsons")
    assert store.tags(damsons) == []
    assert [t.tag for t in store.tags(apples)] == ["fruit-a"]  # gone from the file, kept by id

    dump.write_text(_lines("Pears, ripe", "Plums and damsons"), encoding="utf-8")
    index_paths(store, [root], workers=0)
    assert [t.tag for t in store.tags(_only(store, "Pears, ripe"))] == ["fruit-p"]
    assert store.count() == 2


def test_a_story_retitled_and_moved_in_a_file_of_many_is_found_by_its_text(
    root: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    """New title and a new place in the file: the one story with the same text is it."""

    def lines(*stories: tuple[str, str]) -> str:
        return "\n".join(
            json.dumps({"title": title, "body": body, "date": "2024-02-01"})
            for title, body in stories
        )

    apples = ("Apples", "The orchard picked its apples early this year.")
    pears = ("Pears", "Pear growers met in the village hall on Friday.")
    plums = ("Plums", "A late frost took most of the plum blossom.")
    dump = root / "dump.jsonl"
    dump.write_text(lines(apples, pears, plums), encoding="utf-8")
    index_paths(store, [root], workers=0)
    run(capsys, "tag", "title:pears", "+fruit-p")
    run(capsys, "tag", "title:plums", "+fruit-q")

    dump.write_text(lines(("Pear growers meet", pears[1]), apples, ("Plums, late", plums[1])),
                    encoding="utf-8")
    index_paths(store, [root], workers=0)
    assert store.count() == 3
    assert [t.tag for t in store.tags(_only(store, "Pear growers meet"))] == ["fruit-p"]
    # At its own place it was followed already; the text agrees.
    assert [t.tag for t in store.tags(_only(store, "Plums, late"))] == ["fruit-q"]
    assert store.tags(_only(store, "Apples")) == []
