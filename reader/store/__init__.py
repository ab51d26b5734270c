"""The SQLite store: the index of articles and the reader's own state, in one WAL database."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader.model import Article, Block, Problem, Related, Span
from reader.store.schema import MIGRATIONS, SCHEMA_VERSION

__all__ = ["ArticleRow", "FileRecord", "Store", "StoredArticle", "TagRow", "now_iso"]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SchemaTooNewError(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class FileRecord:
    id: int
    path: str
    size: int
    mtime_ns: int
    hash: str
    format: str
    status: str
    problem: str
    detail: str
    articles: int


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """What the sidebar needs for one article: small, cheap to load in bulk."""

    rowid: int
    id: str
    title: str
    date: str
    source: str
    read: bool
    starred: bool


@dataclass(frozen=True, slots=True)
class TagRow:
    tag: str
    origin: str
    created_at: str


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


_ROW_COLUMNS = (
    "a.rowid, a.id, a.title, a.date, a.source, "
    "coalesce(s.read, 0) AS read, coalesce(s.starred, 0) AS starred"
)
_ROW_FROM = "articles AS a LEFT JOIN state AS s ON s.article_id = a.id"
_USES_STATE = re.compile(r"\bs\.")


class Store:
    """One open database. Not shared between threads: open one per thread (WAL makes that cheap)."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.conn = conn
        self.path = path

    # ---- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str) -> Store:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=30.0, isolation_level=None, check_same_thread=False)
        store = cls(conn, path)
        store._configure()
        return store

    @classmethod
    def memory(cls) -> Store:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        store = cls(conn, None)
        store._configure()
        return store

    def _configure(self) -> None:
        self.conn.row_factory = sqlite3.Row
        if self.path is not None:
            self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA busy_timeout = 30000")
        self.conn.execute("PRAGMA cache_size = -32000")
        from reader.query import install_functions  # REGEXP etc. for compiled filters

        install_functions(self.conn)
        self._migrate()

    def _migrate(self) -> None:
        version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise SchemaTooNewError(
                f"the database was written by a newer reader (schema {version}, "
                f"this one knows {SCHEMA_VERSION})"
            )
        for number in range(version, SCHEMA_VERSION):
            with self.transaction():
                for statement in _split_sql(MIGRATIONS[number]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number + 1}")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE .. COMMIT; rolled back on any error. Nests as a no-op."""
        if self.conn.in_transaction:
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    # ---- files -----------------------------------------------------------------------------

    def file_record(self, path: str) -> FileRecord | None:
        row = self.conn.execute("SELECT * FROM files WHERE path = ?", (path,)).fetchone()
        return _file_record(row) if row else None

    def file_records(self, under: Sequence[str] = ()) -> list[FileRecord]:
        if not under:
            rows = self.conn.execute("SELECT * FROM files ORDER BY path").fetchall()
        else:
            clauses = " OR ".join("path = ? OR path LIKE ? ESCAPE '\\'" for _ in under)
            params: list[str] = []
            for prefix in under:
                params += [prefix, _like_prefix(prefix.rstrip("/") + "/")]
            rows = self.conn.execute(
                f"SELECT * FROM files WHERE {clauses} ORDER BY path", params
            ).fetchall()
        return [_file_record(r) for r in rows]

    def save_file(
        self,
        *,
        path: str,
        size: int,
        mtime_ns: int,
        hash: str,
        format: str,
        status: str,
        problem: str = "",
        detail: str = "",
        articles: int = 0,
    ) -> int:
        row = self.conn.execute(
            """
            INSERT INTO files (path, size, mtime_ns, hash, format, status, problem, detail,
                               articles, indexed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (path) DO UPDATE SET
                size = excluded.size, mtime_ns = excluded.mtime_ns, hash = excluded.hash,
                format = excluded.format, status = excluded.status, problem = excluded.problem,
                detail = excluded.detail, articles = excluded.articles,
                indexed_at = excluded.indexed_at
            RETURNING id
            """,
            (path, size, mtime_ns, hash, format, status, problem, detail, articles, now_iso()),
        ).fetchone()
        return int(row[0])

    def touch_file(self, file_id: int, size: int, mtime_ns: int) -> None:
        """A file whose content hash did not change: remember its new size and mtime."""
        self.conn.execute(
            "UPDATE files SET size = ?, mtime_ns = ?, "
            "status = CASE status WHEN 'missing' THEN "
            "  CASE WHEN problem = '' THEN 'ok' ELSE 'problem' END ELSE status END "
            "WHERE id = ?",
            (size, mtime_ns, file_id),
        )

    def mark_missing(self, file_ids: Iterable[int]) -> int:
        ids = list(file_ids)
        self.conn.executemany(
            "UPDATE files SET status = 'missing' WHERE id = ?", [(i,) for i in ids]
        )
        return len(ids)

    def forget_files(self, file_ids: Iterable[int]) -> None:
        """Drop file records outright (records of folders, which hold no articles)."""
        self.conn.executemany("DELETE FROM files WHERE id = ?", [(i,) for i in file_ids])

    def problem_count(self) -> int:
        row = self.conn.execute(
            "SELECT count(*) FROM files WHERE problem != '' AND status != 'missing'"
        ).fetchone()
        return int(row[0])

    def problems(self) -> list[Problem]:
        rows = self.conn.execute(
            "SELECT path, problem, detail FROM files "
            "WHERE problem != '' AND status != 'missing' ORDER BY path"
        ).fetchall()
        return [Problem(path=r["path"], reason=r["problem"], detail=r["detail"]) for r in rows]

    # ---- articles --------------------------------------------------------------------------

    def put_article(self, article: Article, file_id: int, position: int) -> str:
        """Insert or refresh an article and record where it was found. Returns its id."""
        article_id = article.fingerprint
        stamp = now_iso()
        body = article.body
        existing = self.conn.execute(
            "SELECT rowid, body, title, byline, caption FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
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
        if existing is None:
            self.conn.execute(
                """
                INSERT INTO articles (title, byline, date, source, url, language, caption, body,
                                      blocks, related, topics, words, id, added_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                (*values, article_id, stamp, stamp),
            )
        else:
            # Names are found in the body, title, byline and caption: any of them changing
            # means the article is read for names again.
            text_changed = (existing["body"], existing["title"], existing["byline"],
                            existing["caption"]) != (body, article.title, article.byline,
                                                     article.caption)
            self.conn.execute(
                """
                UPDATE articles SET title = ?, byline = ?, date = ?, source = ?, url = ?,
                    language = ?, caption = ?, body = ?, blocks = ?, related = ?, topics = ?,
                    words = ?, updated_at = ?,
                    entities_version = CASE WHEN ? THEN 0 ELSE entities_version END
                WHERE id = ?
                """,
                (*values, stamp, text_changed, article_id),
            )
            if text_changed:
                self.conn.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
        self.conn.execute(
            "INSERT OR REPLACE INTO locations (article_id, file_id, position) VALUES (?, ?, ?)",
            (article_id, file_id, position),
        )
        return article_id

    def clear_locations(self, file_id: int) -> None:
        self.conn.execute("DELETE FROM locations WHERE file_id = ?", (file_id,))

    def drop_orphans(self) -> int:
        """Remove articles no file mentions any more (tags and state are kept by id)."""
        cursor = self.conn.execute(
            "DELETE FROM articles WHERE id NOT IN (SELECT article_id FROM locations)"
        )
        return cursor.rowcount

    def count(self, where: str = "1", params: Sequence[Any] = ()) -> int:
        # state has one row per article at most, so without `s.` in the filter the join cannot
        # change the count; SQLite still walks it (a third of a count over 100,000 articles).
        source = _ROW_FROM if _USES_STATE.search(where) else "articles AS a"
        row = self.conn.execute(f"SELECT count(*) FROM {source} WHERE {where}", params)
        return int(row.fetchone()[0])

    def rows(
        self,
        where: str = "1",
        params: Sequence[Any] = (),
        order: str = "a.date DESC, a.rowid DESC",
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ArticleRow]:
        """Light rows for lists, filtered by a SQL condition over ``a`` (articles) and ``s``."""
        sql = f"SELECT {_ROW_COLUMNS} FROM {_ROW_FROM} WHERE {where} ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return [_article_row(r) for r in self.conn.execute(sql, params)]

    def rowids(
        self,
        where: str = "1",
        params: Sequence[Any] = (),
        order: str = "a.date DESC, a.rowid DESC",
        limit: int | None = None,
    ) -> list[int]:
        """Just the ordered rowids of a filter: what a virtual list holds for 100,000 articles."""
        sql = f"SELECT a.rowid FROM {_ROW_FROM} WHERE {where} ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [r[0] for r in self.conn.execute(sql, params)]

    def rows_by_rowid(self, rowids: Sequence[int]) -> list[ArticleRow]:
        """Rows for the given rowids, in the given order (for the visible window of a list)."""
        if not rowids:
            return []
        marks = ",".join("?" * len(rowids))
        found = {
            r["rowid"]: _article_row(r)
            for r in self.conn.execute(
                f"SELECT {_ROW_COLUMNS} FROM {_ROW_FROM} WHERE a.rowid IN ({marks})",
                list(rowids),
            )
        }
        return [found[i] for i in rowids if i in found]

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
        spans = [
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
        present = [p["path"] for p in paths if p["status"] != "missing"]
        return StoredArticle(
            id=article_id,
            article=article,
            paths=present or [p["path"] for p in paths],
            tags=self.tags(article_id),
            read=bool(state["read"]) if state else False,
            starred=bool(state["starred"]) if state else False,
            spans=spans,
            missing=bool(paths) and all(p["status"] == "missing" for p in paths),
            removed_tags=[
                r[0] for r in self.conn.execute(
                    "SELECT tag FROM tag_tombstones WHERE article_id = ? ORDER BY tag",
                    (article_id,),
                )
            ],
        )

    # ---- state and tags (plain reads; journalled writes live in reader.tags) ----------------

    def tags(self, article_id: str) -> list[TagRow]:
        return [
            TagRow(tag=r["tag"], origin=r["origin"], created_at=r["created_at"])
            for r in self.conn.execute(
                "SELECT tag, origin, created_at FROM tags WHERE article_id = ? ORDER BY tag",
                (article_id,),
            )
        ]

    def set_flag(self, article_ids: Sequence[str], flag: str, value: bool) -> None:
        """Set ``read`` or ``starred`` without journalling (reader.tags has the undoable one)."""
        if flag not in ("read", "starred"):
            raise ValueError(flag)
        stamp = now_iso() if value else ""
        self.conn.executemany(
            f"INSERT INTO state (article_id, {flag}, {flag}_at) VALUES (?, ?, ?) "
            f"ON CONFLICT (article_id) DO UPDATE SET {flag} = excluded.{flag}, "
            f"{flag}_at = excluded.{flag}_at",
            [(i, int(value), stamp) for i in article_ids],
        )

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


def normalise_tag(tag: str) -> str:
    """Tags are lower-case words joined by dashes: "Ukraine war" -> "ukraine-war"."""
    return "-".join(tag.strip().lstrip("+").casefold().split())


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    statements: list[str] = []
    buffer: list[str] = []
    for line in script.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("--"):
            continue
        buffer.append(line)
        candidate = "\n".join(buffer)
        if stripped.endswith(";") and sqlite3.complete_statement(candidate):
            statements.append(candidate)
            buffer = []
    if buffer and "".join(buffer).strip():
        statements.append("\n".join(buffer))
    return statements


def _like_prefix(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _file_record(row: sqlite3.Row) -> FileRecord:
    return FileRecord(
        id=row["id"],
        path=row["path"],
        size=row["size"],
        mtime_ns=row["mtime_ns"],
        hash=row["hash"],
        format=row["format"],
        status=row["status"],
        problem=row["problem"],
        detail=row["detail"],
        articles=row["articles"],
    )


def _article_row(row: sqlite3.Row) -> ArticleRow:
    return ArticleRow(
        rowid=row[0],
        id=row[1],
        title=row[2],
        date=row[3],
        source=row[4],
        read=bool(row[5]),
        starred=bool(row[6]),
    )
