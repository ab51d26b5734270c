"""Tables of names: ``mentions`` (the names found in each article, and ``hidden_mentions``
those the user hid), ``entity_rules`` (the user's corrections: aliases, hidden names, type
corrections, splits) and what the archive pass derives from mentions (``entity_surnames``,
``entity_archive_groups``, ``entity_resolutions``, ``entity_archive_pending``).

Plain reads and writes; recognising, grouping and applying corrections live in
:mod:`reader.entities`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from reader.model import Span
from reader.store.database import CHUNK, Database, marks, now_iso
from reader.store.selection import SqlFilter

__all__ = [
    "ArchiveGroupRow",
    "ArticleFacets",
    "EntityRuleRow",
    "EntityTables",
    "MentionRow",
    "PendingText",
    "SurnameRow",
]


@dataclass(frozen=True, slots=True)
class EntityRuleRow:
    kind: str  # 'alias' | 'hide' | 'label' | 'split'
    name: str
    target: str  # an alias's name merged into; the name a split keeps apart
    label: str
    created_at: str


@dataclass(frozen=True, slots=True)
class PendingText:
    """An article's text fields as read for annotation (``rowid`` and text to stamp it)."""

    rowid: int
    id: str
    body: str
    title: str
    byline: str
    caption: str


class MentionRow(NamedTuple):
    """A stored mention: shown (``canonical``, ``label``), what grouping within the article
    found (``found``, ``found_label``; empty for rows stored without them: the same as shown),
    and whether the user hid it. A tuple: the archive pass reads every mention of a batch."""

    article_id: str
    start: int
    end: int
    label: str
    text: str
    canonical: str
    found: str = ""
    found_label: str = ""
    hidden: bool = False


@dataclass(frozen=True, slots=True)
class ArticleFacets:
    """What makes articles similar for the archive pass: source, topics and date."""

    source: str
    topics: tuple[str, ...]
    date: str


@dataclass(frozen=True, slots=True)
class SurnameRow:
    """A full name an article writes out, with the article's facets."""

    surname: str  # casefolded last word
    canonical: str
    article_id: str
    facets: ArticleFacets


@dataclass(frozen=True, slots=True)
class ArchiveGroupRow:
    name: str  # as grouping within the article left it ("Blair")
    canonical: str  # what the archive pass makes of it ("Tony Blair")
    label: str
    evidence: int
    others: int


# Any other version (older, or another recogniser's) is stale; written as two ranges so the
# articles_pending_entities index serves it.
_PENDING = "(entities_version < ? OR entities_version > ?)"
_MENTION_TABLES = ("mentions", "hidden_mentions")  # indexed by "hidden"
_ROW_COLUMNS = 'article_id, start, "end", label, text, canonical, found, found_label'


def _mention_row(row: sqlite3.Row, hidden: bool) -> MentionRow:
    return MentionRow(
        str(row[0]), int(row[1]), int(row[2]), str(row[3]), str(row[4]), str(row[5]),
        str(row[6]), str(row[7]), hidden,
    )


def _selected(within: SqlFilter) -> tuple[str, list[object]]:
    """The ids of the articles a compiled query selects, as a subquery."""
    sql = (
        "SELECT a.id FROM articles AS a LEFT JOIN state AS s ON s.article_id = a.id "
        f"WHERE {within.where}"
    )
    if within.limit is not None:
        order = f" ORDER BY {within.order}" if within.order else ""
        sql += f"{order} LIMIT {int(within.limit)}"
    return sql, list(within.params)


