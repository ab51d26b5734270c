"""Tag suggestion evaluation: ``python -m reader.eval topics CORPUS_DIR [--pages DIR]``.

The corpus is a folder of topic folders of ``.txt`` files, line 1 the title (the BBC News
layout). It runs the product's own path: a store in a temporary folder, articles put in as the
indexer would (saved pages through the indexer itself), names found by the shipped recogniser,
tags applied with ``reader.tags.apply_tags``, suggestions from ``reader.topics.suggest``.

Two measurements, each averaged over random draws (``--seeds``):

- **mixed archive** (with ``--pages``): for every choice of 3 topics, 10 articles of each are
  tagged with their topic, one other article gets the quick tag ``follow-up`` and one the tag
  ``one-off``, and the saved pages are there as unrelated articles. Figures: the share of shown
  suggestions that are right (the article's topic), the share of the tagged topics' other
  articles that get a suggestion (and the right one first), the share of the untagged topics'
  articles and of the saved pages that get any, and how often a tag given once was suggested.
- **top-1**: all topics tagged with k articles each; the share of the other articles whose
  most probable learned tag is their topic (the display threshold and minimum number of
  examples left aside: at k=2 no tag is suggested at all).

``--split even`` / ``odd`` keeps every other article of each topic, so a figure can be checked
on the half of the corpus it was not tuned on.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.model import Article, Block
from reader.sources.decode import decode_text
from reader.store import Store
from reader.store.suggestions import forget_user_tagging
from reader.topics.suggestions import SHOW_THRESHOLD, forget, model_for, suggest

DEFAULT_KS = (2, 5, 10, 20)
MIXED_TOPICS = 3
MIXED_PER_TOPIC = 10
PAGE = "(saved page)"


def load_corpus(root: Path, split: str = "all") -> list[tuple[str, Article]]:
    """(topic, article) for every ``topic/*.txt`` under ``root``, in a stable order; ``split``
    'even' or 'odd' keeps every other file of each topic."""
    found: list[tuple[str, Article]] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        for position, path in enumerate(sorted(folder.glob("*.txt"))):
            if split != "all" and position % 2 != (0 if split == "even" else 1):
                continue
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


def add_pages(store: Store, folder: Path) -> list[str]:
    """Index a folder of saved pages with the product's indexer; returns their ids."""
    from reader.indexer import index_paths

    return list(dict.fromkeys(index_paths(store, [folder]).article_ids))


def _by_topic(truth: dict[str, str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for article_id, topic in sorted(truth.items()):
        if topic != PAGE:
            grouped.setdefault(topic, []).append(article_id)
    return grouped


def run_once(
    store: Store, truth: dict[str, str], k: int, seed: int
) -> tuple[float, float, float]:
    """Tag k per topic, rank the learned tags for the rest: (top-1 accuracy, learn seconds,
    ms per article)."""
    from reader.tags import apply_tags

    forget_user_tagging(store)
    rng = random.Random(seed)
    tagged: set[str] = set()
    for topic, ids in sorted(_by_topic(truth).items()):
        chosen = rng.sample(ids, min(k, len(ids)))
        apply_tags(store, chosen, add=[topic], remove=[], origin="manual")
        tagged.update(chosen)
    started = time.perf_counter()
    model = model_for(store)
    learn_seconds = time.perf_counter() - started
    rest = [i for i in sorted(truth) if i not in tagged and truth[i] != PAGE]
    correct = 0
    started = time.perf_counter()
    for article_id in rest:
        ranked = model.ranking(article_id) if model is not None else []
        correct += bool(ranked) and ranked[0][0] == truth[article_id]
    per_article_ms = (time.perf_counter() - started) * 1000 / max(len(rest), 1)
    return correct / max(len(rest), 1), learn_seconds, per_article_ms


@dataclass(frozen=True, slots=True)
class MixedRun:
    topics: tuple[str, ...]
    seed: int
    shown: int
    right_share: float  # shown suggestions that are the article's topic
    right_share_corpus: float  # ... counting the corpus's articles only (not the pages)
    covered: float  # articles of the tagged topics (not tagged) with a suggestion
    right_first: float  # ... whose first suggestion is their topic
    untagged_topics: float  # articles of the other topics with any suggestion
    pages: float  # saved pages with any suggestion
    once_suggested: int  # suggestions of a tag given once


def run_mixed(
    store: Store, truth: dict[str, str], topics: Sequence[str], seed: int
) -> MixedRun:
    """The mixed archive: ``topics`` tagged with MIXED_PER_TOPIC articles each."""
    from reader.tags import apply_tags

    forget_user_tagging(store)
    rng = random.Random(seed)
    grouped = _by_topic(truth)
    tagged: set[str] = set()
    for topic in topics:
        chosen = rng.sample(grouped[topic], min(MIXED_PER_TOPIC, len(grouped[topic])))
        apply_tags(store, chosen, add=[topic], remove=[], origin="manual")
        tagged.update(chosen)
    once = rng.sample(sorted(set(truth) - tagged), 2)
    apply_tags(store, once[:1], add=["follow-up"], remove=[], origin="manual")
    apply_tags(store, once[1:], add=["one-off"], remove=[], origin="manual")
    tagged.update(once)
    rest = [i for i in sorted(truth) if i not in tagged]
    found = suggest(store, rest, limit=len(topics) + 2, min_score=SHOW_THRESHOLD)
    shown = right = once_suggested = corpus_shown = corpus_right = 0
    counts = {"in": [0, 0, 0], "other": [0, 0, 0], "page": [0, 0, 0]}
    for article_id in rest:
        suggestions = found.get(article_id, [])
        topic = truth[article_id]
        shown += len(suggestions)
        right += sum(s.tag == topic for s in suggestions)
        once_suggested += sum(s.tag in ("follow-up", "one-off") for s in suggestions)
        if topic != PAGE:
            corpus_shown += len(suggestions)
            corpus_right += sum(s.tag == topic for s in suggestions)
        kind = "page" if topic == PAGE else "in" if topic in topics else "other"
        counts[kind][0] += 1
        counts[kind][1] += bool(suggestions)
        counts[kind][2] += bool(suggestions) and suggestions[0].tag == topic

    def share(kind: str, column: int = 1) -> float:
        return counts[kind][column] / counts[kind][0] if counts[kind][0] else 0.0

    return MixedRun(
        topics=tuple(topics),
        seed=seed,
        shown=shown,
        right_share=right / shown if shown else 1.0,
        right_share_corpus=corpus_right / corpus_shown if corpus_shown else 1.0,
        covered=share("in"),
        right_first=share("in", 2),
        untagged_topics=share("other"),
        pages=share("page"),
        once_suggested=once_suggested,
    )


def _summary(values: Sequence[float]) -> dict[str, float]:
    return {
        "mean": statistics.fmean(values),
        "sd": statistics.pstdev(values),
        "min": min(values),
        "max": max(values),
    }


MIXED_FIGURES = (
    ("right_share", "shown suggestions right", ">= 0.95"),
    ("right_share_corpus", "... on the corpus's articles alone", ""),
    ("covered", "tagged topics' articles with a suggestion", ">= 0.80"),
    ("right_first", "... with the right one first", ""),
    ("untagged_topics", "untagged topics' articles with any", "<= 0.10"),
    ("pages", "saved pages with any", "<= 0.10"),
)


def mixed(store: Store, truth: dict[str, str], seeds: int, quiet: bool) -> dict[str, object]:
    topics = sorted(_by_topic(truth))
    runs = [
        run_mixed(store, truth, chosen, seed)
        for chosen in itertools.combinations(topics, min(MIXED_TOPICS, len(topics)))
        for seed in range(seeds)
    ]
    report: dict[str, object] = {
        "runs": len(runs),
        "threshold": SHOW_THRESHOLD,
        "shown_per_run": statistics.fmean(r.shown for r in runs),
        "once_suggested": sum(r.once_suggested for r in runs),
    }
    for name, _, _ in MIXED_FIGURES:
        report[name] = _summary([float(getattr(r, name)) for r in runs])
    if not quiet:
        print(f"\nmixed archive: {MIXED_TOPICS} topics tagged ({MIXED_PER_TOPIC} each), "
              f"{len(runs)} runs (every choice of topics x {seeds} draws), "
              f"threshold {SHOW_THRESHOLD}")
        print(f"{'':44} {'mean':>6} {'sd':>6} {'min':>6} {'max':>6}  target")
        for name, label, target in MIXED_FIGURES:
            row = report[name]
            assert isinstance(row, dict)
            print(f"{label:44} {row['mean']:>6.3f} {row['sd']:>6.3f} {row['min']:>6.3f} "
                  f"{row['max']:>6.3f}  {target}")
        print(f"{'suggestions of a tag given once':44} {report['once_suggested']:>6}"
              f"{'':22}  = 0")
        per_topics: dict[tuple[str, ...], list[MixedRun]] = {}
        for run in runs:
            per_topics.setdefault(run.topics, []).append(run)
        print("\nby the topics tagged:   right  covered  untagged  pages")
        for chosen, group in per_topics.items():
            print(f"  {', '.join(chosen):40} "
                  f"{statistics.fmean(r.right_share for r in group):.3f}  "
                  f"{statistics.fmean(r.covered for r in group):.3f}    "
                  f"{statistics.fmean(r.untagged_topics for r in group):.3f}    "
                  f"{statistics.fmean(r.pages for r in group):.3f}")
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m reader.eval topics",
        description="How right and how quiet tag suggestions are, learned from a few tagged "
        "articles per topic.",
    )
    parser.add_argument("corpus", type=Path, metavar="CORPUS_DIR", help="folder of topic folders")
    parser.add_argument("--pages", type=Path, metavar="DIR",
                        help="saved pages added as unrelated articles (the mixed archive)")
    parser.add_argument("--seeds", type=int, default=3, help="random draws to average (3)")
    parser.add_argument(
        "--ks", default=",".join(map(str, DEFAULT_KS)), help="tagged articles per topic (2,5,10,20)"
    )
    parser.add_argument("--split", choices=("all", "even", "odd"), default="all",
                        help="every article, or every other one of each topic")
    parser.add_argument("--no-entities", action="store_true",
                        help="leave names out (faster; names are features in the product)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if not args.corpus.is_dir():
        parser.error(f"not a folder: {args.corpus}")
    if args.pages is not None and not args.pages.is_dir():
        parser.error(f"not a folder: {args.pages}")
    ks = [int(k) for k in args.ks.split(",") if k.strip()]
    corpus = load_corpus(args.corpus, args.split)
    topics = sorted({topic for topic, _ in corpus})
    results: dict[str, dict[str, float]] = {}
    report: dict[str, object] = {"topics": topics, "split": args.split}
    with (
        tempfile.TemporaryDirectory() as folder,
        Store.open(Path(folder) / "eval.sqlite3") as store,
    ):
        truth = fill_store(store, corpus)
        pages = add_pages(store, args.pages) if args.pages is not None else []
        truth.update({page: PAGE for page in pages})
        if not args.no_entities:
            from reader.entities import annotate_pending

            annotate_pending(store)
        report["articles"] = len(truth) - len(pages)
        report["pages"] = len(pages)
        if not args.json:
            print(f"{len(truth) - len(pages)} articles, {len(topics)} topics: "
                  f"{', '.join(topics)}; {len(pages)} saved pages; split {args.split}")
            print(f"\ntop-1 of the learned tags, all topics tagged ({args.seeds} draws)")
            print(f"{'k':>4} {'top-1':>7} {'sd':>6} {'min':>7} {'max':>7} {'learn s':>8} "
                  f"{'ms/article':>11}")
        for k in ks:
            runs = [run_once(store, truth, k, seed) for seed in range(args.seeds)]
            accuracies = [r[0] for r in runs]
            row = {
                "accuracy": statistics.fmean(accuracies),
                "sd": statistics.pstdev(accuracies),
                "min": min(accuracies),
                "max": max(accuracies),
                "learn_seconds": statistics.fmean(r[1] for r in runs),
                "ms_per_article": statistics.fmean(r[2] for r in runs),
            }
            results[str(k)] = row
            if not args.json:
                print(
                    f"{k:>4} {row['accuracy']:>7.3f} {row['sd']:>6.3f} {row['min']:>7.3f} "
                    f"{row['max']:>7.3f} {row['learn_seconds']:>8.2f} "
                    f"{row['ms_per_article']:>11.3f}",
                    flush=True,
                )
        report["k"] = results
        if pages or args.pages is not None:
            report["mixed"] = mixed(store, truth, args.seeds, args.json)
        forget(store)
    if args.json:
        print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
