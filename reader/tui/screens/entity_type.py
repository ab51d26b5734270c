"""Asks which type a name is: person, organisation, place or other. Enter answers, Esc cancels.

It changes nothing itself: it answers the chosen label (or None) and the main screen applies it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.model import ENTITY_LABELS
from reader.tui.commands import app_keymap, bindings, key_hint
from reader.tui.render import one_line

TYPE_NAMES = {
    "PERSON": "Person",
    "ORG": "Organisation",
    "PLACE": "Place",
    "OTHER": "Other (nationality, event, work…)",
}


class TypeChoices(OptionList, inherit_bindings=False):
    """The four types; moves with the entity panel's keys (j/k, g/G, Enter)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("entities")


class EntityTypeScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("dialog")

    def __init__(self, name: str, label: str) -> None:
        super().__init__()
        self.entity_name = name
        self.label = label

    def compose(self) -> ComposeResult:
        with Vertical(id="entity-type-body") as body:
            body.border_title = "Type of name"
            cancel = key_hint("close", app_keymap(self.app))
            body.border_subtitle = Content(f"Enter: choose · {cancel}: cancel")
            question = Text("What is ", style="dim")
            question.append(one_line(self.entity_name), style="bold")
            question.append("?", style="dim")
            yield Static(question, id="entity-type-question")
            options = []
            for label in ENTITY_LABELS:
                prompt = Text(TYPE_NAMES.get(label, label))
                if label == self.label:
                    prompt.append("  (now)", style="dim")
                options.append(Option(prompt, id=label))
            yield TypeChoices(*options, id="entity-type-choices")

    def on_mount(self) -> None:
        choices = self.query_one(TypeChoices)
        if self.label in ENTITY_LABELS:
            choices.highlighted = list(ENTITY_LABELS).index(self.label)
        else:
            choices.highlighted = 0
        self.set_focus(choices)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
