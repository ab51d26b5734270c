"""reader.safety: what leaves the program for a terminal, a JSON reader, a spreadsheet or a
browser. One test per class of hostile character, and properties over arbitrary text."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.safety import (
    REPLACEMENT,
    csv_cell,
    csv_row,
    display_path,
    markdown_text,
    safe_json,
    safe_line,
    safe_link,
    safe_text,
    strip_unsafe,
    strip_unsafe_text,
)
from tests.support.hostile import VISIBLE_FORMAT, assert_safe

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\U000e0041"


# ---- one case per class -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "hostile",
    [
        "\x1b]0;window title\x07",  # OSC 0: sets the terminal's title
        "\x1b]52;c;ZXZpbA==\x07",  # OSC 52: writes the clipboard
        "\x1b]8;;file:///etc/passwd\x1b\\",  # OSC 8 hyperlink, ST-terminated
        "\x1b[2J\x1b[H",  # CSI: clear the screen
        "\x9b31m",  # 8-bit CSI
        "\x9d0;title\x9c",  # 8-bit OSC with 8-bit ST
        "\x1bP+q544e\x1b\\",  # DCS
        "\x1b_APC payload\x1b\\",  # APC
        "\x07\x08\x7f\x00",  # BEL, BS, DEL, NUL
    ],
)
def test_escape_sequences_and_controls_become_one_visible_replacement(hostile: str) -> None:
    shown = safe_line(f"before {hostile} after")
    assert_safe(shown, lines=False)
    assert shown.startswith("before ") and shown.endswith(" after")
    assert REPLACEMENT in shown


def test_an_unterminated_sequence_loses_its_introducer_only() -> None:
    assert safe_line("a\x1b]0;never terminated") == f"a{REPLACEMENT}0;never terminated"
    assert safe_line("a\x9d" * 3) == f"a{REPLACEMENT}" * 3
    assert safe_line("trailing\x1b") == f"trailing{REPLACEMENT}"


def test_a_whole_sequence_is_one_replacement_not_its_payload() -> None:
    assert safe_line("a\x1b]52;c;" + "Q" * 10_000 + "\x07b") == f"a{REPLACEMENT}b"
    assert safe_line("red \x1b[1;31mtext\x1b[0m") == f"red {REPLACEMENT}text{REPLACEMENT}"


def test_bidi_controls_and_invisible_characters_are_removed() -> None:
    assert safe_line(f"pay{INVISIBLE}pal") == "paypal"
    assert safe_line(f"Invoice \u202egpj.exe\u202c {BIDI}") == "Invoice gpj.exe "


def test_a_line_cannot_hold_a_line_break() -> None:
    assert safe_line("one\ntwo\r\nthree\rfour\u2028five\u2029six\tseven") == (
        "one two three four five six seven"
    )


def test_text_keeps_its_lines_but_not_a_lone_carriage_return() -> None:
    assert safe_text("a\nb\r\nc\rd\u2028e\tf") == f"a\nb\r\nc{REPLACEMENT}d\ne\tf"


def test_lone_surrogates_never_reach_an_encoder() -> None:
    shown = safe_line("name \udcff here")
    shown.encode("utf-8")  # would raise for a surrogate
    assert shown == f"name {REPLACEMENT} here"


def test_ordinary_text_is_returned_as_it_is() -> None:
    text = "Zelensky visits Kharkiv — «Україна» 日本語 العربية emoji 🎉"
    assert safe_line(text) is text
    assert safe_text(text) is text


def test_json_escapes_every_dangerous_character_and_keeps_the_data() -> None:
    value = "a\x9bb\x1b]0;x\x07\u202e\u200b\u2028\udc80\U000e0041\x7f é 日本"
    document = safe_json({"title": value, "tags": [value]})
    assert_safe(document)
    assert "\\u009b" in document and "\\u202e" in document and "\\udb40\\udc41" in document
    assert json.loads(document) == {"title": value, "tags": [value]}
    assert "é 日本" in document  # readable text stays readable


def test_odd_file_names_are_quoted_with_escapes() -> None:
    assert display_path("/archive/river.txt") == "/archive/river.txt"
    assert display_path("/archive/my notes/a b.md") == "/archive/my notes/a b.md"
    assert display_path("/archive/a\nb.txt") == '"/archive/a\\nb.txt"'
    assert display_path("/archive/\x1b]0;x\x07.txt") == '"/archive/\\x1b]0;x\\x07.txt"'
    assert display_path("/archive/caf\udce9.txt") == '"/archive/caf\\xe9.txt"'  # not UTF-8
    assert display_path("/archive/\u202etxt.exe") == '"/archive/\\u202etxt.exe"'
    assert display_path('/archive/"quoted".txt') == '"/archive/\\"quoted\\".txt"'
    assert display_path(" leading.txt") == '" leading.txt"'


@pytest.mark.parametrize("formula", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\r\nx", " =1",
                                     "\n@x", "\uff1dSUM(1)"])
def test_csv_cells_that_start_a_formula_are_text(formula: str) -> None:
    assert csv_cell(formula).startswith("'")


def test_csv_cells_keep_line_breaks_and_ordinary_text() -> None:
    assert csv_cell("Harbour news") == "Harbour news"
    assert csv_cell("a\nb") == "a\nb"
    assert csv_row(["=1", "a,b", "x\x07y"]) == f"'=1,\"a,b\",x{REPLACEMENT}y\n"


def test_markdown_text_escapes_raw_html_and_link_syntax() -> None:
    text = markdown_text('<iframe src="x"></iframe> [a](javascript:b) `c` & d\\')
    assert "<" not in text and ">" not in text
    assert "&lt;iframe" in text and "\\[a\\]" in text
    assert "\\`c\\`" in text and "&amp; d\\\\" in text


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "java&#x09;script:alert(1)",  # a tab, written as a character reference
        "java&#9;script:alert(1)",
        "jav&amp;#x09;ascript:alert(1)",  # the reference itself escaped once more
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        " \x01javascript:alert(1)",  # leading controls and spaces are ignored by browsers
        "javascript&colon;alert(1)",
        "java\u200bscript:alert(1)",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "-oProxyCommand=calc",  # a browser option, not a URL
        "--new-window",
        "//evil.example/path",  # no scheme
        "https:evil.example",  # no host
        "http://",
        "mailto:",
        "ftp://files.example/x",
        "",
    ],
)
def test_only_web_and_mail_links_are_links(url: str) -> None:
    assert safe_link(url) is None


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://example.org/a?b=1#c", "https://example.org/a?b=1#c"),
        ("HTTP://Example.org/", "http://Example.org/"),
        ("  https://example.org/a b  ", "https://example.org/a%20b"),
        ("https://example.org/caf\u00e9", "https://example.org/caf%C3%A9"),
        ("https://example.org/\x1b]8;;x\x07", "https://example.org/%1B]8;;x"),
        ("mailto:editor@example.org", "mailto:editor@example.org"),
    ],
)
def test_web_links_are_printable_ascii(url: str, link: str) -> None:
    assert safe_link(url) == link


def test_names_for_storing_lose_unsafe_characters_and_keep_their_words() -> None:
    assert strip_unsafe("harbour\x1b]0;x\x07 \u202ewatch\u200bnow\nthen") == (
        "harbour  watch now then"
    )
    assert strip_unsafe_text("a\x1b[31m\nb\u2028c\r") == "a\nb\nc"


# ---- properties -------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None)))
def test_no_text_output_holds_a_dangerous_character(text: str) -> None:
    assert_safe(safe_line(text), lines=False)
    assert_safe(safe_text(text))
    assert_safe(csv_cell(text))
    assert_safe(markdown_text(text))
    assert_safe(display_path(text), lines=False)
    assert safe_line(safe_line(text)) == safe_line(text)  # idempotent


@settings(max_examples=300, deadline=None)
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet=st.characters(codec=None)),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=10,
))
def test_json_output_is_safe_and_exact(document: object) -> None:
    text = safe_json(document)
    assert_safe(text)
    assert json.loads(text) == document


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_a_link_is_a_web_or_mail_link_or_nothing(url: str) -> None:
    link = safe_link(url)
    if link is not None:
        assert link.split(":", 1)[0] in ("http", "https", "mailto")
        assert link.isascii() and link.isprintable() and " " not in link


def test_every_format_and_control_character_is_neutralised() -> None:
    """Every character of category Cf (format: bidi controls, joiners, tags) or Cc (control)
    is removed or replaced in a line, but the soft hyphen and the visible signs numbers of a
    few scripts are written with."""
    missed = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if unicodedata.category(chr(code)) in ("Cc", "Cf")
        and chr(code) not in VISIBLE_FORMAT
        and chr(code) in safe_line(f"a{chr(code)}b")
    ]
    assert missed == []
