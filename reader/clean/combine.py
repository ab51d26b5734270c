"""Two readings of a saved page reconciled into one body.

The main-content extractor and the page read as a text scrape are independent views of the
article: where one stops short or runs on into teasers, the other says so (see :func:`combine`).
"""

from __future__ import annotations

from reader.clean import words
from reader.clean.tuning import PAGE, PageTuning
from reader.model import Block


def _continuation(scraped: list[Block], extracted_shingles: words.Shingles) -> list[Block]:
    """The scrape body, up to the first heading past the extractor's last block: beyond it
    come teasers (a headline and its summary), not more of the article."""
    last_shared = max(
        (
            i
            for i, b in enumerate(scraped)
            if words.agrees(words.shingles(b.text), extracted_shingles)
        ),
        default=-1,
    )
    for index in range(last_shared + 1, len(scraped)):
        if scraped[index].kind == "heading":
            return scraped[:index]
    return scraped


def combine(
    extracted: list[Block], scraped: list[Block], tuning: PageTuning = PAGE
) -> list[Block]:
    """Reconcile the extractor's body with the page read as a text scrape.

    Two independent views of the article: where the extractor's text lies almost wholly inside
    a much longer scrape body, the extractor stopped short (an article split by an ad or a box)
    and the scrape is taken; otherwise blocks at the edges of the extractor's body that the
    scrape does not have (standfirsts, teaser lists, promos) are trimmed.
    """
    scraped_words = words.block_words(scraped)
    extracted_words = words.block_words(extracted)
    if scraped_words < tuning.min_body_words or not extracted:
        return extracted
    scraped_shingles = words.all_shingles(scraped)
    extracted_shingles = words.all_shingles(extracted)
    inside = len(extracted_shingles & scraped_shingles) / max(1, len(extracted_shingles))
    longer = scraped_words >= tuning.superset_ratio * extracted_words
    if inside >= tuning.superset_inside and longer:
        return _continuation(scraped, extracted_shingles)
    agree = [words.agrees(words.shingles(b.text), scraped_shingles) for b in extracted]
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
    if words.block_words(kept) < tuning.trim_keeps * extracted_words:
        return extracted  # the two disagree about the article itself: trust the extractor
    return kept


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

