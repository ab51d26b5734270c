"""``reader extract FILE [--json]``: readable text, or one JSON array of stable article objects
(several for a feed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from tests.support import FIXTURES

FEEDS = FIXTURES / "clean" / "feeds"
KEYS = {
    "title", "byline", "date", "source", "url", "language", "topics", "caption", "body",
    "blocks", "related", "problems",
}  # fmt: skip


def test_extract_seed_as_json(
    seed_path: Path, reader_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(seed_path), "--json"]) == 0
    [data] = json.loads(capsys.readouterr().out)
    assert set(data) == KEYS
    assert data["title"] == "Russia Rejects Kyiv-Backed Peace Talks in Malta"
    assert data["topics"] == ["Ukraine war"]
    assert data["body"].count("\n\n") == 8
    assert data["blocks"][0] == {"kind": "paragraph", "text": data["body"].split("\n\n")[0]}
    assert data["related"][0] == {
        "title": "Russian Recruits Jailed for 3 Years for Refusing to Fight in Ukraine",
        "url": "",
        "summary": (
            "Yury Degtyarev and Alexei Selivanov were among the first recruits charged "
            "with refusing military service."
        ),
        "kicker": "refuseniks",
    }
    # No index was needed or made.
    assert not list(reader_home.rglob("*.db")) and not list(reader_home.rglob("*.sqlite*"))


def test_extract_seed_as_text(seed_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(seed_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Russia Rejects Kyiv-Backed Peace Talks in Malta\n")
    for expected in ("By: AFP", "Date: 2023-10-26", "Source: The Moscow Times", "Related"):
        assert expected in out
    assert "Contribute today" not in out


def test_feed_prints_one_array_of_its_entries(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(FEEDS / "river.rss"), "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert [entry["title"] for entry in entries] == [
        "Otters seen below the weir",
        "Footbridge closed for repairs",
    ]


def test_problems_exit_non_zero_with_the_reason(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(FEEDS / "subscriptions.opml")]) == 1
    assert "OPML subscription list" in capsys.readouterr().err


def test_problems_in_json_are_an_empty_article_with_the_reason(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["extract", str(FEEDS / "subscriptions.opml"), "--json"]) == 1
    output = capsys.readouterr()
    [data] = json.loads(output.out)
    assert data["title"] == "" and data["blocks"] == [] and data["body"] == ""
    [problem] = data["problems"]
    assert problem.startswith("OPML subscription list") and problem in output.err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(tmp_path / "nope.txt")]) == 2
    assert "no such file" in capsys.readouterr().err


CLEAN = FIXTURES / "clean"


def test_links_in_json_blocks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(CLEAN / "page_figures.html"), "--json"]) == 0
    [data] = json.loads(capsys.readouterr().out)
    blocks = data["blocks"]
    first = blocks[0]
    start = first["text"].index("almost three years")
    assert start > 0
    assert first["links"] == [
        {"start": start, "end": start + 18, "url": "https://quay.example/news/volunteers-start"}
    ]
    # Blocks without links carry no "links" key at all.
    quote = next(b for b in blocks if b["text"].startswith('"We wanted'))
    assert "links" not in quote


@pytest.mark.parametrize(
    ("name", "title", "first"),
    [
        ("scrape_ja.txt", "港の灯台、四十年ぶりに再点灯", "小さな港町で"),
        ("scrape_zh.txt", "老码头的灯重新亮起", "小镇码头上的"),
    ],
)
def test_chinese_and_japanese_scrapes(
    name: str, title: str, first: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(CLEAN / name), "--json"]) == 0
    [data] = json.loads(capsys.readouterr().out)
    assert data["title"] == title
    assert len(data["blocks"]) == 3
    assert data["blocks"][0]["text"].startswith(first)
    assert data["problems"] == []


@pytest.mark.parametrize(
    ("name", "encoding", "first"),
    [("scrape_ja.txt", "shift_jis", "小さな港町で"), ("scrape_zh.txt", "gbk", "小镇码头上的")],
)
def test_chinese_and_japanese_scrapes_in_legacy_encodings(
    name: str, encoding: str, first: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_bytes((CLEAN / name).read_text(encoding="utf-8").encode(encoding))
    assert main(["extract", str(path), "--json"]) == 0
    [data] = json.loads(capsys.readouterr().out)
    assert data["blocks"][0]["text"].startswith(first)
