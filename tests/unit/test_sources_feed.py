"""Feeds: every entry an article; OPML reported; unsafe or broken XML gives a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.model import Article
from reader.sources import ReadContext, SourceError
from reader.sources import feed as feed_format
from tests.support import FIXTURES

FEEDS = FIXTURES / "clean" / "feeds"


def _read(name: str) -> list[Article]:
    path = FEEDS / name
    return feed_format.read(path, path.read_bytes(), ReadContext())


@pytest.mark.parametrize(
    "name",
    ["river.rss", "moor.atom", "marsh.rdf", "dunes.json", "subscriptions.opml", "laughs.rss"],
)
def test_sniffs_feeds_by_content(name: str, tmp_path: Path) -> None:
    data = (FEEDS / name).read_bytes()
    # The name is no help: content decides.
    assert feed_format.FORMAT.sniff(tmp_path / "saved.txt", data[:4096])


def test_sniff_leaves_pages_and_other_json_alone(tmp_path: Path) -> None:
    sniff = feed_format.FORMAT.sniff
    assert not sniff(tmp_path / "a.html", b"<!DOCTYPE html><html><body><p>A feed of news</p>")
    assert not sniff(tmp_path / "a.json", b'{"title": "x", "body": "y"}')
    assert not sniff(tmp_path / "a.txt", b"Just some text about an rss reader.")


def test_rss2_entries() -> None:
    first, second = _read("river.rss")
    assert first.title == "Otters seen below the weir"
    assert first.source == "River Notes"
    assert first.byline == "Ada Brook"
    assert first.date == "2022-05-03T08:15:00+00:00"
    assert first.url == "https://river.example/otters"
    assert first.language == "en-gb"
    assert first.topics == ["Wildlife", "River"]
    assert [b.kind for b in first.blocks] == ["paragraph", "heading", "paragraph"]
    assert "Share this article" not in first.body
    assert "alert" not in first.body
    assert second.body.startswith("The footbridge by the mill")


def test_atom_rdf_and_json_feed() -> None:
    [atom] = _read("moor.atom")
    assert (atom.title, atom.byline, atom.source) == (
        "Heather in flower",
        "Ben Tor",
        "Moorland Diary",
    )
    assert atom.date == "2021-08-30T07:00:00+00:00"
    assert atom.topics == ["Nature"]
    assert [b.kind for b in atom.blocks] == ["paragraph", "list_item"]

    [rdf] = _read("marsh.rdf")
    assert (rdf.title, rdf.source, rdf.topics) == (
        "Geese arrive early",
        "Marsh Bulletin",
        ["Birds"],
    )
    assert rdf.date.startswith("2020-10-02")

    tern, untitled = _read("dunes.json")
    assert tern.title == "Tern colony & its wardens"
    assert (tern.byline, tern.source, tern.language) == ("Cora Sand", "Dune Walks", "en")
    assert tern.topics == ["Birds", "Coast"]
    assert tern.date == "2023-07-01T09:00:00+02:00"
    assert untitled.title.startswith("No title here")
    assert len(untitled.blocks) == 2


def test_opml_is_reported_not_read() -> None:
    with pytest.raises(SourceError) as caught:
        _read("subscriptions.opml")
    assert caught.value.reason == "OPML subscription list, not articles"


@pytest.mark.parametrize("name", ["laughs.rss", "xxe.rss"])
def test_entity_declarations_are_refused(name: str) -> None:
    with pytest.raises(SourceError) as caught:
        _read(name)
    assert caught.value.reason == "unsafe XML refused"


def test_external_dtd_is_never_fetched() -> None:
    # No network here: reading must not try; the item is read as plain XML.
    [article] = _read("external_dtd.rss")
    assert article.title == "Harmless item"


def test_truncated_feed_keeps_complete_entries() -> None:
    articles = _read("truncated.rss")
    assert articles[0].title == "First item survives"
    assert "cut off" in articles[0].body


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ((FEEDS / "broken.rss").read_bytes(), "malformed feed with no entries"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "malformed JSON feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', "feed has no entries"),
        (
            b"<rss version='2.0'><channel><title>Empty</title></channel></rss>",
            "feed has no entries",
        ),
        (b"", "empty file"),
    ],
)
def test_bad_feeds_give_reasons(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(SourceError) as caught:
        feed_format.read(tmp_path / "f.xml", data, ReadContext())
    assert caught.value.reason == reason


def test_deeply_nested_entry_html(tmp_path: Path) -> None:
    nested = "<div>" * 5000 + "<p>Deep inside the entry there is still a sentence to read.</p>"
    data = (
        "<rss version='2.0'><channel><title>Deep</title><item><title>Nested</title>"
        f"<description><![CDATA[{nested}]]></description></item></channel></rss>"
    ).encode()
    [article] = feed_format.read(tmp_path / "deep.rss", data, ReadContext())
    assert article.title == "Nested"


def _feed(tmp_path: Path, text: str, name: str = "feed.xml") -> list[Article]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return feed_format.read(path, path.read_bytes(), ReadContext())


def test_entry_links_are_kept(tmp_path: Path) -> None:
    [article] = _feed(
        tmp_path,
        "<rss version='2.0'><channel><title>Quay</title><link>https://quay.example/</link>"
        "<item><title>Lamps lit</title><link>https://quay.example/lamps</link><description>"
        "<![CDATA[<p>The lamps were lit by <a href='https://quay.example/people/maeve'>Maeve "
        "Corran</a> and the <a href='/volunteers'>volunteers</a> on Friday.</p>]]>"
        "</description></item></channel></rss>",
    )
    [block] = article.blocks
    assert [(block.text[k.start : k.end], k.url) for k in block.links] == [
        ("Maeve Corran", "https://quay.example/people/maeve"),
        ("volunteers", "https://quay.example/volunteers"),
    ]


def test_dates_keep_what_the_feed_wrote(tmp_path: Path) -> None:
    # A date stays a date; a timestamp stays a full timestamp, midnight included.
    [rdf] = _feed(
        tmp_path,
        "<?xml version='1.0'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' "
        "xmlns='http://purl.org/rss/1.0/' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
        "<channel rdf:about='https://m.example/'><title>Marsh</title></channel>"
        "<item rdf:about='https://m.example/1'><title>Geese</title><link>https://m.example/1</link>"
        "<description>Geese came early.</description><dc:date>2023-01-02</dc:date></item>"
        "</rdf:RDF>",
        "marsh.rdf",
    )
    assert rdf.date == "2023-01-02"
    [atom] = _feed(
        tmp_path,
        "<feed xmlns='http://www.w3.org/2005/Atom'><title>Moor</title><entry><title>Frost</title>"
        "<published>2023-01-02T00:00:00+01:00</published><content>Frost at dawn.</content>"
        "</entry></feed>",
        "moor.atom",
    )
    assert atom.date == "2023-01-02T00:00:00+01:00"
    [first, second] = _feed(
        tmp_path,
        '{"version": "https://jsonfeed.org/version/1.1", "title": "Dunes", "items": ['
        '{"id": "1", "title": "Midnight", "content_text": "Stars.", '
        '"date_published": "2023-07-01T00:00:00Z"},'
        '{"id": "2", "title": "A day", "content_text": "Sun.", "date_published": "2023-07-02"}]}',
        "dunes.json",
    )
    assert (first.date, second.date) == ("2023-07-01T00:00:00+00:00", "2023-07-02")


def test_entries_without_title_or_text_are_skipped(tmp_path: Path) -> None:
    articles = _feed(
        tmp_path,
        "<rss version='2.0'><channel><title>Links</title>"
        "<item><title>A link worth following</title><link>https://l.example/a</link></item>"
        "<item><link>https://l.example/b</link><description>  </description></item>"
        "<item><description><![CDATA[<p>Share this article</p>]]></description></item>"
        "<item><description>An entry with text and no title.</description></item>"
        "</channel></rss>",
    )
    assert [a.title for a in articles] == [
        "A link worth following",
        "An entry with text and no title.",
    ]
    link_post = articles[0]
    assert link_post.blocks == []
    assert link_post.problems == ["entry has no text", "2 entries with no title or text skipped"]
    assert "Untitled entry" not in [a.title for a in articles]


def test_a_feed_of_empty_entries_is_a_problem(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        _feed(
            tmp_path,
            '{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": ""}, {}]}',
            "empty.json",
        )
    assert caught.value.reason == "feed entries have no title or text"


def test_titles_and_categories_escaped_twice_are_decoded(tmp_path: Path) -> None:
    data = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title><item>'
        b"<title>Lamps &amp;amp;#8217;back&amp;amp;#8217;</title>"
        b"<description>The lamps are back on the quay.</description>"
        b"<category>Fish &amp;amp;amp; chips</category></item></channel></rss>"
    )
    [article] = feed_format.FORMAT.read(tmp_path / "f.xml", data, ReadContext())
    assert article.title == "Lamps \u2019back\u2019"
    assert article.topics == ["Fish & chips"]
