"""How the reader scales to a million articles: what stays flat, what grows with the archive.

    python benchmarks/bench_million.py [--sizes 10000 100000 1000000] [--rebuild]

One index of the largest size is written straight into SQLite through the store's functions
(``save_file``, ``put_article`` with its full-text index, ``replace_source_tags``, ``put_tag``,
``replace_mentions``, ``set_flag``), once, under benchmarks/out/million/ (ignored by git); the
smaller sizes are copies taken on the way, so every size holds the same kind of articles
(bodies of ~360 words, 0-4 tags of 400, 0-25 mentions of 6,000 names, 40% with read state).
About 4 GB at a million: delete benchmarks/out/million/ when done.

For each size, warm (the OS file cache holds the index):

- first frame: process start to the reader's first frame, headless, and app start to it;
- cursor keys: a key to the frame showing the moved cursor, in the middle of the list;
- filters, as the reader runs them: the first page shown (``Library.apply_filter``), then the
  whole list with its counts in the background (``load_list``): a common tag, a rare tag, a
  much-mentioned person, a common and a rare full-text word;
- database size per 1,000 articles.

Then the growth from each size to the next: about 10x is linear, about 1x flat.
Targets at 1,000,000: first frame <= 1 s, every filter <= 300 ms, cursor keys <= 10 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from itertools import accumulate, pairwise
from pathlib import Path
from typing import Any

STARTED = time.perf_counter()
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

OUT = HERE / "out" / "million"
SIZES = (10_000, 100_000, 1_000_000)
SYLLABLES = [
    "ka", "ri", "to", "ma", "ne", "su", "lo", "vi", "da", "pe", "zo", "ha", "mi", "ru", "sa",
    "te", "no", "ki", "ba", "lu", "ge", "fo", "ya", "dri", "stan", "vor", "mel", "tra", "kov",
    "ski", "gar", "len", "bor", "nik", "pol", "zen", "var", "dor",
]
LABELS = (("PERSON", 2000), ("PLACE", 2000), ("ORG", 1500), ("OTHER", 500))
RUNS = 5


def _word(rng: random.Random, low: int = 1, high: int = 4) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(low, high)))


def _zipf(count: int, exponent: float = 1.05) -> list[float]:
    return list(accumulate(1.0 / (rank**exponent) for rank in range(1, count + 1)))


def _sentence(words: list[str]) -> str:
    text = " ".join(words)
    return text[:1].upper() + text[1:] + "."


def data_dir(size: int) -> Path:
    return OUT / f"size-{size}"


def build(sizes: list[int], seed: int = 11) -> None:
    """Write the largest size through the store's functions, copying the smaller on the way."""
    from reader.entities import load_recogniser
    from reader.model import Article, Block
    from reader.store import Store, normalise_tag
    from reader.store.entities import MentionRow

    version = load_recogniser().version

    rng = random.Random(seed)
    vocabulary = list(dict.fromkeys(_word(rng) for _ in range(40000)))[:30000]
    vocabulary[:8] = ["the", "of", "and", "to", "in", "said", "harbour", "council"]
    weights = _zipf(len(vocabulary))
    tags = [f"{_word(rng, 1, 3)}-{n}" for n in range(400)]
    tag_weights = _zipf(len(tags), 0.9)
    names = [
        (label, " ".join(_word(rng, 1, 3).capitalize() for _ in range(rng.randint(1, 3))))
        for label, count in LABELS
        for _ in range(count)
    ]
    rng.shuffle(names)
    name_weights = _zipf(len(names), 0.95)
    sources = [f"The {_word(rng, 2, 3).capitalize()} Times" for _ in range(25)]
    origins = ["source"] * 10 + ["manual"] * 5 + ["rule"] * 4 + ["suggestion"]
    first_day = dt.date(2015, 1, 1).toordinal()
    days = dt.date(2024, 12, 31).toordinal() - first_day
    stamp = "2025-01-01T00:00:00+00:00"

    shutil.rmtree(OUT, ignore_errors=True)
    largest = max(sizes)
    work = data_dir(largest)
    work.mkdir(parents=True)
    store = Store.open(work / "reader.sqlite3")
    store.tune_for_bulk_writes()
    started = time.perf_counter()
    file_id = 0
    ends = sorted({*range(5000, largest, 5000), *sizes})
    for start, end in zip([0, *ends], ends, strict=False):
        read: list[str] = []
        with store.transaction():
            for index in range(start, end):
                if index % 50 == 0:
                    source = sources[(index // 50) % len(sources)]
                    file_id = store.save_file(
                        path=f"/archive/{source}/{2015 + index % 10}/dump-{index // 50:06d}.jsonl",
                        size=1, mtime_ns=index, hash=str(index), format="json", status="ok",
                        articles=50)
                words = min(2500, max(80, int(rng.lognormvariate(5.9, 0.5))))
                tokens = rng.choices(vocabulary, cum_weights=weights, k=words)
                mentioned = rng.choices(names, cum_weights=name_weights,
                                        k=rng.choice((0, 0, 3, 6, 10, 15, 25)))
                for slot, (_label, name) in enumerate(mentioned):
                    tokens[min(words - 1, slot * 13 + 5)] = name
                paragraphs = [_sentence(tokens[i : i + 60]) for i in range(0, words, 60)]
                title = _sentence(rng.choices(vocabulary, cum_weights=weights,
                                              k=rng.randint(6, 14)))[:-1]
                date = ("" if rng.random() < 0.02 else
                        dt.date.fromordinal(first_day + rng.randrange(days)).isoformat())
                article = Article(
                    title=f"{title} {index}",
                    blocks=[Block("paragraph", p) for p in paragraphs],
                    date=date,
                    source=sources[index % len(sources)],
                    url=f"https://news.example/{index}",
                )
                article_id = store.put_article(article, file_id, index % 50)
                chosen = set(rng.choices(tags, cum_weights=tag_weights,
                                         k=rng.choice((0, 1, 1, 2, 2, 3, 4))))
                source_tags = []
                for tag in chosen:
                    origin = rng.choice(origins)
                    if origin == "source":
                        source_tags.append(normalise_tag(tag))
                    else:
                        store.put_tag(article_id, tag, origin, stamp)
                store.replace_source_tags(article_id, source_tags)
                body = article.body
                spans = []
                for label, name in mentioned:
                    at = body.find(name)
                    if at >= 0:
                        spans.append(MentionRow(article_id, at, at + len(name), label, name, name))
                store.replace_mentions(article_id, {s.start: s for s in spans}.values())
                if rng.random() < 0.4:
                    read.append(article_id)
            store.set_flag(read, "read", True)
            # Names found by the recogniser of this version: nothing waits for the background.
            store.conn.execute(
                "UPDATE articles SET entities_version = ? WHERE entities_version = 0", (version,))
        done = end
        rate = done / (time.perf_counter() - started)
        print(f"  {done:,} articles ({rate:,.0f}/s)", end="\r", flush=True)
        if done in sizes and done != largest:
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            target = data_dir(done)
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy(work / "reader.sqlite3", target / "reader.sqlite3")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    print(f"\nbuilt {largest:,} articles in {time.perf_counter() - started:.0f} s under {OUT}")


# ---- measuring (each in a child process, so every size starts alike) ------------------------


def first_frame(directory: Path) -> dict[str, float]:
    """Child: start the reader headless on the index, time its first frame."""
    from reader.locations import resolve
    from reader.store import Store
    from reader.tui.app import ReaderApp

    timings: dict[str, float] = {}

    class FirstFrame(ReaderApp):
        def on_ready(self) -> None:
            now = time.perf_counter()
            timings["process_ms"] = (now - STARTED) * 1000
            timings["app_ms"] = (now - created) * 1000
            self.exit()

    created = time.perf_counter()
    locations = resolve(directory)
    app = FirstFrame(locations, Store.open(locations.database), [], plain=False)
    app.run(headless=True, size=(120, 40))
    return timings


def cursor_keys(directory: Path) -> dict[str, float]:
    """Child: keys in the middle of the whole list, each to the frame that shows it, once the
    reader's start-up work (list, counts, names for completion) is done.

    Tag suggestions are left out: learning 400 tags over this many articles takes minutes in
    its own thread (bench_suggest measures it); here the list and the article are measured."""
    from bench_tui import FrameClock, app_for

    from reader.tui import jobs

    def no_suggestions(self: Any, article_id: str, cancelled: Any, limit: int = 3) -> tuple[()]:
        return ()

    jobs.Suggester.suggest = no_suggestions  # type: ignore[method-assign,assignment]

    async def run() -> dict[str, float]:
        app = app_for(directory)
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            article_list = screen.article_list
            article_list.move_to(len(screen.library) // 2)
            article_list.focus()
            await pilot.pause()
            frames = FrameClock(app)
            keys = [await frames.key_to_frame("j" if n % 50 < 40 else "k") for n in range(200)]
            walls = sorted(k[0] * 1000 for k in keys)
            cpus = sorted(k[1] * 1000 for k in keys)
            return {
                "articles": float(len(screen.library)),
                "key_ms": statistics.median(walls),
                "key_p95_ms": walls[int(len(walls) * 0.95)],
                "key_cpu_ms": statistics.median(cpus),
                "key_cpu_p95_ms": cpus[int(len(cpus) * 0.95)],
            }

    return asyncio.run(run())


def _queries(store: Any) -> dict[str, str]:
    """A common and a rare tag, a much-mentioned person, a common and a rare word."""
    conn = store.conn
    tags = [r[0] for r in conn.execute(
        "SELECT tag FROM tags GROUP BY tag ORDER BY count(*) DESC")]
    person = conn.execute(
        "SELECT canonical FROM mentions WHERE label = 'PERSON' GROUP BY canonical "
        "ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, articles_fts, row)")
    total = store.count()

    def word(share: float) -> str:
        row = conn.execute(
            "SELECT term FROM temp.vocab WHERE doc <= ? AND length(term) > 3 "
            "ORDER BY doc DESC LIMIT 1", (int(total * share),)).fetchone()
        return str(row[0])

    return {
        "tag, common": f"+{tags[0]}",
        "tag, rare": f"+{tags[-1]}",
        "entity": f'person:"{person}"',
        "word, common": word(0.3),
        "word, rare": word(0.0005),
    }


def filters(directory: Path) -> dict[str, float]:
    """Child: each filter as the reader runs it, warm median of several runs."""
    from reader.listing import Library, load_list
    from reader.locations import resolve
    from reader.store import Store

    store = Store.open(resolve(directory).database)
    figures: dict[str, float] = {}
    for kind, text in _queries(store).items():
        first, whole = [], []
        matched = 0
        for _ in range(RUNS):
            library = Library(store)
            started = time.perf_counter()
            request = library.apply_filter(text)
            first.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            if request is not None:
                loaded = load_list(store, request)
                library.finish(loaded)
            whole.append((time.perf_counter() - started) * 1000 + first[-1])
            matched = len(library)
        figures[f"{kind}: first page ms"] = statistics.median(first)
        figures[f"{kind}: whole list ms"] = statistics.median(whole)
        figures[f"{kind}: matches"] = float(matched)
    database = resolve(directory).database
    size = sum(os.path.getsize(p) for p in (database, Path(f"{database}-wal"))
               if os.path.exists(p))
    count = store.count()
    figures["articles"] = float(count)
    figures["kB per 1,000 articles"] = size / 1024 / count * 1000
    return figures


CHILDREN = {"first-frame": first_frame, "cursor-keys": cursor_keys, "filters": filters}


def child(kind: str, directory: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(directory)],
        check=True, capture_output=True, text=True,
    ).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


def measure(size: int) -> dict[str, float]:
    directory = data_dir(size)
    figures: dict[str, float] = {}
    frames = [child("first-frame", directory) for _ in range(4)][1:]  # the first warms up
    figures["first frame, process start ms"] = statistics.median(f["process_ms"] for f in frames)
    figures["first frame, app start ms"] = statistics.median(f["app_ms"] for f in frames)
    keys = child("cursor-keys", directory)
    figures["cursor key to frame ms"] = keys["key_ms"]
    figures["cursor key CPU ms"] = keys["key_cpu_ms"]
    figures["cursor key CPU p95 ms"] = keys["key_cpu_p95_ms"]
    figures.update(child("filters", directory))
    return figures


def _growth(small: float, large: float, factor: float) -> str:
    if small <= 0:
        return ""
    ratio = large / small
    if ratio < factor ** 0.25:
        shape = "flat"
    elif ratio < factor ** 0.75:
        shape = "sublinear"
    elif ratio < factor * 2:
        shape = "linear"
    else:
        shape = "FASTER THAN LINEAR"
    return f"x{ratio:.1f} {shape}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, directory = args.child
        print(json.dumps(CHILDREN[kind](Path(directory))))
        return
    sizes = sorted(args.sizes)
    if args.rebuild or not all((data_dir(s) / "reader.sqlite3").exists() for s in sizes):
        build(sizes)
    results = {size: measure(size) for size in sizes}
    rows = list(results[sizes[0]])
    width = max(len(r) for r in rows)
    print(f"{'':<{width}} " + " ".join(f"{s:>12,}" for s in sizes) + "   growth per step")
    for row in rows:
        values = [results[s][row] for s in sizes]
        steps = pairwise(zip(sizes, values, strict=True))
        growth = [_growth(a, b, sb / sa) for (sa, a), (sb, b) in steps]
        print(f"{row:<{width}} " + " ".join(f"{v:>12,.1f}" for v in values) + "   "
              + ", ".join(growth))
    print("targets at 1,000,000: first frame <= 1,000 ms, every filter <= 300 ms, "
          "cursor keys <= 10 ms")


if __name__ == "__main__":
    main()
