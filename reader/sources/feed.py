"""Feeds: RSS 0.9x/1.0/2.0, Atom, RDF and JSON Feed. Every entry becomes an article.

XML is checked with defusedxml before feedparser sees it: a feed declaring entities (the
"billion laughs" bomb) or pointing at external ones is refused, never expanded or fetched.
feedparser is handed the bytes as a stream, so it never opens a file or URL the content names.
OPML subscription lists are recognised and reported rather than read as articles.
"""

from __future__ import annotations

import html
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeTree
import feedparser
from defusedxml import DefusedXmlException

from reader.clean.dates import normalise_date
from reader.clean.entry import entry_blocks
from reader.clean.titles import decode_entities
from reader.model import Article, strip_control
from reader.sources.decode import decode_mixed, looks_binary
from reader.sources.registry import Format, ReadContext, SourceError, register

_XML_FEED = re.compile(rb"<(?:rss|feed|rdf:rdf|rss:rss)[\s>]", re.IGNORECASE)
_OPML = re.compile(rb"<opml[\s>]", re.IGNORECASE)
_JSON_FEED = re.compile(rb'"version"\s*:\s*"https?:(?:\\?/){2}jsonfeed\.org', re.IGNORECASE)
# A JSON Feed that forgot its version still has items and says where it lives.
_JSON_FEED_KEYS = re.compile(rb'"(?:feed_url|home_page_url)"\s*:', re.IGNORECASE)
_HTML = re.compile(rb"<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_FEED_EXTENSIONS = (".rss", ".atom", ".rdf", ".xml", ".opml", ".json", ".feed")


def _sniff(path: Path, head: bytes) -> bool:
    if looks_binary(head):
        return False
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return bool(_JSON_FEED.search(head)) or (
            b'"items"' in head and bool(_JSON_FEED_KEYS.search(head))
        )
    html = _HTML.search(head)
    for pattern in (_XML_FEED, _OPML):
        match = pattern.search(head)
        if match and (html is None or match.start() < html.start()):
            return True
    return False


def _iso(parsed: Any) -> str:
    """feedparser's parsed time (always UTC) as a full ISO timestamp, or ""."""
    if not parsed:
        return ""
    try:
        year, month, day, hour, minute, second = (int(v) for v in parsed[:6])
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC).isoformat()
    except (TypeError, ValueError):
        return ""


def _entry_date(entry: Any) -> str:
    """An entry's date as written: a date stays a date, a timestamp keeps its time and offset.

    feedparser's parsed times carry a midnight even for a bare date (RDF's ``dc:date``), so the
    entry's own text decides; the parsed time is the fallback for what only feedparser reads."""
    for key in ("published", "updated", "created"):
        raw = _text(entry.get(key))
        parsed = entry.get(f"{key}_parsed")
        if not raw and not parsed:
            continue
        value = normalise_date(raw)
        if value and ("T" in value or ":" not in raw):
            return value
        return _iso(parsed) or value
    return ""


def _text(value: Any) -> str:
    return " ".join(strip_control(value).split()) if isinstance(value, str) else ""


def _check_xml(data: bytes) -> None:
    """Refuse XML that declares entities or references external ones; tolerate the rest."""
    if _ENTITY_DECLARATION.search(data):
        raise SourceError(
            "unsafe XML refused", "the feed declares XML entities; they are never expanded"
        )
    try:
        SafeTree.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise SourceError("unsafe XML refused", type(error).__name__) from error
    except (ParseError, ValueError, RecursionError):
        pass  # malformed: feedparser's tolerant parser may still recover the entries


def _article(
    *,
    title: str,
    content: str,
    url: str,
    byline: str,
    date: str,
    source: str,
    language: str,
    topics: list[str],
) -> Article | None:
    """The entry as an article; None for an entry with neither a title nor any text."""
    # Feeds often escape their titles twice ("&amp;#8217;"): every entity is decoded.
    title, byline = decode_entities(title), decode_entities(byline)
    topics = [decode_entities(t) for t in topics]
    blocks, related, topic_lines = entry_blocks(content, title, base=url)
    if not title and not blocks:
        return None
    if not title:
        title = blocks[0].text[:100]  # an entry with text but no title: its opening words
    article = Article(
        title=title,
        blocks=blocks,
        byline=byline,
        date=date,
        source=source,
        url=url,
        language=language,
        topics=list(dict.fromkeys(t for t in topics + topic_lines if t)),
        related=related,
    )
    if not blocks:
        article.problems.append("entry has no text")
    return article


