"""Every failure a sentence: a damaged, locked, read-only, full or too new index, a home that is
a file, absurd options. One line on standard error saying what happened and what to do, exit
status 1 (2 for usage and query errors), never a traceback; reading commands work in a
read-only data folder; `reader tags dump` still reads a damaged index and `reader index
--rebuild` makes a new one keeping what the user made."""

from __future__ import annotations

import ctypes
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.store import database
from tests.support.hostile import assert_safe

pytestmark = pytest.mark.timeout(300)

ARTICLES = [
    {"title": "Harbour reopens after the storm", "body": "The harbour reopened on Tuesday.",
     "source": "Port News", "date": "2024-03-01", "url": "https://port.example/harbour"},
    {"title": "Tide mill turns again", "body": "The tide mill turned again this week.",
     "source": "Estuary Post", "date": "2024-03-02", "url": "https://estuary.example/mill"},
    {"title": "Gulls return to the pier", "body": "The gulls came back to the pier.",
     "source": "Coast", "date": "2024-03-03", "url": "https://coast.example/gulls"},
]


def run(capsys: pytest.CaptureFixture[str], home: Path, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(home), *argv])
    captured = capsys.readouterr()
    assert_safe(captured.out)
    assert_safe(captured.err)
    return code, captured.out, captured.err


def one_sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("reader") and "Traceback" not in err
    return lines[0]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    root.mkdir()
    for number, article in enumerate(ARTICLES):
        (root / f"{number}.json").write_text(json.dumps(article), encoding="utf-8")
    return root


