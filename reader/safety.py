"""Untrusted text on its way to a terminal, a JSON reader, a spreadsheet or a browser.

An archive is written by strangers: a title, a tag, a file name or a link may hold terminal
escape sequences (OSC 52 writes the clipboard, OSC 0 the window title), raw C1 controls (U+009B
is a CSI on many terminals), bidirectional overrides that make text read backwards (U+202E),
invisible characters, spreadsheet formulas or ``javascript:`` links. Import strips what it can,
but text also arrives by routes import never sees (file names, a backup, rules.toml), so every
string leaves the program through one of these functions:

- :func:`safe_line` (one line: titles, names, tags, table cells) and :func:`safe_text` (text
  that keeps its line breaks: bodies) for terminals, the command line and the reader's screen;
- :func:`safe_json` for JSON documents: the data is kept exactly, every character that could
  act on a terminal is written as a ``\\u`` escape;
- :func:`display_path` for file names: shown as they are when ordinary, quoted with escapes
  when they hold anything odd (a newline in a name never forges a line of ``reader list``);
- :func:`csv_cell` for spreadsheets and :func:`markdown_text` for Markdown;
- :func:`safe_link` decides whether a URL may be opened or become a hyperlink.

What text output does with each kind of character (documented in README, "Hostile input"):

- an escape sequence (CSI, OSC, DCS, SOS, PM, APC, or a two-character ESC sequence, 7- or
  8-bit) becomes one U+FFFD REPLACEMENT CHARACTER: visible, so nothing is silently hidden,
  and short, so a clipboard payload does not fill the screen (a string sequence that is never
  terminated loses only its introducer);
- any other C0 or C1 control (and DEL) becomes U+FFFD; a lone surrogate (an undecodable byte
  in a file name) too. Line breaks and tabs become spaces in :func:`safe_line`; ``\\n``, tab
  and ``\\r\\n`` are kept by :func:`safe_text`;
- bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) and invisible
  characters (zero-width space, joiners, word joiner, BOM, invisible operators, deprecated
  format controls, tag characters, and the format controls of a few scripts) are removed: they
  are invisible by design, and removing them leaves what a reader sees except that text can no
  longer be made to read in another order. (Emoji joined by U+200D show one by one.)

Nothing here imports the rest of reader: every layer may use it.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, urlsplit

__all__ = [
    "LINK_SCHEMES",
    "REPLACEMENT",
    "UNSAFE_CHARACTERS",
    "csv_cell",
    "csv_row",
    "display_path",
    "has_unsafe",
    "markdown_text",
    "safe_json",
    "safe_line",
    "safe_link",
    "safe_text",
    "strip_unsafe",
    "strip_unsafe_text",
    "unsafe_spans",
]

REPLACEMENT = "\ufffd"

# Characters removed from text output: bidirectional controls and invisible characters.
_INVISIBLE = (
    "\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
# Controls shown as U+FFFD: C0 (tab, line feed and carriage return are decided separately),
# DEL, C1 and lone surrogates.
_CONTROLS = "\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
_LINE_BREAKS = "\n\r\t\u2028\u2029"
# Every character text output changes (a regex character class), for formats that must write
# them escaped instead (a tag dump).
UNSAFE_CHARACTERS = f"{_CONTROLS}{_INVISIBLE}\u2028\u2029"

# Escape sequences, each matched whole, in time linear in the text: a string sequence (OSC,
# DCS, SOS, PM, APC) runs to its terminator (BEL or ST); its payload cannot run past another
# introducer, so an unterminated one costs one scan to the next, and then only its introducer
# is replaced (the rest stays visible as text). A CSI takes its parameters and final byte.
_SEQUENCE = (
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])"
    r"(?:[^\x07\x1b\x90\x98\x9c-\x9f]*(?:\x07|\x1b\\|\x9c))?"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?"
)
_UNSAFE_CHAR = re.compile(f"[{_INVISIBLE}{_CONTROLS}\u2028\u2029\x1b]")
_LINE_UNSAFE = re.compile(
    f"({_SEQUENCE})|(\r\n|[{_LINE_BREAKS}])|([{_CONTROLS}])|[{_INVISIBLE}]"
)
_TEXT_UNSAFE = re.compile(
    f"({_SEQUENCE})|(\r(?!\n)|[\u2028\u2029])|([{_CONTROLS}])|[{_INVISIBLE}]"
)


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds anything :func:`safe_text` would change (line breaks aside)."""
    return _UNSAFE_CHAR.search(text) is not None


