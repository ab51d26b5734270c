"""A scrolling body for the help and problems screens that moves with the reader's own keys
(j/k, g/G, PgUp/PgDn and the arrows, or whatever the keymap binds them to)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.containers import VerticalScroll

from reader.tui.commands import bindings


class ScrollBody(VerticalScroll, inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = bindings("scroll")
