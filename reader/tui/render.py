"""Articles to styled, wrapped lines. Untrusted text only ever goes in through ``Text.append``
(never as markup), and only after :mod:`reader.safety` has neutralised it: ``one_line`` and
``clean`` are ``safe_line`` and ``safe_text`` for the screen, and a body block keeps its link
and name styles through :func:`neutralised`.

The article view renders a header (title, byline, chips, suggestion, legend) and a body (blocks
with entity highlights, then related stories and links) to lists of ``Strip`` for one width; the
view caches them so switching articles and scrolling cost a lookup. ``Marks`` add what the
reader asked for on top: the filter's words, the matches of a search in the article (each
recorded with its line and columns, so the view can scroll to it and show the current one), and
numbers on the links.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Span as TextSpan
from rich.text import Text
from textual.strip import Strip

from reader.matching import spans as find_spans
from reader.model import ENTITY_LABELS, Block, Link, Span, block_offsets
from reader.safety import UNSAFE_CHARACTERS, safe_line, safe_link, safe_text, unsafe_spans
from reader.store import StoredArticle, normalise_tag

if TYPE_CHECKING:
    from reader.topics import Evidence

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
    filter_match: Style = field(default_factory=Style)  # a word the list is filtered by
    find_match: Style = field(default_factory=Style)  # a match of the search in the article
    hint: Style = field(default_factory=Style)  # a link's number


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
    """Text safe to draw that keeps its lines (``reader.safety.safe_text``), tabs as spaces."""
    return safe_text(text).replace("\t", "    ")


def one_line(text: str) -> str:
    """Text safe to draw on one line (``reader.safety.safe_line``), white space collapsed."""
    return " ".join(safe_line(text).split())


# What safe_text changes without a sequence around it: invisible and bidirectional characters
# (removed), controls and lone carriage returns (made U+FFFD).
_INVISIBLE_OR_CONTROL = re.compile(f"[{UNSAFE_CHARACTERS}\r]")


class Moved(NamedTuple):
    """A run of a text that ``neutralised`` replaced: where it was and how long it is now."""

    start: int
    end: int
    length: int


def neutralised(text: Text) -> tuple[Text, list[Moved]]:
    """``text`` as ``reader.safety.safe_text`` would show it, its styles kept on what stays:
    each escape sequence or control becomes U+FFFD, invisible and bidirectional characters go.
    Returns the runs replaced, so offsets into the old text can follow (:func:`moved`)."""
    plain = text.plain
    runs = {(start, end) for start, end in unsafe_spans(plain)}
    runs.update(match.span() for match in _INVISIBLE_OR_CONTROL.finditer(plain))
    if not runs:
        return text, []
    merged: list[tuple[int, int]] = []
    for start, end in sorted(runs):
        if merged and start < merged[-1][1]:  # a control inside a sequence: the sequence's
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    cuts = sorted({offset for run in merged for offset in run})
    pieces = text.divide(cuts)
    starts = [0, *cuts]
    replaced = {start: end for start, end in merged}
    result = Text(style=text.style, end=text.end)
    moves: list[Moved] = []
    for start, piece in zip(starts, pieces, strict=True):
        if start in replaced and piece.plain:
            shown = safe_text(piece.plain)
            moves.append(Moved(start, replaced[start], len(shown)))
            if not shown:
                continue
            styles = [span.style for span in piece.spans]
            piece = Text(shown)
            piece.spans = [TextSpan(0, len(shown), style) for style in styles]
        result.append_text(piece)
    return result, moves


def moved(offset: int, moves: Sequence[Moved]) -> int:
    """Where ``offset`` of a text is after ``neutralised`` replaced ``moves`` in it."""
    shift = 0
    for start, end, length in moves:
        if end <= offset:
            shift += length - (end - start)
        elif start < offset:  # inside a replaced run: its end
            return start + shift + length
    return offset + shift


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


@dataclass(frozen=True, slots=True)
class Marks:
    """What is marked in the article beyond its names: the words of the filter (``filter``,
    a pattern of :mod:`reader.matching`), the matches of a search in it (``find``), and the
    links' numbers (``links``: address shown -> number; drawn when ``hints``)."""

    filter: re.Pattern[str] | None = None
    find: re.Pattern[str] | None = None
    hints: bool = False
    links: Mapping[str, int] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, bool]:
        """What a rendered body depends on (the numbers follow from the article)."""
        return (
            self.filter.pattern if self.filter is not None else "",
            self.find.pattern if self.find is not None else "",
            self.hints,
        )


