"""Snapshot tests of the tools inside the article (pytest-textual-snapshot; update with
``pytest tests/tui/test_reading_snapshots.py --snapshot-update`` and look at the SVGs): a
search's matches with the current one, the filter's words, and the links numbered.

Deterministic by construction: the bundled seed through the real pipeline or a fixed article,
a fixed theme, and no clock on screen."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from reader.entities import annotate_pending, load_recogniser
from reader.indexer import index_paths
from reader.store import Store
from reader.tui.app import ReaderApp
from tests.support import FIXTURES
from tests.support.tui import MakeReader, main_screen, no_delays

SnapCompare = Callable[..., bool]


async def settled(pilot: Pilot[Any]) -> None:
    """Workers done and the views counted again (opening an article changes the unread
    count: the snapshot must not depend on whether the recount's timer fired yet)."""
    app = pilot.app
    assert isinstance(app, ReaderApp)
    screen = main_screen(app)
    no_delays(screen)
    for _ in range(100):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if screen.view_list._count_timer is None and not pilot.app.workers:
            return
        await pilot.pause(0.01)
    raise AssertionError("the reader never settled")


def then(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run(pilot: Pilot[Any]) -> None:
        await settled(pilot)
        await pilot.press(*keys)
        await settled(pilot)

    return run


@pytest.fixture
def seed(store: Store, seed_path: Path) -> Store:
    index_paths(store, [seed_path])
    annotate_pending(store, recogniser=load_recogniser("crf"))
    return store


@pytest.fixture
def figures(store: Store) -> Store:
    """A saved page with links in its text and a linked picture."""
    index_paths(store, [FIXTURES / "clean" / "page_figures.html"])
    annotate_pending(store, recogniser=load_recogniser("crf"))
    return store


def test_find_marks_matches_and_the_current_one(
    reader_app: MakeReader, snap_compare: SnapCompare, seed: Store
) -> None:
    keys = ("f", *"russia", "enter", "right_square_bracket")
    assert snap_compare(reader_app(), terminal_size=(120, 40), run_before=then(*keys))


def test_find_narrow(reader_app: MakeReader, snap_compare: SnapCompare, seed: Store) -> None:
    keys = ("f", *"peace", "enter")
    assert snap_compare(reader_app(), terminal_size=(80, 24), run_before=then(*keys))


def test_filter_words_marked(
    reader_app: MakeReader, snap_compare: SnapCompare, seed: Store
) -> None:
    keys = ("slash", *'Zakharova "peace talks"', "enter")
    assert snap_compare(reader_app(), terminal_size=(120, 40), run_before=then(*keys))


def test_link_hints(reader_app: MakeReader, snap_compare: SnapCompare, figures: Store) -> None:
    assert snap_compare(reader_app(), terminal_size=(120, 40), run_before=then("L"))


def test_link_hints_narrow(
    reader_app: MakeReader, snap_compare: SnapCompare, figures: Store
) -> None:
    keys = ("enter", "G", "L")
    assert snap_compare(reader_app(), terminal_size=(80, 24), run_before=then(*keys))
