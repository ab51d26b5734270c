"""Worker processes with a budget per item: an item stuck where no alarm reaches it is killed
with its worker, the parent learns which item it was, and a fresh worker takes over."""

from __future__ import annotations

import os
import time

from reader.indexing.pool import Budget, Outcome, Pool, WorkerContext, start_workers


def stuck_on_second(items: list[int], worker: WorkerContext) -> list[int]:
    """A job whose second item blocks without using CPU (no CPU alarm can stop it)."""
    done = []
    for index, item in enumerate(items):
        with worker.item(index):
            if index == 1:
                time.sleep(3600)
            done.append(item * 2)
    return done


def spinning(items: list[int], worker: WorkerContext) -> list[str]:
    """A job whose items spin in Python until the CPU alarm stops them."""
    results = []
    for index, _item in enumerate(items):
        try:
            with worker.item(index):
                while True:
                    pass
        except Exception as error:
            results.append(type(error).__name__)
    return results


def dying(items: list[int], worker: WorkerContext) -> None:
    with worker.item(0):
        os._exit(3)


def doubling(items: list[int], worker: WorkerContext) -> list[int]:
    return [i * 2 for i in items]


def _wait(pool: Pool, key: int, bound: float = 60.0) -> Outcome:
    started = time.monotonic()
    while time.monotonic() - started < bound:
        for outcome in pool.poll(0.2):
            if outcome.key == key:
                return outcome
    raise AssertionError("no outcome")


def test_an_item_stuck_past_its_budget_is_killed_and_named() -> None:
    pool = start_workers(1, Budget(seconds=0.1))
    try:
        pool.submit(1, stuck_on_second, [10, 20, 30])
        outcome = _wait(pool, 1)
        assert outcome.killed and outcome.stopped_at == 1 and outcome.result is None
        pool.submit(2, doubling, [1, 2])  # a fresh worker took the dead one's place
        assert _wait(pool, 2).result == [2, 4]
    finally:
        pool.close()


def test_python_code_over_its_cpu_budget_is_stopped_in_the_worker() -> None:
    pool = start_workers(1, Budget(seconds=0.05))
    try:
        pool.submit(1, spinning, [1, 2])
        outcome = _wait(pool, 1)
        assert outcome.result == ["ItemTimeout", "ItemTimeout"] and not outcome.killed
    finally:
        pool.close()


def test_a_worker_that_dies_is_reported_and_replaced() -> None:
    pool = start_workers(1, Budget())
    try:
        pool.submit(1, dying, [1])
        outcome = _wait(pool, 1)
        assert outcome.error and outcome.stopped_at == 0 and not outcome.killed
        pool.submit(2, doubling, [3])
        assert _wait(pool, 2).result == [6]
    finally:
        pool.close()
