"""The reader's Textual application: themes, keymap, app-wide commands; the rest is screens."""

from __future__ import annotations

import difflib
import gc
from collections.abc import Callable, Sequence
from pathlib import Path, PurePath
from typing import ClassVar

from textual import events
from textual.app import App, ScreenError
from textual.binding import BindingType
from textual.command import Provider
from textual.css.model import RuleSet
from textual.screen import Screen

from reader.config import Config, ConfigProblem, KeyLines
from reader.listing import FilterError, compile_filter
from reader.locations import Locations, styles_dir
from reader.model import Problem
from reader.store import Store
from reader.tui import preferences
from reader.tui.commands import BY_ID, ReaderCommands, bindings, key_hint
from reader.tui.messages import WorkDone
from reader.tui.render import one_line
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.main import MainScreen
from reader.tui.screens.problems import ProblemsScreen
from reader.tui.themes import DARK, ENTITY_VARIABLE_DEFAULTS, THEMES, other_theme
from reader.tui.typeahead import KeyGate

PLAIN_COLOR_SYSTEMS = (None, "standard", "windows")
HEADLESS_TIMEOUT = 300.0  # seconds: a packaging check must end even if indexing hangs
CONFIG_NOTICE_SECONDS = 20.0  # how long the problems in config.toml stay on screen


def settle_memory() -> None:
    """Leave the objects alive now (Textual's styles, the entity model, the cached rows) out of
    Python's full garbage collections: they happened every few seconds of use and took 50-100
    ms each, a key answered that late; with these objects frozen they take 5-15 ms. Called
    after the first frame and again when the start-up work (which loads the model) is done."""
    gc.freeze()


