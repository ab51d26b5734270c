"""The filter bar shown above the list by ``/``: the query, and under it how many articles it
matches (counted in the background as you type) or a caret under what it could not understand.

The bar only shows what the screen tells it (``show_count``, ``show_error``); the screen debounces
``FilterEdited`` and counts in a worker. Escape, handled by the screen, closes the bar.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from reader.query import QueryError
from reader.tui.messages import FilterEdited, FilterSubmitted
from reader.tui.render import one_line

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


class FilterBar(Vertical):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"filter-bar--count", "filter-bar--error"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.error = False

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
        self.post_message(FilterEdited(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(FilterSubmitted(event.value))
