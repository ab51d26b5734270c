"""Articles to styled, wrapped lines. Untrusted text only ever goes in through ``Text.append``.

The article view renders a header (title, byline, chips, legend) and a body (blocks with entity
highlights, then related stories and links) to lists of ``Strip`` for one width; the view caches
them so switching articles and scrolling cost a lookup.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from reader.model import ENTITY_LABELS, Block, Link, Span, block_offsets, strip_control
from reader.store import StoredArticle, normalise_tag

HIGHLIGHT_MODES: tuple[str, ...] = ("all", *ENTITY_LABELS, "none")

LABEL_NAMES = {"PERSON": "person", "ORG": "organisation", "PLACE": "place", "OTHER": "other"}

# Tag chips without a configured colour get one of these, chosen by a stable hash of the tag.
CHIP_PALETTE = (
    "#3b6ea5",
    "#8a4f9e",
    "#2e7d5b",
    "#a0522d",
    "#5a6b8c",
    "#9c3d54",
    "#4f7a28",
    "#7a5c1e",
)

WORDS_PER_MINUTE = 230


@dataclass(frozen=True, slots=True)
class ArticleStyles:
    """Rich styles resolved from the stylesheet (component classes) for the current theme."""

    base: Style
    title: Style
    meta: Style
    byline: Style
    heading: Style
    quote: Style
    quote_bar: Style
    bullet: Style
    caption: Style
    preformatted: Style
    section: Style
    related_title: Style
    related_kicker: Style
    link: Style
    inline_link: Style
    topic: Style
    rule: Style
    entities: Mapping[str, Style]


def foreground_only(style: Style) -> Style:
    """A component style without its background, so a row's own background shows through
    (partial styles would lose colours that are blended with the background, like muted text)."""
    return Style(
        color=style.color,
        bold=style.bold,
        dim=style.dim,
        italic=style.italic,
        underline=style.underline,
        strike=style.strike,
        reverse=style.reverse,
    )


def clean(text: str) -> str:
    """Text safe to draw: no escape sequences or control characters, tabs as spaces."""
    return strip_control(text).replace("\t", "    ")


def one_line(text: str) -> str:
    return " ".join(clean(text).split())


def reading_minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE))


def chip_color(tag: str, configured: Mapping[str, str]) -> str:
    if tag in configured:
        return configured[tag]
    digest = hashlib.blake2b(tag.encode("utf-8"), digest_size=2).digest()
    return CHIP_PALETTE[int.from_bytes(digest, "big") % len(CHIP_PALETTE)]


def highlighted_labels(mode: str) -> frozenset[str]:
    if mode == "all":
        return frozenset(ENTITY_LABELS)
    if mode == "none":
        return frozenset()
    return frozenset({mode})


class Renderer:
    """Turns ``Text`` into strips of exactly ``width`` cells, filled with the base style."""

    def __init__(self, console: Console, styles: ArticleStyles, width: int) -> None:
        self.console = console
        self.styles = styles
        self.width = max(10, width)
        self.strips: list[Strip] = []

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self.strips.append(Strip.blank(self.width, self.styles.base))

    def text(self, text: Text, *, indent: int = 0, prefix: Text | None = None) -> None:
        """Wrap ``text`` to the width (less ``indent``) and add its lines."""
        lead = prefix if prefix is not None else Text(" " * indent)
        room = max(4, self.width - lead.cell_len)
        lines = text.wrap(self.console, room, overflow="fold", no_wrap=False)
        continuation = Text(" " * lead.cell_len)
        for number, line in enumerate(lines):
            line.rstrip()
            self.line(Text.assemble(lead if number == 0 else continuation, line))

    def line(self, text: Text) -> None:
        """One line, cropped or padded to the width: a single ``Strip`` (they are costly)."""
        base = self.styles.base
        text.stylize_before(base)
        text.end = ""
        length = text.cell_len
        if length > self.width:
            text.truncate(self.width, overflow="crop")
            length = text.cell_len
        segments = list(text.render(self.console))
        if length < self.width:
            segments.append(Segment(" " * (self.width - length), base))
        self.strips.append(Strip(segments, self.width))

    def chips(self, chips: Sequence[tuple[str, Style]]) -> None:
        """Tag chips, a space between them, as many to a line as fit. Laid out here rather
        than wrapped: wrapping would strip the padding of the last chip on a line."""
        line = Text()
        for label, style in chips:
            chip = Text(f" {label} ", style=style)
            if line.cell_len and line.cell_len + 1 + chip.cell_len > self.width:
                self.line(line)
                line = Text()
            if line.cell_len:
                line.append(" ")
            line.append_text(chip)
        if line.cell_len:
            self.line(line)

    def verbatim(self, text: str, style: Style) -> None:
        """Preformatted lines: cropped, never wrapped."""
        for raw in text.split("\n"):
            self.line(Text(raw, style=style, no_wrap=True, overflow="crop"))


def render_header(
    stored: StoredArticle,
    renderer: Renderer,
    *,
    highlight_mode: str,
    tag_colors: Mapping[str, str],
    has_entities: bool,
    suggestions: Sequence[str] = (),
    accept_key: str = "a",
) -> list[Strip]:
    """``suggestions``: tags proposed for an untagged article, shown after its chips."""
    styles = renderer.styles
    article = stored.article
    renderer.blank()
    renderer.text(Text(one_line(article.title) or "(untitled)", style=styles.title))
    renderer.blank()

    meta = Text()
    parts: list[tuple[str, Style]] = []
    if article.byline:
        parts.append((one_line(article.byline), styles.byline))
    if article.source:
        parts.append((one_line(article.source), styles.meta))
    if article.date:
        parts.append((one_line(article.date)[:10], styles.meta))
    words = len(article.body.split())
    parts.append((f"{reading_minutes(words)} min read", styles.meta))
    if stored.starred:
        parts.append(("★ starred", styles.byline))
    for number, (part, style) in enumerate(parts):
        if number:
            meta.append(" · ", styles.meta)
        meta.append(part, style)
    renderer.text(meta)

    # The source's own topics have their line below; accepted suggestions are tags like others.
    chip_tags = [t for t in stored.tags if t.origin in ("manual", "suggestion", "rule")]
    if chip_tags:
        renderer.chips(
            [
                (one_line(t.tag), Style(color="#ffffff", bgcolor=chip_color(t.tag, tag_colors)))
                for t in chip_tags
            ]
        )
    elif suggestions:
        line = Text("Suggested: ", style=styles.meta)
        for number, suggested in enumerate(suggestions):
            if number:
                line.append("  ")
            color = chip_color(suggested, tag_colors)
            line.append(one_line(suggested), Style(color=color, italic=True))
        best = "" if len(suggestions) == 1 else " " + one_line(suggestions[0])
        line.append(f"  ({accept_key} accepts{best})", styles.meta)
        renderer.text(line)
    # A site topic the reader removed is gone from the header too, as from the tags.
    removed = set(stored.removed_tags)
    shown_topics = [t for t in article.topics if normalise_tag(t) not in removed]
    if shown_topics:
        topics = Text("Topics: ", style=styles.meta)
        topics.append(", ".join(one_line(t) for t in shown_topics), styles.topic)
        renderer.text(topics)
    if has_entities:
        renderer.text(legend(styles, highlight_mode))
    renderer.line(Text("─" * renderer.width, style=styles.rule))
    renderer.blank()
    return renderer.strips


def legend(styles: ArticleStyles, highlight_mode: str) -> Text:
    shown = highlighted_labels(highlight_mode)
    text = Text()
    for label in ENTITY_LABELS:
        style = styles.entities[label] if label in shown else styles.meta
        text.append(LABEL_NAMES[label], style)
        text.append("  ")
    text.append(f"highlights: {highlight_mode.lower()} (e)", styles.meta)
    return text


def body_steps(
    stored: StoredArticle,
    renderer: Renderer,
    *,
    highlight_mode: str,
) -> Iterator[int]:
    """Render the body into ``renderer`` a block at a time, yielding the characters still to
    render, so the first screenful can be shown before the rest of a long article is drawn."""
    styles = renderer.styles
    article = stored.article
    shown = highlighted_labels(highlight_mode)
    spans = [s for s in stored.spans if s.label in shown]
    blocks = article.blocks
    offsets = block_offsets(blocks)
    remaining = sum(len(b.text) for b in blocks)
    span_index = 0
    previous = ""
    for block, offset in zip(blocks, offsets, strict=True):
        if previous == "list_item" and block.kind != "list_item":
            renderer.blank()  # a list ends with a blank line like any other block
        previous = block.kind
        end = offset + len(block.text)
        while span_index < len(spans) and spans[span_index].end <= offset:
            span_index += 1
        mine: list[Span] = []
        scan = span_index
        while scan < len(spans) and spans[scan].start < end:
            mine.append(spans[scan])
            scan += 1
        render_block(block, offset, mine, renderer)
        remaining -= len(block.text)
        yield remaining
    if previous == "list_item":
        renderer.blank()
    if article.caption:
        renderer.text(Text(one_line(article.caption), style=styles.caption))
        renderer.blank()
    render_related(stored, renderer)


# Control characters become spaces (one for one, so entity offsets still line up).
_SPACE_CONTROLS = {
    code: " " for code in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if code != ord("\n")
}


def safe_url(url: str) -> str:
    """A link target fit for the terminal's hyperlink sequence: no controls, no spaces."""
    return "".join(one_line(url).split())


