"""The archive as a list: a filter's ordered rowids, rows by rowid, marks and state changes.

What the reader's list pane asks of the archive goes through here, with no terminal in sight:
the query language for filters (:func:`reader.query.compile_filter`), the store's selection for
counts, ids and rows, the marked articles, and the journalled (undoable) tag, read and star
changes of :mod:`reader.tags`.
"""

from __future__ import annotations

import re
from array import array
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from reader import query, tags, topics
from reader.config import SavedView
from reader.store import (
    EVERYTHING,
    SORTS,
    ArticleRow,
    SqlFilter,
    Store,
    StoredArticle,
    StoredView,
)

__all__ = [
    "BUILT_IN_VIEWS",
    "ENTITY_NAMES",
    "SORT_NAMES",
    "FilterError",
    "Library",
    "ListRequest",
    "LoadedList",
    "TagView",
    "View",
    "ViewNameTaken",
    "compile_filter",
    "count_matches",
    "entity_filter_text",
    "entity_names",
    "load_list",
    "mark_read",
    "save_view",
    "sidebar_views",
    "tag_query",
    "tag_views",
]


class FilterError(ValueError):
    """A filter the reader could not understand; the message says why."""


_ENTITY_FIELDS = {"PERSON": "person", "ORG": "org", "PLACE": "place"}


def entity_filter_text(name: str, label: str = "") -> str:
    """The filter that finds the articles mentioning an entity (of that type, when known)."""
    field = _ENTITY_FIELDS.get(label, "entity")
    return f'{field}:"' + name.replace('"', "") + '"'


def compile_filter(text: str) -> SqlFilter:
    """What the reader typed as a compiled query; raises ``FilterError`` (with the
    ``query.QueryError`` as its cause) when it cannot be understood."""
    try:
        return query.compile_filter(text.strip())
    except query.QueryError as error:
        raise FilterError(str(error)) from error


def count_matches(store: Store, text: str) -> int:
    """How many articles a filter shows; raises ``FilterError`` (or ``query.QueryError`` as its
    cause) when it cannot be understood. Slow on a big archive: run it in a worker."""
    compiled = compile_filter(text)
    try:
        return store.count(compiled)
    except Exception as error:  # sqlite3 errors from a malformed full-text query
        raise FilterError(f"cannot search for {text!r}: {error}") from error


# ---- views --------------------------------------------------------------------------------

ViewOrigin = str  # "built-in" | "config" | "saved" | "tag"


@dataclass(frozen=True, slots=True)
class View:
    """A named query in the sidebar, the order its list is sorted in ("" = the query's own),
    and where it comes from: built in (All, Unread, Starred, always there), the user's
    config.toml (read only), saved in the reader (``V``; deletable), or a tag in use."""

    name: str
    query: str
    sort: str = ""
    origin: ViewOrigin = "saved"

    @property
    def deletable(self) -> bool:
        return self.origin == "saved"


BUILT_IN_VIEWS: tuple[View, ...] = (
    View("All", "", origin="built-in"),
    View("Unread", "is:unread", origin="built-in"),
    View("Starred", "is:starred", origin="built-in"),
)

# How each order is named to people, in the order they are offered.
SORT_NAMES: dict[str, str] = {
    "-date": "Newest first",
    "date": "Oldest first",
    "title": "Title, A to Z",
    "-title": "Title, Z to A",
    "source": "Source, A to Z",
    "-source": "Source, Z to A",
}


class ViewNameTaken(ValueError):
    """A view cannot be saved under the name of a built-in view or one in config.toml."""


def sidebar_views(config_views: Sequence[SavedView], stored: Sequence[StoredView]) -> list[View]:
    """The views of the sidebar in order: the built-in ones, the user's from config.toml (one
    that repeats a built-in view is left out), then those saved in the reader. A name shows
    once: the first view with it wins."""
    views = list(BUILT_IN_VIEWS)
    taken = {(v.name, v.query.strip()) for v in views}
    names = {v.name for v in views}
    for saved in config_views:
        if (saved.name, saved.query.strip()) in taken or saved.name in names:
            continue
        views.append(View(saved.name, saved.query, saved.sort, "config"))
        names.add(saved.name)
    for stored_view in stored:
        if stored_view.name not in names:
            views.append(View(stored_view.name, stored_view.query, stored_view.sort, "saved"))
            names.add(stored_view.name)
    return views


def save_view(
    store: Store, name: str, query_text: str, sort: str, views: Sequence[View]
) -> View:
    """Save a view in the reader's own state (never in config.toml). ``views`` are the ones
    shown now: a built-in view's name or one from config.toml cannot be taken
    (``ViewNameTaken``); a saved view with the name is replaced."""
    name = " ".join(name.split())
    clash = next((v for v in views if v.name == name and not v.deletable), None)
    if clash is not None:
        where = "built in" if clash.origin == "built-in" else "defined in config.toml"
        raise ViewNameTaken(f"{name!r} is {where}: save the view under another name")
    if sort and sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    store.store_view(StoredView(name, query_text.strip(), sort))
    return View(name, query_text.strip(), sort, "saved")