NO_MARKS = Marks()


class Place(NamedTuple):
    """Where a search match is drawn: match ``number`` (in reading order) on ``line``, cells
    ``start`` to ``end``. A match wrapped over two lines has two places."""

    number: int
    line: int
    start: int
    end: int


class Renderer:
    """Turns ``Text`` into strips of exactly ``width`` cells, filled with the base style, and
    records where the search matches in them land (``places``)."""

    def __init__(
        self, console: Console, styles: ArticleStyles, width: int, marks: Marks = NO_MARKS
    ) -> None:
        self.console = console
        self.styles = styles
        self.width = max(10, width)
        self.marks = marks
        self.strips: list[Strip] = []
        self.places: list[Place] = []
        self.matches = 0  # search matches marked so far
        # Each match's own style object, by identity: it is how a match is found again in the
        # wrapped lines (the objects are kept so their ids stay theirs).
        self._match_styles: dict[int, tuple[int, Style]] = {}

    def mark(self, text: Text) -> Text:
        """Style the filter's words and the search's matches in ``text`` (safe text), the
        search's over the filter's over the names."""
        marks = self.marks
        if marks.filter is None and marks.find is None:
            return text
        plain = text.plain
        for start, end in find_spans(marks.filter, plain):
            text.stylize(self.styles.filter_match, start, end)
        for start, end in find_spans(marks.find, plain):
            style = self.styles.find_match.copy()
            self._match_styles[id(style)] = (self.matches, style)
            self.matches += 1
            text.stylize(style, start, end)
        return text

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
        if self._match_styles:
            self._place_matches(text)
        segments = list(text.render(self.console))
        if length < self.width:
            segments.append(Segment(" " * (self.width - length), base))
        self.strips.append(Strip(segments, self.width))

    def _place_matches(self, text: Text) -> None:
        plain = text.plain
        for span in text.spans:
            found = self._match_styles.get(id(span.style))
            if found is not None and span.end > span.start:
                start = cell_len(plain[: span.start])
                end = min(self.width, start + cell_len(plain[span.start : span.end]))
                self.places.append(Place(found[0], len(self.strips), start, end))

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
        """Preformatted lines (safe text): cropped, never wrapped."""
        for raw in text.split("\n"):
            self.line(self.mark(Text(raw, style=style, no_wrap=True, overflow="crop")))


@dataclass(frozen=True, slots=True)
class HeaderKeys:
    """The keys the header names, as bound now."""

    accept: str = "a"
    explain: str = "W"
    dismiss: str = "D"
    highlights: str = "e"


@dataclass(frozen=True, slots=True)
class Explained:
    """Why the best suggestion is made, shown under it on request: ``evidence`` is None when
    the tag has no learned evidence to show."""

    tag: str
    evidence: Evidence | None


