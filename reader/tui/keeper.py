"""The archive's keeper: the reader's imports, name finding and watch, run in the background.

An invisible widget the main screen composes. It runs the jobs of :mod:`reader.tui.jobs` in
thread workers (the jobs put the CPU work in worker processes on every core), turns their
progress on to the status line and tells the screen when rows arrive, so the list grows
while an import runs, the cursor and the article shown staying where they are. The screen only
answers ``RowsArrived`` and ``JobFinished``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from textual.message import Message
from textual.reactive import var
from textual.widget import Widget

from reader.config import Config
from reader.locations import Locations
from reader.tui import jobs
from reader.tui.messages import (
    IndexingProgress,
    JobFinished,
    RowsArrived,
    StatusUpdate,
)
from reader.tui.work import run_job

# Seconds between list reloads while an import writes: the first rows show at once, then the
# list grows every so often (a reload runs the filter's first page again: milliseconds).
ROWS_EVERY = 1.5


class ArchiveKeeper(Widget):
    DEFAULT_CSS = "ArchiveKeeper { display: none; }"

    # An import or name finding is running (the R key waits for it to end).
    busy: var[bool] = var(False)

    def __init__(
        self,
        locations: Locations,
        config: Config,
        paths: Sequence[Path],
        *,
        watch_folders: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.locations = locations
        self.config = config
        self.paths = list(paths)
        self.watch_folders = watch_folders
        self.started = False  # the opening's work has begun (just after the first frame)
        self._articles_seen = 0
        self._rows_at = 0.0
        self._stop_watching = threading.Event()
        self._watching = False
        self._watcher: threading.Thread | None = None
        self._names_asked: set[str] = set()

    def start(self) -> None:
        """What opening the reader does: index the paths it was opened on (names included),
        or, with none, find the names the index still lacks."""
        self.started = True
        self.busy = True
        if self.paths:
            self.post_message(StatusUpdate(job=jobs.progress_text(jobs.INDEXING)))
            job = partial(jobs.index_job, self.locations, self.paths, self.config,
                          self.post_message)
            run_job(self, job, group="index", exclusive=True)
        else:
            job = partial(jobs.entity_job, self.locations.database, self.config,
                          self.post_message)
            run_job(self, job, group="index", exclusive=True)

    def reindex(self) -> bool:
        """Index again by hand (R); False while an import is already running."""
        if self.busy:
            return False
        self.busy = True
        self._articles_seen = 0
        self.post_message(StatusUpdate(job=jobs.progress_text(jobs.INDEXING)))
        job = partial(jobs.index_job, self.locations, self.paths, self.config,
                      self.post_message)
        run_job(self, job, group="index", exclusive=True)
        return True

    def names_now(self, article_id: str) -> None:
        """Find the names of the article on screen now, unless it has them. Asked once per
        article: one without names (a short note) is not looked at again each time it shows."""
        if article_id in self._names_asked:
            return
        self._names_asked.add(article_id)
        job = jobs.names_now_job(self.locations.database, self.config, article_id)
        run_job(self, job, group="names-now", exclusive=True)

    # ---- what the jobs say -----------------------------------------------------------------

    def on_indexing_progress(self, event: IndexingProgress) -> None:
        # Goes on to the screen's status line (in order, before the job's end).
        written = event.progress.articles
        now = time.monotonic()
        if written > self._articles_seen and (
            not self._articles_seen or now - self._rows_at >= ROWS_EVERY
        ):
            self._articles_seen, self._rows_at = written, now
            self.post_message(RowsArrived())

    def on_job_finished(self, event: JobFinished) -> None:
        # Goes on to the screen, which shows the outcome; the watch starts after the first
        # import, so the two never index at once.
        self.busy = False
        self._articles_seen = 0
        if self.watch_folders and not self._watching and self.paths:
            self._start_watching()

    # ---- watching --------------------------------------------------------------------------

    def _start_watching(self) -> None:
        roots = [p for p in self.paths if p.is_dir()]
        if not roots:
            return
        self._watching = True
        stop = self._stop_watching

        def watch() -> None:
            try:
                jobs.watch_job(self.locations, roots, self.config, self._post, stop)
            except Exception as error:  # the reader goes on without a watch
                self._post(StatusUpdate(note=f"Watching the archive stopped: {error}",
                                        error=True))

        # A thread of its own rather than a worker: it lasts as long as the reader, and waiting
        # for the reader's work to be done must not mean waiting for it.
        self._watcher = threading.Thread(target=watch, name="reader-watch", daemon=True)
        self._watcher.start()

    def _post(self, message: Message) -> None:
        if not self._stop_watching.is_set():
            self.post_message(message)

    def on_unmount(self) -> None:
        self._stop_watching.set()
        if self._watcher is not None:
            self._watcher.join(timeout=5)
