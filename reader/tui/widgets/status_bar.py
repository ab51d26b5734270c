"""The status line: the current filter, counts, background work and a hint for help."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from reader.tui.jobs import progress_text
from reader.tui.messages import IndexingProgress
from reader.tui.render import one_line

NOTE_SECONDS = 8.0  # how long the outcome of background work stays on the status line


@dataclass(frozen=True, slots=True)
class Status:
    filter_text: str = ""
    shown: int = 0
    total: int = 0
    unread: int = 0
    job: str = ""  # "Indexing 40/200"; "" when idle
    note: str = ""  # the outcome of the last action or job
    problems: int = 0
    error: bool = False
    marked: int = 0
    sort: str = ""  # how the list is sorted, when not newest first: "Title, A to Z"


class StatusBar(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "status-bar--filter",
        "status-bar--counts",
        "status-bar--job",
        "status-bar--note",
        "status-bar--error",
        "status-bar--hint",
        "status-bar--marked",
    }

    status: reactive[Status] = reactive(Status, layout=False)
    note_seconds = NOTE_SECONDS

    def update(self, **changes: object) -> None:
        self.status = replace(self.status, **changes)  # type: ignore[arg-type]

    def show_progress(self, event: IndexingProgress) -> None:
        self.update(job=progress_text(event.what, event.progress))

    def flash(self, note: str) -> None:
        """A note that goes away after ``note_seconds``, unless another replaced it first."""
        self.update(note=note, error=False)

        def clear() -> None:
            if self.status.note == note and not self.status.error:
                self.update(note="")

        self.set_timer(self.note_seconds, clear)

    def render(self) -> Text:
        """Filter and counts on the left, then the running job or the last outcome. When they
        do not fit, the problems count gets shorter and then the filter, so the outcome shows."""
        status = self.status
        width = self.size.width
        tail = self._tail(status)
        filter_room: int | None = None
        head = self._head(status, compact=False, filter_room=None)
        if head.cell_len + tail.cell_len > width:
            head = self._head(status, compact=True, filter_room=None)
        over = head.cell_len + tail.cell_len - width
        if over > 0 and status.filter_text:
            filter_room = max(8, len(one_line(status.filter_text)) - over)
            head = self._head(status, compact=True, filter_room=filter_room)
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append_text(head)
        text.append_text(tail)
        if text.cell_len > width:
            text.truncate(width, overflow="ellipsis")
        hint = Text("? help  ^p commands ", style=self.get_component_rich_style("status-bar--hint"))
        room = width - hint.cell_len
        if room > text.cell_len + 1:
            text.append(" " * (room - text.cell_len))
            text.append_text(hint)
        return text

    def _head(self, status: Status, *, compact: bool, filter_room: int | None) -> Text:
        style = self.get_component_rich_style
        text = Text(" ", no_wrap=True, end="")
        if status.filter_text:
            shown = one_line(status.filter_text)
            if filter_room is not None and len(shown) > filter_room:
                shown = shown[: max(1, filter_room - 1)] + "…"
            text.append("filter: ", style("status-bar--hint"))
            text.append(shown, style("status-bar--filter"))
            text.append(f"  {status.shown:,} of {status.total:,}", style("status-bar--counts"))
        else:
            noun = "article" if status.total == 1 else "articles"
            text.append(f"{status.total:,} {noun}", style("status-bar--counts"))
        text.append(f" · {status.unread:,} unread", style("status-bar--counts"))
        if status.sort and not compact:
            text.append(f" · {status.sort.lower()}", style("status-bar--counts"))
        if status.marked:
            text.append(f" · {status.marked:,} marked", style("status-bar--marked"))
        if status.problems:
            noun = "problem" if status.problems == 1 else "problems"
            problems = (
                f" · {status.problems:,} (P)" if compact else f" · {status.problems:,} {noun} (P)"
            )
            text.append(problems, style("status-bar--error"))
        return text

    def _tail(self, status: Status) -> Text:
        style = self.get_component_rich_style
        if status.job:
            return Text("  " + status.job, style=style("status-bar--job"), end="")
        if status.note:
            note_style = style("status-bar--error" if status.error else "status-bar--note")
            return Text("  " + one_line(status.note), style=note_style, end="")
        return Text(end="")
