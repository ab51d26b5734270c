"""Tag suggestion timings on a synthetic archive: learning, and suggesting for one article.

    python benchmarks/bench_suggest.py [--articles 4000] [--topics 8] [--tagged 5]

Articles are generated from per-topic vocabularies over a shared background vocabulary (Zipf
distributed), so the figures include tokenising real-length bodies. Prints seconds to learn,
milliseconds per article once learned (in the graph and beyond it), and top-1 accuracy.
"""

from __future__ import annotations

import argparse
import random
import statistics
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
    common = list(dict.fromkeys(word(rng) for _ in range(3000)))
    vocabularies = [list(dict.fromkeys(word(rng) for _ in range(400))) for _ in range(topics)]
    truth: dict[str, int] = {}
    with store.transaction():
        for number in range(articles):
            topic = number % topics
            paragraphs = []
            for _ in range(6):
                words = [
                    zipf_pick(rng, vocabularies[topic] if rng.random() < 0.25 else common)
                    for _ in range(60)
                ]
                paragraphs.append(" ".join(words) + ".")
            title = " ".join(zipf_pick(rng, vocabularies[topic]) for _ in range(6))
            article = Article(
                title=title,
                blocks=[Block("paragraph", p) for p in paragraphs],
                url=f"https://bench.invalid/{number}",
            )
            file_id = store.save_file(path=f"/bench/{number}", size=1, mtime_ns=1,
                                      hash=str(number), format="text", status="ok", articles=1)
            truth[store.put_article(article, file_id, 0)] = topic
    return truth


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=4000)
    parser.add_argument("--topics", type=int, default=8)
    parser.add_argument("--tagged", type=int, default=5, help="tagged articles per topic")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "b.sqlite3") as store:
        started = time.perf_counter()
        truth = build(store, args.articles, args.topics, rng)
        print(f"built {len(truth):,} articles in {time.perf_counter() - started:.1f} s")
        by_topic: dict[int, list[str]] = {}
        for article_id, topic in truth.items():
            by_topic.setdefault(topic, []).append(article_id)
        tagged: set[str] = set()
        for topic, ids in by_topic.items():
            chosen = rng.sample(ids, args.tagged)
            apply_tags(store, chosen, add=[f"topic-{topic}"], origin="manual")
            tagged.update(chosen)
        started = time.perf_counter()
        model = suggestions.model_for(store)
        assert model is not None
        print(f"learned in {time.perf_counter() - started:.2f} s "
              f"(graph {model.graph_seconds:.2f} s, {model.articles:,} articles in the graph)")
        rest = [i for i in truth if i not in tagged]
        timings: list[float] = []
        correct = 0
        for article_id in rest[:1000]:
            started = time.perf_counter()
            best = suggestions.suggest(store, [article_id], limit=1)[article_id]
            timings.append((time.perf_counter() - started) * 1000)
            correct += bool(best) and best[0].tag == f"topic-{truth[article_id]}"
        print(f"suggest, one article: median {statistics.median(timings):.3f} ms, "
              f"max {max(timings):.3f} ms; top-1 {correct / len(timings):.3f}")
        outside = [i for i in rest if i not in model.scores][:200]
        if outside:
            timings = []
            for article_id in outside:
                started = time.perf_counter()
                suggestions.suggest(store, [article_id], limit=1)
                timings.append((time.perf_counter() - started) * 1000)
            print(f"suggest, beyond the graph (centroids): median "
                  f"{statistics.median(timings):.3f} ms")
        inside = next(i for i in rest if i in model.scores)
        cases = [("in the graph", inside)] + ([("beyond the graph", outside[0])] if outside else [])
        for label, article_id in cases:
            before = suggestions.model_for(store)
            apply_tags(store, [article_id], add=["topic-0"], origin="manual")
            started = time.perf_counter()
            after = suggestions.model_for(store)
            kept = before is not None and after is not None and before.graph is after.graph
            print(f"relearned after tagging an article {label} in "
                  f"{time.perf_counter() - started:.2f} s (graph {'kept' if kept else 'rebuilt'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
