"""Views in the sidebar: named queries with live counts; choosing one applies its query and the
order its list is sorted in.

All, Unread and Starred are always there; then the user's own views from config.toml (read
only: the reader never writes that file); then the views saved in the reader (``V``), kept in
its database; then views of the tags and site topics most in use, worked out from the archive
each time it changes and never saved unless the user saves one. The counts are worked out in a
worker, a moment after the change that asks for them (``count_delay``), so a run of changes is
counted once."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.timer import Timer
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.config import Config
from reader.listing import (
    FilterError,
    TagView,
    View,
    ViewNameTaken,
    count_matches,
    save_view,
    sidebar_views,
    tag_views,
)
from reader.store import Store
from reader.tui.commands import bindings
from reader.tui.messages import StatusUpdate, ViewChosen, ViewsCounted
from reader.tui.render import foreground_only, one_line
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.screens.prompt import PromptScreen
from reader.tui.work import Cancelled, in_store, run_job

COUNT_DELAY = 0.3  # seconds after a change before the views are counted again
TAG_VIEWS = 8  # the most used tags and site topics get a view each


def count_views(queries: tuple[str, ...], store: Store, cancelled: Cancelled) -> ViewsCounted:
    """The views' counts (None for a query that is not valid) and the tags' and topics' views."""
    counts: list[int | None] = []
    for text in queries:
        try:
            counts.append(count_matches(store, text))
        except FilterError:
            counts.append(None)
    return ViewsCounted(queries, tuple(counts), tuple(tag_views(store, TAG_VIEWS)))


class ViewList(OptionList, inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = bindings("views")  # j/k, g/G, PgUp/PgDn, Enter
    COMPONENT_CLASSES: ClassVar[set[str]] = {"view-list--count", "view-list--current"}
    count_delay = COUNT_DELAY

    def __init__(
        self, config: Config, store: Store, database: Path, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.config = config  # its views are the user's, read only
        self.store = store  # views saved in the reader are written here (a millisecond)
        self.database = database
        self.views: list[View] = sidebar_views(config.views, store.stored_views())
        self.counts: dict[str, int | None] = {}  # the views' counts, by query
        self.tag_views: list[TagView] = []
        self.current_query = ""
        self._count_timer: Timer | None = None

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.redraw())
        self.redraw()
        self.count()

    # ---- counts ----------------------------------------------------------------------------

    def schedule_count(self) -> None:
        """The archive changed: count the views again once changes stop coming."""
        if self._count_timer is not None:
            self._count_timer.stop()
        self._count_timer = self.set_timer(self.count_delay, self.count)

    def count(self) -> None:
        self._count_timer = None
        queries = tuple(dict.fromkeys(v.query.strip() for v in self.views))
        job = in_store(self.database, partial(count_views, queries))
        run_job(self, job, group="views", exclusive=True)

    def on_views_counted(self, event: ViewsCounted) -> None:
        event.stop()
        self.counts.update(zip(event.queries, event.counts, strict=True))
        self.tag_views = list(event.tag_views)
        self.redraw()

    # ---- saving and deleting ---------------------------------------------------------------

    def sort_for(self, query: str) -> str:
        """The order a view with this query is sorted in ("" when no view has it)."""
        found = next((v for v in self.views if v.query.strip() == query.strip()), None)
        return found.sort if found is not None else ""

    def ask_to_save(self, text: str, sort: str) -> None:
        """Ask for a name and save the filter ``text`` (sorted by ``sort``) as a view."""
        if not text:
            return
        explanation = Text("Name for the view showing ", style="dim")
        explanation.append(one_line(text), style="bold")
        prompt = PromptScreen("Save view", explanation, value=one_line(text)[:30])

        def named(name: str | None) -> None:
            if not name:
                return
            try:
                view = save_view(self.store, name, text, sort, self.views)
            except ViewNameTaken as error:
                self.post_message(StatusUpdate(note=str(error), error=True))
                return
            self._reload()
            note = f"Saved view: {one_line(view.name)}"
            self.post_message(StatusUpdate(note=note, error=False))

        self.app.push_screen(prompt, named)

    def remember_sort(self, query: str, sort: str) -> bool:
        """The list showing a saved view was sorted again: its view keeps the order. True if
        a saved view has the query."""
        view = next((v for v in self.views if v.query.strip() == query.strip()), None)
        if view is None or not view.deletable:
            return False
        self.store.set_view_sort(view.name, sort)
        self._reload()
        return True

    def view_to_delete(self, showing: str) -> View | None:
        """The view Delete acts on: the highlighted one while choosing, else the one showing
        (``showing`` is the filter shown now); None when there is none (the tags' views are
        not anyone's)."""
        if self.has_focus:
            highlighted = self.highlighted_view
            return highlighted if highlighted is not None and highlighted.origin != "tag" else None
        if not showing:  # "All" is deleted from the views list only, never by a stray key
            return None
        return next(
            (v for v in self.views if v.query.strip() == showing and v.origin != "tag"), None
        )

    def ask_to_delete(self, showing: str) -> None:
        """Ask before deleting the view ``view_to_delete`` names; built-in views and those in
        config.toml are not the reader's to delete, and it says so."""
        view = self.view_to_delete(showing)
        if view is None:
            return
        if not view.deletable:
            where = (
                "is built in"
                if view.origin == "built-in"
                else "is defined in config.toml: remove it there"
            )
            note = f"The view {one_line(view.name)} {where}."
            self.post_message(StatusUpdate(note=note, error=True))
            return
        question = Text("Delete the view ")
        question.append(one_line(view.name), style="bold")
        question.append(" (")
        question.append(one_line(view.query) or "everything", style="dim")
        question.append(")? The articles are not touched.")

        def answered(yes: bool | None) -> None:
            if yes and self.store.drop_view(view.name):
                self._reload()
                note = f"Deleted view: {one_line(view.name)}"
                self.post_message(StatusUpdate(note=note, error=False))

        self.app.push_screen(ConfirmScreen(question, title="Delete view"), answered)

    def _reload(self) -> None:
        """The saved views changed: show them, count them."""
        self.views = sidebar_views(self.config.views, self.store.stored_views())
        self.redraw()
        self.count()
        self.screen.refresh_bindings()

    # ---- drawing ---------------------------------------------------------------------------

    @property
    def extra_views(self) -> list[TagView]:
        """The tag and topic views not already among the others."""
        own = {view.query.strip() for view in self.views}
        return [t for t in self.tag_views if t.view.query not in own]

    @property
    def shown_views(self) -> list[View]:
        """Every view in the list, in its order: the built-in, config and saved ones, then
        the tags' and topics'."""
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
    def highlighted_view(self) -> View | None:
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
        rows: list[tuple[View, str]] = []
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
                options.append(None)  # a rule between the views and the tags'
        self.clear_options()
        self.add_options(options)
        if rows:
            self.highlighted = min(highlighted or 0, len(rows) - 1)

    def on_resize(self) -> None:
        self.redraw()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        view = self.shown_views[event.option_index]
        self.post_message(ViewChosen(view.name, view.query, view.sort))
