"""The SQL of learned tag suggestions: labels, dismissed suggestions, tag kinds, cached feature
counts. Functions take the :class:`Store`; the learning itself lives in
``reader.topics.suggestions``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from reader.store import Store, now_iso

__all__ = [
    "ArchiveState",
    "ArticleText",
    "CachedFeatures",
    "add_rejection",
    "archive_changes",
    "archive_state",
    "article_texts",
    "article_titles",
    "cached_features",
    "clear_rejection",
    "entity_names",
    "existing_ids",
    "feature_stamp",
    "forget_user_tagging",
    "label_generation",
    "label_rows",
    "negative_rows",
    "rejected",
    "save_features",
    "set_tag_kind",
    "tag_kinds",
    "taken_tags",
]

_CHUNK = 500  # SQLite parameters per IN (...) list


@dataclass(frozen=True, slots=True)
class ArchiveState:
    """What tells the learned model that the archive changed under it."""

    articles: int
    max_rowid: int
    pending_entities: int  # articles whose names have not been found yet


@dataclass(slots=True)
class CachedFeatures:
    """Every article in rowid order with its cached feature counts, column by column (a
    missing count is None: not counted since its text or names last changed)."""

    ids: list[str]
    keys: list[bytes | None]
    counts: list[bytes | None]


@dataclass(frozen=True, slots=True)
class ArticleText:
    article_id: str
    title: str
    body: str
    topics: str  # JSON list
    updated_at: str


def _chunks(items: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield list(items[start : start + _CHUNK])


def forget_user_tagging(store: Store) -> None:
    """Every tag, removed tag, dismissal, tag kind and journal step gone: an evaluation starts
    each run from an untagged archive."""
    with store.transaction():
        for table in ("tags", "tag_tombstones", "suggestion_rejections", "tag_kinds", "journal"):
            store.conn.execute(f"DELETE FROM {table}")


def label_generation(store: Store) -> int:
    """Bumped by every change to a user tag, a dismissed suggestion or a tag kind."""
    row = store.conn.execute("SELECT generation FROM label_generation WHERE id = 1").fetchone()
    return int(row[0]) if row else 0


def archive_state(store: Store) -> ArchiveState:
    row = store.conn.execute("SELECT count(*), coalesce(max(rowid), 0) FROM articles").fetchone()
    pending = store.conn.execute(
        "SELECT count(*) FROM articles WHERE entities_version = 0"
    ).fetchone()[0]
    return ArchiveState(int(row[0]), int(row[1]), int(pending))


def archive_changes(store: Store, since_rowid: int) -> tuple[int, int]:
    """(articles added after ``since_rowid``, articles whose names are not found yet): cheap
    index lookups, asked before every suggestion."""
    newer = store.conn.execute(
        "SELECT count(*) FROM articles WHERE rowid > ?", (since_rowid,)
    ).fetchone()[0]
    pending = store.conn.execute(
        "SELECT count(*) FROM articles WHERE entities_version = 0"
    ).fetchone()[0]
    return int(newer), int(pending)


def label_rows(store: Store, origins: Sequence[str]) -> Iterator[tuple[str, str]]:
    """(article id, tag) of every tag with one of ``origins`` on an indexed article."""
    marks = ",".join("?" * len(origins))
    for row in store.conn.execute(
        "SELECT t.article_id, t.tag FROM tags AS t JOIN articles AS a ON a.id = t.article_id "
        f"WHERE t.origin IN ({marks})",
        list(origins),
    ):
        yield str(row[0]), str(row[1])


def negative_rows(store: Store) -> Iterator[tuple[str, str]]:
    """(article id, tag) the user said no to: dismissed suggestions and tags removed on
    purpose, on indexed articles."""
    for row in store.conn.execute(
        "SELECT r.article_id, r.tag FROM suggestion_rejections AS r "
        "JOIN articles AS a ON a.id = r.article_id "
        "UNION SELECT t.article_id, t.tag FROM tag_tombstones AS t "
        "JOIN articles AS a ON a.id = t.article_id"
    ):
        yield str(row[0]), str(row[1])


def existing_ids(store: Store, article_ids: Sequence[str]) -> list[str]:
    """The ids among ``article_ids`` that are indexed articles."""
    found: set[str] = set()
    for chunk in _chunks(article_ids):
        marks = ",".join("?" * len(chunk))
        found.update(
            str(r[0])
            for r in store.conn.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk)
        )
    return [i for i in article_ids if i in found]


def taken_tags(store: Store, article_ids: Sequence[str]) -> dict[str, set[str]]:
    """Per article: tags it has (any origin), tags removed from it on purpose and suggestions
    dismissed for it; none of them is suggested there."""
    taken: dict[str, set[str]] = {}
    for chunk in _chunks(article_ids):
        marks = ",".join("?" * len(chunk))
        for table in ("tags", "tag_tombstones", "suggestion_rejections"):
            for row in store.conn.execute(
                f"SELECT article_id, tag FROM {table} WHERE article_id IN ({marks})", chunk
            ):
                taken.setdefault(str(row[0]), set()).add(str(row[1]))
    return taken


def article_titles(store: Store, article_ids: Sequence[str]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for chunk in _chunks(article_ids):
        marks = ",".join("?" * len(chunk))
        for row in store.conn.execute(
            f"SELECT id, title FROM articles WHERE id IN ({marks})", chunk
        ):
            titles[str(row[0])] = str(row[1])
    return titles


def add_rejection(store: Store, article_id: str, tag: str) -> bool:
    """Remember that ``tag`` was dismissed for the article; False if it already was."""
    cursor = store.conn.execute(
        "INSERT OR IGNORE INTO suggestion_rejections (article_id, tag, rejected_at) "
        "VALUES (?, ?, ?)",
        (article_id, tag, now_iso()),
    )
    return cursor.rowcount > 0


def clear_rejection(store: Store, article_id: str, tag: str) -> bool:
    cursor = store.conn.execute(
        "DELETE FROM suggestion_rejections WHERE article_id = ? AND tag = ?", (article_id, tag)
    )
    return cursor.rowcount > 0


def rejected(store: Store, article_id: str) -> list[str]:
    return [
        str(r[0])
        for r in store.conn.execute(
            "SELECT tag FROM suggestion_rejections WHERE article_id = ? ORDER BY tag",
            (article_id,),
        )
    ]


def tag_kinds(store: Store) -> dict[str, str]:
    """Tag -> 'workflow' or 'topic', as the user marked them."""
    return {
        str(r[0]): str(r[1]) for r in store.conn.execute("SELECT tag, kind FROM tag_kinds")
    }


def set_tag_kind(store: Store, tag: str, kind: str | None) -> None:
    """Mark a tag 'workflow' or 'topic'; None forgets the mark (the config decides again)."""
    if kind is None:
        store.conn.execute("DELETE FROM tag_kinds WHERE tag = ?", (tag,))
        return
    store.conn.execute(
        "INSERT INTO tag_kinds (tag, kind, marked_at) VALUES (?, ?, ?) "
        "ON CONFLICT (tag) DO UPDATE SET kind = excluded.kind, marked_at = excluded.marked_at",
        (tag, kind, now_iso()),
    )


def feature_stamp(version: str, updated_at: str) -> str:
    """The stamp of counts made by features of ``version`` from a text of ``updated_at``."""
    return f"{version} {updated_at}"


def cached_features(store: Store, version: str) -> CachedFeatures:
    """Every article's cached counts; counts of another features version count as missing."""
    rows = store.conn.execute(
        "SELECT a.id, f.keys, f.counts FROM articles AS a "
        "LEFT JOIN suggestion_features AS f ON f.article_id = a.id "
        "AND substr(f.stamp, 1, length(?) + 1) = ? || ' ' ORDER BY a.rowid",
        (version, version),
    ).fetchall()
    return CachedFeatures(
        [str(r[0]) for r in rows],
        [None if r[1] is None else bytes(r[1]) for r in rows],
        [None if r[2] is None else bytes(r[2]) for r in rows],
    )


