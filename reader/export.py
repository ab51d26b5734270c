"""Export the articles a query selects, with their tags and entities: JSON lines, CSV, Markdown.

* ``jsonl``: one ``StoredArticle.to_json()`` object per line (the ``reader show --json`` shape).
* ``csv``: one row per article: id, date, title, byline, source, url, language, tags (space
  separated), read, starred, people, places, organisations, other_entities (``; ``-separated
  canonical names, most mentioned first), paths (``; ``-separated), body.
* ``md``: one Markdown section per article: title, a metadata list, then the body blocks.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

from reader.store import SqlFilter, Store, StoredArticle

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "entity_names",
    "export",
    "iter_articles",
    "write_csv",
    "write_jsonl",
    "write_markdown",
]

CSV_COLUMNS = (
    "id",
    "date",
    "title",
    "byline",
    "source",
    "url",
    "language",
    "tags",
    "read",
    "starred",
    "people",
    "places",
    "organisations",
    "other_entities",
    "paths",
    "body",
)
_LABEL_COLUMNS = {
    "PERSON": "people",
    "PLACE": "places",
    "ORG": "organisations",
    "OTHER": "other_entities",
}


def iter_articles(store: Store, flt: SqlFilter) -> Iterator[StoredArticle]:
    """The full articles a filter selects, in its order, loaded one at a time."""
    for article_id in store.article_ids(flt):
        stored = store.article(article_id)
        if stored is not None:
            yield stored


def entity_names(stored: StoredArticle) -> dict[str, list[str]]:
    """Canonical entity names by label (PERSON, PLACE, ORG, OTHER), most mentioned first."""
    counts: dict[str, Counter[str]] = {}
    for span in stored.spans:
        counts.setdefault(span.label, Counter())[span.canonical or span.text] += 1
    return {
        label: [name for name, _ in sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))]
        for label, names in counts.items()
    }


def write_jsonl(articles: Iterable[StoredArticle], out: TextIO) -> int:
    count = 0
    for stored in articles:
        out.write(json.dumps(stored.to_json(), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(articles: Iterable[StoredArticle], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for stored in articles:
        a = stored.article
        names = entity_names(stored)
        row: dict[str, str] = {
            "id": stored.id,
            "date": a.date,
            "title": a.title,
            "byline": a.byline,
            "source": a.source,
            "url": a.url,
            "language": a.language,
            "tags": " ".join(t.tag for t in stored.tags),
            "read": "1" if stored.read else "0",
            "starred": "1" if stored.starred else "0",
            "paths": "; ".join(stored.paths),
            "body": a.body,
        }
        for label, column in _LABEL_COLUMNS.items():
            row[column] = "; ".join(names.get(label, []))
        writer.writerow([row[c] for c in CSV_COLUMNS])
        count += 1
    return count


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _markdown(stored: StoredArticle) -> str:
    a = stored.article
    lines = [f"# {a.title or '(untitled)'}", ""]
    meta = [
        ("Date", a.date),
        ("Source", a.source),
        ("By", a.byline),
        ("URL", f"<{a.url}>" if a.url else ""),
        ("Tags", " ".join(f"+{t.tag}" for t in stored.tags)),
    ]
    names = entity_names(stored)
    for label, heading in (("PERSON", "People"), ("PLACE", "Places"), ("ORG", "Organisations")):
        meta.append((heading, ", ".join(names.get(label, [])[:12])))
    meta.append(("ID", f"`{stored.id}`"))
    lines += [f"- **{key}:** {value}" for key, value in meta if value]
    lines.append("")
    for block in a.blocks:
        text = block.text
        if block.kind == "heading":
            lines.append("#" * min(6, max(2, block.level + 1)) + " " + text)
        elif block.kind == "quote":
            lines.append("\n".join("> " + line for line in text.splitlines() or [""]))
        elif block.kind == "list_item":
            lines.append("  " * max(0, block.level - 1) + "- " + text)
        elif block.kind == "caption":
            lines.append(f"*{text}*")
        elif block.kind == "preformatted":
            fence = _fence(text)
            lines.append(f"{fence}\n{text}\n{fence}")
        else:
            lines.append(text)
        lines.append("")
    if a.related:
        lines.append("**Related:**")
        lines.append("")
        for related in a.related:
            link = f" <{related.url}>" if related.url else ""
            lines.append(f"- {related.title}{link}")
        lines.append("")
    return "\n".join(lines)


def write_markdown(articles: Iterable[StoredArticle], out: TextIO) -> int:
    count = 0
    for stored in articles:
        if count:
            out.write("\n---\n\n")
        out.write(_markdown(stored))
        count += 1
    return count


FORMATS: dict[str, Callable[[Iterable[StoredArticle], TextIO], int]] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "md": write_markdown,
}


def export(store: Store, flt: SqlFilter, fmt: str, out: TextIO) -> int:
    """Write the articles ``flt`` selects to ``out`` in ``fmt``; returns how many."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    return FORMATS[fmt](iter_articles(store, flt), out)
