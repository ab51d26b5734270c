"""Typeahead: keys sent in one burst, before the screen, dialog or input they are for is ready,
reach it in order."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from reader.store import Store
from reader.tui.app import ReaderApp
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.prompt import PromptScreen
from reader.tui.screens.tag_editor import TagEditorScreen
from reader.tui.widgets.scroll_body import ScrollBody
from tests.support.tui import MakeReader, focused, main_screen, settle, top

KEY_NAMES = {"/": "slash", " ": "space", "+": "plus", "-": "minus", "?": "question_mark"}


def burst(app: ReaderApp, keys: list[str]) -> None:
    """Post every key at once, as a terminal delivers a paste or a fast typist's keys: none is
    handled before the last one is queued."""
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(KEY_NAMES.get(key, key), key))
        else:
            app.post_message(events.Key(key, None))


async def typed(app: ReaderApp, pilot: Pilot[Any], text: str, *keys: str) -> None:
    burst(app, [*text, *keys])
    await settle(app, pilot)
    assert app.key_gate.cut_short == 0


async def test_a_filter_typed_in_one_burst_is_whole(reader_app: MakeReader, archive: str) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await typed(app, pilot, "/malta")
        assert focused(app) is screen.filter_bar.input
        assert screen.filter_bar.input.value == "malta"
        await typed(app, pilot, "", "enter")
        assert screen.library.filter_text == "malta"


async def test_pilot_presses_without_pauses_reach_the_filter(
    reader_app: MakeReader, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press(*"/blair")
        await settle(app, pilot)
        assert screen.filter_bar.input.value == "blair"


async def test_tags_typed_right_after_t_land_in_the_editor(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await typed(app, pilot, "t+war later")
        editor = top(app)
        assert isinstance(editor, TagEditorScreen)
        assert editor.input.value == "+war later"
        # Enter, then more keys: the editor closes first, the keys go to the list after it.
        await typed(app, pilot, "", "enter", "j")
        assert not isinstance(top(app), TagEditorScreen)
        tags = {t.tag for t in store.tags(archive)}
        assert {"war", "later"} <= tags
        assert main_screen(app).article_list.cursor == 1


async def test_a_view_name_typed_after_v_lands_in_the_prompt(
    reader_app: MakeReader, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await typed(app, pilot, "/harbour", "enter")
        assert screen.library.filter_text == "harbour"
        await typed(app, pilot, "V", "ctrl+u", *"Boats")
        prompt = top(app)
        assert isinstance(prompt, PromptScreen)
        assert prompt.query_one("#prompt-input", Input).value == "Boats"


async def test_holding_j_in_help_scrolls_a_line_for_every_press(
    reader_app: MakeReader, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await typed(app, pilot, "?", *"jjjjjjjj")
        help_screen = top(app)
        assert isinstance(help_screen, HelpScreen)
        body = help_screen.query_one(ScrollBody)
        assert body.scroll_y == 8
        await typed(app, pilot, "kkk")
        assert body.scroll_y == 5


async def test_keys_after_closing_a_dialog_go_to_the_list(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await typed(app, pilot, "t+war", "escape", *"jj", "?", "escape", "j")
        assert top(app) is screen
        assert screen.article_list.cursor == 3
        assert "war" not in {t.tag for t in store.tags(archive)}
        assert focused(app) is screen.article_list
