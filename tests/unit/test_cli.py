"""The command line as a script would use it: stable JSON, clear errors, the data dir honoured."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from reader.locations import Locations
from reader.store import Store

ARTICLE = {
    "title": "Harbour reopens",
    "body": "The harbour reopened.\n\nShips came back.",
    "date": "2024-03-01",
    "url": "https://port.example/harbour",
    "source": "Port News",
    "author": "Kim Lee",
    "tags": ["local"],
}


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    root.mkdir()
    (root / "a.json").write_text(json.dumps(ARTICLE), encoding="utf-8")
    (root / "b.json").write_text(
        json.dumps({**ARTICLE, "title": "Older", "date": "2020-01-01", "url": ""}), encoding="utf-8"
    )
    (root / "junk.bin").write_bytes(b"\x00\x01\x02binary")
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_index_list_show_round_trip(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "index", "--no-entities", str(archive))
    assert code == 0
    assert out.strip() == "2 indexed, 1 problem: reader problems"

    _, out, _ = run(capsys, "list", "--json")
    items = json.loads(out)
    assert [i["title"] for i in items] == ["Harbour reopens", "Older"]
    first = items[0]
    assert set(first) >= {
        "id",
        "title",
        "byline",
        "date",
        "source",
        "url",
        "paths",
        "tags",
        "read",
        "starred",
    }
    assert first["byline"] == "Kim Lee" and first["tags"] == ["local"]
    assert first["paths"] == [str(archive / "a.json")]
    assert first["read"] is False and first["starred"] is False

    code, out, _ = run(capsys, "show", first["id"][:8], "--json")
    shown = json.loads(out)
    assert shown["body"] == "The harbour reopened.\n\nShips came back."
    assert shown["blocks"][0] == {"kind": "paragraph", "text": "The harbour reopened."}

    code, out, _ = run(capsys, "show", first["id"])
    assert out.startswith("Harbour reopens\n") and "Ships came back." in out


def test_problems_are_listed_with_reasons(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "index", "--no-entities", "-q", str(archive))
    _code, out, _ = run(capsys, "problems", "--json")
    assert json.loads(out) == [
        {
            "path": str(archive / "junk.bin"),
            "reason": "binary file",
            "detail": "not text in any known format",
        }
    ]


def test_unknown_id_and_bad_query_are_clear_errors(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "index", "--no-entities", "-q", str(archive))
    code, _, err = run(capsys, "show", "zzzz")
    assert code == 1 and "no article" in err
    code, _, err = run(capsys, "list", 'title:"unclosed')
    assert code == 2 and "^" in err


def test_data_dir_moves_everything(
    tmp_path: Path, archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    run(capsys, "--data-dir", str(elsewhere), "index", "--no-entities", "-q", str(archive))
    assert (elsewhere / "reader.sqlite3").exists()
    _code, out, _ = run(capsys, "--data-dir", str(elsewhere), "dirs", "--json")
    assert json.loads(out)["database"] == str(elsewhere / "reader.sqlite3")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("reader ")


def test_rules_tag_articles_as_they_are_indexed(
    archive: Path, reader_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (reader_home / "rules.toml").write_text(
        '[[rule]]\nname = "port"\nquery = "harbour"\ntags = ["maritime"]\n', encoding="utf-8"
    )
    code, out, _ = run(capsys, "index", "--no-entities", "--json", str(archive))
    assert code == 0 and json.loads(out)["rule_tags"] == 2
    _code, out, _ = run(capsys, "list", "--json", "+maritime")
    assert len(json.loads(out)) == 2


def test_python_dash_m_reader_is_the_same_program(archive: Path, tmp_path: Path) -> None:
    env = {**os.environ, "READER_HOME": str(tmp_path / "home")}
    indexed = subprocess.run(
        [sys.executable, "-m", "reader", "index", str(archive)],
        capture_output=True, text=True, env=env, check=False,
    )
    assert indexed.returncode == 0, indexed.stderr
    assert indexed.stdout.startswith("2 indexed, 1 problem")
    listed = subprocess.run(
        [sys.executable, "-m", "reader", "list", "--json"],
        capture_output=True, text=True, env=env, check=True,
    )
    assert [a["title"] for a in json.loads(listed.stdout)] == ["Harbour reopens", "Older"]


def test_an_unreadable_folder_is_a_problem_and_the_rest_is_indexed(
    archive: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (archive / "locked").mkdir()
    real_scandir = os.scandir

    def refuse_locked(path: Any = ".") -> Any:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse_locked)
    code, out, _ = run(capsys, "index", str(archive))
    assert code == 0 and out.startswith("2 indexed, 2 problems")
    code, out, _ = run(capsys, "problems")
    assert "locked" in out and "cannot read folder" in out and "Permission denied" in out
    monkeypatch.setattr(os, "scandir", real_scandir)
    code, out, _ = run(capsys, "index", str(archive))
    assert code == 0 and "missing" not in out
    code, out, _ = run(capsys, "problems")
    assert "locked" not in out and "junk.bin" in out


def test_an_index_from_an_earlier_version_is_upgraded_and_said_so(
    locations: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    """Upgrading a large index takes a while with nothing else on the terminal: a line says
    what is happening, once."""
    import sqlite3

    from reader.store.database import split_sql
    from reader.store.schema import MIGRATIONS, SCHEMA_VERSION

    earlier = SCHEMA_VERSION - 1
    conn = sqlite3.connect(locations.database, isolation_level=None)
    for migration in MIGRATIONS[:earlier]:
        for statement in split_sql(migration):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {earlier}")
    conn.close()

    code, out, err = run(capsys, "count")
    assert code == 0 and out.strip() == "0", (out, err)
    assert "upgrading the index" in err and "once" in err
    with Store.open(locations.database) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    code, out, err = run(capsys, "count")
    assert code == 0 and "upgrading" not in err
