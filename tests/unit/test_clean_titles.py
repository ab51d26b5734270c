"""Titles a person would write down: from a page's own metadata, from the evidence in a scrape,
"(untitled)" rather than a guess, and bad input that never crashes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.clean import titles
from reader.clean.html import extract_page
from reader.clean.text import clean_scrape
from reader.model import UNTITLED, Article
from reader.sources import ReadContext
from reader.sources import html as html_format
from reader.sources import text as text_format
from tests.support import FIXTURES as ALL_FIXTURES

FIXTURES = ALL_FIXTURES / "clean"
PROSE = (
    "The ferry to the island runs again from Monday, after the winter storms damaged the "
    "slipway at the harbour and kept it closed for most of March.\n"
    "Engineers repaired the slipway in three weeks, and the first crossing on Monday morning "
    "will carry the post, the doctor and a school trip.\n"
)


def _page(head: str, body: str = "") -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in PROSE.splitlines())
    return f"<html><head>{head}</head><body><main><article>{body}{paragraphs}</article></main>" \
        "</body></html>"  # fmt: skip


def test_entities_are_decoded_in_titles_bylines_captions_and_topics() -> None:
    article = extract_page((FIXTURES / "page_entities.html").read_text(encoding="utf-8"))
    assert article.title == "‘Lamps on the Quay’ return at £40 each"
    assert article.byline == "Mira Holt & Jonas Lind"
    assert article.topics == ["Harbour & Quay", "Local history"]
    assert article.caption == "The quay’s lamps at dusk"
    assert "&#" not in article.body and "&amp;" not in article.body


@pytest.mark.parametrize(
    ("text", "decoded"),
    [
        ("&#8216;Quay&#8217;", "‘Quay’"),
        ("&amp;#8217;", "’"),
        ("&amp;amp;#163;40", "£40"),
        ("Fish &amp; Chips", "Fish & Chips"),
        ("AT&T and R&D", "AT&T and R&D"),
        ("no entities", "no entities"),
    ],
)
def test_entities_escaped_once_twice_or_three_times(text: str, decoded: str) -> None:
    assert titles.decode_entities(text) == decoded


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        ('<meta property="og:title" content="Ferry returns"><title>Other | Gazette</title>', "",
         "Ferry returns"),
        ("<title>Ferry returns to the island - Harbour Gazette</title>"
         '<meta property="og:site_name" content="Harbour Gazette">', "",
         "Ferry returns to the island"),
        ("<title>Harbour Gazette: Ferry returns to the island</title>"
         '<meta property="og:site_name" content="Harbour Gazette">', "",
         "Ferry returns to the island"),
        ("<title>Opinion | Ferry timetables are a mess</title>", "",
         "Opinion | Ferry timetables are a mess"),
        ("<title>Ferry returns to the island - Quay Post</title>", "",
         "Ferry returns to the island"),
        # Only the <title> element's tail is guessed to be the site: og:title names a speaker.
        ('<meta property="og:title" content="Fares must fall this winter - Mayor">'
         "<title>Fares must fall this winter - Mayor - Quay Post</title>", "",
         "Fares must fall this winter - Mayor"),
        ('<meta property="og:site_name" content="Harbour Gazette">',
         '<h1><a href="/">Harbour Gazette</a></h1><h1>Ferry returns</h1>', "Ferry returns"),
        ('<meta property="og:title" content="!!! ### !!!"><title>2024</title>',
         "<h1>Ferry returns</h1>", "Ferry returns"),
    ],
)  # fmt: skip
def test_saved_pages_take_their_own_metadata(head: str, body: str, title: str) -> None:
    assert extract_page(_page(head, body)).title == title


def test_an_empty_title_and_an_image_headline_give_untitled(tmp_path: Path) -> None:
    path = tmp_path / "3f2a9c0d4e5b6a7c.html"
    data = (FIXTURES / "page_image_headline.html").read_bytes()
    [article] = html_format.read(path, data, ReadContext())
    assert article.title == UNTITLED  # never the file name
    assert len(article.blocks) == 3


def test_a_title_of_symbols_and_digits_is_passed_over() -> None:
    article = extract_page((FIXTURES / "page_symbol_title.html").read_text(encoding="utf-8"))
    assert article.title == "Ferry timetable changes for the spring"


def test_a_two_thousand_character_title_is_no_title() -> None:
    long_title = " ".join(["harbour"] * 300)
    assert len(long_title) > 2000
    article = extract_page(_page(f"<title>{long_title}</title>"))
    assert article.title == UNTITLED


@pytest.mark.parametrize(
    "line",
    [
        "★★★",
        "2024",
        "### 2024-11-05 ###",
        "3f2a9c0d4e5b6a7c8d9e0f1a2b3c4d5e",
        "story-0042.html",
        "notes_2024.txt",
        "https://harbour.example/ferry-returns",
        "Copy link Link copied!",
        "Share to MastodonMastodonShare to EmailEmail",
        "Click to share on Bluesky (Opens in new window)",
        "Share",
        " ".join(["harbour"] * 300),
    ],
)
def test_what_can_never_be_a_title(line: str) -> None:
    assert not titles.usable(line)


@pytest.mark.parametrize(
    "line",
    [
        "Alex Example | Getty Images",
        "Jane Doe/Reuters",
        "Photo: Jane Doe / Harbour Gazette",
        "Jo Writer, AP Harbour Writer",
        "Reuters, Lisbon,",
    ],
)
def test_credits_and_agency_lines(line: str) -> None:
    assert titles.is_credit_or_agency(line)


def test_a_scrape_headline_among_share_credit_and_agency_lines() -> None:
    text = (FIXTURES / "scrape_chrome_titles.txt").read_text(encoding="utf-8")
    article = clean_scrape(text)
    assert article.title == "Ferry returns to the island after the winter storms"
    assert article.byline == "Jo Writer"
    assert article.date == "2021-03-12"
    assert article.caption == "Alex Example | Getty Images"
    assert article.body.startswith("The ferry to the island runs again")
    for chrome in ("Copy link", "Share to", "Click to share", "newsletter", "Getty"):
        assert chrome not in article.body


def test_a_headline_naming_who_said_it_keeps_the_name(tmp_path: Path) -> None:
    # "Headline - Speaker" is how news sites attribute a quote; nothing says "Mayor" is a site.
    path = tmp_path / "fares.txt"
    path.write_text(
        "Fares must fall this winter - Mayor\n\n"
        "The mayor said on Monday that ferry fares would have to come down before the winter "
        "timetable starts, after a year of complaints from islanders.\n\n"
        "The harbour board will meet next week to discuss the proposal.\n",
        encoding="utf-8",
    )
    [article] = text_format.read(path, path.read_bytes(), ReadContext())
    assert article.title == "Fares must fall this winter - Mayor"


def test_a_scrape_without_its_headline_is_untitled(tmp_path: Path) -> None:
    lines = (FIXTURES / "scrape_chrome_titles.txt").read_text(encoding="utf-8").splitlines()
    lines.remove("Ferry returns to the island after the winter storms")
    path = tmp_path / "0d46122928b6f468.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    [article] = text_format.read(path, path.read_bytes(), ReadContext())
    assert article.title == UNTITLED  # not a share line, the credit, the byline or the file name
    assert article.body.startswith("The ferry to the island runs again")


def test_a_breadcrumb_glued_to_the_headline_is_cut_off() -> None:
    text = "Home\nHomeLocal NewsFerry Returns To The Island After The Storms\n" + PROSE
    assert clean_scrape(text).title == "Ferry Returns To The Island After The Storms"


def test_a_headline_ending_in_a_question_opens_the_body() -> None:
    text = "Home\nNews\nIs the ferry coming back for good this spring?\n" + PROSE
    article = clean_scrape(text)
    assert article.title == "Is the ferry coming back for good this spring?"
    assert "coming back for good" not in article.body


def test_the_headline_agrees_with_the_address_in_the_file() -> None:
    text = (
        "https://harbour.example/news/2021/ferry-returns-after-storms\n"
        "Lifeboat crew honoured\n"
        "Ferry returns after storms\n"
        "12 March 2021\n" + PROSE
    )
    assert clean_scrape(text).title == "Ferry returns after storms"


def test_a_two_thousand_character_first_line_is_prose_not_a_title() -> None:
    first = ("The harbour board met again on Tuesday and talked about the ferry " * 40).strip()
    assert len(first) > 2000
    article = clean_scrape(first + ".\n" + PROSE)
    assert article.title == UNTITLED
    assert article.blocks[0].text.startswith("The harbour board met again")


def test_lines_of_symbols_or_digits_never_become_the_title() -> None:
    article = clean_scrape("★★★\n2024\n### ###\n" + PROSE)
    assert article.title == UNTITLED
    assert article.body.startswith("The ferry to the island")


def test_untitled_articles_from_one_source_and_day_keep_apart() -> None:
    one = Article(title=UNTITLED, blocks=clean_scrape(PROSE).blocks, source="Gazette")
    other = Article(title=UNTITLED, blocks=clean_scrape(PROSE + "More.\n").blocks,
                    source="Gazette")  # fmt: skip
    assert one.fingerprint != other.fingerprint
    again = Article(title=UNTITLED, blocks=clean_scrape(PROSE).blocks, source="Gazette")
    assert one.fingerprint == again.fingerprint


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=300), max_size=30))
def test_any_text_gives_a_clean_title_or_untitled(lines: list[str]) -> None:
    article = clean_scrape("\n".join(lines))
    assert article.title == UNTITLED or titles.usable(article.title, chrome_checked=True)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.text(max_size=200), st.text(max_size=2500))
def test_any_page_metadata_gives_a_clean_title_or_untitled(
    og_title: str, title: str, headline: str
) -> None:
    def attribute(text: str) -> str:
        return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")

    page = _page(
        f'<meta property="og:title" content="{attribute(og_title)}">'
        f"<title>{attribute(title)}</title>",
        f"<h1>{attribute(headline)}</h1>",
    )
    article = extract_page(page)
    assert article.title == UNTITLED or titles.usable(article.title)
