"""The filter input shown above the list by ``/`` (escape, handled by the screen, closes it)."""

from __future__ import annotations

from textual.widgets import Input

from reader.tui.messages import FilterSubmitted


class FilterInput(Input):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder='words, entity:"Name", is:unread', id=id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(FilterSubmitted(event.value))
