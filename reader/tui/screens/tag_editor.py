"""The tag editor: ``+a -b c`` adds and removes tags, with fuzzy completion over the tags in use.

It edits nothing itself: it answers a ``TagEdit`` (or None when cancelled) and the main screen
previews and applies it. The target is the marked articles, else the current one; ``ctrl+t``
switches to every article in the current filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.fuzzy import FuzzySearch
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.tags import parse_tag_edit
from reader.tui.commands import bindings, key_hint
from reader.tui.render import one_line

MAX_COMPLETIONS = 8


@dataclass(frozen=True, slots=True)
class TagEdit:
    add: tuple[str, ...]
    remove: tuple[str, ...]
    whole_filter: bool  # every article in the filter instead of the marked or current ones


@dataclass(frozen=True, slots=True)
class TagTarget:
    """What the editor acts on: ``label`` like "this article" or "3 marked articles"."""

    label: str
    tags: tuple[str, ...]  # the tags the single target article has now (empty for several)
    filter_count: int  # articles in the current filter


def completions(
    word: str, known: Sequence[tuple[str, int]], limit: int = MAX_COMPLETIONS
) -> list[tuple[str, int, Sequence[int]]]:
    """Tags matching ``word`` fuzzily (tag, uses, matched offsets), best first; the most used
    tags when ``word`` is empty."""
    if not word:
        return [(tag, count, ()) for tag, count in known[:limit]]
    search = FuzzySearch()
    scored: list[tuple[float, int, str, Sequence[int]]] = []
    for tag, count in known:
        score, offsets = search.match(word, tag)
        if score > 0:
            scored.append((score, count, tag, offsets))
    scored.sort(key=lambda item: (-item[0], -item[1], item[2]))
    return [(tag, count, offsets) for _score, count, tag, offsets in scored[:limit]]


def split_last_word(text: str) -> tuple[str, str, str]:
    """(text before the last word, its sign "+"/"-"/"", the word without the sign)."""
    head, _, word = text.rpartition(" ")
    head = head + " " if head or text.startswith(" ") else ""
    sign = word[:1] if word[:1] in ("+", "-") else ""
    return head, sign, word[len(sign) :]


class TagEditorScreen(ModalScreen[TagEdit | None]):
    BINDINGS: ClassVar[list[BindingType]] = [*bindings("dialog"), *bindings("tag_editor")]

    def __init__(
        self, target: TagTarget, known: Sequence[tuple[str, int]], keymap: dict[str, str]
    ) -> None:
        super().__init__()
        self.target = target
        self.known = list(known)
        self.whole_filter = False
        self.keymap = keymap
        self._completions: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-editor") as body:
            body.border_title = "Tags"
            complete, cancel = (key_hint(c, self.keymap) for c in ("complete_tag", "close"))
            body.border_subtitle = Content(
                f"Enter: apply · {complete}: complete · {cancel}: cancel"
            )
            yield Static(id="tag-target")
            yield Input(placeholder="+tag adds, -tag removes, a bare word adds", id="tag-input")
            yield OptionList(id="tag-completions")

    def on_mount(self) -> None:
        self._show_target()
        self._complete("")
        self.set_focus(self.input)  # at once: keys typed right after "t" are tags

    @property
    def input(self) -> Input:
        return self.query_one("#tag-input", Input)

    @property
    def completion_list(self) -> OptionList:
        return self.query_one("#tag-completions", OptionList)

    def _show_target(self) -> None:
        target = self.target
        key = key_hint("toggle_target", self.keymap)
        text = Text("For: ", style="dim")
        if self.whole_filter:
            noun = "article" if target.filter_count == 1 else "articles"
            text.append(f"all {target.filter_count:,} {noun} in this filter", style="bold")
            text.append(f"   {key}: {target.label}", style="dim")
        else:
            text.append(target.label, style="bold")
            noun = "article" if target.filter_count == 1 else "articles"
            text.append(f"   {key}: all {target.filter_count:,} {noun} in this filter", "dim")
        if target.tags and not self.whole_filter:
            text.append("\nNow: ", style="dim")
            text.append(" ".join(one_line(t) for t in target.tags))
        self.query_one("#tag-target", Static).update(text)

    def _complete(self, text: str) -> None:
        _head, sign, word = split_last_word(text)
        known = self.known
        if sign == "-" and self.target.tags and not self.whole_filter:
            counts = dict(known)
            known = [(t, counts.get(t, 1)) for t in self.target.tags]
        found = completions(word.casefold(), known)
        self._completions = [tag for tag, _count, _offsets in found]
        options = []
        for tag, count, offsets in found:
            prompt = Text(no_wrap=True, overflow="ellipsis")
            for position, character in enumerate(one_line(tag)):
                prompt.append(character, Style(bold=True) if position in offsets else None)
            prompt.append(f"  {count:,}", style="dim")
            options.append(Option(prompt))
        listing = self.completion_list
        listing.clear_options()
        if options:
            listing.add_options(options)
            listing.highlighted = 0
        else:
            listing.add_option(Option(Text("a new tag", style="dim"), disabled=True))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._complete(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        add, remove = parse_tag_edit(event.value)
        if not add and not remove:
            self.notify("Type a tag to add (+tag) or remove (-tag).", timeout=3)
            return
        self.dismiss(TagEdit(tuple(add), tuple(remove), self.whole_filter))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.completion_list.highlighted = event.option_index
        self.action_complete()
        self.input.focus()

    def action_complete(self) -> None:
        index = self.completion_list.highlighted
        if index is None or not 0 <= index < len(self._completions):
            return
        head, sign, _word = split_last_word(self.input.value)
        self.input.value = f"{head}{sign}{self._completions[index]} "
        self.input.cursor_position = len(self.input.value)

    def action_completion(self, step: int) -> None:
        listing = self.completion_list
        if not self._completions:
            return
        index = listing.highlighted or 0
        listing.highlighted = max(0, min(len(self._completions) - 1, index + step))

    def action_toggle_target(self) -> None:
        self.whole_filter = not self.whole_filter
        self._show_target()
        self._complete(self.input.value)

    def action_close(self) -> None:
        self.dismiss(None)
