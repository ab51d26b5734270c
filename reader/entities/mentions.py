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
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reader.entities.curation import Curation, canonical_names, parse_label
from reader.entities.grouping import group
from reader.entities.recogniser import Recogniser, default_recogniser
from reader.model import Article, EntityLabel, Span
from reader.store import Store

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


def _pending_where() -> str:
    # Any other version (older, or another recogniser's) is stale; written as two ranges so
    # the articles_pending_entities index serves it.
    return "(entities_version < ? OR entities_version > ?)"


def pending_count(store: Store, recogniser: Recogniser | None = None) -> int:
    version = (recogniser or default_recogniser()).version
    row = store.conn.execute(
        f"SELECT count(*) FROM articles WHERE {_pending_where()}", (version, version)
    ).fetchone()
    return int(row[0])


def annotate_pending(
    store: Store,
    *,
    batch_size: int = 200,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    recogniser: Recogniser | None = None,
) -> int:
    """Find entities in every article not yet annotated by the current recogniser.

    Works in batches: spans are computed outside any transaction, then each batch's mentions
    are written and its articles stamped in one transaction, so a kill loses at most the batch
    in flight and the next run resumes. Returns how many articles were processed.
    """
    recogniser = recogniser or default_recogniser()
    version = recogniser.version
    total = pending_count(store, recogniser)
    done = 0
    skipped_rowids: set[int] = set()  # articles that changed under us this run; retried later
    if progress is not None:
        progress(0, total)
    while cancelled is None or not cancelled():
        rows = store.conn.execute(
            "SELECT rowid, id, body, title, byline, caption FROM articles "
            f"WHERE {_pending_where()} "
            "ORDER BY rowid LIMIT ?",
            (version, version, batch_size + len(skipped_rowids)),
        ).fetchall()
        rows = [r for r in rows if r["rowid"] not in skipped_rowids][:batch_size]
        if not rows:
            break
        computed: list[tuple[Any, list[Span]]] = [(row, _spans(recogniser, row)) for row in rows]
        with store.transaction():
            curation = Curation.load(store)
            for row, spans in computed:
                rowid, article_id = row["rowid"], row["id"]
                stamped = store.conn.execute(
                    "UPDATE articles SET entities_version = ? WHERE rowid = ? AND body = ? "
                    "AND title = ? AND byline = ? AND caption = ?",
                    (version, rowid, row["body"], row["title"], row["byline"], row["caption"]),
                ).rowcount
                if not stamped:
                    skipped_rowids.add(rowid)  # the text changed meanwhile: not ours to write
                    continue
                store.conn.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
                store.conn.executemany(
                    'INSERT OR REPLACE INTO mentions (article_id, start, "end", label, text, '
                    "canonical) VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        (article_id, s.start, s.end, s.label, s.text, s.canonical)
                        for s in curation.apply(spans)
                    ],
                )
        done += len(computed)
        if progress is not None:
            progress(min(done, total), total)
    return done


def _spans(recogniser: Recogniser, row: Any) -> list[Span]:
    try:
        text = annotated_text(row["body"], row["title"], row["byline"], row["caption"])
        return group(recogniser.spans(text))
    except Exception:  # one odd article must not stop the archive from being annotated
        log.exception("entity recognition failed for article %s", row["id"])
        return []


def entity_counts(
    store: Store, query: str = "", label: str | None = None, limit: int | None = None
) -> list[EntityCount]:
    """Entities across the archive with how many articles and mentions each has, most
    frequent first. ``query`` matches part of a name (or a name aliased to it); ``label``
    keeps one type (each entity counts under the type most of its mentions have)."""
    query = " ".join(query.split())
    wanted = parse_label(label) if label else None
    where = "1"
    params: list[str] = []
    if query:
        names = sorted(canonical_names(store, query))
        marks = ",".join("?" * len(names))
        where = f"(instr(lower(canonical), lower(?)) > 0 OR canonical COLLATE NOCASE IN ({marks}))"
        params = [query, *names]
    totals: dict[str, tuple[int, int]] = {}
    for row in store.conn.execute(
        "SELECT canonical, count(DISTINCT article_id) AS articles, count(*) AS mentions "
        f"FROM mentions WHERE {where} GROUP BY canonical",
        params,
    ):
        totals[row["canonical"]] = (int(row["articles"]), int(row["mentions"]))
    votes: dict[str, Counter[EntityLabel]] = {}
    for row in store.conn.execute(
        f"SELECT canonical, label, count(*) AS n FROM mentions WHERE {where} "
        "GROUP BY canonical, label",
        params,
    ):
        votes.setdefault(row["canonical"], Counter())[row["label"]] = int(row["n"])
    counts = [
        EntityCount(name, votes[name].most_common(1)[0][0], articles, mentions)
        for name, (articles, mentions) in totals.items()
    ]
    if wanted is not None:
        counts = [c for c in counts if c.label == wanted]
    counts.sort(key=lambda c: (-c.articles, -c.mentions, c.canonical.casefold()))
    return counts[:limit] if limit is not None else counts
