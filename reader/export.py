"""Export the articles a query selects, with their tags and entities: JSON lines, CSV, Markdown.

* ``jsonl``: one ``StoredArticle.to_json()`` object per line (the ``reader show --json`` shape).
* ``csv``: one row per article: id, date, title, byline, source, url, language, tags (space
  separated), read, starred, people, places, organisations, other_entities (``; ``-separated
  canonical names, most mentioned first), paths (``; ``-separated), body.
* ``md``: one Markdown section per article: title, a metadata list, then the body blocks.

Archive text is untrusted (:mod:`reader.safety`): JSON lines escape every control, bidirectional
and invisible character (the data is kept exactly); a CSV cell that a spreadsheet would run as
a formula (starting ``=``, ``+``, ``-``, ``@``, tab or carriage return) is prefixed with ``'``;
Markdown escapes raw HTML (a ``<iframe>`` in a note stays text), brackets and backticks, and
only ``http``, ``https`` and ``mailto`` URLs become links (others are shown as code).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

from reader.safety import csv_cell, markdown_text, safe_json, safe_line, safe_link, safe_text
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
        out.write(safe_json(stored.to_json(), indent=None) + "\n")
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
        writer.writerow([csv_cell(row[c]) for c in CSV_COLUMNS])
        count += 1
    return count


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _code(text: str) -> str:
    """Inline code holding ``text`` as it is (a run of backticks longer than any inside)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    return f"{ticks} {text} {ticks}"


def _md_link(url: str) -> str:
    """An autolink for a web or mail link; any other URL (``javascript:``, ``file:``) as code,
    never a link."""
    if not url:
        return ""
    link = safe_link(url)
    if link is not None:
        return f"<{link}>"
    return _code(safe_line(url))


def _md_line(text: str) -> str:
    return markdown_text(safe_line(text))


def _markdown(stored: StoredArticle) -> str:
    a = stored.article
    lines = [f"# {_md_line(a.title) or '(untitled)'}", ""]
    meta = [
        ("Date", _md_line(a.date)),
        ("Source", _md_line(a.source)),
        ("By", _md_line(a.byline)),
        ("URL", _md_link(a.url)),
        ("Tags", " ".join(f"+{_md_line(t.tag)}" for t in stored.tags)),
    ]
    names = entity_names(stored)
    for label, heading in (("PERSON", "People"), ("PLACE", "Places"), ("ORG", "Organisations")):
        meta.append((heading, ", ".join(_md_line(n) for n in names.get(label, [])[:12])))
    meta.append(("ID", f"`{stored.id}`"))
    lines += [f"- **{key}:** {value}" for key, value in meta if value]
    lines.append("")
    for block in a.blocks:
        if block.kind == "quote":
            text = markdown_text(block.text)
        elif block.kind != "preformatted":
            text = _md_line(block.text)
        else:
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
            # Inside a fence Markdown shows text as it is (HTML included); controls still go.
            text = safe_text(text)
            fence = _fence(text)
            lines.append(f"{fence}\n{text}\n{fence}")
        else:
            lines.append(text)
        lines.append("")
    if a.related:
        lines.append("**Related:**")
        lines.append("")
        for related in a.related:
            link = f" {_md_link(related.url)}" if related.url else ""
            lines.append(f"- {_md_line(related.title)}{link}")
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
