"""Snapshot tests of the reader's screens (pytest-textual-snapshot; update with
``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the SVGs before committing).

Deterministic by construction: fixed articles, dates and entity spans, a fixed theme, and no
clock anywhere on screen.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from reader.config import Config, SavedView
from reader.entities import annotate_pending, load_recogniser
from reader.indexer import index_paths
from reader.store import Store
from reader.tags import apply_tags
from reader.tui.app import ReaderApp
from tests.support.tui import MakeReader, add_problems, keys_handled

SnapCompare = Callable[..., bool]


async def settled(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, ReaderApp)
    await keys_handled(app, pilot)
    await app.workers.wait_for_complete()
    await pilot.pause()


def then(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run(pilot: Pilot[Any]) -> None:
        await settled(pilot)
        await pilot.press(*keys)
        await settled(pilot)

    return run


@pytest.fixture
def seed(store: Store, seed_path: Path) -> Store:
    """The bundled seed page through the real pipeline: indexed, cleaned, names found."""
    index_paths(store, [seed_path])
    annotate_pending(store, recogniser=load_recogniser("crf"))
    return store


@pytest.mark.parametrize("theme", ["reader-dark", "reader-light"])
def test_seed_wide(
    reader_app: MakeReader, snap_compare: SnapCompare, seed: Store, theme: str
) -> None:
    app = reader_app(config=Config(theme=theme))
    assert snap_compare(app, terminal_size=(120, 40), run_before=settled)


@pytest.mark.parametrize("theme", ["reader-dark", "reader-light"])
def test_seed_narrow_reading(
    reader_app: MakeReader, snap_compare: SnapCompare, seed: Store, theme: str
) -> None:
    app = reader_app(config=Config(theme=theme))
    assert snap_compare(app, terminal_size=(80, 24), run_before=then("enter"))


def test_seed_entity_panel(reader_app: MakeReader, snap_compare: SnapCompare, seed: Store) -> None:
    app = reader_app()
    assert snap_compare(app, terminal_size=(120, 40), run_before=then("x"))


def test_list_narrow(reader_app: MakeReader, snap_compare: SnapCompare, archive: str) -> None:
    app = reader_app()
    assert snap_compare(app, terminal_size=(80, 24), run_before=then("j", "j", "r"))


def test_seed_without_colour(
    reader_app: MakeReader, snap_compare: SnapCompare, archive: str
) -> None:
    app = reader_app(plain=True)
    assert snap_compare(app, terminal_size=(120, 40), run_before=settled)


def test_help(reader_app: MakeReader, snap_compare: SnapCompare, archive: str) -> None:
    app = reader_app()
    assert snap_compare(app, terminal_size=(120, 40), run_before=then("question_mark"))


def test_entity_panel(reader_app: MakeReader, snap_compare: SnapCompare, archive: str) -> None:
    app = reader_app()
    assert snap_compare(app, terminal_size=(120, 40), run_before=then("x"))


def test_problems(
    reader_app: MakeReader, snap_compare: SnapCompare, store: Store, archive: str
) -> None:
    add_problems(store)
    app = reader_app()
    assert snap_compare(app, terminal_size=(120, 40), run_before=then("P"))


@pytest.fixture
def tagged(store: Store, archive: str) -> Store:
    """The archive with tags in use, so the tag editor has something to complete."""
    ids = [str(r[0]) for r in store.conn.execute("SELECT id FROM articles ORDER BY rowid")]
    apply_tags(store, ids[1:6], ["harbour", "malta"])
    apply_tags(store, ids[6:8], ["ferries"])
    apply_tags(store, ids[:1], ["ukraine-war", "diplomacy"])
    return store


def test_tag_editor_with_completions(
    reader_app: MakeReader, snap_compare: SnapCompare, tagged: Store
) -> None:
    app = reader_app()
    assert snap_compare(app, terminal_size=(120, 40), run_before=then("t", "plus", "a"))


def test_filter_bar_with_an_error(
    reader_app: MakeReader, snap_compare: SnapCompare, archive: str
) -> None:
    app = reader_app()

    async def run(pilot: Pilot[Any]) -> None:
        await settled(pilot)
        # Enter checks the query at once (typing waits for a pause first): no timing involved.
        await pilot.press("slash", *"Malta date:2023-13", "enter")
        await settled(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run)


def test_sidebar_with_saved_views(
    reader_app: MakeReader, snap_compare: SnapCompare, archive: str
) -> None:
    views = [
        SavedView("Harbour this month", "source:harbour date:2023-09"),
        SavedView("Broken", 'title:"unclosed'),
    ]
    app = reader_app(config=Config(views=views))
    assert snap_compare(app, terminal_size=(120, 40), run_before=then("v", "down"))


def test_views_narrow(reader_app: MakeReader, snap_compare: SnapCompare, archive: str) -> None:
    app = reader_app()
    assert snap_compare(app, terminal_size=(80, 24), run_before=then("v"))


def test_marked_rows(reader_app: MakeReader, snap_compare: SnapCompare, tagged: Store) -> None:
    app = reader_app()
    assert snap_compare(
        app, terminal_size=(120, 40), run_before=then("space", "j", "shift+down", "shift+down")
    )


@pytest.fixture
def chips(tagged: Store) -> Store:
    """Tags of every kind on the first rows: the reader's own, a long one, several on one
    article, and tags a site or a file's front matter gave."""
    ids = [str(r[0]) for r in tagged.conn.execute("SELECT id FROM articles ORDER BY rowid")]
    apply_tags(tagged, ids[:1], ["important", "a-tag-longer-than-a-row-has-room-for"])
    tagged.replace_source_tags(ids[1], ["transport", "weather"])
    tagged.replace_source_tags(ids[0], ["ukraine-war"])
    return tagged


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["wide", "narrow"])
def test_tag_chips_in_rows(
    reader_app: MakeReader, snap_compare: SnapCompare, chips: Store, size: tuple[int, int]
) -> None:
    app = reader_app(config=Config(tag_colors={"important": "#c0392b"}))
    assert snap_compare(app, terminal_size=size, run_before=then("j"))
