"""Pilot tests of tagging and filtering in the reader: the tag editor, quick tags, marks and bulk
changes with their confirmation, undo and redo, suggestions, the filter bar and saved views.
Each asserts the database (or config.toml), not only the screen."""

from __future__ import annotations

import random

from reader import tags
from reader.config import Config
from reader.entities import load_recogniser
from reader.locations import Locations
from reader.store import Store
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.screens.main import MainScreen
from reader.tui.screens.prompt import PromptScreen
from reader.tui.screens.sort import SortScreen
from reader.tui.screens.tag_editor import TagEditorScreen, completions, split_last_word
from tests.support.topics import make_article, put
from tests.support.tui import MakeReader, focused, no_delays, screen_text, settle, top, until


def tag_rows(store: Store, tag: str) -> dict[str, str]:
    """article id -> origin of every article carrying ``tag``."""
    return {
        r[0]: r[1]
        for r in store.conn.execute("SELECT article_id, origin FROM tags WHERE tag = ?", (tag,))
    }


def tombstones(store: Store, tag: str) -> set[str]:
    rows = store.conn.execute("SELECT article_id FROM tag_tombstones WHERE tag = ?", (tag,))
    return {r[0] for r in rows}


def batches(store: Store) -> int:
    return int(store.conn.execute("SELECT count(DISTINCT batch) FROM journal").fetchone()[0])


def row_id(screen: MainScreen, index: int) -> str:
    row = screen.library.row(index)
    assert row is not None
    return row.id


# ---- the tag editor ----------------------------------------------------------------------------


async def test_tag_editor_adds_and_removes_on_the_current_article(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TagEditorScreen)
        await pilot.press(*"+war peace", "enter")
        await settle(app, pilot)
        assert top(app) is screen
        assert tag_rows(store, "war") == {archive: "manual"}
        assert tag_rows(store, "peace") == {archive: "manual"}
        assert "Tagged: +war +peace on 1 article" in screen_text(app)
        assert " war " in screen_text(app) and " peace " in screen_text(app)  # chips
        await pilot.press("t", *"-war", "enter")
        await settle(app, pilot)
        assert tag_rows(store, "war") == {}
        assert tombstones(store, "war") == {archive}
        assert tag_rows(store, "peace") == {archive: "manual"}
        assert batches(store) == 2


