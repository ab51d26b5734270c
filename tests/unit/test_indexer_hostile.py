"""Bounded work per file: what an archive holds can never hang, exhaust or abort an import.

Each case is created at test time (named pipes, links to devices, names that are not UTF-8) and
every import runs under a time bound: the assertion is that it finishes, never how fast."""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path
from typing import NoReturn

import pytest

from reader.indexing import Budget, index_paths
from reader.indexing.paths import fs_path, path_key, read_bounded
from reader.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file kinds")

# Generous: an import here takes a second; a hang would take forever.
BOUND = 120


def _json(title: str, body: str = "Readable text about the harbour.") -> str:
    return json.dumps({"title": title, "body": body})


def _index_bounded(store: Store, paths: list[Path], **options: object) -> object:
    """index_paths in a thread that must finish within BOUND seconds."""
    result: list[object] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(index_paths(store, paths, **options))  # type: ignore[arg-type]
        except BaseException as error:  # reported below
            failure.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(BOUND)
    assert not thread.is_alive(), "the import did not finish"
    if failure:
        raise failure[0]
    return result[0]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    root.mkdir()
    (root / "good.json").write_text(_json("Good story"), encoding="utf-8")
    return root


def _reasons(store: Store) -> dict[str, str]:
    return {Path(p.path).name: p.reason for p in store.problems()}


def test_a_named_pipe_called_txt_is_a_problem_not_a_hang(archive: Path, tmp_path: Path) -> None:
    os.mkfifo(archive / "pipe.txt")
    with Store.open(tmp_path / "index.sqlite3") as store:
        _index_bounded(store, [archive])
        assert _reasons(store) == {"pipe.txt": "not a regular file"}
        assert [r.title for r in store.rows()] == ["Good story"]


def test_a_pipe_given_directly_is_refused(tmp_path: Path) -> None:
    pipe = tmp_path / "given.md"
    os.mkfifo(pipe)
    with Store.open(tmp_path / "index.sqlite3") as store:
        summary = _index_bounded(store, [pipe])
        assert [p.reason for p in summary.problems] == ["not a regular file"]  # type: ignore[attr-defined]


def test_links_leading_outside_the_archive_are_recorded_not_followed(
    archive: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere.json"
    outside.write_text(_json("Private file outside"), encoding="utf-8")
    (archive / "zero.txt").symlink_to("/dev/zero")
    (archive / "private.json").symlink_to(outside)
    (archive / "inside.json").symlink_to(archive / "good.json")  # inside: followed
    (archive / "loop").symlink_to(archive)  # a folder loop ends
    with Store.open(tmp_path / "index.sqlite3") as store:
        _index_bounded(store, [archive])
        assert _reasons(store) == {
            "zero.txt": "link outside the archive",
            "private.json": "link outside the archive",
        }
        assert [r.title for r in store.rows()] == ["Good story"]
        stored = store.article(store.rows()[0].id)
        assert stored is not None and len(stored.paths) == 2  # good.json and the link to it


def test_following_links_outside_still_reads_only_regular_files(
    archive: Path, tmp_path: Path
) -> None:
    (archive / "zero.txt").symlink_to("/dev/zero")
    with Store.open(tmp_path / "index.sqlite3") as store:
        _index_bounded(store, [archive], follow_links_outside=True)
        assert _reasons(store) == {"zero.txt": "not a regular file"}


def test_reads_stop_at_the_limit_whatever_the_file_claims(tmp_path: Path) -> None:
    """A device behind a link reports no size: reading stops just past the limit."""
    from reader.indexing.paths import NotReadable

    with pytest.raises(NotReadable) as refused:
        read_bounded("/dev/zero", "zero", 1000, follow=True)
    assert refused.value.problem.reason == "not a regular file"
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 5000)
    with pytest.raises(NotReadable) as too_big:
        read_bounded(str(big), "big.txt", 1000)
    assert too_big.value.problem.reason == "file too large"
    assert read_bounded(str(big), "big.txt", 5000).data == b"x" * 5000


def test_the_size_limit_is_checked_before_reading(archive: Path, tmp_path: Path) -> None:
    (archive / "huge.json").write_text(_json("Huge", "word " * 2000), encoding="utf-8")
    with Store.open(tmp_path / "index.sqlite3") as store:
        _index_bounded(store, [archive], max_file_bytes=4000)
        assert _reasons(store) == {"huge.json": "file too large"}


