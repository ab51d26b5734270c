"""Extraction evaluation: ``python -m reader.eval extraction CORPUS_DIR``.

CORPUS_DIR holds ``ground-truth.json`` (id -> {"url": ..., "articleBody": ...}) and the same
pages as ``html/<id>.html`` and ``scrapes/<id>.txt``. Each page goes through the product's own
format (the HTML reader, the text-scrape reader with chrome learned over all scrapes first).

Bodies are scored with the article-extraction benchmark's metric: 4-gram shingles over ``\\w+``
tokens, per page true/false positives and false negatives normalised to sum 1, precision and
recall averaged over pages, F1 from the two means.

Titles are scored against a truth built here from each saved page's own markup, independently
of the cleaner: its ``og:title``, its ``<title>`` and its headline ``<h1>`` (inside the article,
or sharing words with the other two), each with every HTML entity decoded and the site's name
cut off. A title is right when its words match one of them with token F1 >= 0.8. For scrapes
the share is taken over the scrapes that hold their headline at all (a line matching the truth
the same way); the others should come out "(untitled)".

Cross-validation: sites are taken from the ground truth's URLs. The numbers the cleaners were
tuned with (:mod:`reader.clean.tuning`) are refitted for each site on the other sites' pages
only, from the same values they were tuned over, and the held-out site is scored with them:
the "cross-validated" figures are pooled over those held-out scores. The rules themselves
(patterns, limits) are fixed; for them the per-site figure is simply the site's own.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import lxml.html

from reader.clean import tuning as tunings
from reader.clean.html import PageReading, assemble, parse_page, read_page
from reader.clean.text import split_lines
from reader.model import UNTITLED, Article, SourceError
from reader.sources import ReadContext
from reader.sources import text as text_format
from reader.sources.decode import decode_html, decode_mixed

_TOKEN = re.compile(r"\w+")
SHINGLE = 4
# A title is right when its words match a true title this well (token F1).
TITLE_F1 = 0.8
TARGETS = {
    "html": {"f1": 0.96, "titles": 0.99},
    "scrapes": {"f1": 0.92, "precision": 0.90, "titles": 0.85},
}

T = TypeVar("T")


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


def f1_of(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# ---- title truth ------------------------------------------------------------------------------

_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " : ", " · ", " » ")
_ALNUM = re.compile(r"[\W_]+")


def title_tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.casefold()))


def title_f1(found: str, truth: str) -> float:
    a, b = title_tokens(found), title_tokens(truth)
    common = sum((a & b).values())
    if not common:
        return 0.0
    return f1_of(common / sum(a.values()), common / sum(b.values()))


def _unescaped(text: str) -> str:
    for _ in range(3):  # "&amp;#8217;" is escaped twice
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return " ".join(text.split())


def _compact(text: str) -> str:
    return _ALNUM.sub("", text.casefold())


def _is_site(part: str, sites: list[str]) -> bool:
    key = _compact(part)
    return bool(key) and any(site and (key in site or site in key) for site in sites)


def title_variants(title: str, sites: list[str]) -> list[str]:
    """A true title as written, without the site's name at either end, and without a short
    tail after its last separator (the site's name written some other way)."""
    found = [title]
    for separator in _SEPARATORS:
        if separator not in title:
            continue
        parts = title.split(separator)
        while len(parts) > 1 and _is_site(parts[-1], sites):
            parts.pop()
        while len(parts) > 1 and _is_site(parts[0], sites):
            parts.pop(0)
        found.append(separator.join(parts))
        head, _, tail = title.rpartition(separator)
        if len(tail.split()) <= min(6, len(head.split())):
            found.append(head)
    return [v.strip() for v in dict.fromkeys(found) if v.strip()]


def _meta_content(tree: lxml.html.HtmlElement, *names: str) -> list[str]:
    return [
        _unescaped(element.get("content") or "")
        for element in tree.iter("meta")
        if (element.get("property") or element.get("name") or "").strip().lower() in names
    ]


_HEADLINE_SKIP = frozenset({"nav", "aside", "footer", "button", "a"})


def title_truth(page: str, url: str = "") -> list[str]:
    """The titles a saved page gives itself, each in its plausible written forms."""
    tree = parse_page(page)
    if tree is None:
        return []
    sites = [_compact(s) for s in _meta_content(tree, "og:site_name", "application-name")]
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    sites += [_compact(host), _compact(host.rsplit(".", 1)[0])]
    sites = [s for s in sites if len(s) >= 3]
    declared = [*_meta_content(tree, "og:title"), _unescaped(tree.findtext(".//title") or "")]
    declared = [t for t in declared if t]
    headlines = []
    first_in_article = True
    for h1 in tree.iter("h1"):
        ancestors = {a.tag for a in h1.iterancestors()}
        text = _unescaped(h1.text_content())
        if not text or ancestors & _HEADLINE_SKIP:
            continue
        # The article's first heading is its headline; a later one (a promo inside the
        # article) counts only when it agrees with the page's declared title.
        if (first_in_article and ancestors & {"article", "main"}) or any(
            title_f1(text, t) >= 0.5 for t in declared
        ):
            headlines.append(text)
        if ancestors & {"article", "main"}:
            first_in_article = False
    truths: list[str] = []
    for title in declared + headlines:
        truths.extend(title_variants(title, sites))
    return list(dict.fromkeys(truths))


def title_right(title: str, truths: list[str]) -> bool:
    return title != UNTITLED and any(title_f1(title, t) >= TITLE_F1 for t in truths)


def holds_headline(text: str, truths: list[str]) -> bool:
    """Whether a scrape has a line that is its headline (matches a true title)."""
    return any(
        title_f1(line, t) >= TITLE_F1 for line in split_lines(text)[:400] if len(line) < 400
        for t in truths
    )  # fmt: skip


# ---- running the readers ----------------------------------------------------------------------


@dataclass(slots=True)
class Page:
    """One page of the corpus: its id, site, true body and true titles."""

    id: str
    site: str
    body: str
    titles: list[str]


@dataclass(slots=True)
class Outcome:
    """What one setting of the cleaner made of one page."""

    precision: float
    recall: float
    title: str = ""
    title_right: bool = False
    problem: str = ""


@dataclass(slots=True)
class Run:
    """One kind of page (html or scrapes) read with every setting tried."""

    kind: str
    pages: list[Page]
    settings: list[Any]
    # outcomes[s][p]: setting s on page p; setting 0 is the shipped one.
    outcomes: list[list[Outcome]] = field(default_factory=list)
    headline: list[bool] = field(default_factory=list)  # the scrape holds its headline
    seconds: float = 0.0  # CPU time of reading every page once with the shipped setting


def _site(url: str) -> str:
    return (urlsplit(url).hostname or "?").removeprefix("www.")


def load_pages(corpus: Path) -> list[Page]:
    raw = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(raw):
        entry = raw[page_id]
        url = str(entry.get("url", ""))
        source = corpus / "html" / f"{page_id}.html"
        titles = title_truth(decode_html(source.read_bytes()), url) if source.is_file() else []
        pages.append(Page(page_id, _site(url), str(entry.get("articleBody", "")), titles))
    return pages


def _outcome(page: Page, article: Article | None, problem: str = "") -> Outcome:
    body = article.body if article is not None else ""
    title = article.title if article is not None else UNTITLED
    precision, recall = page_score(page.body, body)
    return Outcome(precision, recall, title, title_right(title, page.titles), problem)


def run_html(corpus: Path, pages: list[Page]) -> Run:
    from reader.sources import html as html_format

    settings = tunings.variants(tunings.PAGE, tunings.PAGE_SEARCH)
    run = Run("html", [], settings, [[] for _ in settings])
    for page in pages:
        path = corpus / "html" / f"{page.id}.html"
        if not path.is_file():
            continue
        run.pages.append(page)
        data = path.read_bytes()
        started = time.process_time()
        try:
            html_format.read(path, data, ReadContext())  # the product's own path, timed
            problem = ""
        except SourceError as error:
            problem = error.reason
        run.seconds += time.process_time() - started
        reading: PageReading | None = read_page(decode_html(data))
        for index, setting in enumerate(settings):
            article = assemble(reading, setting) if reading is not None else None
            run.outcomes[index].append(_outcome(page, article, problem))
    return run


def run_scrapes(corpus: Path, pages: list[Page]) -> Run:
    settings = tunings.variants(tunings.SCRAPE, tunings.SCRAPE_SEARCH)
    run = Run("scrapes", [], settings, [[] for _ in settings])
    files = {p.id: corpus / "scrapes" / f"{p.id}.txt" for p in pages}
    present = [p for p in pages if files[p.id].is_file()]
    contents = {p.id: files[p.id].read_bytes() for p in present}
    ctx = ReadContext()
    started = time.process_time()
    for page in present:  # chrome is learned over the whole archive first, as when indexing
        text_format.FORMAT.observe(files[page.id], contents[page.id], ctx)
    for page in present:
        with contextlib.suppress(SourceError):
            text_format.read(files[page.id], contents[page.id], ctx)
    run.seconds = time.process_time() - started
    for page in present:
        run.pages.append(page)
        run.headline.append(holds_headline(decode_mixed(contents[page.id]), page.titles))
        for index, setting in enumerate(settings):
            try:
                article = text_format.scrape_article(
                    files[page.id], contents[page.id], ctx, setting
                )
                run.outcomes[index].append(_outcome(page, article))
            except SourceError as error:
                run.outcomes[index].append(_outcome(page, None, error.reason))
    return run


# ---- figures ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Figures:
    pages: int
    precision: float
    recall: float
    titles_right: int
    titles_of: int  # pages whose title is counted (for scrapes: those holding their headline)

    @property
    def f1(self) -> float:
        return f1_of(self.precision, self.recall)

    @property
    def title_share(self) -> float:
        return self.titles_right / self.titles_of if self.titles_of else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "f1": round(self.f1, 4),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "titles_right": self.titles_right,
            "titles_counted": self.titles_of,
            "titles_share": round(self.title_share, 4),
        }


