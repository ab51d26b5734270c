"""The article pane: header, body with entity highlights, related stories and links.

A Line API widget: the article is rendered once per (article, width, highlight mode) into strips
kept in a small cache, and only the lines on screen are handed to Textual. The article shown is
``article``, bound to the main screen's current article: a new article starts at the top, the
same one shown again (its tags or names changed) keeps its place.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Mapping
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.reactive import reactive, var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.model import ENTITY_LABELS
from reader.store import StoredArticle
from reader.tui.commands import bindings
from reader.tui.render import (
    HIGHLIGHT_MODES,
    ArticleStyles,
    Renderer,
    body_steps,
    foreground_only,
    render_header,
)

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
        accept_key: str = "a",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.highlight_mode = HIGHLIGHT_MODES[0]
        self.tag_colors: Mapping[str, str] = tag_colors or {}
        self.accept_key = accept_key  # named in the header's suggestion
        # Suggested tags for the article shown (found in the background), by article id.
        self.suggestions: tuple[str, tuple[str, ...]] | None = None
        self._styles: ArticleStyles | None = None
        self._header: list[Strip] = []
        self._body: list[Strip] = []
        self._bodies: OrderedDict[tuple[str, int, str], list[Strip]] = OrderedDict()
        # A long body still being rendered: its cache key and the steps left to run.
        self._pending: tuple[tuple[str, int, str], Iterator[int]] | None = None

    # ---- content ---------------------------------------------------------------------------

    def watch_article(self, old: StoredArticle | None, new: StoredArticle | None) -> None:
        """Show an article (``None``: the placeholder). A new article starts at the top."""
        if not (old is not None and new is not None and old.id == new.id):
            self.scroll_to(y=0, animate=False, immediate=True)
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
        if stored is None:
            self._header, self._body = [], []
        else:
            styles = self.article_styles
            self._header = render_header(
                stored,
                Renderer(self.app.console, styles, width),
                highlight_mode=self.highlight_mode,
                tag_colors=self.tag_colors,
                has_entities=bool(stored.spans),
                suggestions=self.shown_suggestions,
                accept_key=self.accept_key,
            )
            key = (stored.id, width, self.highlight_mode)
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
                self._body = body
            else:
                estimated = self._start_body(stored, key, width)
        self.virtual_size = Size(0, len(self._header) + len(self._body) + estimated)
        self.refresh()

    def _start_body(self, stored: StoredArticle, key: tuple[str, int, str], width: int) -> int:
        """Render the body's first screenful now and the rest just after the next frame.
        Returns an estimate of the lines still to come."""
        renderer = Renderer(self.app.console, self.article_styles, width)
        steps = body_steps(stored, renderer, highlight_mode=self.highlight_mode)
        self._body = renderer.strips  # grows as the steps run
        wanted = int(self.scroll_offset.y) + 2 * self.scrollable_content_region.height
        remaining: int | None = 0
        while len(renderer.strips) < wanted:
            remaining = next(steps, None)
            if remaining is None:
                self._cache_body(key, renderer.strips)
                return 0
        self._pending = (key, steps)
        self.call_after_refresh(self._finish_body)
        return int((remaining or 0) / max(1, width * 0.85))

    def _finish_body(self) -> None:
        pending = self._pending
        if pending is None:
            return
        key, steps = pending
        self._pending = None
        for _ in steps:
            pass
        self._cache_body(key, self._body)
        self.virtual_size = Size(0, len(self._header) + len(self._body))
        self.refresh()

    def _cache_body(self, key: tuple[str, int, str], body: list[Strip]) -> None:
        self._bodies[key] = body
        while len(self._bodies) > self.BODY_CACHE:
            self._bodies.popitem(last=False)

    @property
    def article_styles(self) -> ArticleStyles:
        if self._styles is None:
            self._styles = self._resolve_styles()
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
        return strip.crop_extend(0, width, self.rich_style)

    def text_lines(self) -> list[str]:
        """Every line of the article as plain text, header and whole body (for tests and
        checks; drawing never needs it)."""
        self._finish_body()
        return ["".join(s.text for s in strip).rstrip() for strip in self._header + self._body]

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
