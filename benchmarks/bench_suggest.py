"""Tag suggestion timings on a synthetic archive: building the matrix, learning, relearning after
a tag change, and suggesting for every article.

    python benchmarks/bench_suggest.py [--articles 100000] [--topics 8] [--tagged 10]

Articles are generated from per-topic vocabularies over a shared background vocabulary (Zipf
distributed, about 360 words each, a few entity names each), so the figures include counting
real-length bodies. Prints seconds and milliseconds per article; never asserts a time.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.model import Article, Block
from reader.store import Store
from reader.tags import apply_tags
from reader.topics import suggestions

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zi", "ba", "de", "fu", "go", "hi",
             "ja", "ku"]


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def zipf_pick(rng: random.Random, words: list[str]) -> str:
    return words[min(int(rng.paretovariate(1.1)) - 1, len(words) - 1)]


def build(store: Store, articles: int, topics: int, rng: random.Random) -> dict[str, int]:
    """Articles of ``topics`` topics (a quarter of their words from the topic) and, as every
    ninth article, ones on no topic at all."""
    common = list(dict.fromkeys(word(rng) for _ in range(3000)))
    vocabularies = [list(dict.fromkeys(word(rng) for _ in range(400))) for _ in range(topics)]
    names = [f"{word(rng).title()} {word(rng).title()}" for _ in range(2000)]
    truth: dict[str, int] = {}
    started = time.perf_counter()
    for first in range(0, articles, 5000):
        with store.transaction():
            for number in range(first, min(first + 5000, articles)):
                topic = -1 if number % 9 == 8 else number % topics
                own = vocabularies[topic] if topic >= 0 else common
                paragraphs = []
                for _ in range(6):
                    words = [zipf_pick(rng, own if rng.random() < 0.25 else common)
                             for _ in range(60)]
                    paragraphs.append(" ".join(words) + ".")
                article = Article(
                    title=" ".join(zipf_pick(rng, own) for _ in range(6)),
                    blocks=[Block("paragraph", p) for p in paragraphs],
                    url=f"https://bench.invalid/{topic}/{number}",
                )
                file_id = store.save_file(path=f"/bench/{number}", size=1, mtime_ns=1,
                                          hash=str(number), format="text", status="ok",
                                          articles=1)
                article_id = store.put_article(article, file_id, 0)
                store.conn.executemany(
                    'INSERT INTO mentions (article_id, start, "end", label, text, canonical) '
                    "VALUES (?, ?, ?, 'PERSON', ?, ?)",
                    [(article_id, i * 10, i * 10 + 5, n, n)
                     for i, n in enumerate(rng.sample(names, 4))],
                )
                truth[article_id] = topic
        print(f"\r  generating: {min(first + 5000, articles):,} articles "
              f"({time.perf_counter() - started:.0f} s)", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return truth


def timed(label: str, started: float, count: int = 0) -> float:
    seconds = time.perf_counter() - started
    per = f"   {seconds * 1000 / count:.4f} ms per article" if count else ""
    print(f"{label:<52} {seconds:>8.2f} s{per}", flush=True)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--topics", type=int, default=8)
    parser.add_argument("--tagged", type=int, default=10, help="tagged articles per topic")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", type=Path, default=None,
                        help="keep the generated archive here and reuse it next time")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        path = args.database or Path(folder) / "bench.sqlite3"
        reuse = path.exists()
        with Store.open(path) as store:
            if reuse:
                store.conn.execute("DELETE FROM tags")
                store.conn.execute("DELETE FROM suggestion_rejections")
                store.conn.execute("DELETE FROM suggestion_features")
                truth = {
                    str(r[0]): int(str(r[1]).split("/")[-2])
                    for r in store.conn.execute("SELECT id, url FROM articles ORDER BY rowid")
                }
            else:
                truth = build(store, args.articles, args.topics, rng)
            size = len(truth)
            print(f"{size:,} articles, {args.topics} topics, {args.tagged} tagged per topic")
            by_topic: dict[int, list[str]] = {}
            for article_id, topic in truth.items():
                if topic >= 0:
                    by_topic.setdefault(topic, []).append(article_id)
            for topic, ids in sorted(by_topic.items()):
                apply_tags(store, rng.sample(ids, args.tagged), add=[f"topic-{topic}"])

            started = time.perf_counter()
            model = suggestions.model_for(store)
            assert model is not None
            timed("first learning (features counted and cached)", started, size)
            parallel = size >= suggestions.PARALLEL_COUNT_MIN
            workers = suggestions._workers_for(store) if parallel else 0
            print(f"  features counted by {workers or 1} process{'es' if workers else ''}")
            print(f"  of which the matrix: {model.corpus.seconds:.2f} s "
                  f"({model.corpus.counted:,} articles counted), "
                  f"{len(model.tags)} tags: "
                  f"{sum(t.seconds for t in model.tags.values()):.2f} s")

            suggestions.forget(store)
            started = time.perf_counter()
            model = suggestions.model_for(store)
            assert model is not None
            timed("learning in a new process (features cached)", started, size)
            print(f"  of which the matrix: {model.corpus.seconds:.2f} s")

            untagged = [i for i in truth if not store.tags(i)]
            started = time.perf_counter()
            found = suggestions.suggest(store, untagged)
            timed(f"suggest for all {len(untagged):,} untagged articles", started,
                  len(untagged))
            right = sum(bool(s) and s[0].tag == f"topic-{truth[i]}" for i, s in found.items())
            with_any = sum(bool(s) for s in found.values())
            on_none = [i for i in untagged if truth[i] < 0]
            quiet = sum(not found[i] for i in on_none)
            print(f"  {with_any:,} with a suggestion, {right:,} right first; "
                  f"{quiet:,} of {len(on_none):,} articles on no topic left alone")

            started = time.perf_counter()
            for article_id in untagged[:2000]:
                suggestions.suggest(store, [article_id])
            timed("suggest for one article at a time (2,000 calls)", started, 2000)

            target = next(i for i in untagged if truth[i] == 0)
            apply_tags(store, [target], add=["topic-0"])
            started = time.perf_counter()
            model = suggestions.model_for(store)
            assert model is not None
            timed("relearning after tagging one more article", started)
            print(f"  {model.retrained} tag relearned, the matrix kept")

            suggestions.reject_suggestion(store, untagged[1], "topic-1")
            started = time.perf_counter()
            suggestions.model_for(store)
            timed("relearning after dismissing a suggestion", started)

            started = time.perf_counter()
            evidence = suggestions.explain(store, untagged[2], "topic-2")
            timed("explaining one suggestion", started)
            assert evidence is not None
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
