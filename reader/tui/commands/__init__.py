"""Every user action, defined once: its key binding, its help line and its palette entry.

A ``Command`` names the action it runs in each scope where it applies ("app", "screen", "list",
"article", "entities", "views", and "scroll" for the help and problems screens). Widgets and
screens take their ``BINDINGS`` from ``bindings(scope)``, the help screen lists ``COMMANDS``, and
the command palette offers the ones with ``palette=True``.
The binding id is the command id, so ``keymap = {next_unread = "N"}`` in config.toml rebinds it.
A command a pane carries out is handed to it by name, so the screen needs no method for it:
``list('sort')`` to the list pane, ``reading('find')`` to the article pane and
``entity('hide_entity')`` to the entity pane.
The table is cut by what the commands do, one module each (``moving``, ``tagging``,
``finding``, ``application``, ``reading_tools``); a new command goes in the module of its kind.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import replace

from textual.actions import parse as parse_action
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from reader.tui.commands import application, finding, moving, reading_tools, tagging
from reader.tui.commands.command import GROUPS, Command, Scope

__all__ = [
    "BY_ID",
    "COMMANDS",
    "GROUPS",
    "Command",
    "ReaderCommands",
    "Scope",
    "app_keymap",
    "bindings",
    "close_and_scroll_hint",
    "grouped",
    "key_hint",
    "key_label",
    "keys_for",
]

# In this order: where two commands share a key in one scope, the earlier one is bound.
COMMANDS: tuple[Command, ...] = (
    *moving.COMMANDS,
    *tagging.COMMANDS,
    *finding.COMMANDS,
    *application.COMMANDS,
    *reading_tools.COMMANDS,
)

# ---- Words people use for the commands above (the palette finds them by these too) ---------
PALETTE_WORDS: dict[str, str] = {
    "next_unread": "next unread forward",
    "previous_unread": "previous unread back",
    "scroll_body": "page read on space",
    "toggle_read": "mark read unread seen",
    "toggle_star": "star favourite flag bookmark",
    "open_url": "browser web link address url",
    "copy_url": "clipboard link address url yank",
    "edit_tags": "tag label categorise",
    "accept_suggestion": "suggested tag suggestion",
    "undo": "revert take back",
    "redo": "again",
    "mark_all": "select all",
    "clear_marks": "unselect deselect unmark",
    "search": "search find query filter limit",
    "clear": "reset escape",
    "toggle_views": "saved views folders searches",
    "save_view": "saved view bookmark search",
    "delete_view": "remove saved view",
    "toggle_entities": "names people places organisations entities",
    "hide_entity": "entity name remove wrong",
    "relabel_entity": "entity name type kind",
    "alias_entity": "entity name merge alias same",
    "split_entity": "entity name split separate apart",
    "cycle_highlights": "colour color highlight names entities",
    "toggle_sidebar": "list sidebar hide layout focus",
    "toggle_theme": "theme dark light colours colors appearance",
    "problems": "errors failed files warnings config",
    "help": "keys shortcuts bindings help",
    "find_in_article": "search find in article text words",
    "open_link": "link hint follow url number",
    "copy_link": "link copy yank clipboard number",
    "pipe_article": "pipe command shell filter",
    "save_article": "save file write export",
    "open_pager": "pager less more",
    "open_editor": "editor vim edit",
}
COMMANDS = tuple(
    replace(c, keywords=f"{c.keywords} {PALETTE_WORDS[c.id]}".strip())
    if c.id in PALETTE_WORDS
    else c
    for c in COMMANDS
)

BY_ID: dict[str, Command] = {command.id: command for command in COMMANDS}


def bindings(scope: Scope) -> list[BindingType]:
    """The Textual bindings for one scope, generated from ``COMMANDS``."""
    return [
        Binding(
            command.keys,
            command.actions[scope],
            command.title,
            show=False,
            id=command.id,
            tooltip=command.help,
            priority=command.priority,
        )
        for command in COMMANDS
        if scope in command.actions
    ]


_KEY_NAMES = {
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "home": "Home",
    "end": "End",
    "enter": "Enter",
    "escape": "Esc",
    "space": "Space",
    "tab": "Tab",
    "slash": "/",
    "question_mark": "?",
    "exclamation_mark": "!",
    "asterisk": "*",
    "backslash": "\\",
    "delete": "Del",
    "vertical_line": "|",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
}


def key_label(key: str) -> str:
    """How a Textual key name is shown to people: ``ctrl+p`` -> ``^p``, ``pagedown`` -> ``PgDn``."""
    key = key.strip()
    if key in _KEY_NAMES:
        return _KEY_NAMES[key]
    if key.startswith("ctrl+"):
        return "^" + key_label(key.removeprefix("ctrl+"))
    if key.startswith("shift+"):
        return "Shift+" + key_label(key.removeprefix("shift+"))
    return key


def keys_for(command: Command, keymap: Mapping[str, str]) -> list[str]:
    """The keys a command answers to now, after the user's keymap."""
    keys = keymap.get(command.id, command.keys)
    return [key_label(k) for k in keys.split(",") if k.strip()]


def key_hint(command_id: str, keymap: Mapping[str, str], count: int = 1) -> str:
    """The first ``count`` keys a command answers to now, for a hint: "y or Enter"."""
    return " or ".join(keys_for(BY_ID[command_id], keymap)[:count])


def close_and_scroll_hint(keymap: Mapping[str, str]) -> str:
    """How to close a scrolling screen (help, problems) with the keys bound now."""
    close, down, up = (key_hint(name, keymap) for name in ("close", "down", "up"))
    return f"{close} closes · {down} {up} scroll"


def app_keymap(app: object) -> Mapping[str, str]:
    """The reader's keymap (from config.toml) if ``app`` is the reader, else none."""
    keymap = getattr(app, "keymap", None)
    return keymap if isinstance(keymap, dict) else {}


def grouped() -> Iterator[tuple[str, list[Command]]]:
    for group in GROUPS:
        yield group, [c for c in COMMANDS if c.group == group]


class ReaderCommands(Provider):
    """The command palette's view of ``COMMANDS``: those that make sense right now."""

    def _available(self) -> Iterator[tuple[Command, str]]:
        screen = self.screen
        for command in COMMANDS:
            if not command.palette:
                continue
            if "screen" in command.actions:
                action = command.actions["screen"]
                _, name, parameters = parse_action(action)
                if screen.check_action(name, parameters) is True:
                    yield command, action
            elif "app" in command.actions:
                action = command.actions["app"]
                _, name, parameters = parse_action(action)
                if self.app.check_action(name, parameters) is True:
                    yield command, "app." + action

    def _runner(self, action: str) -> Callable[[], Awaitable[None]]:
        screen = self.screen

        async def run() -> None:
            await screen.run_action(action)

        return run

    def _help(self, command: Command) -> str:
        """The command's help line and its key, so the palette teaches the keys too."""
        keys = keys_for(command, app_keymap(self.app))
        return f"{command.help}  ({keys[0]})" if keys else command.help

    async def discover(self) -> Hits:
        for command, action in self._available():
            yield DiscoveryHit(command.title, self._runner(action), help=self._help(command))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command, action in self._available():
            score = matcher.match(command.title)
            title: str | Content = command.title
            if score > 0:
                title = matcher.highlight(command.title)
            else:
                # Found by a word people use for it ("theme" for "Light or dark"): ranked
                # below the commands whose own title matches.
                score = matcher.match(command.keywords) * 0.9 if command.keywords else 0
            if score > 0:
                yield Hit(score, title, self._runner(action), help=self._help(command))
