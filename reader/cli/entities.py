"""``reader entities``: the names in the archive, names in any text, and the user's corrections.

    reader entities [QUERY] [--name PART] [--label TYPE] [--json]
                                                names in the articles QUERY selects, with counts
    reader entities --text FILE|- [--ner NAME] [--json]   names in raw text (no index needed)
    reader entities alias ALIAS CANONICAL                merge ALIAS into CANONICAL
    reader entities unalias ALIAS                        undo an alias
    reader entities hide NAME / unhide NAME              stop / start showing NAME
    reader entities label NAME TYPE / unlabel NAME       correct NAME's type / undo that
    reader entities split NAME FULL / unsplit NAME FULL  keep NAME apart from FULL / undo that
    reader entities curation [--json]                    every correction made so far

Each correction is one undoable step (``reader undo``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import entities
from reader.cli.articles import add_query_command, report_query_error, whole_number
from reader.cli.output import InputFileError, emit_json, read_input_file
from reader.model import ENTITY_LABELS, SourceError
from reader.query import QueryError
from reader.safety import safe_line
from reader.sources.decode import decode_text
from reader.store import Store

if TYPE_CHECKING:
    from reader.cli import Context

_ACTIONS = {
    "alias": 2,
    "unalias": 1,
    "hide": 1,
    "unhide": 1,
    "label": 2,
    "unlabel": 1,
    "split": 2,
    "unsplit": 2,
    "curation": 0,
}
_ACTION_USAGE = {
    "alias": "reader entities alias ALIAS CANONICAL",
    "unalias": "reader entities unalias ALIAS",
    "hide": "reader entities hide NAME",
    "unhide": "reader entities unhide NAME",
    "label": f"reader entities label NAME TYPE   (TYPE: {', '.join(ENTITY_LABELS)})",
    "unlabel": "reader entities unlabel NAME",
    "split": "reader entities split NAME FULL   (NAME is not FULL: \"Blair\" \"Tony Blair\")",
    "unsplit": "reader entities unsplit NAME FULL",
    "curation": "reader entities curation [--json]",
}
_UNDO = "`reader undo` takes it back"


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = add_query_command(
        subparsers,
        "entities",
        help="people, organisations and places in the archive; correct them",
        description="List the names mentioned in the articles QUERY selects (every article "
        "without one; the query language of `reader list`) with how many of those articles "
        "and mentions each has; --name keeps names containing a part. `--text FILE` finds "
        "names in any text. Corrections last across re-indexing and each is one undoable "
        "step (`reader undo`): `alias ALIAS CANONICAL` merges names (`unalias ALIAS` undoes "
        "it), `hide NAME` drops a false one (`unhide`), `label NAME TYPE` fixes a type "
        "(`unlabel`), `split NAME FULL` keeps a name apart from the full name grouping put "
        "it under (`unsplit`). `curation` lists them. A query starting with the word of "
        'an action quotes it: \'"hide" tories\'.',
    )
    parser.add_argument(
        "words",
        nargs="*",
        metavar="QUERY | alias ALIAS CANONICAL | unalias ALIAS | hide NAME | unhide NAME | "
        "label NAME TYPE | unlabel NAME | split NAME FULL | unsplit NAME FULL | curation",
        help="the articles whose names to list (query words), or a correction",
    )
    parser.add_argument("--name", metavar="PART", help="only names containing PART")
    parser.add_argument("--label", metavar="TYPE", help="only PERSON, ORG, PLACE or OTHER")
    parser.add_argument("--limit", type=whole_number, metavar="N", help="at most N entities")
    parser.add_argument(
        "--text", metavar="FILE", help="find names in FILE ('-' for standard input) instead"
    )
    parser.add_argument(
        "--ner",
        choices=("crf", "spacy"),
        help="recogniser for --text (default: the config's `ner`, else crf)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=run_entities)


def run_entities(args: argparse.Namespace, ctx: Context) -> int:
    words: list[str] = list(args.words)
    try:
        if args.text is not None:
            return _run_text(args, ctx)
        if words and words[0] in _ACTIONS:
            return _run_action(words, args, ctx)
        return _run_list(" ".join(words), args, ctx)
    except QueryError as error:
        return report_query_error(error, " ".join(words))
    except ValueError as error:
        print(f"reader entities: {safe_line(error)}", file=sys.stderr)
        return 2
    except entities.RecogniserUnavailable as error:
        print(f"reader entities: {error}", file=sys.stderr)
        return 1


def _run_text(args: argparse.Namespace, ctx: Context) -> int:
    if args.text == "-":
        text = decode_text(sys.stdin.buffer.read())
    else:
        try:
            text = decode_text(read_input_file(Path(args.text), ctx.config.max_file_bytes))
        except InputFileError as error:
            print(f"reader entities: {error}", file=sys.stderr)
            return 1
        except SourceError as error:
            print(f"reader entities: {safe_line(args.text)}: {error.reason}", file=sys.stderr)
            return 1
    recogniser = entities.load_recogniser(
        args.ner or ctx.config.ner, spacy_model=ctx.config.spacy_model
    )
    spans = entities.recognise(text, recogniser)
    database = ctx.locations.database
    if database.exists():
        # The user's corrections apply here too, when there is an index to hold them.
        spans = entities.Curation.load(ctx.store).apply(spans)
    if args.json:
        emit_json([s.to_json() for s in spans])
        return 0
    for span in spans:
        name = safe_line(span.text)
        canonical = safe_line(span.canonical)
        also = f"  ({canonical})" if canonical != name else ""
        print(f"{span.start:>7} {span.end:>7}  {span.label:<6}  {name}{also}")
    return 0


def _run_action(words: list[str], args: argparse.Namespace, ctx: Context) -> int:
    action, operands = words[0], words[1:]
    if len(operands) != _ACTIONS[action]:
        print(f"usage: {_ACTION_USAGE[action]}", file=sys.stderr)
        return 2
    store: Store = ctx.store
    if action == "curation":
        return _run_curation(store, args)
    name = operands[0]
    shown = repr(safe_line(name))
    if action == "alias":
        changed = entities.add_alias(store, name, operands[1])
        message = f"{shown} is now {safe_line(operands[1])!r} ({_mentions(changed)} updated)"
    elif action == "unalias":
        updated = entities.remove_alias(store, name)
        if updated is None:
            return _no_rule(f"{shown} is not an alias")
        message = f"{shown} is no longer an alias ({_mentions(updated)} updated)"
    elif action == "hide":
        touched: set[str] = set()
        changed = entities.hide_entity(store, name, touched=touched)
        if changed:
            where = _articles(len(touched))
            message = f"{shown} hidden ({_mentions(changed)} removed from {where})"
        else:
            message = (
                f"{shown} hidden, but 0 articles currently have it as an entity; the rule is "
                "kept for articles indexed later (`reader entities curation` lists rules)"
            )
    elif action == "unhide":
        if not any(r.kind == "hide" and _same(r.name, name) for r in entities.rules(store)):
            return _no_rule(f"{shown} is not hidden")
        shown_again = entities.unhide_entity(store, name)
        message = f"{shown} shown again ({_mentions(shown_again)})"
    elif action == "label":
        changed = entities.set_label(store, name, operands[1])
        label = entities.parse_label(operands[1])
        message = f"{shown} is now {label} ({_mentions(changed)} updated)"
    elif action == "unlabel":
        updated = entities.remove_label(store, name)
        if updated is None:
            return _no_rule(f"{shown} has no type correction")
        message = f"{shown} takes the type grouping found again ({_mentions(updated)} updated)"
    elif action == "split":
        changed = entities.split_entity(store, name, operands[1])
        message = (
            f"{shown} is kept apart from {safe_line(operands[1])!r} "
            f"({_mentions(changed)} updated)"
        )
    else:
        updated = entities.unsplit_entity(store, name, operands[1])
        if updated is None:
            return _no_rule(f"{shown} is not kept apart from {safe_line(operands[1])!r}")
        message = (
            f"{shown} may be grouped with {safe_line(operands[1])!r} again "
            f"({_mentions(updated)} updated)"
        )
    message += f"; {_UNDO}"
    if args.json:
        emit_json({"action": action, "names": operands, "message": message}, indent=None)
    else:
        print(message)
    return 0


def _mentions(count: int) -> str:
    return f"{count} mention" if count == 1 else f"{count} mentions"


def _articles(count: int) -> str:
    return f"{count} article" if count == 1 else f"{count} articles"


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _no_rule(message: str) -> int:
    print(f"reader entities: {message} (`reader entities curation` lists rules)", file=sys.stderr)
    return 1


def _run_curation(store: Store, args: argparse.Namespace) -> int:
    found = entities.rules(store)
    if args.json:
        emit_json({
            "aliases": [
                {"name": r.name, "target": r.target, "created_at": r.created_at}
                for r in found if r.kind == "alias"
            ],
            "hidden": [
                {"name": r.name, "created_at": r.created_at} for r in found if r.kind == "hide"
            ],
            "labels": [
                {"name": r.name, "label": r.label, "created_at": r.created_at}
                for r in found if r.kind == "label"
            ],
            "splits": [
                {"name": r.name, "target": r.target, "created_at": r.created_at}
                for r in found if r.kind == "split"
            ],
        })
        return 0
    if not found:
        print("no corrections")
        return 0
    sections = (
        ("aliases (unalias ALIAS)", "alias", lambda r: f"{r.name} -> {r.target}"),
        ("hidden (unhide NAME)", "hide", lambda r: r.name),
        ("types (unlabel NAME)", "label", lambda r: f"{r.name}: {r.label}"),
        ("kept apart (unsplit NAME FULL)", "split", lambda r: f"{r.name} / {r.target}"),
    )
    for title, kind, describe in sections:
        mine = [r for r in found if r.kind == kind]
        if mine:
            print(title)
            for rule in mine:
                print(f"  {safe_line(describe(rule))}")
    return 0


def _run_list(query: str, args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store
    counts = entities.entity_counts(
        store, query, args.label, limit=args.limit, name=args.name or ""
    )
    if args.json:
        emit_json([c.to_json() for c in counts])
        return 0
    if not counts:
        unannotated = store.unannotated_count()
        hint = f" ({unannotated} articles not annotated yet: run `reader index`)"
        print("no entities" + (hint if unannotated else ""), file=sys.stderr)
        return 0
    print(f"{'articles':>8} {'mentions':>8}  {'type':<6}  name")
    for count in counts:
        print(
            f"{count.articles:>8} {count.mentions:>8}  {count.label:<6}  "
            f"{safe_line(count.canonical)}"
        )
    return 0
