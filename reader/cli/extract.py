"""``reader extract FILE [--json]``: clean one file and print the article(s), no index needed.

Readable output by default (title, byline, date, source, topics, body, related stories); with
``--json`` a JSON array of one stable object per article (a feed holds several).
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.cli.articles import link_text
from reader.cli.output import InputFileError, emit_json, read_input_file
from reader.config import DEFAULT_MAX_FILE_BYTES
from reader.indexer import too_large
from reader.model import Article
from reader.safety import display_path, safe_line, safe_text
from reader.sources import HEAD_BYTES, ReadContext, SourceError, sniff

if TYPE_CHECKING:
    from reader.cli import Context

WIDTH = 88


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="print the cleaned article of one file (no index needed)",
        description="Clean one file (text scrape, saved page, feed, export) and print the "
        "article: title, byline, date, source, topics, body and related stories. A feed "
        "prints every entry.",
    )
    parser.add_argument("file", type=Path, metavar="FILE")
    parser.add_argument(
        "--json",
        action="store_true",
        help="a JSON array with one object per article",
    )
    parser.set_defaults(run=run_extract)


def article_json(article: Article) -> dict[str, Any]:
    """The stable shape of ``reader extract --json``."""
    return {
        "title": article.title,
        "byline": article.byline,
        "date": article.date,
        "source": article.source,
        "url": article.url,
        "language": article.language,
        "topics": list(article.topics),
        "caption": article.caption,
        "body": article.body,
        "blocks": [block.to_json() for block in article.blocks],
        "related": [
            {"title": r.title, "url": r.url, "summary": r.summary, "kicker": r.kicker}
            for r in article.related
        ],
        "problems": list(article.problems),
    }


def format_article(article: Article) -> str:
    """A plain, readable rendering of an article for the terminal or a pipe (every field
    through :func:`reader.safety.safe_line`, so nothing in the file can act on the terminal)."""
    title = safe_line(article.title)
    lines = [title, "=" * min(WIDTH, max(3, len(title)))]
    for label, value in (
        ("By", safe_line(article.byline)),
        ("Date", safe_line(article.date)),
        ("Source", safe_line(article.source)),
        ("URL", link_text(article.url, "{}")),
        ("Topics", safe_line(", ".join(article.topics))),
        ("Photo", safe_line(article.caption)),
    ):
        if value:
            lines.append(f"{label}: {value}")
    lines.append("")
    for block in article.blocks:
        text = safe_line(block.text)
        if block.kind == "heading":
            lines += [text, "-" * min(WIDTH, len(text))]
        elif block.kind == "list_item":
            indent = "  " * max(0, block.level - 1)
            lines += textwrap.wrap(
                text, WIDTH, initial_indent=indent + "• ", subsequent_indent=indent + "  "
            )
        elif block.kind == "quote":
            lines += textwrap.wrap(text, WIDTH, initial_indent="> ", subsequent_indent="> ")
        elif block.kind == "preformatted":
            lines += safe_text(block.text).splitlines()
        else:
            lines += textwrap.wrap(text, WIDTH) or [""]
        lines.append("")
    if article.related:
        lines.append("Related")
        for item in article.related:
            kicker = f"[{safe_line(item.kicker)}] " if item.kicker else ""
            lines.append(f"  - {kicker}{safe_line(item.title)}")
            if item.summary:
                lines += textwrap.wrap(
                    safe_line(item.summary), WIDTH, initial_indent="    ",
                    subsequent_indent="    "
                )
        lines.append("")
    for problem in article.problems:
        lines.append(f"(problem: {safe_line(problem)})")
    return "\n".join(lines).rstrip() + "\n"


def extract_file(path: Path, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> list[Article]:
    """The articles one file holds, exactly as the indexer would read them (no learning)."""
    size = path.stat().st_size
    if size > max_file_bytes:
        problem = too_large(path, size, max_file_bytes)
        raise SourceError(problem.reason, problem.detail)
    try:  # a regular file, read no further than the limit (never a FIFO or /dev/zero)
        data = read_input_file(path, max_file_bytes)
    except InputFileError as error:
        raise SourceError("not read", str(error)) from None
    fmt = sniff(path, data[:HEAD_BYTES])
    if fmt is None:
        raise SourceError("unknown format", "not text, a page, a feed or an export")
    ctx = ReadContext()
    fmt.observe(path, data, ctx)
    return fmt.read(path, data, ctx)


def run_extract(args: argparse.Namespace, ctx: Context) -> int:
    path: Path = args.file
    if not path.exists():
        print(f"reader: {display_path(path)}: no such file", file=sys.stderr)
        return 2
    try:
        articles = extract_file(path, ctx.config.max_file_bytes)
    except SourceError as error:
        detail = f" ({error.detail})" if error.detail else ""
        return _failed(path, f"{error.reason}{detail}", args.json)
    except OSError as error:
        return _failed(path, str(error.strerror or error), args.json)
    if args.json:
        emit_json([article_json(a) for a in articles])
        return 0
    print("\n\n".join(format_article(article) for article in articles), end="")
    return 0


def _failed(path: Path, problem: str, as_json: bool) -> int:
    """A file with no article: the reason on stderr, and for scripts an array holding one
    empty article whose ``problems`` say so."""
    print(f"reader: {display_path(path)}: {safe_line(problem)}", file=sys.stderr)
    if as_json:
        emit_json([article_json(Article(title="", problems=[problem]))])
    return 1
