"""Markdown notes and clippings, with optional YAML (``---``) or TOML (``+++``) front matter.

Inline markup is read in one pass (time linear in the line): matching each emphasis marker by
a regex search scans the rest of the line for its partner, and a 90 KB line of ``*a `` took
17 s (180 KB: 65 s). Front matter values are cleaned after TOML decodes their escapes.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from pathlib import Path
from typing import Any

from reader.clean.dates import normalise_date
from reader.clean.titles import decode_entities
from reader.model import UNTITLED, Article, Block, BlockKind
from reader.safety import strip_unsafe
from reader.sources.decode import decode_text, looks_binary
from reader.sources.plain import clean_line
from reader.sources.registry import Format, ReadContext, SourceError, register

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
# [words](target) or ![alt](target); the target may hold one level of parentheses. Neither
# part can run past the next bracket or parenthesis, so a failed match costs a short scan.
_LINK = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)")
_DELIMITER_RUN = re.compile(r"\*+|_+")
_CODE_RUN = re.compile(r"`+")
_FRONT_YAML = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_TOML = re.compile(r"\A\+\+\+[ \t]*\n(.*?)\n\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)


def _sniff(path: Path, head: bytes) -> bool:
    if looks_binary(head):
        return False
    if path.suffix.lower() in (".md", ".markdown", ".mdown", ".mkd"):
        return True
    return head.startswith(b"---\n") and b"\ntitle:" in head[:2048]


def _inline(text: str) -> str:
    """Markdown inline syntax to its visible text: links keep their words, emphasis and code
    their content."""
    text = _LINK.sub(lambda m: m.group(1), text)
    return clean_line(_strip_markers(text))


def _code_spans(text: str) -> list[tuple[int, int, int]]:
    """Code spans as (start, end, run length): a run of backticks closed by the next run of the
    same length. Runs are looked up by length, so each is visited once."""
    runs = [(m.start(), m.end()) for m in _CODE_RUN.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    spans: list[tuple[int, int, int]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        same = by_length[end - start]
        later = bisect.bisect_right(same, index)
        if later < len(same):
            closing = same[later]
            spans.append((start, runs[closing][1], end - start))
            index = closing + 1
        else:
            index += 1
    return spans


def _strip_markers(text: str) -> str:
    """Emphasis markers (``*``, ``**``, ``_``, ``__``) and code backticks removed, their content
    kept, in one pass: a stack of open markers per character, as CommonMark does. A marker
    opens when followed by a non-space and closes when preceded by one (``_`` not inside a
    word); each run is pushed and popped at most once, so the time is linear in the text."""
    if "*" not in text and "_" not in text and "`" not in text:
        return text
    drop = bytearray(len(text))
    spans = _code_spans(text)
    for start, end, width in spans:
        drop[start : start + width] = b"\x01" * width
        drop[end - width : end] = b"\x01" * width
    code_starts = [start for start, _, _ in spans]
    open_runs: dict[str, list[list[int]]] = {"*": [], "_": []}  # [start, end] still unmatched
    for match in _DELIMITER_RUN.finditer(text):
        start, end = match.span()
        inside = bisect.bisect_right(code_starts, start) - 1
        if inside >= 0 and start < spans[inside][1]:
            continue  # literal inside a code span
        char = text[start]
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        can_open = not after.isspace() and not (char == "_" and before.isalnum())
        can_close = not before.isspace() and not (char == "_" and after.isalnum())
        left, right = start, end
        stack = open_runs[char]
        if can_close:
            while left < right and stack:
                opener = stack[-1]
                width = min(opener[1] - opener[0], right - left)
                drop[opener[1] - width : opener[1]] = b"\x01" * width
                drop[left : left + width] = b"\x01" * width
                opener[1] -= width
                left += width
                if opener[1] == opener[0]:
                    stack.pop()
        if left < right and can_open:
            stack.append([left, right])
    if not any(drop):
        return text
    return "".join(c for c, dropped in zip(text, drop, strict=True) if not dropped)


def parse_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Front matter as a dict, and the text after it. Only simple YAML is understood:
    ``key: value``, ``key: [a, b]`` and ``- item`` lists; that covers what note tools write."""
    match = _FRONT_TOML.match(text)
    if match:
        try:
            return tomllib.loads(match.group(1)), text[match.end() :]
        except (tomllib.TOMLDecodeError, RecursionError):
            return {}, text[match.end() :]
    match = _FRONT_YAML.match(text)
    if not match:
        return {}, text
    meta: dict[str, Any] = {}
    last_key = ""
    for line in match.group(1).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = re.match(r"^\s*-\s+(.*)$", line)
        # A list under its key, indented or not: YAML (and the note tools that write it) need
        # not indent it ("tags:\n- harbour\n- ferries"); unindented items were lost.
        listed = isinstance(meta.get(last_key), list) or meta.get(last_key) == ""
        if item and last_key and (line[:1].isspace() or listed):
            existing = meta.get(last_key)
            values = existing if isinstance(existing, list) else []
            values.append(_unquote(item.group(1)))
            meta[last_key] = values
            continue
        key, sep, value = line.partition(":")
        if not sep:
            continue
        last_key = key.strip()
        value = value.strip()
        if value.startswith("[") and value.endswith("]"):
            meta[last_key] = [_unquote(v) for v in value[1:-1].split(",") if v.strip()]
        else:
            meta[last_key] = _unquote(value)
    return meta, text[match.end() :]


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def markdown_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    paragraph: list[str] = []
    quote: list[str] = []
    fence: list[str] | None = None

    def flush() -> None:
        if paragraph:
            blocks.append(Block("paragraph", _inline(" ".join(paragraph))))
            paragraph.clear()
        if quote:
            blocks.append(Block("quote", _inline(" ".join(quote))))
            quote.clear()

    for line in text.splitlines():
        if fence is not None:
            if line.strip().startswith(("```", "~~~")):
                blocks.append(Block("preformatted", "\n".join(fence)))
                fence = None
            else:
                fence.append(line)
            continue
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            flush()
            fence = []
            continue
        if not stripped or re.fullmatch(r"[-*_]{3,}", stripped):
            flush()
            continue
        heading = _HEADING.match(stripped)
        if heading:
            flush()
            words = _without_closing_hashes(heading.group(2))
            blocks.append(Block("heading", _inline(words), level=len(heading.group(1))))
            continue
        if stripped.startswith(">"):
            if paragraph:
                flush()
            quote.append(stripped.lstrip(">").strip())
            continue
        item = _LIST_ITEM.match(line)
        if item:
            flush()
            kind: BlockKind = "list_item"
            blocks.append(Block(kind, _inline(item.group(2)), level=len(item.group(1)) // 2))
            continue
        if quote:
            flush()
        paragraph.append(stripped)
    if fence is not None:
        blocks.append(Block("preformatted", "\n".join(fence)))
    flush()
    return [b for b in blocks if b.text]


def _without_closing_hashes(text: str) -> str:
    """A heading's words without an optional closing run of ``#`` (after a space)."""
    text = text.rstrip()
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        return bare.rstrip()
    return text


# Front matter values are decoded by TOML (or taken from YAML-like text), which turns "\u001b"
# into an escape character: every value is cleaned after decoding.
def _meta_text(meta: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = meta.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if value not in (None, ""):
            return strip_unsafe(str(value)).strip()
    return ""


def _meta_list(meta: dict[str, Any], *keys: str) -> list[str]:
    for key in keys:
        value = meta.get(key)
        if isinstance(value, list):
            items = (strip_unsafe(str(v)).strip() for v in value)
            return [item for item in items if item]
        if isinstance(value, str) and value.strip():
            return [v.strip() for v in strip_unsafe(value).split(",") if v.strip()]
    return []


def _read(path: Path, data: bytes, ctx: ReadContext) -> list[Article]:
    text = decode_text(data)
    if not text.strip():
        raise SourceError("empty file")
    meta, rest = parse_front_matter(text)
    blocks = markdown_blocks(rest)
    title = _meta_text(meta, "title")
    if not title and blocks and blocks[0].kind == "heading":
        title = blocks.pop(0).text
    if not title and not blocks:
        raise SourceError("no article in Markdown", "neither a title nor any text")
    return [
        Article(
            title=decode_entities(title) or UNTITLED,  # never the file's name
            blocks=blocks,
            byline=decode_entities(_meta_text(meta, "author", "authors", "byline")),
            date=normalise_date(_meta_text(meta, "date", "published", "created")),
            source=_meta_text(meta, "source", "site", "publisher"),
            url=_meta_text(meta, "url", "link", "source_url", "canonical"),
            language=_meta_text(meta, "lang", "language"),
            topics=_meta_list(meta, "topics", "categories"),
            tags=_meta_list(meta, "tags", "keywords"),
        )
    ]


FORMAT = register(Format(name="markdown", sniff=_sniff, read=_read))