class EntityTables(Database):
    # ---- mentions --------------------------------------------------------------------------

    def spans(self, article_id: str) -> list[Span]:
        """An article's stored mentions, in text order."""
        return [
            Span(
                start=m["start"],
                end=m["end"],
                label=m["label"],
                text=m["text"],
                canonical=m["canonical"],
            )
            for m in self.conn.execute(
                'SELECT start, "end", label, text, canonical FROM mentions '
                "WHERE article_id = ? ORDER BY start",
                (article_id,),
            )
        ]

    def pending_entity_count(self, version: int) -> int:
        """Articles not annotated by the recogniser of this version."""
        row = self.conn.execute(
            f"SELECT count(*) FROM articles WHERE {_PENDING}", (version, version)
        ).fetchone()
        return int(row[0])

    def unannotated_count(self) -> int:
        """Articles no recogniser has annotated yet."""
        row = self.conn.execute("SELECT count(*) FROM articles WHERE entities_version = 0")
        return int(row.fetchone()[0])

    def pending_entity_texts(self, version: int, limit: int) -> list[PendingText]:
        """Up to ``limit`` articles not annotated by this version, in rowid order."""
        return [
            PendingText(r[0], r[1], r[2], r[3], r[4], r[5])
            for r in self.conn.execute(
                "SELECT rowid, id, body, title, byline, caption FROM articles "
                f"WHERE {_PENDING} ORDER BY rowid LIMIT ?",
                (version, version, limit),
            )
        ]

    def stamp_entities(self, version: int, text: PendingText) -> bool:
        """Record that an article was annotated by this version; False (nothing written) when
        its text changed since it was read."""
        return bool(
            self.conn.execute(
                "UPDATE articles SET entities_version = ? WHERE rowid = ? AND body = ? "
                "AND title = ? AND byline = ? AND caption = ?",
                (version, text.rowid, text.body, text.title, text.byline, text.caption),
            ).rowcount
        )

    def replace_mentions(self, article_id: str, rows: Iterable[MentionRow]) -> None:
        """An article's mentions as just found (hidden ones apart); the archive pass is due."""
        for table in _MENTION_TABLES:
            self.conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        self._insert_mentions([r._replace(article_id=article_id) for r in rows])
        self.conn.execute(
            "INSERT OR IGNORE INTO entity_archive_pending (article_id) VALUES (?)", (article_id,)
        )

    def _insert_mentions(self, rows: Sequence[MentionRow]) -> None:
        for hidden in (False, True):
            self.conn.executemany(
                f"INSERT OR REPLACE INTO {_MENTION_TABLES[hidden]} "
                '(article_id, start, "end", label, text, canonical, found, found_label) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [r[:8] for r in rows if r.hidden == hidden],
            )

    def mention_rows(self, article_ids: Sequence[str]) -> dict[str, list[MentionRow]]:
        """Every mention of the given articles, hidden ones too, in text order."""
        found: dict[str, list[MentionRow]] = {i: [] for i in article_ids}
        cursor = self.conn.cursor()
        cursor.row_factory = None  # plain tuples: the archive pass reads every mention
        for start in range(0, len(article_ids), CHUNK):
            chunk = list(article_ids[start : start + CHUNK])
            for hidden, table in enumerate(_MENTION_TABLES):
                for row in cursor.execute(
                    f"SELECT {_ROW_COLUMNS} FROM {table} WHERE article_id IN ({marks(len(chunk))})",
                    chunk,
                ):
                    found[row[0]].append(MentionRow._make((*row, bool(hidden))))
        for rows in found.values():
            rows.sort(key=lambda r: r.start)
        return found

    def mention_rows_named(self, names: Sequence[str]) -> list[MentionRow]:
        """Mentions (hidden ones too) grouped under, found as or written as one of ``names``
        (ignoring case): every mention a correction of those names may change."""
        found: dict[tuple[str, int], MentionRow] = {}
        for start in range(0, len(names), CHUNK):
            chunk = list(names[start : start + CHUNK])
            listed = marks(len(chunk))
            for hidden, table in enumerate(_MENTION_TABLES):
                # One statement per column, each with its index's own condition.
                for column, only in (
                    ("canonical", ""),
                    ("text", " AND text <> canonical COLLATE NOCASE"),
                    ("found", " AND found <> canonical COLLATE NOCASE"),
                ):
                    for row in self.conn.execute(
                        f"SELECT {_ROW_COLUMNS} FROM {table} "
                        f"WHERE {column} COLLATE NOCASE IN ({listed}){only}",
                        chunk,
                    ):
                        mention = _mention_row(row, bool(hidden))
                        found[(mention.article_id, mention.start)] = mention
        return sorted(found.values(), key=lambda r: (r.article_id, r.start))

    def rewrite_mentions(self, rows: Iterable[MentionRow]) -> None:
        """Store mentions again as given: a new name or type, hidden or shown."""
        rows = list(rows)
        for table in _MENTION_TABLES:
            self.conn.executemany(
                f"DELETE FROM {table} WHERE article_id = ? AND start = ?",
                [(r.article_id, r.start) for r in rows],
            )
        self._insert_mentions(rows)

    def requeue_entities(self, article_ids: Iterable[str]) -> None:
        """Mark articles for annotation again."""
        self.conn.executemany(
            "UPDATE articles SET entities_version = 0 WHERE id = ?",
            [(i,) for i in sorted(article_ids)],
        )

    def label_votes(self, names: Sequence[str]) -> dict[str, dict[str, int]]:
        """For each of ``names`` (casefolded key): how many articles give it each type."""
        votes: dict[str, dict[str, int]] = {}
        for start in range(0, len(names), CHUNK):
            chunk = list(names[start : start + CHUNK])
            for name, label, articles in self.conn.execute(
                "SELECT canonical, label, count(DISTINCT article_id) FROM mentions "
                f"WHERE canonical COLLATE NOCASE IN ({marks(len(chunk))}) "
                "GROUP BY canonical, label",
                chunk,
            ):
                tally = votes.setdefault(str(name).casefold(), {})
                tally[label] = tally.get(label, 0) + int(articles)
        return votes

    def mention_tallies(
        self, part: str = "", names: Sequence[str] = (), within: SqlFilter | None = None
    ) -> tuple[dict[str, tuple[int, int]], list[tuple[str, str, int]]]:
        """Per canonical name: (articles, mentions), and (name, label, mentions) per label.
        With ``part``, only names containing it or equal to one of ``names`` (ignoring
        case); with ``within``, only mentions in the articles that query selects."""
        conditions: list[str] = []
        params: list[object] = []
        if part:
            listed = marks(len(names))
            conditions.append(
                f"(instr(lower(canonical), lower(?)) > 0 OR canonical COLLATE NOCASE IN ({listed}))"
            )
            params += [part, *names]
        if within is not None:
            selected, selected_params = _selected(within)
            conditions.append(f"article_id IN ({selected})")
            params += selected_params
        where = " AND ".join(conditions) or "1"
        totals = {
            str(row[0]): (int(row[1]), int(row[2]))
            for row in self.conn.execute(
                "SELECT canonical, count(DISTINCT article_id) AS articles, count(*) AS mentions "
                f"FROM mentions WHERE {where} GROUP BY canonical",
                params,
            )
        }
        votes = [
            (str(row[0]), str(row[1]), int(row[2]))
            for row in self.conn.execute(
                f"SELECT canonical, label, count(*) AS n FROM mentions WHERE {where} "
                "GROUP BY canonical, label",
                params,
            )
        ]
        return totals, votes

    def most_mentioned_names(self, limit: int) -> list[str]:
        """Canonical names, most mentioned first. A grouping over every mention."""
        return [
            str(row[0])
            for row in self.conn.execute(
                "SELECT canonical, count(*) AS uses FROM mentions WHERE canonical != '' "
                "GROUP BY canonical ORDER BY uses DESC, canonical LIMIT ?",
                (limit,),
            )
        ]

    # ---- the user's corrections ------------------------------------------------------------

    def entity_rules(self) -> list[EntityRuleRow]:
        """Every correction, oldest first."""
        return [
            EntityRuleRow(r["kind"], r["name"], r["target"], r["label"], r["created_at"])
            for r in self.conn.execute(
                "SELECT kind, name, target, label, created_at FROM entity_rules ORDER BY id"
            )
        ]

    def entity_rule(self, kind: str, name: str, target: str = "") -> EntityRuleRow | None:
        """The correction of this kind for ``name`` (and, for a split, ``target``)."""
        where, params = _rule_key(kind, name, target)
        row = self.conn.execute(
            f"SELECT kind, name, target, label, created_at FROM entity_rules WHERE {where} "
            "ORDER BY id DESC LIMIT 1",
            params,
        ).fetchone()
        if row is None:
            return None
        return EntityRuleRow(row[0], row[1], row[2], row[3], row[4])

    def put_entity_rule(
        self, kind: str, name: str, *, target: str = "", label: str = "", created_at: str = ""
    ) -> None:
        """Record a correction, replacing one of the same kind for the same name (for a
        split: the same two names)."""
        self.delete_entity_rule(kind, name, target)
        self.conn.execute(
            "INSERT INTO entity_rules (kind, name, target, label, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (kind, name, target, label, created_at or now_iso()),
        )

    def delete_entity_rule(self, kind: str, name: str, target: str = "") -> int:
        """Drop the correction of this kind for ``name`` (ignoring case; for a split, the one
        that keeps it from ``target``); how many went."""
        where, params = _rule_key(kind, name, target)
        return self.conn.execute(f"DELETE FROM entity_rules WHERE {where}", params).rowcount

    # ---- the archive pass ------------------------------------------------------------------

    def archive_pending(self, limit: int | None = None) -> list[str]:
        """The articles (at most ``limit``) whose names the archive pass has not seen."""
        return [
            str(row[0])
            for row in self.conn.execute(
                "SELECT p.article_id FROM entity_archive_pending AS p "
                "JOIN articles AS a ON a.id = p.article_id ORDER BY p.article_id LIMIT ?",
                (-1 if limit is None else limit,),
            )
        ]

    def forget_archive_pending(self, article_ids: Sequence[str]) -> None:
        self.conn.executemany(
            "DELETE FROM entity_archive_pending WHERE article_id = ?", [(i,) for i in article_ids]
        )

    def article_facets(self, article_ids: Sequence[str]) -> dict[str, ArticleFacets]:
        """Source, topics and date of the given articles (those still indexed)."""
        found: dict[str, ArticleFacets] = {}
        for start in range(0, len(article_ids), CHUNK):
            chunk = list(article_ids[start : start + CHUNK])
            for row in self.conn.execute(
                "SELECT a.id, a.source, "
                "(SELECT group_concat(t.value, char(10)) FROM json_each(a.topics) AS t), a.date "
                f"FROM articles AS a WHERE a.id IN ({marks(len(chunk))})",
                chunk,
            ):
                topics = tuple(t for t in str(row[2] or "").split("\n") if t)
                found[str(row[0])] = ArticleFacets(str(row[1]), topics, str(row[3]))
        return found

    def replace_surnames(self, article_ids: Sequence[str], rows: Iterable[SurnameRow]) -> None:
        """The full names the given articles write out, instead of those stored for them."""
        self.conn.executemany(
            "DELETE FROM entity_surnames WHERE article_id = ?", [(i,) for i in article_ids]
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO entity_surnames "
            "(surname, canonical, article_id, source, topics, date) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (r.surname, r.canonical, r.article_id, r.facets.source,
                 "\n".join(r.facets.topics), r.facets.date)
                for r in rows
            ],
        )

    def surname_rows(self, surname: str, low: str = "", high: str = "") -> list[SurnameRow]:
        """Every full name written out with this (casefolded) last word, by article; with
        ``low`` and ``high`` (ISO days), only in articles dated within them."""
        within = " AND substr(date, 1, 10) BETWEEN ? AND ?" if low else ""
        cursor = self.conn.cursor()
        cursor.row_factory = None
        return [
            SurnameRow(
                surname, canonical, article_id,
                ArticleFacets(source, tuple(t for t in topics.split("\n") if t), date),
            )
            for canonical, article_id, source, topics, date in cursor.execute(
                "SELECT canonical, article_id, source, topics, date FROM entity_surnames "
                f"WHERE surname = ?{within}",
                (surname, low, high) if low else (surname,),
            )
        ]

    def surnames_of(self, article_ids: Sequence[str]) -> set[str]:
        """The surnames stored for the given articles."""
        found: set[str] = set()
        for start in range(0, len(article_ids), CHUNK):
            chunk = list(article_ids[start : start + CHUNK])
            found.update(
                str(row[0])
                for row in self.conn.execute(
                    "SELECT DISTINCT surname FROM entity_surnames "
                    f"WHERE article_id IN ({marks(len(chunk))})",
                    chunk,
                )
            )
        return found

    def surname_totals(self, surname: str) -> dict[str, int]:
        """Full names with this last word and how many articles write each out."""
        return {
            str(row[0]): int(row[1])
            for row in self.conn.execute(
                "SELECT canonical, count(*) FROM entity_surnames WHERE surname = ? "
                "GROUP BY canonical",
                (surname,),
            )
        }

    def put_resolution(self, surname: str, found: tuple[str, int, int] | None) -> None:
        """What a surname alone means across the archive: (full name, its articles, the
        others' articles), or None when no full name dominates."""
        if found is None:
            self.conn.execute("DELETE FROM entity_resolutions WHERE name = ?", (surname,))
            return
        self.conn.execute(
            "INSERT OR REPLACE INTO entity_resolutions (name, canonical, evidence, others) "
            "VALUES (?, ?, ?, ?)",
            (surname, *found),
        )

    def archive_groups(self, article_ids: Sequence[str]) -> dict[str, list[ArchiveGroupRow]]:
        """What the archive pass decided for the names of the given articles."""
        found: dict[str, list[ArchiveGroupRow]] = {}
        for start in range(0, len(article_ids), CHUNK):
            chunk = list(article_ids[start : start + CHUNK])
            for row in self.conn.execute(
                "SELECT article_id, name, canonical, label, evidence, others "
                f"FROM entity_archive_groups WHERE article_id IN ({marks(len(chunk))})",
                chunk,
            ):
                found.setdefault(str(row[0]), []).append(
                    ArchiveGroupRow(str(row[1]), str(row[2]), str(row[3]), int(row[4]),
                                    int(row[5]))
                )
        return found

    def replace_archive_groups(self, groups: Mapping[str, Sequence[ArchiveGroupRow]]) -> None:
        """The archive pass's decisions for these articles, instead of the stored ones."""
        self.conn.executemany(
            "DELETE FROM entity_archive_groups WHERE article_id = ?", [(i,) for i in groups]
        )
        self.conn.executemany(
            "INSERT OR REPLACE INTO entity_archive_groups "
            "(article_id, name, canonical, label, evidence, others) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (article_id, g.name, g.canonical, g.label, g.evidence, g.others)
                for article_id, rows in groups.items()
                for g in rows
            ],
        )


def _rule_key(kind: str, name: str, target: str) -> tuple[str, list[str]]:
    if kind == "split":
        return (
            "kind = ? AND name = ? COLLATE NOCASE AND target = ? COLLATE NOCASE",
            [kind, name, target],
        )
    return "kind = ? AND name = ? COLLATE NOCASE", [kind, name]
