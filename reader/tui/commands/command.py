"""What a command is: its id, keys, help line, group and the action it runs per scope."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# "app" | "screen" | "list" | "article" | "entities" | "views" | "scroll" | "dialog"
# | "confirm" | "tag_editor" | "pipe"
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
