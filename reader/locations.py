"""Every path reader uses, in one place.

Data (the index and the reader's state) lives in the platformdirs data dir, config in the
platformdirs config dir. ``READER_HOME`` or ``--data-dir`` moves both under one folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "reader"
ENV_HOME = "READER_HOME"

_PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class Locations:
    data_dir: Path
    config_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "reader.sqlite3"

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def rules_file(self) -> Path:
        return self.config_dir / "rules.toml"

    @property
    def state_file(self) -> Path:
        """Small UI preferences that persist (the chosen theme) without touching config.toml."""
        return self.data_dir / "ui-state.json"

    def ensure(self) -> Locations:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.config_dir.mkdir(parents=True, exist_ok=True)
        return self


def resolve(data_dir: str | os.PathLike[str] | None = None) -> Locations:
    """Where things live: ``--data-dir`` first, then ``READER_HOME``, then platform defaults."""
    chosen = data_dir or os.environ.get(ENV_HOME)
    if chosen:
        home = Path(chosen).expanduser().resolve()
        return Locations(data_dir=home, config_dir=home)
    return Locations(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )


def _bundled(name: str) -> Path:
    """A top-level folder shipped with the package: in the wheel, or beside a source checkout."""
    inside_wheel = _PACKAGE_DIR / "_bundled" / name
    if inside_wheel.is_dir():
        return inside_wheel
    return _PACKAGE_DIR.parent / name


def styles_dir() -> Path:
    return _bundled("styles")


def seeds_dir() -> Path:
    return _bundled("seeds")
