"""Tag chips in the article header take their colour from config.toml ``[tag_colors]``."""

from __future__ import annotations

from rich.color import Color

from reader import tags
from reader.config import Config
from reader.locations import Locations
from reader.store import Store
from reader.tui.render import chip_color
from reader.tui.screens.main import MainScreen
from tests.support.tui import MakeReader, build_archive, settle


def chip_background(screen: MainScreen, tag: str) -> Color | None:
    view = screen.article_view
    for y in range(view.scrollable_content_region.height):
        for segment in view.render_line(y):
            if segment.text == f" {tag} " and segment.style is not None:
                return segment.style.bgcolor
    raise AssertionError(f"no chip {tag!r}, padded on both sides, on screen")


async def test_a_configured_tag_colour_is_the_chip_colour(
    reader_app: MakeReader, locations: Locations, store: Store
) -> None:
    seed_id = build_archive(store, extra=2)
    tags.apply_tags(store, [seed_id], ["important", "later"], [])
    locations.config_file.write_text('[tag_colors]\nimportant = "#c0392b"\n', encoding="utf-8")
    config, warnings = Config.load(locations.config_file)
    assert not warnings
    app = reader_app(config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        assert screen.current is not None and screen.current.id == seed_id
        assert chip_background(screen, "important") == Color.parse("#c0392b")
        # A tag without a configured colour keeps its stable palette colour; the last chip on
        # the line keeps its padding too.
        assert chip_background(screen, "later") == Color.parse(chip_color("later", {}))
        assert chip_color("later", {}) != "#c0392b"
