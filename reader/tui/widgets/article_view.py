"""The article pane: header, body with entity highlights, related stories and links.

A Line API widget: the article is rendered once per (article, width, highlight mode, marks) into
strips kept in a small cache, and only the lines on screen are handed to Textual. The article
shown is ``article``, bound to the main screen's current article: a new article starts at the
top, the same one shown again (its tags or names changed) keeps its place.

Marks go on top of the names: the words of the list's filter, the matches of a search in the
article (the current one drawn over the rest when its line is drawn, so moving between matches
renders nothing again), and numbers on the links while they are asked for. A search stays while
the reader moves to other articles (its matches are marked in each) until it is ended.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.reactive import reactive, var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.matching import filter_needles, find_pattern, needles_pattern
from reader.model import ENTITY_LABELS
from reader.store import StoredArticle
from reader.tui.commands import bindings, key_hint
from reader.tui.messages import FindChanged
from reader.tui.render import (
    HIGHLIGHT_MODES,
    ArticleStyles,
    Explained,
    HeaderKeys,
    Marks,
    Place,
    Renderer,
    body_links,
    body_steps,
    foreground_only,
    link_numbers,
    render_header,
)

if TYPE_CHECKING:
    from reader.topics import Evidence

BodyKey = tuple[str, int, str, tuple[str, str, bool]]  # article, width, highlights, marks


class RenderedBody:
    """A body rendered for one width: its lines, and where its search matches are."""

    __slots__ = ("matches", "places", "strips")

    def __init__(self, strips: list[Strip], places: list[Place], matches: int) -> None:
        self.strips = strips
        self.places = places
        self.matches = matches

# Long lines are hard to read: the text column stops here even in a wide pane.
MAX_TEXT_WIDTH = 88


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = bindings("article")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--title",
        "article-view--meta",
        "article-view--byline",
        "article-view--heading",
        "article-view--quote",
        "article-view--quote-bar",
        "article-view--bullet",
        "article-view--caption",
        "article-view--preformatted",
        "article-view--section",
        "article-view--related-title",
        "article-view--related-kicker",
        "article-view--link",
        "article-view--inline-link",
        "article-view--topic",
        "article-view--rule",
        "article-view--placeholder",
        "article-view--filter-match",
        "article-view--find-match",
        "article-view--find-current",
        "article-view--hint",
        *(f"article-view--entity-{label.lower()}" for label in ENTITY_LABELS),
    }

    BODY_CACHE = 12

    # Always: the same article with a changed star or tags is drawn again.
    article: var[StoredArticle | None] = var(None, always_update=True, init=False)
    placeholder: reactive[str] = reactive("")  # what an empty pane says

    def __init__(
        self,
        *,
        tag_colors: Mapping[str, str] | None = None,
        keymap: Mapping[str, str] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.highlight_mode = HIGHLIGHT_MODES[0]
        self.tag_colors: Mapping[str, str] = tag_colors or {}
        keymap = keymap or {}
        self.header_keys = HeaderKeys(  # named in the header
            accept=key_hint("accept_suggestion", keymap),
            explain=key_hint("explain_suggestion", keymap),
            dismiss=key_hint("dismiss_suggestion", keymap),
            highlights=key_hint("cycle_highlights", keymap),
        )
        # Suggested tags for the article shown (found in the background), by article id.
        self.suggestions: tuple[str, tuple[str, ...]] | None = None
        # The evidence for the best suggestion, shown on request, by article id.
        self.explained: tuple[str, Explained] | None = None
        # Marks: the filter's words, the search in the article, the links' numbers.
        self.filter_text = ""
        self.find_typed = ""
        self.hints = False
        self._marks = Marks()
        self.find_current: int | None = None  # the current match, counted from 0
        self.find_count = 0
        self._places: list[Place] = []  # every match's places, header and body, in order
        self._current_cells: dict[int, list[tuple[int, int]]] = {}  # line -> cells to mark
        self._styles: ArticleStyles | None = None
        self._header: list[Strip] = []
        self._body: list[Strip] = []
        self._header_places: list[Place] = []
        self._body_places: list[Place] = []
        self._body_matches = 0
        self._header_matches = 0
        self._current_style = Style(reverse=True)  # from the stylesheet once styles are read
        self._reported: tuple[str, int | None, int] = ("", None, 0)  # the search, as last said
        self._bodies: OrderedDict[BodyKey, RenderedBody] = OrderedDict()
        # A long body still being rendered: its cache key, renderer and the steps left to run.
        self._pending: tuple[BodyKey, Renderer, Iterator[int]] | None = None

    # ---- content ---------------------------------------------------------------------------

    def watch_article(self, old: StoredArticle | None, new: StoredArticle | None) -> None:
        """Show an article (``None``: the placeholder). A new article starts at the top."""
        if not (old is not None and new is not None and old.id == new.id):
            self.scroll_to(y=0, animate=False, immediate=True)
            self.find_current = None
        self._layout()

    def show_suggestions(self, article_id: str, tags: tuple[str, ...]) -> None:
        """Suggested tags arrived for an article: show them if it is still the one shown."""
        self.suggestions = (article_id, tags)
        if self.article is not None and self.article.id == article_id:
            self._layout()

    @property
    def shown_suggestions(self) -> tuple[str, ...]:
        if self.article is None or self.suggestions is None:
            return ()
        article_id, tags = self.suggestions
        return tags if article_id == self.article.id else ()

    def show_evidence(self, article_id: str, tag: str, evidence: Evidence | None) -> None:
        """The evidence for a suggestion arrived: show it under the suggestion."""
        self.explained = (article_id, Explained(tag, evidence))
        if self.article is not None and self.article.id == article_id:
            self._layout()

    def hide_evidence(self) -> None:
        if self.explained is not None:
            self.explained = None
            self._layout()

    @property
    def shown_evidence(self) -> Explained | None:
        """The evidence shown now: for this article and its best suggestion."""
        if self.article is None or self.explained is None:
            return None
        article_id, explained = self.explained
        shown = self.shown_suggestions
        if article_id != self.article.id or not shown or explained.tag != shown[0]:
            return None
        return explained

    # ---- marks -----------------------------------------------------------------------------

    def set_filter(self, text: str) -> None:
        """The list is filtered by ``text``: mark its words in the article."""
        if text == self.filter_text:
            return
        self.filter_text = text
        self._marks = self._make_marks()
        self._layout()

    def find(self, typed: str) -> int:
        """Search the article for ``typed`` (case and diacritics ignored; "" ends the search),
        mark every match and make the first one at or below the top of the view current.
        Returns how many there are."""
        self.find_typed = typed
        self.find_current = None
        self._marks = self._make_marks()
        self._layout()
        if self.find_count:
            top = int(self.scroll_offset.y)
            after = [p.number for p in self._places if p.line >= top]
            self._make_current(after[0] if after else 0)
        self._report()
        return self.find_count

    def end_find(self) -> None:
        self.find("")

    @property
    def finding(self) -> bool:
        return bool(self._marks.find is not None)

    def next_match(self, step: int) -> bool:
        """Make the next (``step`` 1) or previous (-1) match current and scroll to it. Returns
        whether the search went round the end (or the start) of the article."""
        count = self.find_count
        if not count:
            return False
        current = self.find_current
        if current is None:
            top = int(self.scroll_offset.y)
            if step > 0:
                after = [p.number for p in self._places if p.line >= top]
                target, wrapped = (after[0], False) if after else (0, True)
            else:
                before = [p.number for p in self._places if p.line < top]
                target, wrapped = (before[-1], False) if before else (count - 1, True)
        else:
            target = (current + step) % count
            wrapped = (current + step) != target
        self._make_current(target)
        self._report()
        return wrapped

    def _make_current(self, number: int) -> None:
        self.find_current = number
        cells: dict[int, list[tuple[int, int]]] = {}
        for place in self._places:
            if place.number == number:
                cells.setdefault(place.line, []).append((place.start, place.end))
        self._current_cells = cells
        if cells:
            line = min(cells)
            height = self.scrollable_content_region.height
            top = int(self.scroll_offset.y)
            if not top <= line < top + max(1, height):
                self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)
        self.refresh()

    def _report(self) -> None:
        """Say how the search stands, when that changed."""
        state = (self.find_typed if self.finding else "", self.find_current, self.find_count)
        if state != self._reported:
            self._reported = state
            self.post_message(FindChanged(*state))

    def show_hints(self, on: bool) -> None:
        """Number the links (inline and in the Links list), or stop numbering them."""
        if on != self.hints:
            self.hints = on
            self._marks = self._make_marks()
            self._layout()

    @property
    def links(self) -> dict[int, str]:
        """The article's links that may be opened, by number (as the hints show them)."""
        if self.article is None:
            return {}
        article = self.article.article
        return {
            link.number: link.target
            for link in body_links(article.url, article.blocks)
            if link.number is not None and link.target is not None
        }

    def _make_marks(self) -> Marks:
        numbers: dict[str, int] = {}
        if self.hints and self.article is not None:
            article = self.article.article
            numbers = link_numbers(body_links(article.url, article.blocks))
        return Marks(
            filter=needles_pattern(filter_needles(self.filter_text)),
            find=find_pattern(self.find_typed),
            hints=self.hints,
            links=numbers,
        )

    def cycle_highlights(self) -> None:
        """Highlight every name, then one type at a time, then none."""
        position = HIGHLIGHT_MODES.index(self.highlight_mode)
        self.highlight_mode = HIGHLIGHT_MODES[(position + 1) % len(HIGHLIGHT_MODES)]
        self._layout()

    def forget(self, article_id: str) -> None:
        """The article's spans or text changed: render it again next time."""
        for key in [k for k in self._bodies if k[0] == article_id]:
            del self._bodies[key]

    @property
    def text_width(self) -> int:
        return max(10, min(self.scrollable_content_region.width, MAX_TEXT_WIDTH))

    def on_mount(self) -> None:
        # Component styles change with the theme without a style update on this widget.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._restyle_if_changed())

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # After Textual has styled the components too (it does that after this call): one
        # look at the finished styles instead of a render with half-updated ones.
        self.call_next(self._restyle_if_changed)

    def _restyle_if_changed(self) -> None:
        """Focus moving in or out, and layout classes, restyle the view without changing how an
        article is drawn: it is drawn again only when its styles did change (a theme), once."""
        if self._styles is None or self._resolve_styles() != self._styles:
            self.restyle()

    def restyle(self) -> None:
        """Styles changed: everything rendered with the old ones goes."""
        self._styles = None
        self._bodies.clear()
        if self.is_mounted:
            self._layout()

    def on_resize(self, event: events.Resize) -> None:
        self._layout()

    def _layout(self) -> None:
        """Render (or fetch from the cache) the current article for the current width."""
        if not self.is_mounted or self.size.width == 0:
            return
        self._pending = None
        width = self.text_width
        stored = self.article
        estimated = 0
        marks = self._marks
        if marks.hints and stored is not None:
            marks = self._marks = self._make_marks()  # the numbers of this article's links
        if stored is None:
            self._header, self._body = [], []
            self._header_matches = self._body_matches = 0
            self._body_places = []
        else:
            styles = self.article_styles
            header = Renderer(self.app.console, styles, width, marks)
            self._header = render_header(
                stored,
                header,
                highlight_mode=self.highlight_mode,
                tag_colors=self.tag_colors,
                has_entities=bool(stored.spans),
                suggestions=self.shown_suggestions,
                keys=self.header_keys,
                explained=self.shown_evidence,
            )
            self._header_places, self._header_matches = header.places, header.matches
            key = (stored.id, width, self.highlight_mode, marks.key)
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
                self._show_body(body)
            else:
                estimated = self._start_body(stored, key, width, marks)
        self.virtual_size = Size(0, len(self._header) + len(self._body) + estimated)
        if marks.find is not None:
            self._finish_body()  # every match counted and placed
        self._place_matches()
        self.refresh()

    def _show_body(self, body: RenderedBody) -> None:
        self._body = body.strips
        self._body_places = body.places
        self._body_matches = body.matches

    def _place_matches(self) -> None:
        """Every match's places in the whole article (header, then body), and the cells of
        the current one."""
        if self.article is None or self._marks.find is None:
            self._places, self.find_count, self.find_current = [], 0, None
            self._current_cells = {}
            self._report()
            return
        header_lines, header_matches = len(self._header), self._header_matches
        self._places = [
            *self._header_places,
            *(
                Place(header_matches + p.number, header_lines + p.line, p.start, p.end)
                for p in self._body_places
            ),
        ]
        count = header_matches + self._body_matches
        self.find_count = count
        current = self.find_current
        if current is not None and current >= count:
            current = self.find_current = None
        self._current_cells = {}
        for place in self._places:
            if place.number == current:
                self._current_cells.setdefault(place.line, []).append((place.start, place.end))
        self._report()

    def _start_body(self, stored: StoredArticle, key: BodyKey, width: int, marks: Marks) -> int:
        """Render the body's first screenful now and the rest just after the next frame.
        Returns an estimate of the lines still to come."""
        renderer = Renderer(self.app.console, self.article_styles, width, marks)
        steps = body_steps(stored, renderer, highlight_mode=self.highlight_mode)
        self._body = renderer.strips  # grows as the steps run
        self._body_places = renderer.places
        self._body_matches = 0
        wanted = int(self.scroll_offset.y) + 2 * self.scrollable_content_region.height
        remaining: int | None = 0
        while len(renderer.strips) < wanted:
            remaining = next(steps, None)
            if remaining is None:
                self._cache_body(key, renderer)
                return 0
        self._pending = (key, renderer, steps)
        self.call_after_refresh(self._finish_body)
        return int((remaining or 0) / max(1, width * 0.85))

    def _finish_body(self) -> None:
        pending = self._pending
        if pending is None:
            return
        key, renderer, steps = pending
        self._pending = None
        for _ in steps:
            pass
        self._cache_body(key, renderer)
        self.virtual_size = Size(0, len(self._header) + len(self._body))
        self._place_matches()
        self.refresh()

    def _cache_body(self, key: BodyKey, renderer: Renderer) -> None:
        body = RenderedBody(renderer.strips, renderer.places, renderer.matches)
        self._show_body(body)
        self._bodies[key] = body
        while len(self._bodies) > self.BODY_CACHE:
            self._bodies.popitem(last=False)

    @property
    def article_styles(self) -> ArticleStyles:
        if self._styles is None:
            self._styles = self._resolve_styles()
            self._current_style = self.get_component_rich_style("article-view--find-current")
        return self._styles

    def _resolve_styles(self) -> ArticleStyles:
        style = self.get_component_rich_style
        return ArticleStyles(
            base=self.rich_style,
            title=style("article-view--title"),
            meta=style("article-view--meta"),
            byline=style("article-view--byline"),
            heading=style("article-view--heading"),
            quote=style("article-view--quote"),
            quote_bar=style("article-view--quote-bar"),
            bullet=style("article-view--bullet"),
            caption=style("article-view--caption"),
            preformatted=style("article-view--preformatted"),
            section=style("article-view--section"),
            related_title=style("article-view--related-title"),
            related_kicker=style("article-view--related-kicker"),
            link=style("article-view--link"),
            inline_link=foreground_only(style("article-view--inline-link")),
            topic=style("article-view--topic"),
            rule=style("article-view--rule"),
            entities={
                label: style(f"article-view--entity-{label.lower()}") for label in ENTITY_LABELS
            },
            filter_match=marker_only(style("article-view--filter-match")),
            find_match=style("article-view--find-match"),
            hint=style("article-view--hint"),
        )

    # ---- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = int(self.scroll_offset.y) + y
        header = self._header
        if self.article is None:
            if y == 1 and self.placeholder:
                style = self.get_component_rich_style("article-view--placeholder")
                text = Text(self.placeholder, style=style, no_wrap=True, end="")
                segments = list(text.render(self.app.console))
                return Strip(segments).crop_extend(0, width, self.rich_style)
            return Strip.blank(width, self.rich_style)
        if self._pending is not None and line - len(header) >= len(self._body):
            self._finish_body()  # scrolled past what is drawn before the rest was rendered
        if line < len(header):
            strip = header[line]
        elif line - len(header) < len(self._body):
            strip = self._body[line - len(header)]
        else:
            return Strip.blank(width, self.rich_style)
        current = self._current_cells.get(line)
        if current:
            strip = over(strip, current, self._current_style)
        return strip.crop_extend(0, width, self.rich_style)

    def rendered(self) -> list[Strip]:
        """Every line of the article as it is drawn (the current match marked), header and
        whole body (for tests and checks; drawing never needs it)."""
        self._finish_body()
        lines = self._header + self._body
        return [
            over(strip, self._current_cells[y], self._current_style)
            if y in self._current_cells
            else strip
            for y, strip in enumerate(lines)
        ]

    @property
    def current_match_style(self) -> Style:
        return self._current_style

    def text_lines(self) -> list[str]:
        """Every line of the article as plain text, header and whole body (for tests and
        checks; drawing never needs it)."""
        self._finish_body()
        return ["".join(s.text for s in strip).rstrip() for strip in self._header + self._body]

    def action_end_find(self) -> None:
        self.end_find()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "end_find":
            return self.finding  # else Esc goes on to the screen
        return True

    # ---- scrolling -------------------------------------------------------------------------

    @property
    def at_end(self) -> bool:
        return self._pending is None and self.scroll_offset.y >= self.max_scroll_y

    def action_scroll_down(self) -> None:
        self.scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        self.scroll_relative(y=-1, animate=False)

    def action_scroll_home(self) -> None:
        self.scroll_to(y=0, animate=False)

    def action_scroll_end(self) -> None:
        self._finish_body()
        self.scroll_to(y=self.max_scroll_y, animate=False)

    def action_page_down(self) -> None:
        self.scroll_relative(y=max(1, self.scrollable_content_region.height - 2), animate=False)

    def action_page_up(self) -> None:
        self.scroll_relative(y=-max(1, self.scrollable_content_region.height - 2), animate=False)


def marker_only(style: Style) -> Style:
    """A component style without its text colour: a background and text styles laid over a
    word keep the colour a name's highlight gave it."""
    return Style(
        bgcolor=style.bgcolor,
        bold=style.bold,
        italic=style.italic,
        underline=style.underline,
        reverse=style.reverse,
    )


def over(strip: Strip, cells: list[tuple[int, int]], style: Style) -> Strip:
    """``strip`` with ``style`` laid over the given cell ranges (the current match)."""
    length = strip.cell_length
    cuts = sorted({edge for start, end in cells for edge in (start, end) if 0 < edge < length})
    cuts.append(length)  # each cut ends a piece: the last one ends the strip
    pieces = strip.divide(cuts)
    offsets = [0, *cuts[:-1]]
    marked = {start for start, _ in cells}
    segments: list[Segment] = []
    for offset, piece in zip(offsets, pieces, strict=False):
        if offset in marked:
            segments.extend(Segment.apply_style(list(piece), post_style=style))
        else:
            segments.extend(piece)
    return Strip(segments, length)