def block_text(
    block: Block, offset: int, spans: Sequence[Span], base: Style, styles: ArticleStyles
) -> Text:
    """A block's text with its links and entity mentions styled. Control characters become
    spaces so that span offsets (into the stored body) still line up.

    A link and a mention may overlap: the link's colour goes under the mention's colours and
    its underline (and the terminal hyperlink) over them, so both show."""
    raw = block.text
    text = Text(raw.translate(_SPACE_CONTROLS), style=base)
    links = [link for link in block.links if 0 <= link.start < link.end <= len(raw)]
    for link in links:
        text.stylize(styles.inline_link, link.start, link.end)
    for span in spans:
        start = max(0, span.start - offset)
        stop = min(len(raw), span.end - offset)
        if stop > start:
            text.stylize(styles.entities[span.label], start, stop)
    for link in links:
        url = safe_url(link.url)
        text.stylize(Style(underline=True, link=url or None), link.start, link.end)
    return text


def render_block(block: Block, offset: int, spans: Sequence[Span], renderer: Renderer) -> None:
    styles = renderer.styles
    kind = block.kind
    if kind == "preformatted":
        renderer.verbatim(clean(block.text), styles.preformatted)
        renderer.blank()
        return
    if kind == "heading":
        renderer.text(block_text(block, offset, spans, styles.heading, styles))
        renderer.blank()
        return
    if kind == "quote":
        bar = Text("│ ", style=styles.quote_bar)
        renderer.text(block_text(block, offset, spans, styles.quote, styles), prefix=bar)
        renderer.blank()
        return
    if kind == "list_item":
        depth = max(0, block.level - 1) if block.level else 0
        bullet = Text("  " * depth + "• ", style=styles.bullet)
        renderer.text(block_text(block, offset, spans, Style(), styles), prefix=bullet)
        return
    if kind == "caption":
        renderer.text(block_text(block, offset, spans, styles.caption, styles))
        renderer.blank()
        return
    renderer.text(block_text(block, offset, spans, Style(), styles))
    renderer.blank()


