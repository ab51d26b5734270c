"""`reader entities`: listing, raw text, and corrections from the shell."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from reader.cli import main

ARTICLE = (
    "Ukrainian President Volodymyr Zelensky met officials in Kyiv on Monday. Zelensky said "
    "the US would help, and Obviously was the word of the day in Malta."
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    root.mkdir()
    (root / "a.json").write_text(
        json.dumps({"title": "Talks", "body": ARTICLE, "url": "https://x.example/a"}),
        encoding="utf-8",
    )
    return root


def test_text_json_offsets_into_the_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run(capsys, "entities", "--text", str(source), "--json")
    assert code == 0
    spans = json.loads(out)
    assert spans and set(spans[0]) == {"start", "end", "label", "text", "canonical"}
    for span in spans:
        assert ARTICLE[span["start"] : span["end"]] == span["text"]
    people = {s["text"]: s["canonical"] for s in spans if s["label"] == "PERSON"}
    assert people["Zelensky"] == "Volodymyr Zelensky"


def test_text_from_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"Talks in Malta."))
    monkeypatch.setattr("sys.stdin", stdin)
    code, out, _ = run(capsys, "entities", "--text", "-")
    assert code == 0
    assert "PLACE" in out and "Malta" in out


def test_text_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "entities", "--text", str(tmp_path / "nope.txt"))
    assert code == 1 and "cannot read" in err


def test_list_and_curate(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "index", "--quiet", str(archive))
    assert code == 0
    code, out, _ = run(capsys, "entities", "--json")
    listed = {e["canonical"]: e for e in json.loads(out)}
    assert listed["Volodymyr Zelensky"] == {
        "canonical": "Volodymyr Zelensky", "label": "PERSON", "articles": 1, "mentions": 2,
    }

    code, out, _ = run(capsys, "entities", "zel")
    assert code == 0 and "Volodymyr Zelensky" in out and "Kyiv" not in out

    code, out, _ = run(capsys, "entities", "--label", "PLACE", "--json")
    assert {e["label"] for e in json.loads(out)} == {"PLACE"}

    assert run(capsys, "entities", "alias", "US", "United States")[0] == 0
    assert run(capsys, "entities", "hide", "Malta")[0] == 0
    code, out, _ = run(capsys, "entities", "label", "Kyiv", "org")
    assert code == 0 and "ORG" in out
    listed = {e["canonical"]: e for e in json.loads(run(capsys, "entities", "--json")[1])}
    assert "Malta" not in listed and "US" not in listed
    assert listed["Kyiv"]["label"] == "ORG"
    if "United States" in listed:  # only when the model found "US" at all
        assert listed["United States"]["articles"] == 1

    # Corrections also apply to --text once an index exists.
    code, out, _ = run(capsys, "entities", "--text", str(archive / "a.json"), "--json")
    assert "Malta" not in {s["text"] for s in json.loads(out)}

    assert "shown again" in run(capsys, "entities", "unhide", "Malta")[1]


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "entities", "alias", "US")
    assert code == 2 and "usage" in err
    code, _, err = run(capsys, "entities", "label", "Kyiv", "animal")
    assert code == 2 and "unknown entity type" in err
    code, _, err = run(capsys, "entities", "--label", "animal")
    assert code == 2


def test_empty_index_hint(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "entities")
    assert code == 0 and out == "" and "no entities" in err
