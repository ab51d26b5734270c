"""One way to run blocking work off the UI thread: a job runs in a thread worker and the message
it returns is posted to the widget that started it, unless the worker was cancelled meanwhile
(a count superseded by more typing, a prompt closed before its names arrived).

A job is a plain function of ``cancelled``, so it can be called and tested without Textual. One
that needs the database opens a store of its own (``in_store``): SQLite connections are not
shared between threads.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.dom import DOMNode
from textual.message import Message
from textual.worker import Worker, get_current_worker

from reader.store import Store

Cancelled = Callable[[], bool]
Post = Callable[[Message], object]
Job = Callable[[Cancelled], Message | None]
StoreJob = Callable[[Store, Cancelled], Message | None]


def deliver(job: Job, post: Post, cancelled: Cancelled) -> Message | None:
    """Run ``job`` and post what it returns, unless it returned nothing or was cancelled while
    it ran: a cancelled job's answer is stale by definition. Returns what was posted."""
    message = job(cancelled)
    if message is None or cancelled():
        return None
    post(message)
    return message


def in_store(database: Path, job: StoreJob) -> Job:
    """``job`` given a store of its own on ``database``, closed when it returns."""

    def run(cancelled: Cancelled) -> Message | None:
        with Store.open(database) as store:
            return job(store, cancelled)

    return run


def run_job(node: DOMNode, job: Job, *, group: str, exclusive: bool = False) -> Worker[None]:
    """Run ``job`` in a thread worker of ``node`` and post its message to ``node``.

    ``exclusive``: a new job cancels the group's running one (its answer is then dropped).
    A job that raises ends its worker in the error state without taking the reader down."""

    def work() -> None:
        worker = get_current_worker()
        deliver(job, node.post_message, lambda: worker.is_cancelled)

    return node.run_worker(
        work, name=group, group=group, exclusive=exclusive, thread=True, exit_on_error=False
    )
