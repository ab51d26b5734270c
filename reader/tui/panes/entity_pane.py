"""The entity pane beside the article: the article's names by type with their mention counts,
a hint for the keys, and corrections to the highlighted name (hide it, change its type, merge it
into another).

The article comes down from the screen (``article``, bound to the screen's current one) and is
listed only while the pane is open (``open``). A correction rewrites the mentions of every
article with the name (a common one is in thousands), so it is stored in a worker; the outcome
goes up as ``EntityCurated`` and the screen shows the article again, whose names then come back
here with the corrected name still highlighted.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import var
from textual.widgets import Static

from reader import entities
from reader.listing import entity_names
from reader.store import Store, StoredArticle
from reader.tui.commands import key_hint
from reader.tui.jobs import cancellable
from reader.tui.messages import EntityCurated, EntityNamesLoaded, StatusUpdate
from reader.tui.render import LABEL_NAMES, one_line
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.screens.entity_type import EntityTypeScreen
from reader.tui.screens.prompt import NameSuggester, PromptScreen
from reader.tui.widgets.entity_panel import EntityPanel
from reader.tui.work import Cancelled, in_store, run_job

TITLE = "Names in this article"

Curate = Callable[[Store], str]  # a correction to a name, given the store; says what it did


def a_kind(label: str) -> str:
    """How the status line names a type: "a place", "an organisation", "under Other"."""
    kind = LABEL_NAMES.get(label, label.lower())
    if label == "OTHER":
        return "under Other"
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


def store_correction(
    curate: Curate, keep: str, store: Store, cancelled: Cancelled
) -> EntityCurated:
    """Store a correction; what went wrong is the outcome, never an exception."""
    try:
        return EntityCurated(curate(store), name=keep)
    except ValueError as error:  # "US" is already an alias of "U.S."
        return EntityCurated(str(error), error=True)
    except sqlite3.Error as error:
        return EntityCurated(f"cannot store the correction: {error}", error=True)


def load_names(store: Store, cancelled: Cancelled) -> EntityNamesLoaded | None:
    """The archive's names for completion; nothing when the prompt closed first."""
    with cancellable(store, cancelled):
        try:
            return EntityNamesLoaded(entity_names(store))
        except sqlite3.OperationalError:  # interrupted: the prompt was closed
            return None


