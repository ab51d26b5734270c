"""``reader index``, ``reader problems``, ``reader dirs``: the archive and where things live."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.cli.output import emit_json
from reader.indexer import IndexProgress, update_archive
from reader.locations import seeds_dir
from reader.safety import display_path, safe_line

if TYPE_CHECKING:
    from reader.cli import Context


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    index = subparsers.add_parser(
        "index",
        help="index folders of articles (only new and changed files are read)",
        description="Walk PATHs recursively and bring the index up to date. Unchanged files are "
        "skipped, changed ones re-read, vanished ones marked missing (their tags stay).",
    )
    index.add_argument("paths", nargs="*", metavar="PATH",
                       help="folders or files (default: the configured archive, else the sample)")
    index.add_argument("--no-entities", action="store_true",
                       help="skip entity recognition (run it later with another `reader index`)")
    index.add_argument("--ner", choices=("crf", "spacy"),
                       help="recogniser for this run (default: the config's `ner`, else crf)")
    index.add_argument("--quiet", "-q", action="store_true", help="print only the summary")
    index.add_argument("--json", action="store_true", help="print the summary as JSON")
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


def default_archive(ctx: Context) -> list[Path]:
    """The configured archive, else the bundled sample."""
    if ctx.config.archive:
        return [Path(p).expanduser() for p in ctx.config.archive]
    return [seeds_dir()]


class _Meter:
    """A one-line progress meter on stderr, only when stderr is a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, progress: IndexProgress) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.1 and progress.done != progress.total):
            return
        self.last = now
        sys.stderr.write(f"\r\x1b[K{progress.phase} {progress.done:,}/{progress.total:,}")
        sys.stderr.flush()

    def entities(self, done: int, total: int) -> None:
        self(IndexProgress("entities", done, total))

    def finish(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def run_index(args: argparse.Namespace, ctx: Context) -> int:
    if args.rebuild:
        from reader.cli.rebuild import prepare_rebuild

        prepare_rebuild(args, ctx)
    paths = [Path(p) for p in args.paths] or default_archive(ctx)
    store = ctx.store
    meter = _Meter(not args.quiet and not args.json)
    config = ctx.config
    summary = update_archive(store, ctx.locations, paths, config=config, progress=meter)
    annotated = 0
    if not args.no_entities:
        from reader.entities import (
            RecogniserUnavailable,
            annotate_pending,
            load_recogniser,
            regroup_names,
        )

        try:
            recogniser = load_recogniser(args.ner or config.ner, spacy_model=config.spacy_model)
            annotated = annotate_pending(store, recogniser=recogniser, progress=meter.entities)
            regroup_names(store)
        except RecogniserUnavailable as error:
            meter.finish()
            print(f"reader: entities not found: {error}", file=sys.stderr)
    meter.finish()
    for warning in [*ctx.config_warnings, *summary.warnings]:
        print(f"reader: {warning}", file=sys.stderr)
    if args.json:
        print(json.dumps({
            "files": summary.files,
            "read": summary.read,
            "unchanged": summary.unchanged,
            "articles": summary.articles,
            "new_articles": summary.new_articles,
            "missing": summary.missing,
            "entities_annotated": annotated,
            "rule_tags": summary.rule_tags,
            "problems": [p.to_json() for p in summary.problems],
        }, indent=2))
    else:
        print(summary.describe())
    return 0


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