def render_header(
    stored: StoredArticle,
    renderer: Renderer,
    *,
    highlight_mode: str,
    tag_colors: Mapping[str, str],
    has_entities: bool,
    suggestions: Sequence[str] = (),
    keys: HeaderKeys = HeaderKeys(),
    explained: Explained | None = None,
) -> list[Strip]:
    """``suggestions``: tags proposed for an untagged article, shown after its chips, with
    the evidence for the best one when ``explained``."""
    styles = renderer.styles
    article = stored.article
    renderer.blank()
    title = Text(one_line(article.title) or "(untitled)", style=styles.title)
    renderer.text(renderer.mark(title))
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
        why = "hides why" if explained is not None else "why"
        line.append(
            f"  ({keys.accept} accepts{best} · {keys.explain} {why} · {keys.dismiss} dismisses)",
            styles.meta,
        )
        renderer.text(line)
        if explained is not None and explained.tag == suggestions[0]:
            render_evidence(explained, renderer)
    # A site topic the reader removed is gone from the header too, as from the tags.
    removed = set(stored.removed_tags)
    shown_topics = [t for t in article.topics if normalise_tag(t) not in removed]
    if shown_topics:
        topics = Text("Topics: ", style=styles.meta)
        topics.append(", ".join(one_line(t) for t in shown_topics), styles.topic)
        renderer.text(topics)
    if has_entities:
        renderer.text(legend(styles, highlight_mode, keys.highlights))
    renderer.line(Text("─" * renderer.width, style=styles.rule))
    renderer.blank()
    return renderer.strips


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def render_evidence(explained: Explained, renderer: Renderer) -> None:
    """The evidence for a suggested tag: how likely, learned from how many, the words and
    names that weighed most for and against, and the tagged articles most like this one."""
    styles = renderer.styles
    tag = one_line(explained.tag)
    evidence = explained.evidence
    indent = Text("  ")
    if evidence is None:
        renderer.text(Text(f"No evidence to show for {tag}: it is not learned yet.", styles.meta))
        return
    examples = evidence.examples
    line = Text(f"Why {tag}: ", style=styles.meta)
    line.append(f"{_percent(evidence.probability)} likely", styles.byline)
    line.append(
        f", learned from {examples:,} tagged article{'s' if examples != 1 else ''}", styles.meta
    )
    if evidence.rejected:
        line.append(f", dismissed for {evidence.rejected:,}", styles.meta)
    renderer.text(line)
    rows: list[tuple[str, list[str]]] = [
        ("words", [f"{one_line(w)} {_percent(v)}" for w, v in evidence.words]),
        ("names", [f"{one_line(n)} {_percent(v)}" for n, v in evidence.names]),
        ("against", [one_line(f) for f, _ in evidence.against if one_line(f)]),
        ("like", [f"{one_line(t) or i} ({s:.2f})" for i, t, s in evidence.nearest]),
    ]
    for label, items in rows:
        if items:
            row = Text(f"{label}: ", style=styles.meta)
            row.append(" · ".join(items))
            renderer.text(row, prefix=indent)


def legend(styles: ArticleStyles, highlight_mode: str, key: str = "e") -> Text:
    shown = highlighted_labels(highlight_mode)
    text = Text()
    for label in ENTITY_LABELS:
        style = styles.entities[label] if label in shown else styles.meta
        text.append(LABEL_NAMES[label], style)
        text.append("  ")
    text.append(f"highlights: {highlight_mode.lower()} ({key})", styles.meta)
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
        renderer.text(renderer.mark(Text(one_line(article.caption), style=styles.caption)))
        renderer.blank()
    render_related(stored, renderer)


def hint_label(number: int, styles: ArticleStyles) -> Text:
    """A link's number, drawn after it while the links are numbered."""
    return Text(f"[{number}]", style=styles.hint)


def block_text(
    block: Block, offset: int, spans: Sequence[Span], base: Style, renderer: Renderer
) -> Text:
    """A block's text with its links and entity mentions styled, made safe to draw, the
    filter's words and the search's matches marked, and the links' numbers when asked for.
    Styles go on before the text is made safe, while the offsets of links and names (into the
    stored text) still line up.

    A link and a mention may overlap: the link's colour goes under the mention's colours and
    its underline (and the terminal hyperlink) over them, so both show. Only web and mail
    links (``reader.safety.safe_link``) look like links and become hyperlinks."""
    styles = renderer.styles
    raw = block.text
    text = Text(raw, style=base)
    links = [
        (link, target)
        for link in block.links
        if 0 <= link.start < link.end <= len(raw)
        and (target := safe_link(link.url)) is not None
    ]
    for link, _ in links:
        text.stylize(styles.inline_link, link.start, link.end)
    for span in spans:
        start = max(0, span.start - offset)
        stop = min(len(raw), span.end - offset)
        if stop > start:
            text.stylize(styles.entities[span.label], start, stop)
    for link, target in links:
        text.stylize(Style(underline=True, link=target), link.start, link.end)
    text, moves = neutralised(text)
    renderer.mark(text)
    marks = renderer.marks
    if not marks.hints:
        return text
    labels: list[tuple[int, int]] = []  # (offset in the safe text, number)
    for link, _ in sorted(links, key=lambda pair: pair[0].end):
        number = marks.links.get(one_line(link.url))
        if number is not None:
            labels.append((moved(link.end, moves), number))
    if block.href:
        number = marks.links.get(one_line(block.href))
        if number is not None:
            labels.append((len(text), number))
    if not labels:
        return text
    pieces = text.divide([position for position, _ in labels])
    numbered = Text(style=text.style, end=text.end)
    for piece, (_, number) in zip(pieces, labels, strict=False):
        numbered.append_text(piece)
        numbered.append_text(hint_label(number, styles))
    numbered.append_text(pieces[-1])
    return numbered


