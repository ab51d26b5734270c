"""Asks which order the list is sorted in: by date, title or source, either way. Enter
chooses, Esc (or q) cancels.

It changes nothing itself: it answers the chosen order's name (``reader.store.SORTS``) or None,
and the main screen sorts the list, for the view showing.
"""

from __future__ import annotations

from rich.text import Text

from reader.listing import SORT_NAMES
from reader.tui.screens.choice import ChoiceScreen


class SortScreen(ChoiceScreen):
    def __init__(self, current: str, *, query: str = "") -> None:
        question = Text("Order of ", style="dim")
        question.append(query or "every article", style="bold")
        super().__init__(
            name="sort",
            title="Sort the list",
            verb="sort",
            question=question,
            choices=list(SORT_NAMES.items()),
            current=current or "-date",
        )
