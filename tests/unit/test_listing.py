"""The list as the reader's list pane uses it, without a terminal: filters to ordered rowids,
rows by position, a first page then the rest, marks, state changes, views and names."""

from __future__ import annotations

import pytest

from reader import query
from reader.config import SavedView
from reader.listing import (
    FilterError,
    Library,
    ListRequest,
    ViewNameTaken,
    count_matches,
    entity_filter_text,
    entity_names,
    load_list,
    mark_read,
    save_view,
    sidebar_views,
    tag_query,
    tag_views,
)
from reader.store import Store, StoredView
from reader.tags import apply_tags, set_read, undo
from tests.support.articles import add_article


@pytest.fixture
def ids(store: Store) -> list[str]:
    """Five articles, newest first in the returned list."""
    with store.transaction():
        found = [
            add_article(
                store,
                f"Story {n}",
                f"Harbour news number {n}." if n % 2 else f"Market report {n}.",
                date=f"2024-01-{n:02d}",
                topics=["Ukraine war"] if n <= 2 else [],
                mentions=[("PERSON", "Ann Lee", "Ann Lee")] * (1 if n < 4 else 0)
                + [("PLACE", "Valletta", "Valletta")],
            )
            for n in range(1, 6)
        ]
    return found[::-1]


def titles(library: Library) -> list[str]:
    return [row.title for row in library.rows(0, len(library)) if row is not None]


def test_a_filter_lists_its_articles_newest_first_with_counts(
    store: Store, ids: list[str]
) -> None:
    library = Library(store)
    assert library.apply_filter("") is None  # small: known whole at once
    assert titles(library) == ["Story 5", "Story 4", "Story 3", "Story 2", "Story 1"]
    assert (len(library), library.total, library.unread, library.complete) == (5, 5, 5, True)
    set_read(store, ids[:2], True)
    assert library.reload() is None
    assert library.unread == 3
    assert library.apply_filter("  harbour  ") is None
    assert library.filter_text == "harbour"
    assert titles(library) == ["Story 5", "Story 3", "Story 1"]
    assert library.total == 5  # the archive's size, whatever the filter
    library.apply_filter("sort:title limit:2")
    assert titles(library) == ["Story 1", "Story 2"]


def test_a_long_list_paints_a_first_page_then_loads_the_rest(
    store: Store, ids: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Library, "FIRST_PAGE", 2)
    set_read(store, ids[1:2], True)
    library = Library(store)
    request = library.apply_filter("")
    assert isinstance(request, ListRequest)
    assert not library.complete and len(library) == 2
    assert [row.title for row in library.rows(0, 2) if row] == ["Story 5", "Story 4"]
    loaded = load_list(store, request)
    assert (len(loaded.rowids), loaded.total, loaded.unread) == (5, 5, 4)
    assert library.finish(loaded)
    assert library.complete and len(library) == 5 and library.unread == 4

    # A late list for a filter since replaced is refused.
    stale = library.apply_filter("story")
    newer = library.apply_filter("harbour")
    assert stale is not None and newer is not None
    assert not library.finish(load_list(store, stale))
    assert library.finish(load_list(store, newer))
    assert titles(library) == ["Story 5", "Story 3", "Story 1"]


def test_a_limit_caps_the_first_page_and_the_whole_list(
    store: Store, ids: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Library, "FIRST_PAGE", 3)
    library = Library(store)
    library.apply_filter("limit:2")
    assert len(library) == 2
    request = library.apply_filter("limit:4")
    assert request is not None and len(library) == 3
    loaded = load_list(store, request)
    assert len(loaded.rowids) == 4 and loaded.unread == 4 and loaded.total == 5


def test_a_bad_filter_raises_and_keeps_the_current_one(store: Store, ids: list[str]) -> None:
    library = Library(store)
    library.apply_filter("harbour")
    with pytest.raises(FilterError) as caught:
        library.apply_filter("date:soon")
    assert isinstance(caught.value.__cause__, query.QueryError)
    assert library.filter_text == "harbour" and len(library) == 3
    with pytest.raises(FilterError):
        count_matches(store, "(harbour")


def test_count_matches_follows_the_query_language(store: Store, ids: list[str]) -> None:
    assert count_matches(store, "") == 5
    assert count_matches(store, "harbour") == 3
    assert count_matches(store, "limit:2") == 2
    assert count_matches(store, "topic:ukraine-war") == 2
    assert count_matches(store, 'person:"Ann Lee"') == 3
    set_read(store, ids[:1], True)
    assert count_matches(store, "is:unread") == 4


def test_rows_positions_and_unread_search(store: Store, ids: list[str]) -> None:
    library = Library(store)
    library.apply_filter("")
    assert library.index_of_id(ids[2]) == 2
    assert library.index_of_id("no-such-id") is None
    library.apply_filter("market")
    assert library.index_of_id(ids[0]) is None  # indexed, but not in this filter
    library.apply_filter("")
    assert library.row(1) is not None and library.row(1).id == ids[1]  # type: ignore[union-attr]
    assert library.row(5) is None and library.row(-1) is None
    set_read(store, ids[:2] + ids[3:4], True)
    library.forget_all()
    assert library.find_unread(0, 1) == 2
    assert library.find_unread(3, 1) == 4
    assert library.find_unread(3, -1) == 2
    assert library.find_unread(1, -1) is None


def test_state_changes_show_at_once_and_keep_the_unread_count(
    store: Store, ids: list[str]
) -> None:
    library = Library(store)
    library.apply_filter("")
    first = library.row(0)
    assert first is not None and not first.read and not first.starred
    library.set_read([ids[0], ids[1]], True)
    library.set_read([ids[1]], True)  # already read: the count does not move again
    assert library.unread == 3
    library.set_starred([ids[0]], True)
    again = library.row(0)
    assert again is not None and again.read and again.starred
    library.set_read([ids[0]], False)
    assert library.unread == 4