def _keep(articles: list[Article | None]) -> list[Article]:
    """The entries that are articles; a note on the first says how many were skipped."""
    kept = [article for article in articles if article is not None]
    skipped = len(articles) - len(kept)
    what = f"{skipped} {'entry' if skipped == 1 else 'entries'}"
    if skipped and not kept:
        raise SourceError("feed entries have no title or text", what)
    if skipped:
        kept[0].problems.append(f"{what} with no title or text skipped")
    return kept


def _read_xml(data: bytes) -> list[Article]:
    if _OPML.search(data[:4096]) and not _XML_FEED.search(data[:4096]):
        outlines = len(re.findall(rb"<outline\b", data, re.IGNORECASE))
        raise SourceError(
            "OPML subscription list, not articles", f"{outlines} outlines (feeds or folders)"
        )
    _check_xml(data)
    # A stream, never the bytes themselves: feedparser.parse treats a string or bytes that
    # name an existing file (or look like a URL) as a place to read from, so a "feed" whose
    # content is a path would make it open that other file.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=True)
    feed = parsed.get("feed", {})
    source = _text(feed.get("title"))
    language = _text(feed.get("language")).lower()
    articles: list[Article | None] = []
    for entry in parsed.get("entries", []):
        contents = entry.get("content") or []
        bodies = [c.get("value", "") for c in contents if isinstance(c, dict)]
        content = max(bodies, key=len) if bodies else ""
        summary = entry.get("summary", "") or ""
        if len(summary) > len(content):
            content = summary
        authors = [_text(a.get("name")) for a in entry.get("authors", []) if isinstance(a, dict)]
        articles.append(
            _article(
                title=_text(entry.get("title")),
                content=content,
                url=_text(entry.get("link")),
                byline=", ".join(a for a in authors if a) or _text(entry.get("author")),
                date=_entry_date(entry),
                source=source,
                language=language,
                topics=[_text(tag.get("term")) for tag in entry.get("tags", []) or []],
            )
        )
    if not articles:
        if parsed.get("bozo"):
            detail = str(parsed.get("bozo_exception", ""))[:200]
            raise SourceError("malformed feed with no entries", detail)
        raise SourceError("feed has no entries", "the feed lists no items")
    return _keep(articles)


def _read_json(text: str) -> list[Article]:
    try:
        feed = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise SourceError("malformed JSON feed", str(error)[:200]) from error
    if not isinstance(feed, dict):
        raise SourceError("malformed JSON feed", "the top level is not an object")
    items = feed.get("items")
    if not isinstance(items, list) or not items:
        raise SourceError("feed has no entries", "the JSON feed lists no items")
    source = _text(feed.get("title"))
    language = _text(feed.get("language")).lower()
    feed_authors = _authors(feed)
    articles: list[Article | None] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        content = item.get("content_html") or item.get("content_text") or item.get("summary")
        tags = item.get("tags")
        if not isinstance(tags, list):
            tags = []
        articles.append(
            _article(
                title=html.unescape(_text(item.get("title"))),
                content=content if isinstance(content, str) else "",
                url=_text(item.get("url") or item.get("external_url")),
                byline=", ".join(_authors(item) or feed_authors),
                date=normalise_date(_text(item.get("date_published") or item.get("date_modified"))),
                source=source,
                language=_text(item.get("language")).lower() or language,
                topics=[_text(t) for t in tags],
            )
        )
    if not articles:
        raise SourceError("feed has no entries", "no item of the JSON feed is an object")
    return _keep(articles)


def _authors(holder: dict[str, Any]) -> list[str]:
    authors = holder.get("authors")
    if not isinstance(authors, list):
        single = holder.get("author")
        authors = [single] if isinstance(single, dict) else []
    return [_text(a.get("name")) for a in authors if isinstance(a, dict) and a.get("name")]


def read(path: Path, data: bytes, ctx: ReadContext) -> list[Article]:
    if not data.strip():
        raise SourceError("empty file", "the feed holds nothing")
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return _read_json(decode_mixed(data))
    return _read_xml(data)


FORMAT = register(Format("feed", _sniff, read))