def render_block(block: Block, offset: int, spans: Sequence[Span], renderer: Renderer) -> None:
    styles = renderer.styles
    kind = block.kind
    if kind == "preformatted":
        renderer.verbatim(clean(block.text), styles.preformatted)
        renderer.blank()
        return
    if kind == "heading":
        renderer.text(block_text(block, offset, spans, styles.heading, renderer))
        renderer.blank()
        return
    if kind == "quote":
        bar = Text("│ ", style=styles.quote_bar)
        renderer.text(block_text(block, offset, spans, styles.quote, renderer), prefix=bar)
        renderer.blank()
        return
    if kind == "list_item":
        depth = max(0, block.level - 1) if block.level else 0
        bullet = Text("  " * depth + "• ", style=styles.bullet)
        renderer.text(block_text(block, offset, spans, Style(), renderer), prefix=bullet)
        return
    if kind == "caption":
        renderer.text(block_text(block, offset, spans, styles.caption, renderer))
        renderer.blank()
        return
    renderer.text(block_text(block, offset, spans, Style(), renderer))
    renderer.blank()


def render_related(stored: StoredArticle, renderer: Renderer) -> None:
    styles = renderer.styles
    article = stored.article
    mark = renderer.mark
    if article.related:
        renderer.line(Text("─" * renderer.width, style=styles.rule))
        renderer.text(Text("Related", style=styles.section))
        renderer.blank()
        for related in article.related:
            if related.kicker:
                renderer.text(Text(one_line(related.kicker).upper(), style=styles.related_kicker))
            renderer.text(mark(Text(one_line(related.title), style=styles.related_title)))
            if related.summary:
                renderer.text(mark(Text(one_line(related.summary))))
            if related.url:
                renderer.text(Text(one_line(related.url), style=styles.link))
            renderer.blank()
    links = body_links(article.url, article.blocks)
    if links:
        renderer.line(Text("─" * renderer.width, style=styles.rule))
        renderer.text(Text("Links", style=styles.section))
        renderer.blank()
        hints = renderer.marks.hints
        for link in links:
            line = Text()
            if hints and link.number is not None:
                line.append_text(hint_label(link.number, styles))
                line.append(" ")
            line.append_text(
                mark(Text(link.label, style=styles.meta if link.label == "Source" else Style()))
            )
            line.append(" → ", styles.meta)
            if link.target is None:
                line.append(link.address)
                line.append(" (not a web link)", styles.meta)
            else:
                line.append(link.address, styles.link + Style(link=link.target))
            renderer.text(line)
        renderer.blank()


@dataclass(frozen=True, slots=True)
class BodyLink:
    """A link of the article as the Links list shows it: ``label`` (the linked text, or
    "Source" for the article's own address) and ``address`` are safe to draw; ``target`` is
    what may be opened (``reader.safety.safe_link``), None for anything but a web or mail
    link; ``number`` is the link's number while the links are numbered (web links only)."""

    label: str
    address: str
    target: str | None
    number: int | None


def body_links(url: str, blocks: Sequence[Block]) -> list[BodyLink]:
    """The article's own address ("Source"), then the body's links in reading order, each
    address once: inline links by their text, links a whole block stands for (a linked image's
    caption) by the block's text. The ones that may be opened are numbered from 1."""
    found: list[BodyLink] = []
    seen: set[str] = set()

    def add(label: str, href: str) -> None:
        address = one_line(href)
        if address and address not in seen:
            seen.add(address)
            target = safe_link(href)
            number = None
            if target is not None:
                number = 1 + sum(1 for link in found if link.number is not None)
            found.append(BodyLink(one_line(label) or address, address, target, number))

    if url:
        add("Source", url)
    for block in blocks:
        if block.href:
            caption = one_line(block.text)
            add(caption if len(caption) <= 60 else caption[:59] + "…", block.href)
        for link in sorted(block.links, key=_link_start):
            add(block.text[link.start : link.end], link.url)
    return found


def link_numbers(links: Sequence[BodyLink]) -> dict[str, int]:
    """Address shown -> number, for the links that have one."""
    return {link.address: link.number for link in links if link.number is not None}


def _link_start(link: Link) -> int:
    return link.start
