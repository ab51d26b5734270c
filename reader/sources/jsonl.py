"""JSON and JSON Lines article exports.

Accepted shapes: one article object, a list of them, an object holding a list under
``articles``/``items``/``entries``/``posts``, or one object per line (JSONL). Field names vary
between tools, so each field has a few accepted spellings.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reader.clean.dates import normalise_date
from reader.clean.fragment import fragment_blocks
from reader.clean.titles import decode_entities
from reader.model import UNTITLED, Article, Block, strip_control
from reader.safety import strip_unsafe
from reader.sources.decode import decode_text, looks_binary
from reader.sources.plain import blocks_from_text
from reader.sources.registry import Format, ReadContext, SourceError, register

_TITLE = ("title", "headline", "name", "subject")
_BODY = ("body", "content", "text", "article", "articleBody", "content_text", "content_html",
         "description", "summary")
_DATE = ("date", "published", "published_at", "datePublished", "date_published", "pubDate",
         "created", "created_at", "time", "timestamp", "updated")
_URL = ("url", "link", "href", "canonical_url", "permalink")
_SOURCE = ("source", "site", "site_name", "publisher", "feed", "feed_title", "domain")
_AUTHOR = ("author", "byline", "authors", "creator", "by")
_TAGS = ("tags", "categories", "keywords", "topics", "labels")
_CONTAINERS = ("articles", "items", "entries", "posts", "data", "results", "item")
# RSS turned into JSON keeps its XML nesting: {"rss": {"channel": {"title": ..., "item": [...]}}}.
_WRAPPERS = ("rss", "channel", "feed")


def _sniff(path: Path, head: bytes) -> bool:
    if looks_binary(head):
        return False
    suffix = path.suffix.lower()
    if suffix in (".json", ".jsonl", ".ndjson"):
        return True
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return stripped[:1] in (b"{", b"[") and b'"' in stripped[:200]


def _read(path: Path, data: bytes, ctx: ReadContext) -> list[Article]:
    text = decode_text(data)
    if not text.strip():
        raise SourceError("empty file")
    records, bad_lines = _records(text)
    articles: list[Article] = []
    skipped = bad_lines
    for record in records:
        article = article_from_record(record)
        if article is None:
            skipped += 1
        else:
            articles.append(article)
    if not articles:
        raise SourceError(
            "no articles in JSON",
            "no object has a title or body field"
            if not bad_lines
            else f"{bad_lines} line(s) are not valid JSON",
        )
    if skipped and articles:
        articles[0].problems.append(f"{skipped} record(s) skipped: not valid JSON or no article")
    return articles


def _records(text: str) -> tuple[list[dict[str, Any]], int]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        return _json_lines(text)
    except RecursionError:
        raise SourceError("JSON nested too deeply", "no export nests articles so deep") from None
    return list(_flatten(document)), 0


def _json_lines(text: str) -> tuple[list[dict[str, Any]], int]:
    records: list[dict[str, Any]] = []
    bad = 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            value = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            bad += 1
            continue
        records.extend(_flatten(value))
    if not records and bad:
        raise SourceError("broken JSON", f"{bad} line(s) could not be parsed")
    return records, bad


def _flatten(value: Any, depth: int = 0, source: str = "") -> Iterator[dict[str, Any]]:
    """The article records in a JSON document; ``source`` names the feed that holds them."""
    if depth > 4:
        return
    if isinstance(value, list):
        for item in value:
            yield from _flatten(item, depth + 1, source)
    elif isinstance(value, dict):
        for key in _CONTAINERS:
            if isinstance(value.get(key), list):
                holder = _as_text(value.get("title")) if key == "item" else ""
                yield from _flatten(value[key], depth + 1, holder or source)
                return
        for key in _WRAPPERS:
            if isinstance(value.get(key), dict):
                yield from _flatten(value[key], depth + 1, source)
                return
        if source and not _first(value, _SOURCE):
            value = {**value, "source": source}
        yield value


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return _as_text(_first(value, ("name", "title", "text", "value", "href", "url")))
    if isinstance(value, list):
        return ", ".join(t for t in (_as_text(v) for v in value) if t)
    return strip_unsafe(str(value)).strip()


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):  # "tags": "a, b" (JSON escapes decoded: clean after)
        return [part.strip() for part in strip_unsafe(value).split(",") if part.strip()]
    if isinstance(value, list):
        return [t for t in (_as_text(v) for v in value) if t]
    return [_as_text(value)] if _as_text(value) else []


def article_from_record(record: dict[str, Any]) -> Article | None:
    """One exported article record as an Article, or None when it has neither title nor body."""
    raw_body = _first(record, _BODY)
    body = raw_body if isinstance(raw_body, str) else _as_text(raw_body)
    title = _as_text(_first(record, _TITLE))
    if not title and not body.strip():
        return None
    blocks: list[Block] = fragment_blocks(body) if "<" in body and ">" in body else []
    if not blocks:
        blocks = blocks_from_text(strip_control(body))
    if not title:
        title = blocks[0].text[:120] if blocks else UNTITLED
    # The export's tags, categories or keywords are the source's own topics: the article header
    # lists them, and they become tags with origin "source".
    topics = [decode_entities(t) for t in _as_list(_first(record, _TAGS))]
    return Article(
        title=decode_entities(title),
        blocks=blocks,
        byline=decode_entities(_as_text(_first(record, _AUTHOR))),
        date=normalise_date(_first(record, _DATE)),
        source=_as_text(_first(record, _SOURCE)),
        url=_as_text(_first(record, _URL)),
        language=_as_text(record.get("language") or record.get("lang")),
        topics=topics,
        tags=list(topics),
    )


FORMAT = register(Format(name="json", sniff=_sniff, read=_read))
