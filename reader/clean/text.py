"""Cleaning text scrapes: a page's visible text, one block a line, site chrome left in.

The cleaner labels each line (chrome, byline, date, photo credit, topic line, teaser header,
text), sets teaser blocks aside as related stories, then takes the body as the densest run of
prose: long sentence-like lines score positive, short unpunctuated lines (menus, headlines)
negative, and the best-scoring stretch (with any other strong stretch) is the article, with
the short sentences that close it. Byline, date and caption are looked for in the lines before
it; the headline is picked among them by evidence (see :func:`_pick_title`), or the article is
untitled. A short file with no sign of a web page is a note of the reader's own: kept whole.
The weights are in :mod:`reader.clean.tuning`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from urllib.parse import urlsplit

from reader.clean import lines as rules
from reader.clean import titles
from reader.clean.dates import find_date
from reader.clean.tuning import SCRAPE, ScrapeTuning
from reader.model import UNTITLED, Article, Block, Related

ChromeTest = Callable[[str], bool]

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


def _prose_score(line: _Line, tuning: ScrapeTuning) -> float:
    """What a line adds to the stretch of prose around it."""
    if line.kind == "url":
        return 0.0
    if line.kind != "text" or line.learned:
        return -tuning.furniture_penalty
    if (line.sentence and line.words >= 5) or line.words > 25:
        return line.words - tuning.prose_bias
    if line.words >= 3 and rules.is_list_item(line.text):
        return tuning.list_item_score
    return -tuning.short_penalty


def _best_regions(scores: list[float], tuning: ScrapeTuning) -> list[tuple[int, int]]:
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
    keep = max(tuning.extra_region_min, tuning.extra_region_share * best_score)
    return [
        (start, end)
        for score, start, end in segments
        if (start, end) == (best_start, best_end)
        or (score >= keep and _gap((start, end), (best_start, best_end)) <= tuning.extra_region_gap)
    ]


def _gap(region: tuple[int, int], other: tuple[int, int]) -> int:
    return max(other[0] - region[1], region[0] - other[1])


def _teaser_spans(scan: _Scan, body_start: int, tuning: ScrapeTuning) -> list[tuple[int, int]]:
    """Blocks opened by a teaser header after the body started: [header, end)."""
    spans: list[tuple[int, int]] = []
    lines = scan.lines
    i = 0
    while i < len(lines):
        if lines[i].kind == "teaser" and i > body_start:
            end = i + 1
            while end < len(lines) and lines[end].kind not in ("teaser", "comments"):
                if lines[end].kind == "text" and lines[end].words >= tuning.teaser_end_words:
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


# Kinds of line that stand by a headline: its byline, its date, its picture's credit.
_HEADER_KINDS = frozenset({"byline", "byword", "date", "credit", "time"})
# "Published: ...", "Updated 10:31": a date stamp, whatever follows.
_STAMP = re.compile(r"^(?:published|updated|posted|last\s+updated|first\s+published)\b", re.I)
# Words of the body's opening the headline is compared with, and the shortest word compared.
_LEAD_WORDS = 300
_CONTENT_WORD = re.compile(r"[^\W\d_]{3,}")


def _title_candidate(line: _Line, site: str) -> str:
    """The headline a line can be, or "" when it cannot be one: chrome, a credit or agency
    line, a breadcrumb or menu glued into one line, the site's name, a sentence that ends in a
    comma, a colon or a semicolon. A glued breadcrumb in front and the site's name after a
    separator are cut off."""
    if line.kind != "text" or line.learned or line.words > 30:
        return ""
    text = line.text
    if text[-1] in ",:;" or _STAMP.match(text):
        return ""
    text, glued = titles.unglued(text)
    if glued >= 2 or not titles.opens_like_a_headline(text):
        return ""
    text = titles.strip_site(text, site)
    if not titles.usable(text, chrome_checked=text == line.text):
        return ""
    if titles.is_credit_or_agency(text) or rules.is_boilerplate(text):
        return ""
    if site and text.casefold() == site.casefold():
        return ""
    return text


def _stands_by(line: _Line) -> bool:
    """A line that stands by a headline: a byline, a date (also "Updated: <date>"), a credit."""
    if line.kind in _HEADER_KINDS:
        return True
    return line.kind == "chrome" and line.words <= 14 and bool(find_date(line.text))


def _dated_under(lines: list[_Line], index: int, span: int) -> bool:
    """Whether a byline or a date follows the line within ``span`` lines."""
    following = lines[index + 1 : index + 1 + span]
    return any(ln.kind in ("byline", "byword", "date", "time") for ln in following)


def _content_words(text: str) -> set[str]:
    """Words of three letters or more, casefolded; Chinese and Japanese by pairs of letters."""
    found = set(_CONTENT_WORD.findall(text.casefold()))
    if not text.isascii() and rules.has_cjk(text):
        found = {w for w in found if not rules.has_cjk(w)}
        for run in rules.cjk_runs(text):
            found.update(run[i : i + 2] for i in range(len(run) - 1))
    return found


@dataclass(slots=True)
class _TitleEvidence:
    """What the file says about its own headline, gathered once for all candidates."""

    lines: list[_Line]
    slug: frozenset[str]
    texts: list[str]  # every line's text, to count how often a candidate occurs
    _stands: dict[int, bool] = field(default_factory=dict)

    def stands_by(self, start: int, end: int) -> bool:
        """Whether a line in [start, end) stands by a headline (each line judged once)."""
        for index in range(start, min(end, len(self.lines))):
            found = self._stands.get(index)
            if found is None:
                found = self._stands[index] = _stands_by(self.lines[index])
            if found:
                return True
        return False


def _title_score(
    text: str, index: int, lines: list[_Line], between: int, first: bool, listing: bool,
    evidence: _TitleEvidence, tuning: ScrapeTuning,
) -> float:
    """How much a candidate line looks like the file's headline, by evidence: its length and
    case, the byline or date by it (unless every line around has one: a teaser list), being
    the first candidate, the candidates between it and the body, agreement with the file's
    address, and being repeated in the file."""
    words = text.split()
    count = len(words) if text.isascii() else rules.word_count(text)
    score = min(count, 12) / 12
    # Title case counts for a headline; scripts without case (Chinese, Korean) count as capitals.
    capitals = sum(1 for w in words if w[:1].isupper() or w[:1].lower() == w[:1].upper())
    score += capitals / len(words)
    if not listing:
        if evidence.stands_by(index + 1, index + 1 + tuning.title_meta_lines):
            score += tuning.title_meta_bonus
        elif evidence.stands_by(max(0, index - 2), index):
            score += tuning.title_meta_bonus / 2
    if first:
        score += tuning.title_first_bonus
    if count <= 2:
        score -= 1.0
    if count > tuning.title_long_words:
        score -= 1.0
    if text.isupper() and count > 1:
        score -= tuning.title_caps_penalty  # menus and widget labels shout; headlines rarely
    if text.endswith(".") and not text.endswith("..."):
        score -= tuning.title_period_penalty
    score += tuning.title_slug_weight * titles.slug_agreement(text, evidence.slug)
    if count >= 4 and evidence.texts.count(lines[index].text) > 1:
        score += tuning.title_repeat_bonus
    # Closer to the body is likelier the headline than a section name far above it.
    score -= tuning.title_position_decay * between
    return score


def _lead_agreement(text: str, lead: str) -> float:
    """The share of a line's words (of four letters or more; Chinese and Japanese by letter
    pairs) found in the body's opening, ``lead``, casefolded."""
    own = _content_words(text)
    own = {word for word in own if len(word) >= 4 or rules.has_cjk(word)}
    if not own:
        return 0.0
    return sum(word in lead for word in own) / len(own)


