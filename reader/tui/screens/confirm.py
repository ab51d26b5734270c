"""A yes-or-no question asked before a change to several articles (or deleting a view)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.tui.commands import bindings


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [*bindings("dialog"), *bindings("confirm")]

    def __init__(self, question: Text, *, title: str = "Confirm") -> None:
        super().__init__()
        self.question = question
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-body") as body:
            body.border_title = self.title_text
            body.border_subtitle = "y or Enter: yes · n or Esc: no"
            yield Static(self.question, id="confirm-question")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)
