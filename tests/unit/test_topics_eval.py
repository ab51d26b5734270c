"""The topic evaluation runs end to end on a tiny corpus written here."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from reader.eval.topics import load_corpus, main
from tests.support import REPO
from tests.support.topics import make_article


def write_corpus(root: Path) -> Path:
    rng = random.Random(5)
    for topic in ("astronomy", "cooking", "sailing"):
        folder = root / topic
        folder.mkdir(parents=True)
        for number in range(8):
            article = make_article(topic, number, rng)
            text = article.title + "\n\n" + article.body + "\n"
            (folder / f"{number:03d}.txt").write_bytes(text.encode("utf-8"))
    # One Latin-1 byte, as real corpora have.
    (root / "cooking" / "100.txt").write_bytes(b"Caf\xe9 recipe\n\nRecipe oven flour butter.\n")
    return root


def test_load_corpus_decodes_latin1(tmp_path: Path) -> None:
    corpus = load_corpus(write_corpus(tmp_path / "corpus"))
    assert len(corpus) == 25
    assert any(article.title == "Café recipe" for _, article in corpus)


def test_eval_reports_accuracy_per_k(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_corpus(tmp_path / "corpus")
    assert main([str(root), "--seeds", "2", "--ks", "2,5", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["articles"] == 25
    assert set(report["k"]) == {"2", "5"}
    assert report["k"]["5"]["accuracy"] >= 0.9


def test_readme_reports_accuracy_for_every_k() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Topics, rules and suggested tags", 1)[1].split("\n## ", 1)[0]
    rows = {
        line.split("|")[1].strip(): [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("|")
    }
    assert rows["k tagged per topic"][1:] == ["2", "5", "10", "20"]
    accuracy = [float(cell) for cell in rows["top-1 accuracy"][1:]]
    assert len(accuracy) == 4 and all(0.9 <= a <= 1.0 for a in accuracy)
