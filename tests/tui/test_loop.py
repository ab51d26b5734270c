"""The daily reading loop: q goes back one level and quits only from the list, Q quits from
anywhere; the palette finds commands by the words people use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from reader.config import Config
from reader.locations import Locations
from reader.store import Store
from reader.tui.app import ReaderApp
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.main import MainScreen
from reader.tui.screens.sort import SortScreen
from reader.tui.widgets.article_list import fit_tags
from tests.support.tui import SEED_TITLE, MakeReader, focused, screen_text, settle, top
from tests.tui.test_commands import palette_titles


class Exits:
    """Records the reader asking to exit, instead of exiting (the test goes on looking)."""

    def __init__(self, app: ReaderApp) -> None:
        self.count = 0

        def exit(*_args: Any, **_kwargs: Any) -> None:
            self.count += 1

        app.exit = exit  # type: ignore[method-assign]


async def press(app: ReaderApp, pilot: Pilot[Any], *keys: str) -> None:
    await pilot.press(*keys)
    await settle(app, pilot)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["wide", "narrow"])
async def test_q_from_the_list_quits(
    reader_app: MakeReader, archive: str, size: tuple[int, int]
) -> None:
    app = reader_app()
    async with app.run_test(size=size) as pilot:
        exits = Exits(app)
        screen = await settle(app, pilot)
        assert focused(app) is screen.article_list
        await press(app, pilot, "q")
        assert exits.count == 1


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["wide", "narrow"])
async def test_q_closes_the_article_then_quits(
    reader_app: MakeReader, archive: str, size: tuple[int, int]
) -> None:
    app = reader_app()
    async with app.run_test(size=size) as pilot:
        exits = Exits(app)
        screen = await settle(app, pilot)
        await press(app, pilot, "enter")
        assert focused(app) is screen.article_view and screen.reading
        await press(app, pilot, "q")
        assert exits.count == 0
        assert focused(app) is screen.article_list and not screen.reading
        assert screen.article_list.display  # narrow: the list is back on screen
        await press(app, pilot, "q")
        assert exits.count == 1


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["wide", "narrow"])
async def test_q_closes_the_entity_panel_first(
    reader_app: MakeReader, archive: str, size: tuple[int, int]
) -> None:
    app = reader_app()
    async with app.run_test(size=size) as pilot:
        exits = Exits(app)
        screen = await settle(app, pilot)
        await press(app, pilot, "enter", "x")
        assert screen.entities_open and focused(app) is screen.entity_panel
        await press(app, pilot, "q")
        assert not screen.entities_open and exits.count == 0
        assert focused(app) is screen.article_view  # back to the article it was opened from
        await press(app, pilot, "q", "q")
        assert exits.count == 1


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["wide", "narrow"])
async def test_q_closes_the_views(
    reader_app: MakeReader, archive: str, size: tuple[int, int]
) -> None:
    app = reader_app()
    async with app.run_test(size=size) as pilot:
        exits = Exits(app)
        screen = await settle(app, pilot)
        await press(app, pilot, "v")
        assert focused(app) is screen.view_list
        await press(app, pilot, "q")
        assert focused(app) is screen.article_list and exits.count == 0
        assert not screen.views_open


async def test_q_in_the_filter_bar_is_a_letter(reader_app: MakeReader, archive: str) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        exits = Exits(app)
        screen = await settle(app, pilot)
        await press(app, pilot, "slash", "q")
        assert screen.filter_bar.input.value == "q" and exits.count == 0


async def test_q_closes_dialogs_and_help(reader_app: MakeReader, archive: str) -> None:
    app = reader_app()
    async with app.run_test(size=(80, 24)) as pilot:
        exits = Exits(app)
        screen = await settle(app, pilot)
        await press(app, pilot, "question_mark")
        assert isinstance(top(app), HelpScreen)
        await press(app, pilot, "q")
        assert top(app) is screen and exits.count == 0
        await press(app, pilot, "asterisk", "t", "escape")  # marks, so the next asks first
        await press(app, pilot, "1")
        assert isinstance(top(app), ConfirmScreen)
        await press(app, pilot, "q")
        assert top(app) is screen and exits.count == 0


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["wide", "narrow"])
async def test_capital_q_quits_from_anywhere(
    reader_app: MakeReader, archive: str, size: tuple[int, int]
) -> None:
    app = reader_app()
    async with app.run_test(size=size) as pilot:
        exits = Exits(app)
        await settle(app, pilot)
        await press(app, pilot, "enter", "x", "Q")
        assert exits.count == 1
        await press(app, pilot, "escape", "question_mark", "Q")
        assert exits.count == 2


@pytest.mark.parametrize(
    ("words", "title"),
    [
        ("theme", "Light or dark"),
        ("quit", "Quit"),
        ("exit", "Quit"),
        ("help", "Help"),
        ("keys", "Help"),
        ("mark read", "Toggle read"),
        ("names", "Entity panel"),
        ("catch up", "Mark all read"),
        ("sort", "Sort…"),
        ("order by title", "Sort…"),
        ("mark read", "Mark all read"),
    ],
)
async def test_the_palette_finds_commands_by_the_words_people_use(
    reader_app: MakeReader, archive: str, words: str, title: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert title in await palette_titles(app, pilot, words)


# ---- undo takes the right step ------------------------------------------------------------


def read_flag(store: Store, article_id: str) -> bool:
    return store.flags([article_id], "read").get(article_id, (False, ""))[0]


async def test_tag_next_next_undo_takes_the_tag_and_keeps_the_reading(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app(config=Config(quick_tags={"1": "important"}))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await press(app, pilot, "1")  # the seed article, the first in the list
        assert {t.tag for t in store.tags(archive)} == {"important"}
        await press(app, pilot, "n", "n")
        opened = [screen.library.row(i) for i in (1, 2)]
        assert all(row is not None and read_flag(store, row.id) for row in opened)
        await press(app, pilot, "u")
        assert {t.tag for t in store.tags(archive)} == set()
        assert all(row is not None and read_flag(store, row.id) for row in opened)
        assert "Undid: +important on 1 article" in screen_text(app)
        await press(app, pilot, "ctrl+r")
        assert "important" in {t.tag for t in store.tags(archive)}


# ---- catching up: A, and moving by article: J / K -------------------------------------------


def unread_count(store: Store) -> int:
    return int(
        store.conn.execute(
            "SELECT count(*) FROM articles a LEFT JOIN state s ON s.article_id = a.id "
            "WHERE coalesce(s.read, 0) = 0"
        ).fetchone()[0]
    )


async def test_a_marks_the_list_read_after_asking_and_one_u_takes_it_back(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await press(app, pilot, "slash", *"harbour", "enter")
        assert len(screen.library) == 24
        await press(app, pilot, "A")
        dialog = top(app)
        assert isinstance(dialog, ConfirmScreen)
        assert "Mark the 24 articles in this list read?" in screen_text(app)
        await press(app, pilot, "n")
        assert unread_count(store) == 25
        await press(app, pilot, "A", "y")
        assert unread_count(store) == 1  # the seed story is not in this list
        assert "Marked: read on 24 articles" in screen_text(app)
        assert screen.library.unread == 0
        await press(app, pilot, "u")
        assert unread_count(store) == 25


async def test_a_marks_the_marked_articles_read(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await press(app, pilot, "space", "space", "space", "A")
        assert "Mark the 3 marked articles read?" in screen_text(app)
        await press(app, pilot, "y")
        assert unread_count(store) == 22
        marked = [screen.library.row(i) for i in range(3)]
        assert all(row is not None and row.read for row in marked)


async def test_a_on_one_article_does_not_ask(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await press(app, pilot, "slash", *"Rejects", "enter")
        assert len(screen.library) == 1
        await press(app, pilot, "A")
        assert top(app) is screen
        assert read_flag(store, archive)


async def test_capital_j_and_k_open_the_next_and_previous_article_read_or_not(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(app, pilot)
        second = screen.library.row(1)
        assert second is not None
        await press(app, pilot, "j", "r", "k")  # the second is read: n would skip it
        assert read_flag(store, second.id)
        await press(app, pilot, "J")
        assert screen.article_list.cursor == 1 and screen.reading
        assert screen.current is not None and screen.current.id == second.id
        await press(app, pilot, "J", "K", "K")
        assert screen.article_list.cursor == 0 and screen.reading
        assert screen.current is not None and screen.current.id == archive
        assert read_flag(store, archive)
        await press(app, pilot, "K")  # nothing before the first: it stays
        assert screen.article_list.cursor == 0


# ---- config problems on screen ------------------------------------------------------------------


async def test_config_problems_are_shown_when_the_reader_starts(
    locations: Locations, store: Store, archive: str
) -> None:
    locations.config_file.write_text(
        'theme = "solarised"\n'
        "max_file_mb = 'big'\n"
        "[keymap]\n"
        'next_unred = "N"\n'
        "[[views]]\n"
        'name = "Broken"\n'
        'query = "date:yesterday-ish"\n',
        encoding="utf-8",
    )
    config, problems = Config.read(locations.config_file)
    app = ReaderApp(locations, store, config=config, config_problems=problems)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await settle(app, pilot)
        text = screen_text(app)
        assert "config.toml: 4 problems (P lists them)" in text
        assert "line 1: theme 'solarised' is not known" in text
        assert "line 2: max_file_mb has the wrong type" in text
        assert "(expected a whole number)" in text
        assert "4 problems (P)" in text  # the status line counts them
        await press(app, pilot, "P")
        listed = screen_text(app)
        assert "config.toml, line 4" in listed and "no command 'next_unred'" in listed
        assert "did you mean 'next_unread'?" in listed
        assert "config.toml, line 7" in listed and "view 'Broken'" in listed
        assert top(app) is not screen


# ---- sorting -------------------------------------------------------------------------------------


def titles(screen: MainScreen, count: int) -> list[str]:
    rows = [screen.library.row(index) for index in range(count)]
    return [row.title for row in rows if row is not None]


async def sort_by(app: ReaderApp, pilot: Pilot[Any], sort: str) -> None:
    await press(app, pilot, "S")
    dialog = top(app)
    assert isinstance(dialog, SortScreen)
    dialog.highlight(sort)
    await press(app, pilot, "enter")


async def test_s_sorts_the_list_by_title_or_source_either_way(
    reader_app: MakeReader, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await press(app, pilot, "j", "j")
        kept = screen.current
        await sort_by(app, pilot, "title")
        assert titles(screen, 3) == [
            "Dispatch number 0: the harbour reopens",
            "Dispatch number 10: the harbour reopens",  # ":" sorts after "0"
            "Dispatch number 11: the harbour reopens",
        ]
        assert screen.current is not None and kept is not None
        assert screen.current.id == kept.id  # the cursor stays on its article
        assert "title, a to z" in screen_text(app)  # the status line says the order
        await sort_by(app, pilot, "-title")
        assert titles(screen, 1) == [SEED_TITLE]
        await sort_by(app, pilot, "source")
        assert titles(screen, 1)[0].startswith("Dispatch")  # Harbour News before Moscow Times
        await sort_by(app, pilot, "-source")
        assert titles(screen, 1) == [SEED_TITLE]
        await sort_by(app, pilot, "date")
        assert titles(screen, 1) == ["Dispatch number 19: the harbour reopens"]  # the oldest
        await press(app, pilot, "S")
        await press(app, pilot, "escape")  # cancelled: nothing changes
        assert screen.library.shown_sort == "date"


async def test_each_view_keeps_its_own_order(reader_app: MakeReader, archive: str) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await sort_by(app, pilot, "title")
        await press(app, pilot, "v", "j", "enter")  # Unread: newest first
        assert screen.library.filter_text == "is:unread"
        assert screen.library.shown_sort == "-date"
        assert titles(screen, 1) == [SEED_TITLE]
        await press(app, pilot, "v", "k", "enter")  # All again: by title, as it was left
        assert screen.library.filter_text == ""
        assert screen.library.shown_sort == "title"
        # A query's own sort: is what the dialog offers as the order now.
        await press(app, pilot, "slash", "ctrl+u", *"harbour sort:-title", "enter")
        assert screen.library.shown_sort == "-title"


# ---- what the list shows: tags, front-matter tags included ---------------------------------------


def list_pane_text(app: ReaderApp) -> str:
    """What the list pane shows (left of its edge, ``▕``)."""
    return "\n".join(line.split("▕", 1)[0] for line in screen_text(app).splitlines())


NOTE = """---
title: Ferries back on the harbour run
date: 2024-02-01
tags:
- ferries
- harbour-watch
---

