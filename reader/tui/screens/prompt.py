"""Asks for one line of text (the name of a saved view); Enter answers, Esc cancels."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.tui.commands import app_keymap, bindings, key_hint


class PromptScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("dialog")

    def __init__(self, title: str, explanation: Text, *, value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.explanation = explanation
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-body") as body:
            body.border_title = self.title_text
            cancel = key_hint("close", app_keymap(self.app))
            body.border_subtitle = Content(f"Enter: save · {cancel}: cancel")
            yield Static(self.explanation, id="prompt-explanation")
            yield Input(self.value, id="prompt-input")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#prompt-input", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        answer = event.value.strip()
        if answer:
            self.dismiss(answer)

    def action_close(self) -> None:
        self.dismiss(None)
