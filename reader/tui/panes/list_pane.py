"""The list pane: saved views, the filter bar and the article list, over one ``Library``.

The pane owns what is listed and what is done to the listed articles: a filter's first page is
shown at once and the rest loaded in a worker; the list is run again when the archive changes,
with the cursor kept on its article; marks; and the journalled changes to tags, read and
starred, a change to several articles previewed and confirmed first and written in a worker
with its own store, so the screen keeps drawing meanwhile.

It tells the screen by messages: ``ListChanged`` for a new filter and when the rest of a list
arrived, ``ChangeWritten`` once a change is stored (after the pane has redrawn its rows),
``StatusUpdate`` for the status line; the list's ``ArticleHighlighted``, ``ArticleChosen`` and
``MarksChanged`` and the views' ``ViewChosen`` pass through.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical

from reader import tags
from reader.config import Config
from reader.listing import SORT_NAMES, FilterError, Library, ListRequest, load_list, mark_read
from reader.store import Store, StoredArticle
from reader.tags import Change
from reader.tui.commands import key_hint
from reader.tui.messages import (
    ChangeWritten,
    ListChanged,
    ListLoaded,
    MarksChanged,
    StatusUpdate,
)
from reader.tui.render import one_line
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.screens.sort import SortScreen
from reader.tui.screens.tag_editor import TagEdit, TagEditorScreen, TagTarget
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.filter_bar import FilterBar
from reader.tui.widgets.view_list import ViewList
from reader.tui.work import Cancelled, in_store, run_job

Write = Callable[[Store], Change | None]  # a journalled change, given the store to write to

DOING = {"Tagged": "Tagging", "Undid": "Undoing", "Redid": "Redoing", "Marked": "Marking read"}


def load_rest(request: ListRequest, store: Store, cancelled: Cancelled) -> ListLoaded:
    return ListLoaded(load_list(store, request))


def write_change(
    verb: str, write: Write, reload: bool, store: Store, cancelled: Cancelled
) -> ChangeWritten:
    return ChangeWritten(verb, write(store), reload)


class ListPane(Vertical):
    # The commands on the listed articles the screen hands over by name (``list('sort')``):
    # the pane says whether one can run now (``can``) and runs it (``run``).
    ACTIONS = frozenset(
        (
            "edit_tags",
            "quick_tag",
            "undo",
            "redo",
            "mark_all",
            "clear_marks",
            "sort",
            "save_view",
            "delete_view",
            "next_unread",
            "previous_unread",
            "catch_up",
            "next_article",
            "previous_article",
        )
    )

    def __init__(
        self,
        library: Library,
        config: Config,
        database: Path,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.library = library
        self.config = config
        self.database = database
        # The article to put the cursor back on once a reloaded list arrives.
        self._keep_id: str | None = None
        # The order the reader chose for a query this session ("" = the query's own): it
        # comes back with the query. A saved view keeps its order in the database too.
        self.sorts: dict[str, str] = {}
        self.view_list = ViewList(config, library.store, database, id="views")
        self.view_list.border_title = "Views"
        self.filter_bar = FilterBar(database, id="filter")
        self.article_list = ArticleList(library, tag_colors=config.tag_colors, id="articles")

    def compose(self) -> ComposeResult:
        yield self.view_list
        yield self.filter_bar
        yield self.article_list

    def run(self, command: str, current: StoredArticle | None, argument: str = "") -> str | None:
        """Run a command on ``current`` (the article shown) or the listed articles; those that
        move the cursor give back the article to open there."""
        library = self.library
        moves = {"next_unread": (+1, True), "previous_unread": (-1, True)}
        moves |= {"next_article": (+1, False), "previous_article": (-1, False)}
        if command in moves:
            step, unread = moves[command]
            return self.step(step, unread=unread)
        commands: dict[str, Callable[[], None]] = {
            "catch_up": self.catch_up,
            "edit_tags": lambda: self.edit_tags(current),
            "quick_tag": lambda: self.quick_tag(self.config.quick_tags.get(argument, ""), current),
            "undo": lambda: self.write("Undid", tags.undo, reload=True),
            "redo": lambda: self.write("Redid", tags.redo, reload=True),
            "mark_all": self.mark_all,
            "clear_marks": self.clear_marks,
            "sort": self.choose_sort,
            "save_view": lambda: self.view_list.ask_to_save(library.filter_text, library.sort),
            "delete_view": lambda: self.view_list.ask_to_delete(library.filter_text),
        }
        commands[command]()
        return None

    # ---- the list --------------------------------------------------------------------------

    def show_filter(
        self, text: str, *, keep_id: str | None = None, sort: str | None = None
    ) -> None:
        """List what ``text`` matches, the cursor on ``keep_id`` if it is listed, in the order
        ``sort`` names (None: the one chosen for this query before, else its view's). Raises
        ``FilterError`` (and changes nothing) when the filter cannot be understood."""
        query = text.strip()
        if sort is None:
            sort = self.sorts[query] if query in self.sorts else self.view_list.sort_for(query)
        request = self.library.apply_filter(text, sort)
        self._keep_id = keep_id
        self._load(request)
        self.article_list.reset(self._kept_index())
        if self.library.complete:
            self._keep_id = None
        self.view_list.set_current(self.library.filter_text)
        self.post_message(ListChanged())

    def try_filter(
        self, text: str, *, keep_id: str | None = None, sort: str | None = None
    ) -> str | None:
        """``show_filter``, but what is wrong with a filter that cannot be understood is given
        back (nothing changed) rather than raised, for the status line."""
        try:
            self.show_filter(text, keep_id=keep_id, sort=sort)
        except FilterError as error:
            return str(error)
        return None

    def sort_by(self, sort: str) -> None:
        """Show the list in another order, the cursor on the same article; a saved view that
        is showing keeps the order."""
        current = self.article_list.current
        query = self.library.filter_text
        self.show_filter(query, keep_id=current.id if current else None, sort=sort)
        self.sorts[query] = sort
        self.view_list.remember_sort(query, sort)

    def choose_sort(self) -> None:
        """Ask for an order (S) and show the list in it."""

        def chosen(sort: str | None) -> None:
            if sort is not None:
                self.sort_by(sort)
                note = f"Sorted: {SORT_NAMES[sort].lower()}"
                self.post_message(StatusUpdate(note=note, error=False))

        query = one_line(self.library.filter_text)
        self.app.push_screen(SortScreen(self.library.shown_sort, query=query), chosen)

    def arrange_views(self, *, shown: bool, choosing: bool) -> None:
        """Show the views or not; while one is being chosen, narrow, they cover the list."""
        self.view_list.set_class(not shown, "-hidden")
        self.view_list.set_class(choosing, "-open")

    def view_note(self, name: str, query: str) -> str:
        """What the status line says of a chosen view: its name, unless it is named by its
        query (a tag's or a topic's view), which the filter shown says already."""
        return f"View: {one_line(name)}" if name.strip() != query.strip() else ""

    def sort_for_view(self, query: str, sort: str) -> str:
        """A view's order: the one chosen for its query this session, else the view's own."""
        return self.sorts.get(query.strip(), sort)

    def reload(self) -> None:
        """The archive changed under the list: run the filter again, keep the cursor's article."""
        if self._keep_id is None:  # else a reload still waiting for its list keeps that one's
            current = self.article_list.current
            self._keep_id = current.id if current is not None else None
        request = self.library.reload()
        self._load(request)
        keep = self._keep_id
        index = self.library.index_of_id(keep) if keep is not None else None
        # An article beyond the first page keeps being shown until the whole list is there:
        # the cursor does not wander to another article meanwhile (rows arrive during imports).
        self.article_list.reset(index or 0, announce=index is not None or keep is None)
        if request is None:
            self._keep_id = None

    def counts(self) -> dict[str, object]:
        """What the status line says of the list: its filter, counts and order (the usual
        order, newest first, goes unsaid)."""
        library = self.library
        return {
            "filter_text": library.filter_text,
            "shown": len(library),
            "total": library.total,
            "unread": library.unread,
            "marked": len(library.marked),
            "sort": "" if library.shown_sort == "-date" else SORT_NAMES[library.shown_sort],
        }

    def _kept_index(self) -> int:
        keep = self._keep_id
        index = self.library.index_of_id(keep) if keep is not None else None
        return index or 0

    def _load(self, request: ListRequest | None) -> None:
        """Load the rest of a list whose first page is showing."""
        if request is not None:
            job = in_store(self.database, partial(load_rest, request))
            run_job(self, job, group="list", exclusive=True)

    def on_list_loaded(self, event: ListLoaded) -> None:
        event.stop()
        if not self.library.finish(event.loaded):
            return
        if self._keep_id is not None:
            self.article_list.reset(self._kept_index())
            self._keep_id = None
        else:
            self.article_list.grown()
        self.post_message(ListChanged())

    def rows_changed(self, *, reload: bool = False) -> None:
        """Tags or state changed: redraw the rows (run the filter again if ``reload``) and
        count the views again."""
        if reload:
            self.reload()
        self.article_list.row_changed()
        self.view_list.schedule_count()

    def step(self, step: int, *, unread: bool = False) -> str | None:
        """Move the cursor ``step`` rows on, or to the next unread row that way (newsboat's J
        and K, n and p), and give that article to open; at the end of the list, say so."""
        cursor = self.article_list.cursor + step
        index = self.library.find_unread(cursor, step) if unread else cursor
        row = self.library.row(index) if index is not None else None
        if index is None or row is None:
            self.notify(f"No more {'unread ' if unread else ''}articles that way.", timeout=3)
            return None
        self.article_list.move_to(index)
        return row.id

    # ---- marks -----------------------------------------------------------------------------

    def mark_all(self) -> None:
        marked = self.library.mark_all()
        self.article_list.row_changed()
        keymap = self.config.keymap
        tag, clear = key_hint("edit_tags", keymap), key_hint("clear_marks", keymap)
        note = f"{marked:,} marked: {tag} tags them, {clear} clears the marks"
        self.post_message(StatusUpdate(note=note))
        self.post_message(MarksChanged(len(self.library.marked)))

    def clear_marks(self) -> None:
        self.library.clear_marks()
        self.article_list.row_changed()
        self.post_message(MarksChanged(0))

    def targets(self, current: StoredArticle | None) -> list[str]:
        """What tag changes act on: the marked articles, else the one shown."""
        if self.library.marked:
            return list(self.library.marked)
        return [current.id] if current is not None else []

    def can(
        self, action: str, parameters: tuple[object, ...], current: StoredArticle | None
    ) -> bool:
        """Whether one of the screen's actions on the listed articles can run now."""
        library = self.library
        if action == "edit_tags":
            return bool(self.targets(current))
        if action == "quick_tag":
            digit = str(parameters[0]) if parameters else ""
            return bool(self.config.quick_tags.get(digit)) and bool(self.targets(current))
        if action == "mark_all":
            return len(library) > 0
        if action == "clear_marks":
            return bool(library.marked)
        if action == "save_view":
            return bool(library.filter_text)
        if action == "delete_view":
            return self.view_list.view_to_delete(library.filter_text) is not None
        if action in ("next_unread", "previous_unread"):
            return library.unread > 0
        if action == "catch_up":
            return bool(library.marked) or len(library) > 0
        if action in ("next_article", "previous_article"):
            return len(library) > 0
        return True

    # ---- read, starred and tags ------------------------------------------------------------

    def catch_up(self) -> None:
        """Mark the marked articles read, else every article of the list: one undoable step,
        asked first when it is more than one article, written in a worker."""
        library = self.library
        marked = list(library.marked)
        count = len(marked) if marked else len(library)
        if not count:
            self.post_message(StatusUpdate(note="Nothing to mark read."))
            return
        # A filter is run again in the worker: the whole list may still be loading.
        target = marked or library.filter

        def write(store: Store) -> Change:
            return mark_read(store, target)

        if count == 1:
            self.write("Marked", write, reload=True)
            return
        noun = "marked articles" if marked else "articles in this list"
        question = Text(f"Mark the {count:,} {noun} read?")
        if not marked and library.complete:
            verb = "is" if library.unread == 1 else "are"
            question.append(f"\n\n{library.unread:,} of them {verb} unread.", style="dim")
        undo = key_hint("undo", self.config.keymap)
        question.append(f"\n{undo} undoes it.", style="dim")

        def answered(yes: bool | None) -> None:
            if yes:
                self.write("Marked", write, reload=True)
            else:
                self.post_message(StatusUpdate(note="Nothing changed."))

        self.app.push_screen(ConfirmScreen(question, title="Mark read"), answered)

    def set_read(
        self, article_ids: Sequence[str], value: bool, *, incidental: bool = False
    ) -> None:
        self.library.set_read(article_ids, value, incidental=incidental)
        self.rows_changed()

    def set_starred(self, article_ids: Sequence[str], value: bool) -> None:
        self.library.set_starred(article_ids, value)
        self.rows_changed()

    def toggle_star(self, stored: StoredArticle) -> None:
        stored.starred = not stored.starred
        self.set_starred([stored.id], stored.starred)

    def edit_tags(self, current: StoredArticle | None) -> None:
        """Open the tag editor on the marked articles, else the one shown."""
        ids = self.targets(current)
        if not ids:
            return
        marked = len(self.library.marked)
        now: tuple[str, ...] = ()
        if marked:
            label = f"{marked:,} marked article{'s' if marked != 1 else ''}"
        else:
            label = "this article"
            now = tuple(t.tag for t in current.tags) if current is not None else now
        target = TagTarget(label, now, len(self.library))
        editor = TagEditorScreen(target, self.library.all_tags(), self.config.keymap)

        def edited(edit: TagEdit | None) -> None:
            if edit is not None:
                chosen = self.library.filter_ids() if edit.whole_filter else ids
                self.write_tags(chosen, list(edit.add), list(edit.remove))

        self.app.push_screen(editor, edited)

    def quick_tag(self, tag: str, current: StoredArticle | None) -> None:
        ids = self.targets(current)
        if not tag or not ids:
            return
        if len(ids) == 1:
            self.write("Tagged", lambda store: tags.toggle_tag(store, ids, tag), many=False)
            return
        # A toggle adds to the articles that lack the tag, or removes it when all have it.
        adding = self.library.preview_tags(ids, [tag], [])
        add, remove = ([tag], []) if adding else ([], [tag])
        self.write_tags(ids, add, remove)

    def write_tags(self, ids: list[str], add: list[str], remove: list[str]) -> None:
        """Apply a tag edit; to several articles only after a preview and a yes."""
        if not ids:
            return

        def write(store: Store) -> Change:
            return tags.apply_tags(store, ids, add, remove)

        if len(ids) == 1:
            self.write("Tagged", write, many=False)
            return
        changing = self.library.preview_tags(ids, add, remove)
        edit = " ".join([*(f"+{t}" for t in add), *(f"-{t}" for t in remove)])
        if not changing:
            note = f"Nothing to change: {edit} on {len(ids):,} articles"
            self.post_message(StatusUpdate(note=note))
            return
        question = Text(edit, style="bold")
        question.append(f"\n\nThis changes {changing:,} of the {len(ids):,} articles. Apply it?")

        def answered(yes: bool | None) -> None:
            if yes:
                self.write("Tagged", write)
            else:
                self.post_message(StatusUpdate(note="Nothing changed."))

        self.app.push_screen(ConfirmScreen(question, title="Change tags"), answered)

    def write(self, verb: str, write: Write, *, reload: bool = False, many: bool = True) -> None:
        """Store a journalled change. One that may touch many articles (bulk tags, undo, redo)
        is written in a worker with its own store; one article's at once."""
        if not many:
            self.post_message(ChangeWritten(verb, write(self.library.store), reload))
            return
        self.post_message(StatusUpdate(job=f"{DOING.get(verb, verb)}…"))
        job = in_store(self.database, partial(write_change, verb, write, reload))
        run_job(self, job, group="write")

    def accept_suggestion(self, article_id: str, tag: str) -> bool:
        if not self.library.accept_suggestion(article_id, tag):
            return False
        self.post_message(StatusUpdate(note=f"Tagged: +{one_line(tag)} (suggested)", error=False))
        self.rows_changed()
        return True

    def on_change_written(self, event: ChangeWritten) -> None:
        # The list's part; the message goes on to the screen for the article and the status.
        change = event.change
        if change is None:
            note = f"Nothing to {'undo' if event.verb == 'Undid' else 'redo'}."
        elif not change.batch:
            note = "Nothing to change."
        else:
            note = f"{event.verb}: {change.description}"
            self.library.forget_all()
            self.rows_changed(reload=event.reload)
        self.post_message(StatusUpdate(note=note, error=False, job=""))
