"""The filter bar shown above the list by ``/``: the query, and under it how many articles it
matches (counted in the background as you type) or a caret under what it could not understand.

Typing is counted once it pauses (``count_delay``), in a worker that a newer count cancels, so a
slow count over a big archive never holds up the keys. Submitting posts ``FilterSubmitted``; the
screen applies it. Escape, handled by the screen, closes the bar.
"""

from __future__ import annotations

import sqlite3
from functools import partial
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Input, Static

from reader import query
from reader.listing import FilterError, count_matches
from reader.query import QueryError
from reader.store import Store
from reader.tui.jobs import cancellable
from reader.tui.messages import FilterCounted, FilterSubmitted
from reader.tui.render import one_line
from reader.tui.work import Cancelled, in_store, run_job

COUNT_DELAY = 0.15  # seconds typing pauses before the bar counts matches

PLACEHOLDER = 'words, +tag, -tag, entity:"Name", is:unread, date:2023-10'


def error_line(error: QueryError, text: str, offset: int = 0) -> Text:
    """A caret under the error position (the query starts at column ``offset``) and what was
    expected there. The query is shown by the input above, so only the caret line is drawn."""
    pointer = error.pointer(text).split("\n")[-1]
    # The explanation may wrap onto more lines; the caret stays on the first.
    line = Text(" " * offset + pointer, overflow="fold", end="")
    wanted = f"expected {error.expected}" if error.expected else error.message
    line.append(" " + one_line(wanted))
    return line


def count_filter(text: str, store: Store, cancelled: Cancelled) -> FilterCounted:
    """How many articles ``text`` matches; a count cancelled by more typing stops early."""
    try:
        with cancellable(store, cancelled):
            return FilterCounted(text, count_matches(store, text))
    except FilterError as error:
        return FilterCounted(text, None, str(error))
    except sqlite3.OperationalError as error:  # interrupted: a newer count replaces it
        return FilterCounted(text, None, str(error))


class FilterBar(Vertical):
    count_delay = COUNT_DELAY

    def __init__(self, database: Path, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.database = database
        self.error = False
        self.display = False
        self._count_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        # Two rows: "/ query" on the first, the count or the error caret on the second.
        with Horizontal(id="filter-row"):
            yield Static("/", id="filter-prompt")
            yield Input(placeholder=PLACEHOLDER, id="filter-query")
        yield Static("", id="filter-status")

    @property
    def input(self) -> Input:
        return self.query_one("#filter-query", Input)

    @property
    def status(self) -> Static:
        return self.query_one("#filter-status", Static)

    @property
    def value(self) -> str:
        return self.input.value

    def open(self, text: str) -> None:
        self.display = True
        self.input.value = text
        self.input.cursor_position = len(text)
        # At once, not after the queued events: keys typed right after "/" belong to the bar.
        self.screen.set_focus(self.input)

    def close(self) -> None:
        self._stop_counting()
        self.display = False

    @property
    def text_column(self) -> int:
        """Where the query's first character is drawn: past the input's border and padding."""
        return max(0, self.input.content_region.x - self.region.x)

    def show_count(self, count: int) -> None:
        self.error = False
        self.status.set_class(False, "-error")
        noun = "article matches" if count == 1 else "articles match"
        self.status.update(Text(" " * self.text_column + f"{count:,} {noun}", no_wrap=True))

    def show_error(self, error: QueryError | str, text: str) -> None:
        self.error = True
        self.status.set_class(True, "-error")
        if isinstance(error, QueryError):
            column = self.text_column - int(self.input.scroll_offset.x)
            self.status.update(error_line(error, text, max(0, column)))
        else:
            self.status.update(Text(" " * self.text_column + one_line(error), no_wrap=True))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._count_timer is not None:
            self._count_timer.stop()
        text = event.value
        self._count_timer = self.set_timer(self.count_delay, lambda: self.count_now(text))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(FilterSubmitted(event.value))

    def count_now(self, text: str) -> None:
        """Show a bad query's error at once (parsing is cheap); count a good one in a worker."""
        self._count_timer = None
        try:
            query.compile_filter(text)
        except QueryError as error:
            self.workers.cancel_group(self, "count")
            self.show_error(error, text)
            return
        job = in_store(self.database, partial(count_filter, text))
        run_job(self, job, group="count", exclusive=True)

    def _stop_counting(self) -> None:
        if self._count_timer is not None:
            self._count_timer.stop()
            self._count_timer = None
        self.workers.cancel_group(self, "count")

    def on_filter_counted(self, event: FilterCounted) -> None:
        event.stop()
        if not self.display or event.text != self.value:
            return
        if event.count is None:
            self.show_error(event.error or "cannot count this filter", event.text)
        else:
            self.show_count(event.count)
