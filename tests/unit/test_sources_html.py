"""The HTML format: sniffing and bad input (broken, empty, huge, deep, mixed encodings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.model import Block, Link
from reader.sources import ReadContext, SourceError
from reader.sources import html as html_format
from reader.store import Store
from tests.support import FIXTURES as ALL_FIXTURES

FIXTURES = ALL_FIXTURES / "clean"
PARAGRAPH = (
    "<p>The harbour committee met again on Tuesday to discuss the repairs to the old sea wall, "
    "and agreed that the work on the {n} section must start before the winter storms.</p>\n"
)


def _paragraphs(count: int) -> str:
    return "".join(PARAGRAPH.format(n=f"number {i}") for i in range(count))


def _read(tmp_path: Path, data: bytes) -> list:  # type: ignore[type-arg]
    path = tmp_path / "page.html"
    path.write_bytes(data)
    return html_format.read(path, data, ReadContext())


def test_sniff(tmp_path: Path) -> None:
    sniff = html_format.FORMAT.sniff
    assert sniff(tmp_path / "a.txt", b"<!DOCTYPE html><html><body>")
    assert sniff(tmp_path / "a", b"\xef\xbb\xbf  <html lang='en'>")
    assert sniff(tmp_path / "a.htm", b"<div><p>Hello</p></div>")
    assert not sniff(tmp_path / "a.txt", b"Plain text about <html> tags.")
    assert not sniff(tmp_path / "feed.xml", b"<?xml version='1.0'?><rss version='2.0'>")


def test_reads_the_fixture_page(tmp_path: Path) -> None:
    [article] = _read(tmp_path, (FIXTURES / "page_article.html").read_bytes())
    assert article.title == "Tide Mill Turns Again After Forty Years"
    assert len(article.blocks) == 8


def test_truncated_page_still_gives_its_text(tmp_path: Path) -> None:
    data = (FIXTURES / "page_article.html").read_bytes()
    cut = data[: data.index(b"A machine older")]
    [article] = _read(tmp_path, cut)
    assert article.body.startswith("The wheel of the old tide mill")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
        b"<html><head><title>Only a title</title></head><body></body></html>",
        b"<html><body><p>Too short.</p></body></html>",
    ],
)
def test_pages_without_an_article_are_source_errors(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(SourceError) as caught:
        _read(tmp_path, data)
    assert caught.value.reason in ("empty file", "no article in page")


def test_deeply_nested_tables(tmp_path: Path) -> None:
    depth = 1000
    data = (
        "<html><body>"
        + "<table><tr><td>" * depth
        + _paragraphs(4)
        + "</td></tr></table>" * depth
        + "</body></html>"
    ).encode()
    [article] = _read(tmp_path, data)
    assert "harbour committee" in article.body
    assert any("nested too deeply" in p for p in article.problems)


def test_deeply_nested_divs_give_an_article_or_a_reason(tmp_path: Path) -> None:
    depth = 100_000
    data = ("<html><body>" + "<div>" * depth + _paragraphs(4) + "</div>" * depth).encode()
    try:
        [article] = _read(tmp_path, data)
    except SourceError as error:
        assert error.reason
    else:
        assert "harbour committee" in article.body


def test_fifty_megabyte_page(tmp_path: Path) -> None:
    filler = "<div class='menu'><span>Menu item</span></div>\n"
    data = (
        "<html><head><title>Sea wall repairs</title></head><body><article>"
        + _paragraphs(12)
        + "</article>"
        + filler * (50_000_000 // len(filler))
        + "</body></html>"
    ).encode()
    assert len(data) >= 50_000_000
    [article] = _read(tmp_path, data)
    assert "harbour committee" in article.body
    assert any("cut to its first" in p for p in article.problems)


def test_mixed_encodings_in_one_page(tmp_path: Path) -> None:
    data = (
        "<html><body><p>Le café a rouvert ce matin après un long hiver de travaux, "
        "a dit le patron à ses clients.</p>"
    ).encode() + "<p>Crème brûlée offerte à tous les clients du café aujourd'hui.</p>".encode(
        "cp1252"
    )
    [article] = _read(tmp_path, data)
    assert "Le café a rouvert ce matin après" in article.body
    assert "Crème brûlée offerte" in article.body


def test_binary_garbage_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError):
        _read(tmp_path, b"<html>" + bytes(range(256)) * 50)


def test_links_survive_the_index(tmp_path: Path, store: Store) -> None:
    [article] = _read(tmp_path, (FIXTURES / "page_figures.html").read_bytes())
    assert any(block.links for block in article.blocks)
    with store.transaction():
        file_id = store.save_file(
            path=str(tmp_path / "page.html"), size=1, mtime_ns=1, hash="h", format="html",
            status="ok",
        )  # fmt: skip
        article_id = store.put_article(article, file_id, 0)
    stored = store.article(article_id)
    assert stored is not None
    assert stored.article.blocks == article.blocks


def test_blocks_stored_before_links_still_load() -> None:
    old = {
        "kind": "paragraph",
        "text": "Stored before links were kept.",
        "href": "https://a.example",
    }
    assert Block.from_json(old) == Block(
        "paragraph", "Stored before links were kept.", href="https://a.example"
    )
    odd = dict(old, links=[{"start": 0, "end": 6, "url": "https://b.example"},
                           {"start": 5, "end": 999, "url": "https://c.example"}, "junk",
                           {"start": "0", "end": 3, "url": "https://d.example"}])  # fmt: skip
    assert Block.from_json(odd).links == [Link(0, 6, "https://b.example")]
