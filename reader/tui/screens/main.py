"""The main screen: the article list, the article, the entity panel and the status line.

Wide terminals show the list and the article side by side; narrow ones show one at a time
(``-reading`` switches to the article). Indexing and entity recognition run in thread workers
and report to the status line; the list stays usable throughout.
"""

from __future__ import annotations

import webbrowser
from collections.abc import Sequence
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from reader.store import Store, StoredArticle
from reader.tui import jobs
from reader.tui.commands import bindings
from reader.tui.library import (
    FilterError,
    Library,
    ListRequest,
    entity_filter_text,
    load_list,
)
from reader.tui.messages import (
    ArticleChosen,
    ArticleHighlighted,
    EntityChosen,
    FilterSubmitted,
    JobFinished,
    JobProgress,
    ListLoaded,
)
from reader.tui.render import HIGHLIGHT_MODES
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.entity_panel import EntityPanel
from reader.tui.widgets.filter_input import FilterInput
from reader.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp


REPEAT_WINDOW = 0.12  # seconds between highlights that count as a held-down key
PREVIEW_DELAY = 0.08  # seconds the cursor rests before a held key's article is shown


class MainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("screen")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012

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

    @property
    def reader_app(self) -> ReaderApp:
        from reader.tui.app import ReaderApp

        assert isinstance(self.app, ReaderApp)
        return self.app

    # ---- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            with Vertical(id="list-pane"):
                yield FilterInput(id="filter")
                yield ArticleList(self.library, id="articles")
            with Vertical(id="article-pane"):
                yield ArticleView(id="article")
            yield EntityPanel(id="entities")
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
    def filter_input(self) -> FilterInput:
        return self.query_one("#filter", FilterInput)

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
        self.filter_input.display = False
        self.article_view.tag_colors = self.tag_colors
        self._load(self.library.apply_filter(""))
        self.article_list.reset()
        self.article_list.focus()
        self.refresh_status()
        if self.store.path is None:
            return
        if self.paths:
            self.jobs_running = 1
            self.status_bar.update(job=f"{jobs.INDEXING}…")
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
        counts = f" {event.done:,}/{event.total:,}" if event.total else ""
        self.status_bar.update(job=f"{event.what}{counts}…")

    def on_job_finished(self, event: JobFinished) -> None:
        if event.changed:
            self.reload_list()
        if event.what == jobs.INDEXING:
            self.run_entities()
        else:
            self.jobs_running = 0
            if self.current is not None and event.changed:
                self.article_view.forget(self.current.id)
                self.show_article(self.current.id, keep_position=True)
        if event.summary:
            self.status_bar.update(job="", note=event.summary, error=event.failed)
        else:
            self.status_bar.update(job="")
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
                "  No articles match this filter. Esc clears it."
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

    def _focus_article(self) -> None:
        self.set_class(True, "-reading")
        self.article_view.focus()

    def _focus_list(self) -> None:
        self.set_class(False, "-reading")
        self.article_list.focus()

    # ---- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        current = self.current
        if action in ("toggle_read", "toggle_star", "cycle_highlights", "read_on"):
            return current is not None
        if action == "toggle_entities":
            return current is not None or self.entities_open
        if action in ("open_url", "copy_url"):
            return current is not None and bool(current.article.url)
        if action in ("next_unread", "previous_unread"):
            return self.library.unread > 0
        if action == "back":
            return self.focused is not self.article_list
        if action == "clear":
            return bool(
                self.filter_input.display
                or self.entities_open
                or (self.narrow and self.has_class("-reading"))
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
            target.focus()

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
        field = self.filter_input
        field.value = self.library.filter_text
        field.display = True
        self.set_class(False, "-reading")
        field.focus()
        self.refresh_bindings()

    def on_filter_submitted(self, event: FilterSubmitted) -> None:
        if self.apply_filter(event.text):
            self.filter_input.display = False
            self._focus_list()

    def apply_filter(self, text: str, *, keep_id: str | None = None) -> bool:
        """Filter the list; a filter that cannot be understood is reported and changes nothing.
        ``keep_id``: the article to keep the cursor on if the new list has it."""
        try:
            request = self.library.apply_filter(text)
        except FilterError as error:
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
        self.refresh_status()
        return True

    def action_clear(self) -> None:
        if self.filter_input.display:
            self.filter_input.display = False
            self._focus_list()
        elif self.entities_open and self.focused is self.entity_panel:
            self._close_entities()
        elif self.narrow and self.has_class("-reading"):
            self._focus_list()
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
        self.entity_panel.focus()
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
            self.article_view.focus()