async def test_removing_a_site_topic_takes_it_off_the_header(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    store.replace_source_tags(archive, ["ukraine-war"])
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        assert "Topics: Ukraine war" in screen_text(app)
        await pilot.press("t", *"-ukraine-war", "enter")
        await settle(app, pilot)
        assert tag_rows(store, "ukraine-war") == {}
        assert "Topics: Ukraine war" not in screen_text(app)
        await pilot.press("u")
        await settle(app, pilot)
        assert tag_rows(store, "ukraine-war") == {archive: "source"}
        assert "Topics: Ukraine war" in screen_text(app)
        assert screen.current is not None


async def test_tag_editor_completes_tags_in_use(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        tags.apply_tags(store, [row_id(screen, 3)], ["ukraine-war", "harbour"])
        await pilot.press("t", *"ukwr")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, TagEditorScreen)
        assert editor._completions[0] == "ukraine-war"
        await pilot.press("tab")
        assert editor.input.value == "ukraine-war "
        await pilot.press("escape")  # cancelled: nothing written
        await settle(app, pilot)
        assert archive not in tag_rows(store, "ukraine-war")
        await pilot.press("t", *"+har", "tab", "enter")
        await settle(app, pilot)
        assert tag_rows(store, "harbour")[archive] == "manual"


def test_completion_helpers() -> None:
    known = [("ukraine-war", 5), ("harbour", 3), ("war", 1)]
    assert [t for t, _c, _o in completions("", known)] == ["ukraine-war", "harbour", "war"]
    assert next(t for t, _c, _o in completions("war", known)) == "war"
    assert completions("zzz", known) == []
    assert split_last_word("+a -b") == ("+a ", "-", "b")
    assert split_last_word("x") == ("", "", "x")


async def test_quick_tags_toggle_from_the_config(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    config = Config(quick_tags={"1": "important", "2": "later"})
    app = reader_app(config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        assert screen.check_action("quick_tag", ("3",)) is False  # not configured
        await pilot.press("1")
        await settle(app, pilot)
        assert tag_rows(store, "important") == {archive: "manual"}
        await pilot.press("1")
        await settle(app, pilot)
        assert tag_rows(store, "important") == {}
        await pilot.press("3")
        await settle(app, pilot)
        assert batches(store) == 2


# ---- marks and bulk changes --------------------------------------------------------------------


async def test_space_marks_rows_and_a_bulk_edit_asks_first(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        first, second = row_id(screen, 0), row_id(screen, 1)
        await pilot.press("space", "space")
        await pilot.pause()
        assert list(screen.library.marked) == [first, second]
        assert screen.article_list.cursor == 2
        assert "2 marked" in screen_text(app)
        tags.apply_tags(store, [second], ["war"])
        await pilot.press("t")
        await pilot.pause()
        assert "2 marked articles" in screen_text(app)
        await pilot.press(*"+war", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "This changes 1 of the 2 articles. Apply it?" in screen_text(app)
        assert tag_rows(store, "war") == {second: "manual"}  # nothing written yet
        await pilot.press("y")
        await settle(app, pilot)
        assert tag_rows(store, "war") == {first: "manual", second: "manual"}
        assert "Tagged: +war on 1 article" in screen_text(app)


async def test_cancelling_a_bulk_edit_writes_nothing(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app(config=Config(quick_tags={"1": "important"}))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("space", "space", "space", "t", *"+war", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(app, pilot)
        await pilot.press("1")  # a quick tag on the marked articles asks too
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert tag_rows(store, "war") == {} and tag_rows(store, "important") == {}
        assert batches(store) == 0
        assert len(screen.library.marked) == 3


async def test_shift_arrows_mouse_mark_all_and_clear(reader_app: MakeReader, archive: str) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        assert screen.check_action("clear_marks", ()) is False
        await pilot.press("shift+down", "shift+down")
        assert len(screen.library.marked) == 3 and screen.article_list.cursor == 2
        await pilot.press("shift+up")
        assert len(screen.library.marked) == 3 and screen.article_list.cursor == 1
        await pilot.press("backslash")
        assert not screen.library.marked
        list_top = screen.article_list.region.y
        await pilot.click("#articles", offset=(5, 4), control=True)  # row 2
        await pilot.pause()
        assert list(screen.library.marked) == [row_id(screen, 2)]
        await pilot.click("#articles", offset=(5, 10), shift=True)  # rows 2..5
        await pilot.pause()
        assert set(screen.library.marked) == {row_id(screen, i) for i in range(2, 6)}
        assert list_top >= 0
        await pilot.press("asterisk")
        assert len(screen.library.marked) == 25
        await pilot.press("escape")  # escape clears the marks first
        assert not screen.library.marked


async def test_space_in_the_article_pages_instead_of_marking(
    reader_app: MakeReader, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("enter", "space")
        await pilot.pause()
        assert screen.article_view.scroll_offset.y > 0
        assert not screen.library.marked


async def test_tag_editor_can_act_on_the_whole_filter(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("slash", *"Dispatch", "enter")
        await settle(app, pilot)
        assert len(screen.library) == 24
        await pilot.press("t", "ctrl+t")
        await pilot.pause()
        assert "all 24 articles in this filter" in screen_text(app)
        await pilot.press(*"+harbour", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        tagged = tag_rows(store, "harbour")
        assert len(tagged) == 24 and archive not in tagged
        assert set(tagged.values()) == {"manual"}


# ---- undo and redo -----------------------------------------------------------------------------


async def test_undo_and_redo_tags_and_read_state(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("u")
        await pilot.pause()
        assert "Nothing to undo." in screen_text(app)
        await pilot.press("space", "space", "t", *"+war", "enter", "y")
        await settle(app, pilot)
        assert len(tag_rows(store, "war")) == 2
        await pilot.press("u")
        await settle(app, pilot)
        assert tag_rows(store, "war") == {}
        assert "Undid: +war on 2 articles" in screen_text(app)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert len(tag_rows(store, "war")) == 2
        assert "Redid: +war on 2 articles" in screen_text(app)
        await pilot.press("backslash", "r")  # read is journalled too
        await settle(app, pilot)
        current = row_id(screen, screen.article_list.cursor)
        assert screen.library.unread == 24
        await pilot.press("u")
        await settle(app, pilot)
        row = store.conn.execute("SELECT read FROM state WHERE article_id = ?", (current,))
        assert not row.fetchone()[0]
        assert screen.library.unread == 25
        assert "Undid: unread on 1 article" not in screen_text(app)
        assert "Undid: read on 1 article" in screen_text(app)


# ---- suggestions -------------------------------------------------------------------------------


def add_unrelated(store: Store, count: int) -> None:
    """Older articles on other subjects, so the harbour stories stand out as a topic."""
    rng = random.Random(4)
    with store.transaction():
        for number in range(count):
            article = make_article(("cooking", "astronomy", "everyday")[number % 3], number, rng)
            article.date = f"2023-08-{number % 28 + 1:02d}"
            put(store, article, f"unrelated/{number}")
        # Marked as read for names already, like the rest of the archive: no recogniser runs.
        store.conn.execute(
            "UPDATE articles SET entities_version = ?", (load_recogniser("crf").version,)
        )


async def test_suggestion_shows_in_the_header_and_a_accepts_it(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    add_unrelated(store, 40)
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        assert screen.check_action("accept_suggestion", ()) is False
        untagged = row_id(screen, 1)
        # A tag is suggested from five tagged articles on.
        others = [row_id(screen, i) for i in (3, 5, 7, 9, 11)]
        tags.apply_tags(store, others, ["harbour"])
        tags.apply_tags(store, [archive], ["war"])  # a second tag: harbour stands out
        await pilot.press("j")
        await until(app, pilot, lambda: bool(screen.article_view.shown_suggestions))
        assert screen.article_view.shown_suggestions[:1] == ("harbour",)
        assert "Suggested: harbour" in screen_text(app)
        before = batches(store)
        await pilot.press("a")
        await settle(app, pilot)
        assert tag_rows(store, "harbour")[untagged] == "suggestion"
        assert batches(store) == before + 1
        assert " harbour " in screen_text(app)  # now a chip
        await pilot.press("u")
        await settle(app, pilot)
        assert untagged not in tag_rows(store, "harbour")


# ---- the filter bar ----------------------------------------------------------------------------


async def test_filter_bar_counts_as_you_type(reader_app: MakeReader, archive: str) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        no_delays(screen)
        await pilot.press("slash", *"Dispatch")
        await until(app, pilot, lambda: "24 articles match" in screen_text(app))
        assert len(screen.library) == 25  # typing does not filter yet
        await pilot.press(*" or Zakharova")
        await until(app, pilot, lambda: "25 articles match" in screen_text(app))


async def test_filter_bar_points_at_an_error(reader_app: MakeReader, archive: str) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        no_delays(screen)
        await pilot.press("slash", *"date:2023-13 Malta")
        bar = screen.filter_bar
        await until(app, pilot, lambda: bar.error)
        lines = screen_text(app).splitlines()
        caret = next(line for line in lines if "^ expected" in line)
        query_line = next(line for line in lines if "date:2023-13" in line)
        # The caret sits under the bad value.
        assert caret.index("^") == query_line.index("2023-13")
        await pilot.press("enter")  # a bad filter is not applied; the bar stays open
        await pilot.pause()
        assert bar.display and len(screen.library) == 25


# ---- saved views -------------------------------------------------------------------------------


def saved_views(store: Store) -> list[tuple[str, str, str]]:
    """The views saved in the reader: (name, query, sort) each."""
    return [(v.name, v.query, v.sort) for v in store.stored_views()]


async def test_views_show_live_counts_and_choosing_one_filters(
    reader_app: MakeReader, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        assert screen.view_list.counts == {"": 25, "is:unread": 25, "is:starred": 0}
        no_delays(screen)
        await pilot.press("s")  # a change is counted again
        await until(app, pilot, lambda: screen.view_list.counts["is:starred"] == 1)
        await pilot.press("v")
        assert focused(app) is screen.view_list
        await pilot.press("down", "down", "enter")
        await settle(app, pilot)
        assert screen.library.filter_text == "is:starred"
        assert len(screen.library) == 1
        assert focused(app) is screen.article_list


USER_CONFIG = """# My reader.
theme = "reader-dark"   # dark, always

[[views]]
name = "Harbour this month"  # the one I read first
query = "harbour"
"""


async def test_save_and_delete_a_view_leaves_config_toml_as_it_was(
    reader_app: MakeReader, locations: Locations, store: Store, archive: str
) -> None:
    locations.config_file.write_text(USER_CONFIG, encoding="utf-8")
    written = locations.config_file.read_bytes()
    config, problems = Config.load(locations.config_file)
    assert not problems
    app = reader_app(config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        views = screen.view_list
        # The built-in views are always there, then the user's own.
        assert [v.name for v in views.views] == ["All", "Unread", "Starred", "Harbour this month"]
        assert screen.check_action("save_view", ()) is False  # nothing to save without a filter
        await pilot.press("slash", *"Dispatch", "enter")
        await settle(app, pilot)
        await pilot.press("V")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("ctrl+u", *"Dispatches", "enter")
        await settle(app, pilot)
        assert saved_views(store) == [("Dispatches", "Dispatch", "")]
        assert screen.view_list.counts["Dispatch"] == 24
        assert "Dispatches" in screen_text(app)
        assert locations.config_file.read_bytes() == written
        # A name taken by a built-in view or one in config.toml is not taken over.
        await pilot.press("V", "ctrl+u", *"Unread", "enter")
        await settle(app, pilot)
        assert "'Unread' is built in" in screen_text(app)
        assert saved_views(store) == [("Dispatches", "Dispatch", "")]
        await pilot.press("delete")  # the view showing now
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert saved_views(store) == []
        assert [v.name for v in views.views] == ["All", "Unread", "Starred", "Harbour this month"]
        await pilot.press("escape")  # no filter: Delete in the list offers nothing
        await settle(app, pilot)
        assert screen.check_action("delete_view", ()) is False
        # The user's view and the built-in ones are not the reader's to delete: it says so.
        await pilot.press("v", "G", "delete")
        await settle(app, pilot)
        assert top(app) is screen
        assert "Harbour this month is defined in config.toml" in screen_text(app)
        await pilot.press("k", "delete")
        await settle(app, pilot)
        assert "The view Starred is built in" in screen_text(app)
    assert locations.config_file.read_bytes() == written


async def test_a_saved_view_is_there_after_a_restart_with_its_order(
    reader_app: MakeReader, locations: Locations, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("slash", *"Dispatch", "enter", "S")
        await settle(app, pilot)
        sort = top(app)
        assert isinstance(sort, SortScreen)
        sort.highlight("title")
        await pilot.press("enter", "V", "ctrl+u", *"By title", "enter")
        await settle(app, pilot)
        assert saved_views(store) == [("By title", "Dispatch", "title")]
        first = screen.library.row(0)
        assert first is not None and first.title == "Dispatch number 0: the harbour reopens"
    assert not locations.config_file.exists()
    again = reader_app()
    async with again.run_test(size=(120, 40)) as pilot:
        screen = await settle(again, pilot)
        assert [v.name for v in screen.view_list.views][-1] == "By title"
        await pilot.press("v", "G", "enter")
        await settle(again, pilot)
        assert screen.library.filter_text == "Dispatch"
        assert screen.library.shown_sort == "title"
        last = screen.library.row(len(screen.library) - 1)
        assert last is not None and last.title == "Dispatch number 9: the harbour reopens"


async def test_views_open_on_their_own_in_a_narrow_terminal(
    reader_app: MakeReader, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(app, pilot)
        assert not screen.view_list.display
        assert "Views" not in screen_text(app)
        await pilot.press("v")
        await pilot.pause()
        assert "Unread" in screen_text(app) and focused(app) is screen.view_list
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert screen.library.filter_text == "is:unread"
        assert "Views" not in screen_text(app)


# ---- commands ----------------------------------------------------------------------------------


async def test_new_commands_are_in_the_palette_and_rebindable(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    config = Config(quick_tags={"1": "important"}, keymap={"undo": "z", "edit_tags": "E"})
    app = reader_app(config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"quick tag 1")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert tag_rows(store, "important") == {archive: "manual"}
        await pilot.press("u")  # no longer undo: an undo would run in a worker, so wait
        await settle(app, pilot)
        assert tag_rows(store, "important") == {archive: "manual"}
        await pilot.press("z")
        await settle(app, pilot)
        assert tag_rows(store, "important") == {}
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, TagEditorScreen)


async def test_the_tags_and_topics_in_use_have_views_of_their_own(
    reader_app: MakeReader, locations: Locations, store: Store, archive: str
) -> None:
    others = [r[0] for r in store.conn.execute("SELECT id FROM articles WHERE id != ?", (archive,))]
    store.replace_source_tags(archive, ["ukraine-war"])  # the site's own topic
    tags.apply_tags(store, others[:3], ["harbour"], [])
    config = Config(quick_tags={"1": "harbour"})
    app = reader_app(config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        no_delays(screen)
        views = screen.view_list
        shown = {t.view.query: t.count for t in views.tag_views}
        assert shown == {"+harbour": 3, "topic:ukraine-war": 1}
        assert [v.name for v in views.shown_views] == [
            "All",
            "Unread",
            "Starred",
            "+harbour",
            "topic:ukraine-war",
        ]
        assert "+harbour" in screen_text(app)
        # Tagging one more article is counted again.
        await pilot.press("1")
        await until(
            app,
            pilot,
            lambda: (
                {t.view.query: t.count for t in views.tag_views}
                == {"+harbour": 4, "topic:ukraine-war": 1}
            ),
        )
        assert len(tag_rows(store, "harbour")) == 4
        # Choosing the topic's view filters by it.
        await pilot.press("v", "j", "j", "j")  # the reading keys move in the views too
        assert views.highlighted_view is not None
        assert views.highlighted_view.query == "+harbour"
        await pilot.press("G", "k", "j")
        assert views.highlighted_view.query == "topic:ukraine-war"
        assert screen.check_action("delete_view", ()) is False  # not the user's to delete
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.library.filter_text == "topic:ukraine-war"
        assert len(screen.library) == 1
        assert saved_views(store) == []  # nothing was saved
        # Saved on purpose, it becomes the user's view and is listed once.
        await pilot.press("V")
        await pilot.pause()
        await pilot.press("ctrl+u", *"War", "enter")
        await settle(app, pilot)
        assert saved_views(store) == [("War", "topic:ukraine-war", "")]
        assert not locations.config_file.exists()
        assert [v.name for v in views.shown_views][-2:] == ["War", "+harbour"]
