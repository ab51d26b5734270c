"""Which labelled lines of a text scrape are the article's body: the densest run of prose (long
sentence-like lines score positive, short unpunctuated lines and furniture negative) with any
other strong run near it and the short sentences that close it; or, for a short file with no
sign of a web page, every line (a note of the reader's own)."""

from __future__ import annotations

from reader.clean import lines as rules
from reader.clean.scrape_lines import Line
from reader.clean.tuning import ScrapeTuning


def prose_score(line: Line, tuning: ScrapeTuning) -> float:
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


def best_regions(scores: list[float], tuning: ScrapeTuning) -> list[tuple[int, int]]:
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


def is_plain(lines: list[Line]) -> bool:
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
        ln.words > 2 or ln.sentence or heads_paragraph(lines, index)
        for index, ln in enumerate(lines) if index
    )  # fmt: skip


# A text without any sign of a web page is kept whole when it has at most this many lines.
_PLAIN_LINES = 40


def heads_paragraph(lines: list[Line], index: int) -> bool:
    """In a plain text, a short line is a heading only above a paragraph of some length."""
    following = lines[index + 1] if index + 1 < len(lines) else None
    return following is not None and following.kind == "text" and following.words >= 15


def with_closing_lines(
    regions: list[tuple[int, int]], lines: list[Line], excluded: list[bool]
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
