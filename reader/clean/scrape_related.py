"""Related stories in a text scrape: the blocks a teaser header opens after the body started
("More from ...", "Related"), read as kicker, headline and summary per story."""

from __future__ import annotations

from reader.clean.scrape_lines import Line, Scan
from reader.clean.tuning import ScrapeTuning
from reader.model import Related


def teaser_spans(scan: Scan, body_start: int, tuning: ScrapeTuning) -> list[tuple[int, int]]:
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


def _is_kicker(line: Line, following: Line | None) -> bool:
    if line.words > 4 or line.sentence or following is None:
        return False
    first = line.text[0]
    return first.islower() or line.text.isupper() or following.words > line.words + 2


def teasers(lines: list[Line]) -> list[Related]:
    """Related stories from a teaser block: kicker, headline and summary per story."""
    items = [ln for ln in lines if ln.kind in ("text", "time", "date", "byline")]
    groups: list[list[Line]] = []
    if any(ln.kind == "time" for ln in items):
        current: list[Line] = []
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
        pending: list[Line] = []
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