def _counted(run: Run, index: int) -> bool:
    """Whether a page's title counts: every saved page, and scrapes holding their headline."""
    return run.kind == "html" or run.headline[index]


def figures(run: Run, chosen: list[Outcome], indexes: Sequence[int]) -> Figures:
    outcomes = [chosen[i] for i in indexes]
    n = len(outcomes)
    counted = [i for i in indexes if _counted(run, i)]
    return Figures(
        pages=n,
        precision=sum(o.precision for o in outcomes) / n if n else 0.0,
        recall=sum(o.recall for o in outcomes) / n if n else 0.0,
        titles_right=sum(chosen[i].title_right for i in counted),
        titles_of=len(counted),
    )


def _best_setting(run: Run, indexes: Sequence[int], key: Callable[[Figures], float]) -> int:
    """The setting that fits these pages best (the shipped one wins ties)."""
    scored = [(key(figures(run, outcomes, indexes)), -s) for s, outcomes in enumerate(run.outcomes)]
    return -max(scored)[1]


def cross_validated(run: Run) -> tuple[list[Outcome], dict[str, tuple[int, int]]]:
    """Each page scored with the settings fitted on the other sites' pages: bodies with the
    setting whose body F1 is best there, titles with the one whose title share is best.
    Returns the held-out outcomes and, per site, the settings chosen (body, title)."""
    sites = sorted({p.site for p in run.pages})
    held_out: list[Outcome | None] = [None] * len(run.pages)
    chosen: dict[str, tuple[int, int]] = {}
    for site in sites:
        test = [i for i, p in enumerate(run.pages) if p.site == site]
        train = [i for i, p in enumerate(run.pages) if p.site != site]
        body = _best_setting(run, train, lambda f: f.f1)
        title = _best_setting(run, train, lambda f: f.title_share)
        chosen[site] = (body, title)
        for i in test:
            b, t = run.outcomes[body][i], run.outcomes[title][i]
            held_out[i] = Outcome(b.precision, b.recall, t.title, t.title_right, b.problem)
    return [o for o in held_out if o is not None], chosen