class ReaderApp(App[str]):
    CSS_PATH: ClassVar[list[str | PurePath]] = [styles_dir() / "reader.tcss"]
    TITLE = "reader"
    BINDINGS: ClassVar[list[BindingType]] = bindings("app")
    # The reader's own commands only: Textual's system commands would add a second Quit, a
    # theme picker of every built-in theme (T switches the reader's own) and developer tools.
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {ReaderCommands}

    def __init__(
        self,
        locations: Locations,
        store: Store,
        paths: Sequence[Path] = (),
        *,
        config: Config | None = None,
        config_problems: Sequence[ConfigProblem] = (),
        headless_check: bool = False,
        plain: bool | None = None,
        watch_folders: bool = False,
    ) -> None:
        super().__init__()
        # Keys typed in a burst reach the screen, dialog or input they were typed for.
        self.key_gate = KeyGate(self, super().on_event)
        self.locations = locations
        self.store = store
        self.paths = list(paths)
        self.config = config or Config()
        self.headless_check = headless_check
        self.watch_folders = watch_folders  # keep indexing what changes in the folders opened
        self._started = False  # the theme set while starting is not a choice to save
        self._parsed_css: dict[object, list[RuleSet]] = {}
        self._css_applied: object = None
        self._css_applied_count = -1
        for theme in THEMES:
            self.register_theme(theme)
        # Problems in config.toml, shown when the reader starts and listed by P.
        self.config_problems = [*config_problems, *self._check_config()]
        saved = preferences.load(locations.state_file).get("theme")
        wanted = saved if isinstance(saved, str) else self.config.theme
        self.theme = wanted if wanted in self.available_themes else DARK
        self.keymap = {k: v for k, v in self.config.keymap.items() if k in BY_ID}
        self.set_keymap(self.keymap)
        # Without colour (NO_COLOR, 16-colour terminals) highlights fall back to bold/underline.
        self.plain = (
            plain
            if plain is not None
            else self.no_color or self.console.color_system in PLAIN_COLOR_SYSTEMS
        )

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.key_gate.key(event)
        else:
            await super().on_event(event)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(ENTITY_VARIABLE_DEFAULTS)

    def _check_config(self) -> list[ConfigProblem]:
        """What only the reader can check in config.toml: the theme, the keymap's binding ids,
        the views' queries."""
        path = self.locations.config_file
        try:
            lines = KeyLines(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            return []
        found: list[ConfigProblem] = []

        def problem(key: str, message: str, expected: str) -> None:
            found.append(ConfigProblem(str(path), lines.line_of(key), key, message, expected))

        theme = self.config.theme
        if theme not in self.available_themes and "theme" in lines.lines:
            problem("theme", f"theme {theme!r} is not known; reader-dark is used",
                    "'reader-dark', 'reader-light' or a Textual theme's name")
        for command in self.config.keymap:
            if command not in BY_ID:
                close = difflib.get_close_matches(command, list(BY_ID), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                problem(f"keymap.{command}", f"keymap: no command {command!r}{hint}; ignored",
                        "a binding id from the help screen, like next_unread")
        for number, view in enumerate(self.config.views):
            try:
                compile_filter(view.query)
            except FilterError as error:
                problem(f"views[{number}].query", f"view {view.name!r}: {error}",
                        "a query like the filter bar takes")
        return found

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(
            self.store,
            self.paths,
            config=self.config,
            locations=self.locations,
            config_problems=self.config_problems,
            watch_folders=self.watch_folders,
        )

    def on_mount(self) -> None:
        self._started = True
        self.call_after_refresh(settle_memory)
        self.set_class(self.plain, "-plain")
        if self.headless_check:
            self.set_timer(HEADLESS_TIMEOUT, lambda: self.exit(return_code=1))
        if self.config_problems:
            self.call_after_refresh(self._tell_config_problems)

    def _tell_config_problems(self) -> None:
        """On screen, not on stderr behind it: each problem with its line and what was
        expected (the first few; P lists them all)."""
        problems = self.config_problems
        count = len(problems)
        shown = problems[:3]
        lines = [
            one_line(
                (f"line {p.line}: " if p.line else "")
                + p.message
                + (f" (expected {p.expected})" if p.expected else "")
            )
            for p in shown
        ]
        more = f"\n… and {count - len(shown)} more" if count > len(shown) else ""
        key = key_hint("problems", self.keymap)
        title = f"config.toml: {count} problem{'s' if count != 1 else ''} ({key} lists them)"
        # markup=False: a key or value quoted from the file is text, never a style.
        self.notify(
            "\n".join(lines) + more,
            title=title,
            severity="warning",
            timeout=CONFIG_NOTICE_SECONDS,
            markup=False,
        )

    def on_unmount(self) -> None:
        # What was frozen may be collected again once the reader is gone (tests run many).
        gc.unfreeze()

    def refresh_css(self, animate: bool = True) -> None:
        """Textual parses every stylesheet again for each theme switch (15-25 ms of the 80 a T
        took at 100,000 articles): the rules parsed for a set of variables and sources are
        kept, and switching back to a theme reuses them."""
        stylesheet = self.stylesheet
        variables = self.get_css_variables()
        key = (tuple(sorted(variables.items())), tuple(stylesheet.source.items()))
        if key == self._css_applied and self._css_applied_count == self._css_update_count:
            return  # applied already (the theme switch applies it at once, see below)
        self._css_applied, self._css_applied_count = key, self._css_update_count
        rules = self._parsed_css.get(key)
        if rules is None:
            super().refresh_css(animate)
            self._parsed_css[key] = stylesheet.rules
            return
        stylesheet.set_variables(variables)
        stylesheet._rules = rules
        stylesheet._rules_map = None
        stylesheet._require_parse = False
        stylesheet.update(self, animate=animate)
        try:
            if self.screen.is_mounted:
                self.screen._refresh_layout(self.size)
                self.screen._css_update_count = self._css_update_count
        except ScreenError:
            pass
        for screen in self.screen_stack:
            if screen != self.screen:
                stylesheet.update(screen, animate=animate)
                screen._css_update_count = self._css_update_count

    def watch_theme(self, theme: str) -> None:
        if self._started:
            preferences.save(self.locations.state_file, theme=theme)

    def on_work_done(self, event: WorkDone) -> None:
        """Indexing and entity work finished (the entity model is loaded): what is alive now
        lives as long as the reader. The packaging check ends here."""
        settle_memory()
        if not self.headless_check:
            return
        if event.current is None:
            self.exit(return_code=1)
        else:
            self.exit(event.current.article.title, return_code=0)

    def action_toggle_theme(self) -> None:
        self.theme = other_theme(self.theme)
        # Now, not after a frame drawn in the old colours: the one Textual schedules finds
        # nothing left to do.
        self.refresh_css(animate=False)

    def action_show_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
        else:
            self.push_screen(HelpScreen(self.keymap))

    def action_show_problems(self) -> None:
        if not isinstance(self.screen, ProblemsScreen):
            config = [
                Problem(p.where, p.message, f"expected {p.expected}" if p.expected else "")
                for p in self.config_problems
            ]
            self.push_screen(ProblemsScreen([*config, *self.store.problems()]))
