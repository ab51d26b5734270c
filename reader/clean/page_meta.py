"""What a saved page says about itself: title, byline, date, site, URL, language, topics.

Metadata comes from JSON-LD, Open Graph and the usual meta names, in that order of trust; the
body is found elsewhere (:mod:`reader.clean.html`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import lxml.html

from reader.clean import lines as rules
from reader.clean.dates import normalise_date
from reader.clean.titles import clean_title, strip_site
from reader.clean.words import one_line

_ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
        "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "scholarlyarticle",
        "techarticle", "liveblogposting", "posting", "socialmediaposting", "webpage",
    }
)  # fmt: skip


@dataclass(slots=True)
class PageMeta:
    title: str = ""
    byline: str = ""
    date: str = ""
    site: str = ""
    url: str = ""
    language: str = ""
    topics: list[str] = field(default_factory=list)
    caption: str = ""
    description: str = ""


def _meta(tree: lxml.html.HtmlElement) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        content = one_line(element.get("content"))
        if key and content:
            found.setdefault(key.strip().lower(), []).append(content)
        equiv = (element.get("http-equiv") or "").lower()
        if equiv == "content-language" and content:
            found.setdefault("content-language", []).append(content)
    return found


def _json_ld(tree: lxml.html.HtmlElement) -> dict[str, Any]:
    """The page's article object from JSON-LD (first of an article type), or {}."""
    candidates: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except (ValueError, RecursionError):
            continue
        queue = [data]
        while queue and len(candidates) < 50:
            item = queue.pop(0)
            if isinstance(item, list):
                queue.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    queue.extend(item["@graph"] if isinstance(item["@graph"], list) else [])
                types = item.get("@type", "")
                names = types if isinstance(types, list) else [types]
                if any(isinstance(n, str) and n.lower() in _ARTICLE_TYPES for n in names):
                    candidates.append(item)
    # A specific article type beats a generic WebPage.
    candidates.sort(key=lambda item: str(item.get("@type", "")).lower() == "webpage")
    return candidates[0] if candidates else {}


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [one_line(value)]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value[:10] for name in _names(item)]
    return []


def _split_keywords(values: list[str] | Any) -> list[str]:
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        return []
    topics: list[str] = []
    for value in values:
        if not isinstance(value, str):
            continue
        for part in re.split(r"[,;|]", value):
            part = one_line(part)
            if 0 < len(part) <= 50 and not part.startswith(("http", "/")):
                topics.append(part)
    return topics


def _first(*values: str) -> str:
    return next((v for v in values if v), "")


def page_meta(tree: lxml.html.HtmlElement) -> PageMeta:
    meta = _meta(tree)
    ld = _json_ld(tree)

    def m(*keys: str) -> str:
        return _first(*(meta.get(k, [""])[0] for k in keys))

    site = _first(
        m("og:site_name", "application-name", "twitter:site"),
        *_names(ld.get("publisher"))[:1],
    ).lstrip("@")
    authors = [a for a in _names(ld.get("author")) if a and not a.startswith("http")]
    byline = ", ".join(dict.fromkeys(authors)) or _first(
        *(a for a in meta.get("author", []) + meta.get("article:author", []) if "://" not in a),
        m("byl", "parsely-author", "sailthru.author", "dc.creator"),
    )
    if byline:
        byline = rules.byline("By " + byline.removeprefix("By ").removeprefix("by ")) or byline

    date = normalise_date(
        _first(
            one_line(ld.get("datePublished")),
            m(
                "article:published_time", "og:published_time", "published_time", "pubdate",
                "publishdate", "date", "dc.date", "dc.date.issued", "parsely-pub-date",
                "sailthru.date", "article.published", "datepublished",
            ),
            one_line(ld.get("dateCreated")),
            next((t.get("datetime", "") for t in tree.iter("time") if t.get("datetime")), ""),
        )
    )  # fmt: skip

    canonical = next(
        (
            link.get("href", "")
            for link in tree.iter("link")
            if "canonical" in (link.get("rel") or "").lower().split()
        ),
        "",
    )
    url = _first(one_line(canonical), m("og:url"), one_line(ld.get("url")))
    if url and not url.startswith(("http://", "https://")):
        url = ""
    host = (urlsplit(url).hostname or "").removeprefix("www.") if url else ""
    title = page_title(tree, meta, ld, site, host)

    language = _first(
        one_line(tree.get("lang")),
        one_line(tree.get("{http://www.w3.org/XML/1998/namespace}lang")),
        m("content-language", "og:locale", "language", "dc.language"),
        one_line(ld.get("inLanguage")),
    )
    language = language.replace("_", "-").split(",")[0].strip().lower()[:16]

    topics: list[str] = []
    topics += _split_keywords(meta.get("article:section", []) + meta.get("parsely-section", []))
    topics += _split_keywords(ld.get("articleSection"))
    topics += _split_keywords(meta.get("article:tag", []))
    topics += _split_keywords(ld.get("keywords"))
    topics += _split_keywords(meta.get("news_keywords", []) + meta.get("keywords", []))
    seen: set[str] = set()
    unique_topics = []
    for topic in topics:
        if topic.casefold() not in seen:
            seen.add(topic.casefold())
            unique_topics.append(topic)

    caption = one_line(
        next((f.text_content() for f in tree.iter("figcaption")), "")
        or m("og:image:alt", "twitter:image:alt")
    )[:300]
    return PageMeta(
        title=title,
        byline=byline,
        date=date,
        site=site or host,
        url=url,
        language=language,
        topics=unique_topics[:12],
        caption=caption,
        description=m("og:description", "description"),
    )


# Headings in these are a logo, a menu or a promo, not the page's headline.
_NOT_HEADLINE = frozenset({"a", "nav", "aside", "footer", "button", "form"})


def _headlines(tree: lxml.html.HtmlElement) -> tuple[list[str], list[str]]:
    """The page's h1 texts: those inside its article (or main content), and the others."""
    inside: list[str] = []
    outside: list[str] = []
    for h1 in tree.iter("h1"):
        ancestors = {a.tag for a in h1.iterancestors()}
        if ancestors & _NOT_HEADLINE:
            continue
        text = one_line(h1.text_content())
        if text:
            (inside if ancestors & {"article", "main"} else outside).append(text)
    return inside, outside


def page_title(
    tree: lxml.html.HtmlElement, meta: dict[str, list[str]], ld: dict[str, Any], site: str,
    host: str,
) -> str:
    """The page's headline from its own metadata, in order of trust: og:title, the JSON-LD
    headline, the h1 of its article, twitter:title, <title>, any other h1. Each has its
    entities decoded and the site's name cut off; the first that can be a headline (not the
    site's name, not only symbols, not a paragraph) wins, else "" (an image as the h1 and an
    empty <title> give nothing)."""
    inside, outside = _headlines(tree)
    before = [
        *meta.get("og:title", [])[:1],
        *_names(ld.get("headline"))[:1],
        *inside[:3],
        *meta.get("twitter:title", [])[:1],
    ]
    element = one_line(tree.findtext(".//title") or "")
    # Only the <title> element customarily ends with the site's name: its tail may be guessed.
    candidates = [
        *((c, False) for c in before),
        (element, True),
        *((c, False) for c in outside[:3]),
    ]
    site_key = site.casefold()
    for candidate, guess in candidates:
        title = clean_title(strip_site(candidate, site, host, guess_tail=guess))
        if title and title.casefold() != site_key and title.casefold() != host:
            return title
    return ""
