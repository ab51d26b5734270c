"""The entity panel: the article's people, organisations and places with mention counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.model import ENTITY_LABELS, Span
from reader.tui.commands import bindings
from reader.tui.messages import EntityChosen
from reader.tui.render import LABEL_NAMES, foreground_only, one_line

HEADINGS = {"PERSON": "People", "ORG": "Organisations", "PLACE": "Places", "OTHER": "Other"}


def entity_counts(spans: Sequence[Span]) -> list[tuple[str, str, int]]:
    """(label, canonical name, mentions), by label, then most mentioned, then name."""
    counts = Counter((s.label, one_line(s.canonical or s.text)) for s in spans)
    order: dict[str, int] = {label: n for n, label in enumerate(ENTITY_LABELS)}
    return sorted(
        ((label, name, count) for (label, name), count in counts.items() if name),
        key=lambda item: (order.get(item[0], 9), -item[2], item[1].casefold()),
    )


class EntityPanel(OptionList, inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = bindings("entities")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "entity-panel--heading",
        "entity-panel--count",
        *(f"entity-panel--{label.lower()}" for label in ENTITY_LABELS),
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._choices: dict[str, tuple[str, str]] = {}
        # The name as stored, for each name as shown (corrections need the stored spelling).
        self._stored: dict[str, str] = {}
        self._spans: list[Span] = []

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.show_spans(self._spans))

    def show_spans(self, spans: Sequence[Span]) -> None:
        self._spans = list(spans)
        self.clear_options()
        self._choices.clear()
        self._stored = {one_line(s.canonical or s.text): s.canonical or s.text for s in spans}
        entries = entity_counts(spans)
        if not entries:
            self.add_option(Option(Text("No names found in this article."), disabled=True))
            return
        heading_style = foreground_only(self.get_component_rich_style("entity-panel--heading"))
        count_style = foreground_only(self.get_component_rich_style("entity-panel--count"))
        options: list[Option | None] = []
        current = ""
        for number, (label, name, count) in enumerate(entries):
            if label != current:
                if current:
                    options.append(None)
                current = label
                heading = Text(HEADINGS.get(label, LABEL_NAMES.get(label, label)))
                heading.stylize(heading_style)
                options.append(Option(heading, disabled=True))
            style = foreground_only(self.get_component_rich_style(f"entity-panel--{label.lower()}"))
            prompt = Text(name, style=style, no_wrap=True, overflow="ellipsis")
            prompt.append(f"  {count}", count_style)
            option_id = f"entity-{number}"
            self._choices[option_id] = (name, label)
            options.append(Option(prompt, id=option_id))
        self.add_options(options)
        self.highlighted = next(
            (i for i, option in enumerate(self.options) if not option.disabled), None
        )

    @property
    def highlighted_entity(self) -> tuple[str, str] | None:
        """(name as stored, label) of the highlighted name, if one is."""
        index = self.highlighted
        if index is None or not 0 <= index < self.option_count:
            return None
        choice = self._choices.get(self.get_option_at_index(index).id or "")
        if choice is None:
            return None
        name, label = choice
        return self._stored.get(name, name), label

    def restore_highlight(self, name: str, index: int | None) -> None:
        """After the names changed: highlight ``name`` if still listed, else the entry nearest
        to where the highlight was."""
        wanted = " ".join(name.split()).casefold()
        for position, option in enumerate(self.options):
            choice = self._choices.get(option.id or "")
            if choice is not None and wanted and " ".join(choice[0].split()).casefold() == wanted:
                self.highlighted = position
                return
        if index is None:
            return
        enabled = [i for i, option in enumerate(self.options) if not option.disabled]
        if enabled:
            self.highlighted = next((i for i in enabled if i >= index), enabled[-1])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choice = self._choices.get(event.option.id or "")
        if choice is not None:
            self.post_message(EntityChosen(*choice))
