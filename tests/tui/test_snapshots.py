"""Snapshot tests of the reader's screens (pytest-textual-snapshot; update with
``pytest tests/test_tui_snapshots.py --snapshot-update`` and look at the SVGs before committing).

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
from reader.entities import annotate_pending
from reader.indexer import index_paths
from reader.locations import Locations
from reader.store import Store
from reader.tags import apply_tags
from tests.support.tui import add_problems, build_archive, make_app

SnapCompare = Callable[..., bool]


async def settled(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def then(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run(pilot: Pilot[Any]) -> None:
        await settled(pilot)
        await pilot.press(*keys)
        await settled(pilot)

    return run


@pytest.fixture
def archive(store: Store) -> Store:
    build_archive(store)
    return store


@pytest.fixture
def seed(store: Store, seed_path: Path) -> Store:
    """The bundled seed page through the real pipeline: indexed, cleaned, names found."""
    index_paths(store, [seed_path])
    annotate_pending(store)
    return store


@pytest.mark.parametrize("theme", ["reader-dark", "reader-light"])
def test_seed_wide(
    snap_compare: SnapCompare, locations: Locations, seed: Store, theme: str
) -> None:
    app = make_app(locations, seed, config=Config(theme=theme))
    assert snap_compare(app, terminal_size=(120, 40), run_before=settled)


@pytest.mark.parametrize("theme", ["reader-dark", "reader-light"])
def test_seed_narrow_reading(
    snap_compare: SnapCompare, locations: Locations, seed: Store, theme: str
) -> None:
    app = make_app(locations, seed, config=Config(theme=theme))
    assert snap_compare(app, terminal_size=(80, 24), run_before=then("enter"))


def test_seed_entity_panel(snap_compare: SnapCompare, locations: Locations, seed: Store) -> None:
    app = make_app(locations, seed)
    assert snap_compare(app, terminal_size=(120, 40), run_before=then("x"))


def test_list_narrow(snap_compare: SnapCompare, locations: Locations, archive: Store) -> None:
    app = make_app(locations, archive)
    assert snap_compare(app, terminal_size=(80, 24), run_before=then("j", "j", "r"))


def test_seed_without_colour(
    snap_compare: SnapCompare, locations: Locations, archive: Store
) -> None:
    app = make_app(locations, archive, plain=True)
    assert snap_compare(app, terminal_size=(120, 40), run_before=settled)


def test_help(snap_compare: SnapCompare, locations: Locations, archive: Store) -> None:
    app = make_app(locations, archive)
    assert snap_compare(app, terminal_size=(120, 40), run_before=then("question_mark"))


def test_entity_panel(snap_compare: SnapCompare, locations: Locations, archive: Store) -> None:
    app = make_app(locations, archive)
    assert snap_compare(app, terminal_size=(120, 40), run_before=then("x"))


def test_problems(snap_compare: SnapCompare, locations: Locations, archive: Store) -> None:
    add_problems(archive)
    app = make_app(locations, archive)
    assert snap_compare(app, terminal_size=(120, 40), run_before=then("P"))


@pytest.fixture
def tagged(archive: Store) -> Store:
    """The archive with tags in use, so the tag editor has something to complete."""
    ids = [str(r[0]) for r in archive.conn.execute("SELECT id FROM articles ORDER BY rowid")]
    apply_tags(archive, ids[1:6], ["harbour", "malta"])
    apply_tags(archive, ids[6:8], ["ferries"])
    apply_tags(archive, ids[:1], ["ukraine-war", "diplomacy"])
    return archive


def test_tag_editor_with_completions(
    snap_compare: SnapCompare, locations: Locations, tagged: Store
) -> None:
    app = make_app(locations, tagged)
    assert snap_compare(app, terminal_size=(120, 40), run_before=then("t", "plus", "a"))


def test_filter_bar_with_an_error(
    snap_compare: SnapCompare, locations: Locations, archive: Store
) -> None:
    app = make_app(locations, archive)

    async def run(pilot: Pilot[Any]) -> None:
        await settled(pilot)
        # Enter checks the query at once (typing waits for a pause first): no timing involved.
        await pilot.press("slash", *"Malta date:2023-13", "enter")
        await settled(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run)


def test_sidebar_with_saved_views(
    snap_compare: SnapCompare, locations: Locations, archive: Store
) -> None:
    views = [
        *Config().views,
        SavedView("Harbour this month", "source:harbour date:2023-09"),
        SavedView("Broken", 'title:"unclosed'),
    ]
    app = make_app(locations, archive, config=Config(views=views))
    assert snap_compare(app, terminal_size=(120, 40), run_before=then("v", "down"))


def test_views_narrow(snap_compare: SnapCompare, locations: Locations, archive: Store) -> None:
    app = make_app(locations, archive)
    assert snap_compare(app, terminal_size=(80, 24), run_before=then("v"))


def test_marked_rows(snap_compare: SnapCompare, locations: Locations, tagged: Store) -> None:
    app = make_app(locations, tagged)
    assert snap_compare(
        app, terminal_size=(120, 40), run_before=then("space", "j", "shift+down", "shift+down")
    )
