"""Grouping across the archive: names an article leaves unsettled, settled by the others.

Grouping within an article (:mod:`reader.entities.grouping`) joins "Blair" to "Tony Blair" when
the article names him in full. Many articles never do ("Mr Blair said..."): there a surname
alone is grouped with the full name the archive overwhelmingly writes out for that surname in
similar articles (the same source or a shared topic) of the same period (a year either side by
default): at least ``MIN_ARTICLES`` articles, and ``DOMINANCE`` times as many as any other full
name. Where two full names share the surname in comparable numbers (Tony and Cherie Blair) the
surname stays alone. A name's type is settled the same way: each article decides one type for
it over all its mentions, then the articles vote, and an article whose type the archive
overwhelmingly contradicts takes the archive's (a listed organisation keeps its listed type).

What the pass decides is stored apart from the user's rules (``entity_archive_groups``); the
user's merges and splits are applied after it and win (:mod:`reader.entities.curation`). The
pass is incremental: ``regroup_names`` recomputes only the articles it is given (by default
those annotated since it last ran), so its cost grows with the new articles, not the archive.

Measured (``python -m reader.eval entities --bbc``, BBC News 2004-05, 444 articles, through the
product's indexing path): the mentions of Tony Blair, Michael Howard, Gordon Brown and Charles
Kennedy under their full names rise from 96.2% within articles to 100% with this pass (100%
for any setting from 2 to 5 articles and 2 to 8 times dominance). Speed
(``benchmarks/bench_entities.py``, synthetic people with shared surnames): 100,000 articles
with 1.4 million mentions in 50-60 s of CPU; 1,000 articles of the last month added to them in
1.5 s of CPU (2.3 s).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from reader.entities.curation import Curation, archive_maps, rewrite
from reader.entities.evidence import (
    DOMINANCE,
    MIN_ARTICLES,
    as_label,
    dominant,
    name_key,
    rebuild_surnames,
    refresh_resolutions,
    surname_of,
)
from reader.entities.gazetteer import PLACES
from reader.entities.known import known_type
from reader.model import ENTITY_LABELS, EntityLabel
from reader.store import Store
from reader.store.entities import ArchiveGroupRow, ArticleFacets, MentionRow, SurnameRow

__all__ = ["WINDOW_DAYS", "group_across_archive", "regroup_names"]

WINDOW_DAYS = 365  # "the same period": this many days either side of the article's date
BATCH = 1000  # articles per transaction

_Facets = tuple[str, tuple[str, ...]]  # source, topics


@dataclass(slots=True)
class _Surname:
    """The evidence for one surname: the full names written out, by the facets of their
    articles. For each kind of asking article (its source and topics) the dates of the
    similar articles are merged once per full name, so each article asking costs a few
    binary searches, however many articles write the surname out."""

    rows: list[SurnameRow]
    low: str = ""  # the days the rows were read for ("" : every row)
    high: str = ""
    by_facets: dict[_Facets, dict[str, list[str]]] = field(default_factory=dict)
    by_source: dict[str, set[_Facets]] = field(default_factory=dict)
    by_topic: dict[str, set[_Facets]] = field(default_factory=dict)
    merged: dict[_Facets, dict[str, list[str]]] = field(default_factory=dict)
    own: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for row in self.rows:
            key = (row.facets.source, row.facets.topics)
            self.by_facets.setdefault(key, {}).setdefault(row.canonical, []).append(
                row.facets.date[:10]
            )
            self.by_source.setdefault(row.facets.source, set()).add(key)
            for topic in row.facets.topics:
                self.by_topic.setdefault(topic, set()).add(key)
            self.own.setdefault(row.article_id, []).append(row.canonical)

    def _similar_facets(self, facets: ArticleFacets) -> Iterable[_Facets]:
        """The facets of evidence similar to an article with these (as ``_similar``)."""
        if not facets.source and not facets.topics:
            return self.by_facets.keys()
        found: set[_Facets] = set()
        if facets.source:
            found |= self.by_source.get(facets.source, set())
        for topic in facets.topics:
            found |= self.by_topic.get(topic, set())
        return found

    def counts(self, article_id: str, facets: ArticleFacets, window_days: int) -> Counter[str]:
        """Articles of each full name among the similar articles of the same period."""
        key = (facets.source, facets.topics)
        dates = self.merged.get(key)
        if dates is None:
            dates = {}
            for similar in self._similar_facets(facets):
                for name, found in self.by_facets[similar].items():
                    dates.setdefault(name, []).extend(found)
            for found in dates.values():
                found.sort()  # undated ("") first
            self.merged[key] = dates
        low, high = _period(facets.date, window_days)
        counted: Counter[str] = Counter()
        for name, found in dates.items():
            # Dated: only dated evidence within the period; undated: all of it.
            number = bisect_right(found, high) - bisect_left(found, low) if low else len(found)
            if number:
                counted[name] = number
        own = self.own.get(article_id)
        return counted - Counter(own) if own else counted


def _period(date: str, window_days: int) -> tuple[str, str]:
    """ISO bounds of the days within the window around ``date``; ("", "") when undated."""
    try:
        day = dt.date.fromisoformat(date[:10])
    except ValueError:
        return "", ""
    span = dt.timedelta(days=window_days)
    try:
        return (day - span).isoformat(), (day + span).isoformat()
    except OverflowError:
        return dt.date.min.isoformat(), dt.date.max.isoformat()


def _similar(evidence: ArticleFacets, article: ArticleFacets) -> bool:
    """The same source or a shared topic; any article when the article has neither."""
    if not article.source and not article.topics:
        return True
    if article.source and evidence.source == article.source:
        return True
    return any(topic in article.topics for topic in evidence.topics)


def _archive_type(
    name: str, found: EntityLabel, votes: Mapping[str, int], dominance: float, min_articles: int
) -> tuple[EntityLabel, int, int]:
    """The type the archive gives ``name`` where its articles overwhelmingly disagree with
    this one's, with the articles for it and for the others; ``found`` otherwise."""
    listed = known_type(name)
    if listed is not None:
        return listed, 0, 0
    best = dominant(votes, min_articles=min_articles, dominance=dominance)
    if best is None or best[0] == found or best[0] not in ENTITY_LABELS:
        return found, 0, 0
    if best[0] != "PLACE" and name in PLACES and votes.get("PLACE", 0):
        return found, 0, 0  # a listed place the archive also calls a place: leave it be
    return as_label(best[0]), best[1], best[2]


