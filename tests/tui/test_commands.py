"""The command table: every command can be rebound from config.toml, and the command palette
offers the reader's own commands, once each."""

from __future__ import annotations

from typing import Any

import pytest
from textual.binding import BindingsMap
from textual.command import CommandList, CommandPalette
from textual.content import Content
from textual.dom import DOMNode
from textual.pilot import Pilot

from reader.config import Config
from reader.locations import Locations
from reader.store import Store
from reader.tui.app import ReaderApp
from reader.tui.commands import COMMANDS, Command
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.screens.entity_type import EntityTypeScreen, TypeChoices
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.main import MainScreen
from reader.tui.screens.problems import ProblemsScreen
from reader.tui.screens.prompt import PromptScreen
from reader.tui.screens.reading import PipeScreen
from reader.tui.screens.sort import SortScreen
from reader.tui.screens.tag_editor import TagEditorScreen
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.entity_panel import EntityPanel
from reader.tui.widgets.scroll_body import ScrollBody
from reader.tui.widgets.view_list import ViewList
from tests.support.tui import MakeReader, build_archive, settle, top

# Where each scope's bindings live. A new scope must be added here, or the test below fails.
SCOPE_NODES: dict[str, list[type[DOMNode]]] = {
    "app": [ReaderApp],
    "screen": [MainScreen],
    "list": [ArticleList],
    "article": [ArticleView],
    "entities": [EntityPanel, TypeChoices],
    "views": [ViewList],
    "scroll": [ScrollBody],
    "dialog": [
        HelpScreen,
        ProblemsScreen,
        PromptScreen,
        ConfirmScreen,
        TagEditorScreen,
        EntityTypeScreen,
        SortScreen,
    ],
    "confirm": [ConfirmScreen],
    "tag_editor": [TagEditorScreen],
    "pipe": [PipeScreen],
}

UNUSED_KEY = "f5"


def bindings_of(node: type[DOMNode]) -> BindingsMap:
    merged = node._merged_bindings
    assert merged is not None
    return merged.copy()


def bound_to(bindings: BindingsMap, command_id: str) -> dict[str, str]:
    """key -> action of the bindings carrying the command's id."""
    return {
        key: binding.action
        for key, found in bindings.key_to_bindings.items()
        for binding in found
        if binding.id == command_id
    }


def test_no_command_uses_the_spare_key() -> None:
    assert all(UNUSED_KEY not in c.keys.split(",") for c in COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=[c.id for c in COMMANDS])
def test_every_command_can_be_rebound_from_the_config_file(
    locations: Locations, store: Store, command: Command
) -> None:
    locations.config_file.write_text(f'[keymap]\n{command.id} = "{UNUSED_KEY}"\n')
    config, warnings = Config.load(locations.config_file)
    assert not warnings
    app = ReaderApp(locations, store, config=config)
    assert app._keymap == {command.id: UNUSED_KEY}
    assert command.actions, "a command with no action can never run"
    for scope, action in command.actions.items():
        assert scope in SCOPE_NODES, f"unknown scope {scope!r}"
        for node in SCOPE_NODES[scope]:
            bindings = bindings_of(node)
            before = bound_to(bindings, command.id)
            assert set(before) == set(command.keys.split(",")), node.__name__
            bindings.apply_keymap(app._keymap)
            assert bound_to(bindings, command.id) == {UNUSED_KEY: action}, node.__name__


async def palette_titles(app: ReaderApp, pilot: Pilot[Any], query: str = "") -> list[str]:
    await pilot.press("ctrl+p", *query)
    await pilot.pause(0.4)
    palette = app.screen
    assert isinstance(palette, CommandPalette)
    options = palette.query_one(CommandList).options
    titles = [str(getattr(option, "hit").text) for option in options]  # noqa: B009
    await pilot.press("escape")
    await pilot.pause()
    return titles


async def test_the_palette_offers_the_reader_commands_only(
    reader_app: MakeReader, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        titles = await palette_titles(app, pilot)
        assert titles.count("Quit") == 1
        assert {"Toggle read", "Toggle star", "Light or dark", "Help", "Filter"} <= set(titles)
        assert not {"Keys", "Maximize", "Screenshot", "Theme"} & set(titles)
        palette_commands = {c.title for c in COMMANDS if c.palette}
        assert set(titles) <= palette_commands
        searched = await palette_titles(app, pilot, "quit")
        assert searched[0] == "Quit" and searched.count("Quit") == 1
        assert isinstance(app.screen, MainScreen)


def subtitle_of(app: ReaderApp, selector: str) -> str:
    subtitle = app.screen.query_one(selector).border_subtitle
    return subtitle.plain if isinstance(subtitle, Content) else str(subtitle)


async def test_dialog_hints_name_the_keys_bound_now(reader_app: MakeReader, store: Store) -> None:
    """Rebinding yes, no and close changes what the dialogs say, and the keys work."""
    build_archive(store, extra=3)
    keymap = {"confirm": "a,enter", "deny": "x", "close": "ctrl+g", "complete_tag": "ctrl+o"}
    config = Config(keymap=keymap, quick_tags={"1": "harbour"})
    app = reader_app(config=config)

    def harboured() -> int:
        return int(
            store.conn.execute("SELECT count(*) FROM tags WHERE tag = 'harbour'").fetchone()[0]
        )

    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("asterisk", "1")  # four articles: asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert subtitle_of(app, "#confirm-body") == "a or Enter: yes · x or ^g: no"
        await pilot.press("x")  # no: a yes would write in a worker, so wait for it
        await settle(app, pilot)
        assert not isinstance(top(app), ConfirmScreen) and harboured() == 0
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("a")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert harboured() == 4
        await pilot.press("backslash", "t")
        await pilot.pause()
        assert isinstance(app.screen, TagEditorScreen)
        assert subtitle_of(app, "#tag-editor") == "Enter: apply · ^o: complete · ^g: cancel"
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        assert subtitle_of(app, "#problems-body") == "^g closes · j k scroll"
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("slash", *"harbour", "enter", "V")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        assert subtitle_of(app, "#prompt-body") == "Enter: save · ^g: cancel"
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert subtitle_of(app, "#help-body").startswith("^g closes · j k scroll · ")
