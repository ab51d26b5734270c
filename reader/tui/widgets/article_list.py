"""The article list: a Line API widget that draws only the rows on screen.

It holds the ordered rowids of the current filter (via ``Library``) and asks for rows of the
visible window only, so 100,000 articles cost what 40 do. Marked rows (for acting on several
articles at once) carry a bar at the left edge and a tinted background.

The second line of a row has the date, the source and the article's tags: its own (by hand,
rule or accepted suggestion) as chips in the colours of the article header's, then those the
site or the file gave (topics, front-matter tags) in the same colour without the chip. Tags get
the room first; the source is shortened for them, and tags that still do not fit are counted
("+2").

Each cursor move says which article is under the cursor (``ArticleHighlighted``), except while
a key is held down: moves that come faster than ``REPEAT_WINDOW`` are said once the cursor
rests for ``PREVIEW_DELAY``, so the article pane is not drawn for every article passed.
"""

from __future__ import annotations

from collections.abc import Mapping
from time import monotonic
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from reader.listing import Library
from reader.model import UNTITLED
from reader.store import ArticleRow
from reader.tui.commands import bindings
from reader.tui.messages import ArticleChosen, ArticleHighlighted, MarksChanged
from reader.tui.render import chip_color, foreground_only, one_line

ROW_HEIGHT = 2
REPEAT_WINDOW = 0.12  # seconds between moves that count as a held-down key
OPENING_STYLE = Style(italic=True)  # an untitled article's first words, not a headline
PREVIEW_DELAY = 0.08  # seconds the cursor rests before a held key's article is said
CHIP_LONGEST = 16  # characters of a tag shown in a row; a longer one ends with "…"
SOURCE_SHORTEST = 8  # characters the source keeps when tags need the room


def shorten(text: str, most: int) -> str:
    return text if len(text) <= most else text[: max(1, most - 1)] + "…"


def fit_tags(widths: list[int], room: int, own: int | None = None) -> list[int]:
    """Which tags (by position, in order) fit in ``room`` cells, a space before each. When not
    all do, the first ``own`` (the reader's own tags; all when None) are taken before the rest,
    the narrowest first within each, so as many show as can; the count of those left out
    (" +2") must fit too."""
    if sum(width + 1 for width in widths) <= room:
        return list(range(len(widths)))
    first = len(widths) if own is None else own
    shown: list[int] = []
    used = 0
    for number in sorted(range(len(widths)), key=lambda n: (n >= first, widths[n])):
        left_out = len(widths) - len(shown) - 1
        if used + widths[number] + 1 + len(f" +{left_out}") > room:
            continue
        shown.append(number)
        used += widths[number] + 1
    return sorted(shown)


