"""Saved web pages to articles: metadata from the page head, the body from its main content.

trafilatura finds the main content; its output is turned into blocks by
:mod:`reader.clean.fragment` and cleaned of leftovers with the text-scrape line rules (share
lines, "Read more" teasers, a repeated headline or byline). When it finds little or nothing, the
page's visible text is cleaned as a text scrape and the longer result kept. Metadata comes from
JSON-LD, Open Graph and the usual meta names, in that order of trust.
"""

from __future__ import annotations

import html
import json
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree

from reader.clean import lines as rules
from reader.clean.dates import normalise_date
from reader.clean.encoding import decode_mixed
from reader.clean.fragment import BREAKING, SKIPPED, with_text, xml_blocks
from reader.clean.text import clean_scrape
from reader.model import Article, Block, Related, strip_control

# Pages larger than this (after dropping scripts and styles) are cut: nothing a person saved
# to read is that long, and parsing cost grows with size.
MAX_PAGE_CHARS = 2_000_000
# Deeper than this, a page is read as plain text (no real article is laid out so deep).
MAX_DEPTH = 150
_TAG = re.compile(r"<[^>]*>")
# The scrape reading looks at no more lines than this (menus of a huge page are not worth it).
MAX_SCRAPE_LINES = 20_000
# Fewer words than this, and no sentence, is a menu or a stub rather than an article.
MIN_ARTICLE_WORDS = 25
# Below this many words the main-content extractor is taken to have missed the article.
MIN_BODY_WORDS = 60
# How the extractor's body and the scrape reading are reconciled (see combine()).
SHINGLE = 4
SUPERSET_INSIDE = 0.85
SUPERSET_RATIO = 1.3
TRIM_KEEPS = 0.6
_SHORTCODE = re.compile(r"\[/?[a-z_]+(?:\s[^\]]{0,300})?\]")
_WORD = re.compile(r"\w+")
_SCRIPTS = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""",
    re.I,
)
_SINGLE_BYTE = re.compile(
    r"^(?:iso-?8859-?\d+|latin-?\d|windows-125\d|cp125\d|us-ascii|ascii)$", re.I
)
_ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
        "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "scholarlyarticle",
        "techarticle", "liveblogposting", "posting", "socialmediaposting", "webpage",
    }
)  # fmt: skip
_HTML_PARSER = etree.HTMLParser(
    collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True
)
# lxml.html's own parser picks each element's class in Python, every time an element is touched
# (hundreds of thousands of calls a page, most of them inside trafilatura); a fixed class is
# chosen in C. Nothing here or in trafilatura uses the form-specific element classes.
_HTML_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def declared_charset(data: bytes) -> str:
    """The charset a page declares in its first bytes (meta charset, http-equiv, XML)."""
    match = _CHARSET.search(data[:4096])
    if not match:
        return ""
    return (match.group(1) or match.group(2) or b"").decode("ascii", "replace").strip()


def decode_html(data: bytes) -> str:
    """Decode a page: its declared charset first, unless the bytes say it is wrong.

    Control characters are left in: every text taken from the page passes
    :func:`reader.model.strip_control` on its way out, which is cheaper than cleaning the
    whole page (scripts and markup included).
    """
    declared = declared_charset(data)
    if declared and _SINGLE_BYTE.match(declared) and _is_utf8_with_non_ascii(data):
        # Pages saved as UTF-8 often keep a stale Latin-1 declaration: the bytes win.
        declared = "utf-8"
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        for encoding in (declared, "utf-8"):
            if not encoding:
                continue
            try:
                return data.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
    return decode_mixed(data, declared)


def _is_utf8_with_non_ascii(data: bytes) -> bool:
    sample = data[: 1024 * 1024]
    if sample.isascii():
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the sample's end is still UTF-8.
        return error.start >= len(sample) - 3
    return True


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


def parse_page(text: str) -> lxml.html.HtmlElement | None:
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text, parser=_HTML_PARSER)
    except (etree.ParserError, ValueError, RecursionError):
        return None


def _clean(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    return " ".join(strip_control(value).split())


def _meta(tree: lxml.html.HtmlElement) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        content = _clean(element.get("content"))
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
        return [_clean(value)]
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
            part = _clean(part)
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
    title_tag = _clean(tree.findtext(".//title") or "")
    h1 = next((_clean(h.text_content()) for h in tree.iter("h1")), "")
    title = _first(*_names(ld.get("headline"))[:1], m("og:title", "twitter:title"), h1, title_tag)
    title = _strip_site_suffix(title, site)

    authors = [a for a in _names(ld.get("author")) if a and not a.startswith("http")]
    byline = ", ".join(dict.fromkeys(authors)) or _first(
        *(a for a in meta.get("author", []) + meta.get("article:author", []) if "://" not in a),
        m("byl", "parsely-author", "sailthru.author", "dc.creator"),
    )
    if byline:
        byline = rules.byline("By " + byline.removeprefix("By ").removeprefix("by ")) or byline

    date = normalise_date(
        _first(
            _clean(ld.get("datePublished")),
            m(
                "article:published_time", "og:published_time", "published_time", "pubdate",
                "publishdate", "date", "dc.date", "dc.date.issued", "parsely-pub-date",
                "sailthru.date", "article.published", "datepublished",
            ),
            _clean(ld.get("dateCreated")),
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
    url = _first(_clean(canonical), m("og:url"), _clean(ld.get("url")))
    if url and not url.startswith(("http://", "https://")):
        url = ""

    language = _first(
        _clean(tree.get("lang")),
        _clean(tree.get("{http://www.w3.org/XML/1998/namespace}lang")),
        m("content-language", "og:locale", "language", "dc.language"),
        _clean(ld.get("inLanguage")),
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

    caption = _clean(
        next((f.text_content() for f in tree.iter("figcaption")), "")
        or m("og:image:alt", "twitter:image:alt")
    )[:300]
    return PageMeta(
        title=title,
        byline=byline,
        date=date,
        site=site or (urlsplit(url).hostname or "").removeprefix("www."),
        url=url,
        language=language,
        topics=unique_topics[:12],
        caption=caption,
        description=m("og:description", "description"),
    )


def _strip_site_suffix(title: str, site: str) -> str:
    """ "Headline | Site" or "Headline - Site" -> "Headline"."""
    for separator in (" | ", " - ", " – ", " — ", " :: ", " · "):
        if separator in title:
            head, _, tail = title.rpartition(separator)
            if head and (not site or site.casefold() in tail.casefold() or len(tail) < 30):
                return head.strip()
    return title


# The same block texts are measured, keyed and compared several times over (both readings, the
# leftover cleaning, the reconciling, the captions): each text is split into words once.
_TEXT_CACHE = 4096


@lru_cache(maxsize=_TEXT_CACHE)
def _tokens(text: str) -> tuple[str, ...]:
    """A text's words (runs of word characters), casefolded."""
    return tuple(_WORD.findall(text.casefold()))