class EntityPane(Vertical):
    article: var[StoredArticle | None] = var(None, always_update=True, init=False)
    open: var[bool] = var(False, init=False)
    # The corrections to the chosen name the screen hands over by name (``entity('hide_entity')``):
    # they can run while a name is chosen.
    ACTIONS = frozenset(("hide_entity", "relabel_entity", "alias_entity", "split_entity"))

    def __init__(self, database: Path, keymap: Mapping[str, str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.database = database
        self.keymap = keymap
        self._name_suggester: NameSuggester | None = None  # the open "same as" prompt's
        # After a correction: the name to highlight again, and where the highlight was.
        self._restore: tuple[str, int | None] | None = None
        self.panel = EntityPanel(id="entities")

    def compose(self) -> ComposeResult:
        def key(command_id: str) -> str:
            return key_hint(command_id, self.keymap)

        hint = (
            f"{key('open')}: articles mentioning it\n"
            f"{key('hide_entity')}: not a name · {key('relabel_entity')}: type\n"
            f"{key('alias_entity')}: same as… · {key('clear')}/{key('toggle_entities')}: close"
        )
        yield Static(Content(TITLE), id="entities-title")
        yield self.panel
        yield Static(Content(hint), id="entities-hint")

    def watch_article(self) -> None:
        restore, self._restore = self._restore, None
        if self.open:
            self._list_names()
            if restore is not None:
                self.panel.restore_highlight(*restore)

    def watch_open(self, opened: bool) -> None:
        if opened:
            self._list_names()

    def _list_names(self) -> None:
        self.panel.show_spans(self.article.spans if self.article is not None else [])

    @property
    def chosen(self) -> tuple[str, str] | None:
        """(name, label) highlighted in the panel, when it is open and has the focus: what a
        correction acts on."""
        if not self.open or not self.panel.has_focus:
            return None
        return self.panel.highlighted_entity

    # ---- corrections -----------------------------------------------------------------------

    def correct(self, command: str) -> None:
        corrections = {
            "hide_entity": self.hide_chosen,
            "relabel_entity": self.relabel_chosen,
            "alias_entity": self.alias_chosen,
            "split_entity": self.split_chosen,
        }
        corrections[command]()

    def hide_chosen(self) -> None:
        chosen = self.chosen
        if chosen is None:
            return
        name = chosen[0]
        question = Text("Hide ")
        question.append(one_line(name), style="bold")
        question.append(
            " everywhere? It is not a name: no article will highlight or list it, now or "
            "after indexing again.\n\n"
        )
        question.append(f"`reader entities unhide {one_line(name)}` brings it back.", style="dim")

        def answered(yes: bool | None) -> None:
            if not yes:
                self.post_message(StatusUpdate(note="Nothing changed.", error=False))
                return

            def hide(store: Store) -> str:
                entities.hide_entity(store, name)
                return f"Hidden: {one_line(name)}"

            self._curate("Hiding", hide, keep="")

        self.app.push_screen(ConfirmScreen(question, title="Not a name"), answered)

    def relabel_chosen(self) -> None:
        chosen = self.chosen
        if chosen is None:
            return
        name, label = chosen

        def picked(new: str | None) -> None:
            if new is None:
                return
            kind = a_kind(new)
            if new == label:
                note = f"{one_line(name)} is {kind} already."
                self.post_message(StatusUpdate(note=note, error=False))
                return

            def relabel(store: Store) -> str:
                entities.set_label(store, name, new)
                return f"{one_line(name)} is now {kind}"

            self._curate("Changing the type", relabel, keep=name)

        self.app.push_screen(EntityTypeScreen(name, label), picked)

    def alias_chosen(self) -> None:
        chosen = self.chosen
        if chosen is None:
            return
        name = chosen[0]
        suggester = NameSuggester(exclude=name)
        self._name_suggester = suggester
        explanation = Text("Which name is ", style="dim")
        explanation.append(one_line(name), style="bold")
        explanation.append(" the same as? Every article will show it under that name.", style="dim")
        prompt = PromptScreen("Same as…", explanation, answer="merge", suggester=suggester)

        def named(target: str | None) -> None:
            self._name_suggester = None
            self.workers.cancel_group(self, "names")
            if not target:
                return
            target = suggester.spelling(target)

            def alias(store: Store) -> str:
                entities.add_alias(store, name, target)
                return f"{one_line(name)} is now {one_line(target)}"

            self._curate("Merging names", alias, keep=target)

        self.app.push_screen(prompt, named)
        run_job(self, in_store(self.database, load_names), group="names", exclusive=True)

    def split_chosen(self) -> None:
        chosen = self.chosen
        if chosen is None or self.article is None:
            return
        name, article_id = chosen[0], self.article.id

        def split(store: Store) -> str:
            forms = entities.split_grouped(store, article_id, name)
            if not forms:
                return f"Nothing here is grouped under {one_line(name)}."
            return f"Not {one_line(name)}: {', '.join(one_line(f) for f in forms)}"

        self._curate("Splitting", split, keep=name)

    def on_entity_names_loaded(self, event: EntityNamesLoaded) -> None:
        event.stop()
        if self._name_suggester is not None:
            self._name_suggester.set_names(event.names)

    def _curate(self, doing: str, curate: Curate, *, keep: str) -> None:
        self.post_message(StatusUpdate(job=f"{doing}…"))
        job = in_store(self.database, partial(store_correction, curate, keep))
        run_job(self, job, group="curate")

    def on_entity_curated(self, event: EntityCurated) -> None:
        # Going up to the screen, which shows the article again: its names come back here.
        self.post_message(StatusUpdate(job="", note=event.note, error=event.error))
        if not event.error:
            self._restore = (event.name, self.panel.highlighted)
