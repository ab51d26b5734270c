"""The topic evaluation runs end to end on a tiny corpus and saved pages written here."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from reader.eval.topics import load_corpus, main, margin, page_halves
from tests.support import REPO
from tests.support.topics import make_article

TOPICS = ("astronomy", "cooking", "sailing")


def write_corpus(root: Path, per_topic: int = 16) -> Path:
    rng = random.Random(5)
    for topic in TOPICS:
        folder = root / topic
        folder.mkdir(parents=True)
        for number in range(per_topic):
            article = make_article(topic, number, rng)
            text = article.title + "\n\n" + article.body + "\n"
            (folder / f"{number:03d}.txt").write_bytes(text.encode("utf-8"))
    # One Latin-1 byte, as real corpora have.
    (root / "cooking" / "100.txt").write_bytes(b"Caf\xe9 recipe\n\nRecipe oven flour butter.\n")
    return root


def write_pages(root: Path, count: int = 6) -> Path:
    """Saved pages on nothing in particular."""
    root.mkdir(parents=True)
    rng = random.Random(9)
    for number in range(count):
        article = make_article("everyday", number, rng)
        paragraphs = "".join(f"<p>{block.text}</p>" for block in article.blocks)
        page = (
            f"<!doctype html><html><head><title>{article.title}</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{article.title}</h1>{paragraphs}"
            "</article></body></html>"
        )
        (root / f"page{number}.html").write_text(page, encoding="utf-8")
    return root


def test_load_corpus_decodes_latin1_and_splits(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "corpus")
    corpus = load_corpus(root)
    assert len(corpus) == 3 * 16 + 1
    assert any(article.title == "Café recipe" for _, article in corpus)
    even, odd = load_corpus(root, "even"), load_corpus(root, "odd")
    assert len(even) + len(odd) == len(corpus)
    assert not {a.url for _, a in even} & {a.url for _, a in odd}


def test_eval_reports_top1_and_the_mixed_archive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Halves of 15 per topic leave 5 of each untagged in the cross-validation's archives.
    root = write_corpus(tmp_path / "corpus", per_topic=30)
    pages = write_pages(tmp_path / "pages")
    code = main([str(root), "--pages", str(pages), "--seeds", "2", "--ks", "2,5",
                 "--no-entities", "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["articles"] == 3 * 30 + 1 and report["pages"] == 6
    assert set(report["k"]) == {"2", "5"}
    assert report["k"]["5"]["accuracy"] >= 0.9
    mixed = report["mixed"]
    assert mixed["runs"] == 2  # one choice of 3 topics out of 3, two draws
    assert mixed["right_share"]["mean"] >= 0.9
    assert mixed["covered"]["mean"] >= 0.8
    assert mixed["pages"]["max"] == 0.0  # pages on nothing in particular get no suggestion
    assert mixed["once_suggested"] == 0
    # Cross-validation: chosen on one archive, reported on the one that shares nothing with it.
    protocol = report["protocol"]
    folds = protocol["folds"]
    assert [(f["tune"], f["held_out"]) for f in folds] == [
        ("even+A", "odd+B"), ("odd+B", "even+A"), ("even+B", "odd+A"), ("odd+A", "even+B")]
    for fold in folds:
        assert fold["chosen"] in protocol["grid"]
        assert fold["held_out_figures"]["pages"] == 0.0
        assert fold["held_out_figures"]["covered"] >= 0.8
        assert fold["tuned"] == protocol["shipped"][fold["tune"]] or fold["chosen"] != {
            "background": 1.5, "familiarity_power": 4.0}
        assert set(fold["held_out_top1"]) == {"2", "10"}
    assert set(protocol["held_out_mean"]) >= {"right_share", "covered", "pages"}


def test_margin_is_the_worst_distance_to_a_target() -> None:
    figures = {"right_share": 0.97, "covered": 0.85, "untagged_topics": 0.0, "pages": 0.08}
    assert margin(figures) == pytest.approx(0.02)
    assert margin({**figures, "pages": 0.2}) == pytest.approx(-0.1)


def test_page_halves_alternate_in_name_order(tmp_path: Path) -> None:
    pages = write_pages(tmp_path / "pages", count=5)
    first, second = page_halves(pages)
    assert [p.name for p in first] == ["page0.html", "page2.html", "page4.html"]
    assert [p.name for p in second] == ["page1.html", "page3.html"]


def test_eval_prints_a_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_corpus(tmp_path / "corpus")
    assert main([str(root), "--seeds", "1", "--ks", "5", "--no-entities"]) == 0
    out = capsys.readouterr().out
    assert "top-1" in out and "mixed archive" not in out and "cross-validated" not in out


def test_eval_prints_the_cross_validation_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_corpus(tmp_path / "corpus")
    pages = write_pages(tmp_path / "pages")
    assert main([str(root), "--pages", str(pages), "--seeds", "1", "--ks", "5",
                 "--no-entities"]) == 0
    out = capsys.readouterr().out
    assert "cross-validated" in out and "held-out mean" in out and "shipped constants" in out
    assert main([str(root), "--pages", str(pages), "--seeds", "1", "--ks", "5",
                 "--no-entities", "--no-protocol"]) == 0
    assert "cross-validated" not in capsys.readouterr().out


def readme_rows(title: str) -> dict[str, list[str]]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Topics, rules and suggested tags", 1)[1].split("\n## ", 1)[0]
    table = section.split(title, 1)[1].split("\n\n", 2)[1]
    return {
        line.split("|")[1].strip(): [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in table.splitlines()
        if line.startswith("|")
    }


def test_readme_reports_top1_for_every_k() -> None:
    rows = readme_rows("Top-1 of the learned tags")
    assert rows["k tagged per topic"][1:] == ["2", "5", "10", "20"]
    accuracy = [float(cell.split()[0]) for cell in rows["top-1"][1:]]
    assert len(accuracy) == 4 and all(0.85 <= a <= 1.0 for a in accuracy)


def test_readme_reports_the_mixed_archive() -> None:
    rows = readme_rows("The mixed archive")
    for label in ("shown suggestions right", "tagged topics' articles with one",
                  "untagged topics' articles with one", "saved pages with one"):
        assert label in rows, label
        value = float(rows[label][1].split()[0])
        assert 0.0 <= value <= 1.0
