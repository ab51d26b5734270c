"""Helpers for the query, tag and export tests: put small articles straight into a store."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from reader.model import Article, Block
from reader.store import Store, normalise_tag


def add_article(
    store: Store,
    title: str,
    body: str = "Some text.",
    *,
    date: str = "2023-10-05",
    source: str = "The Moscow Times",
    url: str = "",
    topics: Sequence[str] = (),
    mentions: Iterable[tuple[str, str, str]] = (),
    path: str | None = None,
) -> str:
    """Add one article found in its own file. ``mentions`` are (label, text, canonical)."""
    file_path = path or f"/archive/{normalise_tag(title) or 'untitled'}.txt"
    file_id = store.save_file(
        path=file_path,
        size=len(body),
        mtime_ns=0,
        hash=title,
        format="text",
        status="ok",
        articles=1,
    )
    article = Article(
        title=title,
        blocks=[Block("paragraph", part) for part in body.split("\n\n")],
        date=date,
        source=source,
        url=url,
        topics=list(topics),
    )
    article_id = store.put_article(article, file_id, 0)
    store.replace_source_tags(article_id, [normalise_tag(t) for t in topics])
    position = 0
    for label, text, canonical in mentions:
        store.conn.execute(
            'INSERT INTO mentions (article_id, start, "end", label, text, canonical) '
            "VALUES (?, ?, ?, ?, ?, ?)",
            (article_id, position, position + len(text), label, text, canonical),
        )
        position += len(text) + 1
    return article_id


def add_alias(store: Store, name: str, target: str) -> None:
    store.conn.execute(
        "INSERT INTO entity_rules (kind, name, target, created_at) VALUES ('alias', ?, ?, '')",
        (name, target),
    )
