"""The entity evaluation reads both corpus layouts and prints per-type figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.entities.conll import read_conll, spans_of, to_bio
from reader.entities.scoring import Score
from reader.eval.entities import load_conll_as_text, load_jsonl, main

CONLL = """-DOCSTART- -X- O O

Volodymyr NNP I-NP I-PER
Zelensky NNP I-NP I-PER
visited VBD I-VP O
Malta NNP I-NP I-LOC
. . O O

The DT I-NP O
Foreign NNP I-NP I-ORG
Ministry NNP I-NP I-ORG
criticised VBD I-VP O
the DT I-NP O
Ukrainian JJ I-NP I-MISC
talks NNS I-NP O
. . O O
"""


def write_jsonl(path: Path) -> None:
    text = "Volodymyr Zelensky visited Malta .\nThe Foreign Ministry criticised the talks ."
    document = {
        "id": "doc-1",
        "text": text,
        "entities": [
            {"start": 0, "end": 18, "label": "PER", "text": "Volodymyr Zelensky"},
            {"start": 27, "end": 32, "label": "LOC", "text": "Malta"},
            {"start": 39, "end": 55, "label": "ORG", "text": "Foreign Ministry"},
        ],
    }
    path.write_text(json.dumps(document) + "\n", encoding="utf-8")


def test_iob1_to_bio_and_spans() -> None:
    tags = to_bio(["I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG"])
    assert tags == ["B-PERSON", "I-PERSON", "B-PERSON", "O", "B-PLACE", "B-ORG"]
    assert list(spans_of(tags)) == [(0, 2, "PERSON"), (2, 3, "PERSON"), (4, 5, "PLACE"),
                                    (5, 6, "ORG")]


def test_conll_as_text_keeps_gold_offsets(tmp_path: Path) -> None:
    path = tmp_path / "tiny.testa"
    path.write_text(CONLL, encoding="utf-8")
    assert len(read_conll(path)) == 1
    corpus = load_conll_as_text(path)
    text = corpus.texts[0]
    assert [(text[s:e], label) for s, e, label in corpus.gold[0]] == [
        ("Volodymyr Zelensky", "PERSON"),
        ("Malta", "PLACE"),
        ("Foreign Ministry", "ORG"),
        ("Ukrainian", "OTHER"),
    ]


def test_jsonl_labels_are_mapped(tmp_path: Path) -> None:
    path = tmp_path / "dev.jsonl"
    write_jsonl(path)
    assert load_jsonl(path).gold[0] == [(0, 18, "PERSON"), (27, 32, "PLACE"), (39, 55, "ORG")]


def test_score_counts_exact_spans_only() -> None:
    score = Score()
    score.add([(0, 5, "PERSON"), (10, 15, "PLACE")], [(0, 5, "PERSON"), (10, 14, "PLACE")])
    assert score.figures("PERSON")[:3] == (1.0, 1.0, 1.0)
    assert score.figures("PLACE")[:3] == (0.0, 0.0, 0.0)
    assert score.figures(None)[2] == pytest.approx(0.5)


@pytest.mark.parametrize("name", ["dev.jsonl", "tiny.testa"])
def test_main_prints_per_type_figures(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    if name.endswith(".jsonl"):
        write_jsonl(path)
    else:
        path.write_text(CONLL, encoding="utf-8")
    assert main([str(path)]) == 0
    out = capsys.readouterr().out
    for word in ("PERSON", "ORG", "PLACE", "OTHER", "overall", "tokens/s", "model load"):
        assert word in out
    assert main([str(path), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["scores"]["PERSON"]["f1"] == pytest.approx(1.0)
    assert figures["tokens"] > 0


def test_main_gold_tokens_and_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tiny.conll"
    path.write_text(CONLL, encoding="utf-8")
    assert main([str(path), "--gold-tokens"]) == 0
    assert "gold tokens" in capsys.readouterr().out
    assert main([str(tmp_path / "missing.jsonl")]) == 2


def test_bbc_folder_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    politics = tmp_path / "politics"
    politics.mkdir()
    (politics / "001.txt").write_text(
        "Blair defends school plans\n\n"
        "Prime Minister Tony Blair has defended his school plans.\n\n"
        "Mr Blair told MPs that Google had offered help. A Google spokesman agreed.\n",
        encoding="utf-8",
    )
    (politics / "002.txt").write_text(
        "Howard attacks plans\n\nMichael Howard said Mr Howard's party would vote against.\n",
        encoding="utf-8",
    )
    assert main(["--bbc", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "2 articles" in out
    assert "canonical names starting with a title: 0" in out
    blair = next(line for line in out.splitlines() if line.strip().startswith("Tony Blair"))
    assert "100.0%" in blair
    google = next(line for line in out.splitlines() if line.strip().startswith("Google"))
    assert "PERSON" not in google
