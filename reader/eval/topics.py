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
from reader.topics.suggestions import (
    DEFAULT_TUNING,
    SHOW_THRESHOLD,
    Tuning,
    forget,
    model_for,
    suggest,
)

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


def add_pages(store: Store, folder: Path | Sequence[Path]) -> list[str]:
    """Index a folder of saved pages (or some page files) with the product's indexer; returns
    their ids."""
    from reader.indexer import index_paths

    paths = [folder] if isinstance(folder, Path) else list(folder)
    return list(dict.fromkeys(index_paths(store, paths).article_ids)) if paths else []


def page_halves(folder: Path) -> tuple[list[Path], list[Path]]:
    """The saved pages in two halves, A and B: every other file in name order."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return files[0::2], files[1::2]


def _by_topic(truth: dict[str, str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for article_id, topic in sorted(truth.items()):
        if topic != PAGE:
            grouped.setdefault(topic, []).append(article_id)
    return grouped


def run_once(
    store: Store, truth: dict[str, str], k: int, seed: int, tuning: Tuning | None = None
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
    model = model_for(store, tuning=tuning)
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
    rest = tag_mixed(store, truth, topics, seed)
    return score_mixed(store, truth, topics, seed, rest)


def tag_mixed(store: Store, truth: dict[str, str], topics: Sequence[str], seed: int) -> list[str]:
    """Tag the mixed archive (see :func:`run_mixed`); returns the articles left untagged."""
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
    return [i for i in sorted(truth) if i not in tagged]


def score_mixed(
    store: Store,
    truth: dict[str, str],
    topics: Sequence[str],
    seed: int,
    rest: Sequence[str],
    tuning: Tuning | None = None,
) -> MixedRun:
    """The figures of one tagged mixed archive, learned with ``tuning``."""
    found = suggest(store, rest, limit=len(topics) + 2, min_score=SHOW_THRESHOLD, tuning=tuning)
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


# ---- cross-validation: constants chosen on one archive, reported on another ------------------

# The constants tried: the archive's weight against a tag and the familiarity discount.
PROTOCOL_GRID = tuple(
    Tuning(background, power) for background in (1.25, 1.5, 1.75) for power in (0.0, 2.0, 4.0, 6.0)
)
# (figure, target, at least?) of the mixed archive, the four a choice of constants must meet.
TARGETS = (
    ("right_share", 0.95, True),
    ("covered", 0.80, True),
    ("untagged_topics", 0.10, False),
    ("pages", 0.10, False),
)
# (tune on, report on): each BBC half with one half of the pages, every pairing both ways.
FOLDS = (
    ("even+A", "odd+B"),
    ("odd+B", "even+A"),
    ("even+B", "odd+A"),
    ("odd+A", "even+B"),
)


def margin(figures: dict[str, float]) -> float:
    """How far the mixed archive's figures clear the targets, the worst of the four (negative
    when one is missed): the choice of constants maximises it on the archive it tunes on."""
    return min(
        figures[name] - target if at_least else target - figures[name]
        for name, target, at_least in TARGETS
    )


def grid_figures(
    store: Store, truth: dict[str, str], seeds: int, grid: Sequence[Tuning]
) -> list[dict[str, float]]:
    """The mixed archive's mean figures (every choice of 3 topics x ``seeds`` draws) for each
    tuning of ``grid``: the tagging of each run is done once, every tuning learns from it."""
    topics = sorted(_by_topic(truth))
    runs: list[list[MixedRun]] = [[] for _ in grid]
    for chosen in itertools.combinations(topics, min(MIXED_TOPICS, len(topics))):
        for seed in range(seeds):
            rest = tag_mixed(store, truth, chosen, seed)
            for position, tuning in enumerate(grid):
                runs[position].append(score_mixed(store, truth, chosen, seed, rest, tuning))
    return [
        {name: statistics.fmean(float(getattr(r, name)) for r in group)
         for name, _, _ in MIXED_FIGURES}
        for group in runs
    ]


def _best(rows: Sequence[dict[str, float]]) -> int:
    """The position of the best choice: the widest margin, the first of equals."""
    return max(range(len(rows)), key=lambda i: (margin(rows[i]), -i))


def build_archive(
    folder: Path, corpus_root: Path, split: str, pages: Sequence[Path], entities: bool
) -> tuple[Store, dict[str, str]]:
    """A store in ``folder`` with one half of the corpus and some of the pages."""
    store = Store.open(folder / "archive.sqlite3")
    truth = fill_store(store, load_corpus(corpus_root, split))
    truth.update({page: PAGE for page in add_pages(store, pages)})
    if entities:
        from reader.entities import annotate_pending, load_recogniser

        annotate_pending(store, recogniser=load_recogniser("crf"))
    return store, truth


def protocol(
    corpus_root: Path,
    pages_folder: Path,
    seeds: int,
    entities: bool,
    quiet: bool,
    grid: Sequence[Tuning] = PROTOCOL_GRID,
) -> dict[str, object]:
    """Choose the constants on one archive (one BBC half and one half of the pages) by
    :func:`margin`, report the figures they give on the other archive, which shares no article
    or page with it; every pairing, both ways. The shipped constants' figures on every
    archive stand beside them, and top-1 (all topics tagged) with the chosen constants."""
    first, second = page_halves(pages_folder)
    halves = {"A": first, "B": second}
    figures: dict[str, list[dict[str, float]]] = {}
    top1: dict[str, dict[Tuning, dict[int, float]]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        stores: dict[str, tuple[Store, dict[str, str]]] = {}
        try:
            for name in dict.fromkeys(part for fold in FOLDS for part in fold):
                split, half = name.split("+")
                folder = Path(scratch) / name
                folder.mkdir()
                stores[name] = build_archive(folder, corpus_root, split, halves[half], entities)
                if not quiet:
                    print(f"  {name}: {len(stores[name][1])} articles, learning {len(grid)} "
                          "choices of constants", flush=True)
                figures[name] = grid_figures(*stores[name], seeds, grid)
            chosen_for = {tune: _best(figures[tune]) for tune, _ in FOLDS}
            for tune, held_out in FOLDS:
                tuning = grid[chosen_for[tune]]
                store, truth = stores[held_out]
                wanted = top1.setdefault(held_out, {})
                if tuning not in wanted:
                    wanted[tuning] = {
                        k: statistics.fmean(
                            run_once(store, truth, k, seed, tuning)[0] for seed in range(seeds)
                        )
                        for k in (2, 10)
                    }
        finally:
            for store, _ in stores.values():
                forget(store)
                store.close()
    shipped = grid.index(DEFAULT_TUNING) if DEFAULT_TUNING in grid else None
    folds = []
    for tune, held_out in FOLDS:
        tuning = grid[chosen_for[tune]]
        folds.append({
            "tune": tune,
            "held_out": held_out,
            "chosen": {"background": tuning.background,
                       "familiarity_power": tuning.familiarity_power},
            "tuned": figures[tune][chosen_for[tune]],
            "held_out_figures": figures[held_out][chosen_for[tune]],
            "held_out_top1": {str(k): v for k, v in top1[held_out][tuning].items()},
        })
    report: dict[str, object] = {
        "grid": [{"background": t.background, "familiarity_power": t.familiarity_power}
                 for t in grid],
        "folds": folds,
        "held_out_mean": {
            name: statistics.fmean(f["held_out_figures"][name] for f in folds)  # type: ignore[index]
            for name, _, _ in MIXED_FIGURES
        },
    }
    if shipped is not None:
        report["shipped"] = {name: rows[shipped] for name, rows in figures.items()}
    if not quiet:
        _print_protocol(report, seeds)
    return report


def _print_protocol(report: dict[str, object], seeds: int) -> None:
    folds = report["folds"]
    assert isinstance(folds, list)
    print(f"\ncross-validated: constants chosen on one archive (a BBC half + half the pages), "
          f"figures on the other ({seeds} draws x every choice of 3 topics)")
    short = ("right", "covered", "untagged", "pages")
    names = [name for name, _, _ in TARGETS]
    print(f"{'tune on -> report on':22} {'chosen':>10}  {'tuned':^31}  {'held out':^31}  top-1 "
          "k=10 / k=2 held out")
    print(f"{'':22} {'bg, power':>10}  " + " ".join(f"{h:>7}" for h in short) + "  "
          + " ".join(f"{h:>7}" for h in short))
    for fold in folds:
        chosen = fold["chosen"]
        tuned = " ".join(f"{fold['tuned'][n]:>7.3f}" for n in names)
        held = " ".join(f"{fold['held_out_figures'][n]:>7.3f}" for n in names)
        top1 = fold["held_out_top1"]
        print(f"{fold['tune'] + ' -> ' + fold['held_out']:22} "
              f"{chosen['background']:>4}, {chosen['familiarity_power']:<4} {tuned}  {held}  "
              f"{top1['10']:.3f} / {top1['2']:.3f}")
    mean = report["held_out_mean"]
    assert isinstance(mean, dict)
    print(f"{'held-out mean':22} {'':>10}  {'':31}  "
          + " ".join(f"{mean[n]:>7.3f}" for n in names))
    print("targets: right >= 0.95, covered >= 0.80, untagged <= 0.10, pages <= 0.10")
    shipped = report.get("shipped")
    if isinstance(shipped, dict):
        print(f"\nshipped constants ({DEFAULT_TUNING.background}, "
              f"{DEFAULT_TUNING.familiarity_power}) on each archive:")
        for name, row in shipped.items():
            print(f"  {name:10} " + " ".join(f"{row[n]:>7.3f}" for n in names))


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
    parser.add_argument("--no-protocol", action="store_true",
                        help="skip the cross-validation over BBC halves and halves of the pages")
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
            from reader.entities import annotate_pending, load_recogniser

            annotate_pending(store, recogniser=load_recogniser("crf"))
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
    if args.pages is not None and not args.no_protocol and args.split == "all":
        report["protocol"] = protocol(
            args.corpus, args.pages, args.seeds, not args.no_entities, args.json
        )
    if args.json:
        print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
