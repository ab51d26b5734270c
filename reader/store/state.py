"""Tables ``state`` (read and starred) and ``journal`` (the undo history of user changes).

Plain reads and writes; what a batch is, how undo and redo walk the journal and how long it is
kept is decided in :mod:`reader.tags`.

A journal batch is *deliberate* (a tag, a star, a read mark set by hand, a bulk change) or
*incidental* (``incidental = 1``: the read mark opening an article sets). ``undone`` is 0 for a
batch in effect, else the order in which batches were undone (1, 2, 3…), so the last one undone
is known even when undo took a deliberate batch older than incidental ones.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from reader.store.database import CHUNK, Database, marks, now_iso

__all__ = ["FLAGS", "ArticleState", "JournalEntry", "Rekeyed", "StateTables"]

FLAGS = ("read", "starred")


@dataclass(frozen=True, slots=True)
class ArticleState:
    article_id: str
    read: bool
    starred: bool
    read_at: str
    starred_at: str


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One changed fact: ``before`` and ``after`` are JSON text (None = absent)."""

    kind: str  # 'tag' | 'read' | 'starred' | 'entity' (a name correction: reader.entities)
    article_id: str
    name: str  # the tag, for kind 'tag'
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class Rekeyed:
    """A story that took a new id (its file gave it a new title) and whose data was carried
    to the new id. ``kept`` names the facts (kind, tag or '') the new id kept its own value
    for: their journal rows stay with the old id, so undoing them never takes away a mark the
    new id had of its own."""

    old_id: str
    new_id: str
    kept: tuple[tuple[str, str], ...] = ()


def _flag(flag: str) -> str:
    if flag not in FLAGS:
        raise ValueError(flag)
    return flag


