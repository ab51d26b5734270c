"""An archive that stays current: a watch indexes what is added, changed and removed, keeps
what the user made, survives its folders being deleted, and stops cleanly.

Every wait has a generous bound and asserts on the index, never on how fast it got there."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from reader import tags
from reader.config import Config
from reader.indexing.watch import ArchiveWatcher, WatchUpdate, changed_scopes
from reader.locations import Locations
from reader.store import Store

BOUND = 120.0


def wait_for(check: Callable[[], bool], bound: float = BOUND) -> None:
    started = time.monotonic()
    while time.monotonic() - started < bound:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("the watch did not get there")


def story(path: Path, title: str, body: str = "The ferry ran late again.", url: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"title": title, "body": body, "url": url}), encoding="utf-8")


def titles(database: Path) -> set[str]:
    with Store.open(database) as store:
        return {r.title for r in store.rows()}


class Watching:
    def __init__(self, watcher: ArchiveWatcher) -> None:
        self.watcher = watcher
        self.stop = threading.Event()
        self.failure: list[BaseException] = []
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            self.watcher.run(self.stop)
        except BaseException as error:
            self.failure.append(error)

    def __enter__(self) -> Watching:
        self.thread.start()
        time.sleep(0.5)  # the system's watches are in place
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(BOUND)
        assert not self.thread.is_alive(), "the watch did not stop"
        assert not self.failure, self.failure


@pytest.fixture(params=["events", "polling"])
def watch(
    request: pytest.FixtureRequest, locations: Locations
) -> Iterator[Callable[[Path], Watching]]:
    updates: list[WatchUpdate] = []

    def start(root: Path) -> Watching:
        return Watching(ArchiveWatcher(
            locations, [root], config=Config(), on_update=updates.append, settle_ms=100,
            poll_seconds=0.5, force_polling=request.param == "polling",
        ))

    yield start


def test_files_added_changed_and_removed_are_indexed_and_user_state_kept(
    tmp_path: Path, locations: Locations, watch: Callable[[Path], Watching]
) -> None:
    root = tmp_path / "archive"
    story(root / "one.json", "First story", url="https://news.example/one")
    database = locations.database
    with watch(root):
        wait_for(lambda: titles(database) == {"First story"})
        with Store.open(database) as store:
            article_id = store.rows()[0].id
            tags.apply_tags(store, [article_id], add=["keep"])
            tags.set_read(store, [article_id], True)
        story(root / "sub" / "two.json", "Second story")
        wait_for(lambda: titles(database) == {"First story", "Second story"})
        # Changed text, same story (same URL): read again, the user's tag and state stay.
        story(root / "one.json", "First story", "Now with more text.",
              url="https://news.example/one")
        wait_for(lambda: _body(database, article_id) == "Now with more text.")
        (root / "sub" / "two.json").unlink()
        wait_for(lambda: _missing(database) == {"Second story"})
    with Store.open(database) as store:
        stored = store.article(article_id)
        assert stored is not None and stored.read and "keep" in {t.tag for t in stored.tags}
        assert store.count() == 2


def _body(database: Path, article_id: str) -> str:
    with Store.open(database) as store:
        stored = store.article(article_id)
        return stored.article.body if stored else ""


def _missing(database: Path) -> set[str]:
    with Store.open(database) as store:
        return {r.title for r in store.rows() if (store.article(r.id) or _fail()).missing}


def _fail() -> NoReturn:
    raise AssertionError("article gone")


def test_a_folder_deleted_during_a_watch_and_brought_back(
    tmp_path: Path, locations: Locations, watch: Callable[[Path], Watching]
) -> None:
    root = tmp_path / "archive"
    story(root / "keep.json", "Kept story")
    story(root / "sub" / "a.json", "Story in a folder")
    database = locations.database
    with watch(root):
        wait_for(lambda: titles(database) == {"Kept story", "Story in a folder"})
        shutil.rmtree(root / "sub")
        wait_for(lambda: _missing(database) == {"Story in a folder"})
        shutil.rmtree(root)  # the watched folder itself
        wait_for(lambda: _missing(database) == {"Kept story", "Story in a folder"})
        story(root / "new.json", "After the return")
        wait_for(lambda: "After the return" in titles(database))
    assert _missing(database) == {"Kept story", "Story in a folder"}


def test_ten_thousand_files_dropped_in_at_once(tmp_path: Path, locations: Locations) -> None:
    root = tmp_path / "archive"
    root.mkdir()
    staging = tmp_path / "staging"
    for n in range(10_000):
        story(staging / f"{n // 1000}" / f"{n}.json", f"Dropped {n}")
    updates: list[WatchUpdate] = []
    watcher = ArchiveWatcher(locations, [root], config=Config(), on_update=updates.append,
                             settle_ms=300, poll_seconds=0.5)
    with Watching(watcher):
        os.rename(staging, root / "dropped")  # all at once
        wait_for(lambda: _count(locations.database) == 10_000)
    with Store.open(locations.database) as store:
        assert store.conn.execute(
            "SELECT count(*) FROM (SELECT id FROM articles GROUP BY title HAVING count(*) > 1)"
        ).fetchone()[0] == 0
        assert store.conn.execute("SELECT count(*) FROM files").fetchone()[0] == 10_000
    assert sum(u.summary.read for u in updates) == 10_000


def test_a_watch_that_reports_unchanged_batches_says_when_its_catch_up_ends(
    tmp_path: Path, locations: Locations
) -> None:
    """The reader shows a watch's progress: it must hear that a batch ended even when the
    batch changed nothing, or the progress would stay on its status line."""
    root = tmp_path / "archive"
    story(root / "one.json", "Harbour reopens")
    with Store.open(locations.database) as store:
        from reader.indexing import update_archive

        update_archive(store, locations, [root], config=Config())
    quiet: list[WatchUpdate] = []
    told: list[WatchUpdate] = []
    for updates, report in ((quiet, False), (told, True)):
        watcher = ArchiveWatcher(locations, [root], config=Config(), on_update=updates.append,
                                 report_unchanged=report)
        with Store.open(locations.database) as store:
            watcher.apply(store, [str(root)], threading.Event())
    assert quiet == []
    assert len(told) == 1 and told[0].summary.unchanged == 1 and not told[0].summary.read


def _count(database: Path) -> int:
    with Store.open(database) as store:
        return store.count()


def test_changed_paths_are_reduced_to_the_fewest_scopes() -> None:
    root = "/archive"
    scopes = changed_scopes(
        ["/archive/new", "/archive/new/a.json", "/archive/new/b/c.json", "/archive/x.json",
         "/archive/.git/index", "/archive/notes/.draft.md.swp", "/archive/x.json"], [root])
    assert scopes == [Path("/archive/new"), Path("/archive/x.json")]


def test_reader_index_watch_runs_until_ctrl_c(tmp_path: Path, reader_home: Path) -> None:
    root = tmp_path / "archive"
    story(root / "one.json", "Watched from the shell")
    env = {**os.environ, "READER_HOME": str(reader_home)}
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", "index", "--watch", "--no-entities", str(root)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("1 indexed"), first
        assert process.stdout.readline().startswith("Watching")
        story(root / "two.json", "Added while watching")
        line = process.stdout.readline()  # one line per batch of changes
        assert "1 indexed" in line, line
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=BOUND)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert out.startswith("Stopped watching: 2 indexed"), out  # the whole watch in one line
    with Store.open(reader_home / "reader.sqlite3") as store:
        assert {r.title for r in store.rows()} == {"Watched from the shell", "Added while watching"}
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_reader_index_watch_json_prints_one_document_at_the_end(
    tmp_path: Path, reader_home: Path
) -> None:
    root = tmp_path / "archive"
    story(root / "one.json", "Watched quietly")
    env = {**os.environ, "READER_HOME": str(reader_home)}
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", "index", "--watch", "--json", "--no-entities",
         str(root)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        wait_for(lambda: (reader_home / "reader.sqlite3").exists()
                 and "Watched quietly" in titles(reader_home / "reader.sqlite3"))
        time.sleep(1.0)
        story(root / "two.json", "Second quiet one")
        wait_for(lambda: "Second quiet one" in titles(reader_home / "reader.sqlite3"))
        # Ctrl+C right after the batch is written: the first one stops the watch between steps,
        # and a batch already written is counted (the worker's reply may still be on its way).
        time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=BOUND)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    document = json.loads(out)
    # (A file seen half-written is read once more when its writing ends: read may be 3.)
    assert document["articles"] == 2 and document["read"] >= 2, document