@lru_cache(maxsize=_TEXT_CACHE)
def _token_count(text: str) -> int:
    # Casefolding ASCII changes no word boundary; other scripts are counted by the rules.
    return len(_tokens(text)) if text.isascii() else rules.token_count(text)


def _words(blocks: list[Block]) -> int:
    return sum(_token_count(b.text) for b in blocks)


def main_content(tree: lxml.html.HtmlElement, url: str = "") -> list[Block]:
    """The main content as blocks, via trafilatura; [] when it finds nothing.

    trafilatura's own element tree is walked directly: serialising it to HTML and parsing that
    again would double the cost of this step.

    Links are made absolute here (by :func:`xml_blocks`), not by trafilatura, which would
    resolve every link of the page, the menus' too. Recall focus: the default balanced focus
    measures the whole page's text again to decide whether a short extraction should be
    retried in recall mode, which costs as much as the extraction; a short or partial
    extraction is made good by the page's scrape reading (see :func:`combine`) instead."""
    try:
        document = trafilatura.bare_extraction(
            tree,
            url=None,
            fast=True,
            favor_recall=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=True,
            with_metadata=False,
            as_dict=False,
        )
        body = getattr(document, "body", None)
        if body is None:
            return []
        return xml_blocks(body, base=url)
    except (RecursionError, ValueError, TypeError, etree.LxmlError):
        return []


