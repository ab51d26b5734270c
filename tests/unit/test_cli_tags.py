"""The query, tag, undo, export and backup commands, run as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.store import Store
from tests.support.articles import add_article


@pytest.fixture
def ids(store: Store) -> list[str]:
    return [
        add_article(store, "Kyiv under fire", "Drones over Kyiv.", topics=["Ukraine war"]),
        add_article(store, "Kyiv rebuilds", "Cranes over Kyiv.", date="2023-11-01"),
        add_article(store, "Football results", "A draw.", source="Sports Daily"),
    ]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_count(capsys: pytest.CaptureFixture[str], ids: list[str]) -> None:
    assert run(capsys, "count", "kyiv") == (0, "2\n", "")
    assert run(capsys, "count", "kyiv", "drones") == (0, "1\n", "")
    assert run(capsys, "count", "") == (0, "3\n", "")
    assert run(capsys, "count", "--", "-ukraine-war") == (0, "2\n", "")
    assert run(capsys, "count", "limit:1") == (0, "1\n", "")


def test_queries_may_start_with_a_minus(capsys: pytest.CaptureFixture[str], ids: list[str]) -> None:
    assert run(capsys, "count", "-ukraine-war") == (0, "2\n", "")
    assert run(capsys, "count", "-ukraine-war", "-sport") == (0, "2\n", "")
    assert run(capsys, "count", "-ukraine-war", "kyiv") == (0, "1\n", "")
    assert run(capsys, "count", "--", "-ukraine-war") == (0, "2\n", "")
    code, out, err = run(capsys, "list", "-ukraine-war", "--json")
    assert (code, err) == (0, "") and len(json.loads(out)) == 2
    code, out, err = run(capsys, "list", "--", "-ukraine-war")
    assert (code, err, len(out.splitlines())) == (0, "", 2)
    code, out, _ = run(capsys, "export", "-ukraine-war", "--format", "csv")
    assert code == 0 and len(out.strip().splitlines()) == 3  # a header and two articles
    code, out, _ = run(capsys, "tag", "-ukraine-war", "+calm")
    assert code == 0 and "Changed 2 of 2 matching articles: +calm" in out
    assert run(capsys, "read", "-calm") == (0, "Changed 1 of 1 matching article.\n", "")


def test_list_query_errors_match_the_other_commands(
    capsys: pytest.CaptureFixture[str], ids: list[str]
) -> None:
    code, out, err = run(capsys, "list", '中文 "kyiv')
    assert (code, out) == (2, "")
    assert "reader: bad query: unclosed quote at 3" in err
    assert '  中文 "kyiv\n       ^' in err  # two cells per wide character


def test_minus_n_after_the_query_removes_the_tag_n(
    capsys: pytest.CaptureFixture[str], store: Store, ids: list[str]
) -> None:
    assert run(capsys, "tag", "kyiv", "+n", "+x")[0] == 0
    code, out, _ = run(capsys, "tag", "kyiv", "-n")
    assert code == 0 and "Changed 2 of 2 matching articles: -n" in out
    assert [t.tag for t in store.tags(ids[1])] == ["x"]
    code, out, _ = run(capsys, "tag", "-n", "kyiv", "-x")  # before the query: a dry run
    assert code == 0 and "Would change 2 of 2 matching articles: -x" in out
    code, out, _ = run(capsys, "tag", "kyiv", "-x", "--dry-run")
    assert code == 0 and "Would change 2 of 2" in out
    assert [t.tag for t in store.tags(ids[1])] == ["x"]


def test_query_errors_show_a_caret_and_exit_2(
    capsys: pytest.CaptureFixture[str], ids: list[str]
) -> None:
    code, out, err = run(capsys, "count", 'tag:ukraine "kyiv')
    assert code == 2 and out == ""
    assert "unclosed quote at 12: expected '\"'" in err
    assert '  tag:ukraine "kyiv\n              ^' in err


def test_tag_dry_run_then_tag_then_undo_and_redo(
    capsys: pytest.CaptureFixture[str], store: Store, ids: list[str]
) -> None:
    code, out, _ = run(capsys, "tag", "kyiv", "+war", "-ukraine-war", "--dry-run")
    assert code == 0 and "Would change 2 of 2 matching articles: +war -ukraine-war" in out
    assert store.tags(ids[1]) == []
    code, out, _ = run(capsys, "tag", "kyiv", "+war", "-ukraine-war")
    assert code == 0 and "Changed 2 of 2 matching articles" in out
    assert [t.tag for t in store.tags(ids[0])] == ["war"]
    assert run(capsys, "count", "+war") == (0, "2\n", "")
    code, out, _ = run(capsys, "undo")
    assert (code, out) == (0, "Undid: +war -ukraine-war on 2 articles\n")
    assert [t.tag for t in store.tags(ids[0])] == ["ukraine-war"]
    assert run(capsys, "redo")[1] == "Redid: +war -ukraine-war on 2 articles\n"
    assert run(capsys, "redo") == (1, "Nothing to redo.\n", "")


def test_tag_takes_a_multi_word_query_and_quoted_tags(
    capsys: pytest.CaptureFixture[str], store: Store, ids: list[str]
) -> None:
    code, _, _ = run(capsys, "tag", "kyiv", "date:2023-11", "+Rebuilding work")
    assert code == 0
    assert [t.tag for t in store.tags(ids[1])] == ["rebuilding-work"]
    assert store.tags(ids[2]) == []


def test_tag_needs_a_query_and_an_edit(capsys: pytest.CaptureFixture[str], ids: list[str]) -> None:
    assert run(capsys, "tag", "kyiv")[0] == 2
    assert run(capsys, "tag", "+war")[0] == 2
    assert run(capsys, "tag", "(kyiv", "+war")[0] == 2


def test_undo_with_nothing_to_undo(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "undo") == (1, "Nothing to undo.\n", "")


def test_read_unread_star_unstar(
    capsys: pytest.CaptureFixture[str], store: Store, ids: list[str]
) -> None:
    assert "Changed 2 of 2" in run(capsys, "read", "kyiv")[1]
    assert run(capsys, "count", "is:unread") == (0, "1\n", "")
    run(capsys, "unread", "drones")
    run(capsys, "star", "source:sports")
    assert run(capsys, "count", "is:starred") == (0, "1\n", "")
    run(capsys, "unstar", "--yes", "")
    assert run(capsys, "count", "is:starred") == (0, "0\n", "")
    run(capsys, "undo")
    assert run(capsys, "count", "is:starred") == (0, "1\n", "")


def test_export_formats(capsys: pytest.CaptureFixture[str], tmp_path: Path, ids: list[str]) -> None:
    code, out, _ = run(capsys, "export", "kyiv")
    assert code == 0
    assert [json.loads(line)["title"] for line in out.splitlines()] == [
        "Kyiv rebuilds",
        "Kyiv under fire",
    ]
    code, out, _ = run(capsys, "export", "kyiv", "--format", "csv")
    assert out.splitlines()[0].startswith("id,date,title,")
    target = tmp_path / "out.md"
    code, _, err = run(capsys, "export", "--format=md", "--output", str(target), "football")
    assert code == 0 and "Exported 1 article" in err
    assert target.read_text(encoding="utf-8").startswith("# Football results")
    assert run(capsys, "export", "kyiv", "--format", "pdf")[0] == 2


def test_tags_counts_dump_and_restore(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, store: Store, ids: list[str]
) -> None:
    run(capsys, "tag", "kyiv", "+war")
    code, out, _ = run(capsys, "tags")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["TAG", "TOTAL", "MANUAL", "RULE", "SOURCE", "SUGGESTION"]
    assert lines[1].split() == ["war", "2", "2", "0", "0", "0"]
    assert lines[2].split() == ["ukraine-war", "1", "0", "0", "1", "0"]
    counts = json.loads(run(capsys, "tags", "--json")[1])
    assert counts[0] == {"tag": "war", "total": 2, "manual": 2}

    backup = tmp_path / "tags.txt"
    assert run(capsys, "tags", "dump", "--output", str(backup))[0] == 0
    assert run(capsys, "tags", "dump")[1] == backup.read_text(encoding="utf-8")
    run(capsys, "tag", "", "-war", "--yes")
    assert run(capsys, "count", "+war") == (0, "0\n", "")
    code, out, _ = run(capsys, "tags", "restore", str(backup))
    assert code == 0 and "Restored: 2 articles changed" in out
    assert run(capsys, "count", "+war") == (0, "2\n", "")

    bad = tmp_path / "bad.txt"
    bad.write_text("abc nonsense\n", encoding="utf-8")
    code, _, err = run(capsys, "tags", "restore", str(bad))
    assert code == 2 and "line 1" in err
    assert run(capsys, "tags", "restore", str(tmp_path / "missing.txt"))[0] == 1
    assert run(capsys, "tags", "restore")[0] == 2
