"""A yes-or-no question asked before a change to several articles (or deleting a view)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.tui.commands import app_keymap, bindings, key_hint


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [*bindings("dialog"), *bindings("confirm")]

    def __init__(self, question: Text, *, title: str = "Confirm") -> None:
        super().__init__()
        self.question = question
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-body") as body:
            body.border_title = self.title_text
            keymap = app_keymap(self.app)
            yes = key_hint("confirm", keymap, 2)
            no = f"{key_hint('deny', keymap)} or {key_hint('close', keymap)}"
            # Content, not a markup string: a key like "[" is text.
            body.border_subtitle = Content(f"{yes}: yes · {no}: no")
            yield Static(self.question, id="confirm-question")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)
