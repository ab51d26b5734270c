"""Tables ``mentions`` (the names found in each article) and ``entity_rules`` (the user's
corrections: aliases, hidden names, type corrections).

Plain reads and writes; recognising, grouping and applying corrections live in
:mod:`reader.entities`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.model import Span
from reader.store.database import Database, now_iso

__all__ = ["EntityRuleRow", "EntityTables", "PendingText"]


@dataclass(frozen=True, slots=True)
class EntityRuleRow:
    kind: str  # 'alias' | 'hide' | 'label'
    name: str
    target: str
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


# Any other version (older, or another recogniser's) is stale; written as two ranges so the
# articles_pending_entities index serves it.
_PENDING = "(entities_version < ? OR entities_version > ?)"


def _named(canonicals: Sequence[str], texts: Sequence[str]) -> tuple[str, list[str]]:
    """A condition on mentions: the canonical name is one of ``canonicals`` or the text as
    written one of ``texts``, ignoring case."""
    clauses = ["canonical = ? COLLATE NOCASE"] * len(canonicals)
    clauses += ["text = ? COLLATE NOCASE"] * len(texts)
    return " OR ".join(clauses) or "0", [*canonicals, *texts]


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

    def replace_mentions(self, article_id: str, spans: Iterable[Span]) -> None:
        self.conn.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
        self.conn.executemany(
            'INSERT OR REPLACE INTO mentions (article_id, start, "end", label, text, '
            "canonical) VALUES (?, ?, ?, ?, ?, ?)",
            [(article_id, s.start, s.end, s.label, s.text, s.canonical) for s in spans],
        )

    def mentions_named(
        self, canonicals: Sequence[str], texts: Sequence[str] = ()
    ) -> list[tuple[str, Span]]:
        """(article id, mention) for mentions grouped under one of ``canonicals`` or written
        as one of ``texts`` (ignoring case)."""
        where, params = _named(canonicals, texts)
        return [
            (r["article_id"], Span(r["start"], r["end"], r["label"], r["text"], r["canonical"]))
            for r in self.conn.execute(
                f'SELECT article_id, start, "end", label, text, canonical FROM mentions '
                f"WHERE {where}",
                params,
            ).fetchall()
        ]

    def articles_mentioning(self, canonicals: Sequence[str]) -> set[str]:
        where, params = _named(canonicals, ())
        return {
            str(r[0])
            for r in self.conn.execute(f"SELECT article_id FROM mentions WHERE {where}", params)
        }

    def delete_mention(self, article_id: str, start: int) -> None:
        self.conn.execute(
            "DELETE FROM mentions WHERE article_id = ? AND start = ?", (article_id, start)
        )

    def rename_mention(self, article_id: str, start: int, canonical: str, label: str) -> None:
        self.conn.execute(
            "UPDATE mentions SET canonical = ?, label = ? WHERE article_id = ? AND start = ?",
            (canonical, label, article_id, start),
        )

    def articles_containing(self, name: str) -> set[str]:
        """Articles whose body, title, byline or caption contains ``name`` (ignoring case)."""
        return {
            str(row[0])
            for row in self.conn.execute(
                "SELECT id FROM articles WHERE instr(lower(body), lower(:n)) > 0 "
                "OR instr(lower(title), lower(:n)) > 0 OR instr(lower(byline), lower(:n)) > 0 "
                "OR instr(lower(caption), lower(:n)) > 0",
                {"n": name},
            )
        }

    def requeue_entities(self, article_ids: Iterable[str]) -> None:
        """Mark articles for annotation again."""
        self.conn.executemany(
            "UPDATE articles SET entities_version = 0 WHERE id = ?",
            [(i,) for i in sorted(article_ids)],
        )

    def mention_tallies(
        self, part: str = "", names: Sequence[str] = ()
    ) -> tuple[dict[str, tuple[int, int]], list[tuple[str, str, int]]]:
        """Per canonical name: (articles, mentions), and (name, label, mentions) per label.
        With ``part``, only names containing it or equal to one of ``names`` (ignoring
        case)."""
        where = "1"
        params: list[str] = []
        if part:
            listed = ",".join("?" * len(names))
            where = (
                f"(instr(lower(canonical), lower(?)) > 0 OR canonical COLLATE NOCASE IN ({listed}))"
            )
            params = [part, *names]
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

    def put_entity_rule(self, kind: str, name: str, *, target: str = "", label: str = "") -> None:
        """Record a correction, replacing one of the same kind for the same name."""
        self.delete_entity_rule(kind, name)
        self.conn.execute(
            "INSERT INTO entity_rules (kind, name, target, label, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (kind, name, target, label, now_iso()),
        )

    def delete_entity_rule(self, kind: str, name: str) -> int:
        """Drop the correction of this kind for ``name`` (ignoring case); how many went."""
        return self.conn.execute(
            "DELETE FROM entity_rules WHERE kind = ? AND name = ? COLLATE NOCASE", (kind, name)
        ).rowcount