_LINE_BREAKING = frozenset(BREAKING | {"br", "td", "th"})
_INVISIBLE = frozenset(SKIPPED - {"nav", "form", "button", "menu"})


def visible_lines(tree: lxml.html.HtmlElement) -> str:
    """A page's visible text, one block a line: what a text scrape of it would hold.

    Changes the tree (line breaks are written into it, invisible elements dropped): call it
    last. The work is done by lxml's C loops; Python only visits block elements.
    """
    try:
        etree.strip_elements(tree, *_INVISIBLE, with_tail=False)
        for element in tree.iter(*_LINE_BREAKING):
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
        return strip_control("".join(tree.itertext()))
    except (RecursionError, etree.LxmlError, ValueError):
        return ""


@dataclass(slots=True)
class _Leftovers:
    blocks: list[Block]
    topics: list[str] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    byline: str = ""
    caption: str = ""


def _key(text: str) -> str:
    return " ".join(_tokens(text))


def clean_leftovers(blocks: list[Block], title: str, description: str = "") -> _Leftovers:
    """Drop what the extractor let through: chrome lines, the headline and standfirst again,
    share and newsletter lines, and everything after a "You may also like" header."""
    out = _Leftovers([])
    title_key = _key(title)
    description_key = _key(description)
    previous = ""
    for index, block in enumerate(blocks):
        text = _SHORTCODE.sub("", block.text).strip()
        block = with_text(block, text)
        key = _key(text)
        if not key or text == previous:
            continue
        previous = text
        short = len(text) <= 160
        if index < 5 and key == title_key:
            continue
        if index < 5 and block.kind == "heading" and description_key and key == description_key:
            continue  # the standfirst set as a heading; as a paragraph it is often the lead
        if short and rules.is_teaser_header(text) and _words(out.blocks) >= MIN_BODY_WORDS:
            out.related.extend(
                Related(title=b.text, url=b.href) for b in _teaser_run(blocks, index)
            )
            break
        if short and (topics := rules.topic_line(text)) is not None:
            out.topics.extend(topics)
            continue
        if short and (teaser := rules.inline_teaser(text)):
            out.related.append(Related(title=teaser, url=block.href))
            continue
        if short and (rules.is_chrome(text) or rules.is_reading_time(text)):
            continue
        if index < 5 and short and (name := rules.byline(text)):
            out.byline = out.byline or name
            continue
        if index < 5 and short and rules.is_credit(text) and block.kind != "quote":
            out.caption = out.caption or rules.strip_credit_label(text)
            continue
        if len(key) <= 300 and rules.is_boilerplate(text):
            continue
        out.blocks.append(block)
    # Site boilerplate at the end ("Sign up for our newsletter...") is not the article's.
    while out.blocks and rules.is_boilerplate(out.blocks[-1].text):
        out.blocks.pop()
    while out.blocks and out.blocks[-1].kind == "heading":
        out.blocks.pop()
    return out


def _teaser_run(blocks: list[Block], header: int) -> list[Block]:
    """The headlines under a teaser header: short blocks up to the next long one."""
    run: list[Block] = []
    for block in blocks[header + 1 : header + 1 + 20]:
        words = len(_tokens(block.text))
        if words > 30:
            break
        if words >= 3 and not rules.ends_sentence(block.text):
            run.append(block)
    return run


_Shingles = set[tuple[str, ...]]


def _shingles_of(tokens: tuple[str, ...]) -> _Shingles:
    """Runs of four words, the unit the two readings are compared in."""
    if len(tokens) < SHINGLE:
        return {tokens} if tokens else set()
    return set(zip(tokens, tokens[1:], tokens[2:], tokens[3:], strict=False))


def _shingles(text: str) -> _Shingles:
    return _shingles_of(_tokens(text))


def _all_shingles(blocks: list[Block]) -> _Shingles:
    """The shingles of the blocks' texts read one after the other (runs cross block ends)."""
    return _shingles_of(tuple(token for b in blocks for token in _tokens(b.text)))


