"""The one way the reader runs blocking work: a job's message is posted unless it was cancelled
meanwhile; a store job gets a store of its own; an exclusive job replaces the running one."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass

import pytest
from textual.app import App
from textual.message import Message
from textual.worker import WorkerState

from reader.store import Store
from reader.tui.work import Cancelled, deliver, in_store, run_job


@dataclass
class Answer(Message):
    value: str


def test_the_jobs_message_is_posted() -> None:
    posted: list[Message] = []
    sent = deliver(lambda _cancelled: Answer("done"), posted.append, lambda: False)
    assert posted == [sent] and isinstance(sent, Answer) and sent.value == "done"


def test_a_job_with_nothing_to_say_posts_nothing() -> None:
    posted: list[Message] = []
    assert deliver(lambda _cancelled: None, posted.append, lambda: False) is None
    assert posted == []


def test_a_job_cancelled_while_it_ran_posts_nothing() -> None:
    cancelled = threading.Event()
    seen: list[bool] = []

    def job(is_cancelled: Cancelled) -> Message:
        seen.append(is_cancelled())
        cancelled.set()  # a newer job arrives while this one works
        return Answer("stale")

    posted: list[Message] = []
    assert deliver(job, posted.append, cancelled.is_set) is None
    assert seen == [False] and posted == []


def test_a_store_job_has_a_store_of_its_own_closed_after(store: Store) -> None:
    assert store.path is not None
    opened: list[Store] = []

    def count(job_store: Store, _cancelled: Cancelled) -> Message:
        opened.append(job_store)
        return Answer(str(job_store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]))

    answer = in_store(store.path, count)(lambda: False)
    assert isinstance(answer, Answer) and answer.value == "0"
    assert opened[0] is not store
    with pytest.raises(sqlite3.ProgrammingError):  # closed once the job returned
        opened[0].conn.execute("SELECT 1")


class Jobs(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.answers: list[str] = []

    def on_answer(self, message: Answer) -> None:
        self.answers.append(message.value)


async def test_the_message_reaches_the_widget_that_ran_the_job() -> None:
    app = Jobs()
    async with app.run_test() as pilot:
        run_job(app, lambda _cancelled: Answer("counted"), group="count")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.answers == ["counted"]


async def test_an_exclusive_job_replaces_the_running_one() -> None:
    first_started, release = threading.Event(), threading.Event()

    def slow(cancelled: Cancelled) -> Message:
        first_started.set()
        release.wait(5)
        return Answer("superseded")

    app = Jobs()
    async with app.run_test() as pilot:
        first = run_job(app, slow, group="count", exclusive=True)
        while not first_started.is_set():
            await pilot.pause(0.01)
        newest = run_job(app, lambda _cancelled: Answer("newest"), group="count", exclusive=True)
        release.set()
        while not (first.is_finished and newest.is_finished):
            await pilot.pause(0.01)
        await pilot.pause()
        assert first.state == WorkerState.CANCELLED
        assert app.answers == ["newest"]


async def test_a_failing_job_leaves_the_app_running() -> None:
    def broken(_cancelled: Cancelled) -> Message:
        raise RuntimeError("the disk went away")

    app = Jobs()
    async with app.run_test() as pilot:
        worker = run_job(app, broken, group="write")
        while not worker.is_finished:
            await pilot.pause(0.01)
        await pilot.pause()
        assert worker.state == WorkerState.ERROR and isinstance(worker.error, RuntimeError)
        assert app.is_running and app.answers == []