def _could_be_surname(name: str, label: EntityLabel, full_surnames: set[str]) -> bool:
    """A person's name of one word that the article does not write out in full."""
    if label != "PERSON" or " " in name or not name[:1].isupper():
        return False
    if not any(c.isalpha() for c in name) or any(c.isdigit() for c in name):
        return False
    if known_type(name) is not None or name in PLACES:
        return False
    return name.casefold() not in full_surnames


def group_across_archive(
    store: Store,
    *,
    articles: Sequence[str],
    window_days: int = WINDOW_DAYS,
    min_articles: int = MIN_ARTICLES,
    dominance: float = DOMINANCE,
    votes: dict[str, dict[str, int]] | None = None,
    evidence: dict[str, _Surname] | None = None,
    rows: Mapping[str, Sequence[MentionRow]] | None = None,
) -> dict[str, list[ArchiveGroupRow]]:
    """What the archive decides for the names of the given articles (read from the store,
    nothing written): a surname alone grouped with a full name, a type the archive gives. The
    user's rules are not consulted: they apply to the decisions afterwards.

    ``votes`` and ``evidence`` are caches a caller may keep across batches of one pass;
    ``rows``, the articles' mentions when the caller has read them."""
    votes = {} if votes is None else votes
    evidence = {} if evidence is None else evidence
    rows = store.mention_rows(articles) if rows is None else rows
    facets = store.article_facets(articles)
    names_of: dict[str, dict[str, tuple[str, EntityLabel]]] = {}
    for article_id in articles:
        if article_id not in facets:
            continue
        names: dict[str, tuple[str, EntityLabel]] = {}
        for row in rows.get(article_id, []):
            # What grouping found, whatever the user's rules say: they apply afterwards
            # (curation.Curation.final), so undoing one needs no new pass.
            name = row.found or row.canonical
            names.setdefault(name_key(name), (name, as_label(row.found_label or row.label)))
        names_of[article_id] = names
    wanted = sorted(
        {name for names in names_of.values() for name, _ in names.values()}
        - {n for n in votes}
    )
    fresh = store.label_votes(wanted)
    for name in wanted:
        votes[name] = fresh.get(name_key(name), {})

    decided: dict[str, list[ArchiveGroupRow]] = {}
    alone: dict[str, list[tuple[str, str, EntityLabel, ArchiveGroupRow | None]]] = {}
    for article_id, names in names_of.items():
        found_rows: list[ArchiveGroupRow] = []
        full_surnames = {
            surname_of(name)
            for name, label in names.values()
            if label == "PERSON" and " " in name
        }
        for name, label in names.values():
            typed, evidence_for, others = _archive_type(
                name, label, votes.get(name, {}), dominance, min_articles
            )
            retyped = (
                ArchiveGroupRow(name, name, typed, evidence_for, others) if typed != label else None
            )
            if _could_be_surname(name, typed, full_surnames):
                alone.setdefault(name.casefold(), []).append((article_id, name, typed, retyped))
            elif retyped is not None:
                found_rows.append(retyped)
        decided[article_id] = found_rows

    for surname, askers in alone.items():
        # Only the evidence of the askers' periods is read (all of it when one is undated).
        periods = [_period(facets[article_id].date, window_days) for article_id, *_ in askers]
        low = "" if any(not p[0] for p in periods) else min(p[0] for p in periods)
        high = "" if not low else max(p[1] for p in periods)
        known = evidence.get(surname)
        if known is None or (known.low and (not low or low < known.low or high > known.high)):
            if known is not None:  # asked again for other days: read every day, once
                low = high = ""
            known = evidence[surname] = _Surname(store.surname_rows(surname, low, high), low, high)
        for article_id, name, _typed, retyped in askers:
            counts = known.counts(article_id, facets[article_id], window_days)
            best = dominant(counts, min_articles=min_articles, dominance=dominance)
            if best is not None:
                decided[article_id].append(
                    ArchiveGroupRow(name, best[0], "PERSON", best[1], best[2])
                )
            elif retyped is not None:
                decided[article_id].append(retyped)
    return decided


