"""Extraction evaluation: ``python -m reader.eval extraction CORPUS_DIR``.

CORPUS_DIR holds ``ground-truth.json`` (id -> {"articleBody": ...}) and the same pages as
``html/<id>.html`` and ``scrapes/<id>.txt``. Each page goes through the product's own format
(the HTML reader, the text-scrape reader with chrome learned over all scrapes first) and its
cleaned body is scored against the ground truth with the article-extraction benchmark's metric:
4-gram shingles over ``\\w+`` tokens, per page true/false positives and false negatives
normalised to sum 1, precision and recall averaged over pages, F1 from the two means.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.model import Article
from reader.sources import Format, ReadContext, SourceError

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str, size: int = SHINGLE) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return Counter(
        tuple(tokens[i : i + size])
        for i in range(max(1, len(tokens) - size + 1))
        if tokens[i : i + size]
    )


def page_score(truth: str, predicted: str) -> tuple[float, float]:
    """Precision and recall of one page's predicted body against its true body."""
    expected, found = shingles(truth), shingles(predicted)
    tp = fp = fn = 0.0
    for key in expected.keys() | found.keys():
        want, got = expected.get(key, 0), found.get(key, 0)
        tp += min(want, got)
        fp += max(0, got - want)
        fn += max(0, want - got)
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    if fp == fn == 0:
        return 1.0, 1.0
    precision = 0.0 if tp == fp == 0 else tp / (tp + fp)
    recall = 0.0 if tp == fn == 0 else tp / (tp + fn)
    return precision, recall


@dataclass(slots=True)
class Result:
    kind: str
    pages: list[tuple[str, float, float, str]] = field(default_factory=list)  # id, P, R, note
    seconds: float = 0.0

    @property
    def precision(self) -> float:
        return sum(p[1] for p in self.pages) / len(self.pages) if self.pages else 0.0

    @property
    def recall(self) -> float:
        return sum(p[2] for p in self.pages) / len(self.pages) if self.pages else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "pages": len(self.pages),
            "f1": round(self.f1, 4),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "pages_per_second": round(len(self.pages) / self.seconds, 1) if self.seconds else 0,
        }


def _body(fmt: Format, path: Path, data: bytes, ctx: ReadContext) -> tuple[str, str]:
    try:
        articles: list[Article] = fmt.read(path, data, ctx)
    except SourceError as error:
        return "", error.reason
    return "\n\n".join(a.body for a in articles), ""


def evaluate(corpus: Path, kind: str, truth: dict[str, str]) -> Result:
    from reader.sources import html as html_format
    from reader.sources import text as text_format

    folder, suffix, fmt = (
        ("html", ".html", html_format.FORMAT)
        if kind == "html"
        else ("scrapes", ".txt", text_format.FORMAT)
    )
    files = {page: corpus / folder / f"{page}{suffix}" for page in truth}
    files = {page: path for page, path in files.items() if path.exists()}
    contents = {page: path.read_bytes() for page, path in files.items()}
    ctx = ReadContext()
    result = Result(kind)
    started = time.process_time()
    if fmt.learns:
        for page, path in files.items():
            fmt.observe(path, contents[page], ctx)
    for page, path in files.items():
        body, problem = _body(fmt, path, contents[page], ctx)
        precision, recall = page_score(truth[page], body)
        result.pages.append((page, precision, recall, problem))
    result.seconds = time.process_time() - started
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m reader.eval extraction",
        description="Score cleaned bodies of html/ and scrapes/ pages against ground-truth.json.",
    )
    parser.add_argument("corpus", type=Path, metavar="CORPUS_DIR")
    parser.add_argument("--worst", type=int, default=5, help="list this many worst pages")
    parser.add_argument(
        "--only", choices=("html", "scrapes"), help="evaluate one kind of page only"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    truth_file = args.corpus / "ground-truth.json"
    if not truth_file.is_file():
        print(f"{truth_file}: not found", file=sys.stderr)
        return 2
    raw = json.loads(truth_file.read_text(encoding="utf-8"))
    truth = {page: str(entry.get("articleBody", "")) for page, entry in raw.items()}
    kinds = [args.only] if args.only else ["html", "scrapes"]
    results = [evaluate(args.corpus, kind, truth) for kind in kinds]

    if args.json:
        print(json.dumps([r.to_json() for r in results], indent=2))
        return 0
    for result in results:
        if not result.pages:
            print(f"{result.kind}: no pages found")
            continue
        speed = len(result.pages) / result.seconds if result.seconds else 0.0
        print(
            f"{result.kind:8} F1 {result.f1:.3f}  precision {result.precision:.3f}  "
            f"recall {result.recall:.3f}  ({len(result.pages)} pages, {speed:.0f} pages/s)"
        )
        worst = sorted(result.pages, key=lambda p: p[1] + p[2])[: args.worst]
        for page, precision, recall, problem in worst:
            note = f"  [{problem}]" if problem else ""
            print(f"    worst: {page[:16]}  precision {precision:.2f}  recall {recall:.2f}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
