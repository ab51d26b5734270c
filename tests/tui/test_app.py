"""Pilot tests: every key's effect on the screen's state and on the database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual import events

from reader.config import Config
from reader.locations import Locations
from reader.model import UNTITLED, Article, Block
from reader.store import Store
from reader.tui.app import ReaderApp
from reader.tui.commands import COMMANDS
from reader.tui.jobs import index_job
from reader.tui.messages import JobFinished
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.main import MainScreen
from reader.tui.screens.problems import ProblemsScreen
from reader.tui.widgets.article_list import ROW_HEIGHT
from tests.support.tui import (
    SEED_PARAGRAPHS,
    SEED_TITLE,
    MakeReader,
    add_problems,
    article_pane_text,
    focused,
    put,
    screen_text,
    settle,
    top,
    until,
)


def flag(store: Store, article_id: str, name: str) -> bool:
    row = store.conn.execute(
        f"SELECT {name} FROM state WHERE article_id = ?", (article_id,)
    ).fetchone()
    return bool(row[0]) if row else False


async def test_opens_on_the_newest_article(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        assert len(screen.library) == 25
        assert screen.article_list.cursor == 0
        assert screen.current is not None and screen.current.id == archive
        assert focused(app) is screen.article_list
        text = screen_text(app)
        assert SEED_TITLE in text
        assert "25 articles · 25 unread" in text
        assert not flag(store, archive, "read")  # showing is not opening


@pytest.mark.parametrize(
    ("keys", "cursor"),
    [
        (["j"], 1),
        (["down", "down"], 2),
        (["j", "j", "k"], 1),
        (["down", "up"], 0),
        (["G"], 24),
        (["end"], 24),
        (["G", "g"], 0),
        (["G", "home"], 0),
        (["pagedown"], 16),  # a page: the list below the saved views
        (["pagedown", "pageup"], 0),
    ],
)
async def test_cursor_keys(
    reader_app: MakeReader, archive: str, keys: list[str], cursor: int
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press(*keys)
        await settle(app, pilot)
        assert screen.article_list.cursor == cursor
        row = screen.library.row(cursor)
        assert row is not None
        # The article pane follows the cursor once it rests (keys in quick succession are
        # said after a short pause, so the pane is not drawn for every article passed).
        await until(app, pilot, lambda: screen.current is not None and screen.current.id == row.id)


@pytest.mark.parametrize("key", ["enter", "l"])
async def test_opening_marks_read_and_focuses_the_article(
    reader_app: MakeReader, store: Store, archive: str, key: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press(key)
        await pilot.pause()
        assert flag(store, archive, "read")
        assert focused(app) is screen.article_view
        assert screen.library.unread == 24
        assert "24 unread" in screen_text(app)


async def test_next_and_previous_unread(reader_app: MakeReader, store: Store, archive: str) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        second = screen.library.row(1)
        third = screen.library.row(2)
        assert second is not None and third is not None
        store.set_flag([second.id], "read", True)
        screen.library.forget_all()
        await pilot.press("n")  # from the first article: the next unread skips the read one
        await pilot.pause()
        assert screen.article_list.cursor == 2
        assert flag(store, third.id, "read")
        await pilot.press("p")
        await pilot.pause()
        assert screen.article_list.cursor == 0
        assert flag(store, archive, "read")


async def test_r_toggles_read_and_s_toggles_star(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("r")
        await pilot.pause()
        assert flag(store, archive, "read")
        row = screen.library.row(0)
        assert row is not None and row.read
        await pilot.press("r")
        await pilot.pause()
        assert not flag(store, archive, "read")
        await pilot.press("s")
        await pilot.pause()
        assert flag(store, archive, "starred")
        assert "★ starred" in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
        assert not flag(store, archive, "starred")


async def test_e_cycles_highlighted_types(reader_app: MakeReader, archive: str) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        seen = [screen.article_view.highlight_mode]
        for _ in range(6):
            await pilot.press("e")
            seen.append(screen.article_view.highlight_mode)
        assert seen == ["all", "PERSON", "ORG", "PLACE", "OTHER", "none", "all"]
        await pilot.press("e")
        await pilot.pause()
        assert "highlights: person (e)" in screen_text(app)


async def test_o_opens_the_address_and_y_copies_it(
    reader_app: MakeReader, archive: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    def open_url(url: str) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr("webbrowser.open", open_url)
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        assert screen.current is not None
        url = screen.current.article.url
        await pilot.press("o")
        await app.workers.wait_for_complete()
        assert opened == [url]
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == url


async def test_slash_filters_and_escape_clears(reader_app: MakeReader, archive: str) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("j", "slash")
        assert focused(app) is screen.filter_bar.input
        await pilot.press(*"Zakharova", "enter")
        await pilot.pause()
        assert screen.library.filter_text == "Zakharova"
        assert len(screen.library) == 1
        assert focused(app) is screen.article_list
        assert screen.current is not None and screen.current.id == archive
        assert "filter: Zakharova  1 of 25" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert screen.library.filter_text == ""
        assert len(screen.library) == 25
        assert screen.current is not None and screen.current.id == archive  # cursor kept


async def test_a_bad_filter_is_reported_and_changes_nothing(
    reader_app: MakeReader, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("slash", *'title:"unclosed', "enter")
        await pilot.pause()
        assert screen.filter_bar.error  # the bar points at the error, once
        assert not screen.status_bar.status.error
        assert len(screen.library) == 25
        assert screen.filter_bar.display  # still open to fix the text
        await pilot.press("escape")
        assert not screen.filter_bar.display
        assert focused(app) is screen.article_list
        assert "unclosed" not in screen_text(app)  # nothing stale left behind


async def test_entity_panel_lists_names_and_filters_by_one(
    reader_app: MakeReader, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        assert screen.entities_open
        assert focused(app) is screen.entity_panel
        text = screen_text(app)
        assert "People" in text and "Maria Zakharova  1" in text
        assert "Places" in text and "Malta  2" in text
        # The first entry is the most mentioned person; choose the Places entry for Malta.
        panel = screen.entity_panel
        malta = next(
            i for i, option in enumerate(panel.options) if str(option.prompt).startswith("Malta")
        )
        panel.highlighted = malta
        await pilot.press("enter")
        await pilot.pause()
        assert screen.library.filter_text == 'place:"Malta"'
        assert len(screen.library) == 25  # every filler story mentions Malta too
        await pilot.press("x")
        assert not screen.entities_open


async def test_entity_filter_narrows_to_the_articles_naming_someone(
    reader_app: MakeReader, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("x", "enter")  # the first entry: a person in the seed story
        await pilot.pause()
        assert screen.library.filter_text.startswith('person:"')
        assert len(screen.library) == 1


async def test_help_lists_every_command(reader_app: MakeReader, archive: str) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 130)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for command in COMMANDS:
            assert command.help in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_problems_screen_lists_unreadable_files(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    add_problems(store)
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        assert "2 problems (P)" in screen_text(app)
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        text = screen_text(app)
        assert "/archive/broken.html" in text and "no article text found" in text
        await pilot.press("q")
        assert top(app) is screen


async def test_theme_switch_persists(
    reader_app: MakeReader, locations: Locations, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.theme == "reader-dark"
        await pilot.press("T")
        await pilot.pause()
        assert app.theme == "reader-light"
    assert json.loads(locations.state_file.read_text())["theme"] == "reader-light"
    again = reader_app()
    async with again.run_test(size=(120, 40)) as pilot:
        assert again.theme == "reader-light"


async def test_keymap_from_config_rebinds(reader_app: MakeReader, archive: str) -> None:
    app = reader_app(config=Config(keymap={"next_unread": "N", "down": "ctrl+n"}))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("ctrl+n")
        assert screen.article_list.cursor == 1
        await pilot.press("j")
        assert screen.article_list.cursor == 1  # j no longer moves
        await pilot.press("N")
        await pilot.pause()
        assert screen.article_list.cursor == 2
        await pilot.press("escape", "h", "question_mark")
        await pilot.pause()
        help_line = next(
            line for line in screen_text(app).splitlines() if "Open the next unread" in line
        )
        assert help_line.split("Open the next unread")[0].split()[-1] == "N"


async def test_keys_typed_fast_after_going_back_land_in_the_filter_bar(
    reader_app: MakeReader, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        # Queued at once, as a fast typist's keys arrive: going back to the list must not take
        # the focus after "/" gave it to the filter bar.
        for key, character in (("h", "h"), ("slash", "/")):
            app.post_message(events.Key(key, character))
        await pilot.pause()
        await pilot.press("z", "e", "l")
        assert focused(app) is screen.filter_bar.input
        assert screen.filter_bar.input.value == "zel"


async def test_narrow_terminal_shows_one_pane_at_a_time(
    reader_app: MakeReader, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(app, pilot)
        assert screen.narrow
        assert screen.article_list.display and not screen.query_one("#article-pane").display
        await pilot.press("enter")
        await pilot.pause()
        assert not screen.query_one("#list-pane").display
        assert focused(app) is screen.article_view
        assert "Maria Zakharova" in screen_text(app)
        await pilot.press("h")
        await pilot.pause()
        assert focused(app) is screen.article_list
        await pilot.press("tab")
        await pilot.pause()
        assert focused(app) is screen.article_view
        await pilot.press("escape")
        await pilot.pause()
        assert focused(app) is screen.article_list


async def test_tab_cycles_focus(reader_app: MakeReader, archive: str) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("tab")
        assert focused(app) is screen.article_view
        await pilot.press("tab")
        assert focused(app) is screen.article_list
        await pilot.press("x", "tab")
        assert focused(app) is screen.article_list
        await pilot.press("tab", "tab")
        assert focused(app) is screen.entity_panel


async def test_space_reads_on_then_moves_to_the_next_unread(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        view = screen.article_view
        assert view.scroll_offset.y == 0
        await pilot.press("space")
        await pilot.pause()
        assert view.scroll_offset.y > 0
        for _ in range(10):
            if screen.article_list.cursor:
                break
            await pilot.press("space")
            await pilot.pause()
        assert screen.article_list.cursor == 1
        row = screen.library.row(1)
        assert row is not None and flag(store, row.id, "read")


async def test_article_pane_scrolls_with_keys_when_focused(
    reader_app: MakeReader, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("enter", "j", "j")
        await pilot.pause()
        assert screen.article_view.scroll_offset.y == 2
        assert screen.article_list.cursor == 0
        await pilot.press("G")
        await pilot.pause()
        assert screen.article_view.scroll_offset.y == screen.article_view.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert screen.article_view.scroll_offset.y == 0


async def test_click_selects_and_double_click_opens(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await pilot.click("#articles", offset=(5, 4))
        await pilot.pause()
        assert screen.article_list.cursor == 2
        row = screen.library.row(2)
        assert row is not None and not flag(store, row.id, "read")
        await pilot.click("#articles", offset=(5, 4), times=2)
        await pilot.pause()
        assert flag(store, row.id, "read")


async def test_mouse_wheel_scrolls_the_list(reader_app: MakeReader, store: Store) -> None:
    with store.transaction():
        for number in range(200):
            put(store, Article(title=f"Story {number}", date=f"2024-01-{number % 28 + 1:02d}"))
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        article_list = screen.article_list
        for _ in range(5):
            article_list.post_message(
                events.MouseScrollDown(article_list, 5, 5, 0, 1, 0, False, False, False)
            )
            await pilot.pause()
        assert article_list.scroll_offset.y > 0
        assert article_list.cursor == 0  # the wheel scrolls; it does not move the cursor
        assert "Story" in screen_text(app)


async def test_command_palette_offers_what_makes_sense(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"toggle star")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert top(app) is screen
        assert flag(store, archive, "starred")


async def test_q_quits(reader_app: MakeReader, archive: str) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_article_text_is_never_markup_or_escape_codes(
    reader_app: MakeReader, store: Store
) -> None:
    hostile = Article(
        title="[bold red]Loud[/bold red] \x1b[31mred\x1b[0m [link=https://evil.example]x[/link]",
        blocks=[
            Block("paragraph", "Body with [italic]markup[/italic] and \x1b]0;title\x07 codes."),
            Block("heading", "[@click=app.quit]quit[/]"),
            Block("quote", "\x1b[2J cleared? [blink]no[/blink]"),
        ],
        byline="[b]Someone[/b]",
        source="[reverse]Site[/reverse]",
        date="2024-02-02",
        url="https://example.org/[x]",
        topics=["[dim]topic[/dim]"],
    )
    put(store, hostile)
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert "[bold red]Loud[/bold red]" in text
        assert "[link=https://evil.example]x[/link]" in text
        assert "[italic]markup[/italic]" in text
        assert "[@click=app.quit]quit[/]" in text
        assert "[b]Someone[/b]" in text and "[reverse]Site[/reverse]" in text
        assert "\x1b" not in text and "\x07" not in text
        await pilot.click("#article", offset=(5, 12))  # a click on the text runs nothing
        await pilot.pause()
        assert app.is_running


async def test_empty_archive_says_so(reader_app: MakeReader) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        assert screen.current is None
        assert "No articles yet" in screen_text(app)
        await pilot.press("j", "enter", "r", "s", "n", "x", "e")  # nothing to act on: no errors
        await pilot.pause()
        assert app.is_running


async def test_a_long_list_paints_its_first_page_then_loads_the_rest(
    reader_app: MakeReader, store: Store
) -> None:
    with store.transaction():
        for number in range(450):
            day = f"2024-{number % 12 + 1:02d}-{number % 28 + 1:02d}"
            put(store, Article(title=f"Story {number}", date=day))
        seed_id = put(store, Article(title="Oldest", date="1999-01-01"))
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        assert screen.library.complete
        assert len(screen.library) == 451
        assert screen.library.unread == 451
        await pilot.press("G")
        await pilot.pause()
        assert screen.current is not None and screen.current.id == seed_id
        await pilot.press("slash", *"Oldest", "enter")
        await settle(app, pilot)
        assert len(screen.library) == 1
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(screen.library) == 451
        assert screen.article_list.cursor == 450  # back on the article it was on


async def test_opening_a_folder_indexes_it_in_the_background(
    reader_app: MakeReader, seed_path: Path
) -> None:
    app = reader_app(paths=[seed_path.parent])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await settle(app, pilot)  # indexing, then names
        assert len(screen.library) == 1
        assert screen.current is not None
        assert screen.current.article.title == SEED_TITLE
        assert screen.current.spans  # names were found after indexing
        assert "1 article · 0 unread" not in screen_text(app)  # showing is not reading
        assert "1 article · 1 unread" in screen_text(app)
        # The seed's title and its first paragraph are on screen, read from the real file.
        shown = article_pane_text(app)
        assert SEED_TITLE in shown
        assert SEED_PARAGRAPHS[0] in shown
        assert SEED_PARAGRAPHS[0].startswith("Russia on Thursday criticized")
        # The site's topic got a view in the sidebar once indexing was done.
        for _ in range(100):
            if screen.view_list.tag_views:
                break
            await pilot.pause(0.02)
        assert [(t.view.query, t.count) for t in screen.view_list.tag_views] == [
            ("topic:ukraine-war", 1)
        ]


def test_indexing_outcome_names_problems_without_a_shell_hint(
    locations: Locations, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "note.md").write_text("# Quay notes\n\nThe quay reopened today.\n")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)))
    finished = index_job(locations, [folder], Config(), lambda _progress: None, lambda: False)
    # The status line already shows the problem count and its key.
    assert finished.summary == "1 indexed, 1 problem"


async def test_indexing_in_worker_processes_works_inside_the_reader(
    reader_app: MakeReader, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual captures stderr (its fileno is -1); process pools must still start."""
    from reader import indexer

    monkeypatch.setattr(indexer, "PARALLEL_MIN_FILES", 1)
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(3):
        (folder / f"story-{number}.txt").write_text(
            f"Story number {number}\n\nThe council met on Tuesday to discuss the harbour. "
            "Officials said the ferries would run again after the storm.\n",
            encoding="utf-8",
        )
    app = reader_app(paths=[folder])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await settle(app, pilot)
        assert not screen.status_bar.status.error, screen.status_bar.status.note
        assert len(screen.library) == 3


