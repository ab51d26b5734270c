"""Every user action, defined once: its key binding, its help line and its palette entry.

A ``Command`` names the action it runs in each scope where it applies ("app", "screen", "list",
"article", "entities", "views", and "scroll" for the help and problems screens). Widgets and
screens take their ``BINDINGS`` from ``bindings(scope)``, the help screen lists ``COMMANDS``, and
the command palette offers the ones with ``palette=True``.
The binding id is the command id, so ``keymap = {next_unread = "N"}`` in config.toml rebinds it.
New features add their commands here, in the group they belong to.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace

from textual.actions import parse as parse_action
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

# "app" | "screen" | "list" | "article" | "entities" | "views" | "scroll" | "dialog"
# | "confirm" | "tag_editor"
Scope = str


@dataclass(frozen=True, slots=True)
class Command:
    id: str
    keys: str  # Textual key names, comma separated: "j,down"
    title: str  # short, for the palette and the help screen
    help: str  # one line saying what it does
    group: str
    actions: Mapping[Scope, str] = field(default_factory=dict)
    palette: bool = True
    priority: bool = False
    # More words the palette finds the command by: the ones people use ("theme", "sort").
    keywords: str = ""


GROUPS = ("Move", "Read", "Tag", "Mark", "Find", "Names", "View", "Application")

COMMANDS: tuple[Command, ...] = (
    # ---- Move ----------------------------------------------------------------------------
    Command(
        "down",
        "j,down",
        "Down",
        "Next article in the list; scroll down in the article",
        "Move",
        {
            "list": "cursor_down",
            "article": "scroll_down",
            "entities": "cursor_down",
            "views": "cursor_down",
            "scroll": "scroll_down",
        },
        palette=False,
    ),
    Command(
        "up",
        "k,up",
        "Up",
        "Previous article in the list; scroll up in the article",
        "Move",
        {
            "list": "cursor_up",
            "article": "scroll_up",
            "entities": "cursor_up",
            "views": "cursor_up",
            "scroll": "scroll_up",
        },
        palette=False,
    ),
    Command(
        "first",
        "g,home",
        "First",
        "First article; top of the article",
        "Move",
        {
            "list": "cursor_first",
            "article": "scroll_home",
            "entities": "first",
            "views": "first",
            "scroll": "scroll_home",
        },
        palette=False,
    ),
    Command(
        "last",
        "G,end",
        "Last",
        "Last article; end of the article",
        "Move",
        {
            "list": "cursor_last",
            "article": "scroll_end",
            "entities": "last",
            "views": "last",
            "scroll": "scroll_end",
        },
        palette=False,
    ),
    Command(
        "page_down",
        "pagedown",
        "Page down",
        "A page further down",
        "Move",
        {
            "list": "page_down",
            "article": "page_down",
            "entities": "page_down",
            "views": "page_down",
            "scroll": "page_down",
        },
        palette=False,
    ),
    Command(
        "page_up",
        "pageup",
        "Page up",
        "A page further up",
        "Move",
        {
            "list": "page_up",
            "article": "page_up",
            "entities": "page_up",
            "views": "page_up",
            "scroll": "page_up",
        },
        palette=False,
    ),
    Command(
        "next_unread",
        "n",
        "Next unread",
        "Open the next unread article",
        "Move",
        {"screen": "next_unread"},
    ),
    Command(
        "previous_unread",
        "p",
        "Previous unread",
        "Open the previous unread article",
        "Move",
        {"screen": "previous_unread"},
    ),
    Command(
        "cycle_focus",
        "tab",
        "Next pane",
        "Move between the list, the article and the entity panel",
        "Move",
        {"screen": "cycle_focus"},
        palette=False,
    ),
    Command(
        "back",
        "h",
        "Back to the list",
        "Return to the article list",
        "Move",
        {"screen": "back"},
    ),
    # ---- Read ----------------------------------------------------------------------------
    Command(
        "open",
        "enter,l",
        "Open",
        "Open the article under the cursor (marks it read)",
        "Read",
        {"list": "open", "entities": "select", "views": "select"},
        palette=False,
    ),
    Command(
        "scroll_body",
        "space",
        "Read on",
        "Scroll the article a page; at its end, open the next unread",
        "Read",
        {"screen": "read_on"},
    ),
    Command(
        "toggle_read",
        "r",
        "Toggle read",
        "Mark the article read or unread",
        "Read",
        {"screen": "toggle_read"},
    ),
    Command(
        "toggle_star",
        "s",
        "Toggle star",
        "Star or unstar the article",
        "Read",
        {"screen": "toggle_star"},
    ),
    Command(
        "open_url",
        "o",
        "Open in browser",
        "Open the article's address in the web browser",
        "Read",
        {"screen": "open_url"},
    ),
    Command(
        "copy_url",
        "y",
        "Copy address",
        "Copy the article's address to the clipboard",
        "Read",
        {"screen": "copy_url"},
    ),
    # ---- Tag -----------------------------------------------------------------------------
    Command(
        "edit_tags",
        "t",
        "Edit tags",
        "Tag the marked articles, the article or the filter: +a -b",
        "Tag",
        {"screen": "edit_tags"},
    ),
    *(
        Command(
            f"quick_tag_{digit}",
            str(digit),
            f"Quick tag {digit}",
            "Toggle a quick tag (config.toml quick_tags) on the article or marked",
            "Tag",
            {"screen": f"quick_tag('{digit}')"},
        )
        for digit in range(1, 10)
    ),
    Command(
        "accept_suggestion",
        "a",
        "Accept suggestion",
        "Tag the article with its best suggested tag",
        "Tag",
        {"screen": "accept_suggestion"},
    ),
    Command(
        "undo",
        "u",
        "Undo",
        "Undo your last change; articles you only opened are undone last",
        "Tag",
        {"screen": "undo"},
    ),
    Command(
        "redo",
        "ctrl+r",
        "Redo",
        "Redo the change undone last",
        "Tag",
        {"screen": "redo"},
    ),
    Command(
        "complete_tag",
        "tab",
        "Complete tag",
        "In the tag editor: complete the word with the highlighted tag",
        "Tag",
        {"tag_editor": "complete"},
        palette=False,
    ),
    Command(
        "next_completion",
        "down",
        "Next completion",
        "In the tag editor: highlight the next tag",
        "Tag",
        {"tag_editor": "completion(1)"},
        palette=False,
    ),
    Command(
        "previous_completion",
        "up",
        "Previous completion",
        "In the tag editor: highlight the previous tag",
        "Tag",
        {"tag_editor": "completion(-1)"},
        palette=False,
    ),
    Command(
        "toggle_target",
        "ctrl+t",
        "Whole filter",
        "In the tag editor: act on the whole filter, or not",
        "Tag",
        {"tag_editor": "toggle_target"},
        palette=False,
    ),
    # ---- Mark ----------------------------------------------------------------------------
    Command(
        "toggle_mark",
        "space",
        "Mark",
        "In the list: mark or unmark the article and move down (or ctrl+click)",
        "Mark",
        {"list": "toggle_mark"},
        palette=False,
    ),
    Command(
        "mark_down",
        "shift+down",
        "Extend marks down",
        "Mark the article and the next one (shift+click marks a range)",
        "Mark",
        {"list": "mark_down"},
        palette=False,
    ),
    Command(
        "mark_up",
        "shift+up",
        "Extend marks up",
        "Mark the article and the previous one",
        "Mark",
        {"list": "mark_up"},
        palette=False,
    ),
    Command(
        "mark_all",
        "asterisk",
        "Mark all",
        "Mark every article in the current filter",
        "Mark",
        {"screen": "mark_all"},
    ),
    Command(
        "clear_marks",
        "backslash",
        "Clear marks",
        "Unmark every article",
        "Mark",
        {"screen": "clear_marks"},
    ),
    # ---- Find ----------------------------------------------------------------------------
    Command(
        "search",
        "slash",
        "Filter",
        'Filter: words, +tag, -tag, entity:"Name", is:unread, date:2023-10, or',
        "Find",
        {"screen": "search"},
    ),
    Command(
        "clear",
        "escape",
        "Clear",
        "Close the filter bar, clear the marks, or clear the filter",
        "Find",
        {"screen": "clear"},
    ),
    Command(
        "toggle_views",
        "v",
        "Views",
        "Go to the saved views; again: hide them",
        "Find",
        {"screen": "toggle_views"},
    ),
    Command(
        "save_view",
        "V",
        "Save view",
        "Save the current filter as a view in the sidebar",
        "Find",
        {"screen": "save_view"},
    ),
    Command(
        "delete_view",
        "delete",
        "Delete view",
        "Delete the highlighted saved view (or the one showing)",
        "Find",
        {"screen": "delete_view"},
    ),
    Command(
        "toggle_entities",
        "x",
        "Entity panel",
        "People, organisations and places in the article; choose one to filter",
        "Find",
        {"screen": "toggle_entities"},
    ),
    # ---- Names: corrections made in the entity panel, to the highlighted name -------------
    Command(
        "hide_entity",
        "d",
        "Not a name",
        "Entity panel: not a name, hide it everywhere (asks first)",
        "Names",
        {"screen": "hide_entity"},
    ),
    Command(
        "relabel_entity",
        "c",
        "Change name type",
        "Entity panel: change its type (person, organisation, place, other)",
        "Names",
        {"screen": "relabel_entity"},
    ),
    Command(
        "alias_entity",
        "m",
        "Merge: same as…",
        "Entity panel: merge it into another name (US = United States)",
        "Names",
        {"screen": "alias_entity"},
    ),
    # ---- View ----------------------------------------------------------------------------
    Command(
        "cycle_highlights",
        "e",
        "Cycle highlights",
        "Highlight all entities, one type, or none",
        "View",
        {"screen": "cycle_highlights"},
    ),
    Command(
        "toggle_sidebar",
        "w",
        "Toggle list",
        "Hide or show the article list",
        "View",
        {"screen": "toggle_sidebar"},
    ),
    Command(
        "toggle_theme",
        "T",
        "Light or dark",
        "Switch between the reader's light and dark themes",
        "View",
        {"app": "toggle_theme"},
    ),
    Command(
        "problems",
        "P",
        "Problems",
        "Files that could not be read, with the reason",
        "View",
        {"app": "show_problems"},
    ),
    # ---- Application ---------------------------------------------------------------------
    Command(
        "help",
        "question_mark",
        "Help",
        "Show every key",
        "Application",
        {"app": "show_help"},
    ),
    Command(
        "command_palette",
        "ctrl+p",
        "Commands",
        "Search every command by name",
        "Application",
        {"app": "command_palette"},
        palette=False,
    ),
    Command(
        "close",
        "escape,q",
        "Close",
        "Close the help or problems screen; cancel a question",
        "Application",
        {"dialog": "close"},
        palette=False,
    ),
    Command(
        "confirm",
        "y,enter",
        "Yes",
        "Answer yes to a question (before a change to several articles)",
        "Application",
        {"confirm": "confirm"},
        palette=False,
    ),
    Command(
        "deny",
        "n",
        "No",
        "Answer no to a question: nothing is changed",
        "Application",
        {"confirm": "close"},
        palette=False,
    ),
    Command(
        "quit",
        "Q",
        "Quit",
        "Leave the reader, from anywhere",
        "Application",
        # Dialogs too: Textual leaves the application's bindings out while one is open.
        {"app": "quit", "dialog": "app.quit"},
        keywords="exit leave close",
    ),
    # ---- The reading loop: going back, catching up, moving by article, sorting -------------
    Command(
        "close_or_quit",
        "q",
        "Back or quit",
        "Close the panel, go back to the list; in the list, quit",
        "Application",
        {"screen": "close_or_quit"},
        keywords="quit exit back close leave",
    ),
    Command(
        "catch_up",
        "A",
        "Mark all read",
        "Mark every article of the list read (the marked ones, if any); asks first",
        "Read",
        {"screen": "catch_up"},
        keywords="catch up mark read all everything seen",
    ),
    Command(
        "next_article",
        "J",
        "Next article",
        "Open the next article, read or not",
        "Move",
        {"screen": "next_article"},
        keywords="forward following down",
    ),
    Command(
        "previous_article",
        "K",
        "Previous article",
        "Open the previous article, read or not",
        "Move",
        {"screen": "previous_article"},
        keywords="back up",
    ),
    Command(
        "sort",
        "S",
        "Sort…",
        "Sort the list by date, title or source, either way",
        "View",
        {"screen": "sort"},
        keywords="sort order by date title source newest oldest reverse",
    ),
)

# ---- Words people use for the commands above (the palette finds them by these too) ---------
PALETTE_WORDS: dict[str, str] = {
    "next_unread": "next unread forward",
    "previous_unread": "previous unread back",
    "scroll_body": "page read on space",
    "toggle_read": "mark read unread seen",
    "toggle_star": "star favourite flag bookmark",
    "open_url": "browser web link address url",
    "copy_url": "clipboard link address url yank",
    "edit_tags": "tag label categorise",
    "accept_suggestion": "suggested tag suggestion",
    "undo": "revert take back",
    "redo": "again",
    "mark_all": "select all",
    "clear_marks": "unselect deselect unmark",
    "search": "search find query filter limit",
    "clear": "reset escape",
    "toggle_views": "saved views folders searches",
    "save_view": "saved view bookmark search",
    "delete_view": "remove saved view",
    "toggle_entities": "names people places organisations entities",
    "hide_entity": "entity name remove wrong",
    "relabel_entity": "entity name type kind",
    "alias_entity": "entity name merge alias same",
    "cycle_highlights": "colour color highlight names entities",
    "toggle_sidebar": "list sidebar hide layout focus",
    "toggle_theme": "theme dark light colours colors appearance",
    "problems": "errors failed files warnings config",
    "help": "keys shortcuts bindings help",
}
COMMANDS = tuple(
    replace(c, keywords=f"{c.keywords} {PALETTE_WORDS[c.id]}".strip())
    if c.id in PALETTE_WORDS
    else c
    for c in COMMANDS
)

BY_ID: dict[str, Command] = {command.id: command for command in COMMANDS}


def bindings(scope: Scope) -> list[BindingType]:
    """The Textual bindings for one scope, generated from ``COMMANDS``."""
    return [
        Binding(
            command.keys,
            command.actions[scope],
            command.title,
            show=False,
            id=command.id,
            tooltip=command.help,
            priority=command.priority,
        )
        for command in COMMANDS
        if scope in command.actions
    ]


_KEY_NAMES = {
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "home": "Home",
    "end": "End",
    "enter": "Enter",
    "escape": "Esc",
    "space": "Space",
    "tab": "Tab",
    "slash": "/",
    "question_mark": "?",
    "exclamation_mark": "!",
    "asterisk": "*",
    "backslash": "\\",
    "delete": "Del",
}


def key_label(key: str) -> str:
    """How a Textual key name is shown to people: ``ctrl+p`` -> ``^p``, ``pagedown`` -> ``PgDn``."""
    key = key.strip()
    if key in _KEY_NAMES:
        return _KEY_NAMES[key]
    if key.startswith("ctrl+"):
        return "^" + key_label(key.removeprefix("ctrl+"))
    if key.startswith("shift+"):
        return "Shift+" + key_label(key.removeprefix("shift+"))
    return key


def keys_for(command: Command, keymap: Mapping[str, str]) -> list[str]:
    """The keys a command answers to now, after the user's keymap."""
    keys = keymap.get(command.id, command.keys)
    return [key_label(k) for k in keys.split(",") if k.strip()]


