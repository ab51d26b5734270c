"""Names in an article's title, byline and caption: found at index time, grouped with the
body's, stored so that body offsets are unchanged, and visible everywhere entities are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.entities import (
    annotate_pending,
    annotated_text,
    article_text,
    field_of,
    load_recogniser,
)
from reader.model import Article, Block, Span
from reader.store import Store

SEED_PEOPLE = {"Volodymyr Zelensky", "Maria Zakharova", "Andriy Yermak"}
SEED_PLACES = {
    "Malta", "Jeddah", "Copenhagen", "Kyiv", "Russia", "Ukraine",
    "Luhansk", "Donetsk", "Kherson", "Zaporizhzhia",
}
SEED_ORGS = {"Russian Foreign Ministry", "AFP"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_seed_end_to_end(seed_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "index", "--quiet", str(seed_path))[0] == 0
    listed = json.loads(run(capsys, "list", "--json")[1])
    assert len(listed) == 1
    article_id = listed[0]["id"]
    code, out, _ = run(capsys, "show", article_id, "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["byline"] == "AFP"  # the cleaner keeps "By AFP" out of the body...
    assert "Russian Foreign Ministry" in shown["caption"]  # ...and the photo credit
    spans = shown["entities"]

    # Offsets point into the body, then the title, byline and caption after blank lines.
    full = "\n\n".join([shown["body"], shown["title"], shown["byline"], shown["caption"]])
    for span in spans:
        assert full[span["start"] : span["end"]] == span["text"]
    by_label: dict[str, set[str]] = {}
    for span in spans:
        by_label.setdefault(span["label"], set()).add(span["canonical"])
    assert by_label["PERSON"] >= SEED_PEOPLE
    assert by_label["PLACE"] >= SEED_PLACES
    assert by_label["ORG"] >= SEED_ORGS
    assert not any(names & {"Obviously", "She", "Read more"} for names in by_label.values())
    for span in spans:
        assert not span["text"].startswith(("Obviously", "She ", "Read more"))
        assert span["canonical"] not in ("Obviously", "She", "Read", "Read more")

    canonical = {(s["text"], s["canonical"]) for s in spans}
    assert ("Zelensky", "Volodymyr Zelensky") in canonical
    # The body's "Foreign Ministry" groups under the caption's full name.
    assert ("Foreign Ministry", "Russian Foreign Ministry") in canonical
    afp = [s for s in spans if s["canonical"] == "AFP"]
    assert afp and all(s["start"] > len(shown["body"]) for s in afp)

    code, out, _ = run(capsys, "entities", "--json")
    counts = {e["canonical"]: e["label"] for e in json.loads(out)}
    assert counts["AFP"] == "ORG" and counts["Russian Foreign Ministry"] == "ORG"
    assert "Foreign Ministry" not in counts

    for query in ("org:AFP", 'org:"Russian Foreign Ministry"', "person:Zelensky"):
        found = json.loads(run(capsys, "list", query, "--json")[1])
        assert [a["id"] for a in found] == [article_id], query


def put(store: Store, article: Article) -> str:
    with store.transaction():
        file_id = store.save_file(
            path="/a.txt", size=1, mtime_ns=1, hash="a", format="text", status="ok"
        )
        return store.put_article(article, file_id, 0)


def test_header_spans_lie_past_the_body(store: Store) -> None:
    article = Article(
        title="Zakharova Criticises Talks in Malta",
        byline="AFP",
        caption="Russian Foreign Ministry / Facebook",
        blocks=[
            Block("paragraph", "Foreign Ministry spokeswoman Maria Zakharova spoke on Thursday."),
            Block("paragraph", "The talks in Malta went ahead."),
        ],
    )
    article_id = put(store, article)
    annotate_pending(store, recogniser=load_recogniser("crf"))
    stored = store.article(article_id)
    assert stored is not None
    text = article_text(article)
    body = article.body
    fields: dict[str, set[str]] = {}
    for span in stored.spans:
        assert text[span.start : span.end] == span.text
        name, start, end = field_of(span, article)
        assert getattr(article, name)[start:end] == span.text
        fields.setdefault(name, set()).add(span.canonical)
        # The reader highlights body offsets only; header spans never fall inside the body.
        assert (span.end <= len(body)) == (name == "body")
    assert fields["byline"] == {"AFP"}
    assert "Russian Foreign Ministry" in fields["caption"]
    assert "Maria Zakharova" in fields["title"]  # "Zakharova" grouped with the body's name
    assert "Russian Foreign Ministry" in fields["body"]


def test_title_repeated_in_the_body_is_counted_once() -> None:
    body = "Talks in Malta\n\nThe talks in Malta went ahead."
    text = annotated_text(body, "Talks in Malta", "", "")
    assert len(text) == len(body) + 2 + len("Talks in Malta") + 4
    assert text.count("Malta") == body.count("Malta")


def test_changed_header_is_not_stamped_with_stale_spans(store: Store) -> None:
    article = Article(title="Talks in Malta", blocks=[Block("paragraph", "Talks went ahead.")])
    article_id = put(store, article)
    calls = 0

    class Changing:
        name = "test"
        version = 7

        def spans(self, text: str) -> list[Span]:
            nonlocal calls
            calls += 1
            if calls == 1:  # the title changes while names are being found
                store.conn.execute("UPDATE articles SET title = 'Other' WHERE id = ?",
                                   (article_id,))
            return []

    annotate_pending(store, recogniser=Changing())
    version = store.conn.execute(
        "SELECT entities_version FROM articles WHERE id = ?", (article_id,)
    ).fetchone()[0]
    assert calls == 1 and version == 0  # left for the next run, which reads the new title