def _describe(setting: Any, base: Any) -> str:
    changed = [
        f"{name}={getattr(setting, name)}"
        for name in base.__dataclass_fields__
        if getattr(setting, name) != getattr(base, name)
    ]
    return ", ".join(changed) or "shipped"


def per_site(run: Run, held_out: list[Outcome]) -> dict[str, Figures]:
    """Each site's held-out figures (scored with settings fitted on the other sites)."""
    sites = sorted({p.site for p in run.pages})
    return {
        site: figures(run, held_out, [i for i, p in enumerate(run.pages) if p.site == site])
        for site in sites
    }


def report(run: Run, worst: int) -> tuple[dict[str, Any], dict[str, Figures]]:
    """Print one kind's figures; return them as JSON and each site's held-out figures."""
    everything = range(len(run.pages))
    tuned = figures(run, run.outcomes[0], everything)
    held_out, chosen = cross_validated(run)
    validated = figures(run, held_out, everything)
    best = _best_setting(run, everything, lambda f: f.f1)
    targets = TARGETS[run.kind]
    speed = len(run.pages) / run.seconds if run.seconds else 0.0
    print(f"{run.kind}: {len(run.pages)} pages from {len(chosen)} sites, "
          f"{speed:.0f} pages/s (CPU, one core)")  # fmt: skip
    print(f"  {'':34} {'F1':>6} {'prec.':>6} {'recall':>6}   titles right")
    for name, figs in (
        ("tuned (all pages)", tuned),
        ("cross-validated (leave site out)", validated),
    ):
        print(
            f"  {name:34} {figs.f1:6.3f} {figs.precision:6.3f} {figs.recall:6.3f}   "
            f"{figs.titles_right}/{figs.titles_of} = {figs.title_share:.3f}"
        )
    goal = ", ".join(f"{k} >= {v:.2f}" for k, v in targets.items())
    met = (
        validated.f1 >= targets["f1"]
        and validated.precision >= targets.get("precision", 0.0)
        and validated.title_share >= targets["titles"]
    )
    print(f"  target (cross-validated): {goal}: {'met' if met else 'NOT met'}")
    if run.kind == "scrapes":
        missing = [i for i in everything if not run.headline[i]]
        untitled = sum(run.outcomes[0][i].title == UNTITLED for i in missing)
        print(
            f"  titles counted over the {tuned.titles_of} scrapes that hold their headline; "
            f"of the {len(missing)} that do not, {untitled} come out {UNTITLED}"
        )
    refitted = Counter(
        _describe(run.settings[body], run.settings[0]) for body, _ in chosen.values()
    )
    print("  settings fitted without each site (bodies): " + "; ".join(
        f"{name} for {n}" for name, n in refitted.most_common()))  # fmt: skip
    if best != 0:
        print(f"  best on all pages: {_describe(run.settings[best], run.settings[0])}")
    order = sorted(everything, key=lambda i: held_out[i].precision + held_out[i].recall)
    for i in order[:worst]:
        o = held_out[i]
        note = f"  [{o.problem}]" if o.problem else ""
        print(f"    worst: {run.pages[i].id[:16]}  precision {o.precision:.2f}  "
              f"recall {o.recall:.2f}{note}")  # fmt: skip
    wrong = [i for i in everything if _counted(run, i) and not run.outcomes[0][i].title_right]
    for i in wrong[:worst]:
        print(f"    title wrong: {run.pages[i].id[:16]}  {run.outcomes[0][i].title[:70]!r}")
    sites = per_site(run, held_out)
    found = {
        "kind": run.kind,
        "pages": len(run.pages),
        "sites": len(chosen),
        "pages_per_second": round(speed, 1),
        "tuned": tuned.to_json(),
        "cross_validated": validated.to_json(),
        "targets": targets,
        "targets_met": met,
        "holding_headline": sum(run.headline) if run.kind == "scrapes" else len(run.pages),
        "per_site": {site: figs.to_json() for site, figs in sites.items()},
    }
    return found, sites