def key_hint(command_id: str, keymap: Mapping[str, str], count: int = 1) -> str:
    """The first ``count`` keys a command answers to now, for a hint: "y or Enter"."""
    return " or ".join(keys_for(BY_ID[command_id], keymap)[:count])


def close_and_scroll_hint(keymap: Mapping[str, str]) -> str:
    """How to close a scrolling screen (help, problems) with the keys bound now."""
    close, down, up = (key_hint(name, keymap) for name in ("close", "down", "up"))
    return f"{close} closes · {down} {up} scroll"


def app_keymap(app: object) -> Mapping[str, str]:
    """The reader's keymap (from config.toml) if ``app`` is the reader, else none."""
    keymap = getattr(app, "keymap", None)
    return keymap if isinstance(keymap, dict) else {}


def grouped() -> Iterator[tuple[str, list[Command]]]:
    for group in GROUPS:
        yield group, [c for c in COMMANDS if c.group == group]


class ReaderCommands(Provider):
    """The command palette's view of ``COMMANDS``: those that make sense right now."""

    def _available(self) -> Iterator[tuple[Command, str]]:
        screen = self.screen
        for command in COMMANDS:
            if not command.palette:
                continue
            if "screen" in command.actions:
                action = command.actions["screen"]
                _, name, parameters = parse_action(action)
                if screen.check_action(name, parameters) is True:
                    yield command, action
            elif "app" in command.actions:
                action = command.actions["app"]
                _, name, parameters = parse_action(action)
                if self.app.check_action(name, parameters) is True:
                    yield command, "app." + action

    def _runner(self, action: str) -> Callable[[], Awaitable[None]]:
        screen = self.screen

        async def run() -> None:
            await screen.run_action(action)

        return run

    def _help(self, command: Command) -> str:
        """The command's help line and its key, so the palette teaches the keys too."""
        keys = keys_for(command, app_keymap(self.app))
        return f"{command.help}  ({keys[0]})" if keys else command.help

    async def discover(self) -> Hits:
        for command, action in self._available():
            yield DiscoveryHit(command.title, self._runner(action), help=self._help(command))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command, action in self._available():
            score = matcher.match(command.title)
            title: str | Content = command.title
            if score > 0:
                title = matcher.highlight(command.title)
            else:
                # Found by a word people use for it ("theme" for "Light or dark"): ranked
                # below the commands whose own title matches.
                score = matcher.match(command.keywords) * 0.9 if command.keywords else 0
            if score > 0:
                yield Hit(score, title, self._runner(action), help=self._help(command))
