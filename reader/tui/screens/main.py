"""The main screen: saved views, the filter bar, the article list, the article, the entity panel
and the status line.

Wide terminals show the list and the article side by side; narrow ones show one at a time
(``-reading`` switches to the article, ``-views-open`` to the saved views). Indexing, entity
recognition, filter and view counts and tag suggestions run in thread workers; the list stays
usable throughout. Tag, read and star changes go through ``Library`` (journalled, undoable);
changes to more than one article are previewed and confirmed first. Corrections to names made in
the entity panel (hide, type, alias) go through ``reader.entities`` like the command line's, in a
worker: they rewrite the mentions of every article that has the name.
"""

from __future__ import annotations

import sqlite3
import webbrowser
from collections.abc import Callable, Sequence
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import get_current_worker

from reader import entities, query, tags
from reader.config import Config, SavedView
from reader.listing import (
    FilterError,
    Library,
    ListRequest,
    count_matches,
    entity_filter_text,
    entity_names,
    load_list,
    tag_views,
)
from reader.store import Store, StoredArticle
from reader.tags import Change
from reader.topics import LABEL_ORIGINS
from reader.tui import jobs
from reader.tui.commands import bindings, key_hint
from reader.tui.messages import (
    ArticleChosen,
    ArticleHighlighted,
    ChangeWritten,
    EntityChosen,
    EntityCurated,
    EntityNamesLoaded,
    FilterCounted,
    FilterEdited,
    FilterSubmitted,
    JobFinished,
    JobProgress,
    ListLoaded,
    MarksChanged,
    SuggestionsReady,
    ViewChosen,
    ViewsCounted,
)
from reader.tui.render import HIGHLIGHT_MODES, LABEL_NAMES, one_line
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.screens.entity_type import EntityTypeScreen
from reader.tui.screens.prompt import NameSuggester, PromptScreen
from reader.tui.screens.tag_editor import TagEdit, TagEditorScreen, TagTarget
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.entity_panel import EntityPanel
from reader.tui.widgets.filter_bar import FilterBar
from reader.tui.widgets.status_bar import StatusBar
from reader.tui.widgets.view_list import ViewList

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp


Write = Callable[[Store], Change | None]  # a journalled change, given the store to write to
Curate = Callable[[Store], str]  # a correction to a name, given the store; says what it did

DOING = {"Tagged": "Tagging", "Undid": "Undoing", "Redid": "Redoing"}

REPEAT_WINDOW = 0.12  # seconds between highlights that count as a held-down key
PREVIEW_DELAY = 0.08  # seconds the cursor rests before a held key's article is shown
COUNT_DELAY = 0.15  # seconds typing pauses before the filter bar counts matches
VIEW_COUNT_DELAY = 0.3  # seconds after a change before the saved views are counted again
TAG_VIEWS = 8  # the most used tags and site topics get a view each in the sidebar
ENTITY_PANEL_TITLE = "Names in this article"


class MainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("screen")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012
    count_delay = COUNT_DELAY
    view_count_delay = VIEW_COUNT_DELAY

    def __init__(
        self,
        store: Store,
        paths: Sequence[Path],
        *,
        tag_colors: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.library = Library(store)
        self.paths = list(paths)
        self.tag_colors = dict(tag_colors or {})
        self._current: StoredArticle | None = None
        # Holding a key down moves past many articles: the article pane waits for the cursor
        # to rest (PREVIEW_DELAY) once keys repeat faster than REPEAT_WINDOW.
        self._pending_preview: str | None = None
        self._preview_timer: Timer | None = None
        self._last_highlight = 0.0
        self.highlight_mode = HIGHLIGHT_MODES[0]
        self.jobs_running = 0
        # The article to put the cursor back on once a reloaded list arrives.
        self._keep_id: str | None = None
        self._count_timer: Timer | None = None
        self._views_timer: Timer | None = None
        self.suggester = jobs.Suggester(store.path) if store.path is not None else None
        self._name_suggester: NameSuggester | None = None  # the open "same as" prompt's

    @property
    def reader_app(self) -> ReaderApp:
        from reader.tui.app import ReaderApp

        assert isinstance(self.app, ReaderApp)
        return self.app

    # ---- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            with Vertical(id="list-pane"):
                views = ViewList(self.config.views, id="views")
                views.border_title = "Views"
                yield views
                yield FilterBar(id="filter")
                yield ArticleList(self.library, id="articles")
            with Vertical(id="article-pane"):
                yield ArticleView(id="article")
            with Vertical(id="entities-pane"):
                yield Static(Content(ENTITY_PANEL_TITLE), id="entities-title")
                yield EntityPanel(id="entities")
                yield Static(id="entities-hint")
        yield StatusBar(id="status")

    @property
    def article_list(self) -> ArticleList:
        return self.query_one("#articles", ArticleList)

    @property
    def article_view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def entity_panel(self) -> EntityPanel:
        return self.query_one("#entities", EntityPanel)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one("#filter", FilterBar)

    @property
    def view_list(self) -> ViewList:
        return self.query_one("#views", ViewList)

    @property
    def config(self) -> Config:
        return self.reader_app.config

    @property
    def views_shown(self) -> bool:
        if self.narrow:
            return self.has_class("-views-open")
        return not self.has_class("-views-hidden")

    @property
    def status_bar(self) -> StatusBar:
        return self.query_one("#status", StatusBar)

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow")

    @property
    def entities_open(self) -> bool:
        return self.has_class("-entities-open")

    def on_mount(self) -> None:
        self.filter_bar.display = False
        hint = (
            f"{self._key_of('open')}: articles mentioning it\n"
            f"{self._key_of('hide_entity')}: not a name · {self._key_of('relabel_entity')}: type\n"
            f"{self._key_of('alias_entity')}: same as… · "
            f"{self._key_of('clear')}/{self._key_of('toggle_entities')}: close"
        )
        self.query_one("#entities-hint", Static).update(Content(hint))
        self.article_view.tag_colors = self.tag_colors
        self.article_view.accept_key = self._key_of("accept_suggestion")
        self._load(self.library.apply_filter(""))
        self.article_list.reset()
        self.article_list.focus()
        self.refresh_status()
        self.count_views()
        if self.store.path is None:
            return
        if self.paths:
            self.jobs_running = 1
            self.status_bar.update(job=jobs.progress_text(jobs.INDEXING, 0, 0))
            self.run_index()
        else:
            self.jobs_running = 1
            self.run_entities()
        self._update_placeholder()

    # ---- background work -------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def run_index(self) -> None:
        worker = get_current_worker()
        jobs.index_job(
            self.reader_app.locations, self.paths, self.post_message, lambda: worker.is_cancelled
        )

    @work(thread=True, exclusive=True, group="entities", exit_on_error=False)
    def run_entities(self) -> None:
        worker = get_current_worker()
        jobs.entity_job(self.reader_app.locations, self.post_message, lambda: worker.is_cancelled)

    def on_job_progress(self, event: JobProgress) -> None:
        self.status_bar.update(job=jobs.progress_text(event.what, event.done, event.total))

    def on_unmount(self) -> None:
        if self.suggester is not None:
            self.suggester.close()

    def on_job_finished(self, event: JobFinished) -> None:
        if event.changed:
            self.reload_list()
            self.schedule_view_counts()
        if event.what == jobs.INDEXING:
            self.run_entities()
        else:
            self.jobs_running = 0
            if self.current is not None and event.changed:
                self.article_view.forget(self.current.id)
                self.show_article(self.current.id, keep_position=True)
        self.status_bar.update(job="")
        if event.failed:
            self.status_bar.update(note=event.summary, error=True)
        elif event.summary:
            self.status_bar.flash(event.summary)
        self.refresh_status()
        self._update_placeholder()
        if self.jobs_running == 0:
            self.reader_app.work_done(self.current)

    def reload_list(self) -> None:
        """The archive changed under the list: run the filter again, keep the cursor's article."""
        current = self.article_list.current
        self._keep_id = current.id if current is not None else None
        self._load(self.library.reload())
        self.article_list.reset(self._kept_index())

    def _kept_index(self) -> int:
        keep = self._keep_id
        index = self.library.index_of_id(keep) if keep is not None else None
        return index or 0

    def _load(self, request: ListRequest | None) -> None:
        """Load the rest of a list whose first page is showing."""
        if request is None:
            return
        if self.store.path is None:
            self.on_list_loaded(ListLoaded(load_list(self.store, request)))
        else:
            self.load_rest(request)

    @work(thread=True, exclusive=True, group="list", exit_on_error=False)
    def load_rest(self, request: ListRequest) -> None:
        database = self.store.path
        assert database is not None
        with Store.open(database) as store:
            self.post_message(ListLoaded(load_list(store, request)))

    def on_list_loaded(self, event: ListLoaded) -> None:
        if not self.library.finish(event.loaded):
            return
        if self._keep_id is not None:
            self.article_list.reset(self._kept_index())
            self._keep_id = None
        else:
            self.article_list.grown()
        self._update_placeholder()
        self.refresh_status()

    def _update_placeholder(self) -> None:
        view = self.article_view
        if self.jobs_running and not len(self.library):
            view.placeholder = "  Indexing…"
        elif not len(self.library):
            view.placeholder = (
                f"  No articles match this filter. {self._key_of('clear')} clears it."
                if self.library.filter_text
                else "  No articles yet: run `reader PATH` with a folder of articles."
            )
        else:
            view.placeholder = ""
        if self.current is None:
            view.refresh()

    def refresh_status(self) -> None:
        self.status_bar.update(
            filter_text=self.library.filter_text,
            shown=len(self.library),
            total=self.library.total,
            unread=self.library.unread,
            problems=len(self.store.problems()),
            marked=len(self.library.marked),
        )
        self.refresh_bindings()

    # ---- showing articles ------------------------------------------------------------------

    @property
    def current(self) -> StoredArticle | None:
        """The article under the cursor (shown now if its preview was waiting)."""
        if self._pending_preview is not None:
            self._show_pending()
        return self._current

    def show_article(self, article_id: str, *, keep_position: bool = False) -> None:
        self._cancel_preview()
        stored = self.library.article(article_id)
        self._current = stored
        self.article_view.show(stored, keep_position=keep_position)
        if self.entities_open:
            self.entity_panel.show_spans(stored.spans if stored else [])
        if stored is not None and not any(t.origin in LABEL_ORIGINS for t in stored.tags):
            self.find_suggestions(stored.id)
        self.refresh_bindings()

    def on_article_highlighted(self, event: ArticleHighlighted) -> None:
        now = monotonic()
        repeating = now - self._last_highlight < REPEAT_WINDOW
        self._last_highlight = now
        if self._current is not None and self._current.id == event.article_id:
            self._cancel_preview()
        elif repeating:
            self._cancel_preview()
            self._pending_preview = event.article_id
            self._preview_timer = self.set_timer(PREVIEW_DELAY, self._show_pending)
        else:
            self.show_article(event.article_id)

    def _show_pending(self) -> None:
        article_id = self._pending_preview
        if article_id is not None:
            self.show_article(article_id)

    def _cancel_preview(self) -> None:
        self._pending_preview = None
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None

    def on_article_chosen(self, event: ArticleChosen) -> None:
        self.open_article(event.article_id)

    def open_article(self, article_id: str) -> None:
        """Show an article for reading: mark it read and give it the focus."""
        if self.current is None or self.current.id != article_id:
            self.show_article(article_id)
        if self.current is not None and not self.current.read:
            self._set_read(self.current, True)
        self._focus_article()

    def _set_read(self, stored: StoredArticle, value: bool) -> None:
        self.library.set_read([stored.id], value)
        stored.read = value
        self.article_list.row_changed()
        self.refresh_status()
        self.schedule_view_counts()

    def _focus_article(self) -> None:
        self.set_class(True, "-reading")
        self.set_focus(self.article_view)

    def _focus_list(self) -> None:
        self.set_class(False, "-reading")
        # At once, not deferred like Widget.focus(): a key typed right after (say "/") may move
        # the focus on, and a deferred focus would then take it back.
        self.set_focus(self.article_list)

    # ---- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        current = self.current
        if action in ("toggle_read", "toggle_star", "cycle_highlights", "read_on"):
            return current is not None
        if action == "edit_tags":
            return bool(self.targets())
        if action == "quick_tag":
            digit = str(parameters[0]) if parameters else ""
            return bool(self.config.quick_tags.get(digit)) and bool(self.targets())
        if action == "accept_suggestion":
            return bool(self.article_view.shown_suggestions)
        if action == "mark_all":
            return len(self.library) > 0
        if action == "clear_marks":
            return bool(self.library.marked)
        if action == "save_view":
            return bool(self.library.filter_text)
        if action == "delete_view":
            return self._view_to_delete() is not None
        if action == "toggle_entities":
            return current is not None or self.entities_open
        if action in ("hide_entity", "relabel_entity", "alias_entity"):
            return self._entity_to_curate() is not None
        if action in ("open_url", "copy_url"):
            return current is not None and bool(current.article.url)
        if action in ("next_unread", "previous_unread"):
            return self.library.unread > 0
        if action == "back":
            return self.focused is not self.article_list
        if action == "clear":
            return bool(
                self.filter_bar.display
                or self.entities_open
                or (self.narrow and self.has_class("-reading"))
                or self.focused is self.view_list
                or self.library.marked
                or self.library.filter_text
            )
        return True

    def action_next_unread(self) -> None:
        self._jump_unread(+1)

    def action_previous_unread(self) -> None:
        self._jump_unread(-1)

    def _jump_unread(self, step: int) -> None:
        start = self.article_list.cursor + step
        index = self.library.find_unread(start, step)
        if index is None:
            self.notify("No more unread articles that way.", timeout=3)
            return
        self.article_list.move_to(index)
        row = self.library.row(index)
        if row is not None:
            self.open_article(row.id)

    def action_read_on(self) -> None:
        view = self.article_view
        if view.at_end:
            if self.library.unread:
                self._jump_unread(+1)
            return
        view.action_page_down()

    def action_cycle_focus(self) -> None:
        order: list[ArticleList | ArticleView | EntityPanel] = [
            self.article_list,
            self.article_view,
        ]
        if self.entities_open:
            order.append(self.entity_panel)
        if self.has_class("-no-sidebar") and not self.narrow:
            order.remove(self.article_list)
        focused = self.focused
        position = order.index(focused) if focused in order else -1
        target = order[(position + 1) % len(order)]
        if target is self.article_list:
            self._focus_list()
        elif target is self.article_view:
            self._focus_article()
        else:
            self.set_focus(target)

    def action_back(self) -> None:
        self.set_class(False, "-no-sidebar")
        self._focus_list()

    def action_toggle_read(self) -> None:
        if self.current is not None:
            self._set_read(self.current, not self.current.read)

    def action_toggle_star(self) -> None:
        stored = self.current
        if stored is None:
            return
        stored.starred = not stored.starred
        self.library.set_starred([stored.id], stored.starred)
        self.article_list.row_changed()
        self.article_view.show(stored, keep_position=True)
        self.schedule_view_counts()

    def action_open_url(self) -> None:
        if self.current is not None and self.current.article.url:
            self._open_in_browser(self.current.article.url)

    @work(thread=True, group="browser", exit_on_error=False)
    def _open_in_browser(self, url: str) -> None:
        # A browser can take seconds to start; the reader does not wait for it.
        if not webbrowser.open(url):
            self.app.call_from_thread(self.notify, "No web browser found.", severity="warning")

    def action_copy_url(self) -> None:
        if self.current is not None and self.current.article.url:
            self.app.copy_to_clipboard(self.current.article.url)
            self.notify("Address copied.", timeout=2)

    def action_search(self) -> None:
        self.set_class(False, "-reading")
        self.set_class(False, "-views-open")
        self.filter_bar.open(self.library.filter_text)
        self.refresh_bindings()

    def on_filter_submitted(self, event: FilterSubmitted) -> None:
        # A filter that cannot be understood is shown by the bar (a caret under the error).
        if self.apply_filter(event.text, report=False):
            self._close_filter_bar()
        else:
            self._count_now(event.text)

    def _close_filter_bar(self) -> None:
        self._stop_counting()
        self.filter_bar.display = False
        self._focus_list()

    # ---- the filter bar's live count -------------------------------------------------------

    def on_filter_edited(self, event: FilterEdited) -> None:
        if self._count_timer is not None:
            self._count_timer.stop()
        text = event.text
        self._count_timer = self.set_timer(self.count_delay, lambda: self._count_now(text))

    def _stop_counting(self) -> None:
        if self._count_timer is not None:
            self._count_timer.stop()
            self._count_timer = None
        self.workers.cancel_group(self, "count")

    def _count_now(self, text: str) -> None:
        """Show a bad query's error at once (parsing is cheap); count a good one in a worker."""
        self._count_timer = None
        try:
            query.compile_filter(text)
        except query.QueryError as error:
            self.workers.cancel_group(self, "count")
            self.filter_bar.show_error(error, text)
            return
        if self.store.path is None:
            self.on_filter_counted(self._count(self.store, text, lambda: False))
        else:
            self.count_filter(text)

    @staticmethod
    def _count(store: Store, text: str, cancelled: Callable[[], bool]) -> FilterCounted:
        try:
            with jobs.cancellable(store, cancelled):
                return FilterCounted(text, count_matches(store, text))
        except FilterError as error:
            return FilterCounted(text, None, str(error))
        except sqlite3.OperationalError as error:  # interrupted: a newer count replaces it
            return FilterCounted(text, None, str(error))

    @work(thread=True, exclusive=True, group="count", exit_on_error=False)
    def count_filter(self, text: str) -> None:
        worker = get_current_worker()
        database = self.store.path
        assert database is not None
        with Store.open(database) as store:
            counted = self._count(store, text, lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.post_message(counted)

    def on_filter_counted(self, event: FilterCounted) -> None:
        bar = self.filter_bar
        if not bar.display or event.text != bar.value:
            return
        if event.count is None:
            bar.show_error(event.error or "cannot count this filter", event.text)
        else:
            bar.show_count(event.count)

    def apply_filter(self, text: str, *, keep_id: str | None = None, report: bool = True) -> bool:
        """Filter the list; a filter that cannot be understood changes nothing (and is reported
        on the status line if ``report``). ``keep_id``: the article to keep the cursor on if
        the new list has it."""
        try:
            request = self.library.apply_filter(text)
        except FilterError as error:
            if report:
                self.status_bar.update(note=str(error), error=True)
            return False
        self._keep_id = keep_id
        self._load(request)
        self.status_bar.update(note="", error=False)
        self.article_list.reset(self._kept_index())
        if self.library.complete:
            self._keep_id = None
        if not len(self.library):
            self._cancel_preview()
            self._current = None
            self.article_view.show(None)
        self._update_placeholder()
        self.view_list.set_current(self.library.filter_text)
        self.refresh_status()
        return True

    def action_clear(self) -> None:
        if self.filter_bar.display:
            self._close_filter_bar()
        elif self.entities_open and self.focused is self.entity_panel:
            self._close_entities()
        elif self.narrow and self.has_class("-reading"):
            self._focus_list()
        elif self.focused is self.view_list:
            self.set_class(False, "-views-open")
            self._focus_list()
        elif self.library.marked:
            self.action_clear_marks()
        elif self.library.filter_text:
            self.apply_filter("", keep_id=self.current.id if self.current else None)
        elif self.entities_open:
            self._close_entities()
        self.refresh_bindings()

    def action_toggle_entities(self) -> None:
        if self.entities_open:
            self._close_entities()
            return
        self.set_class(True, "-entities-open")
        self.entity_panel.show_spans(self.current.spans if self.current else [])
        self.set_focus(self.entity_panel)
        self.refresh_bindings()

    def _close_entities(self) -> None:
        had_focus = self.focused is self.entity_panel
        self.set_class(False, "-entities-open")
        if had_focus:
            self._focus_article() if self.has_class("-reading") else self._focus_list()
        self.refresh_bindings()

    @on(EntityChosen)
    def filter_by_entity(self, event: EntityChosen) -> None:
        if self.apply_filter(entity_filter_text(event.name, event.label)):
            if self.narrow:
                self.set_class(False, "-entities-open")
            self._focus_list()

    def action_cycle_highlights(self) -> None:
        position = HIGHLIGHT_MODES.index(self.highlight_mode)
        self.highlight_mode = HIGHLIGHT_MODES[(position + 1) % len(HIGHLIGHT_MODES)]
        self.article_view.set_highlight_mode(self.highlight_mode)

    def action_toggle_sidebar(self) -> None:
        if self.narrow:
            if self.has_class("-reading"):
                self._focus_list()
            else:
                self._focus_article()
            return
        hidden = not self.has_class("-no-sidebar")
        self.set_class(hidden, "-no-sidebar")
        if hidden:
            self.set_focus(self.article_view)

    # ---- corrections to names --------------------------------------------------------------

    def _entity_to_curate(self) -> tuple[str, str] | None:
        """(name, label) highlighted in the entity panel, when it has the focus."""
        if not self.entities_open or self.focused is not self.entity_panel:
            return None
        return self.entity_panel.highlighted_entity

    def action_hide_entity(self) -> None:
        chosen = self._entity_to_curate()
        if chosen is None:
            return
        name = chosen[0]
        question = Text("Hide ")
        question.append(one_line(name), style="bold")
        question.append(
            " everywhere? It is not a name: no article will highlight or list it, now or "
            "after indexing again.\n\n"
        )
        question.append(f"`reader entities unhide {one_line(name)}` brings it back.", style="dim")

        def answered(yes: bool | None) -> None:
            if not yes:
                self.status_bar.update(note="Nothing changed.", error=False)
                return

            def hide(store: Store) -> str:
                entities.hide_entity(store, name)
                return f"Hidden: {one_line(name)}"

            self._curate("Hiding", hide, keep="")

        self.app.push_screen(ConfirmScreen(question, title="Not a name"), answered)

    def action_relabel_entity(self) -> None:
        chosen = self._entity_to_curate()
        if chosen is None:
            return
        name, label = chosen

        def picked(new: str | None) -> None:
            if new is None:
                return
            kind = _a_kind(new)
            if new == label:
                self.status_bar.update(note=f"{one_line(name)} is {kind} already.", error=False)
                return

            def relabel(store: Store) -> str:
                entities.set_label(store, name, new)
                return f"{one_line(name)} is now {kind}"

            self._curate("Changing the type", relabel, keep=name)

        self.app.push_screen(EntityTypeScreen(name, label), picked)

    def action_alias_entity(self) -> None:
        chosen = self._entity_to_curate()
        if chosen is None:
            return
        name = chosen[0]
        suggester = NameSuggester(exclude=name)
        self._name_suggester = suggester
        explanation = Text("Which name is ", style="dim")
        explanation.append(one_line(name), style="bold")
        explanation.append(" the same as? Every article will show it under that name.", style="dim")
        prompt = PromptScreen("Same as…", explanation, answer="merge", suggester=suggester)

        def named(target: str | None) -> None:
            self._name_suggester = None
            self.workers.cancel_group(self, "names")
            if not target:
                return
            target = suggester.spelling(target)

            def alias(store: Store) -> str:
                entities.add_alias(store, name, target)
                return f"{one_line(name)} is now {one_line(target)}"

            self._curate("Merging names", alias, keep=target)

        self.app.push_screen(prompt, named)
        if self.store.path is None:
            suggester.set_names(entity_names(self.store))
        else:
            self.load_entity_names()

    @work(thread=True, exclusive=True, group="names", exit_on_error=False)
    def load_entity_names(self) -> None:
        worker = get_current_worker()
        database = self.store.path
        assert database is not None
        with Store.open(database) as store, jobs.cancellable(store, lambda: worker.is_cancelled):
            try:
                names = entity_names(store)
            except sqlite3.OperationalError:  # interrupted: the prompt was closed
                return
        if not worker.is_cancelled:
            self.post_message(EntityNamesLoaded(names))

    def on_entity_names_loaded(self, event: EntityNamesLoaded) -> None:
        if self._name_suggester is not None:
            self._name_suggester.set_names(event.names)

    def _curate(self, doing: str, curate: Curate, *, keep: str) -> None:
        """Store a correction. It rewrites the mentions of every article with the name (a
        common one is in thousands), so it runs in a worker with its own store."""
        if self.store.path is None:
            self.on_entity_curated(self._run_curation(self.store, curate, keep))
            return
        self.status_bar.update(job=f"{doing}…")
        self.curate_in_background(curate, keep)

    @staticmethod
    def _run_curation(store: Store, curate: Curate, keep: str) -> EntityCurated:
        try:
            return EntityCurated(curate(store), name=keep)
        except ValueError as error:  # "US" is already an alias of "U.S."
            return EntityCurated(str(error), error=True)
        except sqlite3.Error as error:
            return EntityCurated(f"cannot store the correction: {error}", error=True)

    @work(thread=True, group="curate", exit_on_error=False)
    def curate_in_background(self, curate: Curate, keep: str) -> None:
        database = self.store.path
        assert database is not None
        with Store.open(database) as store:
            curated = self._run_curation(store, curate, keep)
        self.post_message(curated)

    def on_entity_curated(self, event: EntityCurated) -> None:
        """Show the outcome; re-read the article so its highlights and the panel change."""
        self.status_bar.update(job="")
        self.status_bar.update(note=event.note, error=event.error)
        if event.error:
            return
        panel = self.entity_panel
        position = panel.highlighted
        current = self.current
        if current is not None:
            self.article_view.forget(current.id)
            self.show_article(current.id, keep_position=True)
        if self.entities_open:
            panel.restore_highlight(event.name, position)
        if self.library.filter_text:  # an entity: filter may match other articles now
            self.reload_list()
        self.schedule_view_counts()
        self.refresh_bindings()

    # ---- tags ------------------------------------------------------------------------------

    def _key_of(self, command_id: str) -> str:
        return key_hint(command_id, self.reader_app.keymap)

    def targets(self) -> list[str]:
        """What tag changes act on: the marked articles, else the one under the cursor."""
        if self.library.marked:
            return list(self.library.marked)
        current = self.current
        return [current.id] if current is not None else []

    def _target_label(self) -> str:
        marked = len(self.library.marked)
        if marked:
            return f"{marked:,} marked article{'s' if marked != 1 else ''}"
        return "this article"

    def action_edit_tags(self) -> None:
        ids = self.targets()
        if not ids:
            return
        single = self.current if not self.library.marked else None
        now = tuple(t.tag for t in single.tags) if single is not None else ()
        target = TagTarget(self._target_label(), now, len(self.library))
        editor = TagEditorScreen(target, self.library.all_tags(), self.reader_app.keymap)
        self.app.push_screen(editor, self._tag_edit_done)

    def _tag_edit_done(self, edit: TagEdit | None) -> None:
        if edit is None:
            return
        ids = self.library.filter_ids() if edit.whole_filter else self.targets()
        self.write_tags(ids, list(edit.add), list(edit.remove))

    def write_tags(self, ids: list[str], add: list[str], remove: list[str]) -> None:
        """Apply a tag edit; to several articles only after a preview and a yes."""
        if not ids:
            return

        def write(store: Store) -> Change:
            return tags.apply_tags(store, ids, add, remove)

        if len(ids) == 1:
            self._write("Tagged", write, many=False)
            return
        changing = self.library.preview_tags(ids, add, remove)
        edit = " ".join([*(f"+{t}" for t in add), *(f"-{t}" for t in remove)])
        if not changing:
            self.status_bar.update(note=f"Nothing to change: {edit} on {len(ids):,} articles")
            return
        question = Text(edit, style="bold")
        question.append(f"\n\nThis changes {changing:,} of the {len(ids):,} articles. Apply it?")

        def answered(yes: bool | None) -> None:
            if yes:
                self._write("Tagged", write)
            else:
                self.status_bar.update(note="Nothing changed.")

        self.app.push_screen(ConfirmScreen(question, title="Change tags"), answered)

    def action_quick_tag(self, digit: str) -> None:
        tag = self.config.quick_tags.get(str(digit), "")
        ids = self.targets()
        if not tag or not ids:
            return
        if len(ids) == 1:
            self._write("Tagged", lambda store: tags.toggle_tag(store, ids, tag), many=False)
            return
        # A toggle adds to the articles that lack the tag, or removes it when all have it.
        adding = self.library.preview_tags(ids, [tag], [])
        add, remove = ([tag], []) if adding else ([], [tag])
        self.write_tags(ids, add, remove)

    def action_accept_suggestion(self) -> None:
        current = self.current
        shown = self.article_view.shown_suggestions
        if current is None or not shown:
            self.status_bar.update(note="No suggestion for this article.")
            return
        if self.library.accept_suggestion(current.id, shown[0]):
            self.article_view.show_suggestions(current.id, ())
            self.status_bar.update(note=f"Tagged: +{one_line(shown[0])} (suggested)", error=False)
            self._after_change(reload=False)

    def _write(self, verb: str, write: Write, *, reload: bool = False, many: bool = True) -> None:
        """Run a journalled change. One that may touch many articles (bulk tags, undo, redo)
        runs in a worker with its own store, so the screen keeps drawing meanwhile."""
        if self.store.path is None or not many:
            self.on_change_written(ChangeWritten(verb, write(self.store), reload))
            return
        self.status_bar.update(job=f"{DOING.get(verb, verb)}…")
        self.write_in_background(verb, write, reload)

    @work(thread=True, group="write", exit_on_error=False)
    def write_in_background(self, verb: str, write: Write, reload: bool) -> None:
        database = self.store.path
        assert database is not None
        with Store.open(database) as store:
            change = write(store)
        self.post_message(ChangeWritten(verb, change, reload))

    def on_change_written(self, event: ChangeWritten) -> None:
        self.status_bar.update(job="")
        change = event.change
        if change is None:
            word = "undo" if event.verb == "Undid" else "redo"
            self.status_bar.update(note=f"Nothing to {word}.", error=False)
            return
        if not change.batch:
            self.status_bar.update(note="Nothing to change.", error=False)
            return
        self.status_bar.update(note=f"{event.verb}: {change.description}", error=False)
        self.library.forget_all()
        self._after_change(reload=event.reload)

    def _after_change(self, *, reload: bool) -> None:
        """Tags or state changed: redraw the rows, the article and the counts."""
        if reload:
            self.reload_list()
        self.article_list.row_changed()
        current = self.current
        if current is not None:
            self.show_article(current.id, keep_position=True)
        self.refresh_status()
        self.schedule_view_counts()

    def action_undo(self) -> None:
        self._write("Undid", tags.undo, reload=True)

    def action_redo(self) -> None:
        self._write("Redid", tags.redo, reload=True)

    # ---- suggestions -----------------------------------------------------------------------

    def find_suggestions(self, article_id: str) -> None:
        if self.suggester is None:
            from reader import topics

            found = topics.suggest(self.store, [article_id], min_score=topics.SHOW_THRESHOLD)
            tags = tuple(s.tag for s in found.get(article_id, []))
            self.on_suggestions_ready(SuggestionsReady(article_id, tags))
        else:
            self.suggest_in_background(article_id)

    @work(thread=True, exclusive=True, group="suggest", exit_on_error=False)
    def suggest_in_background(self, article_id: str) -> None:
        worker = get_current_worker()
        assert self.suggester is not None
        tags = self.suggester.suggest(article_id, lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.post_message(SuggestionsReady(article_id, tags))

    def on_suggestions_ready(self, event: SuggestionsReady) -> None:
        self.article_view.show_suggestions(event.article_id, event.tags)
        self.refresh_bindings()

    # ---- marks -----------------------------------------------------------------------------

    def on_marks_changed(self, event: MarksChanged) -> None:
        self.refresh_status()

    def action_mark_all(self) -> None:
        marked = self.library.mark_all()
        self.article_list.row_changed()
        tag, clear = self._key_of("edit_tags"), self._key_of("clear_marks")
        self.status_bar.update(note=f"{marked:,} marked: {tag} tags them, {clear} clears the marks")
        self.refresh_status()

    def action_clear_marks(self) -> None:
        self.library.clear_marks()
        self.article_list.row_changed()
        self.refresh_status()

    # ---- saved views -----------------------------------------------------------------------

    def action_toggle_views(self) -> None:
        views = self.view_list
        if self.focused is views:
            self.set_class(False, "-views-open")
            if not self.narrow:
                self.set_class(True, "-views-hidden")
            self._focus_list()
            return
        self.set_class(False, "-reading")
        self.set_class(False, "-views-hidden")
        self.set_class(True, "-views-open")
        views.highlight_current()
        self.set_focus(views)
        self.refresh_bindings()

    def on_view_chosen(self, event: ViewChosen) -> None:
        current = self.current
        if self.apply_filter(event.query, keep_id=current.id if current else None):
            self.set_class(False, "-views-open")
            self.filter_bar.display = False
            self._focus_list()
            # A tag's or topic's view is named by its query: the filter shown says it already.
            named = event.name.strip() != event.query.strip()
            self.status_bar.update(note=f"View: {one_line(event.name)}" if named else "")

    def schedule_view_counts(self) -> None:
        if self._views_timer is not None:
            self._views_timer.stop()
        self._views_timer = self.set_timer(self.view_count_delay, self.count_views)

    def count_views(self) -> None:
        self._views_timer = None
        queries = tuple(dict.fromkeys(v.query.strip() for v in self.config.views))
        if self.store.path is None:
            self.on_views_counted(self._count_views(self.store, queries))
        else:
            self.count_views_in_background(queries)

    @staticmethod
    def _count_views(store: Store, queries: tuple[str, ...]) -> ViewsCounted:
        counts: list[int | None] = []
        for text in queries:
            try:
                counts.append(count_matches(store, text))
            except FilterError:
                counts.append(None)
        return ViewsCounted(queries, tuple(counts), tuple(tag_views(store, TAG_VIEWS)))

    @work(thread=True, exclusive=True, group="views", exit_on_error=False)
    def count_views_in_background(self, queries: tuple[str, ...]) -> None:
        database = self.store.path
        assert database is not None
        with Store.open(database) as store:
            counted = self._count_views(store, queries)
        if not get_current_worker().is_cancelled:
            self.post_message(counted)

    def on_views_counted(self, event: ViewsCounted) -> None:
        self.view_list.set_counts(event.queries, event.counts, event.tag_views)

    def action_save_view(self) -> None:
        text = self.library.filter_text
        if not text:
            return
        explanation = Text("Name for the view showing ", style="dim")
        explanation.append(one_line(text), style="bold")
        prompt = PromptScreen("Save view", explanation, value=one_line(text)[:30])

        def named(name: str | None) -> None:
            if not name:
                return
            views = [v for v in self.config.views if v.name != name]
            views.append(SavedView(name, text))
            if self._save_views(views):
                self.status_bar.update(note=f"Saved view: {one_line(name)}", error=False)

        self.app.push_screen(prompt, named)

    def _view_to_delete(self) -> SavedView | None:
        if self.focused is self.view_list:
            # Only the user's own views can be deleted; the tags' and topics' come by themselves.
            highlighted = self.view_list.highlighted_view
            return next((v for v in self.config.views if v is highlighted), None)
        showing = self.library.filter_text
        if not showing:  # "All" is deleted from the views list only, never by a stray key
            return None
        return next((v for v in self.config.views if v.query.strip() == showing), None)

    def action_delete_view(self) -> None:
        view = self._view_to_delete()
        if view is None:
            return
        question = Text("Delete the view ")
        question.append(one_line(view.name), style="bold")
        question.append(" (")
        question.append(one_line(view.query) or "everything", style="dim")
        question.append(")? The articles are not touched.")

        def answered(yes: bool | None) -> None:
            if yes and self._save_views([v for v in self.config.views if v is not view]):
                self.status_bar.update(note=f"Deleted view: {one_line(view.name)}", error=False)

        self.app.push_screen(ConfirmScreen(question, title="Delete view"), answered)

    def _save_views(self, views: list[SavedView]) -> bool:
        """Store the views in config.toml (other settings as the file has them) and show them."""
        path = self.reader_app.locations.config_file
        on_disk, _warnings = Config.load(path)
        on_disk.views = views
        try:
            on_disk.save(path)
        except OSError as error:
            self.status_bar.update(note=f"cannot save {path}: {error}", error=True)
            return False
        self.config.views = views
        self.view_list.set_views(views)
        self.count_views()
        self.refresh_bindings()
        return True


def _a_kind(label: str) -> str:
    """How the status line names a type: "a place", "an organisation", "under Other"."""
    kind = LABEL_NAMES.get(label, label.lower())
    if label == "OTHER":
        return "under Other"
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"
