"""The tools inside the article: what a search, the filter's words and the link numbers cost.

    python benchmarks/bench_reading.py [--size 1000]

They work on the article shown, not on the archive, so the archive is small (the index of
bench_tui.py, built in benchmarks/out/reading-<size>/) and the article is the long read of
bench_tui.py (3,000 words, 150 names) and one twice as long, to show the cost grows with the
article, linearly. Each figure is the median of 15 runs on the UI thread, in milliseconds:

- plain: the whole article rendered without marks (the reference);
- find: a search typed and applied (every match marked and placed, the whole body rendered);
- next match: moving to the next match (nothing is rendered again);
- filter words: the article rendered with a filter's words marked;
- link numbers: the article rendered with its links numbered.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_tui import BIG_TITLE, app_for, build  # noqa: E402

RUNS = 15


def median_ms(run: Callable[[], object], reset: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        reset()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def double_article(store: Any, big_id: str) -> str:
    """The long read twice over, as a new article (its names found again at the new offsets)."""
    from reader.model import Article

    stored = store.article(big_id)
    article = stored.article
    doubled = Article(
        title=BIG_TITLE + " (twice)",
        blocks=[*article.blocks, *article.blocks],
        byline=article.byline,
        date="2030-01-02",
        source=article.source,
        url=article.url + "/twice",
    )
    file_id = store.conn.execute("SELECT id FROM files LIMIT 1").fetchone()[0]
    with store.transaction():
        return str(store.put_article(doubled, file_id, 10**7))


async def measure(data_dir: Path) -> dict[str, dict[str, float]]:
    from reader.tui.screens.main import MainScreen

    app = app_for(data_dir)
    figures: dict[str, dict[str, float]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        store = app.store
        big_id = store.conn.execute(
            "SELECT id FROM articles WHERE title = ?", (BIG_TITLE,)
        ).fetchone()[0]
        twice_id = double_article(store, big_id)
        view = screen.article_view

        def forget() -> None:
            view._bodies.clear()
            view.find("")
            view.set_filter("")
            view.show_hints(False)
            view._bodies.clear()

        for name, article_id in (("3,000 words", big_id), ("6,000 words", twice_id)):
            screen.show_article(article_id)
            await pilot.pause()
            row: dict[str, float] = {}

            def plain(article_id: str = article_id) -> None:
                view.forget(article_id)
                view._layout()
                view._finish_body()

            row["plain"] = median_ms(plain, forget)
            row["find"] = median_ms(lambda: view.find("harbour"), forget)
            row["matches"] = view.find_count
            view.find("harbour")
            row["next match"] = median_ms(lambda: view.next_match(1), lambda: None)
            row["filter words"] = median_ms(
                lambda: (view.set_filter('harbour "the council"'), view._finish_body()), forget
            )
            row["link numbers"] = median_ms(
                lambda: (view.show_hints(True), view._finish_body()), forget
            )
            forget()
            figures[name] = row
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    args = parser.parse_args()
    data_dir = HERE / "out" / f"reading-{args.size}"
    database = data_dir / "reader.sqlite3"
    if not database.exists():
        build(database, args.size)
    figures = asyncio.run(measure(data_dir))
    names = list(figures)
    print(f"{'ms (median of 15)':<18}" + "".join(f"{n:>14}" for n in names) + f"{'ratio':>8}")
    for key in figures[names[0]]:
        values = [figures[n][key] for n in names]
        ratio = values[1] / values[0] if values[0] else 0.0
        cells = "".join(
            f"{v:>14,.0f}" if key == "matches" else f"{v:>14.2f}" for v in values
        )
        print(f"{key:<18}{cells}{ratio:>8.2f}")


if __name__ == "__main__":
    main()
