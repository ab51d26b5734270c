"""Extraction speed: saved HTML pages and text scrapes cleaned per second of one core.

    python benchmarks/bench_extract.py [CORPUS_DIR] [--rounds N] [--pages N]

With CORPUS_DIR (holding html/*.html and scrapes/*.txt) the pages there are timed; without it
synthetic pages are generated (menus, a headline, a byline, prose, teasers, a footer). Times are
CPU seconds of this process (per core), the best of several rounds; targets: 50 HTML pages/s
and 1,000 text scrapes/s. trafilatura alone on the same pages is printed for comparison.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from reader.clean.html import extract_page
from reader.clean.text import clean_scrape
from reader.sources.decode import decode_html

HTML_TARGET = 50.0
SCRAPE_TARGET = 1000.0

WORDS = (  # noqa: SIM905 - prose is easier to read than a list of words
    "council harbour river winter market bridge school station minister report village "
    "committee season weather railway museum festival workers farmers island valley budget "
    "repairs storm ferry library hospital museum volunteers record summer officials plan "
    "said would could after before during because while although across between against "
    "the a of to in and for on with at by from that which new old first last many several"
).split()
MENU = ["Home", "News", "Sport", "Business", "Culture", "Opinion", "Weather", "Search", "Menu"]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))


def synthetic_scrape(rng: random.Random) -> str:
    lines = [*MENU, "Subscribe", _sentence(rng).rstrip(".").title(), "By Jo Example",
             "Updated: 12 March 2021", "3 min read", "Share", "Facebook", "Twitter"]  # fmt: skip
    for _ in range(rng.randint(8, 16)):
        lines.append(_paragraph(rng))
        if rng.random() < 0.15:
            lines.append("Advertisement")
    lines += ["Read more about: Local news", "Most popular"]
    for _ in range(6):
        lines += [_sentence(rng).rstrip(".").title(), _sentence(rng), "2 min read"]
    lines += ["Contact us", "Privacy policy", "© 2021 Example Gazette. All rights reserved."]
    return "\n\n".join(lines)


def synthetic_page(rng: random.Random) -> str:
    menu = "".join(f'<li><a href="/{m.lower()}">{m}</a></li>' for m in MENU)
    title = _sentence(rng).rstrip(".").title()
    body = "".join(
        f"<p>{_paragraph(rng)}</p>"
        + ("<h2>" + _sentence(rng).rstrip(".") + "</h2>" if i % 5 == 4 else "")
        for i in range(rng.randint(8, 16))
    )
    teasers = "".join(f'<li><a href="/t{i}">{_sentence(rng)}</a></li>' for i in range(8))
    scripts = "<script>var x = {};" + "x.a=1;" * 2000 + "</script>"
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title} | Gazette"
        f"</title><meta property='og:site_name' content='Example Gazette'>{scripts}</head>"
        f"<body><header><nav><ul>{menu}</ul></nav></header><main><article><h1>{title}</h1>"
        f"<p class='byline'>By Jo Example</p><time datetime='2021-03-12'>12 March 2021</time>"
        f"{body}</article><aside><h3>Most popular</h3><ul>{teasers}</ul></aside></main>"
        "<footer><p>© 2021 Example Gazette</p></footer></body></html>"
    )  # fmt: skip


def best_rate(items: list[str], run: Callable[[str], object], rounds: int) -> float:
    """Items per CPU second, best of ``rounds`` (other processes only ever slow a round)."""
    for item in items[:3]:
        run(item)  # warm up: imports, caches, compiled patterns
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for item in items:
            run(item)
        best = min(best, time.process_time() - started)
    return len(items) / best if best > 0 else float("inf")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("corpus", nargs="?", type=Path, help="folder with html/ and scrapes/")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pages", type=int, default=60, help="synthetic pages of each kind")
    args = parser.parse_args(argv)

    if args.corpus:
        pages = [decode_html(p.read_bytes()) for p in sorted((args.corpus / "html").glob("*.html"))]
        scrapes = [p.read_text(encoding="utf-8", errors="replace")
                   for p in sorted((args.corpus / "scrapes").glob("*.txt"))]  # fmt: skip
        origin = str(args.corpus)
    else:
        rng = random.Random(7)
        pages = [synthetic_page(rng) for _ in range(args.pages)]
        scrapes = [synthetic_scrape(rng) for _ in range(args.pages * 10)]
        origin = "synthetic"
    if not pages or not scrapes:
        print("no pages found", file=sys.stderr)
        return 2

    html_rate = best_rate(pages, extract_page, args.rounds)
    trafilatura_rate = best_rate(
        pages,
        lambda page: trafilatura.extract(page, fast=True, include_comments=False),
        args.rounds,
    )
    scrape_rate = best_rate(scrapes, clean_scrape, args.rounds)
    average_page = sum(map(len, pages)) / len(pages) / 1000
    average_scrape = sum(map(len, scrapes)) / len(scrapes) / 1000
    print(f"input: {origin}; best of {args.rounds} rounds, CPU time of one core")
    print(
        f"HTML pages     {html_rate:8.1f} pages/s   target {HTML_TARGET:.0f}  "
        f"({html_rate / HTML_TARGET:.2f}x; {len(pages)} pages, {average_page:.0f} kB each)"
    )
    print(
        f"  trafilatura alone {trafilatura_rate:5.1f} pages/s  "
        f"(reader takes {trafilatura_rate / html_rate:.2f}x its time)"
    )
    print(
        f"text scrapes   {scrape_rate:8.1f} scrapes/s target {SCRAPE_TARGET:.0f}  "
        f"({scrape_rate / SCRAPE_TARGET:.2f}x; {len(scrapes)} scrapes, "
        f"{average_scrape:.1f} kB each)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
