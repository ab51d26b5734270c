"""The reader as its tests use it: ``reader_app`` makes one on the test's archive (in the
temporary READER_HOME), ``archive`` fills that archive with the seed story and 24 older ones."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from reader.config import Config
from reader.locations import Locations
from reader.store import Store
from reader.tui.app import ReaderApp
from tests.support.tui import MakeReader, build_archive, make_app


@pytest.fixture
def reader_app(locations: Locations, store: Store) -> MakeReader:
    """Makes the reader on the test's store, with ``config`` (else the defaults), opening
    ``paths`` (indexed at start-up), ``plain`` (no colours) and ``watch_folders`` (the paths
    watched after indexing) when a test needs them."""

    def make(
        *,
        config: Config | None = None,
        paths: Sequence[Path] = (),
        plain: bool = False,
        watch_folders: bool = False,
    ) -> ReaderApp:
        return make_app(locations, store, paths=paths, config=config, plain=plain,
                        watch_folders=watch_folders)

    return make


@pytest.fixture
def archive(store: Store) -> str:
    """The seed story (the newest; its id) and 24 older dispatches with known names."""
    return build_archive(store)
