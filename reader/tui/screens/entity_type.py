"""Asks which type a name is: person, organisation, place or other. Enter answers, Esc cancels.

It changes nothing itself: it answers the chosen label (or None) and the main screen applies it.
"""

from __future__ import annotations

from rich.text import Text

from reader.model import ENTITY_LABELS
from reader.tui.render import one_line
from reader.tui.screens.choice import ChoiceScreen, TypeChoices

__all__ = ["TYPE_NAMES", "EntityTypeScreen", "TypeChoices"]

TYPE_NAMES = {
    "PERSON": "Person",
    "ORG": "Organisation",
    "PLACE": "Place",
    "OTHER": "Other (nationality, event, work…)",
}


class EntityTypeScreen(ChoiceScreen):
    def __init__(self, name: str, label: str) -> None:
        question = Text("What is ", style="dim")
        question.append(one_line(name), style="bold")
        question.append("?", style="dim")
        super().__init__(
            name="entity-type",
            title="Type of name",
            verb="choose",
            question=question,
            choices=[(type_, TYPE_NAMES.get(type_, type_)) for type_ in ENTITY_LABELS],
            current=label,
        )
