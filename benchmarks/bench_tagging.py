"""Tagging and filtering in the terminal reader on a 100,000-article index.

    python benchmarks/bench_tagging.py [--size 100000]

Uses the index of ``bench_tui.py`` (built once under benchmarks/out/tui-<size>/) copied to a
temporary file, so every run starts untagged. What the reader does on each key, timed here
without the UI:

- the filter bar's live count (runs in a worker; superseded counts are interrupted)
- the saved views' counts (a worker, after every change)
- marking every article in a filter, previewing a bulk tag (on the UI thread), applying it,
  undo and redo (in a worker: the screen keeps drawing)
- a quick tag on one article; the first tag suggestion (learning) and the next one
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

T = TypeVar("T")


def timed(function: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = function()
    return result, (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()

    import bench_tui

    from reader import tags, topics
    from reader.config import Config
    from reader.listing import Library, count_matches
    from reader.store import Store
    from reader.tui import jobs

    source = HERE / "out" / f"tui-{args.size}" / "reader.sqlite3"
    if not source.exists():
        bench_tui.build(source, args.size)
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "reader.sqlite3"
        shutil.copyfile(source, database)
        with Store.open(database) as store:
            total = count_matches(store, "")
            print(f"articles in the index:              {total:>10,}")
            for text in ("is:unread", "harbour", 'source:"Source 3"', "date:2015", "+bulk"):
                count, ms = timed(lambda text=text: count_matches(store, text))
                print(f"live count {text!r:<22}  {ms:>10.1f} ms   ({count:,} match)")
            views = [v.query for v in Config().views]
            _, ms = timed(lambda: [count_matches(store, q) for q in views])
            print(f"saved views counted (All, Unread, Starred): {ms:>5.1f} ms")

            # A count superseded by more typing stops at the next progress check.
            cancel = threading.Event()
            threading.Timer(0.005, cancel.set).start()
            started = time.perf_counter()
            try:
                with jobs.cancellable(store, cancel.is_set):
                    count_matches(store, "harbour or council or storm")
                stopped = "finished before it was cancelled"
            except Exception as error:  # sqlite3.OperationalError: interrupted
                stopped = type(error).__name__
            ms = (time.perf_counter() - started) * 1000
            print(f"cancelled count returns after:      {ms:>10.1f} ms   ({stopped})")

            library = Library(store)
            library.apply_filter("")
            marked, ms = timed(library.mark_all)
            print(f"mark all {marked:,}:                 {ms:>10.1f} ms")
            ids = list(library.marked)
            changing, ms = timed(lambda: library.preview_tags(ids, ["bulk"], []))
            print(f"preview +bulk on {len(ids):,}:          {ms:>10.1f} ms   ({changing:,} change)")
            _, ms = timed(lambda: tags.apply_tags(store, ids, ["bulk"], []))
            print(f"apply +bulk on {len(ids):,}:            {ms:>10.1f} ms   (in a worker)")
            _, ms = timed(lambda: tags.undo(store))
            print(f"undo it:                            {ms:>10.1f} ms   (in a worker)")
            _, ms = timed(lambda: tags.redo(store))
            print(f"redo it:                            {ms:>10.1f} ms   (in a worker)")
            one = ids[:1]
            _, ms = timed(lambda: tags.toggle_tag(store, one, "important"))
            print(f"quick tag on one article:           {ms:>10.1f} ms")
            tags.apply_tags(store, ids[1000:1050], ["harbour-news"])
            tags.apply_tags(store, ids, [], ["bulk"])
            _, ms = timed(lambda: topics.suggest(store, ids[5:6]))
            print(f"first suggestion (learning):        {ms:>10.1f} ms   (in a worker)")
            _, ms = timed(lambda: topics.suggest(store, ids[6:7]))
            print(f"next suggestion:                    {ms:>10.1f} ms")


if __name__ == "__main__":
    main()
