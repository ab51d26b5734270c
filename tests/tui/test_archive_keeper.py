"""The archive while the reader is open: rows arrive while an import runs (the cursor stays),
progress on the status line, R indexes again, the folders are watched, and the article on
screen gets its names at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.indexing import READING, IndexProgress
from reader.model import Article, Block
from reader.store import Store
from reader.tags import apply_tags
from reader.tui import jobs
from reader.tui.messages import IndexingProgress
from reader.tui.screens.main import MainScreen
from tests.support.tui import MakeReader, put, screen_text, settle, until


def _titles(screen: MainScreen) -> set[str]:
    return {r.title for r in screen.library.rows(0, len(screen.library)) if r is not None}


def _story(folder: Path, name: str, title: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(
        f"{title}\n\nBy Ann Lee\n\nThe council met on Tuesday to discuss the harbour. "
        "Officials said the ferries would run again after the storm had passed.\n",
        encoding="utf-8",
    )


async def test_rows_written_by_a_running_import_join_the_list_and_the_cursor_stays(
    reader_app: MakeReader, store: Store
) -> None:
    with store.transaction():
        put(store, Article("Harbour reopens", [Block("paragraph", "Ferries run.")],
                           date="2023-10-20"))
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("j")  # nowhere to go: one row
        assert _titles(screen) == {"Harbour reopens"}
        # An import writes newer articles while the reader is open ...
        with store.transaction():
            for day in (21, 22, 23):
                put(store, Article(f"Storm news {day}", [Block("paragraph", "Wind.")],
                                   date=f"2023-10-{day}"))
        progress = IndexProgress(READING, 3, 10, articles=3, rate=100.0)
        screen.keeper.post_message(IndexingProgress(jobs.INDEXING, progress))
        screen = await settle(app, pilot)
        # ... and they are listed at once, the cursor still on the article it was on.
        assert len(screen.library) == 4
        assert screen.article_list.current is not None
        assert screen.article_list.current.title == "Harbour reopens"
        assert screen.article is not None and screen.article.article.title == "Harbour reopens"
        assert "Reading 3/10 files · 100/s · 3 articles so far" in screen_text(app)
        assert screen.status_bar.status.shown == 4


async def test_the_article_read_stays_while_newer_rows_push_it_past_the_first_page(
    reader_app: MakeReader, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store.transaction():
        put(store, Article("Harbour reopens", [Block("paragraph", "Ferries run.")],
                           date="2023-01-01"))
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        screen.list_pane.library.FIRST_PAGE = 5
        monkeypatch.setattr("reader.tui.keeper.ROWS_EVERY", 0.0)
        with store.transaction():
            for n in range(12):
                put(store, Article(f"Storm news {n}", [Block("paragraph", "Wind.")],
                                   date=f"2023-02-{n + 1:02}"))
        # Batches reported one after the other: each reload comes before the last one's list.
        for batch in range(3):
            progress = IndexProgress(READING, batch + 1, 3, articles=4 * (batch + 1))
            screen.keeper.post_message(IndexingProgress(jobs.INDEXING, progress))
        screen = await settle(app, pilot)
        assert len(screen.library) == 13
        assert screen.article is not None and screen.article.article.title == "Harbour reopens"
        current = screen.article_list.current
        assert current is not None and current.title == "Harbour reopens"


async def test_r_indexes_again_keeping_tags(
    reader_app: MakeReader, store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "news"
    _story(folder, "one.txt", "Harbour reopens after the storm")
    app = reader_app(paths=[folder])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await until(app, pilot, lambda: len(screen.library) == 1 and not screen.keeper.busy)
        first_row = screen.library.row(0)
        assert first_row is not None
        first = first_row.id
        apply_tags(store, [first], add=["harbour"])
        _story(folder, "two.txt", "Ferry timetable changes for winter")
        await pilot.press("R")
        await until(app, pilot, lambda: len(screen.library) == 2 and not screen.keeper.busy)
        assert {t.tag for t in store.tags(first)} == {"harbour"}
        assert "1 indexed, 1 unchanged" in screen.status_bar.status.note
        # R while an import runs says so instead of starting another.
        screen.keeper.busy = True
        await pilot.press("R")
        await pilot.pause()
        assert screen.status_bar.status.note.startswith("Already indexing")


async def test_r_in_a_reader_with_nothing_to_index_says_so(reader_app: MakeReader) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("R")
        await until(app, pilot, lambda: not screen.keeper.busy)
        assert screen.status_bar.status.note.startswith("Nothing to index again")
        assert screen.status_bar.status.error


async def test_files_added_to_a_watched_folder_appear(
    reader_app: MakeReader, tmp_path: Path
) -> None:
    folder = tmp_path / "news"
    _story(folder, "one.txt", "Harbour reopens after the storm")
    app = reader_app(paths=[folder], watch_folders=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await until(app, pilot, lambda: len(screen.library) == 1 and not screen.keeper.busy)
        _story(folder, "two.txt", "Ferry timetable changes for winter")
        await until(app, pilot, lambda: len(screen.library) == 2)
        assert "Ferry timetable changes for winter" in _titles(screen)
        await until(app, pilot, lambda: screen.status_bar.status.shown == 2)
        assert "2 articles" in screen_text(app)


async def test_the_article_on_screen_gets_its_names_at_once(
    reader_app: MakeReader, store: Store
) -> None:
    with store.transaction():
        article_id = put(store, Article(
            "Talks in Valletta",
            [Block("paragraph", "Maria Lindqvist met the mayor of Lisbon on Monday.")],
            date="2023-10-20",
        ))
        # Not reached by the background yet.
        store.conn.execute("UPDATE articles SET entities_version = 0 WHERE id = ?", (article_id,))
        store.conn.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await until(app, pilot, lambda: screen.article is not None and bool(screen.article.spans))
        assert screen.article is not None
        assert {s.canonical for s in screen.article.spans} >= {"Maria Lindqvist", "Lisbon"}


def test_the_first_articles_written_are_said_at_once() -> None:
    """Progress is thinned to ten messages a second, but never the one with the first rows."""
    posted: list[IndexingProgress] = []
    post = jobs._ProgressPost(posted.append, jobs.INDEXING)  # type: ignore[arg-type]
    post(IndexProgress(READING, 0, 100))
    post(IndexProgress(READING, 1, 100))  # thinned out
    post(IndexProgress(READING, 16, 100, articles=16))  # the first rows: at once
    post(IndexProgress(READING, 17, 100, articles=17))  # thinned out
    assert [p.progress.articles for p in posted] == [0, 16]
