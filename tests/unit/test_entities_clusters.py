"""The word table shipped beside the model: how words are usually written, and cluster
numbers that survive a round trip through the file."""

from __future__ import annotations

from pathlib import Path

from reader.entities import clusters
from reader.entities.clusters import (
    _is_conll,
    _table,
    clusters_of,
    sentences_of,
    usual_form,
    usual_forms,
    write,
)


def test_usual_forms_count_inside_sentences_of_ordinary_case() -> None:
    sentences = [
        ["The", "council", "met", "NATO", "officials", "in", "Oslo", "."],
        ["The", "council", "thanked", "NATO", "and", "Oslo", "."],
        ["Council", "members", "praised", "NATO", "in", "Oslo", "."],  # first word: not counted
        ["THE", "COUNCIL", "MET", "IN", "OSLO"],  # a line in capitals: not counted
        ["Later", "the", "council", "left", "."],
    ]
    forms = usual_forms(sentences)
    assert forms["council"] == "lower"
    assert forms["nato"] == "upper"
    assert forms["oslo"] == "title"
    assert "later" not in forms  # seen only opening a sentence


def test_the_table_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "clusters.txt"
    write({"sony": (1, 229), "nintendo": (1, 229)}, {"sony": "title", "the": "lower"}, "x", path)
    clusters_by_word, forms = _table(path)
    assert clusters_by_word == {"sony": ("1", "229"), "nintendo": ("1", "229")}
    assert forms == {"sony": "title", "the": "lower"}
    _table.cache_clear()


def test_the_shipped_table_knows_common_words_and_names() -> None:
    assert clusters.CLUSTER_FILE.is_file()
    assert usual_form("THE") == "lower"
    assert usual_form("nato") == "upper"
    assert clusters_of("Sony") is not None
    assert clusters_of("zzzqqqx") is None


def test_sources_are_read_as_columns_or_as_articles(tmp_path: Path) -> None:
    columns = tmp_path / "train"
    columns.write_text("Oslo NNP I-NP I-LOC\nwins VBZ I-VP O\n\n", encoding="utf-8")
    articles = tmp_path / "topic"
    articles.mkdir()
    (articles / "001.txt").write_text("A title\n\nOslo wins again. It rained.", encoding="utf-8")
    assert _is_conll(columns)
    assert not _is_conll(articles / "001.txt")
    assert sentences_of([columns, articles]) == [
        ["Oslo", "wins"],
        ["A", "title"],
        ["Oslo", "wins", "again", "."],
        ["It", "rained", "."],
    ]