def _agrees(shingles: _Shingles, other: _Shingles) -> bool:
    """Whether most of a block's text is also in the other reading."""
    return bool(shingles) and len(shingles & other) >= 0.5 * len(shingles)


def _continuation(scraped: list[Block], extracted_shingles: _Shingles) -> list[Block]:
    """The scrape body, up to the first heading past the extractor's last block: beyond it
    come teasers (a headline and its summary), not more of the article."""
    last_shared = max(
        (i for i, b in enumerate(scraped) if _agrees(_shingles(b.text), extracted_shingles)),
        default=-1,
    )
    for index in range(last_shared + 1, len(scraped)):
        if scraped[index].kind == "heading":
            return scraped[:index]
    return scraped


def combine(extracted: list[Block], scraped: list[Block]) -> list[Block]:
    """Reconcile the extractor's body with the page read as a text scrape.

    Two independent views of the article: where the extractor's text lies almost wholly inside
    a much longer scrape body, the extractor stopped short (an article split by an ad or a box)
    and the scrape is taken; otherwise blocks at the edges of the extractor's body that the
    scrape does not have (standfirsts, teaser lists, promos) are trimmed.
    """
    scraped_words = _words(scraped)
    extracted_words = _words(extracted)
    if scraped_words < MIN_BODY_WORDS or not extracted:
        return extracted
    scraped_shingles = _all_shingles(scraped)
    extracted_shingles = _all_shingles(extracted)
    inside = len(extracted_shingles & scraped_shingles) / max(1, len(extracted_shingles))
    if inside >= SUPERSET_INSIDE and scraped_words >= SUPERSET_RATIO * extracted_words:
        return _continuation(scraped, extracted_shingles)
    agree = [_agrees(_shingles(b.text), scraped_shingles) for b in extracted]
    if not any(agree):
        return extracted
    first = agree.index(True)
    last = len(agree) - 1 - agree[::-1].index(True)
    trailing = extracted[last + 1 :]
    if (
        any(b.kind == "list_item" for b in trailing)
        and sum(b.kind == "heading" for b in trailing) <= 1
        and all(b.kind in ("list_item", "heading") for b in trailing)
    ):
        # A list closing the article (ingredients, steps) that the scrape reading, which
        # distrusts short lines, left out; teaser lists interleave several headings.
        last = len(extracted) - 1
    kept = extracted[first : last + 1]
    if _words(kept) < TRIM_KEEPS * extracted_words:
        return extracted  # the two disagree about the article itself: trust the extractor
    return kept


# An element with more than MAX_DEPTH ancestors, found a level at a time (counting every
# element's ancestors instead costs a walk up from each of them).
_DEEP_XPATH = etree.XPath("boolean(/" + "/".join(["*"] * (MAX_DEPTH + 2)) + ")")


def _too_deep(tree: lxml.html.HtmlElement) -> bool:
    try:
        return bool(_DEEP_XPATH(tree))
    except (etree.XPathError, RecursionError):
        return True


def _stripped_text(text: str) -> str:
    """The page's text with every tag replaced by a line break."""
    text = _SCRIPTS.sub("", text)
    return strip_control(html.unescape(_TAG.sub("\n", text)))


def _first_lines(text: str, limit: int) -> str:
    if text.count("\n") < limit:
        return text
    position = -1
    for _ in range(limit):
        position = text.find("\n", position + 1)
        if position < 0:
            return text
    return text[:position]


def _is_prose(blocks: list[Block]) -> bool:
    """At least one sentence of some length, or enough words to be more than a menu."""
    if _words(blocks) >= MIN_ARTICLE_WORDS:
        return True
    return any(rules.ends_sentence(b.text) and rules.word_count(b.text) >= 6 for b in blocks)


# ---- captions ---------------------------------------------------------------------------------
# The extractor drops figure captions and the scrape reading takes them for headings (short lines
# without a full stop). The page's own markup says what is a caption and where it stands: after
# the text before its figure.

