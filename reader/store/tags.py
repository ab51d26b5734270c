"""Tables ``tags`` and ``tag_tombstones``: tags with their origin, and tags removed on purpose.

Plain reads and writes; the rules (journalled undo, origin ranks, what rules may touch) live in
:mod:`reader.tags` and :mod:`reader.topics.rules`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.store.database import CHUNK, Database, marks, now_iso

__all__ = ["TagRow", "TagTables", "normalise_tag"]


def normalise_tag(tag: str) -> str:
    """Tags are lower-case words joined by dashes: "Ukraine war" -> "ukraine-war"."""
    return "-".join(tag.strip().lstrip("+").casefold().split())


@dataclass(frozen=True, slots=True)
class TagRow:
    tag: str
    origin: str
    created_at: str


class TagTables(Database):
    def tags(self, article_id: str) -> list[TagRow]:
        return [
            TagRow(tag=r["tag"], origin=r["origin"], created_at=r["created_at"])
            for r in self.conn.execute(
                "SELECT tag, origin, created_at FROM tags WHERE article_id = ? ORDER BY tag",
                (article_id,),
            )
        ]

    def removed_tags(self, article_id: str) -> list[str]:
        """The tags the user took off this article on purpose."""
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT tag FROM tag_tombstones WHERE article_id = ? ORDER BY tag", (article_id,)
            )
        ]

    def replace_source_tags(self, article_id: str, topics: Iterable[str]) -> None:
        """The source's own topics become tags with origin 'source'; never touches other origins
        and never revives a tag the user removed."""
        self.conn.execute(
            "DELETE FROM tags WHERE article_id = ? AND origin = 'source'", (article_id,)
        )
        stamp = now_iso()
        self.conn.executemany(
            "INSERT OR IGNORE INTO tags (article_id, tag, origin, created_at) "
            "SELECT ?, ?, 'source', ? WHERE NOT EXISTS "
            "(SELECT 1 FROM tag_tombstones WHERE article_id = ? AND tag = ?)",
            [(article_id, t, stamp, article_id, t) for t in dict.fromkeys(topics) if t],
        )

    # ---- one tag on one article ------------------------------------------------------------

    def put_tag(self, article_id: str, tag: str, origin: str, at: str) -> None:
        """Tag an article (replacing the origin and time it had); a tombstone goes."""
        self.conn.execute(
            "DELETE FROM tag_tombstones WHERE article_id = ? AND tag = ?", (article_id, tag)
        )
        self.conn.execute(
            "INSERT INTO tags (article_id, tag, origin, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (article_id, tag) DO UPDATE SET origin = excluded.origin, "
            "created_at = excluded.created_at",
            (article_id, tag, origin, at),
        )

    def drop_tag(self, article_id: str, tag: str, removed_at: str | None) -> None:
        """Take a tag off; with ``removed_at`` a tombstone records it, else none is left."""
        self.conn.execute("DELETE FROM tags WHERE article_id = ? AND tag = ?", (article_id, tag))
        if removed_at is None:
            self.conn.execute(
                "DELETE FROM tag_tombstones WHERE article_id = ? AND tag = ?", (article_id, tag)
            )
        else:
            self.conn.execute(
                "INSERT OR REPLACE INTO tag_tombstones (article_id, tag, removed_at) "
                "VALUES (?, ?, ?)",
                (article_id, tag, removed_at),
            )

    # ---- one tag on many articles ----------------------------------------------------------

    def tag_on(
        self, tag: str, article_ids: Sequence[str]
    ) -> tuple[dict[str, TagRow], dict[str, str]]:
        """Where one tag stands on the given articles: its rows by article id, and the times it
        was removed on purpose by article id."""
        tagged: dict[str, TagRow] = {}
        tombs: dict[str, str] = {}
        if len(article_ids) > 4 * CHUNK:  # many articles: one indexed scan of the tag wins
            wanted = set(article_ids)
            for row in self.conn.execute(
                "SELECT article_id, origin, created_at FROM tags WHERE tag = ?", (tag,)
            ):
                if row[0] in wanted:
                    tagged[row[0]] = TagRow(tag, row[1], row[2])
            for row in self.conn.execute(
                "SELECT article_id, removed_at FROM tag_tombstones WHERE tag = ?", (tag,)
            ):
                if row[0] in wanted:
                    tombs[row[0]] = row[1]
            return tagged, tombs
        for start in range(0, len(article_ids), CHUNK):
            chunk = article_ids[start : start + CHUNK]
            places = marks(len(chunk))
            for row in self.conn.execute(
                "SELECT article_id, origin, created_at FROM tags "
                f"WHERE tag = ? AND article_id IN ({places})",
                (tag, *chunk),
            ):
                tagged[row[0]] = TagRow(tag, row[1], row[2])
            for row in self.conn.execute(
                f"SELECT article_id, removed_at FROM tag_tombstones "
                f"WHERE tag = ? AND article_id IN ({places})",
                (tag, *chunk),
            ):
                tombs[row[0]] = row[1]
        return tagged, tombs

    def add_tag_where_absent(
        self, tag: str, article_ids: Sequence[str], origin: str, at: str
    ) -> None:
        """Give ``tag`` to the articles; one that has it already keeps what it has."""
        self.conn.executemany(
            "INSERT OR IGNORE INTO tags (article_id, tag, origin, created_at) VALUES (?, ?, ?, ?)",
            [(i, tag, origin, at) for i in article_ids],
        )

    def change_origin(
        self, tag: str, article_ids: Sequence[str], before: str, after: str, at: str
    ) -> None:
        """The tag, where it has origin ``before`` on these articles, takes origin ``after``."""
        self.conn.executemany(
            "UPDATE tags SET origin = ?, created_at = ? "
            "WHERE article_id = ? AND tag = ? AND origin = ?",
            [(after, at, i, tag, before) for i in article_ids],
        )

    def tagged_with_origin(self, origin: str) -> list[tuple[str, str]]:
        """(article id, tag) of every tag with this origin."""
        return [
            (str(row[0]), str(row[1]))
            for row in self.conn.execute(
                "SELECT article_id, tag FROM tags WHERE origin = ?", (origin,)
            )
        ]

    def remove_with_origin(self, origin: str, pairs: Sequence[tuple[str, str]]) -> None:
        """Take off the given (article id, tag) pairs where the tag has this origin."""
        self.conn.executemany(
            "DELETE FROM tags WHERE article_id = ? AND tag = ? AND origin = ?",
            [(article_id, tag, origin) for article_id, tag in pairs],
        )

    # ---- the archive's tags ----------------------------------------------------------------

    def tag_origin_counts(self) -> list[tuple[str, str, int]]:
        """(tag, origin, articles) for the tags of indexed articles."""
        return [
            (str(row[0]), str(row[1]), int(row[2]))
            for row in self.conn.execute(
                "SELECT tag, origin, count(*) FROM tags "
                "WHERE article_id IN (SELECT id FROM articles) GROUP BY tag, origin"
            )
        ]

    def tag_names(self) -> list[str]:
        """Every tag name in use, sorted."""
        return [str(r[0]) for r in self.conn.execute("SELECT DISTINCT tag FROM tags ORDER BY tag")]

    def most_used_tags(self, limit: int) -> list[tuple[str, int, bool]]:
        """(tag, articles, whether anyone but the sites set it) for the ``limit`` tags of
        indexed articles used most, from one grouped query over the tags table."""
        return [
            (str(tag), int(uses), bool(own))
            for tag, uses, own in self.conn.execute(
                "SELECT tag, count(*) AS uses, max(origin != 'source') FROM tags "
                "WHERE article_id IN (SELECT id FROM articles) "
                "GROUP BY tag ORDER BY uses DESC, tag LIMIT ?",
                (limit,),
            )
        ]

    def every_tag(self) -> list[tuple[str, TagRow]]:
        """(article id, tag) for every tag, indexed article or not."""
        return [
            (str(r[0]), TagRow(r[1], r[2], r[3]))
            for r in self.conn.execute("SELECT article_id, tag, origin, created_at FROM tags")
        ]

    def every_tombstone(self) -> list[tuple[str, str, str]]:
        """(article id, tag, removed at) for every tag removed on purpose."""
        return [
            (str(r[0]), str(r[1]), str(r[2]))
            for r in self.conn.execute("SELECT article_id, tag, removed_at FROM tag_tombstones")
        ]
