"""Tables ``articles`` (with its FTS5 full-text index, kept by triggers) and ``locations`` (the
files each article was found in)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reader.model import ORIGIN_RANK, Article, Block, Related, Span
from reader.store.database import Database, now_iso
from reader.store.entities import EntityTables, PendingText
from reader.store.state import FLAGS, Rekeyed
from reader.store.tags import TagRow, TagTables

__all__ = ["ArticleRecord", "ArticleTables", "StoredArticle", "article_record"]

# Tags nobody chose by hand: a tag the reader removed on purpose wins over them.
_AUTOMATIC = ("source", "rule")

# Not annotated by the recogniser of this version (older, or another recogniser's): two ranges,
# so the articles_pending_entities index serves it.
_NOT_NAMED = "(entities_version < ? OR entities_version > ?)"


@dataclass(slots=True)
class StoredArticle:
    """An article as the store knows it: the cleaned article plus identity and user state."""

    id: str
    article: Article
    paths: list[str] = field(default_factory=list)
    tags: list[TagRow] = field(default_factory=list)
    read: bool = False
    starred: bool = False
    spans: list[Span] = field(default_factory=list)
    missing: bool = False  # every file it was found in has vanished
    removed_tags: list[str] = field(default_factory=list)  # tags the user took off on purpose

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape documented in the README (``reader show --json``)."""
        a = self.article
        return {
            "id": self.id,
            "title": a.title,
            "byline": a.byline,
            "date": a.date,
            "source": a.source,
            "url": a.url,
            "language": a.language,
            "caption": a.caption,
            "topics": list(a.topics),
            "tags": [t.tag for t in self.tags],
            "tag_origins": {t.tag: t.origin for t in self.tags},
            "read": self.read,
            "starred": self.starred,
            "paths": list(self.paths),
            "missing": self.missing,
            "body": a.body,
            "blocks": [b.to_json() for b in a.blocks],
            "related": [r.to_json() for r in a.related],
            "entities": [s.to_json() for s in self.spans],
        }


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """An article as the articles table stores it (id, column values), made before a write
    transaction: JSON and word counts are work no other writer should wait for."""

    id: str
    values: tuple[str | int, ...]  # title .. words, in put_article's column order
    text: tuple[str, str, str, str]  # body, title, byline, caption: where names are found


def article_record(article: Article) -> ArticleRecord:
    body = article.body
    values = (
        article.title,
        article.byline,
        article.date,
        article.source,
        article.url,
        article.language,
        article.caption,
        body,
        json.dumps([b.to_json() for b in article.blocks], ensure_ascii=False),
        json.dumps([r.to_json() for r in article.related], ensure_ascii=False),
        json.dumps(article.topics, ensure_ascii=False),
        len(body.split()),
    )
    return ArticleRecord(article.fingerprint, values,
                         (body, article.title, article.byline, article.caption))


