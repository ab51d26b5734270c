"""What a main-content extractor lets through, taken out again.

Extracted bodies (and feed entries) still hold share lines, "Read more" teasers, reading times,
the headline and standfirst repeated, a byline, a photo credit, newsletter pitches: the
text-scrape line rules (:mod:`reader.clean.lines`) recognise them block by block. Teasers and
topic lines are kept apart as related stories and topics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.clean import lines as rules
from reader.clean import words
from reader.clean.fragment import with_text
from reader.model import Block, Related

# Below this many words the main-content extractor is taken to have missed the article (and a
# teaser header this early is not yet the end of the article).
MIN_BODY_WORDS = 60
# WordPress shortcodes ("[caption id=...]") left in the text by some exporters.
_SHORTCODE = re.compile(r"\[/?[a-z_]+(?:\s[^\]]{0,300})?\]")


@dataclass(slots=True)
class Leftovers:
    """A body cleaned of leftovers, and what was taken out of it that belongs elsewhere."""

    blocks: list[Block]
    topics: list[str] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    byline: str = ""
    caption: str = ""


def clean_leftovers(blocks: list[Block], title: str, description: str = "") -> Leftovers:
    """Drop what the extractor let through: chrome lines, the headline and standfirst again,
    share and newsletter lines, and everything after a "You may also like" header."""
    out = Leftovers([])
    title_key = words.key(title)
    description_key = words.key(description)
    previous = ""
    for index, block in enumerate(blocks):
        text = _SHORTCODE.sub("", block.text).strip()
        block = with_text(block, text)
        key = words.key(text)
        if not key or text == previous:
            continue
        previous = text
        short = len(text) <= 160
        if index < 5 and key == title_key:
            continue
        if index < 5 and block.kind == "heading" and description_key and key == description_key:
            continue  # the standfirst set as a heading; as a paragraph it is often the lead
        if (
            short
            and rules.is_teaser_header(text)
            and words.block_words(out.blocks) >= MIN_BODY_WORDS
        ):
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
        count = len(words.tokens(block.text))
        if count > 30:
            break
        if count >= 3 and not rules.ends_sentence(block.text):
            run.append(block)
    return run

