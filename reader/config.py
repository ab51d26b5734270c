"""The user's configuration: a dataclass read from and written to ``config.toml``.

Unknown keys are ignored and wrong types fall back to defaults with a warning, so a typo in the
file never stops the reader from opening.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import tomli_w
from rich.color import Color, ColorParseError

from reader.sources.folders import DEFAULT_TOPICS

# Files larger than this are recorded as problems instead of being read (``max_file_mb``):
# the indexer, the reader and ``reader extract`` all use it.
DEFAULT_MAX_FILE_MB = 50
DEFAULT_MAX_FILE_BYTES = DEFAULT_MAX_FILE_MB * 1024 * 1024


@dataclass(slots=True)
class SavedView:
    """A named query shown in the sidebar with a live count."""

    name: str
    query: str


def _default_views() -> list[SavedView]:
    return [
        SavedView("All", ""),
        SavedView("Unread", "is:unread"),
        SavedView("Starred", "is:starred"),
    ]


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
    # Saved views in the sidebar, in order.
    views: list[SavedView] = field(default_factory=_default_views)
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

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024

    @classmethod
    def load(cls, path: Path) -> tuple[Config, list[str]]:
        """The config at ``path`` (defaults when absent) and warnings about what was ignored."""
        config = cls()
        if not path.exists():
            return config, []
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            return config, [f"{path}: {error}; using defaults"]
        return config.update(data, str(path))

    def update(self, data: dict[str, Any], origin: str = "config") -> tuple[Config, list[str]]:
        warnings: list[str] = []
        known = {f.name: f for f in fields(self)}
        for key, value in data.items():
            if key not in known:
                warnings.append(f"{origin}: unknown key {key!r} ignored")
                continue
            if key == "views":
                views = _parse_views(value)
                if views is None:
                    warnings.append(f"{origin}: 'views' must be a list of {{name, query}} tables")
                else:
                    self.views = views
                continue
            current = getattr(self, key)
            if not _same_shape(current, value):
                warnings.append(f"{origin}: {key!r} has the wrong type; default kept")
                continue
            if isinstance(current, dict):
                value = {str(k): str(v) for k, v in value.items()}
            if key == "tag_colors":
                value = _valid_colours(value, origin, warnings)
            setattr(self, key, value)
        return self, warnings

    def suggestion_workflow_tags(self) -> list[str]:
        """The tags suggestions never learn or propose: ``workflow_tags`` plus the quick tags."""
        return list(dict.fromkeys([*self.workflow_tags, *self.quick_tags.values()]))

    def to_toml(self) -> str:
        data: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "views":
                value = [{"name": v.name, "query": v.query} for v in value]
            data[f.name] = value
        return tomli_w.dumps(data)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".toml.tmp")
        temporary.write_text(self.to_toml(), encoding="utf-8")
        temporary.replace(path)


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


def _valid_colours(value: dict[str, str], origin: str, warnings: list[str]) -> dict[str, str]:
    """The tag colours that can be drawn; a warning for each one left out."""
    valid: dict[str, str] = {}
    for tag, text in value.items():
        parsed = colour(text)
        if parsed is None:
            warnings.append(
                f"{origin}: tag_colors: {text!r} for {tag!r} is not a colour "
                "(a name like 'red', '#rrggbb' or 'rgb(r, g, b)'); ignored"
            )
        else:
            valid[tag] = parsed
    return valid


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


def _parse_views(value: Any) -> list[SavedView] | None:
    if not isinstance(value, list):
        return None
    views: list[SavedView] = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            return None
        views.append(SavedView(item["name"], str(item.get("query", ""))))
    return views
