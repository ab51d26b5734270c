"""Query, tag and export from the shell: ``count``, ``tag``, ``read``/``unread``/``star``/
``unstar``, ``undo``/``redo``, ``export`` and ``tags`` (counts, ``dump``, ``restore``).

Queries are everything after the command word and may start with ``-`` (``reader count
-spam``); ``--`` ends the options. ``reader tag`` takes the trailing ``+tag``/``-tag`` words as
the edit and the words before them as the query: there ``-n`` is a tag to remove, and only
``--dry-run`` (or ``-n`` before the query) means a dry run.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import backup
from reader import tags as tagging
from reader.cli.articles import add_query_command, report_query_error
from reader.cli.output import InputFileError, emit_json, read_input_file
from reader.export import FORMATS, export
from reader.model import TAG_ORIGINS
from reader.query import QueryError, compile_filter
from reader.safety import display_path, safe_line
from reader.store import EVERYTHING, DamagedStoreError, SqlFilter

if TYPE_CHECKING:
    from reader.cli import Context

# A tag edit word: +tag or -tag (a tag may hold spaces: '+Ukraine war'); never a query term.
_EDIT_WORD = re.compile(r'[+-][^\s+\-:()"@][^:()"]*')
_QUERY_HELP = "query words (see the query language in README); '' selects every article"
_YES_HELP = "change every article without asking when the query matches all of them"


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    count = add_query_command(
        subparsers,
        "count",
        help="count the articles matching a query",
        description="Print how many "
        "articles match QUERY, e.g. reader count is:unread +ukraine date:2023-10.",
    )
    count.add_argument("--json", action="store_true", help='print {"count": N}')
    count.add_argument("words", nargs=argparse.REMAINDER, metavar="QUERY", help=_QUERY_HELP)
    count.set_defaults(run=run_count)

    tag = add_query_command(
        subparsers,
        "tag",
        help="add and remove tags on the articles matching a query",
        description="reader tag QUERY +add -remove [--dry-run] [--yes]: the trailing +tag/-tag "
        "words are the edit, the words before them the query. One undoable change. A query "
        "that matches every article asks first (--yes: do not ask; needed when standard "
        "input is not a terminal).",
    )
    tag.add_argument(
        "--dry-run", "-n", action="store_true", help="count, change nothing (-n: before the query)"
    )
    tag.add_argument("--yes", "-y", action="store_true", help=_YES_HELP)
    tag.add_argument(
        "words",
        nargs=argparse.REMAINDER,
        metavar="QUERY +TAG -TAG",
        help="the query, then the tags to add (+) and remove (-); --dry-run writes nothing",
    )
    tag.set_defaults(run=run_tag)

    for name, flag, value, text in (
        ("read", "read", True, "mark the articles matching a query read"),
        ("unread", "read", False, "mark the articles matching a query unread"),
        ("star", "starred", True, "star the articles matching a query"),
        ("unstar", "starred", False, "unstar the articles matching a query"),
    ):
        flagger = add_query_command(
            subparsers, name, help=text, description=text + " (undoable). A query that matches "
            "every article asks first (--yes: do not ask)."
        )
        flagger.add_argument("--yes", "-y", action="store_true", help=_YES_HELP)
        flagger.add_argument("words", nargs=argparse.REMAINDER, metavar="QUERY", help=_QUERY_HELP)
        flagger.set_defaults(run=run_flag, flag=flag, value=value)

    undo = subparsers.add_parser("undo", help="undo the last tag, read or star change")
    undo.set_defaults(run=run_undo)
    redo = subparsers.add_parser("redo", help="redo the change undone last")
    redo.set_defaults(run=run_redo)

    exporter = add_query_command(
        subparsers,
        "export",
        help="write the articles matching a query as JSON lines, CSV or Markdown",
        description="reader export QUERY [--format jsonl|csv|md] [--output FILE]: articles "
        "with their tags and entities.",
    )
    # The options are also recognised after the query (the query swallows the rest).
    exporter.add_argument("--format", "-f", choices=list(FORMATS), help="default: jsonl")
    exporter.add_argument("--output", "-o", metavar="FILE", help="default: standard output")
    exporter.add_argument("words", nargs=argparse.REMAINDER, metavar="QUERY", help=_QUERY_HELP)
    exporter.set_defaults(run=run_export)

    tags = subparsers.add_parser(
        "tags",
        help="tag counts by origin; `tags dump` / `tags restore FILE` back up tags and state",
        description="Without an action: every tag with its count by origin. `dump` prints the "
        "tags, removed tags and read/starred state of every article (plain text, keyed by "
        "article id); `restore FILE` ('-' for stdin) puts them back.",
    )
    tags.add_argument("action", nargs="?", choices=("dump", "restore"), help="dump or restore")
    tags.add_argument("file", nargs="?", help="the backup to restore ('-' for stdin)")
    tags.add_argument("--output", "-o", metavar="FILE", help="write the dump to FILE")
    tags.add_argument("--json", action="store_true", help="counts as JSON")
    tags.set_defaults(run=run_tags)


# ---- helpers ---------------------------------------------------------------------------------


def _options(
    words: Sequence[str], flags: Sequence[str] = (), valued: Sequence[str] = ()
) -> tuple[list[str], dict[str, str]]:
    """Pull known options out of a REMAINDER word list; ``--`` ends option parsing."""
    rest: list[str] = []
    found: dict[str, str] = {}
    index = 0
    literal = False
    while index < len(words):
        word = words[index]
        index += 1
        if literal:
            rest.append(word)
        elif word == "--":
            literal = True
        elif word in flags:
            found[word] = "1"
        elif word.split("=", 1)[0] in valued and "=" in word:
            name, value = word.split("=", 1)
            found[name] = value
        elif word in valued:
            if index >= len(words):
                raise _UsageError(f"{word} needs a value")
            found[word] = words[index]
            index += 1
        else:
            rest.append(word)
    return rest, found


class _UsageError(Exception):
    pass


def _compile(words: Sequence[str], ctx: Context) -> tuple[str, SqlFilter | None]:
    text = " ".join(words)
    try:
        return text, compile_filter(text)
    except QueryError as error:
        report_query_error(error, text)
        return text, None


def _plural(count: int, word: str = "article") -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def confirm_everything(ctx: Context, matched: int, command: str, change: str, yes: bool) -> int:
    """0 when the change may go ahead; else the exit status. A change from a query that matches
    every article of the archive (more than one) asks first: a mistyped query must not tag or
    mark the whole archive. ``--yes`` answers for a script; without a terminal to ask on and
    without ``--yes`` nothing is changed."""
    if yes or matched <= 1 or matched < ctx.store.count(EVERYTHING):
        return 0
    question = f"The query matches every article ({matched}). {change} on all of them?"
    if not sys.stdin or not sys.stdin.isatty():
        print(
            f"reader {command}: {question[:-1]}: add --yes to do that (nothing was changed)",
            file=sys.stderr,
        )
        return 2
    print(f"{question} [y/N] ", end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline().strip().lower()
    if answer in ("y", "yes"):
        return 0
    print("Nothing was changed.", file=sys.stderr)
    return 1


# ---- commands --------------------------------------------------------------------------------


def run_count(args: argparse.Namespace, ctx: Context) -> int:
    # The options are also recognised after the query (the query swallows the rest).
    words, options = _options(args.words, flags=("--json",))
    _, flt = _compile(words, ctx)
    if flt is None:
        return 2
    count = ctx.store.count(flt)
    if args.json or options:
        emit_json({"count": count}, indent=None)
    else:
        print(count)
    return 0


def split_edit(words: Sequence[str]) -> tuple[list[str], list[str]]:
    """``["is:unread", "source:x", "+a", "-b"]`` -> (query words, edit words): the trailing
    run of ``+tag``/``-tag`` words is the edit. The first word is always the query, so
    ``["-sport", "+later"]`` tags the articles without the tag sport."""
    cut = len(words)
    while cut > 1 and _EDIT_WORD.fullmatch(words[cut - 1]):
        cut -= 1
    return list(words[:cut]), list(words[cut:])


def run_tag(args: argparse.Namespace, ctx: Context) -> int:
    try:
        # Only the long form here: after the query, -n is a tag to remove.
        words, options = _options(args.words, flags=("--dry-run", "--yes"))
    except _UsageError as error:
        print(f"reader tag: {error}", file=sys.stderr)
        return 2
    dry_run = "--dry-run" in options or args.dry_run
    query_words, edit_words = split_edit(words)
    add, remove = tagging.parse_tag_words(edit_words)
    if not query_words or not (add or remove):
        print(
            "reader tag: give a query and the tags to change, e.g. "
            "reader tag 'source:\"Moscow Times\"' +russia -inbox ('' selects every article)",
            file=sys.stderr,
        )
        return 2
    _, flt = _compile(query_words, ctx)
    if flt is None:
        return 2
    ids = ctx.store.article_ids(flt)
    edit = safe_line(" ".join([*(f"+{t}" for t in add), *(f"-{t}" for t in remove)]))
    if dry_run:
        changing = tagging.preview_tags(ctx.store, ids, add, remove)
        print(f"Would change {changing} of {_plural(len(ids), 'matching article')}: {edit}")
        return 0
    refused = confirm_everything(
        ctx, len(ids), "tag", f"Apply {edit}", args.yes or "--yes" in options
    )
    if refused:
        return refused
    change = tagging.apply_tags(ctx.store, ids, add, remove)
    print(f"Changed {change.articles} of {_plural(len(ids), 'matching article')}: {edit}")
    if change.batch:
        print("Undo with: reader undo")
    return 0


def run_flag(args: argparse.Namespace, ctx: Context) -> int:
    words, options = _options(args.words, flags=("--yes",))
    if not words:
        print(f"reader {args.command}: give a query ('' selects every article)", file=sys.stderr)
        return 2
    _, flt = _compile(words, ctx)
    if flt is None:
        return 2
    ids = ctx.store.article_ids(flt)
    verb = {"read": "Mark read", "unread": "Mark unread", "star": "Star", "unstar": "Unstar"}
    refused = confirm_everything(
        ctx, len(ids), args.command, verb.get(args.command, "Change"), args.yes or bool(options)
    )
    if refused:
        return refused
    setter = tagging.set_read if args.flag == "read" else tagging.set_starred
    change = setter(ctx.store, ids, args.value)
    print(f"Changed {change.articles} of {_plural(len(ids), 'matching article')}.")
    return 0


def run_undo(args: argparse.Namespace, ctx: Context) -> int:
    change = tagging.undo(ctx.store)
    if change is None:
        print("Nothing to undo.")
        return 1
    print(f"Undid: {safe_line(change.description)}")
    return 0


def run_redo(args: argparse.Namespace, ctx: Context) -> int:
    change = tagging.redo(ctx.store)
    if change is None:
        print("Nothing to redo.")
        return 1
    print(f"Redid: {safe_line(change.description)}")
    return 0


def run_export(args: argparse.Namespace, ctx: Context) -> int:
    try:
        words, options = _options(args.words, valued=("--format", "-f", "--output", "-o"))
    except _UsageError as error:
        print(f"reader export: {error}", file=sys.stderr)
        return 2
    fmt = options.get("--format", options.get("-f", args.format or "jsonl"))
    if fmt not in FORMATS:
        print(
            f"reader export: unknown format {safe_line(fmt)!r}: one of {', '.join(FORMATS)}",
            file=sys.stderr,
        )
        return 2
    _, flt = _compile(words, ctx)
    if flt is None:
        return 2
    output = options.get("--output", options.get("-o", args.output))
    if output is None or output == "-":
        export(ctx.store, flt, fmt, sys.stdout)
        return 0
    with open(output, "w", encoding="utf-8", newline="") as handle:
        written = export(ctx.store, flt, fmt, handle)
    print(f"Exported {_plural(written)} to {display_path(output)}", file=sys.stderr)
    return 0


def run_tags(args: argparse.Namespace, ctx: Context) -> int:
    if args.action == "dump":
        try:
            lines = list(backup.dump(ctx.store))
        except DamagedStoreError as error:
            # The index is damaged: read what can still be read of the user's tables.
            print(f"reader: {error.message}: dumping what can still be read", file=sys.stderr)
            salvaged = backup.dump_damaged(ctx.locations.database)
            lines = salvaged.lines
            for table, reason in salvaged.lost.items():
                print(f"reader: {table}: not all could be read ({reason})", file=sys.stderr)
        if args.output:
            with open(args.output, "w", encoding="utf-8") as handle:
                for line in lines:
                    handle.write(line + "\n")
        else:
            for line in lines:
                sys.stdout.write(line + "\n")
        return 0
    if args.action == "restore":
        if not args.file:
            print("reader tags restore: give the backup file ('-' for stdin)", file=sys.stderr)
            return 2
        try:
            if args.file == "-":
                changed = backup.restore(ctx.store, sys.stdin)
            else:
                data = read_input_file(Path(args.file), ctx.config.max_file_bytes)
                changed = backup.restore(ctx.store, data.decode("utf-8").splitlines())
        except InputFileError as error:
            print(f"reader tags restore: {error}", file=sys.stderr)
            return 1
        except UnicodeDecodeError as error:
            print(f"reader tags restore: cannot read {display_path(args.file)}: {error}",
                  file=sys.stderr)
            return 1
        except backup.DumpError as error:
            print(f"reader tags restore: {display_path(args.file)}: {error}", file=sys.stderr)
            return 2
        print(f"Restored: {_plural(changed)} changed. Undo with: reader undo")
        return 0
    counts = tagging.tag_counts(ctx.store)
    if args.json:
        emit_json([{"tag": t, "total": sum(c.values()), **c} for t, c in counts])
        return 0
    if not counts:
        print("No tags yet. Add some with: reader tag QUERY +tag")
        return 0
    shown = [(safe_line(tag), by_origin) for tag, by_origin in counts]
    width = max(len("TAG"), *(len(t) for t, _ in shown))
    header = f"{'TAG':<{width}}  {'TOTAL':>6}" + "".join(f"  {o.upper():>10}" for o in TAG_ORIGINS)
    print(header)
    for tag, by_origin in shown:
        cells = "".join(f"  {by_origin.get(o, 0):>10}" for o in TAG_ORIGINS)
        print(f"{tag:<{width}}  {sum(by_origin.values()):>6}{cells}")
    return 0
