"""Asks which order the list is sorted in: by date, title or source, either way. Enter
chooses, Esc (or q) cancels.

It changes nothing itself: it answers the chosen order's name (``reader.store.SORTS``) or None,
and the main screen sorts the list, for the view showing.
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

from reader.listing import SORT_NAMES
from reader.tui.commands import app_keymap, bindings, key_hint
from reader.tui.screens.entity_type import TypeChoices


class SortScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("dialog")

    def __init__(self, current: str, *, query: str = "") -> None:
        super().__init__()
        self.current = current or "-date"
        self.query_text = query

    def compose(self) -> ComposeResult:
        with Vertical(id="sort-body") as body:
            body.border_title = "Sort the list"
            cancel = key_hint("close", app_keymap(self.app))
            body.border_subtitle = Content(f"Enter: sort · {cancel}: cancel")
            question = Text("Order of ", style="dim")
            question.append(self.query_text or "every article", style="bold")
            yield Static(question, id="sort-question")
            options = []
            for sort, name in SORT_NAMES.items():
                prompt = Text(name)
                if sort == self.current:
                    prompt.append("  (now)", style="dim")
                options.append(Option(prompt, id=sort))
            yield TypeChoices(*options, id="sort-choices")

    @property
    def choices(self) -> OptionList:
        return self.query_one(TypeChoices)

    def on_mount(self) -> None:
        self.choices.highlighted = list(SORT_NAMES).index(self.current)
        self.set_focus(self.choices)

    def highlight(self, sort: str) -> None:
        """Put the cursor on an order (what the arrow keys do, by name)."""
        self.choices.highlighted = list(SORT_NAMES).index(sort)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