@dataclass(frozen=True, slots=True)
class TagView:
    """A view the sidebar offers for a tag or site topic in use (never saved unless asked)."""

    view: View
    count: int


def tag_query(tag: str, *, topic: bool) -> str | None:
    """The query for one tag (``+tag``) or site topic (``topic:tag``); None if it cannot be
    written as one (a tag with a double quote in it)."""
    field = "topic:" if topic else "+"
    if _PLAIN_TAG.fullmatch(tag):
        text = field + tag
    elif '"' not in tag:
        text = ("topic:" if topic else "tag:") + f'"{tag}"'
    else:
        return None
    try:
        compiled = query.compile_filter(text)
    except query.QueryError:
        return None
    return text if list(compiled.params) == [tag] else None


_PLAIN_TAG = re.compile(r"[\w][\w.+-]*")


def tag_views(store: Store, limit: int) -> list[TagView]:
    """The ``limit`` most used tags and site topics as views, with their counts, from one
    grouped query over the tags table. A tag anyone set (by hand, a rule or an accepted
    suggestion) is a ``+tag`` view; one only the sites gave is a ``topic:`` view."""
    found: list[TagView] = []
    for tag, uses, own in store.most_used_tags(limit):
        text = tag_query(tag, topic=not own)
        if text is not None:
            found.append(TagView(View(text, text, origin="tag"), uses))
    return found


ENTITY_NAMES = 50_000  # the most mentioned names offered for completion


def entity_names(store: Store, limit: int = ENTITY_NAMES) -> list[str]:
    """The archive's entity names, most mentioned first, for completing a name being typed.
    A grouping over every mention: run it in a worker on a big archive."""
    return store.most_mentioned_names(limit)


def mark_read(store: Store, articles: SqlFilter | Sequence[str]) -> tags.Change:
    """Catch up: mark every article of a list (a filter, or the ids of marked articles) read,
    as one deliberate undoable step. A filter's ids are read here, so a worker can do it all
    (about 1 s for 100,000 articles, most of it journalling)."""
    ids = store.article_ids(articles) if isinstance(articles, SqlFilter) else list(articles)
    return tags.set_read(store, ids, True)


@dataclass(frozen=True, slots=True)
class ListRequest:
    generation: int
    filter: SqlFilter


@dataclass(frozen=True, slots=True)
class LoadedList:
    generation: int
    rowids: array[int]
    total: int
    unread: int


def load_list(store: Store, request: ListRequest) -> LoadedList:
    """The whole ordered list and its counts; slow for 100,000 rows, so run off the UI thread
    (with a store of its own)."""
    compiled = request.filter
    return LoadedList(
        request.generation, store.rowids(compiled), store.count(), store.unread_count(compiled)
    )


