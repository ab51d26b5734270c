"""``reader list`` and ``reader show``: the archive from the shell."""

from __future__ import annotations

import argparse
import sys
import textwrap
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from reader.cli.output import emit_json
from reader.query import QueryError, compile_filter
from reader.safety import safe_line, safe_link, safe_text
from reader.store import StoredArticle

if TYPE_CHECKING:
    from reader.cli import Context

# Fields of `reader list --json` rows: `reader show --json` has these and the body.
LIST_FIELDS = ("id", "title", "byline", "date", "source", "url", "paths", "tags", "read",
               "starred", "topics", "missing")


class QueryArgumentParser(argparse.ArgumentParser):
    """The parser of a command that takes a query: a word starting with a single ``-`` that is
    not one of the command's own options is a query word (``reader count -sport``), not an
    unknown option. ``--`` still ends the options."""

    def _parse_optional(self, arg_string: str) -> Any:
        if (
            len(arg_string) > 1
            and arg_string[0] == "-"
            and arg_string[1] != "-"
            and arg_string not in self._option_string_actions
        ):
            return None  # a positional word: part of the query
        return super()._parse_optional(arg_string)


def add_query_command(
    subparsers: argparse._SubParsersAction[Any], name: str, **kwargs: Any
) -> argparse.ArgumentParser:
    """``subparsers.add_parser`` for a command whose query may start with ``-``."""
    default = subparsers._parser_class
    subparsers._parser_class = QueryArgumentParser
    try:
        parser: argparse.ArgumentParser = subparsers.add_parser(name, **kwargs)
    finally:
        subparsers._parser_class = default
    return parser


# The most a count option means (as the query language's limit:): more is every article.
MAX_COUNT = 10**9


def whole_number(text: str) -> int:
    """An option's count (``--limit N``): a whole number of 0 or more; a bigger one than
    :data:`MAX_COUNT` means no limit at all and is read as that."""
    value = text.strip()
    if not value.isascii() or not value.isdigit():
        raise argparse.ArgumentTypeError(f"{safe_line(text)!r} is not a whole number of 0 or more")
    if len(value.lstrip("0")) > len(str(MAX_COUNT)):  # also spares int() a huge string
        return MAX_COUNT
    return min(int(value), MAX_COUNT)


def report_query_error(error: QueryError, text: str) -> int:
    """Print a query error with a caret under its position (wide characters counted as two
    cells); the exit status for it."""
    print(f"reader: bad query: {error}", file=sys.stderr)
    print("  " + error.pointer(text).replace("\n", "\n  "), file=sys.stderr)
    return 2


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    listing = add_query_command(
        subparsers, "list", help="list articles matching a query (newest first)",
        description="List articles. QUERY uses the query language (see README), e.g. "
        "'is:unread +ukraine date:2023-10'.",
    )
    listing.add_argument("query", nargs="*", help="query words (default: every article)")
    listing.add_argument("--json", action="store_true", help="a JSON list of article objects")
    listing.add_argument("--limit", type=whole_number, default=None, help="at most N articles")
    listing.set_defaults(run=run_list)

    show = subparsers.add_parser("show", help="print one article")
    show.add_argument("id", help="article id (or a unique prefix of one)")
    show.add_argument("--json", action="store_true",
                      help="the article as JSON, with blocks, related stories and entity spans")
    show.set_defaults(run=run_show)


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    text = " ".join(args.query)
    try:
        flt = compile_filter(text)
    except QueryError as error:
        return report_query_error(error, text)
    if args.limit is not None:  # --limit outranks limit: in the query
        flt = replace(flt, limit=args.limit)
    rows = ctx.store.rows(flt)
    if args.json:
        found = (ctx.store.article(r.id) for r in rows)
        emit_json([_summary(a) for a in found if a is not None])
        return 0
    for row in rows:
        mark = " " if row.read else "*"
        star = "★" if row.starred else " "
        date = safe_line(row.date[:10]) or " " * 10
        source = safe_line(row.source or "")[:18]
        print(f"{row.id}  {mark}{star} {date}  {source:<18}  {safe_line(row.title)}")
    return 0


def _summary(stored: StoredArticle) -> dict[str, Any]:
    full = stored.to_json()
    return {key: full[key] for key in LIST_FIELDS}


def run_show(args: argparse.Namespace, ctx: Context) -> int:
    article_id = ctx.store.resolve_id(args.id)
    stored = ctx.store.article(article_id) if article_id else None
    if stored is None:
        print(f"reader: no article with id {safe_line(args.id)!r} (or the prefix is not "
              "unique)", file=sys.stderr)
        return 1
    if args.json:
        emit_json(stored.to_json())
        return 0
    print(format_article(stored))
    return 0


def format_article(stored: StoredArticle, width: int = 78) -> str:
    """An article as plain text for the terminal or a pipe: every field passes
    :func:`reader.safety.safe_line` (bodies :func:`reader.safety.safe_text`), and links that
    are not web links are marked as text."""
    a = stored.article
    title = safe_line(a.title)
    lines = [title, "=" * min(width, len(title))]
    byline, source, date = safe_line(a.byline), safe_line(a.source), safe_line(a.date[:10])
    meta = [part for part in (byline and f"By {byline}", source, date) if part]
    if meta:
        lines.append(" · ".join(meta))
    if stored.tags:
        lines.append("Tags: " + " ".join(f"+{safe_line(t.tag)}" for t in stored.tags))
    if a.caption:
        lines.append(f"[photo: {safe_line(a.caption)}]")
    lines.append("")
    for block in a.blocks:
        text = safe_line(block.text)
        if block.kind == "heading":
            lines += [text.upper() if block.level <= 2 else text, ""]
        elif block.kind == "list_item":
            lines += textwrap.wrap(text, width, initial_indent="  • ", subsequent_indent="    ")
        elif block.kind == "quote":
            quoted = textwrap.wrap(text, width - 2, initial_indent="│ ", subsequent_indent="│ ")
            lines += [*quoted, ""]
        elif block.kind == "preformatted":
            lines += [*safe_text(block.text).splitlines(), ""]
        else:
            lines += [*textwrap.wrap(text, width), ""]
    if a.related:
        lines += ["Related:"]
        for related in a.related:
            lines.append(f"  - {safe_line(related.title)}" + link_text(related.url, " <{}>"))
    if a.url:
        lines += ["", link_text(a.url, "{}")]
    return "\n".join(lines).rstrip() + "\n"


def link_text(url: str, template: str) -> str:
    """A URL for text output: a web link as it is (in ``template``), anything else (a
    ``javascript:`` or ``file:`` URL) shown as text that says it is not a link."""
    if not url:
        return ""
    link = safe_link(url)
    if link is not None:
        return template.format(link)
    return template.format(f"{safe_line(url)} (not a web link)")
