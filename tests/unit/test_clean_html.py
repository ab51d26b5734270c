"""HTML pages: metadata, structured main content, leftovers cleaned, captions."""

from __future__ import annotations

from reader.clean.fragment import fragment_blocks
from reader.clean.html import extract_page
from reader.model import Block
from tests.support import FIXTURES as ALL_FIXTURES

FIXTURES = ALL_FIXTURES / "clean"


def test_page_metadata_and_structure() -> None:
    article = extract_page((FIXTURES / "page_article.html").read_text(encoding="utf-8"))

    assert article.title == "Tide Mill Turns Again After Forty Years"
    assert article.byline == "Rosa Fennick"  # JSON-LD beats the meta author
    assert article.date == "2022-05-14T09:30:00+01:00"
    assert article.source == "The Estuary Post"
    assert article.url == "https://estuary.example/news/tide-mill-turns-again"
    assert article.language == "en-gb"
    assert article.topics == ["Local history", "Mills", "Heritage", "Engineering"]
    assert article.caption.startswith("The restored wheel on its first morning")
    kinds = [b.kind for b in article.blocks]
    assert kinds == [
        "paragraph", "paragraph", "heading", "paragraph", "quote", "paragraph",
        "list_item", "list_item",
    ]  # fmt: skip
    assert article.blocks[2].text == "A machine older than the village"
    assert [r.title for r in article.related] == [
        "Ferry service returns to the creek after repairs"
    ]
    body = article.body
    for chrome in ("Share this article", "Home", "cookies", "Most read", "All rights reserved"):
        assert chrome not in body
    assert article.problems == []


def test_fragment_blocks_keep_structure() -> None:
    blocks = fragment_blocks(
        "<h3>Head</h3><p>One <b>bold</b> line.</p><ol><li>First<ul><li>Inner</li></ul></li></ol>"
        "<blockquote><p>Said so.</p></blockquote><figure><figcaption>A caption</figcaption>"
        "</figure><p><a href='https://example.org/x'>Whole link</a></p><pre>a\n  b</pre>"
        "<script>alert(1)</script>"
    )
    assert [(b.kind, b.text, b.level) for b in blocks] == [
        ("heading", "Head", 3),
        ("paragraph", "One bold line.", 0),
        ("list_item", "First", 1),
        ("list_item", "Inner", 2),
        ("quote", "Said so.", 0),
        ("caption", "A caption", 0),
        ("paragraph", "Whole link", 0),
        ("preformatted", "a\n  b", 0),
    ]
    assert blocks[6].href == "https://example.org/x"


def _linked(block: Block) -> list[tuple[str, str]]:
    return [(block.text[link.start : link.end], link.url) for link in block.links]


def test_inline_links_are_kept_with_offsets() -> None:
    article = extract_page((FIXTURES / "page_figures.html").read_text(encoding="utf-8"))

    linked = [_linked(b) for b in article.blocks if b.links]
    assert linked == [
        [("almost three years", "https://quay.example/news/volunteers-start")],
        [("maritime museum", "https://museum.example/")],
        [("full restoration report", "https://quay.example/docs/report.pdf")],
    ]
    # A block that is only partly a link does not stand for it.
    assert all(b.href == "" for b in article.blocks)


def test_fragment_links_follow_whitespace_and_skip_dead_targets() -> None:
    [block, pre] = fragment_blocks(
        "<p>\n  Tides <a href='/tables'>turn\n\n   twice</a> a day; <a href='#top'>top</a>, "
        "<a href='javascript:void(0)'>menu</a> and <a href='https://e.org/x'><b>the</b> "
        "<i>almanac</i></a>.</p><pre>\n\nrun <a href='/code'>tide.py</a></pre>",
        base="https://harbour.example/news/",
    )
    assert block.text == "Tides turn twice a day; top, menu and the almanac."
    assert _linked(block) == [
        ("turn twice", "https://harbour.example/tables"),
        ("the almanac", "https://e.org/x"),
    ]
    assert _linked(pre) == [("tide.py", "https://harbour.example/code")]


def test_captions_come_in_place_not_as_headings() -> None:
    # The extractor drops figure captions: they go back after the text their figure follows.
    article = extract_page((FIXTURES / "page_figures.html").read_text(encoding="utf-8"))
    kinds = [(b.kind, b.text[:22]) for b in article.blocks]
    assert kinds[:5] == [
        ("paragraph", "The lamps along the ol"),
        ("caption", "The first lamp lit at "),
        ("paragraph", "Each of the twenty-two"),
        ("paragraph", '"We wanted them to loo'),
        ("caption", "Residents gathered alo"),
    ]
    assert article.caption == "The first lamp lit at dusk on Friday"


def test_captions_in_a_short_page_read_as_a_scrape() -> None:
    # A short page is decided by its plain-text reading, where captions look like headings.
    article = extract_page((FIXTURES / "page_short_figures.html").read_text(encoding="utf-8"))
    assert [b.kind for b in article.blocks] == [
        "paragraph", "caption", "paragraph", "caption", "paragraph",
    ]  # fmt: skip
    assert article.blocks[3].text == "Workers on the slipway at low tide last week"
    # Links found by the extractor stay on the same text taken from the plain reading.
    assert _linked(article.blocks[0]) == [("slipway repairs", "https://quay.example/news/slipway")]


def test_japanese_page_is_an_article() -> None:
    article = extract_page((FIXTURES / "page_ja.html").read_text(encoding="utf-8"))
    assert article.problems == []
    assert article.title == "港の灯台、四十年ぶりに再点灯"
    assert len(article.blocks) == 3
    assert article.blocks[0].text.endswith("再びともされた。")


def test_relative_links_resolve_against_the_page_address() -> None:
    prose = (
        "The harbour board met on Tuesday to discuss the winter timetable for the ferries, "
        "and the members agreed that the morning crossing would run every day of the week. "
    )
    page = (
        "<html><head><title>Ferries keep their winter timetable</title>"
        '<link rel="canonical" href="https://quay.example/news/2021/ferries"></head><body>'
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
        "<h1>Ferries keep their winter timetable</h1>"
        f"<p>{prose * 2}See <a href='timetable'>the timetable</a> for times.</p>"
        f"<p>{prose}Last year's <a href='../2020/ferries'>decision</a> stands.</p>"
        f"<p>{prose * 2}</p></article></body></html>"
    )
    article = extract_page(page)

    linked = [pair for b in article.blocks for pair in _linked(b)]
    assert linked == [
        ("the timetable", "https://quay.example/news/2021/timetable"),
        ("decision", "https://quay.example/news/2020/ferries"),
    ]
