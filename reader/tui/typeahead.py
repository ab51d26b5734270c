"""Typeahead: keys typed faster than the reader answers them reach what they were typed for.

Textual hands each key to the widget focused when the application dequeues it, and the widget
handles it later, in its own queue. Keys that arrive in one burst (a paste, a macro, ssh, a fast
typist: ``/blair`` in one write) are therefore all handed to the list before the list has run
``/`` and focused the filter bar, and ``t`` followed by tags leaves an empty tag editor.

:class:`KeyGate` lets one key through at a time. After a key is handed on, the next waits until
the key's effects have settled: the application and every widget of the screen on top have
emptied their queues (the key bubbling up to a binding, and the messages it set off, such as a
submitted input dismissing its dialog, included), and a screen the key opened is mounted, with
the focus its ``on_mount`` gives. Keys that come meanwhile wait in order in the gate, so every
present and future dialog gets them without doing anything.

Settling is checked in rounds: a marker is posted behind the messages of every widget that has
any, and once the markers are through, the round is over; another starts while any queue is
still busy. Idle widgets cost nothing, so a cursor key costs about what it did without the gate.
A key never waits more than ``MOST_ROUNDS`` rounds (or ``LONGEST_WAIT``): background work
posting messages all the time cannot hold the keys up.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from time import monotonic
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.timer import Timer

# A key waits for the previous one's effects at most this many rounds, or this long: a slow
# machine is waited for, a stream of messages that never stops is not.
MOST_ROUNDS = 30
LONGEST_WAIT = 2.0  # seconds
# Seconds between looks while a key is settling: a screen the key opened may still be mounting,
# and a widget removed meanwhile (a dialog the key closed) never passes its marker on.
POLL = 0.005

Deliver = Callable[[events.Key], Awaitable[None]]


class _Marker:
    """A callback posted behind a widget's messages. Textual counts a callback's parameters
    with ``inspect`` unless it says how many it takes (``_param_count``): a plain closure cost
    more than the key it waited for."""

    __slots__ = ("gate", "round")
    _param_count = 0

    def __init__(self, gate: KeyGate, round: int) -> None:
        self.gate = gate
        self.round = round

    def __call__(self) -> None:
        self.gate._marker_through(self.round)


class KeyGate:
    """Holds keys until the one before has been handled; see the module docstring."""

    def __init__(self, app: App[Any], deliver: Deliver) -> None:
        self.app = app
        self._deliver = deliver  # Textual's own handling of a key (bindings, then the focus)
        self._held: deque[events.Key] = deque()
        self._waiting = False  # a key was handed on and its effects have not settled yet
        self._round = 0  # bumped by each round, so a stale round's markers are ignored
        self._rounds = 0  # rounds spent on the key handed on last
        self._markers = 0  # markers of this round still to come through
        self._marked: list[MessagePump] = []  # the widgets they were posted to
        self._since = 0.0
        self._poll: Timer | None = None
        self.delivered = 0  # keys handed on
        self.cut_short = 0  # keys handed on before the one before had settled (too long)

    @property
    def held(self) -> int:
        """Keys waiting for the previous one to settle."""
        return len(self._held)

    @property
    def idle(self) -> bool:
        """Every key that arrived has been handed on and its effects have settled."""
        return not self._waiting and not self._held

    async def key(self, event: events.Key) -> None:
        """A key arrived from the terminal: hand it on now, or after those before it."""
        self._held.append(event)
        await self._next()

    async def _next(self) -> None:
        if self._waiting or not self._held:
            return
        event = self._held.popleft()
        self._waiting = True
        self._since = monotonic()
        self._rounds = 0
        try:
            await self._deliver(event)
        finally:
            self.delivered += 1
            self._settle()

    def _settle(self) -> None:
        """Start a round: a marker behind the messages of every busy widget on the screen on
        top (and the application); settled at once when none is busy."""
        self._round += 1
        self._markers = 0
        self._marked = []
        if self._rounds >= MOST_ROUNDS or monotonic() - self._since > LONGEST_WAIT:
            self.cut_short += 1
            self._release()
            return
        screen = self._top()
        if screen is None:
            self._release()
            return
        if not screen.is_mounted:  # a screen the key opened: its on_mount gives the focus
            self._start_polling()
            return
        self._rounds += 1
        busy = [node for node in self._nodes(screen) if not node._message_queue.empty()]
        if not busy:
            self._release()
            return
        marker = _Marker(self, self._round)
        for node in busy:
            if node.post_message(events.Callback(callback=marker)):
                self._markers += 1
                self._marked.append(node)
        if not self._markers:
            self._release()
            return
        self._start_polling()

    def _nodes(self, screen: Screen[Any]) -> list[MessagePump]:
        # The application too: a key no widget takes bubbles up to it, and its bindings (Enter
        # submitting an input, say) run there.
        return [
            node for node in (self.app, *screen.walk_children(with_self=True)) if node.is_running
        ]

    def _marker_through(self, round: int) -> None:
        if round != self._round or not self._waiting:
            return
        self._markers -= 1
        if self._markers == 0:
            self._settle()  # a new round: settled if nothing is busy any more

    def _start_polling(self) -> None:
        if self._poll is None:
            self._poll = self.app.set_interval(POLL, self._look)
        else:
            self._poll.resume()

    def _look(self) -> None:
        """While a key settles: go on once a screen it opened is mounted, or when a widget that
        was to pass a marker on is gone (closed with its dialog)."""
        if not self._waiting:
            self._stop_polling()
            return
        screen = self._top()
        if screen is None or not screen.is_mounted:
            if monotonic() - self._since > LONGEST_WAIT:
                self._settle()
            return
        gone = any(not node.is_running for node in self._marked)
        if not self._markers or gone or monotonic() - self._since > LONGEST_WAIT:
            self._settle()

    def _stop_polling(self) -> None:
        if self._poll is not None:
            self._poll.pause()

    def _release(self) -> None:
        self._round += 1
        self._markers = 0
        self._marked = []
        self._waiting = False
        self._stop_polling()
        if self._held:
            # In the application's own queue, where keys are handled (bindings, the focus).
            self.app.post_message(events.Callback(callback=self._next))

    def _top(self) -> Screen[Any] | None:
        try:
            return self.app.screen
        except Exception:  # no screen: the reader is closing
            return None
