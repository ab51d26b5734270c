"""Saved views in the sidebar: named queries with live counts; choosing one applies its query.

After the user's own views (config.toml) come views of the tags and site topics most in use,
worked out from the archive each time it changes and never saved unless the user saves one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.config import SavedView
from reader.listing import TagView
from reader.tui.commands import bindings
from reader.tui.messages import ViewChosen
from reader.tui.render import foreground_only, one_line


class ViewList(OptionList, inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = bindings("views")  # j/k, g/G, PgUp/PgDn, Enter
    COMPONENT_CLASSES: ClassVar[set[str]] = {"view-list--count", "view-list--current"}

    def __init__(self, views: Sequence[SavedView], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.views = list(views)
        self.counts: dict[str, int | None] = {}  # the user's views, by query
        self.tag_views: list[TagView] = []
        self.current_query = ""

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.redraw())
        self.redraw()

    def set_views(self, views: Sequence[SavedView]) -> None:
        self.views = list(views)
        self.redraw()

    def set_counts(
        self,
        queries: Sequence[str],
        counts: Sequence[int | None],
        tag_views: Sequence[TagView] | None = None,
    ) -> None:
        self.counts.update(zip(queries, counts, strict=True))
        if tag_views is not None:
            self.tag_views = list(tag_views)
        self.redraw()

    @property
    def extra_views(self) -> list[TagView]:
        """The tag and topic views not already among the user's own."""
        own = {view.query.strip() for view in self.views}
        return [t for t in self.tag_views if t.view.query not in own]

    @property
    def shown_views(self) -> list[SavedView]:
        """Every view in the list, in its order: the user's, then the tags' and topics'."""
        return [*self.views, *(t.view for t in self.extra_views)]

    def set_current(self, query: str) -> None:
        """The filter showing now: its view is drawn as the current one."""
        self.current_query = query.strip()
        self.redraw()

    def highlight_current(self) -> None:
        """Put the cursor on the view showing now (if one is), for choosing another."""
        for index, view in enumerate(self.shown_views):
            if view.query.strip() == self.current_query:
                self.highlighted = index
                return

    @property
    def highlighted_view(self) -> SavedView | None:
        index = self.highlighted
        shown = self.shown_views
        if index is None or not 0 <= index < len(shown):
            return None
        return shown[index]

    def redraw(self) -> None:
        if not self.is_mounted:
            return
        width = max(10, self.scrollable_content_region.width or 30)
        count_style = foreground_only(self.get_component_rich_style("view-list--count"))
        current_style = foreground_only(self.get_component_rich_style("view-list--current"))
        highlighted = self.highlighted
        rows: list[tuple[SavedView, str]] = []
        for view in self.views:
            query = view.query.strip()
            count = self.counts.get(query)
            shown = (
                "?"
                if query in self.counts and count is None
                else (f"{count:,}" if count is not None else "…")
            )
            rows.append((view, shown))
        extra = self.extra_views
        rows += [(t.view, f"{t.count:,}") for t in extra]
        options: list[Option | None] = []
        for number, (view, shown) in enumerate(rows):
            current = view.query.strip() == self.current_query
            name = Text(
                ("▸ " if current else "  ") + one_line(view.name),
                style=current_style if current else "",
                no_wrap=True,
                overflow="ellipsis",
            )
            name.truncate(max(4, width - len(shown) - 1), overflow="ellipsis")
            name.pad_right(max(1, width - name.cell_len - len(shown)))
            name.append(shown, count_style)
            options.append(Option(name, id=f"view-{number}"))
            if extra and number == len(self.views) - 1:
                options.append(None)  # a rule between the user's views and the tags'
        self.clear_options()
        self.add_options(options)
        if rows:
            self.highlighted = min(highlighted or 0, len(rows) - 1)

    def on_resize(self) -> None:
        self.redraw()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        view = self.shown_views[event.option_index]
        self.post_message(ViewChosen(view.name, view.query))
