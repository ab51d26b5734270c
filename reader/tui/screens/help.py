"""The help screen: every key, listed from the same definitions that bind them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.tui.commands import bindings, close_and_scroll_hint, grouped, keys_for
from reader.tui.widgets.scroll_body import ScrollBody


def subtitle(keymap: Mapping[str, str]) -> Content:
    """How to close and scroll, with the keys as bound now. Content, not a markup string:
    "[keymap]" is text to show, not a style."""
    return Content(f"{close_and_scroll_hint(keymap)} · keys can be changed in config.toml [keymap]")


def help_table(keymap: Mapping[str, str]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold", no_wrap=True)
    table.add_column()
    for group, commands in grouped():
        if not commands:
            continue
        table.add_row(Text(""), Text(""))
        table.add_row(Text(""), Text(group, style="bold underline"))
        # Commands that share a help line (the quick tags 1-9) share a row.
        keys: dict[str, list[str]] = {}
        for command in commands:
            keys.setdefault(command.help, []).extend(keys_for(command, keymap))
        for help_line, command_keys in keys.items():
            shown = (
                command_keys if len(command_keys) <= 3 else [command_keys[0], "…", command_keys[-1]]
            )
            table.add_row(Text(" ".join(shown)), Text(help_line))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("dialog")

    def __init__(self, keymap: Mapping[str, str]) -> None:
        super().__init__()
        self.keymap = dict(keymap)

    def compose(self) -> ComposeResult:
        with ScrollBody(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = subtitle(self.keymap)
            yield Static(help_table(self.keymap), id="help-table")

    def action_close(self) -> None:
        self.dismiss()
