"""Inputs that made a parser or a regex superlinear: each must finish (a time bound per test,
far above what a linear pass needs and far below what the old quadratic one took) and still
give the article. No test asserts a speed figure; the bound only turns a hang into a failure.

Sizes are those that took minutes before: a 300 KB Markdown line of ``*a `` (90 KB took 17 s,
quadratic), a tag with 400,000 attributes (200,000 took 40 s), 200,000 paragraphs of text
(22 MB took 83 s and 6.9 GB), ``title:/(a+)+$/`` against a title of 5,000 ``a`` (exponential).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.clean.html import extract_page
from reader.cli import main
from reader.model import Article
from reader.safety import safe_json, safe_line, safe_text
from reader.sources import ReadContext, sniff
from reader.sources.limits import MAX_BLOCKS, MAX_BODY_CHARS
from reader.sources.markdown import markdown_blocks
from tests.support.hostile import assert_safe

BOUND = 90  # seconds; each case takes well under ten


def read_file(path: Path) -> list[Article]:
    data = path.read_bytes()
    fmt = sniff(path, data[:4096])
    assert fmt is not None
    return fmt.read(path, data, ReadContext())


# ---- Markdown -------------------------------------------------------------------------------


@pytest.mark.timeout(BOUND)
@pytest.mark.parametrize("unit", ["*a ", "_a ", "**a ", "a* ", "`a ", "``a ", "[a](", "[",
                                  "![a](b(", "*a _b `c [d](e **f "])
def test_markdown_inline_markup_is_read_in_one_pass(unit: str) -> None:
    line = unit * (300_000 // len(unit))
    blocks = markdown_blocks(f"# Title\n\n{line}\n")
    assert blocks[0].text == "Title" and len(blocks) == 2


@pytest.mark.timeout(BOUND)
def test_markdown_headings_and_lists_without_backtracking() -> None:
    text = "# a" + " " * 200_000 + "b\n\n## x" + "#" * 200_000 + "y ##\n\n-" + " " * 200_000 + "z\n"
    blocks = markdown_blocks(text)
    assert [b.kind for b in blocks][:2] == ["heading", "heading"]


@pytest.mark.timeout(BOUND)
def test_markdown_emphasis_still_reads_as_before() -> None:
    blocks = markdown_blocks("A **bold** and *it* and _u_ word, `code *x*`, snake_case, 2 * 3 * 4, "
                             "[a link](https://e.org/a_(b)) and ![img](p.png).\n")
    assert blocks[0].text == ("A bold and it and u word, code *x*, snake_case, 2 * 3 * 4, "
                              "a link and img.")


@pytest.mark.timeout(BOUND)
def test_a_huge_markdown_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "stars.md"
    path.write_text("# Stars\n\n" + "*a " * 100_000 + "\n", encoding="utf-8")
    [article] = read_file(path)
    assert article.title == "Stars" and article.blocks


@pytest.mark.timeout(BOUND)
def test_toml_front_matter_nested_without_end(tmp_path: Path) -> None:
    path = tmp_path / "deep.md"
    path.write_text("+++\ntags = " + "[" * 50_000 + "\n+++\n\nText of the note.\n",
                    encoding="utf-8")
    [article] = read_file(path)
    assert article.blocks[0].text == "Text of the note."


# ---- HTML -------------------------------------------------------------------------------------


def page_with(tag: str) -> str:
    body = "".join(
        f"<p>Paragraph {i}: the river rose in the night and the council met at dawn.</p>"
        for i in range(10)
    )
    return (f"<html><head><title>River</title></head><body><article><h1>River</h1>{tag}"
            f"{body}</article></body></html>")


@pytest.mark.timeout(BOUND)
@pytest.mark.parametrize(
    "attribute",
    ['a{}="x"', "a{}='x>y'", "a{}=x", "a{}", 'a{}="1"b{}=2'],
)
def test_a_tag_with_hundreds_of_thousands_of_attributes(attribute: str) -> None:
    attributes = " ".join(attribute.format(i, i) for i in range(400_000))
    article = extract_page(page_with(f"<div {attributes}>hello</div>"))
    assert any("Paragraph 9" in b.text for b in article.blocks), article.problems


@pytest.mark.timeout(BOUND)
def test_many_tags_with_many_attributes() -> None:
    attributes = " ".join(f"a{i}" for i in range(5_000))
    article = extract_page(page_with(f"<span {attributes}>x</span>" * 200))
    assert any("Paragraph 9" in b.text for b in article.blocks)


@pytest.mark.timeout(BOUND)
@pytest.mark.parametrize("character", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f",
                                       "\x7f", "\x9b", "\ufffe", "\uffff", "\ud800"])
def test_one_control_character_does_not_lose_the_page(character: str) -> None:
    article = extract_page(page_with("").replace("council", f"coun{character}cil", 1))
    assert len(article.blocks) >= 10, article.problems
    for block in article.blocks:
        assert_safe(block.text)


# ---- text and article size ------------------------------------------------------------------


@pytest.mark.timeout(BOUND)
def test_two_hundred_thousand_paragraphs_are_cut_with_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    paragraph = "The quick brown fox jumps over the lazy dog near the old harbour wall."
    path.write_text("A very long text\n\n" + "\n\n".join(
        f"{paragraph} Number {i}." for i in range(200_000)), encoding="utf-8")
    [article] = read_file(path)
    assert len(article.blocks) <= MAX_BLOCKS
    assert len(article.body) <= MAX_BODY_CHARS + 2 * MAX_BLOCKS
    assert any("cut" in problem for problem in article.problems)


@pytest.mark.timeout(BOUND)
def test_one_enormous_paragraph_is_cut_at_a_word(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"title": "One paragraph", "body": "word " * 400_000}),
                    encoding="utf-8")
    [article] = read_file(path)
    assert 0 < len(article.body) <= MAX_BODY_CHARS and article.body.endswith("word")
    assert any("cut" in problem for problem in article.problems)


@pytest.mark.timeout(BOUND)
def test_json_nested_beyond_any_export(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    code = main(["extract", str(path)])
    assert code == 1


# ---- regexes ----------------------------------------------------------------------------------


@pytest.mark.timeout(BOUND)
def test_catastrophic_regexes_cannot_hang_the_cli_or_the_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], reader_home: Path
) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "a.json").write_text(json.dumps({"title": "a" * 5_000 + "!", "body": "text"}),
                                    encoding="utf-8")
    (reader_home / "rules.toml").write_text(
        '[[rule]]\nname = "evil"\nquery = \'title:/(a+)+$/ or title:/(a|aa)*c/\'\ntags = ["x"]\n',
        encoding="utf-8",
    )
    assert main(["index", "--no-entities", str(archive)]) == 0
    for pattern in ("(a+)+$", "(a|aa)*c", "(a*)*b", "(.*a){20}x", "^(a?){25}a{25}$"):
        capsys.readouterr()
        assert main(["count", f"title:/{pattern}/"]) == 0
        assert capsys.readouterr().out == "0\n"
    assert main(["retag"]) == 0


# ---- the sanitiser itself ---------------------------------------------------------------------


@pytest.mark.timeout(BOUND)
@pytest.mark.parametrize("unit", ["\x1b]", "\x9d", "\x1bP", "\x1b[", "\x9b1;", "\x1b", "\u202e",
                                  "\x1b]0;", "a\r", "\x07"])
def test_the_sanitiser_is_linear(unit: str) -> None:
    text = unit * (300_000 // len(unit))
    assert_safe(safe_line(text), lines=False)
    assert_safe(safe_text(text))
    assert_safe(safe_json([text]))
