"""One honest progress for an import: phases in order, counts that only go up, a rate and the
time left.

An import runs three phases: finding files, reading them, finding names in the articles read.
Files are counted once from the moment they are found: ``done`` is the files handled (read, found
unchanged, or recorded as problems) and ``total`` the files found so far, so while files are
still being found the total grows, and neither ever falls, not even when the phase changes from
finding to reading (reading starts while files are still being found). Names count articles.
``articles`` is what this run has written so far: it is in the index already, so lists and
counts opened now include it.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "FINDING",
    "NAMES",
    "PHASES",
    "READING",
    "IndexProgress",
    "ProgressFn",
    "ProgressTracker",
]

FINDING = "finding files"
READING = "reading"
NAMES = "names"
PHASES = (FINDING, READING, NAMES)


_PHASE_LABELS = {FINDING: "Finding files", READING: "Reading", NAMES: "Finding names"}


@dataclass(frozen=True, slots=True)
class IndexProgress:
    """Where an import is: a plain value a screen or a progress bar can render."""

    phase: str  # FINDING, READING or NAMES; never goes back to an earlier one
    done: int  # files handled (finding, reading) or articles given names (names)
    total: int  # files found so far, or articles to give names; 0 when not known yet
    unit: str = "files"  # "files" or "articles"
    rate: float = 0.0  # units a second over the last few seconds; 0 until known
    seconds_left: float | None = None  # None while the total still grows or no rate is known
    articles: int = 0  # articles this run has written to the index so far
    path: str = ""  # the last file handled, as the index shows it

    def describe(self) -> str:
        """A status line: "Reading 3,800/48,004 files · 1,250/s · 31 s left · 9,120 articles"."""
        parts = [_PHASE_LABELS.get(self.phase, self.phase.capitalize()) + " " + (
            f"{self.done:,}/{self.total:,} {self.unit}" if self.total else f"{self.done:,}"
        )]
        if self.rate:
            parts.append(f"{self.rate:,.0f}/s")
        if self.seconds_left is not None:
            parts.append(self.time_left())
        if self.articles and self.phase != NAMES:
            parts.append(f"{self.articles:,} articles so far")
        return " · ".join(parts)


    def time_left(self) -> str:
        """"31 s left", "4 min 05 s left", or "" while not known."""
        if self.seconds_left is None:
            return ""
        return f"{_duration(self.seconds_left)} left"


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


ProgressFn = Callable[[IndexProgress], None]
Clock = Callable[[], float]

# Rates are measured over this window: recent enough to follow a change of pace (a folder of
# big pages after many small notes), long enough not to jump with each batch.
RATE_WINDOW = 5.0


class ProgressTracker:
    """Counts an import's work and reports it as :class:`IndexProgress`, at most every
    ``interval`` seconds (and always on a change of phase and at the end).

    Counts are only ever added to, so what it reports never runs backwards; ``clock`` is
    injectable so tests can drive it."""

    def __init__(
        self,
        report: ProgressFn | None = None,
        *,
        clock: Clock = time.monotonic,
        interval: float = 0.1,
    ) -> None:
        self.report = report
        self.clock = clock
        self.interval = interval
        self.phase = FINDING
        self.found = 0
        self.handled = 0
        self.all_found = False
        self.articles = 0
        self.names_done = 0
        self.names_total = 0
        self.path = ""
        self._last_emit: float | None = None
        self._samples: deque[tuple[float, int]] = deque()
        self._sample(force=True)

    # ---- counting --------------------------------------------------------------------------

    def add_found(self, count: int = 1, path: str = "") -> None:
        self.found += count
        self.path = path or self.path
        self._emit()

    def add_handled(self, files: int = 1, articles: int = 0, path: str = "") -> None:
        self.handled = min(self.found, self.handled + files) if self.all_found else (
            self.handled + files)
        self.found = max(self.found, self.handled)
        self.articles += articles
        self.path = path or self.path
        self._sample()
        self._emit()

    def finish_finding(self) -> None:
        """Every file is found: the total is known, and reading is the phase now."""
        self.all_found = True
        self._enter(READING)

    def start_names(self, total: int) -> None:
        self.names_total = total
        self._enter(NAMES)

    def add_names(self, count: int) -> None:
        self.names_done = min(self.names_total, self.names_done + count)
        self._sample()
        self._emit()

    def finish(self) -> None:
        """Report where things ended, whatever the interval."""
        self._emit(force=True)

    # ---- reporting -------------------------------------------------------------------------

    def _enter(self, phase: str) -> None:
        if PHASES.index(phase) <= PHASES.index(self.phase):
            return
        self.phase = phase
        self._samples.clear()
        self._sample(force=True)
        self._emit(force=True)

    def _done(self) -> int:
        return self.names_done if self.phase == NAMES else self.handled

    def _sample(self, force: bool = False) -> None:
        now = self.clock()
        if force or not self._samples or now - self._samples[-1][0] >= 0.05:
            self._samples.append((now, self._done()))
        while len(self._samples) > 2 and now - self._samples[1][0] > RATE_WINDOW:
            self._samples.popleft()

    def rate(self) -> float:
        if len(self._samples) < 2:
            return 0.0
        (start, first), now = self._samples[0], self.clock()
        elapsed = now - start
        if elapsed < 0.5:
            return 0.0
        return max(0.0, (self._done() - first) / elapsed)

    def snapshot(self) -> IndexProgress:
        if self.phase == NAMES:
            done, total, unit, known = self.names_done, self.names_total, "articles", True
        else:
            done, total, unit, known = self.handled, self.found, "files", self.all_found
        rate = self.rate()
        left = (total - done) / rate if known and rate > 0 else None
        return IndexProgress(self.phase, done, total, unit, rate, left, self.articles, self.path)

    def _emit(self, force: bool = False) -> None:
        if self.report is None:
            return
        now = self.clock()
        if not force and self._last_emit is not None and now - self._last_emit < self.interval:
            return
        self._last_emit = now
        self.report(self.snapshot())