class ArticleList(ScrollView, can_focus=True, inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = bindings("list")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--cursor-blurred",
        "article-list--unread",
        "article-list--read",
        "article-list--meta",
        "article-list--unread-mark",
        "article-list--star",
        "article-list--empty",
        "article-list--marked",
        "article-list--mark",
    }

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False, init=False)

    def __init__(
        self,
        library: Library,
        *,
        tag_colors: Mapping[str, str] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.library = library
        self.tag_colors: Mapping[str, str] = tag_colors or {}
        self.empty_message = "No articles."
        # Rendered rows keyed by everything that changes their look; cleared on restyle.
        self._strips: dict[tuple[object, ...], Strip] = {}
        self._drawn_with: tuple[Style, ...] | None = None
        self._styles: dict[str, Style] = {}  # component styles, as rows use them
        self._last_move = 0.0
        self._pending: str | None = None  # the article under a held key's cursor, not yet said
        self._pending_timer: Timer | None = None

    # ---- content ---------------------------------------------------------------------------

    def reset(self, cursor: int = 0, *, announce: bool = True) -> None:
        """The library's list changed (new filter, indexing finished): redraw from scratch.
        ``announce``: the row at the cursor is the article to show."""
        self._strips.clear()
        self.virtual_size = Size(0, len(self.library) * ROW_HEIGHT)
        self.set_reactive(ArticleList.cursor, self._clamp(cursor))
        self._scroll_cursor_into_view(center=True)
        self.refresh()
        if announce:
            self._announce()

    def grown(self) -> None:
        """The rest of the list arrived after its first page: same order, more rows."""
        self.virtual_size = Size(0, len(self.library) * ROW_HEIGHT)
        self.refresh()

    def row_changed(self) -> None:
        """Rows' read/starred state changed: drop what was drawn."""
        self._strips.clear()
        self.refresh()

    @property
    def current(self) -> ArticleRow | None:
        return self.library.row(self.cursor)

    def on_mount(self) -> None:
        # Component styles change with the theme without a style update on this widget.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._restyled())

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # The focus moving in or out restyles the list without changing how a row looks (the
        # cursor row's look is keyed by the focus): rows are drawn again only for new styles.
        # (Textual styles the components after this call: a theme clears the rows through
        # its own signal.)
        looks = self._looks()
        if looks is None or looks != self._drawn_with:
            self._drawn_with = looks
            self._restyled()

    def _restyled(self) -> None:
        """New styles (a theme): rows are drawn again with them."""
        self._styles.clear()
        self._strips.clear()
        self.refresh()

    def _looks(self) -> tuple[Style, ...] | None:
        """Every style a row is drawn with (None before the components are styled)."""
        try:
            components = [self.get_component_rich_style(n) for n in sorted(self.COMPONENT_CLASSES)]
        except KeyError:
            return None
        return (self.rich_style, *components)

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self.virtual_size = Size(0, len(self.library) * ROW_HEIGHT)
        self._scroll_cursor_into_view()

    def _on_focus(self, event: events.Focus) -> None:
        self._refresh_cursor_row()

    def _on_blur(self, event: events.Blur) -> None:
        self._refresh_cursor_row()

    def _refresh_cursor_row(self) -> None:
        """Only the cursor's row looks different with the focus (its drawn lines are keyed by
        it): the others are not drawn again."""
        self.refresh_lines(self.cursor * ROW_HEIGHT, ROW_HEIGHT)

    # ---- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_y = int(self.scroll_offset.y)
        line = scroll_y + y
        index, part = divmod(line, ROW_HEIGHT)
        width = self.scrollable_content_region.width
        if not len(self.library):
            if y == 1:
                style = self.get_component_rich_style("article-list--empty")
                text = Text("  " + self.empty_message, style=style, no_wrap=True)
                return self._strip(text, width)
            return Strip.blank(width, self.rich_style)
        if index >= len(self.library):
            return Strip.blank(width, self.rich_style)
        # Fetch the whole visible window at once when a row is missing from the cache.
        first = scroll_y // ROW_HEIGHT
        visible = self.size.height // ROW_HEIGHT + 2
        rows = self.library.rows(first, first + visible)
        row = rows[index - first] if 0 <= index - first < len(rows) else self.library.row(index)
        if row is None:
            return Strip.blank(width, self.rich_style)
        selected = index == self.cursor
        marked = self.library.is_marked(row.id)
        key = (
            row.rowid,
            part,
            width,
            selected,
            self.has_focus and selected,
            row.read,
            row.starred,
            marked,
            row.tags,
        )
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) > 4000:
                self._strips.clear()
            strip = self._render_row(row, part, width, selected, marked)
            self._strips[key] = strip
        return strip

    def _render_row(
        self, row: ArticleRow, part: int, width: int, selected: bool, marked: bool
    ) -> Strip:
        bar = Text("▌" if marked else " ", self._style("article-list--mark"))
        if part == 0:
            mark_style = self._style("article-list--unread-mark")
            star_style = self._style("article-list--star")
            title_style = self._style("article-list--read" if row.read else "article-list--unread")
            text = Text(no_wrap=True, overflow="ellipsis", end="")
            text.append_text(bar)
            text.append("●" if not row.read else " ", mark_style)
            text.append("★" if row.starred else " ", star_style)
            text.append(" ")
            if row.title in ("", UNTITLED) and row.opening.strip():
                # No headline: the opening words, set apart from a title.
                text.append(one_line(row.opening), title_style + OPENING_STYLE)
            else:
                text.append(one_line(row.title) or UNTITLED, title_style)
        else:
            text = Text(no_wrap=True, overflow="ellipsis", end="")
            text.append_text(bar)
            text.append("   ")
            text.append_text(self._details(row, width - text.cell_len))
        text.truncate(width, overflow="ellipsis")
        base = self.rich_style
        if marked:
            base += self._component("article-list--marked")
        if selected:
            base += self._component(
                "article-list--cursor" if self.has_focus else "article-list--cursor-blurred"
            )
        return self._strip(text, width, base)

    def _details(self, row: ArticleRow, room: int) -> Text:
        """Date · source, then the tags: the source is shortened before a tag is left out,
        down to a few letters."""
        meta_style = self._style("article-list--meta")
        plain = bool(getattr(self.app, "plain", False))
        date, source = one_line(row.date[:10]), one_line(row.source)
        longest = min(CHIP_LONGEST, max(6, room // 3))
        tags = [(tag, origin, shorten(one_line(tag), longest)) for tag, origin in row.tags]
        # A chip is " tag " (or "[tag]" without colour); a tag the source gave is the word.
        widths = [len(label) + (0 if origin == "source" else 2) for _, origin, label in tags]
        wanted = sum(width + 1 for width in widths)
        fixed = len(date) + (3 if date and source else 0)
        if source and fixed + len(source) + wanted > room:
            # Shortened so every tag fits, if that leaves the source a few letters; else
            # shortened to a quarter of the row and the tags fit what they can.
            budget = room - fixed - wanted
            source = shorten(source, budget if budget >= SOURCE_SHORTEST else room // 4)
        text = Text(" · ".join(part for part in (date, source) if part), meta_style, end="")
        own = sum(1 for _, origin, _ in tags if origin != "source")  # they come first
        shown = fit_tags(widths, room - text.cell_len, own)
        for tag, origin, label in (tags[number] for number in shown):
            color = chip_color(tag, self.tag_colors)
            if text.cell_len:
                text.append(" ")
            if origin == "source":
                text.append(label, Style(color=color, italic=True))
            elif plain:
                text.append(f"[{label}]", meta_style)
            else:
                text.append(f" {label} ", Style(color="#ffffff", bgcolor=color))
        if len(shown) < len(tags):
            text.append(f" +{len(tags) - len(shown)}", meta_style)
        return text

    def _style(self, name: str) -> Style:
        """A component's style without its background (kept until the styles change: looking
        it up took as long as drawing the rest of a row)."""
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = foreground_only(self.get_component_rich_style(name))
        return style

    def _component(self, name: str) -> Style:
        """A component's whole style, kept like ``_style``'s."""
        key = "whole " + name
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = self.get_component_rich_style(name)
        return style

    def _strip(self, text: Text, width: int, base: Style | None = None) -> Strip:
        base = base or self.rich_style
        segments = list(text.render(self.app.console))
        return Strip(segments).crop_extend(0, width, base).apply_style(base)

    # ---- the cursor ------------------------------------------------------------------------

    def _clamp(self, index: int) -> int:
        return max(0, min(index, len(self.library) - 1))

    def move_to(self, index: int) -> None:
        if not len(self.library):
            return
        index = self._clamp(index)
        if index == self.cursor:
            return
        self.cursor = index

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_lines(old * ROW_HEIGHT, ROW_HEIGHT)
        self.refresh_lines(new * ROW_HEIGHT, ROW_HEIGHT)
        self._scroll_cursor_into_view()
        self._announce()

    def _announce(self) -> None:
        row = self.current
        if row is None:
            return
        now = monotonic()
        repeating = now - self._last_move < REPEAT_WINDOW
        self._last_move = now
        self.cancel_pending()
        if repeating:
            self._pending = row.id
            self._pending_timer = self.set_timer(PREVIEW_DELAY, self._announce_pending)
        else:
            self.post_message(ArticleHighlighted(row.id))

    @property
    def resting(self) -> bool:
        """No article left to be said once the cursor rests (a held key's last one)."""
        return self._pending is None

    def take_pending(self) -> str | None:
        """The article a held key left the cursor on, not said yet (and now never will be)."""
        pending = self._pending
        self.cancel_pending()
        return pending

    def cancel_pending(self) -> None:
        self._pending = None
        if self._pending_timer is not None:
            self._pending_timer.stop()
            self._pending_timer = None

    def _announce_pending(self) -> None:
        pending = self.take_pending()
        if pending is not None:
            self.post_message(ArticleHighlighted(pending))

    def _scroll_cursor_into_view(self, *, center: bool = False) -> None:
        """Keep the cursor on screen. Leaving it centres the cursor rather than creeping a row
        at a time: fewer full redraws while a key is held, and context after the cursor."""
        height = max(ROW_HEIGHT, self.scrollable_content_region.height)
        top = self.cursor * ROW_HEIGHT
        scroll_y = int(self.scroll_offset.y)
        if center or top < scroll_y or top + ROW_HEIGHT > scroll_y + height:
            target = max(0, top - (height - ROW_HEIGHT) // 2)
        else:
            return
        self.scroll_to(y=target, animate=False, immediate=True)

    @property
    def page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height // ROW_HEIGHT - 1)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_cursor_first(self) -> None:
        self.move_to(0)

    def action_cursor_last(self) -> None:
        self.move_to(len(self.library) - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + self.page_rows)

    def action_page_up(self) -> None:
        self.move_to(self.cursor - self.page_rows)

    # ---- marks -----------------------------------------------------------------------------

    def _mark(self, indexes: range | list[int], value: bool | None = None) -> None:
        """Mark (``value`` None: toggle each) the rows at ``indexes``."""
        for index in indexes:
            row = self.library.row(index)
            if row is None:
                continue
            wanted = not self.library.is_marked(row.id) if value is None else value
            self.library.set_marked([row.id], wanted)
        self.row_changed()
        self.post_message(MarksChanged(len(self.library.marked)))

    def action_toggle_mark(self) -> None:
        if not len(self.library):
            return
        self._mark([self.cursor])
        self.move_to(self.cursor + 1)

    def action_mark_down(self) -> None:
        self._extend(+1)

    def action_mark_up(self) -> None:
        self._extend(-1)

    def _extend(self, step: int) -> None:
        if not len(self.library):
            return
        start = self.cursor
        self.move_to(start + step)
        self._mark(sorted({start, self.cursor}), True)

    def action_open(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(ArticleChosen(row.id))

    # ---- the mouse -------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (int(self.scroll_offset.y) + offset.y) // ROW_HEIGHT
        if not 0 <= index < len(self.library):
            return
        if event.ctrl:
            self._mark([index])
        elif event.shift:
            low, high = sorted((self.cursor, index))
            self._mark(range(low, high + 1), True)
        self.move_to(index)
        if event.chain >= 2 and not (event.ctrl or event.shift):
            self.action_open()
