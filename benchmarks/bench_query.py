"""Query speed on a 100,000-article index: count + first page of ordered rowids per filter.

    python benchmarks/bench_query.py [--db PATH] [--size 100000] [--rebuild] [--runs 5]

Without --db the synthetic index is built once under benchmarks/out/ (ignored by git) and
reused. Articles are written straight into SQLite with realistic lengths (titles of 6-14 words,
bodies of ~450 words on average), 0-4 tags each, 0-25 entity mentions from a Zipf-distributed
population of 6,000 names, read/starred state, and files/locations for path: queries.
Targets: tag, entity and date filters <= 75 ms; full text <= 200 ms (warm median).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import time
from itertools import accumulate
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from reader.query import compile_filter  # noqa: E402
from reader.store import Store  # noqa: E402

TODAY = dt.date(2024, 12, 31)
PAGE = 100
SYLLABLES = [
    "ka",
    "ri",
    "to",
    "ma",
    "ne",
    "su",
    "lo",
    "vi",
    "da",
    "pe",
    "zo",
    "ha",
    "mi",
    "ru",
    "sa",
    "te",
    "no",
    "ki",
    "ba",
    "lu",
    "ge",
    "fo",
    "ya",
    "dri",
    "stan",
    "vor",
    "mel",
    "tra",
    "kov",
    "ski",
    "gar",
    "len",
    "bor",
    "nik",
    "pol",
    "zen",
    "var",
    "dor",
]
LABELS = (("PERSON", 2000), ("PLACE", 2000), ("ORG", 1500), ("OTHER", 500))


def _word(rng: random.Random, low: int = 1, high: int = 4) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(low, high)))


def _zipf(count: int, exponent: float = 1.05) -> list[float]:
    return list(accumulate(1.0 / (rank**exponent) for rank in range(1, count + 1)))


def build(path: Path, size: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    vocabulary = list(dict.fromkeys(_word(rng) for _ in range(40000)))[:30000]
    vocabulary[:8] = ["the", "of", "and", "to", "in", "said", "war", "kyiv"]
    weights = _zipf(len(vocabulary))
    tags = [f"{_word(rng, 1, 3)}-{n}" for n in range(400)]
    tag_weights = _zipf(len(tags), 0.9)
    entities = [
        (label, " ".join(_word(rng, 1, 3).capitalize() for _ in range(rng.randint(1, 3))))
        for label, count in LABELS
        for _ in range(count)
    ]
    rng.shuffle(entities)
    entity_weights = _zipf(len(entities), 0.95)
    sources = [f"The {_word(rng, 2, 3).capitalize()} Times" for _ in range(25)]
    origins = ["source"] * 10 + ["manual"] * 5 + ["rule"] * 4 + ["suggestion"]
    first_day = dt.date(2019, 1, 1).toordinal()
    days = TODAY.toordinal() - first_day

    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    store = Store.open(path)
    conn = store.conn
    stamp = "2025-01-01T00:00:00+00:00"
    started = time.perf_counter()
    with store.transaction():
        file_ids: list[int] = []
        for number in range(size // 50 + 1):
            source = sources[number % len(sources)]
            row = conn.execute(
                "INSERT INTO files (path, size, mtime_ns, hash, format, status, articles, "
                "indexed_at) VALUES (?, 0, 0, ?, 'jsonl', 'ok', 50, ?) RETURNING id",
                (
                    f"/archive/{source}/{2019 + number % 6}/dump-{number:05d}.jsonl",
                    str(number),
                    stamp,
                ),
            ).fetchone()
            file_ids.append(int(row[0]))
        for start in range(0, size, 5000):
            articles, locations, tag_rows, mention_rows, state_rows = [], [], [], [], []
            for index in range(start, min(size, start + 5000)):
                article_id = f"{rng.getrandbits(64):016x}"
                title = " ".join(
                    rng.choices(vocabulary, cum_weights=weights, k=rng.randint(6, 14))
                ).capitalize()
                words = min(2500, max(80, int(rng.lognormvariate(6.0, 0.5))))
                tokens = rng.choices(vocabulary, cum_weights=weights, k=words)
                paragraphs = [" ".join(tokens[i : i + 60]) + "." for i in range(0, words, 60)]
                body = "\n\n".join(paragraphs)
                blocks = json.dumps([{"kind": "paragraph", "text": p} for p in paragraphs])
                date = (
                    ""
                    if rng.random() < 0.02
                    else dt.date.fromordinal(first_day + rng.randrange(days)).isoformat()
                )
                articles.append(
                    (
                        article_id,
                        title,
                        date,
                        sources[index % len(sources)],
                        f"https://example.org/{article_id}",
                        body,
                        blocks,
                        words,
                        stamp,
                        stamp,
                    )
                )
                locations.append((article_id, file_ids[index // 50], index % 50))
                for tag in set(
                    rng.choices(tags, cum_weights=tag_weights, k=rng.choice((0, 1, 1, 2, 2, 3, 4)))
                ):
                    tag_rows.append((article_id, tag, rng.choice(origins), stamp))
                position = 0
                mentioned = rng.choices(
                    entities, cum_weights=entity_weights, k=rng.choice((0, 0, 3, 6, 10, 15, 25))
                )
                for label, name in mentioned:
                    mention_rows.append(
                        (article_id, position, position + len(name), label, name, name)
                    )
                    position += len(name) + 40
                if rng.random() < 0.4 or rng.random() < 0.03:
                    state_rows.append(
                        (article_id, int(rng.random() < 0.9), int(rng.random() < 0.06))
                    )
            conn.executemany(
                "INSERT INTO articles (id, title, date, source, url, body, blocks, words, "
                "added_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                articles,
            )
            conn.executemany("INSERT INTO locations VALUES (?, ?, ?)", locations)
            conn.executemany("INSERT OR IGNORE INTO tags VALUES (?, ?, ?, ?)", tag_rows)
            conn.executemany(
                'INSERT OR IGNORE INTO mentions (article_id, start, "end", label, text, '
                "canonical) VALUES (?, ?, ?, ?, ?, ?)",
                mention_rows,
            )
            conn.executemany(
                "INSERT INTO state (article_id, read, starred) VALUES (?, ?, ?)", state_rows
            )
            print(f"  {min(size, start + 5000):,} articles", end="\r", flush=True)
        for _label, name in entities[:200:2]:
            conn.execute(
                "INSERT INTO entity_rules (kind, name, target, created_at) "
                "VALUES ('alias', ?, ?, ?)",
                (name.split()[-1], name, stamp),
            )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    print(f"built {size:,} articles in {time.perf_counter() - started:.0f} s -> {path}")


def _queries(store: Store) -> list[tuple[str, str, float]]:
    """(kind, query, target ms), with names picked from the index itself."""
    conn = store.conn
    tags = [r[0] for r in conn.execute("SELECT tag FROM tags GROUP BY tag ORDER BY count(*) DESC")]
    people = [
        r[0]
        for r in conn.execute(
            "SELECT canonical FROM mentions WHERE label = 'PERSON' GROUP BY canonical "
            "ORDER BY count(*) DESC LIMIT 500"
        )
    ]
    places = [
        r[0]
        for r in conn.execute(
            "SELECT canonical FROM mentions WHERE label = 'PLACE' GROUP BY canonical "
            "ORDER BY count(*) DESC LIMIT 500"
        )
    ]
    alias = conn.execute("SELECT name FROM entity_rules WHERE kind = 'alias' LIMIT 1").fetchone()
    source = conn.execute("SELECT source FROM articles LIMIT 1").fetchone()[0]
    # Full-text words chosen by the share of articles they occur in, as a person would search.
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, articles_fts, row)"
    )
    total = store.count()

    def word(share: float) -> str:
        row = conn.execute(
            "SELECT term FROM temp.vocab WHERE doc <= ? ORDER BY doc DESC LIMIT 1",
            (int(total * share),),
        ).fetchone()
        return str(row[0])

    common, middling, rare = word(0.3), word(0.05), word(0.005)
    return [
        ("tag", f"+{tags[0]}", 75),
        ("tag", f"+{tags[len(tags) // 2]}", 75),
        ("tag", f"tag:{tags[-1]}", 75),
        ("tag", f"+{tags[1]} -{tags[0]}", 75),
        ("tag", f"topic:{tags[2]}", 75),
        ("tag", f"+{tags[0]} is:unread", 75),
        ("entity", f'person:"{people[0]}"', 75),
        ("entity", f'person:"{people[-1]}"', 75),
        ("entity", f'place:"{places[0]}"', 75),
        ("entity", f'entity:"{alias[0] if alias else people[1]}"', 75),
        ("date", "date:2023-10", 75),
        ("date", "date:2021..2022", 75),
        ("date", "@30-days-ago", 75),
        ("date", "date:2024 is:unread", 75),
        ("date", "before:2020-03", 75),
        ("other", f'source:"{source}"', 75),
        ("other", "is:starred", 75),
        ("other", "has:entities sort:title", 75),
        ("full text", common, 200),
        ("full text", middling, 200),
        ("full text", rare, 200),
        ("full text", f"{common} {middling}", 200),
        ("full text", f"{middling[:3]}*", 200),
        ("full text", f'"{common} {middling}"', 200),
        ("full text", f"{common} +{tags[0]} date:2023", 200),
        ("full text", f'{middling} person:"{people[0]}"', 200),
        ("full text", "the", 200),  # in nearly every article: the worst case
        ("full text", '"said the war"', 200),
    ]


def measure(store: Store, query: str, runs: int) -> tuple[float, float, int]:
    """(first run ms, warm median ms, matches) for compile + count + first page of rowids."""
    timings = []
    total = 0
    for _ in range(runs + 1):
        started = time.perf_counter()
        flt = compile_filter(query, today=TODAY)
        total = store.count(flt)
        store.rowids(flt, limit=PAGE)
        timings.append((time.perf_counter() - started) * 1000)
    return timings[0], statistics.median(timings[1:]), total


def bench_tagging(store: Store) -> None:
    from reader.tags import apply_tags, undo

    ids = [r[0] for r in store.conn.execute("SELECT id FROM articles LIMIT 10000")]
    started = time.perf_counter()
    change = apply_tags(store, ids, add=["bench-tag"])
    tagged = time.perf_counter() - started
    started = time.perf_counter()
    undo(store)
    undone = time.perf_counter() - started
    started = time.perf_counter()
    apply_tags(store, ids[:1], add=["bench-one"])
    one = time.perf_counter() - started
    undo(store)
    print(
        f"\ntag {change.articles:,} articles: {tagged * 1000:.0f} ms; undo: "
        f"{undone * 1000:.0f} ms; tag one article: {one * 1000:.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing index to measure (default: build one)")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = args.db or HERE / "out" / f"query-{args.size}.sqlite3"
    if args.rebuild or not path.exists():
        print(f"building a {args.size:,}-article index ...", flush=True)
        build(path, args.size)
    store = Store.open(path)
    articles = store.count()
    print(
        f"{articles:,} articles, {path.stat().st_size / 1e6:.0f} MB; "
        f"count + first {PAGE} ordered rowids; warm = median of {args.runs}\n"
    )
    print(f"{'kind':<10} {'query':<44} {'matches':>8} {'first':>8} {'warm':>8} {'target':>7}")
    slow = 0
    for kind, query, target in _queries(store):
        first, warm, total = measure(store, query, args.runs)
        verdict = "ok" if warm <= target else "SLOW"
        slow += verdict == "SLOW"
        shown = query if len(query) <= 44 else query[:41] + "..."
        print(
            f"{kind:<10} {shown:<44} {total:>8,} {first:>6.1f}ms {warm:>6.1f}ms "
            f"{target:>5.0f}ms {verdict}"
        )
    bench_tagging(store)
    store.close()
    print(f"\n{slow} queries over target" if slow else "\nevery query within its target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
