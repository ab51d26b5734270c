"""``reader entities``: the names in the archive, names in any text, and the user's corrections.

    reader entities [QUERY] [--label TYPE] [--json]      entities with article counts
    reader entities --text FILE|- [--json]               names in raw text (no index needed)
    reader entities alias ALIAS CANONICAL                merge ALIAS into CANONICAL
    reader entities hide NAME / unhide NAME              stop / start showing NAME
    reader entities label NAME TYPE                      correct NAME's type
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import entities
from reader.config import Config
from reader.model import ENTITY_LABELS, strip_control
from reader.sources.decode import decode_text
from reader.store import Store

if TYPE_CHECKING:
    from reader.cli import Context

_ACTIONS = {"alias": 2, "hide": 1, "unhide": 1, "label": 2}
_ACTION_USAGE = {
    "alias": "reader entities alias ALIAS CANONICAL",
    "hide": "reader entities hide NAME",
    "unhide": "reader entities unhide NAME",
    "label": f"reader entities label NAME TYPE   (TYPE: {', '.join(ENTITY_LABELS)})",
}


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "entities",
        help="people, organisations and places in the archive; correct them",
        description="List the entities found in the archive with how many articles mention "
        "each (QUERY matches part of a name). `--text FILE` finds names in any text. "
        "Corrections last across re-indexing: `alias ALIAS CANONICAL` merges names, "
        "`hide NAME` drops a false one (`unhide` brings it back), `label NAME TYPE` fixes a "
        "type.",
    )
    parser.add_argument(
        "words",
        nargs="*",
        metavar="QUERY | alias ALIAS CANONICAL | hide NAME | unhide NAME | label NAME TYPE",
        help="part of a name to list, or a correction",
    )
    parser.add_argument("--label", metavar="TYPE", help="only PERSON, ORG, PLACE or OTHER")
    parser.add_argument("--limit", type=int, metavar="N", help="at most N entities")
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
    except ValueError as error:
        print(f"reader entities: {error}", file=sys.stderr)
        return 2
    except entities.RecogniserUnavailable as error:
        print(f"reader entities: {error}", file=sys.stderr)
        return 1


def _configure(args: argparse.Namespace, ctx: Context) -> None:
    config, _warnings = Config.load(ctx.locations.config_file)
    entities.configure(args.ner or config.ner, config.spacy_model)


def _run_text(args: argparse.Namespace, ctx: Context) -> int:
    if args.text == "-":
        text = decode_text(sys.stdin.buffer.read())
    else:
        path = Path(args.text)
        try:
            text = decode_text(path.read_bytes())
        except OSError as error:
            print(f"reader entities: cannot read {path}: {error.strerror}", file=sys.stderr)
            return 1
    _configure(args, ctx)
    spans = entities.recognise(text)
    database = ctx.locations.database
    if database.exists():
        # The user's corrections apply here too, when there is an index to hold them.
        spans = entities.Curation.load(ctx.store).apply(spans)
    if args.json:
        print(json.dumps([s.to_json() for s in spans], ensure_ascii=False, indent=2))
        return 0
    for span in spans:
        name = strip_control(span.text)
        canonical = strip_control(span.canonical)
        also = f"  ({canonical})" if canonical != name else ""
        print(f"{span.start:>7} {span.end:>7}  {span.label:<6}  {name}{also}")
    return 0


def _run_action(words: list[str], args: argparse.Namespace, ctx: Context) -> int:
    action, operands = words[0], words[1:]
    if len(operands) != _ACTIONS[action]:
        print(f"usage: {_ACTION_USAGE[action]}", file=sys.stderr)
        return 2
    store: Store = ctx.store
    if action == "alias":
        changed = entities.add_alias(store, operands[0], operands[1])
        message = f"{operands[0]!r} is now {operands[1]!r} ({changed} mentions updated)"
    elif action == "hide":
        changed = entities.hide_entity(store, operands[0])
        message = f"{operands[0]!r} hidden ({changed} mentions removed)"
    elif action == "unhide":
        queued = entities.unhide_entity(store, operands[0])
        message = (
            f"{operands[0]!r} shown again; {queued} articles to re-check at the next "
            "`reader index`"
        )
    else:
        changed = entities.set_label(store, operands[0], operands[1])
        label = entities.parse_label(operands[1])
        message = f"{operands[0]!r} is now {label} ({changed} mentions updated)"
    if args.json:
        print(json.dumps({"action": action, "names": operands, "message": message}))
    else:
        print(message)
    return 0


def _run_list(query: str, args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store
    counts = entities.entity_counts(store, query, args.label, limit=args.limit)
    if args.json:
        print(json.dumps([c.to_json() for c in counts], ensure_ascii=False, indent=2))
        return 0
    if not counts:
        unannotated = store.conn.execute(
            "SELECT count(*) FROM articles WHERE entities_version = 0"
        ).fetchone()[0]
        hint = f" ({unannotated} articles not annotated yet: run `reader index`)"
        print("no entities" + (hint if unannotated else ""), file=sys.stderr)
        return 0
    print(f"{'articles':>8} {'mentions':>8}  {'type':<6}  name")
    for count in counts:
        print(
            f"{count.articles:>8} {count.mentions:>8}  {count.label:<6}  "
            f"{strip_control(count.canonical)}"
        )
    return 0
