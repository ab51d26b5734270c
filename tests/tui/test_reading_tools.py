"""Pilot tests of the tools inside the article: the search in it, the filter's words marked,
links opened or copied by number (web links only), the article piped to a command, saved to a
file, shown in the pager or the editor, the browser setting, what is said without an address,
untrusted text drawn safely, and the suggested tag's evidence and dismissal.

Programs run here without a terminal (a headless reader cannot hand it over), in a worker: each
test waits for the workers before asserting."""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from rich.segment import Segment
from textual.pilot import Pilot
from textual.widgets import Input

from reader import tags
from reader.config import Config
from reader.entities import load_recogniser
from reader.model import Article, Block, Link
from reader.store import Store
from reader.tui.app import ReaderApp
from reader.tui.external import article_text
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.screens.main import MainScreen
from reader.tui.screens.prompt import PromptScreen
from reader.tui.screens.reading import FindScreen, LinkScreen, PipeScreen
from reader.tui.widgets.article_view import ArticleView
from tests.support.hostile import unsafe_characters
from tests.support.topics import make_article
from tests.support.topics import put as put_topic
from tests.support.tui import (
    MakeReader,
    focused,
    put,
    screen_text,
    settle,
    top,
    until,
)

MUSEUM = "https://museum.example/"
SHOP = "https://museum.example/shop"
MAIL = "mailto:desk@news.example"
ADDRESS = "https://news.example/museum-opens"
LINKED = (
    "The maritime museum opened its doors, the museum shop too; write to the desk, "
    "run the script, or read the file."
)


