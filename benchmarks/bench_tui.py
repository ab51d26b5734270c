"""The terminal reader's speed and memory on a 100,000-article index.

    python benchmarks/bench_tui.py [--size 100000] [--rebuild]

The index is written straight into SQLite once (benchmarks/out/tui-<size>/, ignored by git) and
reused, so later runs are warm starts. Figures and targets:

- first paint: process start (imports included) to the first frame, and app start to it; <= 500 ms
- switching to a 3,000-word article with 150 entity mentions, not cached; <= 30 ms
- cursor movement: one key to the next frame, list of 100,000; <= 5 ms per key
- keys while a background job writes to the database: the UI thread is never blocked
- sidebar memory (Python allocations for the list: rowids, rows, drawn lines); <= 60 MB
- every other key (entity panel, theme, views, list, catch-up, sort, next/previous article):
  from the key to the first frame showing its effect; <= 50 ms
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

STARTED = time.perf_counter()

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

BIG_TITLE = "The long read: three thousand words and a hundred and fifty names"
WORDS = [
    "the",
    "harbour",
    "council",
    "said",
    "ferries",
    "would",
    "run",
    "again",
    "after",
    "the",
    "storm",
    "while",
    "officials",
    "counted",
    "the",
    "cost",
    "of",
    "repairs",
    "and",
    "residents",
    "waited",
    "for",
    "news",
    "from",
    "the",
    "capital",
]
TAGS = ["harbour", "ferries", "storm", "council", "later", "important", "topic-transport",
        "topic-weather"]
NAMES = [
    ("Maria Zakharova", "PERSON"),
    ("Andriy Yermak", "PERSON"),
    ("Foreign Ministry", "ORG"),
    ("Harbour Council", "ORG"),
    ("Valletta", "PLACE"),
    ("Copenhagen", "PLACE"),
    ("Ukrainian", "OTHER"),
]


def build(database: Path, size: int) -> None:
    """``size`` articles written directly into the schema, plus one long article with names."""
    from reader.model import Article, Block
    from reader.store import Store, now_iso

    database.parent.mkdir(parents=True, exist_ok=True)
    if database.exists():
        database.unlink()
    rng = random.Random(size)
    stamp = now_iso()
    with Store.open(database) as store, store.transaction():
        file_id = store.save_file(
            path="/bench/archive.jsonl", size=1, mtime_ns=0, hash="b", format="jsonl", status="ok"
        )
        rows = []
        locations = []
        for number in range(size):
            words = rng.sample(WORDS, 12)
            body = " ".join(words).capitalize() + "."
            article_id = f"{number:016x}"
            date = f"20{10 + number % 14:02d}-{1 + number % 12:02d}-{1 + number % 28:02d}"
            blocks = json.dumps([{"kind": "paragraph", "text": body}])
            rows.append(
                (
                    article_id,
                    f"Story {number}: {' '.join(words[:6])}",
                    date,
                    f"Source {number % 40}",
                    body,
                    blocks,
                    stamp,
                )
            )
            locations.append((article_id, file_id, number))
        store.conn.executemany(
            "INSERT INTO articles (id, title, date, source, body, blocks, words, added_at, "
            "updated_at, entities_version) VALUES (?, ?, ?, ?, ?, ?, 12, ?, ?, 1)",
            [(*row, row[-1]) for row in rows],
        )
        store.conn.executemany(
            "INSERT INTO locations (article_id, file_id, position) VALUES (?, ?, ?)", locations
        )
        store.conn.executemany(
            "INSERT INTO state (article_id, read) VALUES (?, 1)",
            [(row[0],) for row in rows if rng.random() < 0.3],
        )
        # Tags as people and sites give them: a fifth of the articles carry one to three.
        tagged = []
        for row in rows:
            if rng.random() < 0.2:
                for tag in rng.sample(TAGS, rng.randint(1, 3)):
                    origin = "source" if tag.startswith("topic-") else "manual"
                    tagged.append((row[0], tag, origin, stamp))
        store.conn.executemany(
            "INSERT INTO tags (article_id, tag, origin, created_at) VALUES (?, ?, ?, ?)", tagged
        )
        # The long article: 3,000 words in 60 paragraphs, 150 mentions.
        paragraphs = []
        for _ in range(60):
            words = [rng.choice(WORDS) for _ in range(47)]
            for slot in range(0, 40, 16):
                name, _label = rng.choice(NAMES)
                words[slot + 3] = name
            paragraphs.append(" ".join(words).capitalize() + ".")
        article = Article(
            title=BIG_TITLE,
            blocks=[Block("paragraph", p) for p in paragraphs],
            byline="Bench",
            date="2030-01-01",
            source="Bench",
            url="https://example.org/long-read",
        )
        big_id = store.put_article(article, file_id, size)
        body = article.body
        mentions = []
        for name, label in NAMES:
            start = body.find(name)
            while start != -1:
                mentions.append((big_id, start, start + len(name), label, name, name))
                start = body.find(name, start + len(name))
        store.conn.executemany(
            'INSERT INTO mentions (article_id, start, "end", label, text, canonical) '
            "VALUES (?, ?, ?, ?, ?, ?)",
            mentions[:150],
        )
        store.conn.execute("UPDATE articles SET entities_version = 1")
    print(f"built {size:,} articles in {database}", flush=True)


def has_tags(database: Path) -> bool:
    """Whether the index was built with tags (older builds of this benchmark had none)."""
    from reader.store import Store

    with Store.open(database) as store:
        return bool(store.conn.execute("SELECT 1 FROM tags LIMIT 1").fetchone())


def app_for(data_dir: Path, kind: type[Any] | None = None) -> Any:
    from reader.locations import resolve
    from reader.store import Store
    from reader.tui.app import ReaderApp

    locations = resolve(data_dir)
    return (kind or ReaderApp)(locations, Store.open(locations.database), [], plain=False)


def first_paint(data_dir: Path) -> None:
    """Child process: start the reader headless, report the time to its first frame."""
    from reader.tui.app import ReaderApp

    timings: dict[str, float] = {}

    class FirstPaint(ReaderApp):
        def on_ready(self) -> None:
            now = time.perf_counter()
            timings["process"] = now - STARTED
            timings["app"] = now - created
            self.exit()

    created = time.perf_counter()
    app = app_for(data_dir, FirstPaint)
    app.run(headless=True, size=(120, 40))
    print(json.dumps(timings))


class FrameClock:
    """Times a key from its event to the first frame drawn after the cursor moved.

    Textual draws at most 60 frames a second, so up to ~17 ms of the wall time is the wait for
    the next frame; the CPU time is the work done for the key."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.drawn = asyncio.Event()
        display = app._display

        def counting(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            self.drawn.set()

        app._display = counting

    async def key_to_frame(self, key: str) -> tuple[float, float]:
        """Wall time and this process's CPU time from a key to the frame showing its effect."""
        from textual import events

        article_list = self.app.screen.article_list
        before = article_list.cursor
        wall, cpu = time.perf_counter(), time.process_time()
        self.drawn.clear()
        self.app.post_message(events.Key(key, key if len(key) == 1 else None))
        while True:
            await self.drawn.wait()  # sleeps: no CPU spent waiting for the frame
            self.drawn.clear()
            if article_list.cursor != before:
                return time.perf_counter() - wall, time.process_time() - cpu

    async def answer(self, key: str, done: Any, timeout: float = 10.0) -> tuple[float, float]:
        """Wall time from ``key`` to the first frame drawn once ``done()`` holds, and the CPU
        time the UI thread spent meanwhile (workers run in threads of their own): on a busy
        machine the wall time also counts waiting for a core, the CPU time does not."""
        from textual import events

        wall, cpu = time.perf_counter(), time.thread_time()
        self.drawn.clear()
        self.app.post_message(events.Key(key, key if len(key) == 1 else None))
        while True:
            await asyncio.wait_for(self.drawn.wait(), timeout)
            self.drawn.clear()
            if done():
                return time.perf_counter() - wall, time.thread_time() - cpu


async def key_answers(
    app: Any, pilot: Any, frames: FrameClock
) -> dict[str, list[tuple[float, float]]]:
    """Each key that changes more than the cursor, from its event to the frame showing its
    effect, a few times over (toggles are timed both ways). Keys this version does not have
    are left out."""
    from reader.tui.commands import BY_ID

    screen = app.screen
    timings: dict[str, list[tuple[float, float]]] = {}  # (wall, UI thread CPU) in ms

    async def settle() -> None:
        for _ in range(5):
            try:
                await app.workers.wait_for_complete()
                break
            except Exception:  # a superseded worker was cancelled
                continue
        await pilot.pause()

    async def time_key(name: str, key: str, done: Any, after: Any = None) -> None:
        await settle()
        wall, cpu = await frames.answer(key, done)
        timings.setdefault(name, []).append((wall * 1000, cpu * 1000))
        if after is not None:
            await after()

    def dialog_ready() -> bool:
        """A dialog is on screen, mounted, with the focus (if it takes one) where its keys go."""
        dialog = app.screen
        focused = app.focused
        return (
            dialog is not screen
            and dialog.is_mounted
            and (focused is None or focused.screen is dialog)
        )

    big_id = app.store.conn.execute(
        "SELECT id FROM articles WHERE title = ?", (BIG_TITLE,)
    ).fetchone()[0]
    for _ in range(6):
        screen.show_article(big_id)
        screen.article_list.focus()
        await settle()
        await time_key("x (open)", "x", lambda: screen.entities_open)
        await time_key("x (close)", "x", lambda: not screen.entities_open)
        theme = app.theme

        def restyled(theme: str = theme) -> bool:  # the new theme's styles are applied
            return app.theme != theme and screen._css_update_count == app._css_update_count

        await time_key("T", "T", restyled)
        await time_key("v (open)", "v", lambda: app.focused is screen.view_list)
        await time_key("v (close)", "v", lambda: app.focused is screen.article_list)
        await time_key("w (hide)", "w", lambda: screen.sidebar_hidden)
        await time_key("w (show)", "w", lambda: not screen.sidebar_hidden)
        await time_key("back", "h", lambda: app.focused is screen.article_list)
        if "catch_up" in BY_ID:

            async def cancel() -> None:
                await pilot.press("escape")

            await time_key("A (asks)", "A", dialog_ready, cancel)
        for key, step in (("J", 1), ("K", -1)):
            if "next_article" in BY_ID:
                start = screen.article_list.cursor
                await time_key(
                    f"{key}", key, lambda s=start, d=step: screen.article_list.cursor == s + d
                )
                screen.article_list.focus()
        if "sort" in BY_ID:
            for order in ("title", "-date"):
                await time_key("S (asks)", "S", dialog_ready)
                app.screen.highlight(order)  # the order wanted, as the arrow keys would
                first = screen.library.rowids[0]
                await time_key(
                    f"sort {order}", "enter", lambda f=first: screen.library.rowids[0] != f
                )
    return timings


async def interactive(data_dir: Path, *, keys_only: bool = False) -> dict[str, Any]:
    from reader.tui.screens.main import MainScreen

    app = app_for(data_dir)
    figures: dict[str, Any] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        figures["articles"] = len(screen.library)
        if keys_only:
            figures["answers"] = await key_answers(app, pilot, FrameClock(app))
            return figures

        # Switching articles: the long one, rendered from scratch each time.
        big_id = app.store.conn.execute(
            "SELECT id FROM articles WHERE title = ?", (BIG_TITLE,)
        ).fetchone()[0]
        small_id = screen.library.row(5).id  # type: ignore[union-attr]
        cold = []
        for _ in range(15):
            screen.show_article(small_id)
            screen.article_view._bodies.clear()
            start = time.perf_counter()
            screen.show_article(big_id)
            cold.append(time.perf_counter() - start)
        full = []
        for _ in range(15):
            screen.show_article(small_id)
            screen.article_view._bodies.clear()
            start = time.perf_counter()
            screen.show_article(big_id)
            screen.article_view._finish_body()
            full.append(time.perf_counter() - start)
        warm = []
        for _ in range(15):
            screen.show_article(small_id)
            start = time.perf_counter()
            screen.show_article(big_id)
            warm.append(time.perf_counter() - start)
        figures["switch_full_ms"] = statistics.median(full) * 1000
        figures["switch_cold_ms"] = statistics.median(cold) * 1000
        figures["switch_warm_ms"] = statistics.median(warm) * 1000
        figures["big_lines"] = len(screen.article_view._header) + len(screen.article_view._body)
        await pilot.pause()

        # Cursor movement: from a key event to the frame that shows the moved cursor.
        screen.article_list.move_to(50_000)
        screen.article_list.focus()
        await pilot.pause()
        frames = FrameClock(app)
        keys = [await frames.key_to_frame("j" if n % 50 < 40 else "k") for n in range(200)]
        figures["key_ms_median"] = statistics.median(k[0] for k in keys) * 1000
        figures["key_ms_p95"] = sorted(k[0] for k in keys)[int(len(keys) * 0.95)] * 1000
        figures["key_cpu_ms_median"] = statistics.median(k[1] for k in keys) * 1000
        figures["key_cpu_ms_p95"] = sorted(k[1] for k in keys)[int(len(keys) * 0.95)] * 1000
        figures["key_cpu_ms_max"] = max(k[1] for k in keys) * 1000
        # The list's own share: the cursor move plus drawing every visible line.
        own = []
        article_list = screen.article_list
        for _ in range(200):
            start = time.perf_counter()
            article_list.action_cursor_down()
            for y in range(article_list.size.height):
                article_list.render_line(y)
            own.append(time.perf_counter() - start)
        figures["list_move_and_draw_ms"] = statistics.median(own) * 1000

        figures["jump_to_end_ms"] = (await frames.key_to_frame("G"))[0] * 1000

        start = time.perf_counter()
        screen.apply_filter("is:unread")
        figures["filter_first_page_ms"] = (time.perf_counter() - start) * 1000
        await app.workers.wait_for_complete()
        figures["filter_complete_ms"] = (time.perf_counter() - start) * 1000
        screen.apply_filter("")
        await app.workers.wait_for_complete()
        await pilot.pause()

        # Keys while another thread writes to the database (as indexing does).
        import threading

        from reader.store import Store

        stop = threading.Event()

        def writer() -> None:
            with Store.open(app.locations.database) as other:
                while not stop.is_set():
                    with other.transaction():
                        other.conn.execute("UPDATE articles SET language = '' WHERE rowid < 2000")

        thread = threading.Thread(target=writer)
        thread.start()
        busy = [(await frames.key_to_frame("j"))[0] for _ in range(100)]
        stop.set()
        thread.join()
        figures["key_ms_while_writing_median"] = statistics.median(busy) * 1000
        figures["key_ms_while_writing_max"] = max(busy) * 1000

        figures["answers"] = await key_answers(app, pilot, frames)
    return figures


def sidebar_memory(data_dir: Path) -> float:
    """Python memory held by the list for the whole index: rowids, cached rows, drawn lines."""
    from reader.listing import Library, load_list
    from reader.locations import resolve
    from reader.store import Store

    store = Store.open(resolve(data_dir).database)
    tracemalloc.start()
    library = Library(store)
    request = library.apply_filter("")
    assert request is not None
    library.finish(load_list(store, request))
    for start in range(0, 20_000, 20):  # scroll through 20,000 rows of it
        library.rows(start, start + 20)
    current, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return current / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--keys", action="store_true", help="time only the keys that change more than the cursor"
    )
    parser.add_argument("--first-paint", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.first_paint:
        first_paint(Path(args.first_paint))
        return
    data_dir = HERE / "out" / f"tui-{args.size}"
    database = data_dir / "reader.sqlite3"
    if args.rebuild or not database.exists() or not has_tags(database):
        build(database, args.size)
    if args.keys:
        figures = asyncio.run(interactive(data_dir, keys_only=True))
        print_answers(figures)
        return

    paints = []
    for _ in range(5):
        result = subprocess.run(
            [sys.executable, __file__, "--first-paint", str(data_dir)],
            capture_output=True,
            text=True,
            check=True,
        )
        paints.append(json.loads(result.stdout.strip().splitlines()[-1]))
    paints = paints[1:]  # the first run warms the OS file cache
    process_ms = statistics.median(p["process"] for p in paints) * 1000
    app_ms = statistics.median(p["app"] for p in paints) * 1000

    figures = asyncio.run(interactive(data_dir))
    memory = sidebar_memory(data_dir)

    print(f"articles in the index:             {figures['articles']:>10,}")
    print(f"first paint, process start:        {process_ms:>10.0f} ms   (target <= 500)")
    print(f"first paint, app start:            {app_ms:>10.0f} ms")
    print(
        f"switch to 3,000 words, uncached:   {figures['switch_cold_ms']:>10.1f} ms   "
        f"(target <= 30; {figures['big_lines']} lines)"
    )
    print(
        f"  ... and the rest of its body:    {figures['switch_full_ms']:>10.1f} ms   "
        "(after the frame)"
    )
    print(f"switch to 3,000 words, cached:     {figures['switch_warm_ms']:>10.1f} ms")
    print(
        f"cursor key, CPU per key, median:   {figures['key_cpu_ms_median']:>10.1f} ms   "
        f"(target <= 5; p95 {figures['key_cpu_ms_p95']:.1f}, "
        f"max {figures['key_cpu_ms_max']:.1f} when the list scrolls)"
    )
    print(
        f"cursor key to next frame, median:  {figures['key_ms_median']:>10.1f} ms   "
        f"(p95 {figures['key_ms_p95']:.1f}; frames come at most every 16.7 ms)"
    )
    print(f"list move + draw, median:          {figures['list_move_and_draw_ms']:>10.2f} ms")
    print(f"jump to the last of 100,000:       {figures['jump_to_end_ms']:>10.1f} ms")
    print(
        f"filter is:unread, first page:      {figures['filter_first_page_ms']:>10.1f} ms   "
        f"(whole list in the background: {figures['filter_complete_ms']:.0f} ms)"
    )
    print(
        f"key while another thread writes:   {figures['key_ms_while_writing_median']:>10.1f} ms   "
        f"(max {figures['key_ms_while_writing_max']:.1f})"
    )
    print(f"sidebar memory:                    {memory:>10.1f} MB   (target <= 60)")
    print_answers(figures)


def print_answers(figures: dict[str, Any]) -> None:
    print(
        f"key to the frame showing it, {figures['articles']:,} articles (target <= 50 ms): "
        "wall time, and the UI thread's CPU time"
    )
    for name, times in figures["answers"].items():
        walls, cpus = [t[0] for t in times], [t[1] for t in times]
        print(
            f"  {name:<14} wall median {statistics.median(walls):6.1f} max {max(walls):6.1f}"
            f"   CPU median {statistics.median(cpus):6.1f} max {max(cpus):6.1f} ms"
            f"   ({len(times)} times)"
        )


if __name__ == "__main__":
    main()