class StateTables(Database):
    # ---- read and starred ------------------------------------------------------------------

    def set_flag(self, article_ids: Sequence[str], flag: str, value: bool) -> None:
        """Set ``read`` or ``starred`` without journalling (reader.tags has the undoable one)."""
        column = _flag(flag)
        stamp = now_iso() if value else ""
        self.conn.executemany(
            f"INSERT INTO state (article_id, {column}, {column}_at) VALUES (?, ?, ?) "
            f"ON CONFLICT (article_id) DO UPDATE SET {column} = excluded.{column}, "
            f"{column}_at = excluded.{column}_at",
            [(i, int(value), stamp) for i in article_ids],
        )

    def put_flag(self, article_id: str, flag: str, on: bool, at: str) -> None:
        """Set one article's ``read`` or ``starred`` flag and the time it was set."""
        column = _flag(flag)
        self.conn.execute(
            f"INSERT INTO state (article_id, {column}, {column}_at) VALUES (?, ?, ?) "
            f"ON CONFLICT (article_id) DO UPDATE SET {column} = excluded.{column}, "
            f"{column}_at = excluded.{column}_at",
            (article_id, int(on), at),
        )

    def put_flags(self, flag: str, values: Sequence[tuple[str, bool, str]]) -> None:
        """``put_flag`` for many articles at once: (article id, on, when) each."""
        column = _flag(flag)
        self.conn.executemany(
            f"INSERT INTO state (article_id, {column}, {column}_at) VALUES (?, ?, ?) "
            f"ON CONFLICT (article_id) DO UPDATE SET {column} = excluded.{column}, "
            f"{column}_at = excluded.{column}_at",
            [(article_id, int(on), at) for article_id, on, at in values],
        )

    def flags(self, article_ids: Sequence[str], flag: str) -> dict[str, tuple[bool, str]]:
        """A flag and when it was set, for the given articles that have a state row."""
        column = _flag(flag)
        found: dict[str, tuple[bool, str]] = {}
        for start in range(0, len(article_ids), CHUNK):
            chunk = list(article_ids[start : start + CHUNK])
            for row in self.conn.execute(
                f"SELECT article_id, {column}, {column}_at FROM state "
                f"WHERE article_id IN ({marks(len(chunk))})",
                chunk,
            ):
                found[row[0]] = (bool(row[1]), str(row[2]))
        return found

    def every_state(self) -> list[ArticleState]:
        """Every article's flags, indexed article or not."""
        return [
            ArticleState(r[0], bool(r[1]), bool(r[2]), str(r[3]), str(r[4]))
            for r in self.conn.execute(
                "SELECT article_id, read, starred, read_at, starred_at FROM state"
            )
        ]

    # ---- the journal -----------------------------------------------------------------------

    def forget_undone(self) -> None:
        """Drop the batches that were undone (the redo branch)."""
        # Without DISTINCT: the planner then reads journal_undone (the undone rows only)
        # instead of walking every row by batch (15 ms with a catch-up in the history).
        self.conn.execute(
            "DELETE FROM journal_batches WHERE batch IN "
            "(SELECT batch FROM journal WHERE undone > 0)"
        )
        self.conn.execute("DELETE FROM journal WHERE undone > 0")

    def next_batch(self) -> int:
        # Both tables: a journal emptied by hand leaves its batch numbers behind.
        row = self.conn.execute(
            "SELECT max(coalesce((SELECT max(batch) FROM journal), 0), "
            "coalesce((SELECT max(batch) FROM journal_batches), 0)) + 1"
        ).fetchone()
        return int(row[0])

    def append_journal(
        self,
        batch: int,
        at: str,
        entries: Sequence[JournalEntry],
        *,
        incidental: bool = False,
    ) -> None:
        self.conn.executemany(
            "INSERT INTO journal (batch, at, kind, article_id, name, before, after, incidental) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (batch, at, e.kind, e.article_id, e.name, e.before, e.after, int(incidental))
                for e in entries
            ],
        )
        self.conn.execute(
            "INSERT OR REPLACE INTO journal_batches (batch, incidental) VALUES (?, ?)",
            (batch, int(incidental)),
        )

    def forget_old_batches(self, keep: int, *, incidental: bool) -> None:
        """Keep only the newest ``keep`` batches of one kind (deliberate or incidental): a
        thousand articles opened never push a deliberate change out of the history. The cut
        is found in journal_batches (0.2 ms; counting the batches in the journal's rows took
        22 ms once a catch-up of 100,000 articles was among them)."""
        row = self.conn.execute(
            "SELECT batch FROM journal_batches WHERE incidental = ? "
            "ORDER BY batch DESC LIMIT 1 OFFSET ?",
            (int(incidental), keep),
        ).fetchone()
        if row is None:
            return
        cut = int(row[0])  # the newest batch to forget
        self.conn.execute(
            "DELETE FROM journal WHERE incidental = ? AND batch <= ?", (int(incidental), cut)
        )
        self.conn.execute(
            "DELETE FROM journal_batches WHERE incidental = ? AND batch <= ?",
            (int(incidental), cut),
        )

    def batch_to_undo(self, *, incidental: bool = False) -> int | None:
        """The newest batch of the kind that is not undone."""
        row = self.conn.execute(
            "SELECT max(batch) FROM journal WHERE incidental = ? AND undone = 0",
            (int(incidental),),
        ).fetchone()
        return None if row is None or row[0] is None else int(row[0])

    def batch_to_redo(self) -> int | None:
        """The batch undone last."""
        row = self.conn.execute(
            "SELECT batch FROM journal WHERE undone > 0 ORDER BY undone DESC LIMIT 1"
        ).fetchone()
        return None if row is None else int(row[0])

    def journal_batch(self, batch: int) -> list[JournalEntry]:
        return [
            JournalEntry(r["kind"], r["article_id"], r["name"], r["before"], r["after"])
            for r in self.conn.execute(
                "SELECT kind, article_id, name, before, after FROM journal "
                "WHERE batch = ? ORDER BY id",
                (batch,),
            )
        ]

    def follow_rekeyed(self, rekeyed: Sequence[Rekeyed]) -> int:
        """Point the journal's rows about stories that took a new id at the new id, so undo
        and redo act on the article the reader sees. Returns the rows changed.

        One statement for a whole batch of files: the journal has no index by article (one
        would make recording a catch-up of 100,000 articles 1.7-1.9 times as slow), so each
        statement reads all of it (300,000 rows: 32 ms for one story, 96 ms for 200)."""
        if not rekeyed:
            return 0
        moves = json.dumps([[r.old_id, r.new_id] for r in rekeyed])
        kept = json.dumps([[r.old_id, kind, name] for r in rekeyed for kind, name in r.kept])
        self.conn.execute(
            """
            WITH moves (old, new) AS (
                SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]')
                FROM json_each(?)),
            kept (old, kind, name) AS (
                SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'),
                       json_extract(value, '$[2]')
                FROM json_each(?))
            UPDATE journal SET article_id = (SELECT new FROM moves WHERE old = journal.article_id)
            WHERE article_id IN (SELECT old FROM moves)
              AND (article_id, kind, name) NOT IN (SELECT old, kind, name FROM kept)
            """,
            (moves, kept),
        )
        # A statement opening with WITH reports no rowcount.
        return int(self.conn.execute("SELECT changes()").fetchone()[0])

    def mark_batch(self, batch: int, *, undone: bool) -> None:
        """Mark a batch undone (the last so far) or in effect again."""
        if undone:
            self.conn.execute(
                "UPDATE journal SET undone = (SELECT coalesce(max(undone), 0) + 1 FROM journal) "
                "WHERE batch = ?",
                (batch,),
            )
        else:
            self.conn.execute("UPDATE journal SET undone = 0 WHERE batch = ?", (batch,))
