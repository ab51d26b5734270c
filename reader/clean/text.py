"""Cleaning text scrapes: a page's visible text, one block a line, site chrome left in.

The cleaner labels each line (chrome, byline, date, photo credit, topic line, teaser header,
text), sets teaser blocks aside as related stories, then takes the body as the densest run of
prose: long sentence-like lines score positive, short unpunctuated lines (menus, headlines)
negative, and the best-scoring stretch (with any other strong stretch) is the article, with
the short sentences that close it. Byline, date and caption are looked for in the lines before
it; the headline is picked among them by evidence, or the article is untitled. A short file
with no sign of a web page is a note of the reader's own: kept whole. The weights are in
:mod:`reader.clean.tuning`.

The steps live beside this module: :mod:`reader.clean.scrape_lines` splits and labels the
lines, :mod:`reader.clean.scrape_related` reads the teaser blocks,
:mod:`reader.clean.scrape_body` finds the body and :mod:`reader.clean.scrape_headline` the
headline (see :func:`reader.clean.scrape_headline.pick_title`); this module puts the article
together.
"""

from __future__ import annotations

from reader.clean import lines as rules
from reader.clean import titles
from reader.clean.dates import find_date
from reader.clean.scrape_body import (
    best_regions,
    heads_paragraph,
    is_plain,
    prose_score,
    with_closing_lines,
)
from reader.clean.scrape_headline import pick_title, plain_title
from reader.clean.scrape_lines import ChromeTest, label_lines, site_name, split_lines
from reader.clean.scrape_related import teaser_spans, teasers
from reader.clean.tuning import SCRAPE, ScrapeTuning
from reader.model import UNTITLED, Article, Block

__all__ = ["ChromeTest", "clean_scrape", "site_name", "split_lines"]

# A scrape is read up to this many lines (the rest is cut, with a problem): cleaning is linear,
# about 45 µs a line, but 22 MB of 200,000 paragraphs is no article anyone reads in a reader,
# and every later step (entities, the reader's layout) pays for it again.
MAX_SCRAPE_LINES = 50_000


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
    scan = label_lines(raw, is_learned_chrome)
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
    for start, end in teaser_spans(scan, first_prose, tuning):
        scan.related.extend(teasers(lines[start + 1 : end]))
        for i in range(start, end):
            excluded[i] = True

    scores = [
        -tuning.short_penalty if excluded[i] else prose_score(ln, tuning)
        for i, ln in enumerate(lines)
    ]
    site = scan.source or site_name(raw)
    plain = not page and is_plain(lines)
    if plain:
        # Nothing in the file is chrome: it is a note or a text of the reader's own, kept whole
        # however short its lines; the first line is its title when it reads as one.
        title_index, title = plain_title(lines, site)
        regions = [(0, len(lines))]
    else:
        regions = with_closing_lines(best_regions(scores, tuning), lines, excluded)
        title_index, title = pick_title(scan, excluded, regions, tuning, site)
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
            elif not ln.sentence and ln.words <= 15 and (not plain or heads_paragraph(lines, i)):
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