def _line_replacement(match: re.Match[str]) -> str:
    if match.group(1) is not None or match.group(3) is not None:
        return REPLACEMENT
    if match.group(2) is not None:
        return " "
    return ""


def _text_replacement(match: re.Match[str]) -> str:
    if match.group(1) is not None or match.group(3) is not None:
        return REPLACEMENT
    if match.group(2) is not None:
        return "\n" if match.group(2) in "\u2028\u2029" else REPLACEMENT
    return ""


def safe_line(value: object) -> str:
    """``value`` as one line a terminal shows as text: no escape sequence, control, line
    break, bidirectional control or invisible character (see the module's table)."""
    text = value if isinstance(value, str) else str(value)
    if not _UNSAFE_CHAR.search(text) and "\n" not in text and "\r" not in text and (
        "\t" not in text
    ):
        return text
    return _LINE_UNSAFE.sub(_line_replacement, text)


def safe_text(value: object) -> str:
    """Like :func:`safe_line`, but line breaks (``\\n``, ``\\r\\n``, U+2028, U+2029) and tabs
    are kept: for bodies and for whole blocks of output. A lone ``\\r`` (which would let a line
    overwrite itself) becomes U+FFFD."""
    text = value if isinstance(value, str) else str(value)
    if not _UNSAFE_CHAR.search(text) and "\r" not in text:
        return text
    return _TEXT_UNSAFE.sub(_text_replacement, text)


_STRIP = re.compile(f"{_SEQUENCE}|[{_CONTROLS}]")
_BLANK = re.compile(f"[{_INVISIBLE}]")
_SPACE_LIKE = re.compile("[\t\n\r\u2028\u2029\x0b\x0c\x85]")


def strip_unsafe(value: object) -> str:
    """``value`` cleaned for storing as one line: escape sequences and controls removed, line
    breaks, bidirectional controls and invisible characters made spaces. For names that are
    stored (a tag from a backup, a rule's name, a title made of a file name), where a
    replacement character would only be noise; a space keeps the words apart as they were
    (an article's id, made of its title's words, does not change). Text shown later still
    passes :func:`safe_line` or :func:`safe_text`."""
    text = value if isinstance(value, str) else str(value)
    if not _UNSAFE_CHAR.search(text) and not _SPACE_LIKE.search(text):
        return text
    return _BLANK.sub(" ", _STRIP.sub("", _SPACE_LIKE.sub(" ", text)))


_STRIP_TEXT = re.compile(f"{_SEQUENCE}|[{_CONTROLS}\r]")


