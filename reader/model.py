"""Plain data the rest of reader passes around: articles, blocks, spans, problems.

Nothing here knows about files, SQLite or the terminal.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

BlockKind = Literal["paragraph", "heading", "quote", "list_item", "caption", "preformatted"]
BLOCK_KINDS: tuple[BlockKind, ...] = (
    "paragraph",
    "heading",
    "quote",
    "list_item",
    "caption",
    "preformatted",
)

EntityLabel = Literal["PERSON", "ORG", "PLACE", "OTHER"]
ENTITY_LABELS: tuple[EntityLabel, ...] = ("PERSON", "ORG", "PLACE", "OTHER")

TagOrigin = Literal["manual", "rule", "source", "suggestion"]
TAG_ORIGINS: tuple[TagOrigin, ...] = ("manual", "rule", "source", "suggestion")
# Who decided a tag, lowest first: a higher origin overrides a lower one, never the reverse.
ORIGIN_RANK: dict[str, int] = {"source": 0, "rule": 1, "suggestion": 2, "manual": 3}

# The title of an article whose file names no headline: shown as is, never guessed.
UNTITLED = "(untitled)"

# C0/C1 control characters except tab and newline; they never reach the store or the screen.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def strip_control(text: str) -> str:
    """Remove terminal escape sequences and control characters, keeping tabs and newlines."""
    text = _ANSI.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


@dataclass(slots=True)
class Link:
    """An inline link inside a block: ``block.text[start:end]`` is the linked text."""

    start: int
    end: int
    url: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "url": self.url}

    @classmethod
    def from_json(cls, data: Any, text: str) -> Link | None:
        """A link read back from JSON, or None when it does not fit ``text``."""
        if not isinstance(data, dict):
            return None
        start, end, url = data.get("start"), data.get("end"), data.get("url")
        if not isinstance(start, int) or not isinstance(end, int) or not isinstance(url, str):
            return None
        if not url or not 0 <= start < end <= len(text):
            return None
        return cls(start, end, url)


@dataclass(slots=True)
class Block:
    """One piece of an article body: a paragraph, a heading, a quote, a list item, a caption."""

    kind: BlockKind
    text: str
    level: int = 0  # heading level (1-6) or list nesting depth
    href: str = ""  # a link the block stands for (captions of linked images, etc.)
    links: list[Link] = field(default_factory=list)  # inline links, in text order

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "text": self.text}
        if self.level:
            data["level"] = self.level
        if self.href:
            data["href"] = self.href
        if self.links:
            data["links"] = [link.to_json() for link in self.links]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Block:
        kind = data.get("kind", "paragraph")
        if kind not in BLOCK_KINDS:
            kind = "paragraph"
        text = str(data.get("text", ""))
        raw_links = data.get("links")
        links = [
            link
            for item in (raw_links if isinstance(raw_links, list) else [])
            if (link := Link.from_json(item, text)) is not None
        ]
        return cls(
            kind=kind,
            text=text,
            level=int(data.get("level", 0) or 0),
            href=str(data.get("href", "") or ""),
            links=links,
        )


@dataclass(slots=True)
class Related:
    """A teaser for another story ("Read more", "Related"): kept apart from the body."""

    title: str
    url: str = ""
    summary: str = ""
    kicker: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "url": self.url,
            "summary": self.summary,
            "kicker": self.kicker,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Related:
        return cls(
            title=str(data.get("title", "")),
            url=str(data.get("url", "") or ""),
            summary=str(data.get("summary", "") or ""),
            kicker=str(data.get("kicker", "") or ""),
        )


@dataclass(slots=True)
class Span:
    """An entity mention: offsets into the article's plain body text (``Article.body``)."""

    start: int
    end: int
    label: EntityLabel
    text: str
    canonical: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "text": self.text,
            "canonical": self.canonical or self.text,
        }


@dataclass(slots=True)
class Problem:
    """Something that could not be read, with a reason a person can act on."""

    path: str
    reason: str
    detail: str = ""

    def to_json(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason, "detail": self.detail}


class SourceError(Exception):
    """A file that cannot become articles, with a short reason and optional detail.

    Raised while reading (decoding, cleaning, a format's own checks) and recorded by the
    indexer as a :class:`Problem`; it never stops an import."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


@dataclass(slots=True)
class Article:
    """A cleaned article. ``blocks`` is the structured body; ``body`` is derived from it."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    byline: str = ""
    date: str = ""  # ISO 8601: YYYY-MM-DD or a full timestamp; "" when unknown
    source: str = ""  # site or feed name ("The Moscow Times")
    url: str = ""  # canonical URL when known
    language: str = ""
    topics: list[str] = field(default_factory=list)  # the source's own topics
    tags: list[str] = field(default_factory=list)  # tags carried by the file (JSON exports)
    related: list[Related] = field(default_factory=list)
    caption: str = ""  # photo credit / lead image caption
    problems: list[str] = field(default_factory=list)  # soft problems met while cleaning

    @property
    def body(self) -> str:
        """Plain text of the body: block texts separated by blank lines (the FTS and span text)."""
        return body_text(self.blocks)

    @property
    def fingerprint(self) -> str:
        title = self.title
        if title in ("", UNTITLED) and not canonical_url(self.url):
            # Untitled articles from one source and day are told apart by their text.
            digest = hashlib.blake2b(self.body.encode("utf-8"), digest_size=8).hexdigest()
            title = f"{UNTITLED} {digest}"
        return fingerprint(url=self.url, source=self.source, title=title, date=self.date)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["blocks"] = [b.to_json() for b in self.blocks]
        data["related"] = [r.to_json() for r in self.related]
        data["body"] = self.body
        return data


def body_text(blocks: list[Block]) -> str:
    return "\n\n".join(b.text for b in blocks)


def block_offsets(blocks: list[Block]) -> list[int]:
    """Start offset of each block's text within ``body_text(blocks)``."""
    offsets: list[int] = []
    position = 0
    for block in blocks:
        offsets.append(position)
        position += len(block.text) + 2
    return offsets


_URL_NOISE = re.compile(r"^(https?://)?(www\.)?", re.IGNORECASE)


def canonical_url(url: str) -> str:
    """Normalise a URL for identity: scheme, www., fragment, trailing slash and tracking dropped."""
    url = url.strip()
    if not url:
        return ""
    url = url.split("#", 1)[0]
    url = _URL_NOISE.sub("", url)
    if "?" in url:
        base, query = url.split("?", 1)
        kept = [p for p in query.split("&") if p and not p.lower().startswith(("utm_", "fbclid"))]
        url = base + ("?" + "&".join(sorted(kept)) if kept else "")
    host, _, rest = url.partition("/")
    return host.lower() + ("/" + rest.rstrip("/") if rest.rstrip("/") else "")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"\w+", text))


def fingerprint(*, url: str, source: str, title: str, date: str) -> str:
    """A stable article id: canonical URL when there is one, else source + title + day."""
    if canonical_url(url):
        key = "url:" + canonical_url(url)
    else:
        key = "doc:" + "|".join((_norm(source), _norm(title), date[:10]))
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()
