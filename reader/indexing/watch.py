"""An archive that stays current: files added, changed or removed in its folders are indexed in
the background until the watch is stopped.

Changes come from the operating system through ``watchfiles`` (inotify, FSEvents, ...), settled
for a moment so that a folder of 10,000 files dropped in at once is one import. Each settled
batch is indexed like any run (only what changed is read, in worker processes), scoped to the
paths that changed: a new or changed file is read, a deleted one (or everything under a deleted
folder) is marked missing with its tags and read state kept. Where the system gives no events
(``watchfiles`` missing, no inotify watches left, some network file systems) the folders are
walked again every few seconds instead, which finds the same changes more slowly.

A watched folder that is deleted stops giving events; the watch notices, marks its files missing
and picks the folder up again if it comes back. Another process indexing the same archive at the
same time is harmless: a file is one record and a story one article, whoever writes it last.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.config import Config
from reader.indexing.archive import update_archive
from reader.indexing.names import NameFinder
from reader.indexing.progress import ProgressFn
from reader.indexing.run import IndexSummary
from reader.locations import Locations
from reader.store import Store

__all__ = ["ArchiveWatcher", "WatchUpdate", "changed_scopes"]

log = logging.getLogger(__name__)

# Changes are gathered until the archive has been quiet this long (milliseconds).
SETTLE_MS = 800
# How often a watch without system events walks the folders again, at least (seconds); a big
# archive is walked less often (five times as long as a walk takes).
POLL_SECONDS = 5.0
# How often a watch with events looks whether a watched folder itself was deleted or replaced
# (milliseconds; a stat per folder).
TICK_MS = 250


@dataclass(frozen=True, slots=True)
class WatchUpdate:
    """One batch of changes indexed: what changed (paths seen) and what the import did."""

    paths: int
    summary: IndexSummary
    polling: bool  # found by walking the folders again, not from system events


def _hidden(path: str, roots: Sequence[str]) -> bool:
    for root in roots:
        if path == root or path.startswith(root.rstrip(os.sep) + os.sep):
            relative = path[len(root.rstrip(os.sep)) + 1 :]
            return any(part.startswith(".") for part in relative.split(os.sep) if part)
    return False


def changed_scopes(paths: Iterable[str], roots: Sequence[str]) -> list[Path]:
    """The fewest paths covering every change: a file under a changed folder that is listed too
    is left out. Hidden names (the walk skips them) are dropped."""
    kept: list[str] = []
    for path in sorted({os.path.normpath(p) for p in paths}):
        if _hidden(path, roots):
            continue
        if kept and (path == kept[-1] or path.startswith(kept[-1].rstrip(os.sep) + os.sep)):
            continue
        kept.append(path)
    return [Path(p) for p in kept]


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


class ArchiveWatcher:
    """Watches ``roots`` and indexes what changes there into the index of ``locations``.

    ``run(stop)`` blocks until ``stop`` is set (or Ctrl+C in the main thread): call it from a
    thread worker in the reader, or from ``reader index --watch``. It opens its own store, and
    first catches up with what changed before it began (``catch_up``; only a stat per file when
    nothing did).
    ``on_update`` gets a :class:`WatchUpdate` after each batch of changes; ``progress`` the
    import's progress while one runs."""

    def __init__(
        self,
        locations: Locations,
        roots: Sequence[Path | str],
        *,
        config: Config,
        names: NameFinder | None = None,
        on_update: Callable[[WatchUpdate], None] | None = None,
        progress: ProgressFn | None = None,
        settle_ms: int = SETTLE_MS,
        poll_seconds: float = POLL_SECONDS,
        force_polling: bool = False,
        workers: int | None = None,
        catch_up: bool = True,
        report_unchanged: bool = False,
    ) -> None:
        self.locations = locations
        self.roots = [str(Path(r).expanduser().resolve()) for r in roots]
        self.config = config
        self.names = names
        self.on_update = on_update
        self.progress = progress
        self.settle_ms = settle_ms
        self.poll_seconds = poll_seconds
        self.force_polling = force_polling
        self.workers = workers
        self.catch_up = catch_up
        # on_update also after a batch that changed nothing (a screen showing the progress
        # learns that it ended).
        self.report_unchanged = report_unchanged
        self.polling = False
        self._retry: set[str] = set()

    # ---- one batch of changes ------------------------------------------------------------------

    def apply(self, store: Store, paths: Iterable[str], stop: threading.Event) -> None:
        """Index the paths that changed (scoped to them; the roots bound what links may reach).
        Paths whose import failed (the index locked by another program for long) are tried
        again with the next batch."""
        scopes = changed_scopes([*paths, *self._retry], self.roots)
        self._retry = set()
        if not scopes:
            return
        try:
            summary = update_archive(
                store, self.locations, scopes, config=self.config, names=self.names,
                progress=self.progress, cancelled=stop.is_set, roots=self.roots,
                workers=self.workers,
            )
        except sqlite3.OperationalError as error:
            log.warning("indexing %d changed paths failed (%s); trying again", len(scopes), error)
            self._retry = {str(p) for p in scopes}
            return
        if summary.cancelled:
            self._retry = {str(p) for p in scopes}
        changed = bool(summary.read or summary.missing or summary.names)
        if self.on_update is not None and (changed or self.report_unchanged):
            self.on_update(WatchUpdate(len(scopes), summary, self.polling))

    # ---- the loop ------------------------------------------------------------------------------

    def run(self, stop: threading.Event) -> None:
        """Watch until ``stop`` is set."""
        if self.force_polling or not _events_available():
            self.polling = True
        with Store.open(self.locations.database) as store:
            while not stop.is_set():
                if self.polling:
                    self._poll(store, stop)
                    return
                watched = {root: _identity(root) for root in self.roots}
                present = [root for root, identity in watched.items() if identity is not None]
                if not present:  # nothing to watch yet: look again in a while
                    stop.wait(self.poll_seconds)
                    self._roots_changed(store, watched, stop)
                elif not self._watch(store, present, watched, stop):
                    self.polling = True

    def _roots_changed(
        self, store: Store, watched: dict[str, tuple[int, int] | None], stop: threading.Event
    ) -> bool:
        """A watched folder deleted, replaced or back: index it whole (or mark it missing)."""
        moved = [root for root, identity in watched.items() if _identity(root) != identity]
        if moved or self._retry:
            self.apply(store, moved, stop)
        return bool(moved)

    def _watch(
        self,
        store: Store,
        present: list[str],
        watched: dict[str, tuple[int, int] | None],
        stop: threading.Event,
    ) -> bool:
        """System events until stopped or a root changes; False when events are not to be had."""
        from watchfiles import watch

        try:
            for changes in watch(
                *present,
                stop_event=stop,
                debounce=self.settle_ms,
                step=50,
                rust_timeout=TICK_MS,
                yield_on_timeout=True,
                raise_interrupt=True,
            ):
                if self.catch_up:
                    # The system's watches are in place now: whatever changed before is found
                    # by one walk (a stat per file when nothing did), whatever changes from
                    # here comes as events.
                    self.catch_up = False
                    self.apply(store, self.roots, stop)
                if changes:
                    self.apply(store, [path for _change, path in changes], stop)
                if self._roots_changed(store, watched, stop):
                    return True  # watch the folders as they are now
        except (OSError, RuntimeError) as error:
            # No watches left (inotify's limit) or a file system without events: walk instead.
            log.warning("watching %s: %s; walking the folders every few seconds", present, error)
            return False
        return True

    def _poll(self, store: Store, stop: threading.Event) -> None:
        """Walk every root again every few seconds: an unchanged file costs one stat."""
        self.catch_up = False  # the first walk is the catching up
        while not stop.is_set():
            started = time.monotonic()
            self.apply(store, self.roots, stop)
            stop.wait(max(self.poll_seconds, 5 * (time.monotonic() - started)))


def _events_available() -> bool:
    try:
        import watchfiles  # noqa: F401
    except ImportError:
        return False
    return True
