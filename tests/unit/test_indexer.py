"""Indexing a folder the way a user's archive looks: incremental, identity by fingerprint, moved
and deleted files, hostile files that become problems without stopping the import."""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.indexer import index_paths
from reader.store import Store


def _json_article(title: str, body: str, **extra: object) -> str:
    return json.dumps({"title": title, "body": body, **extra})


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "my archive"
    (root / "exports").mkdir(parents=True)
    (root / "notes ünïcode").mkdir()
    (root / "exports" / "feed dump.jsonl").write_text(
        "\n".join(
            _json_article(
                f"Story {n}",
                f"Paragraph one of story {n}.\n\nParagraph two.",
                date=f"2024-01-{n:02d}",
                url=f"https://example.org/story/{n}",
                source="Example Daily",
                tags=["economy"],
            )
            for n in range(1, 6)
        ),
        encoding="utf-8",
    )
    (root / "notes ünïcode" / "café.md").write_text(
        textwrap.dedent(
            """\
            ---
            title: Notes on the harbour
            date: 2023-05-04
            tags: [harbour, local]
            ---
            # Ignored heading because the title is set

            The harbour reopened on Monday.

            > A quoted line.
            """
        ),
        encoding="utf-8",
    )
    return root


def test_index_reads_every_format_and_records_paths(archive: Path, store: Store) -> None:
    summary = index_paths(store, [archive])
    assert summary.articles == 6
    assert not summary.problems
    assert store.count() == 6
    rows = store.rows()
    assert [r.title for r in rows][:1] == ["Story 5"]  # newest first
    note = next(r for r in rows if r.title == "Notes on the harbour")
    stored = store.article(note.id)
    assert stored is not None
    assert stored.paths == [str(archive / "notes ünïcode" / "café.md")]
    assert stored.article.date == "2023-05-04"
    assert {t.tag for t in stored.tags} == {"harbour", "local"}
    assert stored.article.blocks[-1].kind == "quote"


def test_reindex_skips_unchanged_and_rereads_changed(archive: Path, store: Store) -> None:
    index_paths(store, [archive])
    again = index_paths(store, [archive])
    assert again.read == 0 and again.unchanged == 2

    note = archive / "notes ünïcode" / "café.md"
    os.utime(note, ns=(1, 1))  # touched, same bytes: hashed, not re-read
    touched = index_paths(store, [archive])
    assert touched.read == 0 and touched.unchanged == 2

    note.write_text(
        "---\ntitle: Notes on the harbour\ndate: 2023-05-04\n---\nNew text.\n", encoding="utf-8"
    )
    changed = index_paths(store, [archive])
    assert changed.read == 1
    row = next(r for r in store.rows() if r.title == "Notes on the harbour")
    stored = store.article(row.id)
    assert stored is not None and stored.article.body == "New text."


def test_moved_file_keeps_tags_and_read_state(archive: Path, store: Store) -> None:
    index_paths(store, [archive])
    story = next(r for r in store.rows() if r.title == "Story 3")
    with store.transaction():
        store.conn.execute(
            "INSERT INTO tags VALUES (?, 'keep-me', 'manual', '2024-01-01')", (story.id,)
        )
        store.set_flag([story.id], "read", True)

    moved = archive / "moved here"
    moved.mkdir()
    (archive / "exports" / "feed dump.jsonl").rename(moved / "renamed.jsonl")
    summary = index_paths(store, [archive])
    assert summary.missing == 1

    stored = store.article(story.id)
    assert stored is not None
    assert stored.paths == [str(moved / "renamed.jsonl")]
    assert stored.read is True
    assert "keep-me" in {t.tag for t in stored.tags}
    assert store.count() == 6


def test_deleted_file_marks_missing_but_keeps_user_data(archive: Path, store: Store) -> None:
    index_paths(store, [archive])
    story = next(r for r in store.rows() if r.title == "Story 2")
    with store.transaction():
        store.set_flag([story.id], "starred", True)
    (archive / "exports" / "feed dump.jsonl").unlink()
    summary = index_paths(store, [archive])
    assert summary.missing == 1
    stored = store.article(story.id)
    assert stored is not None and stored.missing and stored.starred


