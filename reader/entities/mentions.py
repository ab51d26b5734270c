"""Entities stored at index time: mentions per article, and counts across the archive.

An article's names are found in its body, title, byline and caption ("By AFP", a photo credited
to the "Russian Foreign Ministry"), read as one text so that mentions group across them. Stored
offsets are into that text: the body, then the title, byline and caption, each after a blank
line (``annotated_text``). Body offsets are thus unchanged (the reader highlights those), and
a mention past the body belongs to a header field (``field_of``).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from reader.entities.curation import Curation, canonical_names, parse_label
from reader.entities.grouping import group
from reader.entities.protocol import Recogniser
from reader.model import Article, EntityLabel, Span
from reader.query import compile_filter
from reader.store import Store
from reader.store.entities import PendingText

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class EntityCount:
    canonical: str
    label: EntityLabel
    articles: int
    mentions: int

    def to_json(self) -> dict[str, Any]:
        return {
            "canonical": self.canonical,
            "label": self.label,
            "articles": self.articles,
            "mentions": self.mentions,
        }


FIELDS = ("body", "title", "byline", "caption")
SEPARATOR = "\n\n"


def annotated_text(body: str, title: str = "", byline: str = "", caption: str = "") -> str:
    """The text an article's stored mention offsets point into.

    A header field already quoted whole in the body (a title repeated as the first heading)
    is blanked, same length, so its names are not counted twice."""
    parts = [body]
    for value in (title, byline, caption):
        parts.append(" " * len(value) if value.strip() and value in body else value)
    return SEPARATOR.join(parts)


def article_text(article: Article) -> str:
    return annotated_text(article.body, article.title, article.byline, article.caption)


def field_of(span: Span, article: Article) -> tuple[str, int, int]:
    """Which field a stored mention is in, with its offsets into that field's own text."""
    start = 0
    for name in FIELDS:
        value: str = getattr(article, name)
        end = start + len(value)
        if span.start < end or name == FIELDS[-1]:
            return name, span.start - start, span.end - start
        start = end + len(SEPARATOR)
    raise AssertionError("unreachable")


def pending_count(store: Store, recogniser: Recogniser) -> int:
    """Articles not annotated by this recogniser (any other version is stale)."""
    return store.pending_entity_count(recogniser.version)


def annotate_pending(
    store: Store,
    *,
    recogniser: Recogniser,
    batch_size: int = 200,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Find entities in every article not yet annotated by ``recogniser``, grouped within
    each article and corrected by the user's rules. Run ``regroup_names(store)`` after it:
    the archive pass groups what an article leaves unsettled.

    Works in batches: spans are computed outside any transaction, then each batch's mentions
    are written and its articles stamped in one transaction, so a kill loses at most the batch
    in flight and the next run resumes. Returns how many articles were processed.
    """
    version = recogniser.version
    total = pending_count(store, recogniser)
    done = 0
    skipped_rowids: set[int] = set()  # articles that changed under us this run; retried later
    if progress is not None:
        progress(0, total)
    while cancelled is None or not cancelled():
        rows = store.pending_entity_texts(version, batch_size + len(skipped_rowids))
        rows = [r for r in rows if r.rowid not in skipped_rowids][:batch_size]
        if not rows:
            break
        computed = [(row, _spans(recogniser, row)) for row in rows]
        with store.transaction():
            curation = Curation.load(store)
            for row, spans in computed:
                if not store_names(store, curation, version, row, spans):
                    skipped_rowids.add(row.rowid)  # the text changed meanwhile: not ours to write
        done += len(computed)
        if progress is not None:
            progress(min(done, total), total)
    return done


def store_names(
    store: Store, curation: Curation, version: int, text: PendingText, spans: Sequence[Span]
) -> bool:
    """Store one article's names as found (grouped within it, the user's rules applied) and
    stamp it with the recogniser's ``version``, inside the caller's transaction; False, and
    nothing written, when its text changed since ``text`` was read."""
    if not store.stamp_entities(version, text):
        return False
    store.replace_mentions(text.id, curation.rows(text.id, spans))
    return True


def _spans(recogniser: Recogniser, row: PendingText) -> list[Span]:
    try:
        text = annotated_text(row.body, row.title, row.byline, row.caption)
        return group(recogniser.spans(text), text)
    except Exception:  # one odd article must not stop the archive from being annotated
        log.exception("entity recognition failed for article %s", row.id)
        return []


def entity_counts(
    store: Store,
    query: str = "",
    label: str | None = None,
    limit: int | None = None,
    *,
    name: str = "",
) -> list[EntityCount]:
    """Entities mentioned in the articles a query selects (every article when empty), with
    how many of those articles and mentions each has, most frequent first. ``name`` matches
    part of a name (or a name aliased to it); ``label`` keeps one type (each entity counts
    under the type most of its mentions have). Raises ``reader.query.QueryError`` for a query
    that cannot be understood."""
    within = compile_filter(query) if query.strip() else None
    name = " ".join(name.split())
    wanted = parse_label(label) if label else None
    names = sorted(canonical_names(store, name)) if name else []
    totals, tallies = store.mention_tallies(name, names, within)
    votes: dict[str, Counter[EntityLabel]] = {}
    for canonical, mention_label, mentions in tallies:
        votes.setdefault(canonical, Counter())[cast(EntityLabel, mention_label)] = mentions
    counts = [
        EntityCount(canonical, votes[canonical].most_common(1)[0][0], articles, mentions)
        for canonical, (articles, mentions) in totals.items()
    ]
    if wanted is not None:
        counts = [c for c in counts if c.label == wanted]
    counts.sort(key=lambda c: (-c.articles, -c.mentions, c.canonical.casefold()))
    return counts[:limit] if limit is not None else counts
