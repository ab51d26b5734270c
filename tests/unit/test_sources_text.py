"""The text format: sniffing, reading, problems, and chrome learned across a source's files."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.sources import ReadContext, SourceError
from reader.sources import text as text_format
from reader.store import Store
from tests.support import FIXTURES

SLOGAN = "Independent news for the valley since 1998, read by thousands of neighbours every day."


FRUITS = ("apples", "pears", "plums", "cherries", "quinces")


def _scrape(n: int) -> str:
    fruit = FRUITS[n]
    return "\n".join(
        [
            "Valley Courier",
            f"The {fruit} of the valley",
            SLOGAN,
            f"This story tells of the {fruit} harvest in the orchards and the rain that came late.",
            f"Farmers said the {fruit} were smaller but sweeter than last year, and cheaper too.",
            "© 2022 Valley Courier",
        ]
    )


def test_sniff_accepts_text_and_refuses_binary(tmp_path: Path) -> None:
    assert text_format.FORMAT.sniff(tmp_path / "a.txt", b"Hello\nworld\n")
    assert not text_format.FORMAT.sniff(tmp_path / "a.bin", b"\x00\x01\x02\x03binary")


def test_reads_the_seed(seed_path: Path) -> None:
    [article] = text_format.read(seed_path, seed_path.read_bytes(), ReadContext())
    assert article.title == "Russia Rejects Kyiv-Backed Peace Talks in Malta"
    assert article.source == "The Moscow Times"
    assert len(article.blocks) == 9


def test_latin1_scrape_is_decoded(tmp_path: Path) -> None:
    text = (
        "Café Société Reopens\n"
        "The café on the square reopened on Monday after a long winter of repairs, "
        "said the owner.\n"
    )
    path = tmp_path / "cafe.txt"
    [article] = text_format.read(path, text.encode("latin-1"), ReadContext())
    assert article.title == "Café Société Reopens"
    assert "café on the square" in article.body


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"Home\nNews\nContact\n", "no article text"),
        (b"\x00\x01\x02" * 100, "binary file"),
    ],
)
def test_problems_are_source_errors(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(SourceError) as caught:
        text_format.read(tmp_path / "x.txt", data, ReadContext())
    assert caught.value.reason == reason


def test_chrome_is_learned_across_files_without_an_index(tmp_path: Path) -> None:
    files = []
    for n in range(5):
        path = tmp_path / f"story{n}.txt"
        path.write_text(_scrape(n), encoding="utf-8")
        files.append(path)

    [alone] = text_format.read(files[0], files[0].read_bytes(), ReadContext())
    assert SLOGAN in alone.body

    ctx = ReadContext()
    for path in files:
        text_format.observe(path, path.read_bytes(), ctx)
    for path in files:
        [article] = text_format.read(path, path.read_bytes(), ctx)
        assert SLOGAN not in article.body
        assert "harvest in the orchards" in article.body


def test_chrome_counts_persist_in_the_index_and_count_a_file_once(
    tmp_path: Path, store: Store
) -> None:
    paths = []
    for n in range(4):
        path = tmp_path / f"story{n}.txt"
        path.write_text(_scrape(n), encoding="utf-8")
        paths.append(path)
    for _ in range(2):  # the same contents twice: counted once
        ctx = ReadContext(line_statistics=store.chrome_lines())
        for path in paths:
            text_format.observe(path, path.read_bytes(), ctx)

    files = store.conn.execute(
        "SELECT files FROM chrome_lines WHERE source = ? AND line_hash = '#files'",
        ("site:valley courier",),
    ).fetchone()[0]
    assert files == 4

    # A later run: statistics come from the index.
    fresh = ReadContext(line_statistics=store.chrome_lines())
    [article] = text_format.read(paths[0], paths[0].read_bytes(), fresh)
    assert SLOGAN not in article.body
    assert article.source == "Valley Courier"


def test_an_article_saved_several_times_is_not_mistaken_for_chrome(tmp_path: Path) -> None:
    text = (FIXTURES / "clean" / "scrape_blog.txt").read_text()
    paths = []
    for n in range(5):
        path = tmp_path / f"copy{n}.txt"
        path.write_text(text.replace("Harbour Lights", f"Harbour Lights ({n})"), encoding="utf-8")
        paths.append(path)
    ctx = ReadContext()
    for path in paths:
        text_format.observe(path, path.read_bytes(), ctx)
    for path in paths:
        [article] = text_format.read(path, path.read_bytes(), ctx)
        assert article.body.startswith("The old quay was dark")
        assert len(article.blocks) == 6


def test_a_short_note_is_an_article(tmp_path: Path) -> None:
    path = tmp_path / "office.txt"
    data = b"Quick update\nWe moved the office.\nNew address below.\n12 High Street, Leeds\n"
    [article] = text_format.read(path, data, ReadContext())
    assert article.title == "Quick update"
    assert article.body == "We moved the office.\n\nNew address below.\n\n12 High Street, Leeds"
