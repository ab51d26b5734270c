"""Every ``--json`` prints exactly one JSON document (an object or an array), so a script can
read the whole of standard output with one ``json.loads``; streaming is ``reader export``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reader.cli import build_parser, main
from reader.locations import Locations
from tests.support import FIXTURES, SEED

FEEDS = FIXTURES / "clean" / "feeds"
HARBOUR = {
    "title": "Harbour reopens after the storm",
    "body": "The harbour in Valletta reopened on Monday.\n\nMaria Borg said ships came back.",
    "date": "2024-03-01",
    "url": "https://port.example/harbour",
    "source": "Port News",
    "tags": ["local"],
}


def commands_with_json() -> set[str]:
    parser, _ = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a.choices, dict))
    assert isinstance(subparsers.choices, dict)
    return {
        name
        for name, command in subparsers.choices.items()
        if any("--json" in action.option_strings for action in command._actions)
    }


def cases(archive: Path, article_id: str) -> dict[str, list[list[str]]]:
    text = archive / "harbour.json"
    return {
        "index": [["index", "--json", str(archive)], ["index", "--json", "--no-entities"]],
        "problems": [["problems", "--json"]],
        "dirs": [["dirs", "--json"]],
        "list": [["list", "--json"], ["list", "--json", "--limit", "1", "harbour"]],
        "show": [["show", article_id, "--json"]],
        "count": [["count", "--json"], ["count", "harbour", "--json"], ["count", "--json", "-x"]],
        "tags": [["tags", "--json"]],
        "suggest": [
            ["suggest", "--json"],
            ["suggest", "--json", "--min-score", "0", ""],
            ["suggest", "--json", "--accept", "--min-score", "0", "not +sea"],
        ],
        "rules": [["rules", "--json"]],
        "entities": [
            ["entities", "--json"],
            ["entities", "--json", "--label", "place"],
            ["entities", "curation", "--json"],
            ["entities", "hide", "Nobody Here", "--json"],
            ["entities", "--text", str(text), "--json"],
        ],
        "extract": [
            ["extract", str(SEED), "--json"],
            ["extract", str(FEEDS / "river.rss"), "--json"],
            ["extract", str(FEEDS / "subscriptions.opml"), "--json"],  # no article: exit 1
        ],
    }


def test_every_json_option_prints_one_document(
    tmp_path: Path, locations: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(SEED, archive / SEED.name)
    shutil.copy(FEEDS / "river.rss", archive / "river.rss")
    (archive / "harbour.json").write_text(json.dumps(HARBOUR), encoding="utf-8")
    (archive / "junk.bin").write_bytes(b"\x00\x01binary")
    locations.rules_file.write_text(
        '[[rule]]\nname = "sea"\nquery = "harbour"\ntags = ["sea"]\n', encoding="utf-8"
    )
    assert main(["index", "--quiet", str(archive)]) == 0
    assert main(["tag", "harbour", "+sea"]) == 0
    capsys.readouterr()
    assert main(["list", "--json", "harbour"]) == 0
    article_id = json.loads(capsys.readouterr().out)[0]["id"]

    found = cases(archive, article_id)
    assert set(found) == commands_with_json()  # a new --json needs a case here
    for command in found.values():
        for argv in command:
            code = main(argv)
            out = capsys.readouterr().out
            assert code in (0, 1), argv
            try:
                document = json.loads(out)
            except json.JSONDecodeError as error:
                raise AssertionError(f"{argv}: not one JSON document: {error}\n{out}") from None
            assert isinstance(document, dict | list), argv


def test_count_json_is_an_object_with_the_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "harbour.json").write_text(json.dumps(HARBOUR), encoding="utf-8")
    assert main(["index", "--quiet", "--no-entities", str(archive)]) == 0
    capsys.readouterr()
    assert main(["count", "--json", "harbour"]) == 0
    assert json.loads(capsys.readouterr().out) == {"count": 1}
    assert main(["count", "storm", "--json"]) == 0  # after the query, too
    assert json.loads(capsys.readouterr().out) == {"count": 1}
    assert main(["count", "ferry"]) == 0
    assert capsys.readouterr().out == "0\n"


def test_index_progress_bars_draw_on_the_terminal_behind_the_guard(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The bars move the cursor with escape sequences: the guard that neutralises them in
    archive text must not turn the bars' own into replacement characters."""
    import io
    import sys

    from reader.cli.index import _Bar
    from reader.cli.output import GuardedStream
    from reader.indexing import READING, IndexProgress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", GuardedStream(terminal))
    with _Bar(True) as bar:
        bar.update(IndexProgress(READING, 1, 2))
    drawn = terminal.getvalue()
    assert "\x1b[" in drawn and "\ufffd" not in drawn
