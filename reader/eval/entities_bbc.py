"""Names across a folder of articles (the BBC News set), as the reader itself stores them.

    python -m reader.eval entities --bbc /path/to/bbc

The folder holds one sub-folder per topic of ``NNN.txt`` files whose first line is the title.
It is indexed into a temporary store by the product's own path (``update_archive``, then
``annotate_pending`` and the archive pass ``regroup_names``), and the stored mentions are read
back. Printed: for a few people, the share of the mentions of each that carry the full name
as canonical name, after grouping within articles (what each mention was found as) and after
the archive pass (what the reader shows); canonical names that start with a title; the type
given to well-known organisations; and whether ``person:Surname`` and ``person:"Full Name"``
find the same articles. A mention of a person is found from its text (``_mentions``): the
full name, or the surname alone, with or without a title, possessive, or run on into a
well-known name, where the surname is theirs.

The archive pass's two settings (at least 3 articles, 4 times any other full name) were set
on this folder; the figures beside them (``--sweep``) show how much the share depends on them.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reader.config import Config
from reader.entities.archive import regroup_names
from reader.entities.gazetteer import PLACES
from reader.entities.grouping import clean_name
from reader.entities.known import known_type
from reader.entities.mentions import annotate_pending
from reader.entities.protocol import Recogniser
from reader.indexer import update_archive
from reader.locations import Locations
from reader.query import compile_filter
from reader.store import Store
from reader.store.entities import MentionRow

PEOPLE = ("Tony Blair", "Michael Howard", "Gordon Brown", "Charles Kennedy")
ORGANISATIONS = (
    "Google", "Microsoft", "Apple", "Sony", "Nintendo", "BBC", "Labour", "Chelsea", "Arsenal"
)
# Checked independently of the grouping's own list of titles.
_TITLE_TEXT = "Mr Mrs Ms Miss Dr Sir Lord Lady Dame Prof Professor President Prime Chancellor Rev"
TITLES = frozenset(_TITLE_TEXT.split())


@dataclass(slots=True)
class Article:
    id: str
    topic: str
    mentions: list[MentionRow] = field(default_factory=list)


def _is_mention_of(mention: MentionRow, person: str) -> bool:
    """A mention that names ``person``: the full name or the surname alone, with titles,
    possessive and punctuation, or run on into a well-known name ("Blair Labour")."""
    first, surname = person.split()[0], person.split()[-1]
    words = clean_name(mention.text).split()
    while words and words[0].rstrip(".") in TITLES:
        words = words[1:]
    if not words:
        return False
    if words == [first, surname] or words == [surname]:
        return True
    rest = " ".join(words[1:])
    return words[0] == surname and (known_type(rest) is not None or rest in PLACES)


def _found(mention: MentionRow) -> str:
    return mention.found or mention.canonical


def _others_named(article: Article, person: str) -> bool:
    """Whether the article names someone else with the person's surname as a name word
    ("Tim Howard", "Howard Hughes"): its surname-only mentions may be theirs."""
    surname = person.split()[-1]
    for mention in article.mentions:
        words = _found(mention).split()
        if len(words) > 1 and surname in words and _found(mention) != person:
            return True
    return False


def _mentions(articles: Iterable[Article], person: str) -> list[tuple[Article, MentionRow]]:
    """Mentions of ``person``: the full name anywhere; the surname alone (with a title and
    the like) in articles that give the full name, and in politics articles that name
    nobody else with that surname (all four people are party leaders of the time)."""
    found: list[tuple[Article, MentionRow]] = []
    for article in articles:
        mentions = [m for m in article.mentions if _is_mention_of(m, person)]
        if not mentions:
            continue
        full = any(clean_name(m.text) == person for m in article.mentions)
        surname_is_theirs = full or (
            article.topic == "politics" and not _others_named(article, person)
        )
        for mention in mentions:
            if surname_is_theirs or _strip(clean_name(mention.text)) == person:
                found.append((article, mention))
    return found


def _strip(name: str) -> str:
    words = name.split()
    while words and words[0].rstrip(".") in TITLES:
        words = words[1:]
    return " ".join(words)


def _index(folder: Path, home: Path, recogniser: Recogniser) -> tuple[Store, dict[str, float]]:
    """The folder indexed into a new store under ``home`` as ``reader index`` does it."""
    locations = Locations(data_dir=home, config_dir=home).ensure()
    store = Store.open(locations.database)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    update_archive(store, locations, [folder], config=Config())
    timings["reading"] = time.perf_counter() - started
    started = time.process_time()
    annotate_pending(store, recogniser=recogniser)
    timings["names"] = time.process_time() - started
    started = time.process_time()
    regroup_names(store)
    timings["archive"] = time.process_time() - started
    return store, timings


def _articles(store: Store) -> list[Article]:
    ids = store.article_ids()
    facets = store.article_facets(ids)
    rows = store.mention_rows(ids)
    return [
        Article(i, facets[i].topics[0] if facets[i].topics else "",
                [m for m in rows[i] if not m.hidden])
        for i in ids
        if i in facets
    ]


def _shares(articles: list[Article]) -> tuple[int, int, int, list[str]]:
    """(mentions, under the full name within articles, with the archive pass, lines)."""
    lines: list[str] = []
    within_total = archive_total = count_total = 0
    for person in PEOPLE:
        found = _mentions(articles, person)
        within = sum(1 for _, m in found if _found(m) == person)
        archive = sum(1 for _, m in found if m.canonical == person)
        others = Counter(m.canonical for _, m in found if m.canonical != person)
        count = len(found) or 1
        lines.append(
            f"  {person:<16} {len(found):4d} mentions  {within / count:6.1%} | "
            f"{archive / count:6.1%}   elsewhere: "
            + ", ".join(f"{n} {c}" for n, c in others.most_common(4))
        )
        within_total += within
        archive_total += archive
        count_total += len(found)
    return count_total, within_total, archive_total, lines


def run(folder: Path, recogniser: Recogniser, *, sweep: bool = False) -> int:
    with tempfile.TemporaryDirectory(prefix="reader-eval-bbc-") as home:
        store, timings = _index(folder, Path(home), recogniser)
        with store:
            return _report(folder, store, timings, sweep=sweep)


def _report(folder: Path, store: Store, timings: dict[str, float], *, sweep: bool) -> int:
    articles = _articles(store)
    if not articles:
        print(f"no articles under {folder} (expected TOPIC/NNN.txt files)")
        return 2
    words = sum(
        len(stored.article.body.split())
        for i in store.article_ids()
        if (stored := store.article(i)) is not None
    )
    mentions = sum(len(a.mentions) for a in articles)
    print(f"{folder}: {len(articles)} articles, {words:,} words, {mentions:,} mentions, "
          "indexed into a new store by the reader's own path")
    print(f"  names found in {timings['names']:.1f} s CPU ({words / timings['names']:,.0f} "
          f"words/s), archive pass {timings['archive'] * 1000:.0f} ms CPU")

    groups = store.archive_groups([a.id for a in articles])
    regrouped = [g for found in groups.values() for g in found if g.canonical != g.name]
    retyped = [g for found in groups.values() for g in found if g.canonical == g.name]
    chosen = Counter(g.canonical for g in regrouped).most_common(6)
    print(f"  archive pass: {len(regrouped)} surnames alone grouped with a full name "
          f"({', '.join(f'{n} {c}' for n, c in chosen)}), {len(retyped)} names retyped")

    print("\nmentions of a person under the full name (within articles | with archive pass)")
    count_total, within_total, archive_total, lines = _shares(articles)
    print("\n".join(lines))
    if count_total:
        print(f"  {'all four':<16} {count_total:4d} mentions  {within_total / count_total:6.1%}"
              f" | {archive_total / count_total:6.1%}   (target: 90%)")

    canonical = Counter(m.canonical for a in articles for m in a.mentions)
    titled = [
        name
        for name in canonical
        if len(name.split()) > 1
        and name.split()[0].rstrip(".") in TITLES
        and name.split()[1][:1].isupper()
    ]
    print(f"\ncanonical names starting with a title: {len(titled)}"
          + (f" ({', '.join(sorted(titled)[:8])})" if titled else ""))

    print("\ntype of well-known organisations (mentions by type)")
    for name in ORGANISATIONS:
        labels: Counter[str] = Counter(
            m.label for a in articles for m in a.mentions
            if m.canonical.casefold() == name.casefold()
        )
        if not labels:
            print(f"  {name:<10} not found")
            continue
        best, count = labels.most_common(1)[0]
        detail = ", ".join(f"{label} {n}" for label, n in labels.most_common())
        print(f"  {name:<10} {best:<6} {count / sum(labels.values()):6.1%}  ({detail})")

    print("\narticles found by person:Surname and by person:\"Full Name\"")
    topics = {a.id: a.topic for a in articles}
    for person in PEOPLE:
        surname = person.split()[-1]
        short = set(store.article_ids(compile_filter(f"person:{surname}")))
        full = set(store.article_ids(compile_filter(f'person:"{person}"')))
        extra = Counter(topics.get(i, "") for i in short - full)
        if short == full:
            note = "the same articles"
        else:
            note = (
                f"{len(full - short)} fewer; {len(short - full)} more, where "
                f"{surname} alone was left alone ("
                + ", ".join(f"{t} {n}" for t, n in extra.most_common()) + ")"
            )
        print(f"  person:{surname} {len(short)}, person:\"{person}\" {len(full)}: {note}")

    if sweep:
        _sweep(store, articles)
    return 0


def _sweep(store: Store, articles: list[Article]) -> None:
    """The share with other settings of the archive pass (each run over every article)."""
    print("\nshare under the full name by the archive pass's settings (min articles x dominance)")
    ids = [a.id for a in articles]
    for min_articles in (2, 3, 5):
        cells: list[str] = []
        for dominance in (2.0, 4.0, 8.0):
            regroup_names(store, ids, min_articles=min_articles, dominance=dominance)
            count, _, archive, _ = _shares(_articles(store))
            cells.append(f"{dominance:.0f}x {archive / (count or 1):6.1%}")
        print(f"  {min_articles} articles: " + "  ".join(cells))
    regroup_names(store, ids)
