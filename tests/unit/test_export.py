"""Exporting what a query selects: JSON lines, CSV and Markdown, with tags and entities."""

from __future__ import annotations

import csv
import io
import json

import pytest

from reader.export import CSV_COLUMNS, export
from reader.model import Article, Block
from reader.query import compile_filter
from reader.store import Store
from reader.tags import apply_tags, set_starred
from tests.support.articles import add_article


@pytest.fixture
def archive(store: Store) -> Store:
    first = add_article(
        store,
        "Zakharova warns the West",
        "Maria Zakharova spoke.\n\nZakharova spoke again in Kyiv.",
        date="2023-10-05",
        url="https://example.org/z",
        topics=["Ukraine war"],
        mentions=[
            ("PERSON", "Maria Zakharova", "Maria Zakharova"),
            ("PERSON", "Zakharova", "Maria Zakharova"),
            ("PLACE", "Kyiv", "Kyiv"),
        ],
    )
    add_article(store, 'Football, "results"', "A draw,\nreally.", date="2022-05-01")
    apply_tags(store, [first], add=["ukraine"])
    set_starred(store, [first], True)
    return store


def run(store: Store, query: str, fmt: str) -> tuple[int, str]:
    out = io.StringIO()
    count = export(store, compile_filter(query), fmt, out)
    return count, out.getvalue()


def test_jsonl_is_the_show_json_shape(archive: Store) -> None:
    count, text = run(archive, "", "jsonl")
    assert count == 2
    items = [json.loads(line) for line in text.splitlines()]
    assert [i["title"] for i in items] == ["Zakharova warns the West", 'Football, "results"']
    first = items[0]
    assert first["tags"] == ["ukraine", "ukraine-war"]
    assert first["tag_origins"] == {"ukraine": "manual", "ukraine-war": "source"}
    assert first["starred"] is True
    assert [e["canonical"] for e in first["entities"]] == ["Maria Zakharova"] * 2 + ["Kyiv"]
    stored = archive.article(first["id"])
    assert stored is not None and first == stored.to_json()


def test_csv_has_one_row_per_article_with_tags_and_entities(archive: Store) -> None:
    count, text = run(archive, "", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert count == len(rows) == 2
    assert tuple(rows[0]) == CSV_COLUMNS
    first, second = rows
    assert first["tags"] == "ukraine ukraine-war"
    assert first["people"] == "Maria Zakharova"
    assert first["places"] == "Kyiv"
    assert first["starred"] == "1"
    assert second["title"] == 'Football, "results"'
    assert second["body"] == "A draw,\nreally."


def test_markdown_sections(archive: Store) -> None:
    count, text = run(archive, "+ukraine", "md")
    assert count == 1
    assert text.startswith("# Zakharova warns the West\n")
    assert "- **Tags:** +ukraine +ukraine-war" in text
    assert "- **People:** Maria Zakharova" in text
    assert "- **URL:** <https://example.org/z>" in text
    assert "Zakharova spoke again in Kyiv." in text
    count, text = run(archive, "", "md")
    assert count == 2 and "\n---\n" in text


def test_markdown_keeps_block_kinds(store: Store) -> None:
    file_id = store.save_file(
        path="/a/blocks.txt", size=1, mtime_ns=0, hash="h", format="text", status="ok"
    )
    store.put_article(
        Article(
            title="Blocks",
            blocks=[
                Block("heading", "A heading", level=1),
                Block("quote", "Said someone."),
                Block("list_item", "An item", level=1),
                Block("preformatted", "code ``` here"),
                Block("caption", "Photo: AFP"),
            ],
        ),
        file_id,
        0,
    )
    _, text = run(store, "", "md")
    assert "## A heading" in text
    assert "> Said someone." in text
    assert "- An item" in text
    assert "````\ncode ``` here\n````" in text
    assert "*Photo: AFP*" in text


def test_unknown_format_is_refused(archive: Store) -> None:
    with pytest.raises(ValueError):
        run(archive, "", "pdf")