def test_marks_stay_across_filters_and_cover_a_whole_filter(
    store: Store, ids: list[str]
) -> None:
    library = Library(store)
    library.apply_filter("market")
    assert library.filter_ids() == [ids[1], ids[3]]
    assert library.mark_all() == 2
    library.apply_filter("harbour")
    library.set_marked([ids[0]], True)
    library.set_marked([ids[1]], False)
    assert list(library.marked) == [ids[3], ids[0]]
    assert library.is_marked(ids[0]) and not library.is_marked(ids[1])
    library.clear_marks()
    assert not library.marked


def test_tags_through_the_library(store: Store, ids: list[str]) -> None:
    library = Library(store)
    library.apply_filter("")
    apply_tags(store, ids[:3], add=["harbour"])
    assert library.preview_tags(ids, ["harbour"], []) == 2
    assert library.preview_tags(ids, [], ["harbour"]) == 3
    assert library.all_tags() == [("harbour", 3), ("ukraine-war", 2)]


def test_tag_views_tell_tags_from_site_topics(store: Store, ids: list[str]) -> None:
    apply_tags(store, ids[:3], add=["Sea news"])
    views = tag_views(store, 8)
    assert [(v.view.query, v.view.name, v.count) for v in views] == [
        ("+sea-news", "+sea-news", 3),
        ("topic:ukraine-war", "topic:ukraine-war", 2),
    ]
    assert [v.view.query for v in tag_views(store, 1)] == ["+sea-news"]
    for view in views:
        assert count_matches(store, view.view.query) == view.count


def test_tag_query_writes_a_tag_the_query_language_reads_back() -> None:
    assert tag_query("war", topic=False) == "+war"
    assert tag_query("war", topic=True) == "topic:war"
    assert tag_query("c++", topic=False) == "+c++"
    assert tag_query("a(b)", topic=False) == 'tag:"a(b)"'
    assert tag_query('say "hi"', topic=True) is None


def test_entity_filters_and_names(store: Store, ids: list[str]) -> None:
    assert entity_filter_text("Ann Lee", "PERSON") == 'person:"Ann Lee"'
    assert entity_filter_text('The "Fleet"', "ORG") == 'org:"The Fleet"'
    assert entity_filter_text("Mars") == 'entity:"Mars"'
    assert entity_names(store) == ["Valletta", "Ann Lee"]
    assert entity_names(store, limit=1) == ["Valletta"]
    library = Library(store)
    library.apply_filter(entity_filter_text("Ann Lee", "PERSON"))
    assert titles(library) == ["Story 3", "Story 2", "Story 1"]


# ---- views in the reader's own state, sorting, catching up -------------------------------------


def test_built_in_views_are_always_there_and_config_views_never_replace_them(
    store: Store,
) -> None:
    config_views = [
        SavedView("Unread", "is:unread"),  # the old default config repeated a built-in view
        SavedView("War", "+war", "title"),
        SavedView("All", "+other"),  # a built-in name is not taken over
    ]
    store.store_view(StoredView("Mine", "harbour", "-title"))
    store.store_view(StoredView("War", "+war2"))  # a config view's name wins
    views = sidebar_views(config_views, store.stored_views())
    assert [(v.name, v.origin) for v in views] == [
        ("All", "built-in"),
        ("Unread", "built-in"),
        ("Starred", "built-in"),
        ("War", "config"),
        ("Mine", "saved"),
    ]
    assert views[3].sort == "title" and views[4].sort == "-title"
    assert [v.deletable for v in views] == [False, False, False, False, True]


def test_saving_a_view_goes_to_the_database(store: Store) -> None:
    views = sidebar_views([SavedView("War", "+war")], [])
    save_view(store, "  Harbour  news ", " harbour ", "source", views)
    assert store.stored_views() == [StoredView("Harbour news", "harbour", "source")]
    save_view(store, "Harbour news", "harbour is:unread", "", views)  # same name: replaced
    assert store.stored_views() == [StoredView("Harbour news", "harbour is:unread", "")]
    for taken in ("Starred", "War"):
        with pytest.raises(ViewNameTaken):
            save_view(store, taken, "x", "", views)
    with pytest.raises(ValueError):
        save_view(store, "Odd", "x", "size", views)
    assert store.set_view_sort("Harbour news", "title")
    assert store.stored_views()[0].sort == "title"
    assert store.drop_view("Harbour news") and not store.drop_view("Harbour news")


def test_a_list_sorted_another_way_is_the_same_articles(store: Store, ids: list[str]) -> None:
    library = Library(store)
    library.apply_filter("", "title")
    assert [r.title for r in library.rows(0, 5) if r] == [f"Story {n}" for n in range(1, 6)]
    assert library.shown_sort == "title"
    library.apply_filter("", "-title")
    assert [r.title for r in library.rows(0, 2) if r] == ["Story 5", "Story 4"]
    library.reload()  # the order stays
    assert library.sort == "-title"
    library.apply_filter("sort:date")
    assert library.sort == "" and library.shown_sort == "date"
    with pytest.raises(ValueError):
        library.apply_filter("", "size")


def test_catching_up_marks_a_filter_or_the_marked_read_as_one_step(
    store: Store, ids: list[str]
) -> None:
    change = mark_read(store, query.compile_filter("harbour"))
    assert change.articles == 3 and change.batch > 0
    assert mark_read(store, [ids[0], ids[1]]).articles == 1  # one of them was read already
    unread = Library(store)
    unread.apply_filter("is:unread")
    assert len(unread) == 1
    undo(store)
    undo(store)
    unread.apply_filter("is:unread")
    assert len(unread) == 5
