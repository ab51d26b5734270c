"""Two processes tagging the same archive at once lose nothing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from test_query_support import add_article

from reader.store import Store

WORKER = textwrap.dedent(
    """
    import sys
    from reader.store import Store
    from reader.tags import apply_tags, set_read

    database, tag, order = sys.argv[1], sys.argv[2], sys.argv[3]
    with Store.open(database) as store:
        ids = [row[0] for row in store.conn.execute("SELECT id FROM articles ORDER BY id")]
        if order == "reverse":
            ids.reverse()
        for article_id in ids:
            apply_tags(store, [article_id], add=[tag])
        apply_tags(store, ids, add=[tag + "-bulk"])
        set_read(store, ids[: len(ids) // 2], True)
    """
)


def test_two_processes_tagging_at_once_lose_nothing(tmp_path: Path) -> None:
    database = tmp_path / "reader.sqlite3"
    with Store.open(database) as store:
        ids = [add_article(store, f"Article {n}", path=f"/a/{n}.txt") for n in range(80)]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(database), tag, order],
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag, order in (("first", "forward"), ("second", "reverse"))
    ]
    for worker in workers:
        _, errors = worker.communicate(timeout=300)
        assert worker.returncode == 0, errors
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
        assert store.count("coalesce(s.read, 0) = 1") == 80