def _is_plain(lines: list[_Line]) -> bool:
    """A short file without any sign of a web page: every line is text (no chrome by the rules,
    none learned as the site's, no byline, date or credit) and none but the first is a lone
    word or two (a menu entry, a share button) unless it heads a paragraph. A note of the
    reader's own; a scrape in a language the rules do not read still shows its menus as short
    lines, or its dates."""
    if not 0 < len(lines) <= _PLAIN_LINES:
        return False
    if any(ln.kind != "text" or ln.learned for ln in lines):
        return False
    return all(
        ln.words > 2 or ln.sentence or _heads_paragraph(lines, index)
        for index, ln in enumerate(lines) if index
    )  # fmt: skip


# A text without any sign of a web page is kept whole when it has at most this many lines.
_PLAIN_LINES = 40


def _plain_title(lines: list[_Line], site: str) -> tuple[int, str]:
    """A plain text's title: the longest text line before its first sentence (a kicker may
    come before it, a section name after it), when it reads as a headline and text is left
    for the body."""
    text_lines = [i for i, ln in enumerate(lines) if ln.kind == "text"]
    if len(text_lines) < 2:
        return -1, ""
    leading = []
    for index in text_lines:
        line = lines[index]
        if line.sentence or line.words > 20:
            break
        leading.append(index)
    if not leading or leading[-1] == text_lines[-1]:
        return -1, ""
    # The longest of them: a kicker or a section name above the headline is shorter.
    index = max(leading, key=lambda i: (lines[i].words, -i))
    title = _title_candidate(lines[index], site)
    return (index, title) if title else (-1, "")


