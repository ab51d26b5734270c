"""The headline of a text scrape: looked for among the lines nearest the body (and the body's
first lines), each candidate scored by evidence (length and case, a byline or date by it, its
place, agreement with the page's address and the body's opening, being repeated); or the
article is untitled. The weights are in :mod:`reader.clean.tuning`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from operator import attrgetter

from reader.clean import lines as rules
from reader.clean import titles
from reader.clean.dates import find_date
from reader.clean.scrape_lines import Line, Scan
from reader.clean.tuning import ScrapeTuning

# Kinds of line that stand by a headline: its byline, its date, its picture's credit.
_HEADER_KINDS = frozenset({"byline", "byword", "date", "credit", "time"})
# "Published: ...", "Updated 10:31": a date stamp, whatever follows.
_STAMP = re.compile(r"^(?:published|updated|posted|last\s+updated|first\s+published)\b", re.I)
# Words of the body's opening the headline is compared with, and the shortest word compared.
_LEAD_WORDS = 300
_CONTENT_WORD = re.compile(r"[^\W\d_]{3,}")


def _title_candidate(line: Line, site: str) -> str:
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


def _stands_by(line: Line) -> bool:
    """A line that stands by a headline: a byline, a date (also "Updated: <date>"), a credit."""
    if line.kind in _HEADER_KINDS:
        return True
    return line.kind == "chrome" and line.words <= 14 and bool(find_date(line.text))


def _dated_under(lines: list[Line], index: int, span: int) -> bool:
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

    lines: list[Line]
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
    text: str, index: int, lines: list[Line], between: int, first: bool, listing: bool,
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


def plain_title(lines: list[Line], site: str) -> tuple[int, str]:
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


def pick_title(
    scan: Scan, excluded: list[bool], regions: list[tuple[int, int]], tuning: ScrapeTuning,
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


def _title_evidence(scan: Scan) -> _TitleEvidence:
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
