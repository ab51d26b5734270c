"""Index throughput, first row, re-index cost, list readiness, peak memory; names' share.

    python benchmarks/bench_index.py [--sizes 20000 100000] [--text-only] [--names] [--cold]

Archives are generated once under benchmarks/out/ (ignored by git) and reused. Each run indexes
into a fresh database in a separate process, so peak RSS and the workers' start are that run's
own. Figures:

- first row: from the start of the import to the first article committed (what a list opened
  now could show), with the workers' forkserver already loaded (as the reader loads it while it
  starts), and with ``--cold`` also from a cold one (the parsers' import included);
- articles/s for the whole import; re-index of the unchanged archive; the list's rowids and
  first window from a warm store; peak RSS of this process (workers are separate processes);
- ``--names``: the same import with names found on every core, and its time as a multiple of
  the import without names.

Targets: first row within 1 s at 20,000 (and within a tenth of the import at 100,000); >= 2,000
articles/s without names at 100,000; with names <= 3x the time without.
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402


def archive_for(size: int, text_only: bool) -> Path:
    path = HERE / "out" / f"archive-{size}{'-text' if text_only else ''}"
    marker = path / ".complete"
    if not marker.exists():
        print(f"generating {size:,} articles in {path} ...", flush=True)
        generate(path, size, seed=size, text_only=text_only)
        marker.write_text("ok")
    return path


class FirstRow:
    """Polls the database from another connection for the first committed article."""

    def __init__(self, database: str) -> None:
        self.database = database
        self.started = time.perf_counter()
        self.seconds: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while not self._stop.is_set() and self.seconds is None:
            try:
                conn = sqlite3.connect(f"file:{self.database}?mode=ro", uri=True, timeout=1)
                try:
                    if conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone():
                        self.seconds = time.perf_counter() - self.started
                finally:
                    conn.close()
            except sqlite3.Error:
                pass
            time.sleep(0.002)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def measure(archive: str, database: str, names: bool, cold: bool) -> dict[str, float]:
    """Runs in a child process: index (with names or not), re-index, open the list."""
    from reader.indexing import NameFinder, update_archive
    from reader.indexing.pool import Budget, start_workers
    from reader.locations import Locations
    from reader.store import Store

    if not cold:  # the reader starts its workers' forkserver while it opens
        start_workers(1, Budget()).close()
    home = Path(database).parent
    locations = Locations(home, home)
    store = Store.open(database)
    first = FirstRow(database)
    started = time.perf_counter()
    summary = update_archive(store, locations, [Path(archive)],
                             names=NameFinder("crf") if names else None)
    indexed = time.perf_counter() - started
    first.stop()
    result = {"articles": float(summary.articles), "files": float(summary.files),
              "index_s": indexed, "problems": float(len(summary.problems)),
              "first_row_s": first.seconds or indexed, "names": float(summary.names)}
    started = time.perf_counter()
    update_archive(store, locations, [Path(archive)])
    result["reindex_s"] = time.perf_counter() - started
    store.close()

    started = time.perf_counter()
    warm = Store.open(database)
    rowids = warm.rowids()
    warm.rows_by_rowid(rowids[:60])
    result["list_ready_ms"] = (time.perf_counter() - started) * 1000
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def run_child(archive: Path, names: bool, cold: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as scratch:
        database = str(Path(scratch) / "reader.sqlite3")
        output = subprocess.run(
            [sys.executable, __file__, "--child", str(archive), database,
             "1" if names else "0", "1" if cold else "0"],
            check=True, capture_output=True, text=True,
        ).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--text-only", action="store_true", help="only text scrapes")
    parser.add_argument("--names", action="store_true",
                        help="also index with names and report the ratio")
    parser.add_argument("--cold", action="store_true",
                        help="also time the first row with a cold forkserver")
    parser.add_argument("--child", nargs=4, metavar=("ARCHIVE", "DB", "NAMES", "COLD"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        archive, database, names, cold = args.child
        print(json.dumps(measure(archive, database, names == "1", cold == "1")))
        return
    print(f"{'articles':>9} {'files':>7} {'names':>5} {'index s':>8} {'art/s':>7} "
          f"{'1st row s':>9} {'reindex s':>9} {'list ms':>8} {'peak MB':>8}")
    for size in args.sizes:
        archive = archive_for(size, args.text_only)
        runs = [(False, False)] + [(True, False)] * args.names + [(False, True)] * args.cold
        plain: dict[str, float] | None = None
        for names, cold in runs:
            r = run_child(archive, names, cold)
            rate = r["articles"] / r["index_s"] if r["index_s"] else 0.0
            label = "yes" if names else ("cold" if cold else "no")
            print(f"{int(r['articles']):>9,} {int(r['files']):>7,} {label:>5} "
                  f"{r['index_s']:>8.1f} {rate:>7,.0f} {r['first_row_s']:>9.2f} "
                  f"{r['reindex_s']:>9.2f} {r['list_ready_ms']:>8.0f} "
                  f"{r['peak_rss_mb']:>8.0f}", flush=True)
            if not names and not cold:
                plain = r
            elif names and plain is not None:
                print(f"{'':>9} with names / without: {r['index_s'] / plain['index_s']:.1f}x "
                      f"(names {r['index_s'] - plain['index_s']:.1f} s, "
                      f"{r['names'] / max(0.001, r['index_s'] - plain['index_s']):,.0f} "
                      "articles/s on every core)", flush=True)
        if plain is not None:
            print(f"{'':>9} first row at {plain['first_row_s'] / plain['index_s']:.1%} of the "
                  "import", flush=True)
    print("targets: first row <= 1 s at 20,000 (<= a tenth of the import at 100,000); "
          ">= 2,000 articles/s without names at 100,000; with names <= 3x without")


if __name__ == "__main__":
    main()
