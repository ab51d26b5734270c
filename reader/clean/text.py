"""Cleaning text scrapes: a page's visible text, one block a line, site chrome left in.

The cleaner labels each line (chrome, byline, date, photo credit, topic line, teaser header,
text), sets teaser blocks aside as related stories, then takes the body as the densest run of
prose: long sentence-like lines score positive, short unpunctuated lines (menus, headlines)
negative, and the best-scoring stretch (with any other strong stretch) is the article. Title,
byline, date and caption are looked for in the lines before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from reader.clean import lines as rules
from reader.clean.dates import find_date
from reader.model import Article, Block, Related

ChromeTest = Callable[[str], bool]

# Scores for picking the body: a prose line counts its words beyond this many...
PROSE_BIAS = 8
# ...a short line without sentence punctuation (menu item, headline) costs this much...
SHORT_PENALTY = 6
# ...and labelled furniture (chrome, bylines, credits) a little, so it does not bridge regions.
FURNITURE_PENALTY = 2
# A list item ("1) ...", "• ...") is part of whatever it sits in.
LIST_ITEM_SCORE = 1.0
# A second stretch of prose joins the body when it scores this share of the best one and lies
# this close to it (a gallery or a box interrupting the article); far away it is a teaser list.
EXTRA_REGION_SHARE = 0.5
EXTRA_REGION_MIN = 25
EXTRA_REGION_GAP = 12
# A teaser block ends at a line this long: that is prose again.
TEASER_END_WORDS = 35

# Learned chrome is ignored in a file where it would take more than this share of the prose.
LEARNED_PROSE_SHARE = 0.5
# Lines longer than this are prose as far as the line rules go (all of them cap the length).
LONG_LINE_CHARS = 240
# A scrape is read up to this many lines (the rest is cut, with a problem): cleaning is linear,
# about 45 µs a line, but 22 MB of 200,000 paragraphs is no article anyone reads in a reader,
# and every later step (entities, the reader's layout) pays for it again.
MAX_SCRAPE_LINES = 50_000
_DIGIT = re.compile(r"\d")
_URL_LINE = re.compile(r"^https?://\S+$")
_WS = re.compile(r"\s+")


@dataclass(slots=True)
class _Line:
    text: str
    # text|chrome|byline|byword|date|credit|topics|teaser|comments|time|url|banner|boiler
    kind: str = "text"
    words: int = 0
    sentence: bool = False
    name: str = ""  # the author for bylines, the date for date lines
    learned: bool = False  # recurs across this source's files: chrome, though shaped as text


@dataclass(slots=True)
class _Scan:
    lines: list[_Line] = field(default_factory=list)
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


def _label(raw: list[str], is_learned_chrome: ChromeTest | None) -> _Scan:
    scan = _Scan()
    if raw:
        header = rules.header_date(raw[0])
        if header:
            scan.date = header[0]
            raw = ([header[1]] if header[1] else []) + raw[1:]
    topic_run = False
    previous = ""
    for text in raw:
        line = _Line(text, words=rules.word_count(text), sentence=rules.ends_sentence(text))
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
        elif name := rules.byline(text):
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
        elif line.words >= 6 and rules.is_boilerplate(text):
            line.kind = "boiler"
        if line.kind == "text" and is_learned_chrome is not None and is_learned_chrome(text):
            line.learned = True
    _distrust_learned_prose(scan.lines)
    return scan


def _distrust_learned_prose(lines: list[_Line]) -> None:
    """When most of a file's prose recurs in other files, the file is a copy of an article
    kept twice, not a page of chrome: what recurs is the article itself (headline and
    subheadings too), so the file is cleaned by the line rules alone."""
    prose = [ln for ln in lines if ln.kind == "text" and ln.sentence and ln.words >= 8]
    total = sum(ln.words for ln in prose)
    learned = sum(ln.words for ln in prose if ln.learned)
    if total and learned > LEARNED_PROSE_SHARE * total:
        for line in lines:
            line.learned = False


def _prose_score(line: _Line) -> float:
    if line.kind == "url":
        return 0.0
    if line.kind != "text" or line.learned:
        return -FURNITURE_PENALTY
    if (line.sentence and line.words >= 5) or line.words > 25:
        return line.words - PROSE_BIAS
    if line.words >= 3 and rules.is_list_item(line.text):
        return LIST_ITEM_SCORE
    return -SHORT_PENALTY


def _best_regions(scores: list[float]) -> list[tuple[int, int]]:
    """Stretches [start, end) of positive total: the best, plus any nearly as strong."""
    segments: list[tuple[float, int, int]] = []
    total, start = 0.0, 0
    best_here: tuple[float, int, int] | None = None
    for i, score in enumerate(scores):
        if total <= 0:
            if best_here is not None:
                segments.append(best_here)
                best_here = None
            total, start = 0.0, i
        total += score
        if total > 0 and (best_here is None or total > best_here[0]):
            best_here = (total, start, i + 1)
    if best_here is not None:
        segments.append(best_here)
    if not segments:
        return []
    best_score, best_start, best_end = max(segments)
    keep = max(EXTRA_REGION_MIN, EXTRA_REGION_SHARE * best_score)
    return [
        (start, end)
        for score, start, end in segments
        if (start, end) == (best_start, best_end)
        or (score >= keep and _near((start, end), (best_start, best_end)))
    ]


def _near(region: tuple[int, int], other: tuple[int, int]) -> bool:
    gap = max(other[0] - region[1], region[0] - other[1])
    return gap <= EXTRA_REGION_GAP


def _teaser_spans(scan: _Scan, body_start: int) -> list[tuple[int, int]]:
    """Blocks opened by a teaser header after the body started: [header, end)."""
    spans: list[tuple[int, int]] = []
    lines = scan.lines
    i = 0
    while i < len(lines):
        if lines[i].kind == "teaser" and i > body_start:
            end = i + 1
            while end < len(lines) and lines[end].kind not in ("teaser", "comments"):
                if lines[end].kind == "text" and lines[end].words >= TEASER_END_WORDS:
                    break
                end += 1
            spans.append((i, end))
            i = end
        else:
            i += 1
    return spans


def _is_kicker(line: _Line, following: _Line | None) -> bool:
    if line.words > 4 or line.sentence or following is None:
        return False
    first = line.text[0]
    return first.islower() or line.text.isupper() or following.words > line.words + 2


def _teasers(lines: list[_Line]) -> list[Related]:
    """Related stories from a teaser block: kicker, headline and summary per story."""
    items = [ln for ln in lines if ln.kind in ("text", "time", "date", "byline")]
    groups: list[list[_Line]] = []
    if any(ln.kind == "time" for ln in items):
        current: list[_Line] = []
        for ln in items:
            if ln.kind == "time":
                if current:
                    groups.append(current)
                current = []
            elif ln.kind == "text":
                current.append(ln)
        if current:
            groups.append(current)
    else:
        texts = [ln for ln in items if ln.kind == "text"]
        pending: list[_Line] = []
        for index, ln in enumerate(texts):
            following = texts[index + 1] if index + 1 < len(texts) else None
            if ln.sentence and groups and not pending:
                groups[-1].append(ln)
            elif _is_kicker(ln, following) and following is not None and not following.sentence:
                pending = [ln]
            else:
                groups.append([*pending, ln])
                pending = []
    related: list[Related] = []
    for group in groups:
        kicker = ""
        if len(group) >= 2 and _is_kicker(group[0], group[1]):
            kicker = group[0].text
            group = group[1:]
        title = group[0].text
        summary = " ".join(ln.text for ln in group[1:])
        related.append(Related(title=title, summary=summary, kicker=kicker))
    return related


def _title_score(line: _Line, index: int, scan: _Scan, body_start: int) -> float:
    if line.kind != "text" or line.learned or line.words < 2 or line.words > 30:
        return -1.0
    if line.text.endswith(".") and not line.text.endswith("..."):
        return -1.0
    score = min(line.words, 12) / 12
    words = line.text.split()
    capitals = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    score += capitals / len(words)
    nearby = scan.lines[index + 1 : index + 4]
    if any(n.kind in ("byline", "byword", "date", "credit") for n in nearby):
        score += 1.0
    if line.words <= 2:
        score -= 1.0
    # Closer to the body is likelier the headline than a section name far above it.
    score -= 0.02 * max(0, body_start - index)
    return score


def clean_scrape(
    text: str,
    *,
    is_learned_chrome: ChromeTest | None = None,
    fallback_title: str = "",
    split: list[str] | None = None,
) -> Article:
    """Turn a text scrape into an article: metadata, body blocks, topics, related stories.

    ``split`` is ``split_lines(text)`` when the caller has it already."""
    raw = split_lines(text) if split is None else split
    problems: list[str] = []
    if len(raw) > MAX_SCRAPE_LINES:
        problems.append(f"text cut to its first {MAX_SCRAPE_LINES:,} of {len(raw):,} lines")
        raw = raw[:MAX_SCRAPE_LINES]
    scan = _label(raw, is_learned_chrome)
    lines = scan.lines

    first_prose = next(
        (i for i, ln in enumerate(lines) if ln.kind == "text" and ln.sentence and ln.words >= 15),
        len(lines),
    )
    excluded = [False] * len(lines)
    comments = next(
        (i for i, ln in enumerate(lines) if ln.kind == "comments" and i > first_prose), len(lines)
    )
    for i in range(comments, len(lines)):
        excluded[i] = True
    for start, end in _teaser_spans(scan, first_prose):
        scan.related.extend(_teasers(lines[start + 1 : end]))
        for i in range(start, end):
            excluded[i] = True

    scores = [-SHORT_PENALTY if excluded[i] else _prose_score(ln) for i, ln in enumerate(lines)]
    regions = _best_regions(scores)
    body_start = regions[0][0] if regions else len(lines)

    title_index = -1
    best = 0.0
    for i in range(body_start):
        if excluded[i]:
            continue
        score = _title_score(lines[i], i, scan, body_start)
        if score > best:
            best, title_index = score, i
    title = lines[title_index].text if title_index >= 0 else ""

    byline = ""
    caption = ""
    date = scan.date
    stamped = ""
    header_end = body_start + 3
    for i, ln in enumerate(lines[:header_end]):
        if excluded[i]:
            continue
        if not byline and ln.kind == "byline":
            byline = ln.name
        elif not byline and ln.kind == "byword" and i + 1 < len(lines):
            byline = rules.clean_byline_name(lines[i + 1].text)
            if lines[i + 1].kind == "text":
                lines[i + 1].kind = "byline"
        elif not date and ln.kind == "date":
            date = ln.name
        elif not caption and ln.kind == "credit":
            caption = rules.strip_credit_label(ln.text)
        elif not stamped and ln.kind == "chrome" and ln.words <= 14:
            # "Posted on 12 March 2021", "Updated: ...": a date, when no better one is found.
            stamped = find_date(ln.text)

    blocks: list[Block] = []
    seen: set[str] = set()
    for start, end in regions:
        for i in range(start, end):
            ln = lines[i]
            if ln.kind != "text" or ln.learned or excluded[i] or i == title_index:
                continue
            if ln.text in seen:
                continue
            seen.add(ln.text)
            if rules.is_list_item(ln.text):
                blocks.append(Block("list_item", rules.strip_list_marker(ln.text), level=1))
            elif not ln.sentence and ln.words <= 15:
                blocks.append(Block("heading", ln.text, level=2))
            else:
                blocks.append(Block("paragraph", ln.text))
    # A heading cannot close the body: it belonged to what came after.
    while blocks and blocks[-1].kind == "heading":
        blocks.pop()
    if not blocks:
        problems.append("no body text found")
    date = date or stamped
    if not title:
        title = fallback_title or (blocks[0].text[:80] if blocks else "")
    return Article(
        title=title,
        blocks=blocks,
        byline=byline,
        date=date,
        source=scan.source or site_name(raw),
        url=scan.url,
        topics=_unique(scan.topics),
        related=scan.related,
        caption=caption,
        problems=problems,
    )


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        key = item.casefold()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
