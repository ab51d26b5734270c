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

    code, out, _ = run(capsys, "entities", "--name", "zel")
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


def test_curation_is_listed_and_reversible(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "index", "--quiet", str(archive))[0] == 0
    assert run(capsys, "entities", "curation")[1].strip() == "no corrections"

    assert run(capsys, "entities", "alias", "Malta", "Republic of Malta")[0] == 0
    assert run(capsys, "entities", "label", "Kyiv", "org")[0] == 0
    code, out, _ = run(capsys, "entities", "hide", "Atlantis")
    assert code == 0
    assert "0 articles currently have it" in out and "kept for articles indexed later" in out
    code, out, _ = run(capsys, "entities", "hide", "Ukrainian")
    assert code == 0 and "from 1 article)" in out

    code, out, _ = run(capsys, "entities", "curation", "--json")
    assert code == 0
    rules = json.loads(out)
    assert [(r["name"], r["target"]) for r in rules["aliases"]] == [
        ("Malta", "Republic of Malta")
    ]
    assert [r["name"] for r in rules["hidden"]] == ["Atlantis", "Ukrainian"]
    assert [(r["name"], r["label"]) for r in rules["labels"]] == [("Kyiv", "ORG")]
    code, out, _ = run(capsys, "entities", "curation")
    assert "Malta -> Republic of Malta" in out and "Atlantis" in out and "Kyiv: ORG" in out

    listed = {e["canonical"]: e for e in json.loads(run(capsys, "entities", "--json")[1])}
    assert "Republic of Malta" in listed and "Malta" not in listed
    assert listed["Kyiv"]["label"] == "ORG"

    code, out, _ = run(capsys, "entities", "unalias", "malta")
    assert code == 0 and "no longer an alias (1 mention updated)" in out
    code, out, _ = run(capsys, "entities", "unlabel", "Kyiv")
    assert code == 0 and "(1 mention updated)" in out and "reader undo" in out
    assert run(capsys, "entities", "unhide", "Atlantis")[0] == 0
    assert run(capsys, "entities", "unhide", "Ukrainian")[0] == 0
    code, _, err = run(capsys, "entities", "unalias", "Malta")
    assert code == 1 and "'Malta' is not an alias" in err
    code, _, err = run(capsys, "entities", "unlabel", "Kyiv")
    assert code == 1 and "no type correction" in err
    code, _, err = run(capsys, "entities", "unhide", "Atlantis")
    assert code == 1 and "not hidden" in err
    assert run(capsys, "entities", "curation")[1].strip() == "no corrections"

    # Undone at once, from the stored mentions; and so after indexing again.
    listed = {e["canonical"]: e for e in json.loads(run(capsys, "entities", "--json")[1])}
    assert "Malta" in listed and "Republic of Malta" not in listed
    assert listed["Kyiv"]["label"] == "PLACE"
    assert "Ukrainian" in listed
    assert run(capsys, "index", "--quiet", str(archive))[0] == 0
    listed = {e["canonical"]: e for e in json.loads(run(capsys, "entities", "--json")[1])}
    assert "Malta" in listed and "Republic of Malta" not in listed
    assert listed["Kyiv"]["label"] == "PLACE"
    assert "Ukrainian" in listed


def test_index_ner_overrides_the_config(
    archive: Path, capsys: pytest.CaptureFixture[str], reader_home: Path
) -> None:
    (reader_home / "config.toml").write_text(
        'ner = "spacy"\nspacy_model = "no_such_spacy_model"\n', encoding="utf-8"
    )
    code, out, err = run(capsys, "index", "--json", str(archive))
    assert code == 0 and json.loads(out)["entities_annotated"] == 0
    assert "entities not found" in err
    code, out, err = run(capsys, "index", "--json", "--ner", "crf", str(archive))
    assert code == 0 and json.loads(out)["entities_annotated"] == 1, err
    listed = {e["canonical"] for e in json.loads(run(capsys, "entities", "--json")[1])}
    assert "Volodymyr Zelensky" in listed


def test_reader_start_ner_overrides_the_config(
    monkeypatch: pytest.MonkeyPatch, reader_home: Path
) -> None:
    (reader_home / "config.toml").write_text(
        'ner = "spacy"\nspacy_model = "no_such_spacy_model"\n', encoding="utf-8"
    )
    chosen: list[str | None] = []

    def fake_run_tui(
        locations: object, paths: list[str], *, headless_check: bool, ner: str | None
    ) -> int:
        chosen.append(ner)
        return 0

    monkeypatch.setattr("reader.tui.run.run_tui", fake_run_tui)
    assert main(["--ner", "crf", str(reader_home)]) == 0
    assert main([str(reader_home)]) == 0
    assert chosen == ["crf", None]  # None: the reader's jobs use the config's recogniser


def test_a_query_chooses_the_articles_whose_names_are_listed(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (archive / "b.json").write_text(
        json.dumps({"title": "Harbour", "body": "The Harbour Council met in Lisbon today.",
                    "url": "https://x.example/b"}),
        encoding="utf-8",
    )
    assert run(capsys, "index", "--quiet", str(archive))[0] == 0
    code, out, _ = run(capsys, "entities", "lisbon", "--json")
    assert code == 0
    listed = {e["canonical"] for e in json.loads(out)}
    assert "Lisbon" in listed and "Volodymyr Zelensky" not in listed
    code, out, _ = run(capsys, "entities", "-lisbon", "--name", "zel", "--json")
    assert [e["canonical"] for e in json.loads(out)] == ["Volodymyr Zelensky"]
    code, out, _ = run(capsys, "entities", "person:Zelensky", "--json")
    assert "Lisbon" not in {e["canonical"] for e in json.loads(out)}
    code, _, err = run(capsys, "entities", "date:tomorrowish")
    assert code == 2 and "bad query" in err


def test_corrections_are_undone_by_reader_undo(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "index", "--quiet", str(archive))[0] == 0

    def listed() -> dict[str, int]:
        rows = json.loads(run(capsys, "entities", "--json")[1])
        return {e["canonical"]: e["mentions"] for e in rows}

    code, out, _ = run(capsys, "entities", "alias", "Malta", "Republic of Malta")
    assert code == 0 and "reader undo" in out
    assert "Republic of Malta" in listed()
    code, out, _ = run(capsys, "undo")
    assert code == 0 and "Malta merged into Republic of Malta" in out
    assert "Malta" in listed() and "Republic of Malta" not in listed()
    assert run(capsys, "redo")[0] == 0
    assert "Republic of Malta" in listed()

    code, out, _ = run(capsys, "entities", "split", "Zelensky", "Volodymyr Zelensky")
    assert code == 0 and "1 mention updated" in out
    assert listed()["Zelensky"] == 1 and listed()["Volodymyr Zelensky"] == 1
    code, out, _ = run(capsys, "entities", "curation")
    assert "Zelensky / Volodymyr Zelensky" in out
    assert "Zelensky kept apart" in run(capsys, "undo")[1]
    assert "Zelensky" not in listed() and listed()["Volodymyr Zelensky"] == 2
    code, _, err = run(capsys, "entities", "unsplit", "Zelensky", "Volodymyr Zelensky")
    assert code == 1 and "not kept apart" in err
    code, _, err = run(capsys, "entities", "split", "Kyiv", "kyiv")
    assert code == 2 and "split from itself" in err