class ArticleTables(TagTables, EntityTables, Database):
    """Articles and where they were found; reading one whole article also reads its tags,
    state and mentions."""

    def put_article(
        self, article: Article | ArticleRecord, file_id: int, position: int
    ) -> str:
        """Insert or refresh an article and record where it was found. Returns its id.

        Given an :func:`article_record` made beforehand, the write does no more than write."""
        record = article if isinstance(article, ArticleRecord) else article_record(article)
        stamp = now_iso()
        # Most articles of an import are new: try the insert first, and read the stored row
        # only when the article was there already.
        inserted = self.conn.execute(
            """
            INSERT INTO articles (title, byline, date, source, url, language, caption, body,
                                  blocks, related, topics, words, id, added_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO NOTHING
            """,
            (*record.values, record.id, stamp, stamp),
        ).rowcount
        if not inserted:
            existing = self.conn.execute(
                "SELECT body, title, byline, caption FROM articles WHERE id = ?", (record.id,)
            ).fetchone()
            # Names are found in the body, title, byline and caption: any of them changing
            # means the article is read for names again.
            text_changed = tuple(existing) != record.text
            self.conn.execute(
                """
                UPDATE articles SET title = ?, byline = ?, date = ?, source = ?, url = ?,
                    language = ?, caption = ?, body = ?, blocks = ?, related = ?, topics = ?,
                    words = ?, updated_at = ?,
                    entities_version = CASE WHEN ? THEN 0 ELSE entities_version END
                WHERE id = ?
                """,
                (*record.values, stamp, text_changed, record.id),
            )
            if text_changed:
                self.conn.execute("DELETE FROM mentions WHERE article_id = ?", (record.id,))
        self.conn.execute(
            "INSERT OR REPLACE INTO locations (article_id, file_id, position) VALUES (?, ?, ?)",
            (record.id, file_id, position),
        )
        return record.id

    def clear_locations(self, file_id: int) -> None:
        self.conn.execute("DELETE FROM locations WHERE file_id = ?", (file_id,))

    def file_articles(self, file_id: int) -> dict[int, str]:
        """The articles a file held when last read, by their position in it."""
        return {
            int(row[0]): str(row[1])
            for row in self.conn.execute(
                "SELECT position, article_id FROM locations WHERE file_id = ? ORDER BY position",
                (file_id,),
            )
        }

    def carry_to_new_ids(
        self, earlier: Mapping[int, str], written: Sequence[str]
    ) -> list[Rekeyed]:
        """A file read again whose story took a new id (a new title, day or source without a
        URL): the reader's data on the old id goes to the new one, merged with what the new id
        has. Call after the file's articles are written (``earlier`` from
        :meth:`file_articles` before). Returns the stories whose data moved, for
        :meth:`~reader.store.state.StateTables.follow_rekeyed`.

        The story at a position is the same story under a new id when the old id is now held
        by no location (saved twice, the other copy keeps it and nothing moves) and the new id
        is not one the file held before (in a file of many articles, one that moved up a place
        is not a new id of the one it replaced). A story that took a new id and also moved
        within the file is found by its text: the one old story and the one new story of the
        file with the same body."""
        held_before = set(earlier.values())
        rekeyed: list[Rekeyed] = []
        carried: dict[str, str] = {}  # old id -> new id

        def carry(old_id: str, new_id: str) -> None:
            carried[old_id] = new_id
            moved = self._carry_user_data(old_id, new_id)
            if moved is not None:
                rekeyed.append(moved)

        for position, new_id in enumerate(written):
            old_id = earlier.get(position)
            if old_id is None or old_id in carried or new_id in held_before:
                continue
            if not self._held(old_id):
                carry(old_id, new_id)
        taken = set(carried.values())
        old_left = [
            i for i in dict.fromkeys(earlier.values())
            if i not in carried and i not in written and not self._held(i)
        ]
        new_left = [i for i in dict.fromkeys(written) if i not in held_before and i not in taken]
        if old_left and new_left:
            for old_id, new_id in self._same_bodies(old_left, new_left):
                carry(old_id, new_id)
        return rekeyed

    def _held(self, article_id: str) -> bool:
        """Some file holds the article."""
        return (
            self.conn.execute(
                "SELECT 1 FROM locations WHERE article_id = ? LIMIT 1", (article_id,)
            ).fetchone()
            is not None
        )

    def _same_bodies(
        self, old_ids: Sequence[str], new_ids: Sequence[str]
    ) -> list[tuple[str, str]]:
        """Pairs of an old and a new article with the same non-empty body, where that body
        belongs to exactly one of each (two stories sharing a text are not told apart)."""
        bodies: dict[str, tuple[list[str], list[str]]] = {}
        for side, ids in ((0, old_ids), (1, new_ids)):
            for article_id, body in self.conn.execute(
                "SELECT id, body FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(list(ids)),),
            ):
                if body and body.strip():
                    bodies.setdefault(body, ([], []))[side].append(str(article_id))
        return [
            (olds[0], news[0])
            for olds, news in bodies.values()
            if len(olds) == 1 and len(news) == 1
        ]

    def _carry_user_data(self, old_id: str, new_id: str) -> Rekeyed | None:
        """Move tags (origin and time kept), removed tags, read and starred marks and
        dismissed suggestions from ``old_id`` to ``new_id``. Where the new id has a value of
        its own the person's word wins: a tag with a higher origin, a removed tag over one the
        site or a rule gave, a mark set over one not set; on a tie the new id keeps its own and
        the old id keeps what did not move (kept by id, as for any article no file holds). The
        source's own topics do not move: the new id has the file's topics already.

        None when the old id holds nothing of the reader's (most new titles: a first run's
        files read again once site chrome is learned), so its journal need not be searched."""
        kept: list[tuple[str, str]] = []
        old_tags = {r.tag: r for r in self.tags(old_id) if r.origin != "source"}
        old_removed = self._removed_at(old_id)
        if not old_tags and not old_removed and not self._holds_state(old_id):
            return None
        new_tags = {r.tag: r for r in self.tags(new_id)}
        new_removed = self._removed_at(new_id)
        for tag in sorted(new_tags.keys() | new_removed.keys()):
            row = new_tags.get(tag)
            own = tag in new_removed or (row is not None and row.origin not in _AUTOMATIC)
            if not own:
                continue  # nothing of the person's on the new id: the old id's word goes
            ours = old_tags.get(tag)
            outranked = (
                row is not None and ours is not None
                and ORIGIN_RANK[ours.origin] > ORIGIN_RANK[row.origin]
            )
            if not outranked:
                kept.append(("tag", tag))
        kept_tags = {name for _, name in kept}
        for tag, ours in old_tags.items():
            if tag not in kept_tags and (
                tag not in new_tags or ORIGIN_RANK[ours.origin] > ORIGIN_RANK[new_tags[tag].origin]
            ):
                self.put_tag(new_id, tag, ours.origin, ours.created_at)
                self.drop_tag(old_id, tag, None)
        for tag, removed_at in old_removed.items():
            if tag not in kept_tags:
                self.drop_tag(new_id, tag, removed_at)  # a tag the site or a rule gave goes too
                self.drop_tag(old_id, tag, None)
        kept += self._carry_flags(old_id, new_id)
        self.conn.execute(
            "INSERT OR IGNORE INTO suggestion_rejections (article_id, tag, rejected_at) "
            "SELECT ?, tag, rejected_at FROM suggestion_rejections WHERE article_id = ?",
            (new_id, old_id),
        )
        self.conn.execute("DELETE FROM suggestion_rejections WHERE article_id = ?", (old_id,))
        return Rekeyed(old_id, new_id, tuple(kept))

    def _holds_state(self, article_id: str) -> bool:
        """Whether the reader marked or dismissed anything on the article (a mark taken off
        leaves its row, so a journalled read or star shows here)."""
        return (
            self.conn.execute(
                "SELECT 1 FROM state WHERE article_id = ? UNION ALL "
                "SELECT 1 FROM suggestion_rejections WHERE article_id = ? LIMIT 1",
                (article_id, article_id),
            ).fetchone()
            is not None
        )

    def _removed_at(self, article_id: str) -> dict[str, str]:
        return {
            str(r[0]): str(r[1])
            for r in self.conn.execute(
                "SELECT tag, removed_at FROM tag_tombstones WHERE article_id = ?", (article_id,)
            )
        }

    def _carry_flags(self, old_id: str, new_id: str) -> list[tuple[str, str]]:
        """Read and starred: a mark set on either id is set on the new one (with the time it
        was set there). Returns the flags the new id had set already (kept)."""
        old = self.conn.execute(
            "SELECT read, starred, read_at, starred_at FROM state WHERE article_id = ?",
            (old_id,),
        ).fetchone()
        new = self.conn.execute(
            "SELECT read, starred FROM state WHERE article_id = ?", (new_id,)
        ).fetchone()
        kept = [(flag, "") for flag in FLAGS if new is not None and new[flag]]
        if old is None:
            return kept
        for flag in FLAGS:
            if old[flag] and (flag, "") not in kept:
                self.conn.execute(
                    f"INSERT INTO state (article_id, {flag}, {flag}_at) VALUES (?, 1, ?) "
                    f"ON CONFLICT (article_id) DO UPDATE SET {flag} = 1, "
                    f"{flag}_at = excluded.{flag}_at",
                    (new_id, old[f"{flag}_at"]),
                )
                self.conn.execute(
                    f"UPDATE state SET {flag} = 0, {flag}_at = '' WHERE article_id = ?",
                    (old_id,),
                )
        self.conn.execute(
            "DELETE FROM state WHERE article_id = ? AND NOT read AND NOT starred", (old_id,)
        )
        return kept

    def drop_orphans_among(self, article_ids: Iterable[str]) -> int:
        """Remove those of the given articles no file mentions any more (a file read again
        whose story changed its title): the index never keeps both. What the reader made moved
        to the new id first (:meth:`carry_to_new_ids`); anything else is kept by id."""
        ids = sorted(article_ids)
        if not ids:
            return 0
        return self.conn.execute(
            "DELETE FROM articles WHERE id IN (SELECT value FROM json_each(?)) "
            "AND NOT EXISTS (SELECT 1 FROM locations WHERE article_id = articles.id)",
            (json.dumps(ids),),
        ).rowcount

    def drop_orphans(self) -> int:
        """Remove articles no file mentions any more (tags and state are kept by id)."""
        cursor = self.conn.execute(
            "DELETE FROM articles WHERE id NOT IN (SELECT article_id FROM locations)"
        )
        return cursor.rowcount

    # ---- text for names (recognition runs in worker processes, by rowid) ----------------------

    def rowids_for_names(self, version: int) -> list[int]:
        """Articles the recogniser of this version has not annotated, newest first (the top of
        the list gets its names first)."""
        cursor = self.conn.cursor()
        cursor.row_factory = None
        return [
            int(row[0])
            for row in cursor.execute(
                f"SELECT rowid FROM articles WHERE {_NOT_NAMED} ORDER BY date DESC, rowid DESC",
                (version, version),
            )
        ]

    def texts_for_names(self, version: int, rowids: Sequence[int]) -> list[PendingText]:
        """The text fields of those of ``rowids`` still not annotated by this version."""
        return [
            PendingText(r[0], r[1], r[2], r[3], r[4], r[5])
            for r in self.conn.execute(
                "SELECT rowid, id, body, title, byline, caption FROM articles "
                f"WHERE rowid IN (SELECT value FROM json_each(?)) AND {_NOT_NAMED}",
                (json.dumps(list(rowids)), version, version),
            )
        ]

    def text_for_names(self, article_id: str) -> tuple[PendingText, int] | None:
        """One article's text fields and the version of the recogniser that annotated it."""
        r = self.conn.execute(
            "SELECT rowid, id, body, title, byline, caption, entities_version FROM articles "
            "WHERE id = ?",
            (article_id,),
        ).fetchone()
        return None if r is None else (PendingText(r[0], r[1], r[2], r[3], r[4], r[5]), int(r[6]))

    def any_article(self) -> bool:
        """Whether the index holds any article (without counting them)."""
        return self.conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is not None

    def resolve_id(self, prefix: str) -> str | None:
        """An article id from a full id or a unique prefix of one."""
        prefix = prefix.strip().lower()
        if not prefix:
            return None
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE id >= ? AND id < ? LIMIT 2",
            (prefix, prefix + "\uffff"),
        ).fetchall()
        return str(rows[0][0]) if len(rows) == 1 else None

    def article(self, article_id: str) -> StoredArticle | None:
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        article = Article(
            title=row["title"],
            blocks=[Block.from_json(b) for b in json.loads(row["blocks"])],
            byline=row["byline"],
            date=row["date"],
            source=row["source"],
            url=row["url"],
            language=row["language"],
            topics=list(json.loads(row["topics"])),
            related=[Related.from_json(r) for r in json.loads(row["related"])],
            caption=row["caption"],
        )
        paths = self.conn.execute(
            "SELECT f.path, f.status FROM locations l JOIN files f ON f.id = l.file_id "
            "WHERE l.article_id = ? ORDER BY f.path, l.position",
            (article_id,),
        ).fetchall()
        state = self.conn.execute(
            "SELECT read, starred FROM state WHERE article_id = ?", (article_id,)
        ).fetchone()
        present = [p["path"] for p in paths if p["status"] != "missing"]
        return StoredArticle(
            id=article_id,
            article=article,
            paths=present or [p["path"] for p in paths],
            tags=self.tags(article_id),
            read=bool(state["read"]) if state else False,
            starred=bool(state["starred"]) if state else False,
            spans=self.spans(article_id),
            missing=bool(paths) and all(p["status"] == "missing" for p in paths),
            removed_tags=self.removed_tags(article_id),
        )
