"""Queries that mean something, bulk changes that ask first, and what leaves for a browser, a
spreadsheet or a Markdown renderer.

- a query with no searchable word (``—``, ``!!!``) is an error, never every article;
- a tag, read or star change from a query that matches the whole archive asks first, and
  needs ``--yes`` when there is no terminal to ask on;
- only http, https and mailto URLs become links; CSV formulas stay text; Markdown export keeps
  raw HTML as text; a feed whose content is a path is not read from that path.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from reader.cli import main
from reader.cli.extract import extract_file
from reader.query import QueryError, compile_filter
from reader.sources import SourceError

pytestmark = pytest.mark.timeout(300)

ARTICLES = [
    {"title": "Harbour reopens", "body": "The harbour reopened on Tuesday.",
     "url": "https://port.example/harbour", "date": "2024-03-01"},
    {"title": "=HYPERLINK(\"https://evil.example\",\"Click\")", "author": "+cmd|' /C calc'!A0",
     "source": "@SUM(1+1)", "body": "-1+1 starts this body.", "date": "2024-03-02",
     "url": "javascript:alert(1)"},
    {"title": "A note", "date": "2024-03-03", "url": "file:///etc/passwd",
     "body": "<p>Before</p><iframe src=\"https://tracker.example/f\"></iframe>"
             "<p>After &lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1))</p>"},
]


class Terminal(io.StringIO):
    """Standard input as a terminal a person answers on."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = tmp_path / "archive"
    root.mkdir()
    for number, article in enumerate(ARTICLES):
        (root / f"{number}.json").write_text(json.dumps(article), encoding="utf-8")
    assert main(["index", "--no-entities", str(root)]) == 0
    capsys.readouterr()
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def count(capsys: pytest.CaptureFixture[str], query: str) -> int:
    return int(run(capsys, "count", query)[1])


# ---- queries ----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["—", "!!!", "...", "«»", '"—"', "title:!!!", 'title:"…"',
                                   "harbour —", "— or harbour", "not —", "🎉"])
def test_a_query_without_a_searchable_word_is_an_error(query: str) -> None:
    with pytest.raises(QueryError, match="nothing to search for"):
        compile_filter(query)


def test_symbols_cannot_tag_the_whole_archive(
    capsys: pytest.CaptureFixture[str], archive: Path
) -> None:
    code, _, err = run(capsys, "tag", "—", "+x", "--yes")
    assert code == 2 and "nothing to search for" in err
    assert count(capsys, "+x") == 0


def test_a_change_to_every_article_needs_yes_without_a_terminal(
    capsys: pytest.CaptureFixture[str], archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))  # a pipe: not a person answering
    for argv in (("tag", "", "+x"), ("tag", "not nothingatall", "+x"), ("read", ""),
                 ("star", "")):
        code, _, err = run(capsys, *argv)
        assert code == 2 and "--yes" in err and "nothing was changed" in err, argv
    assert count(capsys, "+x") == 0 and count(capsys, "is:read") == 0
    assert run(capsys, "tag", "", "+x", "--yes")[0] == 0
    assert run(capsys, "read", "--yes", "")[0] == 0
    assert count(capsys, "+x") == 3 and count(capsys, "is:read") == 3
    assert run(capsys, "tag", "harbour", "+y")[0] == 0  # part of the archive: no question
    assert count(capsys, "+y") == 1


def test_a_person_is_asked_before_every_article_changes(
    capsys: pytest.CaptureFixture[str], archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    code, _, err = run(capsys, "tag", "", "+x")
    assert code == 1 and "every article (3)" in err and "Nothing was changed" in err
    assert count(capsys, "+x") == 0
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    assert run(capsys, "tag", "", "+x")[0] == 0
    assert count(capsys, "+x") == 3


def test_a_dry_run_never_asks(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    code, out, _ = run(capsys, "tag", "--dry-run", "", "+x")
    assert code == 0 and "Would change 3" in out


# ---- links, spreadsheets, Markdown ------------------------------------------------------------


def test_show_marks_links_that_are_not_web_links(
    capsys: pytest.CaptureFixture[str], archive: Path
) -> None:
    shown = {}
    for item in json.loads(run(capsys, "list", "--json")[1]):
        shown[item["url"]] = run(capsys, "show", item["id"])[1]
    assert shown["https://port.example/harbour"].rstrip().endswith("https://port.example/harbour")
    assert "javascript:alert(1) (not a web link)" in shown["javascript:alert(1)"]
    assert "file:///etc/passwd (not a web link)" in shown["file:///etc/passwd"]


def test_csv_export_keeps_formulas_as_text(
    capsys: pytest.CaptureFixture[str], archive: Path
) -> None:
    rows = list(csv.DictReader(io.StringIO(run(capsys, "export", "-f", "csv", "")[1])))
    cells = [cell for row in rows for cell in row.values()]
    for cell in cells:
        assert cell.lstrip()[:1] not in ("=", "+", "-", "@"), cell
    formula = next(row for row in rows if "HYPERLINK" in row["title"])
    assert formula["title"] == "'=HYPERLINK(\"https://evil.example\",\"Click\")"
    assert formula["byline"].startswith("'+") and formula["source"] == "'@SUM(1+1)"
    assert formula["body"].startswith("'-1+1")


def test_markdown_export_keeps_html_as_text_and_only_web_links(
    capsys: pytest.CaptureFixture[str], archive: Path
) -> None:
    text = run(capsys, "export", "-f", "md", "")[1]
    assert "<iframe" not in text and "<script" not in text and "&lt;script&gt;" in text
    assert "<https://port.example/harbour>" in text
    assert "<javascript:" not in text and "<file:" not in text
    assert "`` javascript:alert(1) ``" in text or "` javascript:alert(1) `" in text
    assert re.search(r"(?<!\\)\]\(javascript:", text) is None  # only as escaped text
    assert "\\[x\\](javascript:alert(1))" in text


def test_a_feed_whose_content_is_a_path_is_not_read_from_it(tmp_path: Path) -> None:
    secret = tmp_path / "secret<rss>.xml"
    secret.write_text("<rss><channel><title>SECRET</title><item><title>Secret item</title>"
                      "<description>Text of another file entirely, never to be read."
                      "</description></item></channel></rss>", encoding="utf-8")
    feed = tmp_path / "evil.rss"
    feed.write_text(str(secret), encoding="utf-8")
    try:
        articles = extract_file(feed)
    except SourceError:
        articles = []
    assert all("Secret" not in a.title and a.source != "SECRET" for a in articles)
