"""One honest progress: phases in order, counts that never run backwards, a rate and the time
left, driven by a fake clock and fake batches, and observed on real imports."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

from reader.indexing import (
    FINDING,
    NAMES,
    PHASES,
    READING,
    IndexProgress,
    NameFinder,
    ProgressTracker,
    index_paths,
    update_archive,
)
from reader.locations import Locations
from reader.store import Store


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def assert_never_backwards(events: list[IndexProgress]) -> None:
    assert events, "no progress was reported"
    for before, after in itertools.pairwise(events):
        assert PHASES.index(after.phase) >= PHASES.index(before.phase), (before, after)
        assert after.articles >= before.articles, (before, after)
        same_count = after.phase == before.phase or {before.phase, after.phase} == {
            FINDING, READING}
        if same_count:  # finding and reading count the same files
            assert after.done >= before.done, (before, after)
            assert after.total >= before.total or after.total == 0, (before, after)
        for event in (before, after):
            assert event.total == 0 or event.done <= event.total, event


def test_progress_never_runs_backwards_across_phases_and_batches() -> None:
    """Files found in bursts, batches finishing out of order, a slow patch: every report
    counts up, and the phase only moves forward."""
    clock = FakeClock()
    events: list[IndexProgress] = []
    tracker = ProgressTracker(events.append, clock=clock, interval=0.0)
    rng = random.Random(7)
    found = handled = 0
    for _ in range(40):  # finding: the total grows, batches finish meanwhile
        burst = rng.randint(0, 300)
        tracker.add_found(burst)
        found += burst
        clock.now += rng.random() * 0.2
        if handled < found and rng.random() < 0.6:
            batch = min(found - handled, rng.randint(1, 200))
            tracker.add_handled(batch, articles=batch * rng.randint(0, 3))
            handled += batch
    tracker.finish_finding()
    while handled < found:  # reading the rest
        clock.now += rng.random() * (3.0 if rng.random() < 0.1 else 0.3)
        batch = min(found - handled, rng.randint(1, 200))
        tracker.add_handled(batch, articles=batch)
        handled += batch
    tracker.start_names(5000)
    for _ in range(50):
        clock.now += 0.5
        tracker.add_names(100)
    tracker.finish()
    assert_never_backwards(events)
    assert [e.phase for e in events][-1] == NAMES and events[-1].done == 5000
    assert {e.phase for e in events} == set(PHASES)


def test_rate_and_time_left_come_from_the_recent_pace() -> None:
    clock = FakeClock()
    tracker = ProgressTracker(None, clock=clock)
    tracker.add_found(1000)
    tracker.finish_finding()
    for _ in range(10):
        clock.now += 1.0
        tracker.add_handled(50)  # 50 files a second
    snapshot = tracker.snapshot()
    assert snapshot.phase == READING and snapshot.done == 500 and snapshot.total == 1000
    assert 45 <= snapshot.rate <= 55
    assert snapshot.seconds_left is not None and 9 <= snapshot.seconds_left <= 11
    assert "Reading 500/1,000 files" in snapshot.describe()
    assert "s left" in snapshot.describe()


def test_no_time_left_is_claimed_while_files_are_still_being_found() -> None:
    clock = FakeClock()
    tracker = ProgressTracker(None, clock=clock)
    for _ in range(10):
        clock.now += 1.0
        tracker.add_found(100)
        tracker.add_handled(50)
    snapshot = tracker.snapshot()
    assert snapshot.phase == FINDING and snapshot.rate > 0
    assert snapshot.seconds_left is None and snapshot.time_left() == ""


def test_reports_are_throttled_but_phase_changes_always_reported() -> None:
    clock = FakeClock()
    events: list[IndexProgress] = []
    tracker = ProgressTracker(events.append, clock=clock, interval=1.0)
    for _ in range(100):
        clock.now += 0.01
        tracker.add_found(1)
    assert len(events) <= 2
    tracker.finish_finding()
    assert events[-1].phase == READING


def test_a_real_import_reports_an_honest_progress(tmp_path: Path, locations: Locations) -> None:
    archive = tmp_path / "archive"
    for folder in range(4):
        (archive / f"f{folder}").mkdir(parents=True)
        for n in range(60):
            (archive / f"f{folder}" / f"{n}.json").write_text(json.dumps({
                "title": f"Story {folder}-{n}",
                "body": f"Maria Lindqvist spoke in Lisbon about story {n}.",
            }), encoding="utf-8")
        for n in range(20):
            (archive / f"f{folder}" / f"scrape-{n}.txt").write_text(
                f"Support The Ledger!\n\nScrape headline {folder} {n}\n\nBy Ann Lee\n\n"
                f"The ferry to Oslo ran late again on day {n}, said officials in Oslo.\n",
                encoding="utf-8")
    events: list[IndexProgress] = []
    with Store.open(locations.database) as store:
        summary = update_archive(
            store, locations, [archive], names=NameFinder("crf"),
            tracker=ProgressTracker(events.append, interval=0.0),
        )
        assert summary.articles == 320 and summary.names == 320
    assert_never_backwards(events)
    assert [p for p in PHASES if p in {e.phase for e in events}] == list(PHASES)
    reading = [e for e in events if e.phase != NAMES]
    assert reading[-1].done == reading[-1].total == 320
    # Rows were written while files were still being read: the list could grow.
    assert any(0 < e.articles < 320 for e in reading)


def test_an_unchanged_archive_reports_every_file_handled(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    for n in range(30):
        (archive / f"{n}.json").write_text(json.dumps({"title": f"S{n}", "body": "Text."}),
                                           encoding="utf-8")
    with Store.open(tmp_path / "index.sqlite3") as store:
        index_paths(store, [archive])
        events: list[IndexProgress] = []
        index_paths(store, [archive], tracker=ProgressTracker(events.append, interval=0.0))
    assert_never_backwards(events)
    assert events[-1].done == events[-1].total == 30 and events[-1].articles == 0


def test_the_workers_preload_leaves_the_names_and_archive_parts_unloaded() -> None:
    """The forkserver imports what reading needs before a first run's first rows: the rest of
    the package (names, the archive's settings, the watch) loads only when used."""
    import subprocess
    import sys

    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, reader.indexing.preload; "
         "print(sorted(m for m in ('reader.indexing.archive', 'reader.indexing.names', "
         "'reader.indexing.watch') if m in sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert loaded == "[]"
    from reader.indexing import IndexSummary, update_archive  # still there when asked for

    assert callable(update_archive) and IndexSummary().articles == 0
