"""Markdown notes and clippings, with optional YAML (``---``) or TOML (``+++``) front matter."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from reader.clean.dates import normalise_date
from reader.clean.titles import decode_entities
from reader.model import UNTITLED, Article, Block, BlockKind
from reader.sources.decode import decode_text, looks_binary
from reader.sources.plain import clean_line
from reader.sources.registry import Format, ReadContext, SourceError, register

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_FRONT_YAML = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_TOML = re.compile(r"\A\+\+\+[ \t]*\n(.*?)\n\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)


def _sniff(path: Path, head: bytes) -> bool:
    if looks_binary(head):
        return False
    if path.suffix.lower() in (".md", ".markdown", ".mdown", ".mkd"):
        return True
    return head.startswith(b"---\n") and b"\ntitle:" in head[:2048]


def _inline(text: str) -> str:
    """Markdown inline syntax to its visible text: links keep their words, emphasis its content."""
    text = _LINK.sub(lambda m: m.group(1), text)
    previous = None
    while previous != text:
        previous, text = text, _EMPHASIS.sub(lambda m: m.group(2), text)
    return clean_line(text)


def parse_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Front matter as a dict, and the text after it. Only simple YAML is understood:
    ``key: value``, ``key: [a, b]`` and ``- item`` lists; that covers what note tools write."""
    match = _FRONT_TOML.match(text)
    if match:
        try:
            return tomllib.loads(match.group(1)), text[match.end() :]
        except tomllib.TOMLDecodeError:
            return {}, text[match.end() :]
    match = _FRONT_YAML.match(text)
    if not match:
        return {}, text
    meta: dict[str, Any] = {}
    last_key = ""
    for line in match.group(1).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = re.match(r"^\s+-\s+(.*)$", line)
        if item and last_key:
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
            blocks.append(Block("heading", _inline(heading.group(2)), level=len(heading.group(1))))
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


def _meta_text(meta: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = meta.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if value not in (None, ""):
            return str(value).strip()
    return ""


def _meta_list(meta: dict[str, Any], *keys: str) -> list[str]:
    for key in keys:
        value = meta.get(key)
        if isinstance(value, list):
            return [str(v).strip() for v in value if str(v).strip()]
        if isinstance(value, str) and value.strip():
            return [v.strip() for v in value.split(",") if v.strip()]
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
