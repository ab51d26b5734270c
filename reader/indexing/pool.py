"""Worker processes with a time and memory budget for each item of work.

Reading files and finding names are CPU work done in worker processes on every core. An archive
is untrusted, so one file must never hang or exhaust an import:

- each item (a file, an article) runs under a CPU-time alarm in its worker, which stops Python
  code that runs too long (a parser gone quadratic);
- the parent also watches the wall clock per item and kills a worker stuck past the budget in
  code the alarm cannot interrupt (a C extension, a blocked read); the item is reported, the
  rest of its job is handed back, and a new worker takes the dead one's place;
- each worker's address space is capped, so a file that would need gigabytes fails with
  MemoryError (reported) instead of taking the machine's memory, and the worker is recycled.

CLOCK_MONOTONIC (``time.monotonic``) does not advance while the machine sleeps, and the alarm
counts CPU time, so a laptop closed mid-import does not fail the file being read.

Workers start from the forkserver with the reading code preloaded, so starting them is a fork
(a few milliseconds) rather than a fresh interpreter importing every parser (about a second).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from types import FrameType
from typing import Any, Protocol

__all__ = [
    "FILE_MEMORY_BYTES",
    "FILE_SECONDS",
    "Budget",
    "InlineWorkers",
    "ItemTimeout",
    "Outcome",
    "WorkerContext",
    "Workers",
    "cores",
]

# CPU seconds one file (or one article's names) may take. Ordinary files take milliseconds; a
# 50 MB page a few seconds: this is for input built to be slow.
FILE_SECONDS = 30.0
# Address space a worker may use beyond what it holds at start: a 50 MB file with its cleaned
# copies and parse trees fits many times over.
FILE_MEMORY_BYTES = 2 * 1024**3
# The parent kills a worker whose item has run this long (wall clock) past its CPU budget.
KILL_GRACE = 5.0

# Modules the forkserver imports once for all workers.
PRELOAD = ["reader.indexing.preload"]


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class Budget:
    seconds: float = FILE_SECONDS
    memory: int = FILE_MEMORY_BYTES

    @property
    def kill_after(self) -> float:
        return self.seconds * 2 + KILL_GRACE


class ItemTimeout(Exception):
    """An item used up its CPU budget (raised inside the worker by the alarm)."""


class WorkerContext:
    """What a job function gets besides its payload: ``with ctx.item(i):`` around each item's
    work arms the budget and tells the parent which item is running."""

    def __init__(self, conn: Connection | None, key: int, budget: Budget) -> None:
        self.conn = conn
        self.key = key
        self.budget = budget
        self.recycle = False  # set when the worker should not be trusted with more work

    @contextlib.contextmanager
    def item(self, index: int) -> Iterator[None]:
        if self.conn is not None:
            self.conn.send(("item", self.key, index))
            signal.setitimer(signal.ITIMER_PROF, self.budget.seconds)
        try:
            yield
        except (ItemTimeout, MemoryError):
            # Whatever was running may have left its state half-changed: finish this job, then
            # let a fresh worker take over.
            self.recycle = True
            raise
        finally:
            if self.conn is not None:
                signal.setitimer(signal.ITIMER_PROF, 0)


JobFn = Callable[[Any, WorkerContext], Any]


@dataclass(slots=True)
class Outcome:
    """A finished job: its result, or why it has none. ``stopped_at`` is the item that was
    running when the worker died or was killed (the items before it were not written)."""

    key: int
    result: Any = None
    error: str = ""
    stopped_at: int | None = None
    killed: bool = False  # killed for running past its budget (else it died on its own)


def _on_alarm(_signum: int, _frame: FrameType | None) -> None:
    raise ItemTimeout()


def _serve(conn: Connection, budget: Budget) -> None:
    """A worker: run jobs from the parent until told to stop or the parent goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    signal.signal(signal.SIGPROF, _on_alarm)
    _cap_memory(budget.memory)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        key, fn, payload = message
        context = WorkerContext(conn, key, budget)
        try:
            result = fn(payload, context)
        except BaseException:  # reported to the parent, which records it and goes on
            conn.send(("error", key, traceback.format_exc(limit=8), True))
            return
        conn.send(("done", key, result, context.recycle))
        if context.recycle:
            return


def _cap_memory(extra: int) -> None:
    try:
        import resource
    except ImportError:  # not on this system: the wall-clock budget still holds
        return
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[0])
        now = pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = now + extra
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft == resource.RLIM_INFINITY or soft > wanted:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


@dataclass(slots=True, eq=False)
class _Worker:
    process: Any  # multiprocessing.Process of the forkserver context
    conn: Connection
    job: tuple[int, float] | None = None  # (key, time sent)
    item: tuple[int, float] | None = None  # (index, time started)
    alive: bool = True


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    method = "forkserver" if "forkserver" in methods else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(PRELOAD)
    return context


class Pool(Protocol):
    def free(self) -> int: ...

    def busy(self) -> int: ...

    def submit(self, key: int, fn: JobFn, payload: Any) -> None: ...

    def poll(self, timeout: float) -> list[Outcome]: ...

    def close(self) -> None: ...


