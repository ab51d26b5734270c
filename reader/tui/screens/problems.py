"""The problems screen: files that could not be read, with the reason and what to do."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.model import Problem
from reader.tui.commands import app_keymap, bindings, close_and_scroll_hint
from reader.tui.render import one_line
from reader.tui.widgets.scroll_body import ScrollBody


def problems_table(problems: Sequence[Problem]) -> RenderableType:
    """Each file in bold, its reason indented below (wrapped lines keep the indent)."""
    if not problems:
        return Text("Every file was read.")
    rows: list[RenderableType] = []
    for problem in problems:
        rows.append(Text(one_line(problem.path), style="bold"))
        reason = Text(one_line(problem.reason))
        if problem.detail:
            reason.append(": " + one_line(problem.detail), style="dim")
        rows.append(Padding(reason, (0, 0, 0, 2)))
    return Group(*rows)


class ProblemsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("dialog")

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__()
        self.problems = list(problems)

    def compose(self) -> ComposeResult:
        with ScrollBody(id="problems-body") as body:
            count = len(self.problems)
            body.border_title = f"Problems ({count:,})" if count else "Problems"
            body.border_subtitle = Content(close_and_scroll_hint(app_keymap(self.app)))
            yield Static(problems_table(self.problems), id="problems-table")

    def action_close(self) -> None:
        self.dismiss()
