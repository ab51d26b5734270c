"""Topic suggestion evaluation: ``python -m reader.eval topics CORPUS_DIR [--seeds 5]``.

The corpus is a folder of topic folders of ``.txt`` files, line 1 the title (the BBC News
layout). For each k and each random seed, k articles per topic are tagged with their topic and
every other article gets suggestions; the score is top-1 accuracy, averaged over seeds. It runs
the product's own path: a store in a temporary folder, articles put in as the indexer would,
tags applied with ``reader.tags.apply_tags``, suggestions from ``reader.topics.suggest``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from reader.model import Article, Block
from reader.sources.decode import decode_text
from reader.store import Store
from reader.topics.suggestions import forget, model_for, suggest

DEFAULT_KS = (2, 5, 10, 20)


def load_corpus(root: Path) -> list[tuple[str, Article]]:
    """(topic, article) for every ``topic/*.txt`` under ``root``, in a stable order."""
    found: list[tuple[str, Article]] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.txt")):
            text = decode_text(path.read_bytes())
            title, _, rest = text.strip().partition("\n")
            paragraphs = [p.strip() for p in rest.split("\n") if p.strip()]
            article = Article(
                title=title.strip(),
                blocks=[Block("paragraph", p) for p in paragraphs],
                source="corpus",
                # The path keeps two stories with the same title apart.
                url=f"corpus.invalid/{folder.name}/{path.name}",
            )
            found.append((folder.name, article))
    return found


def fill_store(store: Store, corpus: list[tuple[str, Article]]) -> dict[str, str]:
    """Put the articles in; returns article id -> true topic."""
    truth: dict[str, str] = {}
    with store.transaction():
        for position, (topic, article) in enumerate(corpus):
            file_id = store.save_file(
                path=f"/corpus/{topic}/{position}.txt",
                size=0,
                mtime_ns=0,
                hash=str(position),
                format="text",
                status="ok",
                articles=1,
            )
            truth[store.put_article(article, file_id, 0)] = topic
    return truth


def run_once(
    store: Store, truth: dict[str, str], k: int, seed: int
) -> tuple[float, float, float]:
    """Tag k per topic, suggest for the rest: (accuracy, learn seconds, ms per article)."""
    from reader.tags import apply_tags

    store.remove_every_tag()  # start each run with an untagged archive
    rng = random.Random(seed)
    by_topic: dict[str, list[str]] = {}
    for article_id, topic in sorted(truth.items()):
        by_topic.setdefault(topic, []).append(article_id)
    tagged: set[str] = set()
    for topic, ids in sorted(by_topic.items()):
        chosen = rng.sample(ids, min(k, len(ids)))
        apply_tags(store, chosen, add=[topic], remove=[], origin="manual")
        tagged.update(chosen)
    started = time.perf_counter()
    model_for(store)
    learn_seconds = time.perf_counter() - started
    rest = [article_id for article_id in sorted(truth) if article_id not in tagged]
    correct = 0
    started = time.perf_counter()
    for article_id in rest:
        best = suggest(store, [article_id], limit=1).get(article_id, [])
        correct += bool(best) and best[0].tag == truth[article_id]
    per_article_ms = (time.perf_counter() - started) * 1000 / max(len(rest), 1)
    return correct / max(len(rest), 1), learn_seconds, per_article_ms


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m reader.eval topics",
        description="Top-1 accuracy of tag suggestions after tagging k articles per topic.",
    )
    parser.add_argument("corpus", type=Path, metavar="CORPUS_DIR", help="folder of topic folders")
    parser.add_argument("--seeds", type=int, default=5, help="random seeds to average (5)")
    parser.add_argument(
        "--ks", default=",".join(map(str, DEFAULT_KS)), help="tagged articles per topic (2,5,10,20)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if not args.corpus.is_dir():
        parser.error(f"not a folder: {args.corpus}")
    ks = [int(k) for k in args.ks.split(",") if k.strip()]
    corpus = load_corpus(args.corpus)
    topics = sorted({topic for topic, _ in corpus})
    results: dict[str, dict[str, float]] = {}
    with (
        tempfile.TemporaryDirectory() as folder,
        Store.open(Path(folder) / "eval.sqlite3") as store,
    ):
        truth = fill_store(store, corpus)
        if not args.json:
            print(f"{len(truth)} articles, {len(topics)} topics: {', '.join(topics)}")
            print(f"{'k':>4} {'top-1':>7} {'min':>7} {'max':>7} {'learn s':>8} {'ms/article':>11}")
        for k in ks:
            runs = [run_once(store, truth, k, seed) for seed in range(args.seeds)]
            accuracies = [r[0] for r in runs]
            row = {
                "accuracy": statistics.fmean(accuracies),
                "min": min(accuracies),
                "max": max(accuracies),
                "learn_seconds": statistics.fmean(r[1] for r in runs),
                "ms_per_article": statistics.fmean(r[2] for r in runs),
            }
            results[str(k)] = row
            if not args.json:
                print(
                    f"{k:>4} {row['accuracy']:>7.3f} {row['min']:>7.3f} {row['max']:>7.3f} "
                    f"{row['learn_seconds']:>8.2f} {row['ms_per_article']:>11.3f}",
                    flush=True,
                )
        forget(store)
    if args.json:
        print(json.dumps({"articles": len(truth), "topics": topics, "k": results}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
