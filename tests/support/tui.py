"""Test data for the terminal reader: a small archive with fixed dates and known entity spans."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from time import monotonic
from typing import Any, Protocol

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import WorkerCancelled

from reader.config import Config
from reader.entities import load_recogniser
from reader.locations import Locations
from reader.model import Article, Block, Related, Span
from reader.store import Store
from reader.tui.app import ReaderApp
from reader.tui.screens.main import MainScreen

SEED_TITLE = "Russia Rejects Kyiv-Backed Peace Talks in Malta"

SEED_PARAGRAPHS = [
    "Russia on Thursday criticized Ukrainian-backed peace talks set to be held in Malta this "
    "weekend, warning any discussions without its participation would be counterproductive.",
    "The talks, which Ukrainian President Volodymyr Zelensky hopes will drum up support for his "
    "own peace plan, come after similar gatherings in Jeddah and Copenhagen earlier this year.",
    '"Obviously such gatherings have absolutely no perspective, they are simply '
    'counterproductive," Foreign Ministry spokeswoman Maria Zakharova told reporters.',
    'She added the upcoming meeting had "nothing to do with the search for a peaceful '
    'resolution" and criticized Malta for hosting what she called a "blatantly anti-Russian '
    'event."',
    "The head of Ukraine's presidential office Andriy Yermak said he was optimistic about the "
    "meeting, and that around 60 countries had confirmed their attendance.",
]

SEED_NAMES = {
    "Volodymyr Zelensky": "PERSON",
    "Maria Zakharova": "PERSON",
    "Andriy Yermak": "PERSON",
    "Foreign Ministry": "ORG",
    "Malta": "PLACE",
    "Russia": "PLACE",
    "Jeddah": "PLACE",
    "Copenhagen": "PLACE",
    "Ukraine": "PLACE",
    "Ukrainian": "OTHER",
}


def seed_article() -> Article:
    return Article(
        title=SEED_TITLE,
        blocks=[Block("paragraph", text) for text in SEED_PARAGRAPHS],
        byline="AFP",
        date="2023-10-26",
        source="The Moscow Times",
        url="https://www.themoscowtimes.com/2023/10/26/russia-rejects-kyiv-backed-peace-talks",
        topics=["Ukraine war"],
        related=[
            Related(
                "Russian Recruits Jailed for 3 Years for Refusing to Fight in Ukraine",
                summary="Two recruits were among the first charged with refusing service.",
                kicker="refuseniks",
            ),
        ],
    )


def find_spans(body: str, names: dict[str, str]) -> list[Span]:
    """Every whole-word occurrence of each name, longest names first, without overlaps."""
    taken: list[tuple[int, int]] = []
    spans: list[Span] = []
    for name in sorted(names, key=len, reverse=True):
        start = body.find(name)
        while start != -1:
            end = start + len(name)
            before = body[start - 1] if start else " "
            after = body[end] if end < len(body) else " "
            clear = not before.isalnum() and not after.isalnum()
            if clear and all(end <= a or start >= b for a, b in taken):
                taken.append((start, end))
                spans.append(Span(start, end, names[name], name, name))  # type: ignore[arg-type]
            start = body.find(name, end)
    return sorted(spans, key=lambda s: s.start)


def put(store: Store, article: Article, spans: Sequence[Span] = (), *, path: str = "") -> str:
    file_id = store.save_file(
        path=path or f"/archive/{article.fingerprint}.txt",
        size=100,
        mtime_ns=0,
        hash=article.fingerprint,
        format="plain",
        status="ok",
        articles=1,
    )
    article_id = store.put_article(article, file_id, 0)
    store.conn.executemany(
        'INSERT INTO mentions (article_id, start, "end", label, text, canonical) '
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(article_id, s.start, s.end, s.label, s.text, s.canonical or s.text) for s in spans],
    )
    # Marked as done by the recogniser in use, so the reader does not look for names again.
    store.conn.execute(
        "UPDATE articles SET entities_version = ? WHERE id = ?",
        (load_recogniser("crf").version, article_id),
    )
    return article_id


def filler(number: int) -> Article:
    day = 25 - (number % 20)
    return Article(
        title=f"Dispatch number {number}: the harbour reopens",
        blocks=[
            Block("paragraph", f"Report {number} from Valletta on the harbour and the ferries."),
            Block("paragraph", "Officials in Malta said the work would take another month."),
        ],
        byline="Staff",
        date=f"2023-09-{day:02d}",
        source="Harbour News",
        url=f"https://example.org/dispatch/{number}",
    )


def build_archive(store: Store, *, extra: int = 24) -> str:
    """The seed article (newest) plus ``extra`` older ones. Returns the seed's id."""
    with store.transaction():
        seed = seed_article()
        seed_id = put(store, seed, find_spans(seed.body, SEED_NAMES))
        for number in range(extra):
            article = filler(number)
            put(store, article, find_spans(article.body, {"Malta": "PLACE", "Valletta": "PLACE"}))
    return seed_id