def test_same_story_in_two_files_is_one_article_with_two_paths(
    tmp_path: Path, store: Store
) -> None:
    line = _json_article("Twice told", "Same words.", url="https://www.example.org/twice/")
    (tmp_path / "a.json").write_text(line, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(
        _json_article("Twice told", "Same words.", url="http://example.org/twice#top"),
        encoding="utf-8",
    )
    index_paths(store, [tmp_path])
    assert store.count() == 1
    stored = store.article(store.rows()[0].id)
    assert stored is not None and len(stored.paths) == 2


def test_hostile_files_become_problems_and_the_import_carries_on(
    tmp_path: Path, store: Store
) -> None:
    (tmp_path / "good.json").write_text(_json_article("Fine", "Readable."), encoding="utf-8")
    (tmp_path / "image.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "huge.jsonl").write_bytes(b"x" * 3000)
    (tmp_path / "broken.json").write_text('{"title": "half', encoding="utf-8")
    (tmp_path / "dangling link.md").symlink_to(tmp_path / "nowhere.md")
    (tmp_path / "latin1.json").write_bytes(
        '{"title": "Caf\u00e9 cr\u00e8me", "body": "D\u00e9j\u00e0 vu."}'.encode("latin-1")
    )
    summary = index_paths(store, [tmp_path], max_file_bytes=2000)
    reasons = {Path(p.path).name: p.reason for p in summary.problems}
    assert reasons == {
        "image.jpg": "binary file",
        "empty.txt": "empty file",
        "huge.jsonl": "file too large",
        "broken.json": "broken JSON",
        "dangling link.md": "broken link",
    }
    titles = {r.title for r in store.rows()}
    assert titles == {"Fine", "Café crème"}
    recorded = {Path(p.path).name for p in store.problems()}
    assert recorded == set(reasons)
    assert "problems: reader problems" in summary.describe()


def test_a_partly_read_file_lists_each_note_once_with_its_count(
    tmp_path: Path, store: Store
) -> None:
    items = [{"id": f"https://w.example/{n}", "title": f"Link {n}"} for n in range(3)]
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Links", "items": items}
    (tmp_path / "links.json").write_text(json.dumps(feed), encoding="utf-8")
    summary = index_paths(store, [tmp_path])
    assert summary.articles == 3 and not summary.problems
    [note] = store.problems()
    assert (note.reason, note.detail) == ("partly read", "entry has no text (3 times)")
    assert summary.describe() == "3 indexed, 1 partly read: reader problems"
    again = index_paths(store, [tmp_path])
    assert again.describe(hint="P lists them") == (
        "0 indexed, 1 unchanged (1 earlier problem on record): P lists them"
    )


def test_control_characters_never_reach_the_store(tmp_path: Path, store: Store) -> None:
    hostile = _json_article("Alert\x1b[31m red\x07", "Body \x1b]0;pwned\x07text\x00 here.")
    (tmp_path / "hostile.json").write_text(hostile, encoding="utf-8")
    index_paths(store, [tmp_path])
    stored = store.article(store.rows()[0].id)
    assert stored is not None
    assert stored.article.title == "Alert red"
    assert stored.article.body == "Body text here."


def test_a_killed_import_leaves_the_previous_index_and_tags(
    tmp_path: Path, locations: object
) -> None:
    """A process killed in the middle of a batch rolls back to the last committed state."""
    database = tmp_path / "index.sqlite3"
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "one.json").write_text(_json_article("One", "First."), encoding="utf-8")
    with Store.open(database) as store:
        index_paths(store, [archive])
        article_id = store.rows()[0].id
        with store.transaction():
            store.conn.execute(
                "INSERT INTO tags VALUES (?, 'precious', 'manual', '2024-01-01')", (article_id,)
            )
    for n in range(50):
        (archive / f"more-{n}.json").write_text(_json_article(f"More {n}", "x"), "utf-8")
    script = textwrap.dedent(
        f"""
        import os
        import reader.indexing.work as work
        from reader.indexing import index_paths
        from reader.store import Store
        original = work.write_file
        calls = 0
        def dying(*args, **kwargs):
            global calls
            calls += 1
            if calls == 20:
                os._exit(9)  # killed mid-transaction
            return original(*args, **kwargs)
        work.write_file = dying
        index_paths(Store.open({str(database)!r}), [{str(archive)!r}], workers=0)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], check=False)
    assert result.returncode == 9
    conn = sqlite3.connect(database)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert conn.execute("SELECT tag FROM tags").fetchall() == [("precious",)]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_worker_processes_build_the_same_index_as_this_process(tmp_path: Path) -> None:
    """Runs are read and written by worker processes; the index they build is the same."""
    archive = tmp_path / "scrapes"
    archive.mkdir()
    for n in range(30):
        (archive / f"story-{n}.txt").write_text(
            f" date 2023-10-{n % 28 + 1:02d} Support The Daily Ledger!\nSubscribe\n\n"
            f"Headline number {n} about the harbour\n\nBy Ann Lee\n\n"
            + "\n\n".join(f"Paragraph {p} of story {n} tells what happened at the harbour "
                          "when the ferries came back after the long winter." for p in range(4))
            + "\n\nRead more about: Harbours\n",
            encoding="utf-8",
        )
    (archive / "bad.bin").write_bytes(b"\x00\x01" * 100)

    def snapshot(store: Store) -> list[tuple[str, str, str, list[str]]]:
        result = []
        for row in sorted(store.rows(), key=lambda row: row.id):
            stored = store.article(row.id)
            assert stored is not None
            result.append((row.id, row.title, stored.article.body, [t.tag for t in stored.tags]))
        return result

    with Store.open(tmp_path / "serial.sqlite3") as serial:
        serial_summary = index_paths(serial, [archive], workers=0)
        expected = snapshot(serial)
    with Store.open(tmp_path / "parallel.sqlite3") as parallel:
        parallel_summary = index_paths(parallel, [archive], workers=2)
        assert snapshot(parallel) == expected
    assert parallel_summary.articles == serial_summary.articles == 30
    assert [p.reason for p in parallel_summary.problems] == ["binary file"]
    # The chrome learned from all thirty files is gone from every body, also from the first
    # few read before anything was learned (read again once it was).
    assert all("Support The Daily Ledger" not in body for _, _, body, _ in expected)


def test_a_format_failing_to_learn_still_reads_the_file(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader import sources
    from reader.sources import text as text_format

    def broken_note(path: Path, data: bytes) -> object:
        raise RuntimeError("a bug while learning")

    broken = dataclasses.replace(text_format.FORMAT, note=broken_note)
    monkeypatch.setattr(
        sources, "FORMATS", [broken if f.name == "text" else f for f in sources.formats()]
    )
    (tmp_path / "story.txt").write_text(
        "Harbour Lights Return\n\n"
        "The old harbour lights were switched on again on Friday evening after forty years, "
        "and people gathered along the quay to watch the lamps come back to life.\n",
        encoding="utf-8",
    )
    summary = index_paths(store, [tmp_path], workers=0)  # the broken format lives here only
    assert summary.articles == 1 and not summary.problems


def test_stopping_a_run_keeps_whole_batches_and_the_next_run_finishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.indexing import IndexProgress, ProgressTracker, run

    monkeypatch.setattr(run, "BATCH_FILES", 5)
    monkeypatch.setattr(run, "FIRST_BATCH_FILES", 5)
    archive = tmp_path / "archive"
    archive.mkdir()
    for n in range(40):
        (archive / f"story-{n:02d}.json").write_text(
            _json_article(f"Story {n}", f"Body of story {n}."), encoding="utf-8"
        )
    written = 0

    def watch(event: IndexProgress) -> None:
        nonlocal written
        written = event.articles

    with Store.open(tmp_path / "index.sqlite3") as store:
        summary = index_paths(store, [archive], tracker=ProgressTracker(watch, interval=0),
                              cancelled=lambda: written >= 5)
        assert summary.cancelled and summary.articles >= 5
        # Workers may have finished more batches before they were stopped: whole ones only.
        kept = store.count()
        assert kept % 5 == 0 and kept >= 5
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        again = index_paths(store, [archive])
        assert not again.cancelled and store.count() == 40
        assert again.unchanged == kept


def test_indexing_again_never_disturbs_tags_read_state_or_corrections(
    tmp_path: Path, locations: object
) -> None:
    """What the reader's re-index key does: files changed on disk are read again; the user's
    tags, read state and entity corrections stay as they were."""
    from reader import entities, tags
    from reader.config import Config
    from reader.indexing import NameFinder, reindex
    from reader.locations import Locations

    assert isinstance(locations, Locations)
    archive = tmp_path / "archive"
    archive.mkdir()
    story = archive / "story.json"
    story.write_text(_json_article("Harbour talks", "Maria Lindqvist met officials in Lisbon.",
                                   url="https://news.example/harbour", tags=["harbour"]),
                     encoding="utf-8")
    config = Config(archive=[str(archive)])
    with Store.open(locations.database) as store:
        reindex(store, locations, config=config, names=NameFinder("crf"))
        article_id = store.rows()[0].id
        tags.apply_tags(store, [article_id], add=["keep"], remove=["harbour"])
        tags.set_read(store, [article_id], True)
        entities.set_label(store, "Lisbon", "ORG")
        story.write_text(_json_article(
            "Harbour talks", "Maria Lindqvist met officials in Lisbon again on Friday.",
            url="https://news.example/harbour", tags=["harbour"]), encoding="utf-8")
        summary = reindex(store, locations, config=config, names=NameFinder("crf"))
        assert summary.read == 1 and summary.names == 1
        stored = store.article(article_id)
        assert stored is not None and stored.article.body.endswith("again on Friday.")
        assert stored.read and {t.tag for t in stored.tags} == {"keep"}
        assert "harbour" in stored.removed_tags  # the source's tag stays removed
        assert {s.canonical: s.label for s in stored.spans}["Lisbon"] == "ORG"