# Elements whose class names them a caption ("caption", "wp-caption-text", "image-caption").
_CAPTION_CLASS = re.compile(r"(?:^|[-_])caption(?:[-_]text)?$")
_CAPTIONS_XPATH = etree.XPath("//figcaption | //*[contains(@class, 'caption')]")
# Captions in these are furniture (teaser cards, promos), not the article's figures.
_OUTSIDE_XPATH = etree.XPath("boolean(ancestor::aside | ancestor::nav | ancestor::footer)")
_TEXT_ELEMENTS = "self::p or self::li or self::blockquote or self::pre or self::h2 or self::h3"
_PRECEDING_XPATH = etree.XPath(f"preceding::*[{_TEXT_ELEMENTS}][normalize-space()][1]")
_FOLLOWING_XPATH = etree.XPath(f"following::*[{_TEXT_ELEMENTS}][normalize-space()][1]")
# Words of the text next to a figure that must match a block's end (or start) to place it.
ANCHOR_WORDS = 8
# Fewer words than this (a list entry, a label) place nothing: they recur too easily.
MIN_ANCHOR_WORDS = 3
# Shorter captions are names or labels, as likely a heading or list entry of the same text.
MIN_CAPTION_WORDS = 3
MAX_CAPTION_CHARS = 500


@dataclass(slots=True)
class Figure:
    """A caption on the page and the text around it: the last words of the text before it
    and the first words of the text after it."""

    caption: str
    before: str = ""
    after: str = ""


def _is_caption(element: Any) -> bool:
    if element.tag == "figcaption":
        return True
    names = str(element.get("class") or "").split()
    return any(_CAPTION_CLASS.search(name) for name in names)


def _anchor_text(found: Any) -> str:
    if not isinstance(found, list) or not found:
        return ""
    return _key(found[0].text_content())


def page_figures(tree: lxml.html.HtmlElement) -> list[Figure]:
    """The page's figure captions in document order, each with the text around it. Call it
    before the tree is handed on: the extractor and :func:`visible_lines` change it."""
    try:
        candidates = [e for e in _CAPTIONS_XPATH(tree) if _is_caption(e)]
    except (etree.XPathError, RecursionError):
        return []
    figures: list[Figure] = []
    seen: set[str] = set()
    taken: list[Any] = []
    for element in candidates:
        # A caption inside another (a "wp-caption" box around its "wp-caption-text") is one.
        if taken and any(a in taken[-3:] for a in element.iterancestors()):
            continue
        caption = _clean(element.text_content())
        key = _key(caption)
        if not key or len(caption) > MAX_CAPTION_CHARS or key in seen:
            continue  # longer is a box that merely holds a picture, not a caption
        taken.append(element)
        if rules.is_chrome(caption) or rules.is_boilerplate(caption):
            continue
        if _OUTSIDE_XPATH(element):
            continue
        seen.add(key)
        before = " ".join(_anchor_text(_PRECEDING_XPATH(element)).split()[-ANCHOR_WORDS:])
        after = " ".join(_anchor_text(_FOLLOWING_XPATH(element)).split()[:ANCHOR_WORDS])
        figures.append(Figure(caption, before, after))
    return figures


def _part_of(block: str, caption: str) -> bool:
    """Whether a block is the caption, or most of it (the caption less its photo credit)."""
    # Not matched on word boundaries: a credit is often glued to the caption ("Getty ImagesThe").
    return block == caption or (2 * len(block) >= len(caption) and block in caption)


def _ends_with(key: str, words: str) -> bool:
    return len(words.split()) >= MIN_ANCHOR_WORDS and f" {key}".endswith(f" {words}")


def _starts_with(key: str, words: str) -> bool:
    return len(words.split()) >= MIN_ANCHOR_WORDS and f"{key} ".startswith(f"{words} ")