def render_related(stored: StoredArticle, renderer: Renderer) -> None:
    styles = renderer.styles
    article = stored.article
    if article.related:
        renderer.line(Text("─" * renderer.width, style=styles.rule))
        renderer.text(Text("Related", style=styles.section))
        renderer.blank()
        for related in article.related:
            if related.kicker:
                renderer.text(Text(one_line(related.kicker).upper(), style=styles.related_kicker))
            renderer.text(Text(one_line(related.title), style=styles.related_title))
            if related.summary:
                renderer.text(Text(one_line(related.summary)))
            if related.url:
                renderer.text(Text(one_line(related.url), style=styles.link))
            renderer.blank()
    links = body_links(article.url, article.blocks)
    if links:
        renderer.line(Text("─" * renderer.width, style=styles.rule))
        renderer.text(Text("Links", style=styles.section))
        renderer.blank()
        for label, url in links:
            line = Text(label, style=styles.meta if label == "Source" else Style())
            line.append(" → ", styles.meta)
            line.append(url, styles.link)
            renderer.text(line)
        renderer.blank()


def body_links(url: str, blocks: Sequence[Block]) -> list[tuple[str, str]]:
    """The article's own address ("Source"), then the body's links in reading order as
    (linked text, address), each address once: inline links by their text, links a whole
    block stands for (a linked image's caption) by the block's text."""
    found: list[tuple[str, str]] = []
    if url:
        found.append(("Source", one_line(url)))
    seen = {one_line(url)} if url else set()

    def add(label: str, href: str) -> None:
        address = one_line(href)
        if address and address not in seen:
            seen.add(address)
            found.append((one_line(label) or address, address))

    for block in blocks:
        if block.href:
            caption = one_line(block.text)
            add(caption if len(caption) <= 60 else caption[:59] + "…", block.href)
        for link in sorted(block.links, key=_link_start):
            add(block.text[link.start : link.end], link.url)
    return found


def _link_start(link: Link) -> int:
    return link.start
