"""Faults during an import: killed with its workers, run twice at once, stopped as a sleeping
machine stops it. The index stays consistent, no story is stored twice, nothing the user made
is lost, and the next run finishes the work.

These run real ``reader index`` processes; every wait is bounded and no assertion is on time."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

BOUND = 180.0
STORIES = 600
SCRAPES = 150


_PLACES = ("Harbour", "Island", "Quay", "Ferry", "Lighthouse", "Pier", "Marina", "Dock", "Cove",
           "Bay")
_EVENTS = ("closes", "reopens", "floods", "grows", "shrinks", "waits", "votes", "celebrates",
           "argues", "rebuilds", "sells", "buys", "mourns", "wins", "loses")


def _headline(n: int) -> str:
    """Headlines differing in words, not only in a number: a line repeated on every page of a
    site with only its digits changed is the site's chrome, not a headline."""
    return f"{_PLACES[n % 10]} {_EVENTS[n // 10 % 15]} after the long winter"


def _archive(root: Path) -> Path:
    for n in range(STORIES):
        folder = root / f"exports-{n // 100}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{n}.json").write_text(json.dumps({
            "title": f"Story {n}", "body": f"The harbour story number {n}. " * 40,
            "url": f"https://news.example/{n}",
        }), encoding="utf-8")
    for n in range(SCRAPES):
        folder = root / "scrapes"
        folder.mkdir(exist_ok=True)
        (folder / f"{n}.txt").write_text(
            f"Support The Ledger! Subscribe today\n\n{_headline(n)}\n\nBy Ann Lee\n\n"
            + f"The ferry to the island ran late again on day {n}, officials said. " * 20
            + "\n\nRead more about: Ferries\n",
            encoding="utf-8",
        )
    return root


def _start(home: Path, archive: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "reader", "index", "--no-entities", "-q", str(archive)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "READER_HOME": str(home)}, start_new_session=True,
    )


def _articles(database: Path) -> int:
    if not database.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _wait_for_rows(database: Path, process: subprocess.Popen[str]) -> None:
    started = time.monotonic()
    while time.monotonic() - started < BOUND:
        if _articles(database) > 0 or process.poll() is not None:
            return
        time.sleep(0.01)
    raise AssertionError("no rows were written")


def _check_consistent(database: Path) -> None:
    with Store.open(database) as store:
        conn = store.conn
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # One article per story, one record per file, every article found in a file.
        assert conn.execute(
            "SELECT count(*) FROM (SELECT title FROM articles GROUP BY title HAVING count(*) > 1)"
        ).fetchone()[0] == 0
        assert conn.execute(
            "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM locations)"
        ).fetchone()[0] == 0
        assert conn.execute(
            "SELECT count(*) FROM (SELECT path FROM files GROUP BY path HAVING count(*) > 1)"
        ).fetchone()[0] == 0
        fts = conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
        assert fts == store.count()


def _finish(home: Path, archive: Path) -> None:
    """A later run completes the index, whatever happened before."""
    process = _start(home, archive)
    _out, err = process.communicate(timeout=BOUND)
    assert process.returncode == 0, err
    database = home / "reader.sqlite3"
    _check_consistent(database)
    with Store.open(database) as store:
        assert store.count() == STORIES + SCRAPES
        # The scrapes were read after their site's chrome was learned, also those read early.
        assert store.conn.execute(
            "SELECT count(*) FROM articles WHERE body LIKE '%Subscribe today%'"
        ).fetchone()[0] == 0


def _tag_first(home: Path, archive: Path) -> str:
    """Index one file and tag its story by hand: the user's work that must survive."""
    first = archive / "exports-0" / "0.json"
    with Store.open(home / "reader.sqlite3") as store:
        from reader.indexing import index_paths
        from reader.tags import apply_tags

        index_paths(store, [first])
        article_id = store.rows()[0].id
        apply_tags(store, [article_id], add=["precious"])
    return article_id


def _still_tagged(home: Path, article_id: str) -> None:
    with Store.open(home / "reader.sqlite3") as store:
        stored = store.article(article_id)
        assert stored is not None and "precious" in {t.tag for t in stored.tags}


def test_an_import_killed_with_its_workers_loses_nothing(tmp_path: Path) -> None:
    archive = _archive(tmp_path / "archive")
    home = tmp_path / "home"
    article_id = _tag_first(home, archive)
    process = _start(home, archive)
    try:
        _wait_for_rows(home / "reader.sqlite3", process)
        os.killpg(process.pid, signal.SIGKILL)  # kill -9 of the import and every worker
        process.wait(timeout=BOUND)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    _check_consistent(home / "reader.sqlite3")
    _still_tagged(home, article_id)
    _finish(home, archive)
    _still_tagged(home, article_id)


def test_two_imports_of_the_same_archive_at_once(tmp_path: Path) -> None:
    archive = _archive(tmp_path / "archive")
    home = tmp_path / "home"
    article_id = _tag_first(home, archive)
    first, second = _start(home, archive), _start(home, archive)
    for process in (first, second):
        _out, err = process.communicate(timeout=BOUND)
        assert process.returncode == 0, err
    _check_consistent(home / "reader.sqlite3")
    with Store.open(home / "reader.sqlite3") as store:
        assert store.count() == STORIES + SCRAPES
    _still_tagged(home, article_id)
    _finish(home, archive)


def test_an_import_stopped_as_by_sleep_carries_on(tmp_path: Path) -> None:
    """SIGSTOP to the whole import (the closest a test gets to a laptop closed mid-import),
    then SIGCONT: it finishes, and no file is blamed for the pause."""
    archive = _archive(tmp_path / "archive")
    home = tmp_path / "home"
    process = _start(home, archive)
    try:
        _wait_for_rows(home / "reader.sqlite3", process)
        os.killpg(process.pid, signal.SIGSTOP)
        time.sleep(2.0)
        os.killpg(process.pid, signal.SIGCONT)
        _out, err = process.communicate(timeout=BOUND)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0, err
    _check_consistent(home / "reader.sqlite3")
    with Store.open(home / "reader.sqlite3") as store:
        assert store.count() == STORIES + SCRAPES and store.problems() == []


def test_ctrl_c_stops_an_import_cleanly(tmp_path: Path) -> None:
    archive = _archive(tmp_path / "archive")
    home = tmp_path / "home"
    process = _start(home, archive)
    try:
        _wait_for_rows(home / "reader.sqlite3", process)
        os.killpg(process.pid, signal.SIGINT)  # what the terminal sends on Ctrl+C
        _out, err = process.communicate(timeout=BOUND)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode in (0, 130), err
    assert "Traceback" not in err
    _check_consistent(home / "reader.sqlite3")
    _finish(home, archive)