def span_of(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def linked_article(url: str = ADDRESS) -> Article:
    """Three web links and a mail link, and two that must stay text (a script in disguise
    and a local file)."""
    links = [
        Link(*span_of(LINKED, "maritime museum"), MUSEUM),
        Link(*span_of(LINKED, "museum shop"), SHOP),
        Link(*span_of(LINKED, "the desk"), MAIL),
        Link(*span_of(LINKED, "the script"), "java&#x09;script:alert(document.cookie)"),
        Link(*span_of(LINKED, "the file"), "file:///etc/passwd"),
    ]
    return Article(
        title="Museum opens",
        blocks=[Block("paragraph", LINKED, links=links)],
        date="2024-03-01",
        source="Harbour News",
        url=url,
    )


def segments(view: ArticleView) -> list[Segment]:
    return [segment for strip in view.rendered() for segment in strip]


def texts_styled(view: ArticleView, bgcolor: Any) -> list[str]:
    """The texts of the article drawn with this background, runs joined."""
    found: list[str] = []
    previous = False
    for strip in view.rendered():
        previous = False
        for segment in strip:
            style = segment.style
            marked = style is not None and style.bgcolor == bgcolor
            if marked and previous:
                found[-1] += segment.text
            elif marked:
                found.append(segment.text)
            previous = marked
    return found


async def press_find(pilot: Pilot[Any], typed: str) -> None:
    await pilot.press("f")
    assert isinstance(pilot.app.screen, FindScreen)
    await pilot.press(*typed, "enter")


# ---- searching in the article ------------------------------------------------------------------


async def test_find_marks_every_match_and_moves_between_them(
    reader_app: MakeReader, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        view = screen.article_view
        await press_find(pilot, "MALTA")  # case does not matter
        await settle(app, pilot)
        assert view.find_count == 3  # the title and two paragraphs
        assert focused(app) is view  # the article is open for reading
        find_bg = view.article_styles.find_match.bgcolor
        current_bg = view.current_match_style.bgcolor
        assert texts_styled(view, find_bg) + texts_styled(view, current_bg) != []
        assert sorted(texts_styled(view, find_bg) + texts_styled(view, current_bg)) == [
            "Malta"
        ] * 3
        assert "Find “MALTA”: 1/3" in screen_text(app)
        assert texts_styled(view, current_bg) == ["Malta"]
        first_line = next(
            y for y, strip in enumerate(view.rendered()) if any(s.style and s.style.bgcolor
                                                               == current_bg for s in strip)
        )
        await pilot.press("right_square_bracket")
        assert "Find “MALTA”: 2/3" in screen_text(app)
        second_line = next(
            y for y, strip in enumerate(view.rendered()) if any(s.style and s.style.bgcolor
                                                               == current_bg for s in strip)
        )
        assert second_line > first_line  # in reading order
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert "Find “MALTA”: 1/3" in screen_text(app)
        assert "Search went on from the start." in screen_text(app)
        await pilot.press("left_square_bracket")
        assert "Find “MALTA”: 3/3" in screen_text(app)
        await pilot.press("escape")  # in the article: ends the search
        await pilot.pause()
        assert view.find_count == 0 and not view.finding
        assert texts_styled(view, find_bg) == []
        assert "Find “" not in screen_text(app)
        await pilot.press("right_square_bracket")
        assert "No search in this article: f finds words in it." in screen_text(app)


async def test_find_scrolls_to_the_match_and_counts_across_blocks_and_lines(
    reader_app: MakeReader, store: Store
) -> None:
    phrase = "harbour lights "
    blocks = [
        Block("heading", "Harbour lights", level=2),
        Block("paragraph", "Filler words. " * 200),
        Block("quote", "The harbour\nlights are back."),  # a line break inside the phrase
        Block("list_item", "Harbour Lights, the list"),
        Block("paragraph", phrase * 30),  # wrapped lines split some of them
        Block("caption", "HARBOUR LIGHTS at dusk"),
    ]
    put(store, Article(title="A long story", blocks=blocks, date="2024-01-01"))
    app = reader_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settle(app, pilot)
        view = screen.article_view
        await press_find(pilot, "harbour lights")
        await settle(app, pilot)
        assert view.find_count == 1 + 1 + 1 + 30 + 1
        assert view.scroll_offset.y == 0  # the first match is on screen: no scrolling
        await pilot.press("right_square_bracket")  # the quote, far below the filler
        await pilot.pause()
        assert view.scroll_offset.y > 20
        assert "harbour" in article_lines_on_screen(app)
        marked = texts_styled(view, view.article_styles.find_match.bgcolor)
        assert "harbour" in marked or "harbour " in marked  # a match split over two lines


def article_lines_on_screen(app: ReaderApp) -> str:
    return screen_text(app).lower()


async def test_find_from_the_narrow_list_opens_the_article(
    reader_app: MakeReader, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(app, pilot)
        assert not screen.reading
        await press_find(pilot, "peace")
        await settle(app, pilot)
        assert screen.reading and focused(app) is screen.article_view
        assert screen.article_view.find_count == 4  # Peace Talks, peace talks, plan, peaceful
        assert "Find “peace”: 1/4" in screen_text(app)
        await pilot.press("right_square_bracket")
        assert "Find “peace”: 2/4" in screen_text(app)


async def test_a_search_stays_from_article_to_article_until_it_ends(
    reader_app: MakeReader, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await press_find(pilot, "harbour")
        await settle(app, pilot)
        assert screen.article_view.find_count == 0
        assert "Not found in this article: harbour" in screen_text(app)
        await pilot.press("n")  # the next unread: a dispatch about the harbour
        await settle(app, pilot)
        assert screen.article_view.find_count == 2  # its title and its first paragraph
        assert "Find “harbour”: 2 matches " in screen_text(app)
        await pilot.press("right_square_bracket")
        assert "Find “harbour”: 1/2" in screen_text(app)
        await pilot.press("n")  # another dispatch: as many matches, none current yet
        await settle(app, pilot)
        assert "Find “harbour”: 2 matches " in screen_text(app)
        await pilot.press("f", "ctrl+u", "enter")  # an empty line ends it
        await settle(app, pilot)
        assert screen.article_view.find_count == 0 and not screen.article_view.finding


# ---- the filter's words ------------------------------------------------------------------------


async def test_the_filters_words_are_marked_and_names_keep_their_colour(
    reader_app: MakeReader, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        view = screen.article_view
        await pilot.press("slash", *'Zakharova "peace talks" not jeddah2', "enter")
        await settle(app, pilot)
        assert screen.library.filter_text.startswith("Zakharova")
        marker = view.article_styles.filter_match.bgcolor
        assert marker is not None
        marked = texts_styled(view, marker)
        assert "Zakharova" in marked
        assert "peace talks" in marked and "Peace Talks" in marked  # body and title
        assert "jeddah2" not in " ".join(marked)
        person = view.article_styles.entities["PERSON"]
        zakharova = [s for s in segments(view) if s.text == "Zakharova"]
        assert zakharova and zakharova[0].style is not None
        assert zakharova[0].style.color == person.color  # the name keeps its colour
        assert zakharova[0].style.bgcolor == marker
        await pilot.press("escape")  # the filter is cleared: nothing is marked
        await settle(app, pilot)
        assert texts_styled(view, marker) == []


# ---- links by number ---------------------------------------------------------------------------


def opened_by(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    opened: list[str] = []

    def open_url(url: str) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr("webbrowser.open", open_url)
    return opened


async def test_links_are_numbered_on_demand_and_opened_by_number(
    reader_app: MakeReader, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = opened_by(monkeypatch)
    put(store, linked_article())
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        view = screen.article_view
        assert "maritime museum[2]" not in " ".join(view.text_lines())
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(top(app), LinkScreen)
        text = " ".join(view.text_lines())
        assert "maritime museum[2]" in text and "museum shop[3]" in text
        assert "the desk[4]" in text
        assert "the script[" not in text and "the file[" not in text  # never numbered
        lines = view.text_lines()
        assert f"[1] Source → {ADDRESS}" in lines
        assert "the file → file:///etc/passwd (not a web link)" in lines
        await pilot.press("2")  # no other number starts with 2: taken at once
        await settle(app, pilot)
        assert opened == [MUSEUM]
        assert isinstance(top(app), MainScreen)
        assert "maritime museum[2]" not in " ".join(view.text_lines())  # numbers gone
        await pilot.press("Y", "3")
        await settle(app, pilot)
        assert app.clipboard == SHOP
        assert f"Copied (through the terminal's clipboard): {SHOP}" in screen_text(app)
        await pilot.press("L", "escape")  # cancelled: nothing opened
        await settle(app, pilot)
        assert opened == [MUSEUM]


async def test_only_web_links_become_hyperlinks(reader_app: MakeReader, store: Store) -> None:
    put(store, linked_article())
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        targets = {s.style.link for s in segments(screen.article_view) if s.style and s.style.link}
        assert targets == {MUSEUM, SHOP, MAIL, ADDRESS}
        script = [s for s in segments(screen.article_view) if s.text == "the script"]
        assert script and script[0].style is not None and not script[0].style.underline


async def test_with_many_links_a_number_waits_for_enter(
    reader_app: MakeReader, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = opened_by(monkeypatch)
    words = [f"word{n}" for n in range(11)]
    text = " ".join(words)
    links = [Link(*span_of(text, w), f"https://example.org/{w}") for w in words]
    put(store, Article(title="Many links", blocks=[Block("paragraph", text, links=links)],
                       date="2024-01-01", url="https://example.org/"))
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("L", "1")  # 1, 10, 11 and 12 start with 1
        await pilot.pause()
        assert isinstance(top(app), LinkScreen)
        await pilot.press("2")
        await settle(app, pilot)
        assert opened == ["https://example.org/word10"]  # link 12: the Source is 1
        await pilot.press("L", "1", "enter")
        await settle(app, pilot)
        assert opened[-1] == "https://example.org/"


def write_arguments_script(folder: Path, name: str = "browser") -> tuple[Path, Path]:
    """A program that writes its arguments, one a line, to a file: a stand-in browser."""
    out = folder / "arguments.txt"
    script = folder / name
    script.write_text(
        f"#!{sys.executable}\nimport sys\n"
        f"open({str(out)!r}, 'a').write(''.join(a + '\\n' for a in sys.argv[1:]))\n"
    )
    script.chmod(0o755)
    return script, out


async def test_the_browser_setting_gets_exactly_one_url_argument(
    reader_app: MakeReader, store: Store, tmp_path: Path
) -> None:
    script, out = write_arguments_script(tmp_path)
    put(store, linked_article())
    app = reader_app(config=Config(browser=f"{script} --new-tab %u"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        await until(app, pilot, out.exists)
        assert out.read_text().splitlines() == ["--new-tab", ADDRESS]
        assert f"Opened {ADDRESS}" in screen_text(app)


async def test_a_terminal_browser_runs_like_a_pager(
    reader_app: MakeReader, store: Store, tmp_path: Path
) -> None:
    script, out = write_arguments_script(tmp_path, "w3m")
    put(store, linked_article())
    app = reader_app(config=Config(browser=str(script)))  # the URL goes last
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("L", "3")
        await settle(app, pilot)
        assert out.read_text().splitlines() == [SHOP]
        assert "Closed w3m" in screen_text(app)


async def test_a_missing_browser_is_said(
    reader_app: MakeReader, store: Store, tmp_path: Path
) -> None:
    put(store, linked_article())
    app = reader_app(config=Config(browser=str(tmp_path / "no-such-browser")))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert "Browser not found" in screen_text(app)


# ---- o and y without an address ----------------------------------------------------------------


async def test_o_and_y_say_when_there_is_no_address(
    reader_app: MakeReader, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = opened_by(monkeypatch)
    put(store, Article(title="No address", blocks=[Block("paragraph", "Text.")], date="2024-01-01"))
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert "This article has no web address." in screen_text(app)
        await pilot.press("y")
        await settle(app, pilot)
        assert "This article has no web address." in screen_text(app)
        assert opened == [] and app.clipboard == ""
        await pilot.press("L")
        await settle(app, pilot)
        assert "This article has no web links." in screen_text(app)
        assert isinstance(top(app), MainScreen)


async def test_an_address_that_is_not_a_web_link_is_never_opened(
    reader_app: MakeReader, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = opened_by(monkeypatch)
    put(store, linked_article(url="javascript:alert(1)"))
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("o", "y")
        await settle(app, pilot)
        assert opened == [] and app.clipboard == ""
        assert "The article's address is not a web link" in screen_text(app)


# ---- pipe, save, pager, editor -----------------------------------------------------------------


async def test_pipe_sends_the_article_as_text_or_markdown(
    reader_app: MakeReader, archive: str, tmp_path: Path
) -> None:
    out = tmp_path / "piped.txt"
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        stored = screen.current
        assert stored is not None
        await pilot.press("vertical_line")
        assert isinstance(top(app), PipeScreen)
        await pilot.press(*f"cat > {out}", "enter")
        await settle(app, pilot)
        assert out.read_text(encoding="utf-8") == article_text(stored)
        assert screen.status_bar.status.note == f"Piped the article to `cat > {out}`"
        await pilot.press("vertical_line", "ctrl+t", "enter")  # the same command, Markdown
        await settle(app, pilot)
        assert out.read_text(encoding="utf-8") == article_text(stored, markdown=True)
        assert out.read_text(encoding="utf-8").startswith("# Russia Rejects")
        await pilot.press("vertical_line", "ctrl+u", *"echo oops >&2; exit 3", "enter")
        await settle(app, pilot)
        assert "failed with status 3: oops" in screen_text(app)
        await pilot.press("vertical_line", "ctrl+u", *"no-such-command-here", "enter")
        await settle(app, pilot)
        assert "status 127 (command not found)" in screen_text(app)


async def test_save_proposes_a_name_and_never_replaces_unasked(
    reader_app: MakeReader, archive: str, tmp_path: Path
) -> None:
    target = tmp_path / "story.md"
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        stored = screen.current
        assert stored is not None
        await pilot.press("ctrl+s")
        prompt = top(app)
        assert isinstance(prompt, PromptScreen)
        proposed = prompt.query_one(Input).value
        assert proposed.endswith("/russia-rejects-kyiv-backed-peace-talks-in-malta.md")
        await pilot.press("ctrl+u", *str(target), "enter")
        await settle(app, pilot)
        assert target.read_text(encoding="utf-8") == article_text(stored, markdown=True)
        assert screen.status_bar.status.note == f"Saved to {target}"
        target.write_text("mine")
        await pilot.press("ctrl+s", "ctrl+u", *str(target), "enter")
        await pilot.pause()
        assert isinstance(top(app), ConfirmScreen)
        await pilot.press("n")
        await settle(app, pilot)
        assert target.read_text() == "mine"
        assert "Not saved: the file is unchanged." in screen_text(app)
        await pilot.press("ctrl+s", "ctrl+u", *str(target), "enter", "y")
        await settle(app, pilot)
        assert target.read_text(encoding="utf-8") == article_text(stored, markdown=True)
        text_file = tmp_path / "story.txt"  # any other name: plain text
        await pilot.press("ctrl+s", "ctrl+u", *str(text_file), "enter")
        await settle(app, pilot)
        assert text_file.read_text(encoding="utf-8") == article_text(stored)
        await pilot.press("ctrl+s", "ctrl+u", *str(tmp_path / "no" / "x.md"), "enter")
        await settle(app, pilot)
        assert "Not saved, the folder does not exist:" in screen_text(app)
        await pilot.press("ctrl+s", "ctrl+u", *str(tmp_path), "enter")
        await settle(app, pilot)
        assert "Not saved, that is a folder:" in screen_text(app)


async def test_pager_and_editor_get_the_article(
    reader_app: MakeReader, archive: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paged, edited = tmp_path / "paged.txt", tmp_path / "edited.md"
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setenv("PAGER", f"sh -c 'cat > {paged}'")
    monkeypatch.setenv("EDITOR", f"sh -c 'cp \"$0\" {edited}'")
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        stored = screen.current
        assert stored is not None
        await pilot.press("O")
        await settle(app, pilot)
        assert paged.read_text(encoding="utf-8") == article_text(stored)
        await pilot.press("E")
        await settle(app, pilot)
        assert edited.read_text(encoding="utf-8") == article_text(stored, markdown=True)
        assert list(scratch.iterdir()) == []  # the editor's copy is gone
        assert "(a copy: the archive is unchanged)" in screen_text(app)
        monkeypatch.setenv("PAGER", "no-such-pager-here")
        await pilot.press("O")
        await settle(app, pilot)
        assert "Not found: no-such-pager-here — set $PAGER" in screen_text(app)


# ---- untrusted text ----------------------------------------------------------------------------

HOSTILE = "\x1b]52;c;ZXZpbA==\x07\x1b[31m\x9b2J\u202e\u200b\u2066\x85"


async def test_hostile_text_draws_no_control_or_invisible_character(
    reader_app: MakeReader, store: Store
) -> None:
    body = f"Plain words {HOSTILE} and a link{HOSTILE} here."
    link = Link(*span_of(body, "a link"), f"https://example.org/{HOSTILE}")
    article = Article(
        title=f"Title {HOSTILE} end",
        blocks=[Block("paragraph", body, links=[link]), Block("heading", f"Head{HOSTILE}")],
        byline=f"By {HOSTILE}",
        source=f"Source{HOSTILE}",
        date="2024-01-01",
        url=f"https://example.org/{HOSTILE}",
        topics=[f"topic{HOSTILE}"],
    )
    article_id = put(store, article)
    store.conn.execute(
        "INSERT INTO tags (article_id, tag, origin, created_at) VALUES (?, ?, 'manual', '')",
        (article_id, f"tag{HOSTILE}"),
    )
    stored = store.article(article_id)
    assert stored is not None and HOSTILE in stored.article.title  # the danger is real
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await press_find(pilot, "words")  # marks and numbers drawn too
        await pilot.press("L")
        await pilot.pause()
        drawn = segments(screen.article_view)
        rows = screen.article_list
        drawn += [s for y in range(rows.size.height) for s in rows.render_line(y)]
        text = "".join(s.text for s in drawn)
        assert "Title" in text and "Plain words" in text and "tag" in text
        assert unsafe_characters(text, lines=False) == []
        for segment in drawn:
            target = segment.style.link if segment.style else None
            assert target is None or unsafe_characters(target, lines=False) == []
        await pilot.press("escape")
        await pilot.pause()
        assert unsafe_characters(screen_text(app), lines=True) == []


# ---- the suggested tag: evidence and dismissal -------------------------------------------------


def add_unrelated(store: Store, count: int) -> None:
    """Older articles on other subjects, so the harbour stories stand out as a topic."""
    rng = random.Random(4)
    with store.transaction():
        for number in range(count):
            article = make_article(("cooking", "astronomy", "everyday")[number % 3], number, rng)
            article.date = f"2023-08-{number % 28 + 1:02d}"
            put_topic(store, article, f"unrelated/{number}")
        store.conn.execute(
            "UPDATE articles SET entities_version = ?", (load_recogniser("crf").version,)
        )


def harbour_tagged(store: Store, screen: MainScreen, archive: str) -> str:
    """Five dispatches tagged +harbour (and the seed +war): the second row's dispatch is
    untagged and gets harbour suggested. Returns its id."""
    rows = [screen.library.row(i) for i in (1, 3, 5, 7, 9, 11)]
    ids = [row.id for row in rows if row is not None]
    tags.apply_tags(store, ids[1:], ["harbour"])
    tags.apply_tags(store, [archive], ["war"])
    return ids[0]


def rejected(store: Store, article_id: str) -> list[str]:
    rows = store.conn.execute(
        "SELECT tag FROM suggestion_rejections WHERE article_id = ?", (article_id,)
    )
    return [row[0] for row in rows]


async def test_the_suggestion_explains_itself_and_can_be_dismissed(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    add_unrelated(store, 40)
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        view = screen.article_view
        untagged = harbour_tagged(store, screen, archive)
        assert screen.check_action("reading", ("explain",)) is False  # nothing suggested
        await pilot.press("j")
        await until(app, pilot, lambda: bool(view.shown_suggestions))
        assert view.shown_suggestions[0] == "harbour"
        assert "(a accepts · W why · D dismisses)" in screen_text(app)
        await pilot.press("W")
        await settle(app, pilot)
        lines = view.text_lines()
        why = next(line for line in lines if line.startswith("Why harbour:"))
        assert "% likely, learned from 5 tagged articles" in why
        assert any(line.strip().startswith("like: Dispatch number") for line in lines)
        assert any(line.strip().startswith("words: ") for line in lines)
        await pilot.press("W")  # again: hidden
        await pilot.pause()
        assert not any(line.startswith("Why harbour:") for line in view.text_lines())
        await pilot.press("D")
        await pilot.pause()
        assert "harbour" not in view.shown_suggestions  # gone at once
        assert "Suggested: harbour" not in screen_text(app)
        await settle(app, pilot)
        assert rejected(store, untagged) == ["harbour"]
        assert "Dismissed: harbour is not suggested for this article again." in screen_text(app)
        await pilot.press("k", "j")  # shown again: suggested afresh, without harbour
        await settle(app, pilot)
        assert screen.current is not None and screen.current.id == untagged
        assert "harbour" not in view.shown_suggestions


async def test_the_users_quick_tags_are_never_suggested(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    add_unrelated(store, 40)
    app = reader_app(config=Config(quick_tags={"1": "harbour"}))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        untagged = harbour_tagged(store, screen, archive)
        await pilot.press("j")
        await settle(app, pilot)  # the suggestion worker for this article has run
        assert screen.current is not None and screen.current.id == untagged
        assert screen.article_view.suggestions is not None
        assert screen.article_view.suggestions[0] == untagged
        assert "harbour" not in screen.article_view.shown_suggestions
