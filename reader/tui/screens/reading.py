"""The questions the reading tools ask, each a ``PromptScreen`` (one line, Enter answers, the
close key cancels): what to find in the article, which numbered link to open or copy, and the
command to pipe the article to."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.widgets import Input, Static

from reader.tui.commands import bindings
from reader.tui.screens.prompt import PromptScreen


class FindScreen(PromptScreen):
    """What to find in the article. Enter on an empty line ends the search."""

    def __init__(self, value: str = "") -> None:
        explanation = Text(
            "Words to find in the article (case and accents ignored). "
            "Enter on an empty line ends the search."
        )
        super().__init__("Find in the article", explanation, value=value, answer="find")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        event.prevent_default()  # the prompt's own handler ignores an empty line
        self.dismiss(event.value.strip())


class LinkScreen(PromptScreen):
    """Which numbered link to open (or copy): the number is taken as soon as no other link's
    number starts with it (with 3 links "2" is enough; with 12, "1" waits for Enter or a
    second digit)."""

    def __init__(self, count: int, *, copy: bool) -> None:
        self.count = count
        verb = "copy" if copy else "open"
        explanation = Text(f"The number after the link to {verb} (1-{count}):")
        super().__init__("Copy a link" if copy else "Open a link", explanation, answer=verb)

    def on_mount(self) -> None:
        # After the prompt's own on_mount (Textual runs both), which focuses the input.
        self.query_one("#prompt-input", Input).restrict = r"[0-9]*"

    def chosen(self, value: str) -> int | None:
        """The link number ``value`` names, or None if it is none of them."""
        if not value.isdigit():
            return None
        number = int(value)
        return number if 1 <= number <= self.count else None

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        number = self.chosen(event.value)
        if number is not None and number * 10 > self.count:  # no other number goes on from it
            self.dismiss(str(number))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        event.prevent_default()  # a number out of range is answered here, not dismissed
        number = self.chosen(event.value)
        if number is not None:
            self.dismiss(str(number))
        elif event.value:
            self.query_one("#prompt-explanation", Static).update(
                Text(f"There is no link {event.value}: the numbers go from 1 to {self.count}.")
            )


class PipeScreen(PromptScreen):
    """The shell command to pipe the article to; a key switches between sending plain text
    and Markdown (``markdown`` says which was chosen)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("pipe")

    def __init__(self, value: str = "", *, markdown: bool = False, toggle_key: str) -> None:
        self.markdown = markdown
        self.toggle_key = toggle_key
        super().__init__(
            "Pipe the article to a command", self._explain(), value=value, answer="run"
        )

    def _explain(self) -> Text:
        sent = "Markdown" if self.markdown else "plain text"
        other = "plain text" if self.markdown else "Markdown"
        toggle = self.toggle_key
        text = Text("A shell command, given the article as ")
        text.append(sent, style="bold")
        text.append(f" on its input ({toggle}: send {other}). Its output shows in the terminal.")
        return text

    def action_toggle_format(self) -> None:
        self.markdown = not self.markdown
        self.query_one("#prompt-explanation", Static).update(self._explain())
