"""Saved views in the sidebar: named queries with live counts; choosing one applies its query.

After the user's own views (config.toml) come views of the tags and site topics most in use,
worked out from the archive each time it changes and never saved unless the user saves one.
The counts are worked out in a worker, a moment after the change that asks for them
(``count_delay``), so a run of changes is counted once."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.timer import Timer
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.config import Config, SavedView
from reader.listing import FilterError, TagView, count_matches, tag_views
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
        self, config: Config, config_file: Path, database: Path, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.config = config  # its views are the user's; saving one writes config_file
        self.config_file = config_file
        self.database = database
        self.views = list(config.views)
        self.counts: dict[str, int | None] = {}  # the user's views, by query
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

    def ask_to_save(self, text: str) -> None:
        """Ask for a name and save the filter ``text`` as a view under it."""
        if not text:
            return
        explanation = Text("Name for the view showing ", style="dim")
        explanation.append(one_line(text), style="bold")
        prompt = PromptScreen("Save view", explanation, value=one_line(text)[:30])

        def named(name: str | None) -> None:
            if not name:
                return
            views = [v for v in self.views if v.name != name]
            views.append(SavedView(name, text))
            if self._save(views):
                self.post_message(StatusUpdate(note=f"Saved view: {one_line(name)}", error=False))

        self.app.push_screen(prompt, named)

    def view_to_delete(self, showing: str) -> SavedView | None:
        """The user's view to delete: the highlighted one while choosing, else the one showing
        (``showing`` is the filter shown now). The tags' and topics' views are not the user's."""
        if self.has_focus:
            highlighted = self.highlighted_view
            return next((v for v in self.views if v is highlighted), None)
        if not showing:  # "All" is deleted from the views list only, never by a stray key
            return None
        return next((v for v in self.views if v.query.strip() == showing), None)

    def ask_to_delete(self, showing: str) -> None:
        """Ask before deleting the view ``view_to_delete`` names."""
        view = self.view_to_delete(showing)
        if view is None:
            return
        question = Text("Delete the view ")
        question.append(one_line(view.name), style="bold")
        question.append(" (")
        question.append(one_line(view.query) or "everything", style="dim")
        question.append(")? The articles are not touched.")

        def answered(yes: bool | None) -> None:
            if yes and self._save([v for v in self.views if v is not view]):
                note = f"Deleted view: {one_line(view.name)}"
                self.post_message(StatusUpdate(note=note, error=False))

        self.app.push_screen(ConfirmScreen(question, title="Delete view"), answered)

    def _save(self, views: list[SavedView]) -> bool:
        """Write the views to config.toml and show them. The file is read again only to keep
        its other settings as the user wrote them; the reader's settings stay as loaded."""
        path = self.config_file
        on_disk, _warnings = Config.load(path)
        on_disk.views = views
        try:
            on_disk.save(path)
        except OSError as error:
            self.post_message(StatusUpdate(note=f"cannot save {path}: {error}", error=True))
            return False
        self.config.views = views
        self.views = list(views)
        self.redraw()
        self.count()
        self.screen.refresh_bindings()
        return True

    # ---- drawing ---------------------------------------------------------------------------

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