@pytest.fixture
def home(tmp_path: Path, archive: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """An index of three articles with what a user makes: tags (one removed on purpose), read
    and starred state, an entity correction, a dismissed suggestion, a workflow tag."""
    data = tmp_path / "home"
    assert run(capsys, data, "index", "--no-entities", str(archive))[0] == 0
    assert run(capsys, data, "tag", "harbour", "+mine", "+later")[0] == 0
    assert run(capsys, data, "tag", "harbour", "-later")[0] == 0
    assert run(capsys, data, "read", "mill")[0] == 0
    assert run(capsys, data, "star", "gulls")[0] == 0
    assert run(capsys, data, "entities", "hide", "Tuesday")[0] == 0
    harbour = json.loads(run(capsys, data, "list", "--json", "harbour")[1])[0]["id"]
    assert run(capsys, data, "suggest", "--reject", harbour, "boats")[0] == 0
    assert run(capsys, data, "suggest", "--workflow", "later")[0] == 0
    checkpoint(data)
    return data


def checkpoint(data: Path) -> None:
    """Everything written into the database file itself (nothing left in the WAL)."""
    conn = sqlite3.connect(data / "reader.sqlite3")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def user_state(capsys: pytest.CaptureFixture[str], data: Path) -> dict[str, object]:
    return {
        "dump": run(capsys, data, "tags", "dump")[1],
        "curation": json.loads(run(capsys, data, "entities", "curation", "--json")[1])["hidden"],
        "suggest": {
            t["tag"]: t["workflow"]
            for t in json.loads(run(capsys, data, "suggest", "--tags", "--json")[1])["tags"]
        },
    }


def damage_the_end(path: Path) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.truncate(size - 4096)


def damage_the_header(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.write(b"garbage! garbage! garbage! garbage!")


def damage_pages(path: Path, *tables: str) -> None:
    """Garbage over the first page of each table (found before the damage is done)."""
    conn = sqlite3.connect(path)
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = [conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
             .fetchone()[0] for table in tables]
    conn.close()
    with open(path, "r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * size)
            handle.write((bytes(range(256)) * (size // 256 + 1))[:size])


def damage_the_middle(path: Path) -> None:
    """The index's own pages (articles, full text) garbled: what the archive can give again."""
    damage_pages(path, "articles", "articles_fts_data", "locations")


# ---- damaged indexes ----------------------------------------------------------------------


@pytest.mark.parametrize("damage", [damage_the_end, damage_the_header])
def test_a_damaged_index_is_a_sentence_and_the_tags_can_still_be_dumped(
    capsys: pytest.CaptureFixture[str], home: Path, damage: object
) -> None:
    before = run(capsys, home, "tags", "dump")[1]
    database_file = home / "reader.sqlite3"
    damage(database_file)  # type: ignore[operator]
    code, out, err = run(capsys, home, "list")
    assert code == 1 and out == ""
    line = one_sentence(err)
    assert "damaged" in line and "reader tags dump" in line and "reader index --rebuild" in line
    code, dumped, err = run(capsys, home, "tags", "dump")
    assert code == 0 and "damaged" in err
    assert dumped.startswith("# reader tags dump 1")
    if damage is damage_the_header:  # the header is repaired in a copy: everything reads
        assert dumped == before


def test_garbage_in_the_middle_never_gives_a_traceback(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    damage_the_middle(home / "reader.sqlite3")
    for argv in (("list",), ("count", ""), ("tags",), ("tags", "dump"), ("export", ""),
                 ("entities",), ("suggest", ""), ("problems",), ("list", "harbour"),
                 ("tag", "harbour", "+x")):
        code, _, err = run(capsys, home, *argv)
        assert code in (0, 1), argv
        if code == 1:
            assert "damaged" in one_sentence(err)


@pytest.mark.parametrize("damage", [damage_the_end, damage_the_header, damage_the_middle])
def test_rebuild_makes_a_new_index_keeping_what_the_user_made(
    capsys: pytest.CaptureFixture[str], home: Path, archive: Path, damage: object
) -> None:
    before = user_state(capsys, home)
    damage(home / "reader.sqlite3")  # type: ignore[operator]
    code, _, err = run(capsys, home, "index", "--rebuild", "--no-entities", str(archive))
    assert code == 0, err
    assert "the old index was kept" in err
    assert list(home.glob("reader.sqlite3.before-rebuild-*"))  # never deleted
    assert run(capsys, home, "count", "")[1] == "3\n"
    if damage is not damage_the_end:  # a file cut short may lose the last pages' rows
        assert user_state(capsys, home) == before


def test_rebuild_keeps_what_it_can_read_when_a_user_table_is_damaged(
    capsys: pytest.CaptureFixture[str], home: Path, archive: Path
) -> None:
    before = user_state(capsys, home)
    damage_pages(home / "reader.sqlite3", "tags")
    code, _, err = run(capsys, home, "index", "--rebuild", "--no-entities", str(archive))
    assert code == 0 and "not all tags could be read" in err
    after = user_state(capsys, home)
    assert after["curation"] == before["curation"] and after["suggest"] != {}
    assert run(capsys, home, "count", "is:read")[1] == "1\n"  # state was in other pages


def test_rebuild_of_a_sound_index_keeps_everything_and_finds_the_archive(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    before = user_state(capsys, home)
    code, _, err = run(capsys, home, "index", "--rebuild", "--no-entities")  # no PATH
    assert code == 0, err
    assert run(capsys, home, "count", "")[1] == "3\n"  # the files the old index knew
    assert user_state(capsys, home) == before
    assert run(capsys, home, "count", "is:read")[1] == "1\n"
    assert run(capsys, home, "count", "is:starred")[1] == "1\n"


def test_a_folder_in_place_of_the_index(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "home" / "reader.sqlite3").mkdir(parents=True)
    code, _, err = run(capsys, tmp_path / "home", "list")
    assert code == 1 and "is a folder" in one_sentence(err)


def test_a_home_that_is_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "home").write_text("not a folder", encoding="utf-8")
    code, _, err = run(capsys, tmp_path / "home", "list")
    assert code == 1 and "is a file" in one_sentence(err)


def test_a_schema_newer_than_the_program(
    capsys: pytest.CaptureFixture[str], home: Path, archive: Path
) -> None:
    before = user_state(capsys, home)
    conn = sqlite3.connect(home / "reader.sqlite3")
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    code, _, err = run(capsys, home, "list")
    line = one_sentence(err)
    assert code == 1 and "newer reader" in line and "--rebuild" in line
    assert run(capsys, home, "index", "--rebuild", "--no-entities", str(archive))[0] == 0
    assert user_state(capsys, home) == before


# ---- locked, full, read-only ---------------------------------------------------------------


def test_an_index_locked_by_another_process(
    capsys: pytest.CaptureFixture[str], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT", 0.3)  # the real wait is 30 s
    other = sqlite3.connect(home / "reader.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        code, out, _ = run(capsys, home, "list")  # reading does not wait for writers (WAL)
        assert code == 0 and "Harbour" in out
        code, _, err = run(capsys, home, "tag", "harbour", "+busy")
        line = one_sentence(err)
        assert code == 1 and "another process" in line and "nothing was changed" in line
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert run(capsys, home, "count", "+busy")[1] == "0\n"


def test_a_full_disk(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SQLite's own 'database or disk is full', made by capping the pages it may use."""
    more = tmp_path / "more"
    more.mkdir()
    for number in range(40):
        (more / f"{number}.json").write_text(json.dumps({
            "title": f"Article {number}", "body": f"Text number {number}. " * 300,
        }), encoding="utf-8")
    configure = database.Database._configure

    def capped(self: database.Database) -> None:
        configure(self)
        pages = self.conn.execute("PRAGMA page_count").fetchone()[0]
        self.conn.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(database.Database, "_configure", capped)
    # Read in this process, so the cap applies to every connection that writes.
    monkeypatch.setattr("reader.indexing.run.cores", lambda: 0)
    code, _, err = run(capsys, home, "index", "--no-entities", str(more))
    assert code == 1 and "is full" in one_sentence(err)
    monkeypatch.undo()
    assert run(capsys, home, "count", "")[1] == "3\n"  # what was there is intact


def _drop_file_permission_override() -> None:
    """In the child: without CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and CAP_FOWNER even root
    meets file permissions (prctl PR_CAPBSET_DROP; the bounding set applies at exec)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2, 3):
        if libc.prctl(24, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl")


def run_as_reader(home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(home), *argv],
        capture_output=True, text=True, timeout=120, check=False,
        preexec_fn=_drop_file_permission_override if os.geteuid() == 0 else None,
    )


@pytest.mark.skipif(sys.platform != "linux", reason="permissions checked through Linux prctl")
@pytest.mark.parametrize("wal_files", [False, True])
def test_a_read_only_data_folder_still_reads(home: Path, wal_files: bool) -> None:
    """A WAL database in a folder reader may not write: without its shared-memory file it
    cannot be opened the usual way (setting up WAL writes); with one left behind (another
    process still open, say) it can."""
    conn = sqlite3.connect(home / "reader.sqlite3")
    if wal_files:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("UPDATE state SET starred = starred")
    else:
        conn.close()
    files = sorted(home.iterdir())
    assert (home / "reader.sqlite3-shm" in files) == wal_files
    for path in files:
        path.chmod(0o444)
    home.chmod(0o555)
    try:
        for argv in (("list",), ("count", ""), ("tags",), ("tags", "dump"), ("show", "harbour"),
                     ("export", "-f", "csv", "")):
            result = run_as_reader(home, *argv)
            assert result.returncode in (0, 1) and "Traceback" not in result.stderr, argv
            if argv[0] != "show":
                assert result.returncode == 0, (argv, result.stderr)
        assert "Harbour" in run_as_reader(home, "list").stdout
        result = run_as_reader(home, "tag", "harbour", "+new")
        assert result.returncode == 1
        assert "read-only" in one_sentence(result.stderr)
    finally:
        home.chmod(0o755)
        for path in files:
            path.chmod(0o644)
        conn.close()


# ---- absurd options and queries --------------------------------------------------------------


def test_a_limit_beyond_any_integer(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, _ = run(capsys, home, "list", "--limit", "99999999999999999999")
    assert code == 0 and len(out.splitlines()) == 3
    with pytest.raises(SystemExit) as usage:
        main(["--data-dir", str(home), "list", "--limit", "-1"])
    assert usage.value.code == 2
    code, out, _ = run(capsys, home, "list", "limit:" + "9" * 5000)
    assert code == 0 and len(out.splitlines()) == 3


def test_ten_thousand_nots(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, _ = run(capsys, home, "count", *["not"] * 10_000, "harbour")
    assert (code, out) == (0, "1\n")
    code, out, _ = run(capsys, home, "count", *["not"] * 10_001, "harbour")
    assert (code, out) == (0, "2\n")
    code, _, err = run(capsys, home, "count", "(" * 10_000 + "harbour")
    assert code == 2 and "nested too deeply" in err


@pytest.mark.parametrize("pattern", ["a{99999999999}", "a{1001}", "(a)\\1", "(?<=a)b", "[", "(*"])
def test_a_regex_that_cannot_run_is_a_query_error(
    capsys: pytest.CaptureFixture[str], home: Path, pattern: str
) -> None:
    code, _, err = run(capsys, home, "list", f"title:/{pattern}/")
    assert code == 2 and "bad regular expression" in err and "Traceback" not in err


def test_the_reader_itself_opens_on_a_damaged_index_with_a_sentence(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    damage_the_header(home / "reader.sqlite3")
    capsys.readouterr()
    code = main(["--data-dir", str(home)])  # `reader`: the terminal reader
    err = capsys.readouterr().err
    assert code == 1 and "damaged" in one_sentence(err)


def test_a_home_under_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code, _, err = run(capsys, tmp_path / "file" / "home", "list")
    assert code == 1 and "is a file" in one_sentence(err)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.timeout(60)
def test_files_named_on_the_command_line_are_read_only_when_regular(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    """A FIFO would block a command for ever, /dev/zero fill memory: both are refused."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    for target in (fifo, zero):
        for argv in (("extract", str(target)), ("entities", "--text", str(target)),
                     ("tags", "restore", str(target))):
            code, _, err = run(capsys, home, *argv)
            assert code == 1 and "not a regular file" in one_sentence(err), argv


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.timeout(60)
def test_a_rules_file_that_is_a_fifo(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    os.mkfifo(home / "rules.toml")
    code, _, err = run(capsys, home, "rules")
    assert code == 0 and "not a regular file" in err