# ---- help, entity panel, status line, filter bar, sidebar, colour ------------------------------


async def test_help_scrolls_with_the_reading_keys(reader_app: MakeReader, archive: str) -> None:
    app = reader_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        body = app.screen.query_one("#help-body")
        assert body.max_scroll_y > 0
        assert "config.toml [keymap]" in screen_text(app)  # text, not a markup tag
        await pilot.press("j", "j")
        await pilot.pause()
        assert body.scroll_offset.y == 2
        await pilot.press("k")
        await pilot.pause()
        assert body.scroll_offset.y == 1
        await pilot.press("G")
        await pilot.pause()
        assert body.scroll_offset.y == body.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert body.scroll_offset.y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_offset.y > 2


async def test_entity_panel_says_what_it_is_and_how_to_close_it(
    reader_app: MakeReader, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        assert screen.entities_open
        text = screen_text(app)
        assert "Names in this article" in text
        assert "Enter: articles mentioning it" in text and "Esc/x: close" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.entities_open
        assert focused(app) is screen.article_list


async def test_name_finding_progress_says_what_it_is_then_goes_away(
    reader_app: MakeReader, archive: str
) -> None:
    from reader.indexing import NAMES, IndexProgress
    from reader.tui import jobs
    from reader.tui.messages import IndexingProgress

    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        screen.status_bar.note_seconds = 0.5
        progress = IndexProgress(NAMES, 340, 1000, unit="articles", rate=120.0,
                                 seconds_left=5.5)
        screen.keeper.post_message(IndexingProgress(jobs.FINDING_NAMES, progress))
        await pilot.pause()
        said = "Finding names 340/1,000 articles · 120/s · 6 s left"
        assert screen.status_bar.status.job == said
        assert said in screen_text(app)
        screen.jobs_running = 1
        screen.post_message(JobFinished(jobs.FINDING_NAMES, "Names found in 1,000 articles", False))
        await pilot.pause()
        assert screen.status_bar.status.job == ""
        assert "Names found in 1,000 articles" in screen_text(app)
        await pilot.pause(0.8)
        assert screen.status_bar.status.note == ""
        assert "Names found" not in screen_text(app)
        # A failure stays until something else replaces it.
        screen.post_message(
            JobFinished(jobs.FINDING_NAMES, "Names not found: no model", False, True)
        )
        await pilot.pause(0.2)
        assert screen.status_bar.status.note == "Names not found: no model"
        assert screen.status_bar.status.error


def test_progress_text() -> None:
    from reader.indexing import READING, IndexProgress
    from reader.tui.jobs import INDEXING, WATCHING, progress_text

    reading = IndexProgress(READING, 3, 12, articles=40)
    assert progress_text(INDEXING, reading) == "Reading 3/12 files · 40 articles so far"
    assert progress_text(WATCHING, reading) == "Watching: Reading 3/12 files · 40 articles so far"
    assert progress_text(INDEXING) == "Indexing…"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_filter_bar_takes_two_rows(
    reader_app: MakeReader, archive: str, size: tuple[int, int]
) -> None:
    app = reader_app()
    async with app.run_test(size=size) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("slash", *"Zakharova")
        await pilot.pause()
        bar = screen.filter_bar
        bar.show_count(1)
        await pilot.pause()
        assert bar.outer_size.height == 2
        assert "1 article matches" in screen_text(app)
        await pilot.press(*" date:2023-13", "enter")
        await pilot.pause()
        assert bar.error
        assert 2 <= bar.outer_size.height <= 3  # a long explanation may wrap once
        caret_line = next(line for line in screen_text(app).splitlines() if "^" in line)
        query_line = next(line for line in screen_text(app).splitlines() if "date:2023-13" in line)
        assert query_line[caret_line.index("^")] == "2"  # the caret points at the bad date


async def test_w_toggles_the_article_list(reader_app: MakeReader, archive: str) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        list_pane = screen.query_one("#list-pane")
        assert list_pane.display
        await pilot.press("w")
        await pilot.pause()
        assert screen.sidebar_hidden and not list_pane.display
        assert focused(app) is screen.article_view
        assert screen.article_view.size.width > 100  # the article takes the room
        await pilot.press("w")
        await pilot.pause()
        assert not screen.sidebar_hidden and list_pane.display
        assert screen.current is not None and screen.current.id == archive
    narrow = reader_app()
    async with narrow.run_test(size=(80, 24)) as pilot:
        screen = await settle(narrow, pilot)
        await pilot.press("w")  # narrow: one pane at a time, w switches between them
        await pilot.pause()
        assert screen.reading and focused(narrow) is screen.article_view
        assert not screen.query_one("#list-pane").display
        await pilot.press("w")
        await pilot.pause()
        assert not screen.has_class("-reading") and focused(narrow) is screen.article_list


@pytest.mark.parametrize("no_color", [False, True])
async def test_no_color_picks_the_plain_highlights(
    locations: Locations,
    store: Store,
    archive: str,
    monkeypatch: pytest.MonkeyPatch,
    no_color: bool,
) -> None:
    monkeypatch.setenv("COLORTERM", "truecolor")  # a colour terminal, unless NO_COLOR says no
    monkeypatch.delenv("TEXTUAL_COLOR_SYSTEM", raising=False)
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    app = ReaderApp(locations, store)  # no plain=: the app decides
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.plain is no_color
        assert app.has_class("-plain") is no_color


async def test_a_list_is_set_apart_from_the_text_after_it(
    reader_app: MakeReader, store: Store
) -> None:
    put(
        store,
        Article(
            title="Opening times",
            blocks=[
                Block("paragraph", "The mill opens again."),
                Block("list_item", "Saturdays from June", level=1),
                Block("list_item", "Schools on request", level=1),
                Block("caption", "The wheel on its first morning."),
            ],
            date="2024-01-01",
        ),
    )
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        lines = screen.article_view.text_lines()
        first = lines.index("• Saturdays from June")
        assert lines[first + 1] == "• Schools on request"  # items stay together
        assert lines[first + 2] == ""
        assert lines[first + 3] == "The wheel on its first morning."


async def test_the_outcome_of_a_key_fits_on_a_narrow_status_line(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    add_problems(store)
    app = reader_app(config=Config(quick_tags={"1": "important"}))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(app, pilot)
        assert screen.apply_filter('source:"The Moscow Times" or title:"harbour reopens"')
        await pilot.press("1")
        await settle(app, pilot)
        status = screen_text(app).splitlines()[-1]
        assert "Tagged: +important" in status  # the filter gave way, not the outcome
        assert "2 (P)" in status and "filter: source:" in status and "…" in status


async def test_a_long_problem_wraps_under_its_own_indent(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    store.save_file(
        path="/archive/feeds/laughs.rss",
        size=10,
        mtime_ns=0,
        hash="z",
        format="feed",
        status="problem",
        problem="unsafe XML refused",
        detail="the feed declares XML entities; they are never expanded, whatever they say",
    )
    app = reader_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("P")
        await pilot.pause()
        lines = [line.strip("│ ") for line in screen_text(app).splitlines()]
        reason = next(n for n, line in enumerate(lines) if line.startswith("unsafe XML refused"))
        raw = screen_text(app).splitlines()
        indent = len(raw[reason]) - len(raw[reason].lstrip("│ "))
        follow = raw[reason + 1]
        assert follow.strip("│ ") and len(follow) - len(follow.lstrip("│ ")) == indent


async def test_an_untitled_articles_row_shows_its_opening_words(
    reader_app: MakeReader, store: Store
) -> None:
    """A scrape whose headline was not found lists by its first words, in italics, not as one
    more "(untitled)"; its title stays "(untitled)" everywhere else."""
    with store.transaction():
        put(store, Article(UNTITLED, [Block("paragraph", "(Wire) The harbour council voted to "
                                                      "reopen the ferry terminal on Monday.")],
                           date="2023-10-21"))
        put(store, Article("Storm closes the bridge", [Block("paragraph", "Wind.")],
                           date="2023-10-20"))
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        sidebar = "\n".join(line.split("▕")[0] for line in screen_text(app).splitlines())
        assert "(Wire) The harbour council voted" in sidebar
        assert "Storm closes the bridge" in sidebar
        assert "(untitled)" not in sidebar
        first = screen.article_list.render_line(0)
        opening = [s for s in first if "harbour council" in s.text]
        assert opening and all(s.style is not None and s.style.italic for s in opening)
        titled = screen.article_list.render_line(ROW_HEIGHT)
        assert not any(s.style is not None and s.style.italic for s in titled if "Storm" in s.text)
        row = screen.library.row(0)
        assert row is not None and row.title == UNTITLED