def regroup_names(
    store: Store,
    article_ids: Iterable[str] | None = None,
    *,
    window_days: int = WINDOW_DAYS,
    min_articles: int = MIN_ARTICLES,
    dominance: float = DOMINANCE,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Run the archive pass over the given articles (default: every article whose names were
    found since it last ran) and show their mentions accordingly. Call it after names are
    found. Returns how many articles it went through.

    First the full names these articles write out join the evidence, then their names are
    grouped and typed by it, a batch per transaction (a kill loses at most the batch in
    flight; the rest is still due next time)."""
    ids = store.archive_pending() if article_ids is None else list(dict.fromkeys(article_ids))
    if not ids:
        return 0
    total = len(ids)
    surnames: set[str] = set()
    for start in range(0, total, BATCH):
        if cancelled is not None and cancelled():
            return 0  # every article is still due
        batch = ids[start : start + BATCH]
        with store.transaction():
            surnames |= rebuild_surnames(store, store.mention_rows(batch))
    curation = Curation.load(store)
    votes: dict[str, dict[str, int]] = {}
    evidence: dict[str, _Surname] = {}
    done = 0
    if progress is not None:
        progress(0, total)
    for start in range(0, total, BATCH):
        if cancelled is not None and cancelled():
            break
        batch = ids[start : start + BATCH]
        with store.transaction():
            rows = store.mention_rows(batch)
            decided = group_across_archive(
                store, articles=batch, window_days=window_days, min_articles=min_articles,
                dominance=dominance, votes=votes, evidence=evidence, rows=rows,
            )
            before = archive_maps(store, batch)
            store.replace_archive_groups({i: decided.get(i, []) for i in batch})
            after = archive_maps(store, batch)
            # Only mentions of names decided now or before can show differently.
            mentions = [
                r
                for i in batch
                for r in rows[i]
                if name_key(r.found or r.canonical) in before.get(i, {}).keys() | after.get(i, {})
            ]
            rewrite(store, curation, mentions, after)
            store.forget_archive_pending(batch)
        done += len(batch)
        if progress is not None:
            progress(done, total)
    with store.transaction():
        refresh_resolutions(store, surnames, curation.splits)
    return done