def add_problems(store: Store) -> None:
    store.save_file(
        path="/archive/broken.html",
        size=10,
        mtime_ns=0,
        hash="x",
        format="html",
        status="problem",
        problem="no article text found",
        detail="the page holds only navigation",
    )
    store.save_file(
        path="/archive/huge.json",
        size=10,
        mtime_ns=0,
        hash="y",
        format="json",
        status="problem",
        problem="file too large",
        detail="62 MB, the limit is 50 MB",
    )


class MakeReader(Protocol):
    """What the ``reader_app`` fixture gives a test: the reader on its archive."""

    def __call__(
        self,
        *,
        config: Config | None = None,
        paths: Sequence[Path] = (),
        plain: bool = False,
        watch_folders: bool = False,
    ) -> ReaderApp: ...


def make_app(
    locations: Locations,
    store: Store,
    *,
    paths: Sequence[Path] = (),
    config: Config | None = None,
    plain: bool = False,
    watch_folders: bool = False,
) -> ReaderApp:
    return ReaderApp(
        locations, store, list(paths), config=config, plain=plain, watch_folders=watch_folders
    )


def screen_text(app: ReaderApp) -> str:
    """What the terminal shows, as plain text (for asserting on layout)."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, record=True
    )
    console.print(
        app.screen._compositor.render_update(
            full=True, screen_stack=app._background_screens, simplify=True
        )
    )
    return console.export_text()


SCROLLBAR_GLYPHS = "▁▂▃▄▅▆▇█"


def article_pane_text(app: ReaderApp) -> str:
    """The words the article pane shows (right of the list's edge, ``▕``), lines joined by
    spaces and the scrollbar left out: a wrapped paragraph reads as one string again."""
    words: list[str] = []
    for line in screen_text(app).splitlines()[:-1]:  # the last row is the status line
        if "▕" not in line:
            continue
        pane = line.split("▕", 1)[1].rstrip().rstrip(SCROLLBAR_GLYPHS)
        words.extend(pane.split())
    return " ".join(words)


async def settle(app: ReaderApp, pilot: Pilot[Any]) -> MainScreen:
    """Wait for the keys typed to be handled and for the reader's workers, letting a
    superseded one (suggestions for an article left behind) be cancelled, and return the main
    screen (under any dialog open)."""
    await keys_handled(app, pilot)
    deadline = monotonic() + 30.0
    # The opening's background work begins just after the first frame.
    while not main_screen(app).keeper.started and monotonic() < deadline:
        await pilot.pause(0.01)
    # Keys in quick succession say their article once the cursor rests: wait for that too.
    while not main_screen(app).article_list.resting and monotonic() < deadline:
        await pilot.pause(0.02)
    await pilot.pause()  # the article said is taken in (its worker starts)
    for _ in range(5):  # a superseded worker (suggestions for an earlier article) is cancelled
        try:
            await app.workers.wait_for_complete()
            break
        except WorkerCancelled:
            continue
    await pilot.pause()
    return main_screen(app)


async def keys_handled(app: ReaderApp, pilot: Pilot[Any], timeout: float = 30.0) -> None:
    """Wait until every key sent has been handled: none left in the application's queue or
    waiting in its typeahead gate (a slow machine takes a while over a burst of keys)."""
    deadline = monotonic() + timeout
    while not (app.key_gate.idle and app._message_queue.empty()):
        if monotonic() > deadline:
            raise AssertionError("the keys sent were not handled in time")
        await pilot.pause(0.01)


async def until(
    app: ReaderApp, pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 30.0
) -> None:
    """Let debounced work (timers, then workers) run until ``condition`` holds, by the clock
    (a slow machine takes a while, and a timer is not a message to wait for)."""
    deadline = monotonic() + timeout
    while True:
        await settle(app, pilot)
        if condition():
            return
        if monotonic() > deadline:
            raise AssertionError("the condition never held")
        await pilot.pause(0.01)


def main_screen(app: ReaderApp) -> MainScreen:
    screen = next((s for s in app.screen_stack if isinstance(s, MainScreen)), None)
    assert screen is not None
    return screen


def no_delays(screen: MainScreen) -> None:
    """Count the filter being typed and the saved views at once, not after a pause."""
    screen.filter_bar.count_delay = screen.view_list.count_delay = 0.001


def focused(app: App[Any]) -> Widget | None:
    """The focused widget, asked afresh each time (an ``assert app.focused is ...`` would
    narrow the attribute's type for the rest of the test)."""
    return app.focused


def top(app: App[Any]) -> Screen[Any]:
    """The screen on top, asked afresh each time (see ``focused``)."""
    return app.screen
