"""Saved web pages to articles: metadata from the page head, the body from its main content.

trafilatura finds the main content; its output is turned into blocks by
:mod:`reader.clean.fragment` and cleaned of leftovers (:mod:`reader.clean.leftovers`: share
lines, "Read more" teasers, a repeated headline or byline). The page's visible text is also
cleaned as a text scrape, and the two readings are reconciled (:mod:`reader.clean.combine`);
when the extractor finds little or nothing, the scrape reading decides. Metadata comes from
:mod:`reader.clean.page_meta`, captions are put back by :mod:`reader.clean.figures`.
Decoding the page's bytes is the reader's job (:func:`reader.sources.decode.decode_html`).
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, field

import lxml.html
import trafilatura
from lxml import etree

from reader.clean import lines as rules
from reader.clean import words
from reader.clean.combine import carry_links, combine
from reader.clean.figures import Figure, page_figures, place_captions
from reader.clean.fragment import BREAKING, SKIPPED, xml_blocks
from reader.clean.leftovers import clean_leftovers
from reader.clean.markup import parseable
from reader.clean.page_meta import PageMeta, page_meta
from reader.clean.text import clean_scrape
from reader.clean.tuning import PAGE, PageTuning
from reader.model import UNTITLED, Article, Block, strip_control

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
_SCRIPTS = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
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


def parse_page(text: str) -> lxml.html.HtmlElement | None:
    text = parseable(_XML_DECLARATION.sub("", text, count=1))
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text, parser=_HTML_PARSER)
    except (etree.ParserError, ValueError, RecursionError):
        return None


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
    if words.block_words(blocks) >= MIN_ARTICLE_WORDS:
        return True
    return any(rules.ends_sentence(b.text) and rules.word_count(b.text) >= 6 for b in blocks)


@dataclass(slots=True)
class PageReading:
    """What a page holds before any decision is made: its metadata, its captions, the
    extractor's blocks and its visible text. :func:`assemble` decides; it changes nothing
    here, so one reading can be assembled with several tunings (the evaluation does)."""

    meta: PageMeta
    figures: list[Figure] = field(default_factory=list)
    extracted: list[Block] = field(default_factory=list)
    visible: str = ""
    url: str = ""
    problems: list[str] = field(default_factory=list)


def read_page(text: str, *, url: str = "") -> PageReading | None:
    """Parse a page and take its readings; None when it is not parseable as HTML."""
    words.forget()  # texts are split into words once per page; another page shares none
    problems: list[str] = []
    text = parseable(text)  # before the cut: a tag of 200,000 attributes is not the page
    if len(text) > MAX_PAGE_CHARS:
        text = _SCRIPTS.sub("", text)
        if len(text) > MAX_PAGE_CHARS:
            text = text[:MAX_PAGE_CHARS]
            problems.append(
                f"page cut to its first {MAX_PAGE_CHARS // 1_000_000} million characters"
            )
    tree = parse_page(text)
    if tree is None:
        return None
    try:
        meta = page_meta(tree)
    except RecursionError:
        meta = PageMeta()
    reading = PageReading(meta, url=url, problems=problems)
    if _too_deep(tree):
        # Main-content scoring slows to a crawl on such trees, and libxml2 drops text past
        # its nesting limit: read the page's text with the markup stripped instead.
        problems.append("page nested too deeply for layout analysis: read as plain text")
        reading.visible = _stripped_text(text)
    else:
        reading.figures = page_figures(tree)
        reading.extracted = main_content(tree, url or meta.url)
        reading.visible = visible_lines(tree)
    return reading


def assemble(reading: PageReading, tuning: PageTuning = PAGE) -> Article:
    """The article a page's readings make: the extractor's body reconciled with the page read
    as a text scrape, captions put back, metadata from the page."""
    meta = reading.meta
    problems = list(reading.problems)
    cleaned = clean_leftovers(reading.extracted, meta.title, meta.description)
    extracted = cleaned.blocks
    scraped = clean_scrape(_first_lines(reading.visible, MAX_SCRAPE_LINES), page=True)
    scraped_clean = clean_leftovers(scraped.blocks, meta.title, meta.description)
    if words.block_words(cleaned.blocks) < tuning.min_body_words:
        # The extractor missed the article, or the page is short: the scrape reading decides.
        if words.block_words(scraped_clean.blocks) > words.block_words(cleaned.blocks):
            cleaned = scraped_clean
            cleaned.related.extend(scraped.related)
    else:
        cleaned.blocks = combine(cleaned.blocks, scraped_clean.blocks, tuning)
    cleaned.topics.extend(scraped.topics)
    title = meta.title or scraped.title or UNTITLED
    topics = list(dict.fromkeys(meta.topics + cleaned.topics))
    if not _is_prose(cleaned.blocks):
        cleaned.blocks = []  # a few link labels or a menu are no article
    if cleaned.blocks is not extracted:
        cleaned.blocks = carry_links(cleaned.blocks, extracted)
    cleaned.blocks = place_captions(cleaned.blocks, reading.figures)
    if not cleaned.blocks:
        problems.append("no article text found")
    return Article(
        title=title,
        blocks=cleaned.blocks,
        byline=meta.byline or cleaned.byline,
        date=meta.date,
        source=meta.site,
        url=meta.url or reading.url,
        language=meta.language,
        topics=topics,
        related=cleaned.related,
        caption=meta.caption or cleaned.caption,
        problems=problems,
    )


def extract_page(text: str, *, url: str = "", tuning: PageTuning = PAGE) -> Article:
    """An article from a page's HTML. ``Article.problems`` says what went wrong, if anything."""
    reading = read_page(text, url=url)
    if reading is None:
        problems = ["not parseable as HTML"]
        if len(text) > MAX_PAGE_CHARS:
            problems.insert(
                0, f"page cut to its first {MAX_PAGE_CHARS // 1_000_000} million characters"
            )
        return Article(title="", problems=problems)
    return assemble(reading, tuning)
