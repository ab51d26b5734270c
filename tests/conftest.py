"""Shared fixtures. Every test runs with READER_HOME in a temporary folder: the real home is
never touched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.locations import Locations, resolve
from reader.store import Store
from tests.support import SEED


@pytest.fixture(autouse=True)
def reader_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("reader-home")
    monkeypatch.setenv("READER_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    return home


@pytest.fixture
def locations(reader_home: Path) -> Locations:
    return resolve().ensure()


@pytest.fixture
def store(locations: Locations) -> Iterator[Store]:
    with Store.open(locations.database) as opened:
        yield opened


@pytest.fixture
def seed_path() -> Path:
    return SEED
