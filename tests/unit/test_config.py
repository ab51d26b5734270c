"""Config: a dataclass in TOML that never stops the reader from opening."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style

from reader.config import Config, SavedView
from reader.locations import resolve


def test_round_trip_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    config, warnings = Config.load(path)
    assert warnings == [] and config.theme == "reader-dark"
    config.theme = "reader-light"
    config.views.append(SavedView("War", "+war"))
    config.save(path)
    loaded, warnings = Config.load(path)
    assert warnings == []
    assert loaded.theme == "reader-light" and loaded.views[-1] == SavedView("War", "+war")


def test_bad_values_warn_and_fall_back(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = 3\ncolour = "x"\nquick_tags = {1 = "a"}\n', encoding="utf-8")
    config, warnings = Config.load(path)
    assert config.theme == "reader-dark" and config.quick_tags == {"1": "a"}
    assert len(warnings) == 2
    path.write_text("not toml = = =", encoding="utf-8")
    config, warnings = Config.load(path)
    assert config == Config() and "using defaults" in warnings[0]


def test_bad_tag_colours_warn_and_are_left_out(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        "[tag_colors]\n"
        'a = "notacolour"\nb = "#ff8800"\nc = "#f80"\nd = "rgb(1, 2, 3)"\n'
        'e = "bright_blue"\nf = "rgb(1, 2, 300)"\ng = "#ff88"\n',
        encoding="utf-8",
    )
    config, warnings = Config.load(path)
    assert config.tag_colors == {
        "b": "#ff8800",
        "c": "#ff8800",
        "d": "rgb(1, 2, 3)",
        "e": "bright_blue",
    }
    assert len(warnings) == 3 and "'notacolour' for 'a' is not a colour" in warnings[0]
    for value in config.tag_colors.values():  # what the tag chips do with them
        Style(bgcolor=value)


def test_reader_home_moves_data_and_config(tmp_path: Path, monkeypatch: object) -> None:
    places = resolve(tmp_path / "home")
    assert places.database == (tmp_path / "home" / "reader.sqlite3").resolve()
    assert places.config_file.parent == places.data_dir