def test_names_that_are_not_utf8_are_indexed_and_shown_escaped(
    archive: Path, tmp_path: Path
) -> None:
    folder = os.fsencode(archive) + b"/caf\xe9 notes"
    os.mkdir(folder)
    with open(folder + b"/story\xff.md", "wb") as handle:
        handle.write(b"# Quay notes\n\nThe quay reopened on Monday after the storm.\n")
    with open(folder + b"/plain\xfe.txt", "wb") as handle:
        handle.write(b"The ferry timetable changed again this week, said the harbour master.\n")
    with Store.open(tmp_path / "index.sqlite3") as store:
        summary = _index_bounded(store, [archive])
        assert not summary.problems  # type: ignore[attr-defined]
        titles = sorted(r.title for r in store.rows())
        assert "Quay notes" in titles and len(titles) == 3
        paths = [p for r in store.rows() for p in (store.article(r.id) or _no()).paths]
        assert all(p.isprintable() for p in paths)
        escaped = next(p for p in paths if p.endswith(".md"))
        assert escaped.endswith("caf\\xe9 notes/story\\xff.md")
        assert os.fsencode(fs_path(escaped)) == folder + b"/story\xff.md"
        # Unchanged on the next run: the escaped name is the file's stable key.
        again = _index_bounded(store, [archive])
        assert again.read == 0 and again.unchanged == 3  # type: ignore[attr-defined]


def _no() -> NoReturn:
    raise AssertionError("article missing")


def test_path_key_round_trips_odd_names() -> None:
    odd = os.fsdecode(b"/tmp/r\xe9sum\xe9\\x41.txt")
    shown = path_key(odd)
    assert shown == "/tmp/r\\xe9sum\\xe9\\x41.txt" and shown.isprintable()
    assert path_key("/tmp/plain café.txt") == "/tmp/plain café.txt"


def test_a_file_over_its_time_budget_is_a_problem_and_the_rest_is_read(
    archive: Path, tmp_path: Path
) -> None:
    # A long scrape: far more than a twentieth of a second of cleaning on any machine.
    paragraph = "The harbour council met again on Tuesday to talk about the ferries. " * 6
    (archive / "long.txt").write_text("Long story\n\n" + "\n\n".join(
        f"{paragraph} ({n})" for n in range(30_000)), encoding="utf-8")
    with Store.open(tmp_path / "index.sqlite3") as store:
        _index_bounded(store, [archive], budget=Budget(seconds=0.05), workers=1)
        assert _reasons(store) == {"long.txt": "took too long to read"}
        assert [r.title for r in store.rows()] == ["Good story"]


def test_a_file_over_its_memory_budget_is_a_problem_and_the_rest_is_read(
    archive: Path, tmp_path: Path
) -> None:
    (archive / "wide.json").write_text(_json("Wide", "word " * 8_000_000), encoding="utf-8")
    for n in range(3):
        (archive / f"after-{n}.json").write_text(_json(f"After {n}"), encoding="utf-8")
    with Store.open(tmp_path / "index.sqlite3") as store:
        _index_bounded(store, [archive], budget=Budget(memory=24 * 1024**2), workers=1,
                       max_file_bytes=200 * 1024**2)
        assert _reasons(store) == {"wide.json": "too large to read in memory"}
        assert len(store.rows()) == 4  # the worker was replaced and read the rest


def test_a_file_changing_while_it_is_read_never_leaves_two_articles(
    archive: Path, tmp_path: Path
) -> None:
    busy = archive / "busy.json"
    busy.write_text(_json("Version 0"), encoding="utf-8")
    stop = threading.Event()

    def rewrite() -> None:
        version = 0
        while not stop.is_set():
            version += 1
            busy.write_text(_json(f"Version {version}", "word " * 20_000), encoding="utf-8")

    writer = threading.Thread(target=rewrite, daemon=True)
    writer.start()
    try:
        with Store.open(tmp_path / "index.sqlite3") as store:
            for _ in range(3):
                _index_bounded(store, [archive])
                titles = [r.title for r in store.rows()]
                # Whatever was caught mid-write: at most one version, never two articles.
                assert len([t for t in titles if t.startswith("Version")]) <= 1
            stop.set()
            writer.join()
            _index_bounded(store, [archive])
            versions = [r.title for r in store.rows() if r.title.startswith("Version")]
            assert len(versions) == 1
            assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        stop.set()