def print_sites(reports: dict[str, dict[str, Figures]]) -> None:
    """One line per site: its held-out figures for each kind of page, side by side."""
    kinds = list(reports)
    sites = sorted({site for found in reports.values() for site in found})
    head = "".join(f"  {kind + ' F1':>11} {'P':>5} {'R':>5} {'title':>5}" for kind in kinds)
    print(f"per site, held out (settings fitted on the other sites):\n  {'site':32}{head}")
    for site in sites:
        cells = ""
        for kind in kinds:
            figs = reports[kind].get(site)
            if figs is None:
                cells += f"  {'':>11} {'':>5} {'':>5} {'':>5}"
                continue
            titles = f"{figs.titles_right}/{figs.titles_of}" if figs.titles_of else "-"
            cells += (
                f"  {figs.f1:11.3f} {figs.precision:5.2f} {figs.recall:5.2f} {titles:>5}"
            )
        print(f"  {site[:32]:32}{cells}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m reader.eval extraction",
        description="Score cleaned bodies and titles of html/ and scrapes/ pages against "
        "ground-truth.json, tuned and cross-validated by site.",
    )
    parser.add_argument("corpus", type=Path, metavar="CORPUS_DIR")
    parser.add_argument("--worst", type=int, default=5, help="list this many worst pages")
    parser.add_argument(
        "--only", choices=("html", "scrapes"), help="evaluate one kind of page only"
    )
    parser.add_argument(
        "--no-sites", action="store_true", help="leave out the table of every site's figures"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    truth_file = args.corpus / "ground-truth.json"
    if not truth_file.is_file():
        print(f"{truth_file}: not found", file=sys.stderr)
        return 2
    pages = load_pages(args.corpus)
    kinds = [args.only] if args.only else ["html", "scrapes"]
    runs = [run_html(args.corpus, pages) if k == "html" else run_scrapes(args.corpus, pages)
            for k in kinds]  # fmt: skip
    if args.json:
        import io

        with contextlib.redirect_stdout(io.StringIO()):
            found = [report(run, 0)[0] for run in runs if run.pages]
        print(json.dumps(found, indent=2))
        return 0
    sites: dict[str, dict[str, Figures]] = {}
    for run in runs:
        if not run.pages:
            print(f"{run.kind}: no pages found")
            continue
        _, sites[run.kind] = report(run, args.worst)
    if sites and not args.no_sites:
        print_sites(sites)
    return 0


if __name__ == "__main__":
    sys.exit(main())
