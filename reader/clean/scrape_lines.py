"""A text scrape as labelled lines: split (hard-wrapped prose joined again), then each line told
apart as chrome, byline, date, photo credit, topic line, teaser header or text, gathering the
topics, inline teasers, site and address the lines give on the way. :mod:`reader.clean.text`
makes an article of the labelled lines."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from reader.clean import lines as rules
from reader.clean import titles
from reader.clean.dates import find_date
from reader.model import Related

ChromeTest = Callable[[str], bool]

# Learned chrome is ignored in a file where it would take more than this share of the prose.
LEARNED_PROSE_SHARE = 0.5
# Lines longer than this are prose as far as the line rules go (all of them cap the length).
LONG_LINE_CHARS = 240
_DIGIT = re.compile(r"\d")
_URL_LINE = re.compile(r"^https?://\S+$")
_WS = re.compile(r"\s+")


@dataclass(slots=True)
class Line:
    text: str
    # text|chrome|byline|byword|date|credit|topics|teaser|comments|time|url|banner|boiler
    kind: str = "text"
    words: int = 0
    sentence: bool = False
    name: str = ""  # the author for bylines, the date for date lines
    learned: bool = False  # recurs across this source's files: chrome, though shaped as text


@dataclass(slots=True)
class Scan:
    lines: list[Line] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    date: str = ""
    source: str = ""
    url: str = ""


_JOINING_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "and",
        "or",
        "but",
        "as",
        "that",
        "which",
        "who",
        "whose",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "be",
        "been",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "not",
        "this",
        "these",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
    ]
)


def split_lines(text: str) -> list[str]:
    """Non-empty lines with inner whitespace collapsed; hard-wrapped prose joined again."""
    out: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if "  " in line or "\t" in line:
            line = _WS.sub(" ", line)
        if out and _continues(out[-1], line):
            out[-1] = out[-1] + " " + line
        else:
            out.append(line)
    return out


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` carries on the sentence ``previous`` broke off (hard-wrapped text)."""
    if rules.ends_sentence(previous):
        return False
    last = previous.rsplit(" ", 1)[-1]
    if line[0].islower() and (len(previous) >= 30 or last in _JOINING_WORDS):
        # "by Jane Doe" under a headline starts with a small letter too: it is a byline.
        if rules.is_byline_word(line) or rules.byline(line):
            return False
        return not rules.is_list_item(line) and not rules.is_chrome(line)
    return (
        len(previous) >= 30
        and last in _JOINING_WORDS
        and len(line) >= 20
        and not rules.is_list_item(line)
    )


def site_name(lines: list[str]) -> str:
    """The site a scrape names in a banner ("Support X!") or footer ("© 2019 X"), or ""."""
    head = lines[:8]
    tail = lines[-15:] if len(lines) > 8 else []
    for line in head + tail:
        header = rules.header_date(line)
        site = rules.site_from_banner(header[1] if header else line)
        if site:
            return site
    for line in head:
        if _URL_LINE.match(line):
            host = urlsplit(line).hostname or ""
            return host.removeprefix("www.")
    return ""


def _has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


def label_lines(raw: list[str], is_learned_chrome: ChromeTest | None) -> Scan:
    scan = Scan()
    if raw:
        header = rules.header_date(raw[0])
        if header:
            scan.date = header[0]
            raw = ([header[1]] if header[1] else []) + raw[1:]
    topic_run = False
    previous = ""
    for text in raw:
        line = Line(text, words=rules.word_count(text), sentence=rules.ends_sentence(text))
        scan.lines.append(line)
        if text == previous and line.words <= 12:
            line.kind = "chrome"  # a repeated short line is a menu or a duplicated label
            continue
        previous = text
        if len(text) > LONG_LINE_CHARS:
            # Only prose is this long: no rule for menus, bylines or teasers can match.
            if "©" in text and line.words <= 80:
                line.kind = "credit"  # a photo caption ending in its credit
            elif rules.is_boilerplate(text):
                line.kind = "boiler"
            continue
        kind = rules.line_kind(text)
        if kind == "" and (":" in text or "-" in text or "–" in text):
            topics = rules.topic_line(text)
            if topics is not None:
                line.kind = "topics"
                scan.topics.extend(topics)
                topic_run = False
                continue
        if kind == "topic_header":
            line.kind = "topics"
            topic_run = True
            continue
        if topic_run:
            if line.words <= 5 and not line.sentence and kind != "chrome":
                line.kind = "topics"
                scan.topics.append(text)
                continue
            topic_run = False
        site = rules.site_from_banner(text)
        if site:
            line.kind = "banner"
            scan.source = scan.source or site
            continue
        if kind:
            line.kind = kind
        elif _URL_LINE.match(text):
            line.kind = "url"
            scan.url = scan.url or text
        elif (name := rules.byline(text)) or (
            line.words <= 8 and (name := titles.staff_byline(text))
        ):
            line.kind = "byline"
            line.name = name
        elif teaser := rules.inline_teaser(text):
            line.kind = "chrome"
            scan.related.append(Related(title=teaser))
        elif line.words <= 14 and _has_digit(text) and (found := find_date(text)):
            line.kind = "date"
            line.name = found
        elif "©" in text or rules.is_credit(text):
            line.kind = "credit"
        elif line.words <= 12 and titles.is_agency_line(text):
            line.kind = "credit"  # "Jane Doe/Getty Images", "Associated Press", "Jo Bloggs, AP"
        elif line.words >= 6 and rules.is_boilerplate(text):
            line.kind = "boiler"
        if line.kind == "text" and is_learned_chrome is not None and is_learned_chrome(text):
            line.learned = True
    _distrust_learned_prose(scan.lines)
    return scan


def _distrust_learned_prose(lines: list[Line]) -> None:
    """When most of a file's prose recurs in other files, the file is a copy of an article
    kept twice, not a page of chrome: what recurs is the article itself (headline and
    subheadings too), so the file is cleaned by the line rules alone."""
    prose = [ln for ln in lines if ln.kind == "text" and ln.sentence and ln.words >= 8]
    total = sum(ln.words for ln in prose)
    learned = sum(ln.words for ln in prose if ln.learned)
    if total and learned > LEARNED_PROSE_SHARE * total:
        for line in lines:
            line.learned = False
