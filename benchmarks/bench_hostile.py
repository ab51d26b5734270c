"""Hostile inputs: how the time of each grows when the input doubles.

    python benchmarks/bench_hostile.py [--size N]

Each case is an input that made a step superlinear: a Markdown line of ``*a `` (was quadratic:
90 KB took 17 s), a tag with many attributes (libxml2 is quadratic in a tag's attributes:
200,000 took 40 s), a text of many paragraphs (22 MB took 83 s and 6.9 GB through indexing),
``title:/(a+)+$/`` against a long title (exponential in Python's re), and the output sanitiser
on strings made of escape introducers. Printed: CPU seconds at N and 2N and their ratio; a
ratio near 2 is linear, near 4 quadratic. Synthetic input only.

Measured (one core, N = 100,000): every ratio 2.0-2.2; Markdown 0.09 s, attributes 0.05 s,
paragraphs 0.07 s, the regex under 1 ms, the sanitiser 0.05 s. Before: the Markdown line took
0.68, 2.77 and 11.0 s at 5,000, 10,000 and 20,000 (ratio 4), lxml 0.6 and 2.7 s for one tag of
25,000 and 50,000 attributes (ratio 4.5).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from reader.clean.html import extract_page
from reader.clean.text import clean_scrape
from reader.safety import safe_json, safe_line
from reader.sources.markdown import markdown_blocks
from reader.store.functions import matches

PARAGRAPH = "The quick brown fox jumps over the lazy dog near the old harbour wall."


def _markdown(n: int) -> Callable[[], object]:
    text = "# Stars\n\n" + "*a " * n + "\n"
    return lambda: markdown_blocks(text)


def _attributes(n: int) -> Callable[[], object]:
    body = "".join(f"<p>Paragraph {i}: {PARAGRAPH}</p>" for i in range(10))
    tag = "<div " + " ".join(f'a{i}="x"' for i in range(n)) + ">x</div>"
    page = f"<html><body><article><h1>T</h1>{tag}{body}</article></body></html>"
    return lambda: extract_page(page)


def _paragraphs(n: int) -> Callable[[], object]:
    text = "A long text\n\n" + "\n\n".join(f"{PARAGRAPH} {i}." for i in range(n // 10))
    return lambda: clean_scrape(text)


def _regex(n: int) -> Callable[[], object]:
    title = "a" * n + "!"
    return lambda: matches("(a+)+$", title)


def _sanitiser(n: int) -> Callable[[], object]:
    text = "\x1b]\x9d\x1b[" * (n // 3)
    return lambda: (safe_line(text), safe_json([text]))


CASES: dict[str, Callable[[int], Callable[[], object]]] = {
    "markdown '*a ' line": _markdown,
    "tag attributes": _attributes,
    "text paragraphs (n/10)": _paragraphs,
    "title:/(a+)+$/": _regex,
    "sanitiser, escapes": _sanitiser,
}


def cpu_seconds(run: Callable[[], object], rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="N (default 100,000)")
    args = parser.parse_args()
    n = args.size
    print(f"{'case':<26} {'N':>9} {'time N':>9} {'time 2N':>9} {'ratio':>6}")
    for name, make in CASES.items():
        once = cpu_seconds(make(n))
        twice = cpu_seconds(make(2 * n))
        ratio = twice / once if once > 0 else float("nan")
        print(f"{name:<26} {n:>9,} {once:>8.3f}s {twice:>8.3f}s {ratio:>6.2f}")


if __name__ == "__main__":
    main()
