"""A scrolling body for the help and problems screens that moves with the reader's own keys
(j/k, g/G, PgUp/PgDn and the arrows, or whatever the keymap binds them to).

Every key scrolls at once, without animation: Textual's default scroll is applied after the
next refresh, so a held key computed each step from the same stale position and most presses
were lost."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.containers import VerticalScroll

from reader.tui.commands import bindings


class ScrollBody(VerticalScroll, inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = bindings("scroll")

    def _scroll_by_lines(self, lines: float) -> None:
        self.scroll_to(y=self.scroll_target_y + lines, animate=False, immediate=True)

    def action_scroll_down(self) -> None:
        self._scroll_by_lines(1)

    def action_scroll_up(self) -> None:
        self._scroll_by_lines(-1)

    def action_page_down(self) -> None:
        self._scroll_by_lines(self.scrollable_content_region.height)

    def action_page_up(self) -> None:
        self._scroll_by_lines(-self.scrollable_content_region.height)

    def action_scroll_home(self) -> None:
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_scroll_end(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)
