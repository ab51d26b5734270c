"""``reader suggest``, ``reader retag`` and ``reader rules``: learned tags and topic rules."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from reader.cli.articles import add_query_command, report_query_error, whole_number
from reader.cli.output import emit_json
from reader.query import QueryError, compile_filter
from reader.safety import display_path, safe_line
from reader.store import EVERYTHING
from reader.topics import suggestions as suggesting
from reader.topics.rules import Rule, load_rules, matching_ids, run_rules

if TYPE_CHECKING:
    from reader.cli import Context

# Like the reader's article header: suggestions for articles without a tag of their own (by
# hand, rule or accepted suggestion); the site's topics do not count.
DEFAULT_SUGGEST_QUERY = "not has:usertags"


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    threshold = suggesting.SHOW_THRESHOLD
    suggest = add_query_command(
        subparsers,
        "suggest",
        help="tags suggested from the ones you gave other articles",
        description="Suggest tags for the articles a query selects (default: articles "
        f"without tags of your own, '{DEFAULT_SUGGEST_QUERY}'; site topics do not count), "
        "learned offline from the tags you gave other articles. Lists exactly what the "
        f"reader's header shows: tags whose probability of applying is at least {threshold} "
        f"and that have {suggesting.MIN_EXAMPLES} or more tagged articles; workflow tags "
        "(the quick tags, the config's workflow_tags) are never suggested. --accept adds what "
        "is listed as one undoable change. --json prints one JSON document.",
    )
    suggest.add_argument(
        "query", nargs="*", help=f"query words (default: '{DEFAULT_SUGGEST_QUERY}')"
    )
    suggest.add_argument("--json", action="store_true", help="one JSON document")
    suggest.add_argument(
        "--limit", type=whole_number, default=3, help="suggestions per article (3)"
    )
    suggest.add_argument(
        "--articles", type=whole_number, default=None, metavar="N", help="at most N articles"
    )
    suggest.add_argument(
        "--min-score",
        type=float,
        default=None,
        metavar="P",
        help=f"the probability a suggestion needs (default {threshold}, what the reader shows)",
    )
    suggest.add_argument(
        "--explain",
        action="store_true",
        help="with each suggestion, the words and names that weighed most and the tagged "
        "articles most like it",
    )
    suggest.add_argument(
        "--accept",
        action="store_true",
        help="add the listed suggestions as tags (origin 'suggestion'): one undoable change",
    )
    suggest.add_argument(
        "--reject",
        nargs=2,
        metavar=("ID", "TAG"),
        help="dismiss a suggested tag for an article: never suggested there again, and the "
        "article counts against the tag",
    )
    suggest.add_argument(
        "--unreject", nargs=2, metavar=("ID", "TAG"), help="take back a dismissal"
    )
    suggest.add_argument(
        "--workflow",
        metavar="TAG",
        help="mark a tag as workflow (what to do, not what it is about): never suggested",
    )
    suggest.add_argument(
        "--topic",
        metavar="TAG",
        help="mark a tag as a topic: learned and suggested even if the config calls it "
        "workflow",
    )
    suggest.add_argument(
        "--tags",
        action="store_true",
        help="list the tags suggestions know, with their examples and whether they are "
        "suggested",
    )
    suggest.set_defaults(run=run_suggest)

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


def _workflow(ctx: Context) -> list[str]:
    for warning in ctx.config_warnings:
        print(f"reader: {warning}", file=sys.stderr)
    return ctx.config.suggestion_workflow_tags()


def _emit(args: argparse.Namespace, document: dict[str, Any], text: str) -> None:
    """The JSON document or the text (whose fields the caller passed through safe_line)."""
    if args.json:
        emit_json(document)
    elif text:
        print(text)


def run_suggest(args: argparse.Namespace, ctx: Context) -> int:
    if args.reject or args.unreject:
        return _reject(args, ctx)
    if args.workflow or args.topic:
        return _mark(args, ctx)
    workflow = _workflow(ctx)
    if args.tags:
        return _tags(args, ctx, workflow)
    text = " ".join(args.query) or DEFAULT_SUGGEST_QUERY
    try:
        flt = compile_filter(text)
    except QueryError as error:
        return report_query_error(error, text)
    ids = ctx.store.article_ids(flt)
    if args.articles is not None:
        ids = ids[: max(args.articles, 0)]
    threshold = suggesting.SHOW_THRESHOLD if args.min_score is None else args.min_score
    found = suggesting.suggest(
        ctx.store, ids, limit=max(args.limit, 1), min_score=threshold, workflow=workflow
    )
    listed = {article_id: s for article_id, s in found.items() if s}
    titles = store_titles(ctx, list(listed))
    if args.accept:
        return _accept(args, ctx, listed, titles, threshold, len(ids))
    items: list[dict[str, Any]] = []
    lines: list[str] = []
    for article_id, suggestions in listed.items():
        title = titles.get(article_id, "")
        entries: list[dict[str, Any]] = []
        lines.append(f"{article_id}  {safe_line(title)}")
        lines.append("    " + "  ".join(f"{safe_line(s.tag)} {s.score:.2f}" for s in suggestions))
        for suggestion in suggestions:
            entry: dict[str, Any] = suggestion.to_json()
            if args.explain:
                evidence = suggesting.explain(ctx.store, article_id, suggestion.tag, workflow)
                if evidence is not None:
                    entry["evidence"] = evidence.to_json()
                    lines.extend(_explained(evidence))
            entries.append(entry)
        items.append({"id": article_id, "title": title, "suggestions": entries})
    document = {
        "threshold": threshold,
        "considered": len(ids),
        "articles": items,
    }
    _emit(args, document, "\n".join(lines))
    if not args.json:
        print(
            f"{len(listed)} of {len(ids)} article{'s' if len(ids) != 1 else ''} "
            f"with suggestions (probability >= {threshold:.2f})",
            file=sys.stderr,
        )
        if not listed and not any(s.suggested for s in suggesting.tag_status(ctx.store, workflow)):
            print(
                f"No tag is suggested yet: a topic tag needs {suggesting.MIN_EXAMPLES} tagged "
                "articles (see reader suggest --tags).",
                file=sys.stderr,
            )
    return 0


def store_titles(ctx: Context, ids: list[str]) -> dict[str, str]:
    return {row.id: row.title for row in ctx.store.rows(EVERYTHING.among(ids))}


def _percent(value: float) -> str:
    return f"{value * 100:.0f}%"


def _explained(evidence: suggesting.Evidence) -> list[str]:
    lines = [
        f"      {safe_line(evidence.tag)} {evidence.probability:.2f}: learned from "
        f"{evidence.examples} tagged article{'s' if evidence.examples != 1 else ''}"
        + (f", dismissed for {evidence.rejected}" if evidence.rejected else "")
    ]
    if evidence.words:
        lines.append("        words: " + ", ".join(
            f"{safe_line(w)} {_percent(v)}" for w, v in evidence.words))
    if evidence.names:
        lines.append("        names: " + ", ".join(
            f"{safe_line(n)} {_percent(v)}" for n, v in evidence.names))
    if evidence.against:
        lines.append("        against: " + ", ".join(safe_line(f) for f, _ in evidence.against))
    for article_id, title, similarity in evidence.nearest:
        lines.append(f"        like {article_id}  {safe_line(title)} ({similarity:.2f})")
    return lines


def _accept(
    args: argparse.Namespace,
    ctx: Context,
    listed: dict[str, list[suggesting.Suggestion]],
    titles: dict[str, str],
    threshold: float,
    considered: int,
) -> int:
    chosen = {article_id: [s.tag for s in found] for article_id, found in listed.items()}
    change = suggesting.accept_suggestions(ctx.store, chosen)
    added = sum(len(tags) for tags in chosen.values())
    lines = [
        f"{article_id}  {safe_line(' '.join('+' + t for t in tags))}  "
        f"{safe_line(titles.get(article_id, ''))}"
        for article_id, tags in chosen.items()
    ]
    document = {
        "threshold": threshold,
        "considered": considered,
        "batch": change.batch,
        "accepted": [
            {"id": article_id, "title": titles.get(article_id, ""), "tags": tags}
            for article_id, tags in chosen.items()
        ],
    }
    _emit(args, document, "\n".join(lines))
    if not args.json:
        undo = " (one change: reader undo takes it back)" if change.batch else ""
        print(
            f"{added} suggested tag{'s' if added != 1 else ''} accepted on "
            f"{len(chosen)} article{'s' if len(chosen) != 1 else ''}{undo}",
            file=sys.stderr,
        )
    return 0


def _reject(args: argparse.Namespace, ctx: Context) -> int:
    rejecting = args.reject is not None
    prefix, tag = args.reject if rejecting else args.unreject
    article_id = ctx.store.resolve_id(prefix)
    if article_id is None:
        print(f"reader suggest: no article with id {safe_line(prefix)!r}", file=sys.stderr)
        return 1
    shown = safe_line(tag)
    if rejecting:
        changed = suggesting.reject_suggestion(ctx.store, article_id, tag)
        text = (f"Dismissed {shown} for {article_id}: never suggested there again"
                if changed else f"{shown} was already dismissed for {article_id}")
    else:
        changed = suggesting.unreject_suggestion(ctx.store, article_id, tag)
        text = (f"{shown} may be suggested for {article_id} again"
                if changed else f"{shown} was not dismissed for {article_id}")
    action = "rejected" if rejecting else "unrejected"
    _emit(args, {"id": article_id, "tag": tag, action: changed}, text)
    return 0


def _mark(args: argparse.Namespace, ctx: Context) -> int:
    kind = "workflow" if args.workflow else "topic"
    tag = suggesting.mark_tag(ctx.store, args.workflow or args.topic, kind)
    shown = safe_line(tag)
    text = (f"{shown} is a workflow tag: never learned or suggested" if kind == "workflow"
            else f"{shown} is a topic: learned and suggested")
    _emit(args, {"tag": tag, "kind": kind}, text)
    return 0


def _tags(args: argparse.Namespace, ctx: Context, workflow: list[str]) -> int:
    status = suggesting.tag_status(ctx.store, workflow)
    document = {
        "min_examples": suggesting.MIN_EXAMPLES,
        "tags": [
            {"tag": s.tag, "examples": s.examples, "rejected": s.rejected,
             "workflow": s.workflow, "suggested": s.suggested, "why": s.why}
            for s in status
        ],
    }
    if not status:
        _emit(args, document, "No tags yet: tag a few articles, suggestions learn from them.")
        return 0
    width = max(len("TAG"), *(len(safe_line(s.tag)) for s in status))
    lines = [f"{'TAG':<{width}}  {'TAGGED':>6}  {'DISMISSED':>9}  SUGGESTED"]
    for s in status:
        lines.append(f"{safe_line(s.tag):<{width}}  {s.examples:>6}  {s.rejected:>9}  "
                     f"{'yes' if s.suggested else 'no: ' + safe_line(s.why)}")
    _emit(args, document, "\n".join(lines))
    return 0


def _load(ctx: Context) -> tuple[list[Rule], list[str]]:
    rules, warnings = load_rules(ctx.locations.rules_file)
    for warning in warnings:
        print(f"reader: {safe_line(warning)}", file=sys.stderr)
    return rules, warnings


def run_retag(args: argparse.Namespace, ctx: Context) -> int:
    rules, warnings = _load(ctx)
    if not rules:
        print(f"no rules in {display_path(ctx.locations.rules_file)}", file=sys.stderr)
        return 1 if warnings else 0
    # With a broken rule left out, its tags would look stale: keep them until the file is fixed.
    withdraw = not warnings
    results, withdrawn = run_rules(ctx.store, rules, dry_run=args.dry_run, withdraw=withdraw)
    verb = "would add" if args.dry_run else "added"
    width = max(len(safe_line(r.rule.name)) for r in results)
    for result in results:
        tags = safe_line(" ".join("+" + t for t in result.rule.tags))
        print(f"{safe_line(result.rule.name):<{width}}  {result.matched:>6} matched  "
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
        emit_json(items)
        return 0
    if not items:
        print(f"no rules in {display_path(ctx.locations.rules_file)}")
        return 0
    for item in items:
        tags = safe_line(" ".join("+" + t for t in item["tags"]))
        count = "?" if item["matches"] is None else item["matches"]
        print(f"{safe_line(item['name'])}: {count} articles  {tags}\n    "
              f"{safe_line(item['query'])}")
    return 0