def _heads_paragraph(lines: list[_Line], index: int) -> bool:
    """In a plain text, a short line is a heading only above a paragraph of some length."""
    following = lines[index + 1] if index + 1 < len(lines) else None
    return following is not None and following.kind == "text" and following.words >= 15


def _with_closing_lines(
    regions: list[tuple[int, int]], lines: list[_Line], excluded: list[bool]
) -> list[tuple[int, int]]:
    """The body's last stretch with the short sentences that close it ("See you there.",
    "More soon."): prose too short to score, after prose, before any furniture."""
    if not regions:
        return regions
    start, end = regions[-1]
    while end < len(lines) and end - regions[-1][1] < _CLOSING_LINES:
        line = lines[end]
        if excluded[end] or line.kind != "text" or line.learned or not line.sentence:
            break
        end += 1
    return [*regions[:-1], (start, end)]


# How many short sentences may close the body after its last scoring line.
_CLOSING_LINES = 3


def _pick_title(
    scan: _Scan, excluded: list[bool], regions: list[tuple[int, int]], tuning: ScrapeTuning,
    site: str,
) -> tuple[int, str]:
    """The headline among the lines before the body: (its index, its text), or (-1, "").

    The candidates are the text lines nearest the body that can be a headline at all (never a
    line learned as the site's chrome, see :func:`_title_candidate`); each is scored by
    :func:`_title_score` and by its words found in the body's opening. Measured on the
    extraction benchmark: right for 39 of the 43 scrapes that hold their headline, also when
    the weights are refitted without the scrape's site; 4 of the 7 others come out untitled."""
    lines = scan.lines
    body_start = regions[0][0] if regions else len(lines)
    evidence = _title_evidence(scan)
    candidates: list[tuple[int, str]] = []
    # A headline ending in "?" or "!", or in a full stop with its date or byline under it (a
    # credit under it makes it a caption), scores as prose and may open the body: the body's
    # first lines are candidates too.
    top = max(0, body_start - _TITLE_WINDOW)
    for index in range(min(body_start + _BODY_HEAD_LINES, len(lines)) - 1, top - 1, -1):
        if len(candidates) == _TITLE_CANDIDATES:
            break
        line = lines[index]
        # One word is a menu entry or a label, never the headline of a page of news.
        if excluded[index] or line.kind != "text" or line.learned or not 1 < line.words <= 30:
            continue
        if index >= body_start and (
            line.words > 25
            or (line.text.rstrip(rules.CLOSERS)[-1:] not in "?!"
            and not _dated_under(lines, index, tuning.title_meta_lines))
        ):
            continue
        if text := _title_candidate(line, site):
            candidates.append((index, text))
    if not candidates:
        return -1, ""
    candidates.reverse()
    # Candidates with a byline or date under them: many close together are a teaser list.
    dated = [
        i for i, _ in candidates if evidence.stands_by(i + 1, i + 1 + tuning.title_meta_lines)
    ]
    # The first candidate of some length: menus of one or two words come before it.
    first = next((i for i, _ in candidates if lines[i].words >= 3), -1)
    scores = [
        _title_score(text, index, lines, len(candidates) - 1 - rank, index == first,
                     sum(abs(i - index) <= _LISTING_SPAN for i in dated) > _LISTING_DATED,
                     evidence, tuning)
        for rank, (index, text) in enumerate(candidates)
    ]  # fmt: skip
    # Agreement with the body's opening is weighed last, and only for the candidates it can
    # still lift above the best (it costs more than the rest of the evidence together).
    opening: list[str] = []
    if regions:
        taken = 0
        for line in lines[regions[0][0] : regions[0][1]]:
            if taken >= _LEAD_WORDS:
                break
            if line.kind == "text":
                opening.append(line.text)
                taken += line.words
    lead = " ".join(opening).casefold()
    reach = max(scores) - tuning.title_lead_weight
    best, found = tuning.title_min_score, (-1, "")
    for (index, text), score in zip(candidates, scores, strict=True):
        if score >= reach:
            score += tuning.title_lead_weight * _lead_agreement(text, lead)
        if score > best:
            best, found = score, (index, text)
    return found


