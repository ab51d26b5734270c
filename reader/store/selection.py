"""Selecting articles with a compiled query: counts, ids, rowids and list rows, in one order.

:class:`SqlFilter` is what :func:`reader.query.compile_filter` makes of a query: a condition over
the aliases ``a`` (articles) and ``s`` (state), its bound parameters, an order and a limit. The
:class:`Selection` methods are the only place that turns one into a statement, so the CLI, the
topic rules, export and the reader's list all select the same articles in the same order.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from reader.model import UNTITLED
from reader.store.database import Database, marks

__all__ = [
    "DEFAULT_ORDER",
    "EVERYTHING",
    "SORTS",
    "ArticleRow",
    "RowTag",
    "Selection",
    "SqlFilter",
]

# Newest first; the articles_listing index serves it without reading article rows.
DEFAULT_ORDER = "a.date DESC, a.rowid DESC"

# Every order a list can be in, by the name ``sort:`` takes ("-" = the other way). Each is
# served by an index (articles_listing, articles_title, articles_by_source), so a sorted list's
# first page costs what an unsorted one does.
SORTS: dict[str, str] = {
    "-date": DEFAULT_ORDER,
    "date": "a.date ASC, a.rowid ASC",
    "title": "a.title COLLATE NOCASE ASC, a.rowid ASC",
    "-title": "a.title COLLATE NOCASE DESC, a.rowid DESC",
    "source": "a.source COLLATE NOCASE ASC, a.date DESC, a.rowid DESC",
    "-source": "a.source COLLATE NOCASE DESC, a.date DESC, a.rowid DESC",
}


@dataclass(frozen=True, slots=True)
class SqlFilter:
    """A compiled query. ``order`` "" means any order; ``limit`` None means every match."""

    where: str = "1"
    params: list[object] = field(default_factory=list)
    order: str = DEFAULT_ORDER
    limit: int | None = None

    def among(self, article_ids: Sequence[str]) -> SqlFilter:
        """Only the given articles (one bound parameter, however many ids)."""
        return replace(
            self,
            where=f"({self.where}) AND a.id IN (SELECT value FROM json_each(?))",
            params=[*self.params, json.dumps(list(article_ids))],
        )

    def unordered(self) -> SqlFilter:
        """Every match, in no particular order (a topic rule tags all it matches)."""
        return replace(self, order="", limit=None)

    def sorted_by(self, sort: str) -> SqlFilter:
        """The same selection in another order (a name of ``SORTS``; "" keeps this one)."""
        if not sort:
            return self
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}: one of {', '.join(SORTS)}")
        return replace(self, order=SORTS[sort])


EVERYTHING = SqlFilter()


# A tag as a list row shows it: (tag, origin).
RowTag = tuple[str, str]


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """What the sidebar needs for one article: small, cheap to load in bulk. ``tags`` are
    filled in for the rows of a list window (``rows_by_rowid``): the article's own tags first
    (by hand, rule or accepted suggestion), then those its source or file gave, each by name."""

    rowid: int
    id: str
    title: str
    date: str
    source: str
    read: bool
    starred: bool
    tags: tuple[RowTag, ...] = ()
    # The first words of the text, for an article the cleaner found no headline for: a list of
    # "(untitled)" rows says nothing to choose by.
    opening: str = ""


# Only an untitled article's text is read (the body is the article's largest column).
_OPENING_CHARS = 160
_ROW_COLUMNS = (
    "a.rowid, a.id, a.title, a.date, a.source, "
    "coalesce(s.read, 0) AS read, coalesce(s.starred, 0) AS starred, "
    f"CASE WHEN a.title = '{UNTITLED}' THEN substr(a.body, 1, {_OPENING_CHARS}) ELSE '' END"
)
_FROM = "articles AS a LEFT JOIN state AS s ON s.article_id = a.id"
_USES_STATE = re.compile(r"\bs\.")


# The query language writes "in this set" conditions (a tag's articles, a word's documents) as
# ``+a.id IN (...)``: the unary plus keeps SQLite walking the date index, which finds the first
# page of a common match at once, and lists or counts many matches faster than looking each
# one up. For few matches walking every article is the waste: without the plus SQLite starts
# from the set. Whole lists and counts take that way when a bounded look at the set finds few
# (1,000,000 articles: a rare tag's whole list in 10 ms instead of 885, its count in 1.6 instead
# of 352; a tag on 7,400 articles listed in 119 ms instead of 1,063).
_WALKED_SET = re.compile(r"\+a\.(id|rowid) IN \(")
# Matches up to which a whole list or count starts from the set.
_FEW_MATCHES = 5_000
# How long a look at a filter's set is trusted (a list and its counts are loaded together).
_LOOK_SECONDS = 2.0


def _from_the_set(flt: SqlFilter) -> SqlFilter:
    return replace(flt, where=_WALKED_SET.sub(r"a.\1 IN (", flt.where))


def _limit(flt: SqlFilter, limit: int | None) -> int | None:
    if limit is None:
        return flt.limit
    return limit if flt.limit is None else min(limit, flt.limit)


def _select(flt: SqlFilter, columns: str, limit: int | None = None) -> str:
    sql = f"SELECT {columns} FROM {_FROM} WHERE {flt.where}"
    if flt.order:
        sql += f" ORDER BY {flt.order}"
    most = _limit(flt, limit)
    if most is not None:
        sql += f" LIMIT {int(most)}"
    return sql


class Selection(Database):
    def count(self, flt: SqlFilter = EVERYTHING) -> int:
        """How many articles the filter selects (within its limit)."""
        # state has one row per article at most, so without `s.` in the filter the join cannot
        # change the count; SQLite still walks it (a third of a count over 100,000 articles).
        flt = self._whole(flt, None)
        source = _FROM if _USES_STATE.search(flt.where) else "articles AS a"
        sql = f"SELECT count(*) FROM {source} WHERE {flt.where}"
        if flt.limit is not None:  # the order cannot change how many
            inner = f"SELECT 1 FROM {source} WHERE {flt.where} LIMIT {int(flt.limit)}"
            sql = f"SELECT count(*) FROM ({inner})"
        return int(self.conn.execute(sql, flt.params).fetchone()[0])

    def unread_count(self, flt: SqlFilter = EVERYTHING) -> int:
        """How many of the articles the filter selects are unread."""
        unread = "coalesce(s.read, 0) = 0"
        flt = self._whole(flt, None)
        if flt.limit is None:
            sql = f"SELECT count(*) FROM {_FROM} WHERE ({flt.where}) AND {unread}"
        else:
            sql = (
                f"SELECT count(*) FROM {_FROM} "
                f"WHERE a.rowid IN ({_select(flt, 'a.rowid')}) AND {unread}"
            )
        return int(self.conn.execute(sql, flt.params).fetchone()[0])

    def article_ids(self, flt: SqlFilter = EVERYTHING) -> list[str]:
        """The ids of the articles the filter selects, in its order and within its limit."""
        cursor = self.conn.cursor()
        cursor.row_factory = None
        whole = self._whole(flt, None)
        return [str(r[0]) for r in cursor.execute(_select(whole, "a.id"), whole.params)]

    def rowids(self, flt: SqlFilter = EVERYTHING, *, limit: int | None = None) -> array[int]:
        """Just the ordered rowids (at most ``limit`` of them, within the filter's own limit):
        what a virtual list holds for 100,000 articles, as machine integers (800 kB)."""
        cursor = self.conn.cursor()
        cursor.row_factory = None  # plain tuples: much faster than sqlite3.Row for 100,000 rows
        flt = self._whole(flt, limit)
        rows = cursor.execute(_select(flt, "a.rowid", limit), flt.params)
        return array("q", (row[0] for row in rows))

    def _whole(self, flt: SqlFilter, limit: int | None) -> SqlFilter:
        """The filter to list or count every match with: from its set when it has few."""
        if limit is not None or not _WALKED_SET.search(flt.where):
            return flt
        driven = _from_the_set(flt)
        key = (flt.where, repr(flt.params))
        looked: dict[tuple[str, str], tuple[float, bool]] = self.__dict__.setdefault(
            "_looked_at_sets", {})
        now = time.monotonic()
        seen = looked.get(key)
        if seen is not None and now - seen[0] < _LOOK_SECONDS:
            return driven if seen[1] else flt
        source = _FROM if _USES_STATE.search(flt.where) else "articles AS a"
        probe = (f"SELECT count(*) FROM (SELECT 1 FROM {source} WHERE {driven.where} "
                 f"LIMIT {_FEW_MATCHES + 1})")
        few = int(self.conn.execute(probe, driven.params).fetchone()[0]) <= _FEW_MATCHES
        if len(looked) > 64:
            looked.clear()
        looked[key] = (now, few)
        return driven if few else flt

    def rows(self, flt: SqlFilter = EVERYTHING, *, limit: int | None = None) -> list[ArticleRow]:
        """Light rows for lists (at most ``limit``, within the filter's own limit)."""
        return [
            _article_row(r)
            for r in self.conn.execute(_select(flt, _ROW_COLUMNS, limit), flt.params)
        ]

    def rows_by_rowid(self, rowids: Sequence[int]) -> list[ArticleRow]:
        """Rows for the given rowids, in the given order, with their tags (for the visible
        window of a list: two indexed lookups for 40 rows)."""
        if not rowids:
            return []
        found = {
            r["rowid"]: _article_row(r)
            for r in self.conn.execute(
                f"SELECT {_ROW_COLUMNS} FROM {_FROM} WHERE a.rowid IN ({marks(len(rowids))})",
                list(rowids),
            )
        }
        tags: dict[str, list[RowTag]] = {}
        ids = [row.id for row in found.values()]
        for article_id, tag, origin in self.conn.execute(
            f"SELECT article_id, tag, origin FROM tags WHERE article_id IN ({marks(len(ids))})",
            ids,
        ):
            tags.setdefault(str(article_id), []).append((str(tag), str(origin)))
        rows = []
        for rowid in rowids:
            row = found.get(rowid)
            if row is None:
                continue
            own = tags.get(row.id)
            if own:
                ordered = sorted(own, key=lambda item: (item[1] == "source", item[0]))
                row = replace(row, tags=tuple(ordered))
            rows.append(row)
        return rows

    def rowid_of(self, article_id: str) -> int | None:
        row = self.conn.execute(
            "SELECT rowid FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return None if row is None else int(row[0])


def _article_row(row: sqlite3.Row) -> ArticleRow:
    return ArticleRow(
        rowid=row[0],
        id=row[1],
        title=row[2],
        date=row[3],
        source=row[4],
        read=bool(row[5]),
        starred=bool(row[6]),
        opening=row[7] or "",
    )