class Library:
    """One view of the archive: the current filter's rowids and a small cache of their rows."""

    ROW_CACHE = 2000

    FIRST_PAGE = 200  # rows fetched at once so the list paints before the rest is counted

    def __init__(self, store: Store) -> None:
        self.store = store
        self.filter_text = ""
        self.sort = ""  # the order chosen for the list; "" = the query's own (newest first)
        self._filter = EVERYTHING
        # 100,000 ids as machine integers: 800 kB instead of several MB of Python ints.
        self.rowids: array[int] = array("q")
        self._rows: OrderedDict[int, ArticleRow] = OrderedDict()
        self.total = 0
        self.unread = 0
        self.generation = 0  # bumped by every filter, so a late full list can be recognised
        self.complete = True  # False while only the first page of the list is known
        # Marked articles (ids, in marking order): kept across filters, acted on in bulk.
        self.marked: dict[str, None] = {}

    # ---- the list --------------------------------------------------------------------------

    def apply_filter(self, text: str, sort: str = "") -> ListRequest | None:
        """Compile a filter and show its first page, in the order ``sort`` names ("" = the
        query's own); raises ``FilterError`` (keeping the old filter) when it is bad. Returns
        what is left to load (see ``load_list``), if anything."""
        compiled = compile_filter(text)
        if sort:
            compiled = compiled.sorted_by(sort)
        try:
            first = self.store.rowids(compiled, limit=self.FIRST_PAGE)
        except Exception as error:  # sqlite3 errors from a malformed full-text query
            raise FilterError(f"cannot search for {text!r}: {error}") from error
        self.filter_text = text.strip()
        self.sort = sort
        self._filter = compiled
        self.generation += 1
        self.rowids = first
        self._rows.clear()
        self.complete = len(first) < self._page(compiled)
        if self.complete:
            self.total = self.store.count()
            self.unread = sum(1 for row in self.rows(0, len(first)) if row and not row.read)
            return None
        return ListRequest(self.generation, compiled)

    @property
    def shown_sort(self) -> str:
        """The order the list is in, by name: the one chosen, else the query's ``sort:``, else
        newest first."""
        if self.sort:
            return self.sort
        try:
            return query.parse(self.filter_text).sort or "-date"
        except query.QueryError:
            return "-date"

    def _page(self, compiled: SqlFilter) -> int:
        if compiled.limit is not None:
            return min(compiled.limit, self.FIRST_PAGE)
        return self.FIRST_PAGE

    def finish(self, loaded: LoadedList) -> bool:
        """Take the whole list loaded in the background; False if a newer filter replaced it."""
        if loaded.generation != self.generation:
            return False
        self.rowids = loaded.rowids
        self.total = loaded.total
        self.unread = loaded.unread
        self.complete = True
        return True

    def reload(self) -> ListRequest | None:
        """Run the current filter again (after indexing changed the archive)."""
        return self.apply_filter(self.filter_text, self.sort)

    def __len__(self) -> int:
        return len(self.rowids)

    def index_of_id(self, article_id: str) -> int | None:
        rowid = self.store.rowid_of(article_id)
        if rowid is None:
            return None
        try:
            return self.rowids.index(rowid)
        except ValueError:
            return None

    def rows(self, start: int, end: int) -> list[ArticleRow | None]:
        """Rows ``start..end`` of the list, fetching the missing ones in one query."""
        wanted = self.rowids[max(0, start) : max(0, end)]
        missing = [r for r in wanted if r not in self._rows]
        if missing:
            for row in self.store.rows_by_rowid(missing):
                self._rows[row.rowid] = row
            while len(self._rows) > self.ROW_CACHE:
                self._rows.popitem(last=False)
        return [self._rows.get(r) for r in wanted]

    def row(self, index: int) -> ArticleRow | None:
        if not 0 <= index < len(self.rowids):
            return None
        rowid = self.rowids[index]
        cached = self._rows.get(rowid)
        return cached if cached is not None else self.rows(index, index + 1)[0]

    def find_unread(self, start: int, step: int) -> int | None:
        """The index of the first unread row from ``start`` going ``step`` (+1 or -1)."""
        chunk = 200
        index = start
        while 0 <= index < len(self.rowids):
            if step > 0:
                low, high = index, min(len(self.rowids), index + chunk)
                candidates = range(low, high)
            else:
                low, high = max(0, index - chunk + 1), index + 1
                candidates = range(high - 1, low - 1, -1)
            rows = self.rows(low, high)
            for position in candidates:
                row = rows[position - low]
                if row is not None and not row.read:
                    return position
            index = high if step > 0 else low - 1
        return None

    def filter_ids(self) -> list[str]:
        """The ids of every article in the current filter, in list order."""
        return self.store.article_ids(self._filter)

    @property
    def filter(self) -> SqlFilter:
        """The current filter, compiled (in the order the list shows)."""
        return self._filter

    # ---- marks -----------------------------------------------------------------------------

    def is_marked(self, article_id: str) -> bool:
        return article_id in self.marked

    def set_marked(self, article_ids: Sequence[str], value: bool) -> None:
        for article_id in article_ids:
            if value:
                self.marked[article_id] = None
            else:
                self.marked.pop(article_id, None)

    def mark_all(self) -> int:
        """Mark every article in the filter; returns how many are marked now."""
        self.set_marked(self.filter_ids(), True)
        return len(self.marked)

    def clear_marks(self) -> None:
        self.marked.clear()

    # ---- one article -----------------------------------------------------------------------

    def article(self, article_id: str) -> StoredArticle | None:
        return self.store.article(article_id)

    # ---- state -----------------------------------------------------------------------------

    def set_read(
        self, article_ids: Sequence[str], value: bool, *, incidental: bool = False
    ) -> None:
        """Mark articles read or unread (``incidental``: by opening one, which undo takes back
        only after every deliberate change)."""
        before = self._flags(article_ids, "read")
        tags.set_read(self.store, list(article_ids), value, incidental=incidental)
        changed = sum(1 for was in before if was != value)
        self.unread += -changed if value else changed
        self._forget(article_ids)

    def set_starred(self, article_ids: Sequence[str], value: bool) -> None:
        tags.set_starred(self.store, list(article_ids), value)
        self._forget(article_ids)

    def preview_tags(
        self, article_ids: Sequence[str], add: Sequence[str], remove: Sequence[str]
    ) -> int:
        """How many of the articles the edit would change; writes nothing."""
        return tags.preview_tags(self.store, article_ids, add, remove)

    def accept_suggestion(self, article_id: str, tag: str) -> bool:
        accepted = topics.accept_suggestion(self.store, article_id, tag)
        self._forget([article_id])
        return accepted

    def all_tags(self) -> list[tuple[str, int]]:
        """Every tag in use with how many articles carry it, most used first."""
        return [(tag, sum(origins.values())) for tag, origins in tags.tag_counts(self.store)]

    def _flags(self, article_ids: Sequence[str], flag: str) -> list[bool]:
        found = self.store.flags(article_ids, flag)
        return [found.get(i, (False, ""))[0] for i in article_ids]

    def _forget(self, article_ids: Sequence[str]) -> None:
        """Drop cached rows of changed articles so the list shows their new state."""
        wanted = set(article_ids)
        for rowid in [r for r, row in self._rows.items() if row.id in wanted]:
            del self._rows[rowid]

    def forget_all(self) -> None:
        self._rows.clear()
