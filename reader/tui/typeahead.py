"""Typeahead: keys typed faster than the reader answers them reach what they were typed for.

Textual hands each key to the widget focused when the application dequeues it, and the widget
handles it later, in its own queue. Keys that arrive in one burst (a paste, a macro, ssh, a fast
typist: ``/blair`` in one write) are therefore all handed to the list before the list has run
``/`` and focused the filter bar, and ``t`` followed by tags leaves an empty tag editor.

:class:`KeyGate` lets one key through at a time. After a key is handed on, the next waits until
the key's effects have settled: the application and every widget of the screen on top have
emptied their queues (the key bubbling up to a binding, and the messages it set off, such as a
submitted input dismissing its dialog, included), and a
screen the key opened is mounted, with the focus its ``on_mount`` gives. Keys that come meanwhile
wait in order in the gate, so every present and future dialog gets them without doing anything.

Settling is checked the way Textual's own test pilot waits for a screen: a callback queued
behind each widget's pending messages, then another round while any queue is still busy. A key
never waits more than ``MOST_ROUNDS`` rounds (or ``LONGEST_WAIT``): background work posting
messages all the time cannot hold the keys up.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from functools import partial
from time import monotonic
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.screen import Screen

# A key waits for the previous one's effects at most this many rounds, or this long: a slow
# machine is waited for, a stream of messages that never stops is not.
MOST_ROUNDS = 30
LONGEST_WAIT = 2.0  # seconds
MOUNT_POLL = 0.005  # seconds between looks at a screen still being mounted
# Seconds between looks at a round still going on: a widget removed meanwhile (a dialog the key
# closed) never runs its callback, so the round starts again without it.
ROUND_POLL = 0.05

Deliver = Callable[[events.Key], Awaitable[None]]


class KeyGate:
    """Holds keys until the one before has been handled; see the module docstring."""

    def __init__(self, app: App[Any], deliver: Deliver) -> None:
        self.app = app
        self._deliver = deliver  # Textual's own handling of a key (bindings, then the focus)
        self._held: deque[events.Key] = deque()
        self._waiting = False  # a key was handed on and its effects have not settled yet
        self._round = 0  # bumped by each settling round, so a stale round's callbacks are ignored
        self._rounds = 0  # rounds spent on the key handed on last
        self._since = 0.0
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
        """Start a round: a callback behind every busy widget's queue on the screen on top."""
        self._round += 1
        this_round = self._round
        if self._rounds > MOST_ROUNDS or monotonic() - self._since > LONGEST_WAIT:
            self.cut_short += 1
            self._release()
            return
        screen = self._top()
        if screen is None:
            self._release()
            return
        if not screen.is_mounted:
            # A screen the key opened is being composed: its on_mount gives the focus.
            self.app.set_timer(MOUNT_POLL, partial(self._settle_again, this_round))
            return
        self._rounds += 1
        # The application too: a key no widget takes bubbles up to it, and its bindings (Enter
        # submitting an input, say) run there.
        nodes: list[MessagePump] = [
            node
            for node in (self.app, *screen.walk_children(with_self=True))
            if node.is_running
        ]
        pending = len(nodes)
        if pending == 0:
            self._release()
            return

        def done() -> None:
            nonlocal pending
            pending -= 1
            if pending == 0 and self._round == this_round:
                self._round_over(nodes)

        for node in nodes:
            node.call_next(done)
        self.app.set_timer(ROUND_POLL, partial(self._check_round, this_round, nodes))

    def _check_round(self, this_round: int, nodes: list[MessagePump]) -> None:
        if self._round != this_round:
            return
        if all(node.is_running for node in nodes) and monotonic() - self._since <= LONGEST_WAIT:
            self.app.set_timer(ROUND_POLL, partial(self._check_round, this_round, nodes))
        else:
            self._settle()

    def _settle_again(self, this_round: int) -> None:
        if self._round == this_round:
            self._settle()

    def _round_over(self, nodes: list[MessagePump]) -> None:
        """Every widget has emptied its queue once: settled unless one got new messages since
        (a message bubbling up from a child) or the screen changed."""
        screen = self._top()
        busy = any(not node._message_queue.empty() for node in nodes if node.is_running)
        if busy or screen is None or screen not in nodes or not screen.is_mounted:
            self._settle()
        else:
            self._release()

    def _release(self) -> None:
        self._round += 1
        self._waiting = False
        if self._held:
            # In the application's own queue, where keys are handled (bindings, the focus).
            self.app.call_later(self._next)

    def _top(self) -> Screen[Any] | None:
        try:
            return self.app.screen
        except Exception:  # no screen: the reader is closing
            return None

