"""``reader index``, ``reader problems``, ``reader dirs``: the archive and where things live."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from reader.cli.output import emit_json, unguarded
from reader.indexing import (
    FINDING,
    NAMES,
    IndexProgress,
    IndexSummary,
    NameFinder,
    archive_paths,
    update_archive,
)
from reader.indexing.watch import ArchiveWatcher, WatchUpdate
from reader.locations import seeds_dir
from reader.safety import display_path, safe_line

if TYPE_CHECKING:
    from reader.cli import Context


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    index = subparsers.add_parser(
        "index",
        help="index folders of articles (only new and changed files are read)",
        description="Walk PATHs recursively and bring the index up to date. Unchanged files are "
        "skipped, changed ones re-read, vanished ones marked missing (their tags stay). Files "
        "are read and names found on every core; articles can be listed as soon as they are "
        "written.",
    )
    index.add_argument("paths", nargs="*", metavar="PATH",
                       help="folders or files (default: the configured archive, else the files "
                       "already indexed)")
    index.add_argument("--no-entities", action="store_true",
                       help="skip entity recognition (run it later with another `reader index`)")
    index.add_argument("--ner", choices=("crf", "spacy"),
                       help="recogniser for this run (default: the config's `ner`, else crf)")
    index.add_argument("--watch", action="store_true",
                       help="then keep watching the folders and index what changes, until "
                       "Ctrl+C")
    index.add_argument("--quiet", "-q", action="store_true", help="print only the summary")
    index.add_argument("--json", action="store_true",
                       help="print the summary as one JSON document at the end")
    index.add_argument("--rebuild", action="store_true",
                       help="make a new index from the archive, keeping tags, read state and "
                       "corrections (the old index file is kept beside it)")
    index.set_defaults(run=run_index)

    problems = subparsers.add_parser("problems", help="files that could not be read, and why")
    problems.add_argument("--json", action="store_true", help="JSON list of {path, reason, detail}")
    problems.set_defaults(run=run_problems)

    dirs = subparsers.add_parser("dirs", help="where the index, state and config live")
    dirs.add_argument("--json", action="store_true")
    dirs.set_defaults(run=run_dirs)


class _Bar:
    """Progress bars on stderr while an import runs, when stderr is a terminal: files (found,
    then read) and names, each with its rate and the time left."""

    def __init__(self, enabled: bool) -> None:
        self.progress: Progress | None = None
        self.tasks: dict[str, TaskID] = {}
        if enabled and sys.stderr.isatty():
            self.progress = Progress(
                TextColumn("{task.description:<13}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[unit]}"),
                TextColumn("{task.fields[rate]}"),
                TextColumn("{task.fields[left]}"),
                # Only the bar's own words and numbers: the path being read is not shown.
                console=Console(file=unguarded(sys.stderr)),
                transient=True,
            )

    def __enter__(self) -> _Bar:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def reset(self) -> None:
        """Another import starts (a watch's next batch): fresh bars."""
        if self.progress is not None:
            for task in self.tasks.values():
                self.progress.remove_task(task)
        self.tasks.clear()

    def update(self, event: IndexProgress) -> None:
        if self.progress is None:
            return
        lane = "names" if event.phase == NAMES else "files"
        total = None if event.phase == FINDING else event.total
        finished = bool(event.total) and event.done >= event.total
        rate = f"{event.rate:,.0f}/s" if event.rate and not finished else ""
        left = "" if finished else event.time_left()
        task = self.tasks.get(lane)
        if task is None:
            task = self.tasks[lane] = self.progress.add_task(
                event.phase, total=total, unit=event.unit, rate=rate, left=left)
        self.progress.update(task, description=event.phase, total=total, completed=event.done,
                             unit=event.unit, rate=rate, left=left)


def _finder(args: argparse.Namespace, ctx: Context) -> NameFinder | None:
    if args.no_entities:
        return None
    return NameFinder(args.ner or ctx.config.ner, ctx.config.spacy_model)


def run_index(args: argparse.Namespace, ctx: Context) -> int:
    if args.rebuild:
        from reader.cli.rebuild import prepare_rebuild

        prepare_rebuild(args, ctx)
    store, config = ctx.store, ctx.config
    given = [Path(p) for p in args.paths]
    paths = given or archive_paths(store, config)
    watched = given or [Path(p).expanduser() for p in config.archive]
    if not paths or (args.watch and not watched):
        what = "watch" if args.watch else "index"
        print(f"reader: nothing to {what}: give a folder, or set archive = [\"FOLDER\"] in "
              f"{ctx.locations.config_file}", file=sys.stderr)
        if args.json:
            emit_json(IndexSummary().to_json())
        return 1
    names = _finder(args, ctx)
    quiet = args.quiet or args.json
    with _Bar(not quiet) as bar:
        summary = update_archive(store, ctx.locations, paths, config=config, names=names,
                                 progress=bar.update)
    for warning in [*ctx.config_warnings, *summary.warnings]:
        print(f"reader: {warning}", file=sys.stderr)
    if summary.names_problem:
        print(f"reader: entities not found: {summary.names_problem}", file=sys.stderr)
    if args.watch:
        if not quiet:
            print(summary.describe())
            print(f"Watching {', '.join(display_path(str(p)) for p in watched)} (Ctrl+C stops)",
                  flush=True)
        summary = _watch(ctx, watched, names, summary, quiet=quiet)
    if args.json:
        emit_json(summary.to_json())
    elif args.watch and not quiet:
        print(f"Stopped watching: {summary.describe()}")
    else:
        print(summary.describe())
    return 0


def _watch(
    ctx: Context, roots: list[Path], names: NameFinder | None, total: IndexSummary, *,
    quiet: bool
) -> IndexSummary:
    """Index what changes under ``roots`` until Ctrl+C; the summary of it all."""
    with _Bar(not quiet) as bar:

        def report(update: WatchUpdate) -> None:
            bar.reset()  # also after a batch that changed nothing: its bars go
            summary = update.summary
            if not (summary.read or summary.missing or summary.names):
                return
            total.merge(summary)
            if not quiet:
                stamp = datetime.now().strftime("%H:%M:%S")
                print(f"{stamp} {summary.describe()}", flush=True)

        watcher = ArchiveWatcher(ctx.locations, roots, config=ctx.config, names=names,
                                 on_update=report, progress=bar.update, report_unchanged=True)
        stop = threading.Event()

        def interrupted(_signal: int, _frame: object) -> None:
            # The first Ctrl+C stops the watch between steps, so a batch already written is
            # also counted in the summary; a second one stops at once.
            if stop.is_set():
                raise KeyboardInterrupt
            stop.set()

        previous = signal.signal(signal.SIGINT, interrupted)
        try:
            with contextlib.suppress(KeyboardInterrupt):
                watcher.run(stop)
        finally:
            signal.signal(signal.SIGINT, previous)
    return total


def run_problems(args: argparse.Namespace, ctx: Context) -> int:
    problems = ctx.store.problems()
    if args.json:
        emit_json([p.to_json() for p in problems])
        return 0
    if not problems:
        print("No problems: every file was read.")
        return 0
    for problem in problems:
        detail = f" ({problem.detail})" if problem.detail else ""
        print(f"{display_path(problem.path)}\n    {safe_line(problem.reason + detail)}")
    print(f"{len(problems):,} file(s) with problems")
    return 0


def run_dirs(args: argparse.Namespace, ctx: Context) -> int:
    places = {
        "data": str(ctx.locations.data_dir),
        "database": str(ctx.locations.database),
        "config": str(ctx.locations.config_file),
        "rules": str(ctx.locations.rules_file),
        "seeds": str(seeds_dir()),
    }
    if args.json:
        emit_json(places)
    else:
        width = max(len(k) for k in places)
        for key, value in places.items():
            print(f"{key:<{width}}  {display_path(value)}")
    return 0
