"""Messages the reader's widgets, panes and workers post: small dataclasses, nothing more.

Messages go up (a widget to its pane, a pane to the main screen, the screen to the app) and
calls go down: the screen tells its panes what to show, they tell it what happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from reader.indexing.progress import IndexProgress
from reader.listing import LoadedList, TagView
from reader.store import StoredArticle
from reader.tags import Change

if TYPE_CHECKING:
    from reader.topics import Evidence


@dataclass
class ArticleHighlighted(Message):
    """The list cursor rests on an article (shown in the article pane, not marked read)."""

    article_id: str

    def can_replace(self, message: Message) -> bool:
        # Holding a key down moves past many articles: only the last one needs loading.
        return isinstance(message, ArticleHighlighted)


@dataclass
class ArticleChosen(Message):
    """The reader opened an article (enter, click, next unread): show it and mark it read."""

    article_id: str


@dataclass
class EntityChosen(Message):
    """A name chosen in the entity panel: filter the archive to articles mentioning it."""

    name: str
    label: str


@dataclass
class FilterSubmitted(Message):
    text: str


@dataclass
class IndexingProgress(Message):
    """An import (``what``: "Indexing", "Finding names", "Watching") advanced."""

    what: str
    progress: IndexProgress


@dataclass
class JobFinished(Message):
    what: str
    summary: str
    changed: bool  # the index changed: the list must be reloaded
    failed: bool = False


@dataclass
class ListLoaded(Message):
    """The whole list of a filter, loaded in the background after its first page was shown."""

    loaded: LoadedList


@dataclass
class FilterCounted(Message):
    """How many articles a filter being typed would show; ``count`` is None for a bad one."""

    text: str
    count: int | None
    error: str = ""


@dataclass
class ListChanged(Message):
    """The list pane shows a new filter, or the rest of its list arrived: the status line and
    the article pane follow."""


@dataclass
class RowsArrived(Message):
    """An import running now has written more articles: the list may grow."""


@dataclass
class NamesReady(Message):
    """The names of an article were found now (``found``: it has some)."""

    article_id: str
    found: bool


@dataclass
class ArchiveWatched(Message):
    """A change in the archive folders was indexed; ``changed``: the index changed."""

    summary: str
    changed: bool


@dataclass
class StatusUpdate(Message):
    """Something for the status line: a note (the outcome of an action), or the job running
    (``job=""`` when it is done). None leaves that part as it is."""

    note: str | None = None
    error: bool | None = None
    job: str | None = None


@dataclass
class WorkDone(Message):
    """Indexing and name finding are over; ``current`` is the article shown (the packaging
    check ends on it)."""

    current: StoredArticle | None


@dataclass
class MarksChanged(Message):
    """Articles were marked or unmarked in the list."""

    marked: int


@dataclass
class ViewChosen(Message):
    """A view was chosen in the sidebar: apply its query, sorted as the view is."""

    name: str
    query: str
    sort: str = ""


@dataclass
class ViewsCounted(Message):
    """Live counts of the saved views, in their order (None: the query is not valid), and the
    views of the tags and topics most in use, with theirs."""

    queries: tuple[str, ...]
    counts: tuple[int | None, ...]
    tag_views: tuple[TagView, ...] = ()


@dataclass
class SuggestionsReady(Message):
    """Suggested tags for an article, found in the background (best first)."""

    article_id: str
    tags: tuple[str, ...]


@dataclass
class ChangeWritten(Message):
    """A journalled change (tags, undo, redo) was written, perhaps by a worker. ``change`` is
    None when there was nothing to undo or redo."""

    verb: str  # "Tagged", "Undid", "Redid": the start of the status line's note
    change: Change | None
    reload: bool  # the list must be filtered again (read state may have changed)


@dataclass
class EntityCurated(Message):
    """A correction to a name (hide, type, alias) was stored, perhaps by a worker: ``note``
    says what happened; ``name`` is the one to keep highlighted in the entity panel."""

    note: str
    error: bool = False
    name: str = ""


@dataclass
class EntityNamesLoaded(Message):
    """The archive's names, most mentioned first, for completing a name being typed."""

    names: list[str]


# ---- tools inside the article --------------------------------------------------------------


@dataclass
class FindChanged(Message):
    """The search in the article changed: what was typed ("" once it ended), the current
    match (counted from 0; None before the first move) and how many there are."""

    typed: str
    current: int | None
    count: int


@dataclass
class EvidenceReady(Message):
    """Why ``tag`` is suggested for an article, found in the background (None: the tag has
    no learned evidence)."""

    article_id: str
    tag: str
    evidence: Evidence | None


@dataclass
class SuggestionDismissed(Message):
    """A dismissed suggestion was stored (``stored``: it was not dismissed already), or could
    not be (``error``)."""

    article_id: str
    tag: str
    stored: bool
    error: str = ""
