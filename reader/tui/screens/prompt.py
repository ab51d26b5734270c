"""Asks for one line of text (the name of a saved view, the name another one is the same as);
Enter answers, Esc cancels. With a suggester, the input offers a completion (right arrow takes
it)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from reader.tui.commands import app_keymap, bindings, key_hint


class PromptScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("dialog")

    def __init__(
        self,
        title: str,
        explanation: Text,
        *,
        value: str = "",
        answer: str = "save",
        suggester: Suggester | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.explanation = explanation
        self.value = value
        self.answer = answer  # what Enter does, for the hint: "save", "merge"
        self.suggester = suggester

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-body") as body:
            body.border_title = self.title_text
            cancel = key_hint("close", app_keymap(self.app))
            complete = " · →: complete" if self.suggester is not None else ""
            body.border_subtitle = Content(f"Enter: {self.answer}{complete} · {cancel}: cancel")
            yield Static(self.explanation, id="prompt-explanation")
            yield Input(self.value, id="prompt-input", suggester=self.suggester)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#prompt-input", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        answer = event.value.strip()
        if answer:
            self.dismiss(answer)

    def action_close(self) -> None:
        self.dismiss(None)


class NameSuggester(Suggester):
    """Completes a name from the archive's names, most mentioned first. The names arrive from a
    worker after the prompt opens (``set_names``); until then nothing is suggested."""

    def __init__(self, *, exclude: str = "") -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.exclude = exclude.casefold()
        self._names: list[str] = []
        self._folded: list[str] = []

    def set_names(self, names: list[str]) -> None:
        kept = [n for n in names if n.casefold() != self.exclude]
        self._names = kept
        self._folded = [n.casefold() for n in kept]

    def spelling(self, name: str) -> str:
        """The archive's spelling of a name typed in another case ("united states")."""
        folded = " ".join(name.split()).casefold()
        for known, written in zip(self._folded, self._names, strict=True):
            if known == folded:
                return written
        return name

    async def get_suggestion(self, value: str) -> str | None:
        if not value.strip():
            return None
        for folded, name in zip(self._folded, self._names, strict=True):
            if folded.startswith(value):
                return name
        return None