def _title_evidence(scan: _Scan) -> _TitleEvidence:
    lines = scan.lines
    texts = list(map(attrgetter("text"), lines))
    return _TitleEvidence(lines, titles.slug_words(scan.url) if scan.url else frozenset(), texts)


# Lines at the top of the body that may still be the headline, and how far above the body a
# headline is looked for (past that are menus; the farthest in the benchmark is 33 lines).
_BODY_HEAD_LINES = 2
_TITLE_WINDOW = 40
# The candidates nearest the body that are weighed (farther ones lose to nearer ones anyway).
_TITLE_CANDIDATES = 12
# A candidate is in a teaser list when more than this many candidates within this many lines
# of it have a byline or date under them.
_LISTING_DATED = 2
_LISTING_SPAN = 12


def clean_scrape(
    text: str,
    *,
    is_learned_chrome: ChromeTest | None = None,
    split: list[str] | None = None,
    tuning: ScrapeTuning = SCRAPE,
    page: bool = False,
) -> Article:
    """Turn a text scrape into an article: metadata, body blocks, topics, related stories.

    ``split`` is ``split_lines(text)`` when the caller has it already. ``page`` says the text
    is a web page's (never a plain note to keep whole)."""
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
    for start, end in _teaser_spans(scan, first_prose, tuning):
        scan.related.extend(_teasers(lines[start + 1 : end]))
        for i in range(start, end):
            excluded[i] = True

    scores = [
        -tuning.short_penalty if excluded[i] else _prose_score(ln, tuning)
        for i, ln in enumerate(lines)
    ]
    site = scan.source or site_name(raw)
    plain = not page and _is_plain(lines)
    if plain:
        # Nothing in the file is chrome: it is a note or a text of the reader's own, kept whole
        # however short its lines; the first line is its title when it reads as one.
        title_index, title = _plain_title(lines, site)
        regions = [(0, len(lines))]
    else:
        regions = _with_closing_lines(_best_regions(scores, tuning), lines, excluded)
        title_index, title = _pick_title(scan, excluded, regions, tuning, site)
    body_start = regions[0][0] if regions else len(lines)

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
    # The headline repeated at the top of the body is not body text.
    seen: set[str] = {lines[title_index].text} if title_index >= 0 else set()
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
            elif not ln.sentence and ln.words <= 15 and (not plain or _heads_paragraph(lines, i)):
                blocks.append(Block("heading", ln.text, level=2))
            else:
                blocks.append(Block("paragraph", ln.text))
    # A heading cannot close the body: it belonged to what came after.
    while blocks and blocks[-1].kind == "heading":
        blocks.pop()
    if not blocks:
        problems.append("no body text found")
    date = date or stamped
    return Article(
        title=title or UNTITLED,
        blocks=blocks,
        byline=titles.decode_entities(byline),
        date=date,
        source=site,
        url=scan.url,
        topics=_unique([titles.decode_entities(t) for t in scan.topics]),
        related=scan.related,
        caption=titles.decode_entities(caption),
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
