"""The user's configuration: a dataclass read from ``config.toml``, which the reader never writes.

A problem in the file never stops the reader from opening: an unknown key is ignored and a
wrong value falls back to its default. Each problem is a :class:`ConfigProblem` with the line it
is on and what was expected there, so the reader can show it on screen when it starts and the
commands can print it. Views the reader saves go to its own database (``reader.listing``); the
``[[views]]`` written here are the user's and are only read.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from rich.color import Color, ColorParseError

from reader.sources.folders import DEFAULT_TOPICS, FIRST_FOLDER_CHOICES

# Files larger than this are recorded as problems instead of being read (``max_file_mb``):
# the indexer, the reader and ``reader extract`` all use it.
DEFAULT_MAX_FILE_MB = 50
DEFAULT_MAX_FILE_BYTES = DEFAULT_MAX_FILE_MB * 1024 * 1024

# The entity recognisers ``ner`` may name (reader.entities.recogniser.RECOGNISERS, which takes
# a fifth of a second to import: a test keeps the two the same).
NER_CHOICES = ("crf", "spacy")
# Says a problem with a key: (dotted key, what is wrong, what was expected).
Report = Callable[[str, str, str], None]

# The orders a view may be sorted in (reader.store.selection.SORTS; a test keeps them the same).
SORT_CHOICES = ("-date", "date", "title", "-title", "source", "-source")


@dataclass(slots=True)
class SavedView:
    """A named query shown in the sidebar with a live count, and the order its list is sorted
    in ("" keeps the query's own)."""

    name: str
    query: str
    sort: str = ""


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """Something in config.toml the reader could not use: where (``line`` is 1-based, 0 when
    unknown), the key (dotted: ``keymap.next_unread``, ``views[2].query``), what is wrong and
    what was expected instead."""

    path: str
    line: int
    key: str
    message: str
    expected: str = ""

    @property
    def where(self) -> str:
        return f"{self.path}, line {self.line}" if self.line else self.path

    def __str__(self) -> str:
        expected = f"; expected {self.expected}" if self.expected else ""
        return f"{self.where}: {self.message}{expected}"


def _default_quick_tags() -> dict[str, str]:
    return {"1": "important", "2": "follow-up", "3": "later"}


def _default_workflow_tags() -> list[str]:
    return ["important", "follow-up", "later", "read-later", "todo"]


@dataclass(slots=True)
class Config:
    # Folders (or files) opened when `reader` runs without a PATH.
    archive: list[str] = field(default_factory=list)
    # Textual theme name; the reader's own are "reader-dark" and "reader-light".
    theme: str = "reader-dark"
    # Entity recogniser: "crf" (shipped) or "spacy" (when spaCy and a model are installed).
    ner: str = "crf"
    spacy_model: str = "en_core_web_sm"
    # Keys 1-9 toggle these tags on the current article (or the marked ones).
    quick_tags: dict[str, str] = field(default_factory=_default_quick_tags)
    # Tags about what to do with an article, not what it is about: with the quick tags, never
    # learned from or suggested (`reader suggest --workflow/--topic TAG` marks others).
    workflow_tags: list[str] = field(default_factory=_default_workflow_tags)
    # Tag chip colours: tag -> colour name, #hex or rgb(r, g, b); others get a stable colour
    # from a palette. Values that are not colours are left out with a warning.
    tag_colors: dict[str, str] = field(default_factory=dict)
    # The web browser for `o` and for links opened by number: a command, with %u where the
    # address goes (else it is added at the end), e.g. "firefox --new-tab %u" or "w3m %u".
    # Empty: Python's webbrowser (which honours $BROWSER).
    browser: str = ""
    # Textual keymap: binding id -> comma-separated keys (e.g. {"next_unread" = "N"}).
    keymap: dict[str, str] = field(default_factory=dict)
    # The user's own views in the sidebar, after All, Unread and Starred (always there) and
    # before the views saved in the reader.
    views: list[SavedView] = field(default_factory=list)
    # Files larger than this are recorded as problems instead of being read.
    max_file_mb: int = DEFAULT_MAX_FILE_MB
    # What folders say about files that do not say it themselves (reader/sources/folders.py):
    # dates in folder names; the first folder below the archive root as the source or a topic
    # ("auto": a topic when named like one of folder_topics, else the source; or "source",
    # "topic", "none"); deeper folders named like a topic as topics.
    folder_dates: bool = True
    folder_first: str = "auto"
    folder_topics: list[str] = field(default_factory=lambda: list(DEFAULT_TOPICS))
    # Links in the archive that lead outside its folders are recorded, not followed, unless this
    # is true.
    follow_links_outside: bool = False
    # The reader indexes what is added, changed or removed in the folders it was opened on
    # while it is open.
    watch_archive: bool = True

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024

    @classmethod
    def load(cls, path: Path) -> tuple[Config, list[str]]:
        """The config at ``path`` (defaults when absent) and what was ignored, as sentences."""
        config, problems = cls.read(path)
        return config, [str(problem) for problem in problems]

    @classmethod
    def read(cls, path: Path) -> tuple[Config, list[ConfigProblem]]:
        """The config at ``path`` (defaults when absent) and its problems, each on its line."""
        config = cls()
        if not path.exists():
            return config, []
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            return config, [ConfigProblem(str(path), 0, "", f"cannot be read ({error})")]
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            found = re.search(r"at line (\d+)", str(error))
            message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
            problem = ConfigProblem(
                str(path),
                int(found.group(1)) if found else 0,
                "",
                f"not valid TOML ({message}); every setting takes its default",
                "key = value lines, [tables] and [[views]]",
            )
            return config, [problem]
        lines = KeyLines(text)
        problems = config.update(data, lines.line_of, str(path))
        return config, problems

    def update(
        self,
        data: dict[str, Any],
        line_of: Callable[[str], int] | None = None,
        origin: str = "config",
    ) -> list[ConfigProblem]:
        """Take the settings in ``data`` (parsed TOML); returns what could not be used.
        ``line_of(key)`` says which line a dotted key is on."""
        problems: list[ConfigProblem] = []
        known = {f.name: f for f in fields(self)}

        def problem(key: str, message: str, expected: str) -> None:
            line = line_of(key) if line_of is not None else 0
            problems.append(ConfigProblem(origin, line, key, message, expected))

        for key, value in data.items():
            if key not in known:
                close = difflib.get_close_matches(key, list(known), n=1)
                if close:
                    problem(key, f"unknown key {key!r} is ignored", f"{close[0]!r}, perhaps")
                else:
                    problem(key, f"unknown key {key!r} is ignored", "one of " + ", ".join(known))
                continue
            if key == "views":
                self.views = _parse_views(value, problem)
                continue
            current = getattr(self, key)
            if not _same_shape(current, value):
                problem(key, f"{key} has the wrong type; its default is used", _shape(current))
                continue
            if isinstance(current, dict):
                value = _string_table(key, value, problem)
            checked = _check_value(key, value, problem)
            if checked is not None:
                setattr(self, key, checked)
        return problems

    def suggestion_workflow_tags(self) -> list[str]:
        """The tags suggestions never learn or propose: ``workflow_tags`` plus the quick tags."""
        return list(dict.fromkeys([*self.workflow_tags, *self.quick_tags.values()]))


_SHORT_HEX = re.compile(r"#([0-9a-fA-F])([0-9a-fA-F])([0-9a-fA-F])")


def colour(value: str) -> str | None:
    """``value`` as a colour the tag chips can draw (a name like ``red`` or ``bright_blue``,
    ``#rrggbb``, ``#rgb``, ``rgb(r, g, b)`` or ``color(N)``), or None if it is not one."""
    text = value.strip()
    short = _SHORT_HEX.fullmatch(text)
    if short:
        text = "#" + "".join(digit * 2 for digit in short.groups())
    try:
        Color.parse(text)
    except ColorParseError:
        return None
    return text


def _check_value(key: str, value: Any, problem: Report) -> Any:
    """The value to keep for ``key`` (already of the right type), or None to keep the default;
    problems with what was expected."""
    if key == "ner" and value not in NER_CHOICES:
        problem(key, f"ner = {value!r} is not a recogniser; 'crf' is used", _one_of(NER_CHOICES))
        return None
    if key == "folder_first" and value not in FIRST_FOLDER_CHOICES:
        problem(key, f"folder_first = {value!r} is not known; 'auto' is used",
                _one_of(FIRST_FOLDER_CHOICES))
        return None
    if key == "max_file_mb" and value <= 0:
        problem(key, f"max_file_mb = {value} is too small; {DEFAULT_MAX_FILE_MB} is used",
                "a whole number of megabytes above 0")
        return None
    if key == "theme" and not value.strip():
        problem(key, "theme is empty; reader-dark is used", "a theme name like 'reader-light'")
        return None
    if key == "quick_tags":
        kept: dict[str, str] = {}
        for digit, tag in value.items():
            if digit not in "123456789" or len(digit) != 1:
                problem(f"{key}.{digit}", f"quick_tags: {digit!r} is not a key 1-9; ignored",
                        "a digit from 1 to 9")
            elif not tag.strip():
                problem(f"{key}.{digit}", f"quick_tags: {digit} has no tag; ignored", "a tag")
            else:
                kept[digit] = tag
        return kept
    if key == "tag_colors":
        valid: dict[str, str] = {}
        for tag, text in value.items():
            parsed = colour(text)
            if parsed is None:
                problem(f"{key}.{tag}", f"tag_colors: {text!r} for {tag!r} is not a colour; "
                        "ignored", "a name like 'red', '#rrggbb' or 'rgb(r, g, b)'")
            else:
                valid[tag] = parsed
        return valid
    if key == "keymap":
        keymap: dict[str, str] = {}
        for command, keys in value.items():
            if not keys.strip():
                problem(f"{key}.{command}", f"keymap: {command} has no keys; ignored",
                        'keys like "N" or "j,down"')
            else:
                keymap[command] = keys
        return keymap
    return value


def _string_table(key: str, value: dict[str, Any], problem: Report) -> dict[str, str]:
    """A table of strings; other values are left out."""
    table: dict[str, str] = {}
    for name, item in value.items():
        if isinstance(item, str):
            table[str(name)] = item
        elif isinstance(item, int | float) and not isinstance(item, bool):
            table[str(name)] = str(item)
        else:
            problem(f"{key}.{name}", f"{key}: {name} is not text; ignored", "a quoted string")
    return table


def _one_of(choices: tuple[str, ...]) -> str:
    return "one of " + ", ".join(repr(c) for c in choices)


def _shape(current: Any) -> str:
    if isinstance(current, bool):
        return "true or false"
    if isinstance(current, int):
        return "a whole number"
    if isinstance(current, list):
        return 'a list of strings, like ["a", "b"]'
    if isinstance(current, dict):
        return "a table of key = value"
    return "a quoted string"


def _same_shape(current: Any, value: Any) -> bool:
    if isinstance(current, bool):
        return isinstance(value, bool)
    if isinstance(current, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(current, list):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if isinstance(current, dict):
        return isinstance(value, dict)
    return isinstance(value, type(current))


_VIEW_KEYS = ("name", "query", "sort")


def _parse_views(value: Any, problem: Report) -> list[SavedView]:
    """The ``[[views]]`` that can be shown; a problem for each one left out."""
    expected = '[[views]] tables with name = "…" and query = "…" (and sort = "title", say)'
    if not isinstance(value, list):
        problem("views", "views is not a list of tables; ignored", expected)
        return []
    views: list[SavedView] = []
    for number, item in enumerate(value):
        key = f"views[{number}]"
        if not isinstance(item, dict):
            problem(key, f"view {number + 1} is not a table; ignored", expected)
            continue
        name, query, sort = item.get("name"), item.get("query", ""), item.get("sort", "")
        for extra in item.keys() - set(_VIEW_KEYS):
            problem(f"{key}.{extra}", f"view {number + 1}: unknown key {extra!r} ignored",
                    "name, query and sort")
        if not isinstance(name, str) or not name.strip():
            problem(f"{key}.name" if "name" in item else key,
                    f"view {number + 1} has no name; ignored", 'name = "A name"')
            continue
        if not isinstance(query, str):
            problem(f"{key}.query", f"view {name!r}: the query is not text; ignored",
                    'query = "words, +tag, is:unread…"')
            continue
        if not isinstance(sort, str) or sort not in ("", *SORT_CHOICES):
            problem(f"{key}.sort", f"view {name!r}: sort {sort!r} is not known; newest first",
                    _one_of(SORT_CHOICES))
            sort = ""
        views.append(SavedView(name.strip(), query, sort))
    return views


# ---- where each key is --------------------------------------------------------------------

_TABLE = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_ARRAY_TABLE = re.compile(r"^\s*\[\[\s*([^\[\]]+?)\s*\]\]\s*(?:#.*)?$")
_PART = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_KEY = re.compile(rf"^\s*({_PART}(?:\s*\.\s*{_PART})*)\s*=")
_INLINE_KEY = re.compile(rf"[{{,]\s*({_PART})\s*=")


def _unquote(part: str) -> str:
    part = part.strip()
    if len(part) >= 2 and part[0] == part[-1] and part[0] in "\"'":
        return part[1:-1]
    return part


def _dotted(text: str) -> str:
    return ".".join(_unquote(p) for p in re.findall(r'"[^"]*"|\'[^\']*\'|[^.]+', text))


class KeyLines:
    """Which line of a TOML file each key is on, found by reading the lines (tomllib keeps no
    positions): ``[tables]``, ``[[arrays]]`` (numbered: ``views[2]``), ``key =`` lines, dotted
    keys and the keys of inline tables on their line. A key not found is looked for without
    its last part, so a value in a multi-line array is placed on its key's line."""

    def __init__(self, text: str) -> None:
        self.lines: dict[str, int] = {}
        table = ""
        arrays: dict[str, int] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            array = _ARRAY_TABLE.match(line)
            if array:
                name = _dotted(array.group(1))
                index = arrays.get(name, -1) + 1
                arrays[name] = index
                table = f"{name}[{index}]"
                self.lines.setdefault(name, number)
                self.lines.setdefault(table, number)
                continue
            header = _TABLE.match(line)
            if header:
                table = _dotted(header.group(1))
                self.lines.setdefault(table, number)
                continue
            key = _KEY.match(line)
            if key:
                path = ".".join(p for p in (table, _dotted(key.group(1))) if p)
                self.lines.setdefault(path, number)
                rest = line[key.end() :]
                for inline in _INLINE_KEY.finditer(rest):
                    self.lines.setdefault(f"{path}.{_unquote(inline.group(1))}", number)

    def line_of(self, key: str) -> int:
        """The line ``key`` is on (1-based), 0 if nothing of it was found."""
        while key:
            if key in self.lines:
                return self.lines[key]
            if key.endswith("]"):
                key = re.sub(r"\[\d+\]$", "", key)
            elif "." in key:
                key = key.rpartition(".")[0]
            else:
                return 0
        return 0
