"""Names across a folder of articles (the BBC News set): how people are grouped and what type
well-known names get, after recognition and grouping within each article.

    python -m reader.eval entities --bbc /path/to/bbc

The folder holds one sub-folder per topic of ``NNN.txt`` files whose first line is the title.
Printed: for a few people, the share of the mentions of each that carry the full name as
canonical name, within articles and after an archive-level pass prototyped here; canonical
names that start with a title; and the type given to well-known organisations. A mention of a
person is found from the text (``_mentions``): the full name, or the surname alone, with or
without a title, possessive, or run on into a well-known name, where the surname is theirs.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reader.entities.gazetteer import PLACES
from reader.entities.grouping import clean_name, group
from reader.entities.known import known_type
from reader.entities.protocol import Recogniser
from reader.model import EntityLabel, Span

PEOPLE = ("Tony Blair", "Michael Howard", "Gordon Brown", "Charles Kennedy")
ORGANISATIONS = (
    "Google", "Microsoft", "Apple", "Sony", "Nintendo", "BBC", "Labour", "Chelsea", "Arsenal"
)
# Checked independently of the grouping's own list of titles.
_TITLE_TEXT = "Mr Mrs Ms Miss Dr Sir Lord Lady Dame Prof Professor President Prime Chancellor Rev"
TITLES = frozenset(_TITLE_TEXT.split())
# The archive-level prototype: a surname alone takes the full name the topic's other articles
# use for it when that name has at least this many articles and this many times the next.
ARCHIVE_MIN_ARTICLES = 3
ARCHIVE_DOMINANCE = 4.0


@dataclass(slots=True)
class Article:
    topic: str
    name: str
    text: str
    spans: list[Span] = field(default_factory=list)


def read_articles(folder: Path) -> list[Article]:
    """Articles as the reader indexes a text file: the body, then the title after a blank
    line (offsets of stored mentions point into that text)."""
    articles: list[Article] = []
    for path in sorted(folder.glob("*/*.txt")):
        raw = path.read_bytes()
        try:
            content = raw.decode("utf-8")
        except UnicodeDecodeError:
            content = raw.decode("latin-1")
        lines = content.splitlines()
        if not lines:
            continue
        title = lines[0].strip()
        body = "\n\n".join(line.strip() for line in lines[1:] if line.strip())
        articles.append(Article(path.parent.name, path.name, body + "\n\n" + title))
    return articles


def _is_mention_of(span: Span, person: str) -> bool:
    """A mention that names ``person``: the full name or the surname alone, with titles,
    possessive and punctuation, or run on into a well-known name ("Blair Labour")."""
    first, surname = person.split()[0], person.split()[-1]
    words = clean_name(span.text).split()
    while words and words[0].rstrip(".") in TITLES:
        words = words[1:]
    if not words:
        return False
    if words == [first, surname] or words == [surname]:
        return True
    rest = " ".join(words[1:])
    return words[0] == surname and (known_type(rest) is not None or rest in PLACES)


def _others_named(article: Article, person: str) -> bool:
    """Whether the article names someone else with the person's surname as a name word
    ("Tim Howard", "Howard Hughes"): its surname-only mentions may be theirs."""
    surname = person.split()[-1]
    for span in article.spans:
        words = span.canonical.split()
        if len(words) > 1 and surname in words and span.canonical != person:
            return True
    return False


def _mentions(articles: Iterable[Article], person: str) -> list[tuple[Article, Span]]:
    """Mentions of ``person``: the full name anywhere; the surname alone (with a title and
    the like) in articles that give the full name, and in politics articles that name
    nobody else with that surname (all four people are party leaders of the time)."""
    found: list[tuple[Article, Span]] = []
    for article in articles:
        mentions = [s for s in article.spans if _is_mention_of(s, person)]
        if not mentions:
            continue
        full = any(clean_name(s.text) == person for s in article.spans)
        surname_is_theirs = full or (
            article.topic == "politics" and not _others_named(article, person)
        )
        for span in mentions:
            if surname_is_theirs or _strip(clean_name(span.text)) == person:
                found.append((article, span))
    return found


def _strip(name: str) -> str:
    words = name.split()
    while words and words[0].rstrip(".") in TITLES:
        words = words[1:]
    return " ".join(words)


def archive_pass(articles: list[Article]) -> dict[tuple[str, str, str], str]:
    """Prototype of grouping across the archive: (topic, article, surname-only canonical) ->
    the full name the topic's articles overwhelmingly use for that surname."""
    by_surname: dict[tuple[str, str], Counter[str]] = {}
    for article in articles:
        people = {s.canonical for s in article.spans if s.label == "PERSON"}
        for name in people:
            words = name.split()
            if len(words) > 1:
                by_surname.setdefault((article.topic, words[-1]), Counter())[name] += 1
    resolved: dict[tuple[str, str, str], str] = {}
    for article in articles:
        for span in article.spans:
            if " " in span.canonical:
                continue
            ranked = by_surname.get((article.topic, span.canonical), Counter()).most_common(2)
            if not ranked or ranked[0][1] < ARCHIVE_MIN_ARTICLES:
                continue
            if len(ranked) > 1 and ranked[0][1] < ARCHIVE_DOMINANCE * ranked[1][1]:
                continue  # ambiguous: Tony and Cherie Blair
            resolved[(article.topic, article.name, span.canonical)] = ranked[0][0]
    return resolved


def run(folder: Path, recogniser: Recogniser) -> int:
    articles = read_articles(folder)
    if not articles:
        print(f"no articles under {folder} (expected TOPIC/NNN.txt files)")
        return 2
    started = time.process_time()
    for article in articles:
        article.spans = group(recogniser.spans(article.text))
    seconds = time.process_time() - started
    words = sum(len(a.text.split()) for a in articles)
    mentions = sum(len(a.spans) for a in articles)
    print(f"{folder}: {len(articles)} articles, {words:,} words, {mentions:,} mentions "
          f"({words / seconds:,.0f} words/s)")

    resolved = archive_pass(articles)
    print("\nmentions of a person under the full name (within articles | with archive pass)")
    within_total = archive_total = count_total = 0
    for person in PEOPLE:
        found = _mentions(articles, person)
        within = sum(1 for _, s in found if s.canonical == person)
        archive = sum(
            1
            for a, s in found
            if s.canonical == person
            or resolved.get((a.topic, a.name, s.canonical)) == person
        )
        others = Counter(s.canonical for _, s in found if s.canonical != person)
        share = within / len(found) if found else 0.0
        archive_share = archive / len(found) if found else 0.0
        print(f"  {person:<16} {len(found):4d} mentions  {share:6.1%} | {archive_share:6.1%}"
              f"   elsewhere: {', '.join(f'{n} {c}' for n, c in others.most_common(4))}")
        within_total += within
        archive_total += archive
        count_total += len(found)
    if count_total:
        print(f"  {'all four':<16} {count_total:4d} mentions  {within_total / count_total:6.1%}"
              f" | {archive_total / count_total:6.1%}")

    canonical = Counter(s.canonical for a in articles for s in a.spans)
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
        labels: Counter[EntityLabel] = Counter(
            s.label for a in articles for s in a.spans if s.canonical.casefold() == name.casefold()
        )
        if not labels:
            print(f"  {name:<10} not found")
            continue
        best, count = labels.most_common(1)[0]
        detail = ", ".join(f"{label} {n}" for label, n in labels.most_common())
        print(f"  {name:<10} {best:<6} {count / sum(labels.values()):6.1%}  ({detail})")
    return 0
