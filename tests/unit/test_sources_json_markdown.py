"""JSON / JSON Lines exports and Markdown notes become articles with their metadata."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.sources import ReadContext, SourceError
from reader.sources import jsonl as json_format
from reader.sources import markdown as markdown_format


def read_json(tmp_path: Path, name: str, content: str | bytes) -> list:  # type: ignore[type-arg]
    path = tmp_path / name
    data = content.encode() if isinstance(content, str) else content
    path.write_bytes(data)
    assert json_format.FORMAT.sniff(path, data[:4096])
    return json_format.FORMAT.read(path, data, ReadContext())


def test_rss_converted_to_json_gives_every_item_with_the_channel_as_source(
    tmp_path: Path,
) -> None:
    document = {
        "rss": {
            "version": "2.0",
            "channel": {
                "title": "Harbour Notes",
                "description": "A weblog about the harbour.",
                "item": [
                    {"title": "Ferry late", "description": "<p>The ferry ran late.</p>",
                     "pubDate": "Mon, 26 Jun 2017 19:40:58 GMT", "link": "https://h.example/1"},
                    {"description": "Cranes idle all week.", "source": "Dock Wire"},
                ],
            },
        }
    }
    first, second = read_json(tmp_path, "weblog.json", json.dumps(document))
    assert (first.title, first.source, first.url) == (
        "Ferry late", "Harbour Notes", "https://h.example/1"
    )
    assert first.date == "2017-06-26T19:40:58+00:00"
    assert [b.text for b in first.blocks] == ["The ferry ran late."]
    assert second.title == "Cranes idle all week." and second.source == "Dock Wire"


def test_field_spellings_of_common_exporters(tmp_path: Path) -> None:
    records = [
        {
            "headline": "A",
            "content": "<p>First <b>para</b>.</p><ul><li>item</li></ul>",
            "published_at": 1700000000,
            "link": "https://x.example/a",
            "site_name": "X",
            "authors": [{"name": "Ann"}, {"name": "Bo"}],
            "categories": "one, two",
        },
        {
            "title": "B",
            "text": "Plain\nfolded line.\n\nSecond.",
            "date": "Tue, 24 Oct 2023 10:00:00 +0000",
            "source": {"title": "Feedy"},
            "tags": ["x"],
        },
    ]
    first, second = read_json(tmp_path, "export.json", json.dumps({"items": records}))
    assert first.title == "A"
    assert [(b.kind, b.text) for b in first.blocks] == [
        ("paragraph", "First para."),
        ("list_item", "item"),
    ]
    assert first.date == "2023-11-14T22:13:20+00:00"
    assert first.byline == "Ann, Bo" and first.source == "X" and first.tags == ["one", "two"]
    assert first.topics == ["one", "two"] and second.topics == ["x"]  # shown as the topics
    assert [b.text for b in second.blocks] == ["Plain folded line.", "Second."]
    assert second.date == "2023-10-24T10:00:00+00:00" and second.source == "Feedy"


def test_json_lines_with_a_broken_line_keeps_the_rest(tmp_path: Path) -> None:
    content = '{"title": "one", "body": "x"}\n{broken\n{"title": "two", "body": "y"}\n'
    articles = read_json(tmp_path, "dump.jsonl", content)
    assert [a.title for a in articles] == ["one", "two"]
    assert "1 record(s) skipped" in articles[0].problems[0]


def test_json_without_articles_is_a_problem(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no articles"):
        read_json(tmp_path, "config.json", '{"colour": "blue", "size": 3}')


def test_markdown_front_matter_and_structure(tmp_path: Path) -> None:
    text = """+++
title = "TOML fronted"
date = 2024-02-03
tags = ["a", "b"]
+++
Intro with a [link](https://example.org) and **bold** words.

## Section

- first
- second

```
code stays
  as is
```
"""
    path = tmp_path / "note.md"
    path.write_text(text, encoding="utf-8")
    (article,) = markdown_format.FORMAT.read(path, text.encode(), ReadContext())
    assert article.title == "TOML fronted" and article.date == "2024-02-03"
    assert article.tags == ["a", "b"]
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("paragraph", "Intro with a link and bold words."),
        ("heading", "Section"),
        ("list_item", "first"),
        ("list_item", "second"),
        ("preformatted", "code stays\n  as is"),
    ]


def test_markdown_title_from_first_heading_never_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "my_saved-note.md"
    (article,) = markdown_format.FORMAT.read(path, b"# Heading title\n\nBody.\n", ReadContext())
    assert article.title == "Heading title" and article.body == "Body."
    (untitled,) = markdown_format.FORMAT.read(path, b"Just text.\n", ReadContext())
    assert untitled.title == "(untitled)"


def test_entities_escaped_twice_are_decoded_in_exports_and_notes(tmp_path: Path) -> None:
    record = json.dumps(
        {"title": "Lamps &amp;#8216;back&amp;#8217;", "body": "Text.", "author": "A &amp;amp; B"}
    ).encode()
    (article,) = json_format.FORMAT.read(tmp_path / "a.json", record, ReadContext())
    assert (article.title, article.byline) == ("Lamps \u2018back\u2019", "A & B")
    note = b"---\ntitle: Fish &amp;amp; chips\n---\nText.\n"
    (article,) = markdown_format.FORMAT.read(tmp_path / "a.md", note, ReadContext())
    assert article.title == "Fish & chips"
