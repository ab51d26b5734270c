"""Inline links in the article view: link-styled text (even inside a highlighted name) and a
"Links" list at the end of the article, each address once."""

from __future__ import annotations

from typing import Any

from rich.segment import Segment

from reader.entities import annotate_pending, load_recogniser
from reader.indexer import index_paths
from reader.model import Article, Block, Link, Span
from reader.store import Store
from reader.tui.screens.main import MainScreen
from tests.support import FIXTURES
from tests.support.tui import MakeReader, put, screen_text, settle

FIGURES_PAGE = FIXTURES / "clean" / "page_figures.html"

PARAGRAPH = "The Maritime Museum of Malta opened its doors, and the museum shop too."


def linked_article() -> Article:
    museum = PARAGRAPH.index("Maritime Museum of Malta")
    shop = PARAGRAPH.index("museum shop")
    return Article(
        title="Museum opens",
        blocks=[
            Block(
                "paragraph",
                PARAGRAPH,
                links=[
                    Link(museum, museum + 24, "https://museum.example/"),
                    Link(shop, shop + len("museum shop"), "https://museum.example/shop"),
                ],
            ),
            Block(
                "paragraph",
                "See the museum again.",
                links=[Link(8, 14, "https://museum.example/")],  # the same address: listed once
            ),
        ],
        date="2024-03-01",
        source="Harbour News",
        url="https://news.example/museum-opens",
    )


def segments_of(screen: MainScreen) -> list[Segment]:
    view = screen.article_view
    return [
        segment
        for y in range(view.scrollable_content_region.height)
        for segment in view.render_line(y)
    ]


async def test_linked_text_is_link_styled_and_names_inside_links_keep_their_colour(
    reader_app: MakeReader, store: Store
) -> None:
    malta = PARAGRAPH.index("Malta")  # the first block starts the body: offsets are the same
    spans = [Span(malta, malta + 5, "PLACE", "Malta", "Malta")]
    put(store, linked_article(), spans)
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        segments = segments_of(screen)
        place = screen.article_view.article_styles.entities["PLACE"]
        plain = [s for s in segments if s.text.startswith("The ")]
        assert plain and plain[0].style is not None and not plain[0].style.underline

        def style_of(word: str) -> Any:
            found = [s for s in segments if s.text == word]
            assert found, f"{word!r} is not a segment of its own"
            return found[0].style

        museum = style_of("Maritime Museum of ")
        assert museum.underline and museum.link == "https://museum.example/"
        malta_style = style_of("Malta")  # a place inside a link: both show
        assert malta_style.underline and malta_style.link == "https://museum.example/"
        assert malta_style.color == place.color and malta_style.bgcolor == place.bgcolor
        assert style_of("museum shop").link == "https://museum.example/shop"
        assert not style_of(" opened its doors, and the ").underline


def link_entries(screen: MainScreen) -> list[str]:
    lines = screen.article_view.text_lines()
    start = lines.index("Links")
    return [line.strip() for line in lines[start:] if "→" in line]


async def test_links_are_listed_at_the_end_once_each(reader_app: MakeReader, store: Store) -> None:
    put(store, linked_article())
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        assert link_entries(screen) == [
            "Source → https://news.example/museum-opens",
            "Maritime Museum of Malta → https://museum.example/",
            "museum shop → https://museum.example/shop",
        ]
        await pilot.press("enter", "G")
        await pilot.pause()
        assert screen.article_view.at_end
        assert "museum shop → https://museum.example/shop" in screen_text(app)


async def test_links_of_a_saved_page_survive_indexing_and_show(
    reader_app: MakeReader, store: Store
) -> None:
    index_paths(store, [FIGURES_PAGE])
    annotate_pending(store, recogniser=load_recogniser("crf"))
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        assert screen.current is not None
        blocks = screen.current.article.blocks
        linked = {b.text[link.start : link.end]: link.url for b in blocks for link in b.links}
        assert linked["maritime museum"] == "https://museum.example/"
        entries = link_entries(screen)
        assert "maritime museum → https://museum.example/" in entries
        assert "full restoration report → https://quay.example/docs/report.pdf" in entries
