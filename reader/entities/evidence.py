"""What the archive knows about surnames: the full names each article writes out, and the one
full name a surname alone means across the whole archive where one dominates.

Both are derived from stored mentions (``entity_surnames``, ``entity_resolutions``) and kept up
to date by the archive pass (:mod:`reader.entities.archive`) and by the user's corrections
(:mod:`reader.entities.curation`), which change what the full names are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from reader.model import ENTITY_LABELS, EntityLabel
from reader.store import Store
from reader.store.entities import ArticleFacets, MentionRow, SurnameRow

# A surname alone is grouped with the full name the archive uses for it when that name is
# written out in at least this many articles, and in this many times as many as any other.
MIN_ARTICLES = 3
DOMINANCE = 4.0


def as_label(text: str) -> EntityLabel:
    """A stored type as the reader's label (anything unknown is OTHER)."""
    for label in ENTITY_LABELS:
        if text == label:
            return label
    return "OTHER"


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def surname_of(name: str) -> str:
    """The casefolded last word of a name ("Tony Blair" -> "blair")."""
    words = name.split()
    return words[-1].casefold() if words else ""


def written_out(row: MentionRow) -> str | None:
    """The full name of a person this mention writes out, if it does: the article gives two
    words or more of the name itself ("Tony Blair", not "Blair" grouped under it)."""
    found = row.found or row.canonical
    if row.hidden or row.label != "PERSON" or len(found.split()) < 2:
        return None
    return row.canonical if len(row.canonical.split()) >= 2 else None


def surname_rows(
    rows: Mapping[str, Sequence[MentionRow]], facets: Mapping[str, ArticleFacets]
) -> list[SurnameRow]:
    """The full names each article writes out, with the article's facets."""
    found: list[SurnameRow] = []
    for article_id, mentions in rows.items():
        article = facets.get(article_id)
        if article is None:
            continue  # no longer indexed
        names = dict.fromkeys(n for n in map(written_out, mentions) if n is not None)
        found += [SurnameRow(surname_of(n), n, article_id, article) for n in names]
    return found


def rebuild_surnames(store: Store, rows: Mapping[str, Sequence[MentionRow]]) -> set[str]:
    """Store the full names the given articles write out (from their mention rows); returns
    the surnames whose evidence may have changed (before and after)."""
    ids = list(rows)
    before = store.surnames_of(ids)
    found = surname_rows(rows, store.article_facets(ids))
    store.replace_surnames(ids, found)
    return before | {row.surname for row in found}


def dominant(
    counts: Mapping[str, int],
    *,
    min_articles: int = MIN_ARTICLES,
    dominance: float = DOMINANCE,
) -> tuple[str, int, int] | None:
    """The name with at least ``min_articles`` that has ``dominance`` times the articles of
    any other, as (name, its articles, the others' articles); None when none does."""
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    best, articles = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if articles < min_articles or articles < dominance * runner_up:
        return None
    return best, articles, sum(counts.values()) - articles


def refresh_resolutions(
    store: Store, surnames: Iterable[str], kept_apart: Iterable[tuple[str, str]] = ()
) -> None:
    """What each surname alone means across the archive (``person:Blair``), recomputed for
    the given surnames. ``kept_apart`` holds (name key, full name key) pairs the user split:
    such a full name is not what the surname means."""
    apart = set(kept_apart)
    for surname in sorted(set(surnames)):
        if not surname:
            continue
        totals = {
            name: count
            for name, count in store.surname_totals(surname).items()
            if (surname, name_key(name)) not in apart
        }
        store.put_resolution(surname, dominant(totals))