def article_texts(store: Store, article_ids: Sequence[str]) -> Iterator[ArticleText]:
    for chunk in _chunks(article_ids):
        marks = ",".join("?" * len(chunk))
        for row in store.conn.execute(
            f"SELECT id, title, body, topics, updated_at FROM articles WHERE id IN ({marks})",
            chunk,
        ):
            yield ArticleText(str(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4]))


def entity_names(store: Store, article_ids: Sequence[str] | None = None) -> dict[str, list[str]]:
    """Canonical names of the entities each article mentions (every article when None)."""
    names: dict[str, list[str]] = {}
    if article_ids is None:
        rows: Iterable[Sequence[object]] = store.conn.execute(
            "SELECT article_id, canonical FROM mentions WHERE label != 'OTHER'"
        )
        for row in rows:
            names.setdefault(str(row[0]), []).append(str(row[1]))
        return names
    for chunk in _chunks(article_ids):
        marks = ",".join("?" * len(chunk))
        for row in store.conn.execute(
            f"SELECT article_id, canonical FROM mentions WHERE article_id IN ({marks}) "
            "AND label != 'OTHER'",
            chunk,
        ):
            names.setdefault(str(row[0]), []).append(str(row[1]))
    return names


def save_features(store: Store, rows: Iterable[tuple[str, str, bytes, bytes]]) -> None:
    """Cache (article id, stamp, keys, counts) rows, replacing older counts."""
    store.conn.executemany(
        "INSERT INTO suggestion_features (article_id, stamp, keys, counts) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (article_id) DO UPDATE SET stamp = excluded.stamp, keys = excluded.keys, "
        "counts = excluded.counts",
        list(rows),
    )
