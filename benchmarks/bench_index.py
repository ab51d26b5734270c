"""Index throughput, re-index cost, list readiness and peak memory on synthetic archives.

    python benchmarks/bench_index.py [--sizes 10000 100000] [--text-only] [--entities]

Archives are generated once under benchmarks/out/ (ignored by git) and reused. Each size is
indexed into a fresh database in a separate process, so peak RSS is that run's alone.
Targets: >= 2,000 text articles/s indexed; the sidebar's rowid list ready well inside 500 ms.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
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


def measure(archive: str, database: str, entities: bool) -> dict[str, float]:
    """Runs in a child process: index, re-index, open the list; report timings and peak RSS."""
    from reader.indexer import index_paths
    from reader.store import Store

    store = Store.open(database)
    started = time.perf_counter()
    summary = index_paths(store, [Path(archive)])
    indexed = time.perf_counter() - started
    result = {"articles": float(summary.articles), "files": float(summary.files),
              "index_s": indexed, "problems": float(len(summary.problems))}
    if entities:
        from reader.entities import annotate_pending, load_recogniser, regroup_names

        started = time.perf_counter()
        annotate_pending(store, recogniser=load_recogniser("crf"))
        regroup_names(store)
        result["entities_s"] = time.perf_counter() - started
    started = time.perf_counter()
    index_paths(store, [Path(archive)])
    result["reindex_s"] = time.perf_counter() - started
    store.close()

    started = time.perf_counter()
    warm = Store.open(database)
    rowids = warm.rowids()
    warm.rows_by_rowid(rowids[:60])
    result["list_ready_ms"] = (time.perf_counter() - started) * 1000
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--text-only", action="store_true", help="only text scrapes")
    parser.add_argument("--entities", action="store_true", help="also time entity recognition")
    parser.add_argument("--child", nargs=3, metavar=("ARCHIVE", "DB", "ENTITIES"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        archive, database, entities = args.child
        print(json.dumps(measure(archive, database, entities == "1")))
        return
    print(f"{'articles':>9} {'files':>7} {'index s':>8} {'art/s':>8} {'reindex s':>9} "
          f"{'list ms':>8} {'peak MB':>8}" + ("  entities s" if args.entities else ""))
    for size in args.sizes:
        archive = archive_for(size, args.text_only)
        with tempfile.TemporaryDirectory() as scratch:
            database = str(Path(scratch) / "bench.sqlite3")
            output = subprocess.run(
                [sys.executable, __file__, "--child", str(archive), database,
                 "1" if args.entities else "0"],
                check=True, capture_output=True, text=True,
            ).stdout
        r = json.loads(output.strip().splitlines()[-1])
        rate = r["articles"] / r["index_s"] if r["index_s"] else 0.0
        line = (f"{int(r['articles']):>9,} {int(r['files']):>7,} {r['index_s']:>8.1f} "
                f"{rate:>8,.0f} {r['reindex_s']:>9.2f} {r['list_ready_ms']:>8.0f} "
                f"{r['peak_rss_mb']:>8.0f}")
        if args.entities:
            line += f"  {r.get('entities_s', 0):>10.1f}"
        print(line, flush=True)
    print("targets: >= 2,000 text articles/s; list ready (rowids + first window) << 500 ms")


if __name__ == "__main__":
    main()