def unsafe_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` that :func:`strip_unsafe_text` removes, in order (so offsets
    into the text, such as links, can follow). Other changes keep the length."""
    if not _UNSAFE_CHAR.search(text) and "\r" not in text:
        return []
    return [match.span() for match in _STRIP_TEXT.finditer(text)]


def strip_unsafe_text(value: object) -> str:
    """Like :func:`strip_unsafe` for text that keeps its lines: ``\n`` and tab stay, U+2028
    and U+2029 become ``\n``, carriage returns go."""
    text = value if isinstance(value, str) else str(value)
    if not _UNSAFE_CHAR.search(text) and "\r" not in text:
        return text
    text = _BLANK.sub(" ", _STRIP_TEXT.sub("", text))
    return text.replace("\u2028", "\n").replace("\u2029", "\n")


# ---- JSON ----------------------------------------------------------------------------------------

# json.dumps escapes C0 itself; these it writes raw when ensure_ascii is off.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{_INVISIBLE}\u2028\u2029\ud800-\udfff]")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # a surrogate pair, as JSON writes characters outside the BMP
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def safe_json(document: Any, *, indent: int | None = 2) -> str:
    """``document`` as JSON that keeps its data exactly and holds no character a terminal would
    act on: C0 and C1 controls, DEL, bidirectional controls, invisible characters, line
    separators and lone surrogates are ``\\u`` escapes. Other text stays readable (not
    ``ensure_ascii``). Only string contents can hold such characters, so escaping them in the
    serialised text is exact."""
    text = json.dumps(document, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(_json_escape, text)


# ---- file names ----------------------------------------------------------------------------------

_PATH_ODD = re.compile(f'[{_INVISIBLE}{_CONTROLS}\u2028\u2029\\\\"\n\r\t]|^\\s|\\s$')
_PATH_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\", '"': '\\"'}


def _path_char(char: str) -> str:
    if char in _PATH_ESCAPES:
        return _PATH_ESCAPES[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"\\x{code:02x}"
    if _UNSAFE_CHAR.match(char):
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    return char


def display_path(path: str | os.PathLike[str]) -> str:
    """A file name as one safe line: unchanged when ordinary; otherwise in double quotes with
    backslash escapes (``"a\\nb.txt"``, ``\\xff`` for a byte that is not UTF-8, ``\\u202e``
    for an invisible character), so what is shown is what the name holds."""
    text = os.fspath(path)
    if not _PATH_ODD.search(text):
        return text
    return '"' + "".join(_path_char(c) for c in text) + '"'


# ---- spreadsheets and Markdown -------------------------------------------------------------------

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets (the
# full-width forms too, for spreadsheet applications that fold them).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: object) -> str:
    """A CSV cell a spreadsheet reads as text: controls neutralised (line breaks kept; the CSV
    writer quotes them), and a cell that would start a formula prefixed with ``'``."""
    text = safe_text(value)
    if text.startswith(_FORMULA_START) or text.lstrip()[:1] in ("=", "+", "-", "@"):
        return "'" + text
    return text


def csv_row(values: Iterable[object]) -> str:
    """One CSV line (``\\n``-terminated) of :func:`csv_cell` cells."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([csv_cell(v) for v in values])
    return buffer.getvalue()


_MARKDOWN_ACTIVE = re.compile(r"[&<>\[\]\\`]")
_MARKDOWN_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]",
                     "\\": "\\\\", "`": "\\`"}


def markdown_text(value: object) -> str:
    """Text for a Markdown document that stays text: raw HTML (``<iframe>``, ``<script>``) is
    escaped, and brackets, backticks and backslashes cannot make links, autolinks or code of
    it. Line breaks are kept; controls are neutralised as by :func:`safe_text`."""
    return _MARKDOWN_ACTIVE.sub(lambda m: _MARKDOWN_ESCAPES[m.group()], safe_text(value))


# ---- links ---------------------------------------------------------------------------------------

LINK_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
# Browsers drop tab, line feed and carriage return anywhere in a URL, and every C0 control and
# space at its ends; invisible characters are dropped as by text output.
_URL_NOISE = re.compile(f"[\t\n\r{_INVISIBLE}]")
_URL_ENDS = "".join(chr(c) for c in range(0x21))
# What stays unescaped in a link handed on: printable ASCII that URLs use.
_URL_SAFE_CHARS = "!#$%&'()*+,-./:;=?@[]~_"


def safe_link(url: object) -> str | None:
    """The URL to open or to make a hyperlink of, or None when it must stay text.

    Only ``http`` and ``https`` URLs with a host, and ``mailto`` addresses, are links.
    Character references are decoded and the characters browsers ignore are dropped first, so
    ``java&#x09;script:`` or ``\\x01javascript:`` is seen as the ``javascript:`` it is. The
    URL returned is printable ASCII (anything else percent-encoded), safe inside an OSC 8
    hyperlink or as a single argument; it never starts with ``-``."""
    if not isinstance(url, str) or not url:
        return None
    text = url
    for _ in range(3):  # entities inside entities: &amp;#x09; is a tab once decoded twice
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    text = _URL_NOISE.sub("", text).strip(_URL_ENDS)
    scheme = _SCHEME.match(text.lower())
    if scheme is None or scheme.group(1) not in LINK_SCHEMES:
        return None
    rest = text[scheme.end() :]
    if scheme.group(1) == "mailto":
        if "@" not in rest:
            return None
    else:
        try:
            parts = urlsplit(text)
        except ValueError:
            return None
        if not parts.hostname:
            return None
    text = scheme.group(1) + ":" + rest
    return quote(text, safe=_URL_SAFE_CHARS)