@dataclass(slots=True)
class Workers:
    """Worker processes, each doing one job at a time. ``submit`` a job to a free worker,
    ``poll`` for finished ones (which also enforces budgets), ``close`` when done: workers in
    the middle of a job are stopped and their uncommitted writes roll back."""

    count: int
    budget: Budget = field(default_factory=Budget)
    _workers: list[_Worker] = field(default_factory=list)
    _context: Any = None

    def start(self) -> Workers:
        self._context = _context()
        for _ in range(self.count):
            self._workers.append(self._spawn())
        return self

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe(duplex=True)
        process = self._context.Process(target=_serve, args=(child, self.budget), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def free(self) -> int:
        return sum(1 for w in self._workers if w.job is None)

    def busy(self) -> int:
        return sum(1 for w in self._workers if w.job is not None)

    def submit(self, key: int, fn: JobFn, payload: Any) -> None:
        worker = next(w for w in self._workers if w.job is None)
        worker.job = (key, time.monotonic())
        worker.item = None
        try:
            worker.conn.send((key, fn, payload))
        except OSError:  # it died while idle: the next poll replaces it and reports the job
            worker.alive = False

    def poll(self, timeout: float) -> list[Outcome]:
        """Finished jobs, waiting up to ``timeout`` seconds for the first."""
        outcomes: list[Outcome] = []
        busy = [w for w in self._workers if w.job is not None]
        if not busy:
            return outcomes
        waiting: dict[Any, _Worker] = {}
        for worker in busy:
            waiting[worker.conn] = worker
            waiting[worker.process.sentinel] = worker
        deadline = self._next_deadline(busy)
        if deadline is not None:
            timeout = max(0.0, min(timeout, deadline - time.monotonic()))
        ready = multiprocessing.connection.wait(list(waiting), timeout)
        seen: set[int] = set()
        for handle in ready:
            worker = waiting[handle]
            if id(worker) in seen:
                continue
            seen.add(id(worker))
            outcomes.extend(self._read(worker))
        outcomes.extend(self._enforce())
        return outcomes

    def _next_deadline(self, busy: list[_Worker]) -> float | None:
        started = [w.item[1] for w in busy if w.item is not None]
        return min(started) + self.budget.kill_after if started else None

    def _read(self, worker: _Worker) -> list[Outcome]:
        outcomes: list[Outcome] = []
        while worker.job is not None:
            try:
                if not worker.conn.poll():
                    if not worker.process.is_alive() or not worker.alive:
                        outcomes.append(self._replace(worker, killed=False))
                    break
                message = worker.conn.recv()
            except (EOFError, OSError):
                outcomes.append(self._replace(worker, killed=False))
                break
            kind, key = message[0], message[1]
            if kind == "item":
                worker.item = (message[2], time.monotonic())
                continue
            worker.job = None
            worker.item = None
            if kind == "done":
                outcomes.append(Outcome(key, result=message[2]))
            else:
                outcomes.append(Outcome(key, error=str(message[2])))
            if message[3]:  # the worker leaves: start its successor
                self._retire(worker)
        return outcomes

    def _enforce(self) -> list[Outcome]:
        now = time.monotonic()
        return [
            self._replace(worker, killed=True)
            for worker in list(self._workers)
            if worker.job is not None
            and worker.item is not None
            and now - worker.item[1] > self.budget.kill_after
        ]

    def _replace(self, worker: _Worker, *, killed: bool) -> Outcome:
        assert worker.job is not None
        key = worker.job[0]
        stopped_at = worker.item[0] if worker.item is not None else None
        self._stop(worker)
        self._workers[self._workers.index(worker)] = self._spawn()
        reason = "ran past its time budget" if killed else "the worker stopped"
        return Outcome(key, error=reason, stopped_at=stopped_at, killed=killed)

    def _retire(self, worker: _Worker) -> None:
        worker.process.join(timeout=5)
        self._stop(worker)
        self._workers[self._workers.index(worker)] = self._spawn()

    @staticmethod
    def _stop(worker: _Worker) -> None:
        with contextlib.suppress(Exception):
            worker.conn.close()
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)

    def close(self) -> None:
        """Stop every worker: idle ones are asked to leave, busy ones are killed (their open
        transaction rolls back, so the index keeps whole batches only)."""
        for worker in self._workers:
            if worker.job is None:
                with contextlib.suppress(Exception):
                    worker.conn.send(None)
        for worker in self._workers:
            if worker.job is not None:
                worker.process.kill()
        for worker in self._workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(timeout=5)
            with contextlib.suppress(Exception):
                worker.conn.close()
        self._workers.clear()


@dataclass(slots=True)
class InlineWorkers:
    """The same interface, doing each job at once in this process (an index in memory, or a
    place where no process can be started). No budget is enforced here."""

    budget: Budget = field(default_factory=Budget)
    _done: list[Outcome] = field(default_factory=list)

    def free(self) -> int:
        return 1

    def busy(self) -> int:
        return 0

    def submit(self, key: int, fn: JobFn, payload: Any) -> None:
        context = WorkerContext(None, key, self.budget)
        try:
            self._done.append(Outcome(key, result=fn(payload, context)))
        except Exception:
            self._done.append(Outcome(key, error=traceback.format_exc(limit=8)))

    def poll(self, timeout: float) -> list[Outcome]:
        done, self._done = self._done, []
        return done

    def close(self) -> None:
        self._done.clear()


def warm_up() -> None:
    """Start the forkserver, which loads the parsers once, without waiting for it: the first
    import of this process then starts its workers with a fork. Cheap (one process spawned);
    for a reader about to index, call it early, before anything replaces ``sys.stderr``."""
    with contextlib.suppress(Exception):  # only an optimisation: workers start either way
        if _context().get_start_method() == "forkserver":
            from multiprocessing import forkserver

            forkserver.ensure_running()


def start_workers(count: int, budget: Budget) -> Pool:
    """``count`` worker processes, or this process alone when none can be started."""
    if count <= 0:
        return InlineWorkers(budget)
    try:
        return Workers(count, budget).start()
    except (OSError, ValueError):
        return InlineWorkers(budget)  # no processes to be had here: work here, only slower
