"""The main screen: the list pane (saved views, filter bar, article list), the article pane,
the entity pane and the status line.

Wide terminals show the list and the article side by side, narrow ones one at a time: a few
reactive flags, each toggling a class the stylesheet reads. The article shown is ``article``,
bound down to the article and entity panes. The panes do their own work (filters, tags, moving
through the list, reading tools, corrections; the command table hands them their commands by
name) and say what happened by messages; the screen keeps them in step and moves the focus.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.reactive import var
from textual.screen import Screen
from textual.widget import Widget

from reader.config import Config, ConfigProblem
from reader.listing import Library, entity_filter_text
from reader.locations import Locations
from reader.store import Store, StoredArticle
from reader.tui.commands import bindings
from reader.tui.keeper import ArchiveKeeper
from reader.tui.messages import (
    ArchiveWatched,
    ArticleChosen,
    ArticleHighlighted,
    ChangeWritten,
    EntityChosen,
    EntityCurated,
    FilterSubmitted,
    IndexingProgress,
    JobFinished,
    ListChanged,
    MarksChanged,
    NamesReady,
    StatusUpdate,
    ViewChosen,
    WorkDone,
)
from reader.tui.panes.article_pane import ArticlePane
from reader.tui.panes.entity_pane import EntityPane
from reader.tui.panes.list_pane import ListPane
from reader.tui.widgets.status_bar import StatusBar


class MainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("screen")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012

    # Always: the same article read again (new tags, names, star) flows down again.
    article: var[StoredArticle | None] = var(None, always_update=True, init=False, bindings=True)
    # The layout: which panes show follows from these (``_arrange``).
    reading = var(False, bindings=True)  # the article has the focus (narrow: the only pane)
    views_open = var(False, bindings=True)  # choosing a view
    views_hidden = var(False)  # wide: the views folded away
    sidebar_hidden = var(False)  # wide: the list hidden (w)
    entities_open = var(False, bindings=True)

    def __init__(
        self,
        store: Store,
        paths: Sequence[Path],
        *,
        config: Config,
        locations: Locations,
        config_problems: Sequence[ConfigProblem] = (),
        watch_folders: bool = False,
    ) -> None:
        super().__init__()
        # What config.toml got wrong: counted on the status line, listed by P.
        self.config_problems = list(config_problems)
        if store.path is None:
            raise ValueError("the reader needs a database file: its workers open their own")
        self.store = store
        self.database = store.path
        self.library = Library(store)
        self.paths = list(paths)
        self.config = config
        self.locations = locations
        self.jobs_running = 0
        self.keeper = ArchiveKeeper(
            locations, config, paths, watch_folders=watch_folders, id="keeper"
        )
        self.list_pane = ListPane(self.library, config, self.database, id="list-pane")
        self.article_pane = ArticlePane(self.database, config, id="article-pane")
        self.entity_pane = EntityPane(self.database, config.keymap, id="entities-pane")
        self.status_bar = StatusBar(id="status")
        # The widgets the screen moves the focus between and asks about.
        self.article_list = self.list_pane.article_list
        self.filter_bar = self.list_pane.filter_bar
        self.view_list = self.list_pane.view_list
        self.article_view = self.article_pane.view
        self.entity_panel = self.entity_pane.panel

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield self.list_pane
            yield self.article_pane.data_bind(MainScreen.article)
            yield self.entity_pane.data_bind(MainScreen.article, open=MainScreen.entities_open)
        yield self.status_bar
        yield self.keeper

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow")

    # ---- the layout ------------------------------------------------------------------------

    def _arrange(self) -> None:
        """Show and hide the panes for the layout flags. Each pane gets its own class, so a
        change restyles that pane alone: a class on the screen restyled every widget (and the
        article view drew the article again) for x, v and w, 80-120 ms at 100,000 articles."""
        narrow, entities = self.narrow, self.entities_open
        if narrow:
            list_shown = not self.reading and not entities
            article_shown = self.reading and not entities
            views_shown = self.views_open
        else:
            list_shown = not self.sidebar_hidden
            article_shown = True
            views_shown = not self.views_hidden
        self.list_pane.set_class(not list_shown, "-hidden")
        self.article_pane.set_class(not article_shown, "-hidden")
        self.entity_pane.set_class(not entities, "-hidden")
        self.list_pane.arrange_views(shown=views_shown, choosing=self.views_open)

    # Every layout flag arranges the panes again, and so does a resize (the terminal may have
    # crossed from wide to narrow).
    watch_reading = watch_views_open = watch_views_hidden = _arrange
    watch_sidebar_hidden = watch_entities_open = on_resize = _arrange

    def on_mount(self) -> None:
        self._arrange()
        self.list_pane.show_filter("")
        self.article_list.focus()
        self.jobs_running = 1
        # After the first frame: the background loads the recogniser (numpy with it), which
        # would otherwise hold the interpreter while the frame is being drawn.
        self.call_after_refresh(self.keeper.start)
        self.refresh_status()

    # ---- background work (reader.tui.keeper) -----------------------------------------------

    def on_rows_arrived(self) -> None:
        """An import wrote more articles: the list grows, its cursor stays on its article."""
        self.list_pane.rows_changed(reload=True)
        self.refresh_status()  # a list that fits its first page is complete at once

    def on_indexing_progress(self, event: IndexingProgress) -> None:
        self.status_bar.show_progress(event)

    def on_names_ready(self, event: NamesReady) -> None:
        if event.found and self.article is not None and self.article.id == event.article_id:
            self._show_again(forget=True)

    def on_archive_watched(self, event: ArchiveWatched) -> None:
        self.status_bar.update(job="")
        if event.changed:
            self.list_pane.rows_changed(reload=True)
            self._show_again(forget=True)
            self.status_bar.flash(f"Archive changed: {event.summary}")
            self.refresh_status()

    def action_reindex(self) -> None:
        if not self.keeper.reindex():
            self.status_bar.flash("Already indexing: the list grows as it goes.")
            return
        self.jobs_running = 1
        self.refresh_status()

    def on_job_finished(self, event: JobFinished) -> None:
        self.jobs_running = 0
        if event.changed:
            self.list_pane.rows_changed(reload=True)
            self._show_again(forget=True)
        self.status_bar.update(job="")
        if event.failed:
            self.status_bar.update(note=event.summary, error=True)
        elif event.summary:
            self.status_bar.flash(event.summary)
        self.refresh_status()
        self.post_message(WorkDone(self.current))

    def on_list_changed(self, event: ListChanged) -> None:
        self.article_pane.filter_words(self.library.filter_text)
        if not len(self.library):
            self.article_list.cancel_pending()
            self.article = None
        self.refresh_status()

    def on_status_update(self, event: StatusUpdate) -> None:
        parts = {"note": event.note, "error": event.error, "job": event.job}
        self.status_bar.update(**{name: part for name, part in parts.items() if part is not None})

    def refresh_status(self) -> None:
        """The list or the work in hand changed: the status line's counts, and what the
        article pane says while it has no article."""
        library = self.library
        problems = len(self.store.problems()) + len(self.config_problems)
        self.status_bar.update(problems=problems, **self.list_pane.counts())
        indexing, filtered = bool(self.jobs_running), bool(library.filter_text)
        self.article_pane.say_when_empty(listed=len(library), indexing=indexing, filtered=filtered)
        self.refresh_bindings()

    # ---- showing articles ------------------------------------------------------------------

    @property
    def current(self) -> StoredArticle | None:
        """The article under the cursor (shown now if a held key's was still to come)."""
        pending = self.article_list.take_pending()
        if pending is not None:
            self._show_if_new(pending)
        return self.article

    def show_article(self, article_id: str) -> None:
        """Show an article (read again from the store); the same one keeps its place."""
        self.article_list.cancel_pending()
        self.article = self.library.article(article_id)
        if self.article is not None and not self.article.spans:
            self.keeper.names_now(article_id)  # the background may not have reached it yet

    def on_article_highlighted(self, event: ArticleHighlighted) -> None:
        row = self.article_list.current
        if row is not None and row.id != event.article_id:
            return  # the cursor has moved on since: its own article is (or will be) shown
        self._show_if_new(event.article_id)

    def _show_if_new(self, article_id: str) -> None:
        if self.article is None or self.article.id != article_id:
            self.show_article(article_id)

    def _show_again(self, *, forget: bool = False) -> None:
        """The current article changed in the store: read it again (``forget``: its text or
        names changed, so render it again too)."""
        if self.current is not None:
            if forget:
                self.article_view.forget(self.current.id)
            self.show_article(self.current.id)

    def on_article_chosen(self, event: ArticleChosen) -> None:
        self.open_article(event.article_id)

    def open_article(self, article_id: str) -> None:
        """Show an article for reading: mark it read and give it the focus. The read mark is
        incidental: undo takes back deliberate changes (a tag, a star, r) before it."""
        self._show_if_new(article_id)
        if self.current is not None and not self.current.read:
            self._set_read(self.current, True, incidental=True)
        self._focus_article()

    def _set_read(self, stored: StoredArticle, value: bool, *, incidental: bool = False) -> None:
        self.list_pane.set_read([stored.id], value, incidental=incidental)
        stored.read = value
        self.refresh_status()

    def _focus_article(self) -> None:
        self.reading = True
        self.set_focus(self.article_view)

    def _focus_list(self) -> None:
        self.reading = False
        # At once, not deferred like Widget.focus(): a key typed right after (say "/") may move
        # the focus on, and a deferred focus would then take it back.
        self.set_focus(self.article_list)

    # ---- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        current = self.current
        if action in ("list", "entity"):  # a pane's command, named by the first parameter
            action, parameters = str(parameters[0]), parameters[1:]
        if action in ListPane.ACTIONS:
            return self.list_pane.can(action, parameters, current)
        if action in ArticlePane.ACTIONS:
            return self.article_pane.can(action, parameters, current)
        if action in EntityPane.ACTIONS:
            return self.entity_pane.chosen is not None
        if action == "toggle_entities":
            return current is not None or self.entities_open
        if action == "back":
            return self.focused is not self.article_list
        if action == "clear":
            return bool(
                self.filter_bar.display
                or self.entities_open
                or (self.narrow and self.reading)
                or self.focused is self.view_list
                or self.library.marked
                or self.library.filter_text
            )
        return True

    def action_list(self, command: str, argument: str = "") -> None:
        """A command on the listed articles (``list('name')``), which the list pane runs; one
        that moves the cursor to an article opens it."""
        to_open = self.list_pane.run(command, self.current, argument)
        if to_open is not None:
            self.open_article(to_open)

    def action_entity(self, command: str) -> None:
        self.entity_pane.correct(command)  # a correction to the chosen name

    def action_read_on(self) -> None:
        view = self.article_view
        if not view.at_end:
            view.action_page_down()
        elif self.library.unread:
            self.action_list("next_unread")

    def action_cycle_focus(self) -> None:
        order: list[Widget] = [self.article_list, self.article_view, self.entity_panel]
        if not self.entities_open:
            order.remove(self.entity_panel)
        if self.sidebar_hidden and not self.narrow:
            order.remove(self.article_list)
        position = order.index(self.focused) if self.focused in order else -1
        target = order[(position + 1) % len(order)]
        if target is self.article_list:
            self._focus_list()
        elif target is self.article_view:
            self._focus_article()
        else:
            self.set_focus(target)

    def action_back(self) -> None:
        self.sidebar_hidden = False
        self._focus_list()

    def action_close_or_quit(self) -> None:
        """One level back, as newsboat, mutt and elfeed go: the filter bar, the entity panel,
        the views, the article (narrow, or with the list hidden) and the article's focus close
        in that order; from the list, the reader quits."""
        if self.filter_bar.display:
            self._close_filter_bar()
        elif self.entities_open:
            self._close_entities()
        elif self.focused is self.view_list:
            self.views_open = False
            self._focus_list()
        elif self.focused is not self.article_list or self.sidebar_hidden or self.reading:
            self.action_back()
        else:
            self.app.exit()
            return
        self.refresh_bindings()

    def action_toggle_read(self) -> None:
        if self.current is not None:
            self._set_read(self.current, not self.current.read)

    def action_toggle_star(self) -> None:
        if self.current is not None:
            self.list_pane.toggle_star(self.current)
            self.article = self.current  # its star flows down to the article pane

    def action_reading(self, tool: str) -> None:
        if self.current is not None:
            self.article_pane.use(tool)

    def action_toggle_sidebar(self) -> None:
        if self.narrow:
            self._focus_list() if self.reading else self._focus_article()
            return
        self.sidebar_hidden = not self.sidebar_hidden
        if self.sidebar_hidden:
            self.set_focus(self.article_view)

    # ---- filters ---------------------------------------------------------------------------

    def action_search(self) -> None:
        self.reading = False
        self.views_open = False
        self.filter_bar.open(self.library.filter_text)
        self.refresh_bindings()

    def on_filter_submitted(self, event: FilterSubmitted) -> None:
        # A filter that cannot be understood is shown by the bar (a caret under the error).
        if self.apply_filter(event.text, report=False):
            self._close_filter_bar()
        else:
            self.filter_bar.count_now(event.text)

    def _close_filter_bar(self) -> None:
        self.filter_bar.close()
        self._focus_list()

    def apply_filter(
        self, text: str, *, keep_id: str | None = None, report: bool = True, sort: str | None = None
    ) -> bool:
        """Filter the list; a filter that cannot be understood changes nothing (and is reported
        on the status line if ``report``). ``keep_id``: the article to keep the cursor on if
        the new list has it; ``sort``: the order (None: the one chosen for the query before)."""
        error = self.list_pane.try_filter(text, keep_id=keep_id, sort=sort)
        if error is None or report:
            self.status_bar.update(note=error or "", error=error is not None)
        return error is None

    def action_clear(self) -> None:
        if self.filter_bar.display:
            self._close_filter_bar()
        elif self.entities_open and self.focused is self.entity_panel:
            self._close_entities()
        elif self.narrow and self.reading:
            self._focus_list()
        elif self.focused is self.view_list:
            self.views_open = False
            self._focus_list()
        elif self.library.marked:
            self.list_pane.clear_marks()
        elif self.library.filter_text:
            self.apply_filter("", keep_id=self.current.id if self.current else None)
        elif self.entities_open:
            self._close_entities()
        self.refresh_bindings()

    # ---- the entity pane -------------------------------------------------------------------

    def action_toggle_entities(self) -> None:
        if self.entities_open:
            self._close_entities()
            return
        self.entities_open = True  # the pane lists the article's names
        self.set_focus(self.entity_panel)

    def _close_entities(self) -> None:
        had_focus = self.focused is self.entity_panel
        self.entities_open = False
        if had_focus:
            self._focus_article() if self.reading else self._focus_list()

    @on(EntityChosen)
    def filter_by_entity(self, event: EntityChosen) -> None:
        if self.apply_filter(entity_filter_text(event.name, event.label)):
            if self.narrow:
                self.entities_open = False
            self._focus_list()

    def on_entity_curated(self, event: EntityCurated) -> None:
        """A name was corrected (the pane says how): read the article again so its highlights
        and names change, and run a filter again, since an entity filter may match others now."""
        if not event.error:
            self._show_again(forget=True)
            self.list_pane.rows_changed(reload=bool(self.library.filter_text))
            self.refresh_bindings()

    # ---- tags and marks --------------------------------------------------------------------

    def action_accept_suggestion(self) -> None:
        current, shown = self.current, self.article_view.shown_suggestions
        if current is None or not shown:
            self.status_bar.update(note="No suggestion for this article.")
            return
        if self.list_pane.accept_suggestion(current.id, shown[0]):
            self.article_view.show_suggestions(current.id, ())
            self._show_again()
            self.refresh_status()

    def on_change_written(self, event: ChangeWritten) -> None:
        # The list pane has redrawn its rows: the article's tags and the counts follow.
        if event.change is not None and event.change.batch:
            self._show_again()
            self.refresh_status()

    def on_marks_changed(self, event: MarksChanged) -> None:
        self.refresh_status()

    # ---- saved views -----------------------------------------------------------------------

    def action_toggle_views(self) -> None:
        if self.focused is self.view_list:
            self.views_open = False
            if not self.narrow:
                self.views_hidden = True
            self._focus_list()
            return
        self.reading = False
        self.views_hidden = False
        self.views_open = True
        self.view_list.highlight_current()
        self.set_focus(self.view_list)

    def on_view_chosen(self, event: ViewChosen) -> None:
        keep = self.current.id if self.current else None
        sort = self.list_pane.sort_for_view(event.query, event.sort)
        if self.apply_filter(event.query, keep_id=keep, sort=sort):
            self.views_open = False
            self.filter_bar.close()
            self._focus_list()
            self.status_bar.update(note=self.list_pane.view_note(event.name, event.query))


