"""``reader suggest``, ``reader retag`` and ``reader rules``: learned tags and topic rules."""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from reader.cli.articles import add_query_command, report_query_error
from reader.query import QueryError, compile_filter
from reader.store import EVERYTHING
from reader.topics.rules import Rule, load_rules, matching_ids, run_rules
from reader.topics.suggestions import SHOW_THRESHOLD, suggest

if TYPE_CHECKING:
    from reader.cli import Context

# Like the reader's article header: suggestions for articles without a tag of their own (by
# hand, rule or accepted suggestion); the site's topics do not count.
DEFAULT_SUGGEST_QUERY = "not has:usertags"


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    suggesting = add_query_command(
        subparsers,
        "suggest",
        help="tags suggested from the ones you gave other articles",
        description="Suggest tags for the articles a query selects (default: articles "
        f"without tags of your own, '{DEFAULT_SUGGEST_QUERY}'; site topics do not count), "
        "learned offline from the tags you gave other articles. --json prints a JSON array "
        'of {"id", "title", "suggestions": [{"tag", "score"}]}, one per article, best first; '
        'with --accept, of {"id", "title", "tag"}, one per accepted tag.',
    )
    suggesting.add_argument(
        "query", nargs="*", help=f"query words (default: '{DEFAULT_SUGGEST_QUERY}')"
    )
    suggesting.add_argument("--json", action="store_true", help="a JSON array, one per article")
    suggesting.add_argument("--limit", type=int, default=3, help="suggestions per article (3)")
    suggesting.add_argument(
        "--articles", type=int, default=None, metavar="N", help="at most N articles"
    )
    suggesting.add_argument(
        "--min-score",
        type=float,
        default=None,
        help=f"leave out weaker suggestions (default 0, or {SHOW_THRESHOLD} with --accept)",
    )
    suggesting.add_argument(
        "--accept",
        action="store_true",
        help="add each article's best suggestion as a tag (origin 'suggestion', undoable)",
    )
    suggesting.set_defaults(run=run_suggest)

    retag = subparsers.add_parser(
        "retag",
        help="apply the rules in rules.toml to the whole archive",
        description="Apply every rule in rules.toml to every article, printing counts per rule. "
        "Rule tags no rule gives any more are withdrawn; tags you set or removed are kept.",
    )
    retag.add_argument("--dry-run", action="store_true", help="count, change nothing")
    retag.set_defaults(run=run_retag)

    rules = subparsers.add_parser(
        "rules", help="list the topic rules and how many articles each matches"
    )
    rules.add_argument("--json", action="store_true", help="a JSON list of rules")
    rules.set_defaults(run=run_rules_list)


def run_suggest(args: argparse.Namespace, ctx: Context) -> int:
    text = " ".join(args.query) or DEFAULT_SUGGEST_QUERY
    try:
        flt = compile_filter(text)
    except QueryError as error:
        return report_query_error(error, text)
    ids = ctx.store.article_ids(flt)
    if args.articles is not None:
        ids = ids[: max(args.articles, 0)]
    min_score = args.min_score if args.min_score is not None else 0.0
    if args.accept and args.min_score is None:
        min_score = SHOW_THRESHOLD
    found = suggest(ctx.store, ids, limit=max(args.limit, 1), min_score=min_score)
    titles = {row.id: row.title for row in ctx.store.rows(EVERYTHING.among(ids))}
    if args.accept:
        return _accept(ctx, found, titles, as_json=args.json)
    if args.json:
        items = [
            {
                "id": article_id,
                "title": titles.get(article_id, ""),
                "suggestions": [s.to_json() for s in suggestions],
            }
            for article_id, suggestions in found.items()
        ]
        print(json.dumps(items, indent=2, ensure_ascii=False))
        return 0
    for article_id, suggestions in found.items():
        shown = ", ".join(f"{s.tag} {s.score:.2f}" for s in suggestions) or "-"
        print(f"{article_id}  {titles.get(article_id, '')}\n    {shown}")
    return 0


def _accept(
    ctx: Context, found: dict[str, list[Any]], titles: dict[str, str], *, as_json: bool
) -> int:
    from reader.tags import apply_tags

    by_tag: dict[str, list[str]] = defaultdict(list)
    for article_id, suggestions in found.items():
        if suggestions:
            by_tag[suggestions[0].tag].append(article_id)
    # One undoable batch per tag: `reader undo` takes back one tag's worth at a time.
    accepted: list[dict[str, str]] = []
    for tag, ids in sorted(by_tag.items()):
        apply_tags(ctx.store, ids, add=[tag], remove=[], origin="suggestion")
        for article_id in ids:
            accepted.append({"id": article_id, "title": titles.get(article_id, ""), "tag": tag})
            if not as_json:
                print(f"{article_id}  +{tag}  {titles.get(article_id, '')}")
    if as_json:
        print(json.dumps(accepted, indent=2, ensure_ascii=False))
    total = len(accepted)
    print(f"{total} suggestion{'s' if total != 1 else ''} accepted", file=sys.stderr)
    return 0


def _load(ctx: Context) -> tuple[list[Rule], list[str]]:
    rules, warnings = load_rules(ctx.locations.rules_file)
    for warning in warnings:
        print(f"reader: {warning}", file=sys.stderr)
    return rules, warnings


def run_retag(args: argparse.Namespace, ctx: Context) -> int:
    rules, warnings = _load(ctx)
    if not rules:
        print(f"no rules in {ctx.locations.rules_file}", file=sys.stderr)
        return 1 if warnings else 0
    # With a broken rule left out, its tags would look stale: keep them until the file is fixed.
    withdraw = not warnings
    results, withdrawn = run_rules(ctx.store, rules, dry_run=args.dry_run, withdraw=withdraw)
    verb = "would add" if args.dry_run else "added"
    width = max(len(r.rule.name) for r in results)
    for result in results:
        tags = " ".join("+" + t for t in result.rule.tags)
        print(f"{result.rule.name:<{width}}  {result.matched:>6} matched  "
              f"{result.added:>6} {verb}  {tags}")
    if withdraw:
        verb = "would withdraw" if args.dry_run else "withdrew"
        print(f"{verb} {withdrawn} rule tag{'s' if withdrawn != 1 else ''} no rule gives any more")
    else:
        print("rule tags no rule gives any more were kept: fix the warnings above first")
    return 0


def run_rules_list(args: argparse.Namespace, ctx: Context) -> int:
    rules, _ = _load(ctx)
    items: list[dict[str, Any]] = []
    for rule in rules:
        try:
            matched: int | None = len(matching_ids(ctx.store, rule))
        except QueryError:
            matched = None
        items.append(
            {"name": rule.name, "query": rule.query, "tags": list(rule.tags), "matches": matched}
        )
    if args.json:
        print(json.dumps(items, indent=2, ensure_ascii=False))
        return 0
    if not items:
        print(f"no rules in {ctx.locations.rules_file}")
        return 0
    for item in items:
        tags = " ".join("+" + t for t in item["tags"])
        count = "?" if item["matches"] is None else item["matches"]
        print(f"{item['name']}: {count} articles  {tags}\n    {item['query']}")
    return 0
