"""The article pane: the article shown, the tags suggested for it, its address, and the tools
for reading it: a search inside it, its links by number, and handing it to a command, a file,
the pager or the editor.

The article comes down from the screen (``article``, bound to its current one) and goes on to
the article view. An article no rule or person has labelled yet gets suggestions, found in a
worker from one long-lived store (the learned model is kept between articles) and shown in the
article's header when they arrive, if it is still the one shown; the evidence for the best one
is found the same way on request, and a dismissed one is stored there too.

The screen hands the pane its tools by name (``use``, from the ``reading('tool')`` action of the
command table) and asks whether one can be used now (``can_use``). Outcomes go to the status
line (``StatusUpdate``). A tool that shows something inside the article (matches, numbers)
opens the article for reading first (``ArticleChosen``), so it is on screen and has the keys.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult, SuspendNotSupported
from textual.containers import Vertical
from textual.reactive import var
from textual.widgets import Static

from reader.config import Config
from reader.safety import display_path, safe_link
from reader.store import StoredArticle
from reader.topics import LABEL_ORIGINS
from reader.tui import external
from reader.tui.commands import key_hint
from reader.tui.jobs import Suggester, dismiss_job, explain_job, suggest_job
from reader.tui.messages import (
    ArticleChosen,
    EvidenceReady,
    FindChanged,
    StatusUpdate,
    SuggestionDismissed,
    SuggestionsReady,
)
from reader.tui.render import one_line
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.screens.prompt import PromptScreen
from reader.tui.screens.reading import FindScreen, LinkScreen, PipeScreen
from reader.tui.widgets.article_view import ArticleView
from reader.tui.work import Cancelled, run_job

NO_ADDRESS = "This article has no web address."


def placeholder(*, listed: int, indexing: bool, filtered: bool, clear_key: str) -> str:
    """What the pane says when no article is shown."""
    if listed:
        return ""
    if indexing:
        return "  Indexing…"
    if filtered:
        return f"  No articles match this filter. {clear_key} clears it."
    return "  No articles yet: run `reader PATH` with a folder of articles."


def said(outcome: external.Outcome) -> StatusUpdate:
    return StatusUpdate(note=outcome.note, error=outcome.error)


class ArticlePane(Vertical):
    article: var[StoredArticle | None] = var(None, always_update=True, init=False)

    # The tools the screen hands over by name (``reading('find')``).
    TOOLS = (
        "open_url",
        "copy_url",
        "cycle_highlights",
        "find",
        "next_match",
        "previous_match",
        "open_link",
        "copy_link",
        "pipe",
        "save",
        "pager",
        "editor",
        "explain",
        "dismiss",
    )

    # The screen's actions on the article shown, which the pane says can run or not (``can``).
    ACTIONS = frozenset(("toggle_read", "toggle_star", "read_on", "accept_suggestion", "reading"))

    def __init__(self, database: Path, config: Config, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.config = config
        self.keymap = config.keymap
        self.suggester = Suggester(database, workflow=config.suggestion_workflow_tags())
        self.view = ArticleView(tag_colors=config.tag_colors, keymap=config.keymap, id="article")
        self.find_bar = Static(id="find-bar")
        self.find_bar.display = False
        self.last_find = ""
        self.last_pipe = ""
        self.pipe_markdown = False
        self.save_folder = Path.cwd()  # where the save prompt proposes to save first

    def compose(self) -> ComposeResult:
        yield self.view.data_bind(ArticlePane.article)
        yield self.find_bar

    def watch_article(self, article: StoredArticle | None) -> None:
        if article is not None and not any(t.origin in LABEL_ORIGINS for t in article.tags):
            job = suggest_job(self.suggester, article.id)
            run_job(self, job, group="suggest", exclusive=True)

    def on_suggestions_ready(self, event: SuggestionsReady) -> None:
        event.stop()
        self.view.show_suggestions(event.article_id, event.tags)
        self.refresh_bindings()  # accepting one is possible now

    def on_unmount(self) -> None:
        self.suggester.close()

    def say(self, note: str, *, error: bool = False) -> None:
        self.post_message(StatusUpdate(note=note, error=error))

    # ---- the tools, by name ----------------------------------------------------------------

    def can(
        self, action: str, parameters: tuple[object, ...], current: StoredArticle | None
    ) -> bool:
        """Whether one of the screen's actions on ``current``, the article shown, can run now."""
        if action == "accept_suggestion":
            return bool(self.view.shown_suggestions)
        if action == "reading":
            return current is not None and self.can_use(str(parameters[0]))
        return current is not None

    def can_use(self, tool: str) -> bool:
        """Whether the tool can be used now (the palette offers it, its key acts)."""
        if tool not in self.TOOLS or self.article is None:
            return False
        if tool in ("explain", "dismiss"):
            return bool(self.view.shown_suggestions)
        return True

    def use(self, tool: str) -> None:
        tools: dict[str, Callable[[], None]] = {
            "open_url": self.open_url,
            "copy_url": self.copy_url,
            "cycle_highlights": self.view.cycle_highlights,
            "find": self.find,
            "next_match": lambda: self.next_match(+1),
            "previous_match": lambda: self.next_match(-1),
            "open_link": lambda: self.choose_link(copy=False),
            "copy_link": lambda: self.choose_link(copy=True),
            "pipe": self.pipe,
            "save": self.save,
            "pager": self.pager,
            "editor": self.editor,
            "explain": self.explain,
            "dismiss": self.dismiss,
        }
        if self.article is not None and tool in tools:
            tools[tool]()

    def say_when_empty(self, *, listed: int, indexing: bool, filtered: bool) -> None:
        """What to say while no article is shown (``placeholder``)."""
        clear_key = key_hint("clear", self.keymap)
        self.view.placeholder = placeholder(
            listed=listed, indexing=indexing, filtered=filtered, clear_key=clear_key
        )

    def filter_words(self, text: str) -> None:
        """The list is filtered by ``text``: its words are marked in the article."""
        self.view.set_filter(text)

    def _read_here(self) -> None:
        """Open the article for reading (shown and focused), unless it is already."""
        if self.article is not None and self.screen.focused is not self.view:
            self.post_message(ArticleChosen(self.article.id))

    # ---- searching in the article ----------------------------------------------------------

    def find(self) -> None:
        def found(typed: str | None) -> None:
            if typed is None:  # cancelled: the search in hand stays
                return
            if typed:
                self.last_find = typed
            count = self.view.find(typed)
            if typed and not count:
                self.say(f"Not found in this article: {one_line(typed)}")

        self._read_here()  # laid out by the time the words are typed
        self.app.push_screen(FindScreen(self.last_find), found)

    def next_match(self, step: int) -> None:
        if not self.view.finding:
            self.say(f"No search in this article: {key_hint('find_in_article', self.keymap)} "
                     "finds words in it.")
            return
        if not self.view.find_count:
            self.say(f"Not found in this article: {one_line(self.view.find_typed)}")
            return
        if self.view.next_match(step):
            self.say(f"Search went on from the {'start' if step > 0 else 'end'}.")

    def on_find_changed(self, event: FindChanged) -> None:
        event.stop()
        bar = self.find_bar
        if not event.typed:
            bar.display = False
            self.refresh_bindings()
            return
        keys = {name: key_hint(name, self.keymap) for name in ("next_match", "previous_match")}
        text = Text(" Find ", style="bold")
        text.append(f"“{one_line(event.typed)}”")
        if not event.count:
            text.append(": not in this article")
        elif event.current is None:
            text.append(f": {event.count:,} match{'es' if event.count != 1 else ''}")
        else:
            text.append(f": {event.current + 1:,}/{event.count:,}", style="bold")
        if event.count:
            text.append(f"  ·  {keys['next_match']} next  {keys['previous_match']} previous")
        text.append(f"  ·  {key_hint('end_find', self.keymap)} ends", style="dim")
        bar.update(text)
        bar.display = True
        self.refresh_bindings()

    # ---- links -----------------------------------------------------------------------------

    def choose_link(self, *, copy: bool) -> None:
        """Number the links, ask for one, open or copy it."""
        links = self.view.links
        if not links:
            self.say("This article has no web links.")
            return
        self._read_here()
        self.view.show_hints(True)

        def chosen(answer: str | None) -> None:
            self.view.show_hints(False)
            if answer is None or not answer.isdigit() or int(answer) not in links:
                return
            target = links[int(answer)]
            if copy:
                self.copy_link(target)
            else:
                self.open_link(target)

        self.app.push_screen(LinkScreen(len(links), copy=copy), chosen)

    def open_link(self, target: str) -> None:
        """Open a safe link in the browser: a terminal browser with the reader suspended,
        another started on its own in a worker (a browser can take seconds to start)."""
        setting = self.config.browser
        if setting and external.needs_terminal(setting):
            try:
                program = external.browser_program(setting, target)
            except ValueError as error:
                self.say(str(error), error=True)
                return
            self.run_program(program)
            return

        def run(cancelled: Cancelled) -> StatusUpdate:
            return said(external.open_in_browser(target, setting))

        run_job(self, run, group="browser")

    def copy_link(self, target: str) -> None:
        self.app.copy_to_clipboard(target)
        self.say(f"Copied (through the terminal's clipboard): {target}")

    def _address(self) -> str | None:
        """The article's address if it may be opened; else says why not."""
        url = self.article.article.url if self.article is not None else ""
        if not url:
            self.say(NO_ADDRESS)
            return None
        target = safe_link(url)
        if target is None:
            self.say(f"The article's address is not a web link: {one_line(url)}", error=True)
        return target

    def open_url(self) -> None:
        target = self._address()
        if target is not None:
            self.open_link(target)

    def copy_url(self) -> None:
        target = self._address()
        if target is not None:
            self.copy_link(target)

    # ---- handing the article over ----------------------------------------------------------

    def run_program(self, program: external.Program) -> None:
        """Run a program in the terminal with the reader suspended; where the terminal cannot
        be handed over, in a worker without one. The outcome goes to the status line."""
        try:
            with self.app.suspend():
                outcome = program.run(terminal=True)
        except SuspendNotSupported:

            def run(cancelled: Cancelled) -> StatusUpdate:
                return said(program.run(terminal=False))

            run_job(self, run, group="program")
            return
        self.post_message(said(outcome))

    def pipe(self) -> None:
        prompt = PipeScreen(
            self.last_pipe,
            markdown=self.pipe_markdown,
            toggle_key=key_hint("pipe_format", self.keymap),
        )

        def piped(command: str | None) -> None:
            self.pipe_markdown = prompt.markdown
            if command is None or self.article is None:
                return
            self.last_pipe = command
            text = external.article_text(self.article, markdown=prompt.markdown)
            self.run_program(external.pipe_program(command, text))

        self.app.push_screen(prompt, piped)

    def pager(self) -> None:
        if self.article is None:
            return
        try:
            program = external.pager_program(external.article_text(self.article))
        except ValueError as error:
            self.say(str(error), error=True)
            return
        self.run_program(program)

    def editor(self) -> None:
        if self.article is None:
            return
        try:
            program = external.editor_program(
                external.article_text(self.article, markdown=True)
            )
        except ValueError as error:
            self.say(str(error), error=True)
            return
        except OSError as error:
            self.say(f"No temporary file for the editor: {error.strerror}", error=True)
            return
        self.run_program(program)

    def save(self) -> None:
        stored = self.article
        if stored is None:
            return
        proposed = self.save_folder / external.default_file_name(stored)
        explanation = Text("The file to save the article in: ")
        explanation.append("Markdown", style="bold")
        explanation.append(" for a name ending .md, else plain text. An existing file is "
                           "replaced only if you say so.")
        prompt = PromptScreen("Save the article", explanation, value=str(home_short(proposed)))

        def typed(answer: str | None) -> None:
            if answer is None:
                return
            path = external.expand_path(answer, Path.cwd())
            markdown = path.suffix.lower() in (".md", ".markdown")
            text = external.article_text(stored, markdown=markdown)
            if path.is_dir():
                self.say(f"Not saved, that is a folder: {display_path(path)}", error=True)
            elif path.exists():
                self._ask_to_replace(path, text)
            else:
                self._write(path, text, replace=False)

        self.app.push_screen(prompt, typed)

    def _ask_to_replace(self, path: Path, text: str) -> None:
        question = Text(display_path(path), style="bold")
        question.append("\n\nThis file exists. Replace it with the article?")

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(path, text, replace=True)
            else:
                self.say("Not saved: the file is unchanged.")

        self.app.push_screen(ConfirmScreen(question, title="Replace the file?"), answered)

    def _write(self, path: Path, text: str, *, replace: bool) -> None:
        self.save_folder = path.parent

        def run(cancelled: Cancelled) -> StatusUpdate:
            return said(external.save_text(path, text, replace=replace))

        run_job(self, run, group="save")

    # ---- the suggestion's evidence and dismissal -------------------------------------------

    def explain(self) -> None:
        """Show the evidence for the best suggestion (found in a worker), or hide it."""
        shown = self.view.shown_suggestions
        if self.article is None or not shown:
            return
        if self.view.shown_evidence is not None:
            self.view.hide_evidence()
            return
        self.say(f"Weighing the evidence for {one_line(shown[0])}…")
        job = explain_job(self.suggester, self.article.id, shown[0])
        run_job(self, job, group="explain", exclusive=True)

    def on_evidence_ready(self, event: EvidenceReady) -> None:
        event.stop()
        self.view.show_evidence(event.article_id, event.tag, event.evidence)
        self.say("")

    def dismiss(self) -> None:
        """Dismiss the best suggestion: it goes at once, and is stored in a worker."""
        shown = self.view.shown_suggestions
        if self.article is None or not shown:
            return
        tag = shown[0]
        self.view.show_suggestions(self.article.id, shown[1:])
        self.refresh_bindings()
        run_job(self, dismiss_job(self.suggester, self.article.id, tag), group="dismiss")

    def on_suggestion_dismissed(self, event: SuggestionDismissed) -> None:
        event.stop()
        tag = one_line(event.tag)
        if event.error:
            self.say(f"Could not dismiss {tag}: {one_line(event.error)}", error=True)
        else:
            self.say(f"Dismissed: {tag} is not suggested for this article again.")


def home_short(path: Path) -> Path | str:
    """``path`` with the home folder written ``~``, as people type it."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return path
