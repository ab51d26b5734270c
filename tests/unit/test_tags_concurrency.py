"""Two processes tagging the same archive at once lose nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from reader.query import compile_filter
from reader.store import Store
from tests.support.articles import add_article

# Each worker opens the archive, says it is ready, and starts tagging only when the test says
# go. After its first write it waits for the other's first write, so neither can finish before
# the other has started: the two really write at the same time.
WORKER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from reader.store import Store
    from reader.tags import apply_tags, set_read

    database, tag, other, order = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    gate = Path(sys.argv[5])

    def wait_for(name):
        deadline = time.monotonic() + 120
        while not (gate / name).exists():
            if time.monotonic() > deadline:
                sys.exit(f"{tag}: waited too long for {name}")
            time.sleep(0.001)

    with Store.open(database) as store:
        ids = [row[0] for row in store.conn.execute("SELECT id FROM articles ORDER BY id")]
        if order == "reverse":
            ids.reverse()
        (gate / f"ready-{tag}").touch()
        wait_for("go")
        started = time.time()
        for number, article_id in enumerate(ids):
            apply_tags(store, [article_id], add=[tag])
            if number == 0:
                (gate / f"wrote-{tag}").touch()
                wait_for(f"wrote-{other}")
        apply_tags(store, ids, add=[tag + "-bulk"])
        set_read(store, ids[: len(ids) // 2], True)
        print(json.dumps({"started": started, "ended": time.time()}))
    """
)


def test_two_processes_tagging_at_once_lose_nothing(tmp_path: Path) -> None:
    database = tmp_path / "reader.sqlite3"
    gate = tmp_path / "gate"
    gate.mkdir()
    with Store.open(database) as store:
        ids = [add_article(store, f"Article {n}", path=f"/a/{n}.txt") for n in range(80)]
    tags = ("first", "second")
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(database), tag, other, order, str(gate)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag, other, order in (("first", "second", "forward"), ("second", "first", "reverse"))
    ]
    try:
        deadline = time.monotonic() + 120
        while not all((gate / f"ready-{tag}").exists() for tag in tags):
            assert all(w.poll() is None for w in workers), "a worker ended before the start"
            assert time.monotonic() < deadline, "the workers never became ready"
            time.sleep(0.005)
        (gate / "go").touch()
        spans = []
        for worker in workers:
            out, errors = worker.communicate(timeout=300)
            assert worker.returncode == 0, errors
            spans.append(json.loads(out))
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    first, second = spans
    # The two runs really overlapped in time.
    assert first["started"] < second["ended"] and second["started"] < first["ended"], spans
    with Store.open(database) as store:
        for article_id in ids:
            assert {t.tag for t in store.tags(article_id)} == {
                "first",
                "first-bulk",
                "second",
                "second-bulk",
            }
        batches = store.conn.execute("SELECT count(DISTINCT batch) FROM journal").fetchone()[0]
        assert batches == 2 * (80 + 1 + 1)
        assert store.count(compile_filter("is:read")) == 80
        changes = store.conn.execute(
            "SELECT count(*) FROM journal WHERE kind = 'tag' AND after IS NOT NULL"
        ).fetchone()[0]
        assert changes == 4 * 80  # every tag added by either process is in the journal