def place_captions(blocks: list[Block], figures: list[Figure]) -> list[Block]:
    """The body with the page's captions in place, as caption blocks.

    A caption the body already holds (the scrape reading keeps them, as headings) becomes a
    caption block; one it lacks goes after the block its figure follows on the page, or before
    the block it precedes. A caption with neither in the body is not the article's; one before
    the first block is the lead picture's, which the article's caption metadata is for."""
    if not figures or not blocks:
        return blocks
    out = list(blocks)
    keys = [_key(b.text) for b in out]
    for figure in figures:
        key = _key(figure.caption)
        if key.count(" ") + 1 < MIN_CAPTION_WORDS:
            continue
        index = next((i for i, k in enumerate(keys) if _part_of(k, key)), -1)
        if index >= 0:
            if out[index].kind in ("heading", "paragraph"):
                out[index] = Block("caption", out[index].text, links=out[index].links)
            continue
        position = next(
            (i + 1 for i in range(len(out) - 1, -1, -1) if _ends_with(keys[i], figure.before)),
            -1,
        )
        if position < 0:
            position = next((i for i, k in enumerate(keys) if _starts_with(k, figure.after)), -1)
        if position <= 0:
            continue
        out.insert(position, Block("caption", figure.caption))
        keys.insert(position, key)
    return out


def carry_links(blocks: list[Block], source: list[Block]) -> list[Block]:
    """Blocks read from the page's plain text take the links of the same text as extracted."""
    linked = {b.text: b.links for b in source if b.links}
    if not linked:
        return blocks
    return [
        Block(b.kind, b.text, b.level, b.href, list(linked[b.text]))
        if not b.links and b.text in linked
        else b
        for b in blocks
    ]


def extract_page(text: str, *, url: str = "") -> Article:
    """An article from a page's HTML. ``Article.problems`` says what went wrong, if anything."""
    # Texts are split into words once per page; another page shares none of them.
    _tokens.cache_clear()
    _token_count.cache_clear()
    problems: list[str] = []
    if len(text) > MAX_PAGE_CHARS:
        text = _SCRIPTS.sub("", text)
        if len(text) > MAX_PAGE_CHARS:
            text = text[:MAX_PAGE_CHARS]
            problems.append(
                f"page cut to its first {MAX_PAGE_CHARS // 1_000_000} million characters"
            )
    tree = parse_page(text)
    if tree is None:
        return Article(title="", problems=[*problems, "not parseable as HTML"])
    try:
        meta = page_meta(tree)
    except RecursionError:
        meta = PageMeta()
    figures: list[Figure] = []
    if _too_deep(tree):
        # Main-content scoring slows to a crawl on such trees, and libxml2 drops text past
        # its nesting limit: read the page's text with the markup stripped instead.
        problems.append("page nested too deeply for layout analysis: read as plain text")
        blocks: list[Block] = []
        visible = _stripped_text(text)
    else:
        figures = page_figures(tree)
        blocks = main_content(tree, url or meta.url)
        visible = visible_lines(tree)
    cleaned = clean_leftovers(blocks, meta.title, meta.description)
    extracted = cleaned.blocks
    scraped = clean_scrape(_first_lines(visible, MAX_SCRAPE_LINES))
    scraped_clean = clean_leftovers(scraped.blocks, meta.title, meta.description)
    if _words(cleaned.blocks) < MIN_BODY_WORDS:
        # The extractor missed the article, or the page is short: the scrape reading decides.
        if _words(scraped_clean.blocks) > _words(cleaned.blocks):
            cleaned = scraped_clean
            cleaned.related.extend(scraped.related)
    else:
        cleaned.blocks = combine(cleaned.blocks, scraped_clean.blocks)
    cleaned.topics.extend(scraped.topics)
    meta.title = meta.title or scraped.title
    topics = list(dict.fromkeys(meta.topics + cleaned.topics))
    if not _is_prose(cleaned.blocks):
        cleaned.blocks = []  # a few link labels or a menu are no article
    if cleaned.blocks is not extracted:
        cleaned.blocks = carry_links(cleaned.blocks, extracted)
    cleaned.blocks = place_captions(cleaned.blocks, figures)
    if not cleaned.blocks:
        problems.append("no article text found")
    return Article(
        title=meta.title,
        blocks=cleaned.blocks,
        byline=meta.byline or cleaned.byline,
        date=meta.date,
        source=meta.site,
        url=meta.url or url,
        language=meta.language,
        topics=topics,
        related=cleaned.related,
        caption=meta.caption or cleaned.caption,
        problems=problems,
    )
