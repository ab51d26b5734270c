"""Table ``views``: the views the reader saves (a name, a query, the order the list is sorted
in), kept in the reader's own state and never in the user's config.toml.

Plain reads and writes; which views the sidebar shows, and in what order, is decided in
:mod:`reader.listing`.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.store.database import Database, now_iso

__all__ = ["StoredView", "ViewTables"]


@dataclass(frozen=True, slots=True)
class StoredView:
    name: str
    query: str
    sort: str = ""  # a name of selection.SORTS; "" keeps the query's own order


class ViewTables(Database):
    def stored_views(self) -> list[StoredView]:
        """The saved views in the order they were first saved."""
        return [
            StoredView(str(r[0]), str(r[1]), str(r[2]))
            for r in self.conn.execute("SELECT name, query, sort FROM views ORDER BY position")
        ]

    def store_view(self, view: StoredView) -> None:
        """Save a view; one saved again under its name keeps its place in the list."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO views (name, query, sort, position, saved_at) "
                "VALUES (?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM views), ?) "
                "ON CONFLICT (name) DO UPDATE SET query = excluded.query, sort = excluded.sort, "
                "saved_at = excluded.saved_at",
                (view.name, view.query, view.sort, now_iso()),
            )

    def set_view_sort(self, name: str, sort: str) -> bool:
        """The order a saved view's list is sorted in; False if no view has the name."""
        with self.transaction():
            cursor = self.conn.execute("UPDATE views SET sort = ? WHERE name = ?", (sort, name))
        return cursor.rowcount > 0

    def drop_view(self, name: str) -> bool:
        """Delete a saved view; False if no view has the name."""
        with self.transaction():
            cursor = self.conn.execute("DELETE FROM views WHERE name = ?", (name,))
        return cursor.rowcount > 0
