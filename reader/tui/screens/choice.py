"""A dialog that asks for one of a few choices: a question, the choices with the current one
marked "(now)", Enter answers, Esc (or q) cancels. The sort order and a name's type ask this
way; the dialog changes nothing itself, it answers the chosen id (or None)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.tui.commands import app_keymap, bindings, key_hint


class TypeChoices(OptionList, inherit_bindings=False):
    """The choices; moves with the entity panel's keys (j/k, g/G, Enter)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("entities")


class ChoiceScreen(ModalScreen[str | None]):
    """``choices`` are (id, name) pairs; ``current`` is marked and highlighted first. Its
    parts are named ``{name}-body``, ``{name}-question`` and ``{name}-choices`` for styling."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("dialog")

    def __init__(
        self,
        *,
        name: str,
        title: str,
        verb: str,
        question: Text,
        choices: Sequence[tuple[str, str]],
        current: str,
    ) -> None:
        super().__init__()
        self._part = name
        self._dialog_title = title
        self._verb = verb
        self._question = question
        self._ids = [choice for choice, _ in choices]
        self._choices = list(choices)
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(id=f"{self._part}-body") as body:
            body.border_title = self._dialog_title
            cancel = key_hint("close", app_keymap(self.app))
            body.border_subtitle = Content(f"Enter: {self._verb} · {cancel}: cancel")
            yield Static(self._question, id=f"{self._part}-question")
            options = []
            for choice, label in self._choices:
                prompt = Text(label)
                if choice == self._current:
                    prompt.append("  (now)", style="dim")
                options.append(Option(prompt, id=choice))
            yield TypeChoices(*options, id=f"{self._part}-choices")

    @property
    def choices(self) -> OptionList:
        return self.query_one(TypeChoices)

    def on_mount(self) -> None:
        self.choices.highlighted = (
            self._ids.index(self._current) if self._current in self._ids else 0
        )
        self.set_focus(self.choices)

    def highlight(self, choice: str) -> None:
        """Put the cursor on a choice (what the arrow keys do, by id)."""
        self.choices.highlighted = self._ids.index(choice)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