The ferries ran again today, after the storm.
"""


async def test_front_matter_tags_show_in_the_list_row(
    reader_app: MakeReader, store: Store, tmp_path: Path
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "ferries.md").write_text(NOTE, encoding="utf-8")
    app = reader_app(paths=[notes])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(app, pilot)
        assert len(screen.library) == 1
        row = screen.library.row(0)
        assert row is not None and row.tags == (("ferries", "source"), ("harbour-watch", "source"))
        assert "ferries harbour-watch" in screen_text(app)
        # They are tags like the site's topics: a filter finds them.
        await press(app, pilot, "slash", *"topic:harbour-watch", "enter")
        assert len(screen.library) == 1


async def test_a_tag_added_shows_in_its_row_at_once(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app(config=Config(quick_tags={"1": "important"}))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        assert "important" not in screen_text(app)
        await press(app, pilot, "1")
        assert " important " in list_pane_text(app)
        await press(app, pilot, "u")
        assert " important " not in list_pane_text(app)
        assert screen.library.row(0) is not None


@pytest.mark.parametrize(
    ("widths", "room", "shown"),
    [
        ([5, 5, 5], 18, [0, 1, 2]),  # all fit, a space before each
        ([5, 5, 5], 17, [0, 1]),  # then " +1"
        ([16, 5, 11], 21, [1, 2]),  # a long one is passed over for shorter ones
        ([5, 5, 5], 3, []),  # only " +3"
        ([9, 5, 3], 14, [0]),  # the reader's own tag (the first) before the site's
        ([], 0, []),
    ],
)
def test_tags_fit_the_room_of_a_row(widths: list[int], room: int, shown: list[int]) -> None:
    assert fit_tags(widths, room, own=1 if widths[:1] == [9] else None) == shown
    left_out = len(widths) - len(shown)
    used = sum(widths[n] + 1 for n in shown) + (len(f" +{left_out}") if left_out else 0)
    assert used <= room
