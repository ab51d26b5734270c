"""Tag suggestions learned from the user's tags."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from reader.cli import main
from reader.store import Store
from reader.tags import apply_tags, undo
from reader.topics.suggestions import (
    accept_best,
    accept_suggestion,
    article_features,
    forget,
    model_for,
    suggest,
)
from tests.support.topics import by_topic, fill, make_article


def tag_two_each(store: Store, truth: dict[str, str]) -> set[str]:
    tagged: set[str] = set()
    for topic, ids in by_topic(truth).items():
        apply_tags(store, ids[:2], add=[topic], origin="manual")
        tagged.update(ids[:2])
    return tagged


def test_no_tags_no_suggestions(store: Store) -> None:
    truth = fill(store)
    answer = suggest(store, list(truth))
    assert set(answer) == set(truth)
    assert all(value == [] for value in answer.values())


def test_suggestions_pick_the_right_tag(store: Store) -> None:
    truth = fill(store)
    tagged = tag_two_each(store, truth)
    rest = [i for i in truth if i not in tagged]
    answer = suggest(store, rest, limit=3)
    right = sum(answer[i][0].tag == truth[i] for i in rest)
    assert right == len(rest)
    for suggestions in answer.values():
        scores = [s.score for s in suggestions]
        assert scores == sorted(scores, reverse=True)
        assert all(0.0 <= s <= 1.0 for s in scores)


def test_tags_the_article_has_or_had_removed_are_not_suggested(store: Store) -> None:
    truth = fill(store)
    tag_two_each(store, truth)
    grouped = by_topic(truth)
    has_it, removed_it = grouped["sailing"][5], grouped["sailing"][6]
    apply_tags(store, [has_it], add=["sailing"], origin="source")
    apply_tags(store, [removed_it], add=["sailing"], origin="manual")
    apply_tags(store, [removed_it], remove=["sailing"], origin="manual")
    answer = suggest(store, [has_it, removed_it])
    assert "sailing" not in {s.tag for s in answer[has_it]}
    assert "sailing" not in {s.tag for s in answer[removed_it]}


def test_source_topics_are_features_not_labels(store: Store) -> None:
    truth = fill(store)
    grouped = by_topic(truth)
    store.replace_source_tags(grouped["cooking"][0], ["food"])
    assert suggest(store, [grouped["cooking"][1]])[grouped["cooking"][1]] == []
    features = article_features("Title", "body words", topics=["Ukraine war"], entities=["Kyiv"])
    assert features["#ukraine-war"] > 0
    assert features["@kyiv"] == 1


def test_model_is_relearned_when_tags_change(store: Store) -> None:
    truth = fill(store)
    tag_two_each(store, truth)
    first = model_for(store)
    assert first is not None
    assert model_for(store) is first  # cached while nothing changes
    grouped = by_topic(truth)
    apply_tags(store, [grouped["astronomy"][3]], add=["space"], origin="manual")
    second = model_for(store)
    assert second is not None and second is not first
    assert "space" in second.tags
    assert second.graph is first.graph  # the texts did not change: the graph is kept


def test_tag_changes_from_another_connection_invalidate(store: Store, tmp_path: Path) -> None:
    truth = fill(store)
    tag_two_each(store, truth)
    first = model_for(store)
    assert store.path is not None
    with Store.open(store.path) as other:
        apply_tags(other, [next(iter(truth))], add=["elsewhere"], origin="manual")
    second = model_for(store)
    assert second is not first and second is not None
    assert "elsewhere" in second.tags


def test_articles_newer_than_the_model_are_scored_too(store: Store) -> None:
    truth = fill(store, per_topic=12)
    tag_two_each(store, truth)
    model_for(store)
    with store.transaction():
        file_id = store.save_file(
            path="/late.txt",
            size=1,
            mtime_ns=1,
            hash="late",
            format="text",
            status="ok",
            articles=1,
        )
        late = store.put_article(make_article("astronomy", 99, random.Random(3)), file_id, 0)
    model = model_for(store)
    assert model is not None and late not in model.scores  # too few to relearn for
    assert suggest(store, [late])[late][0].tag == "astronomy"


def test_accepting_is_journalled_and_undoable(store: Store) -> None:
    truth = fill(store)
    tagged = tag_two_each(store, truth)
    target = next(i for i in by_topic(truth)["cooking"] if i not in tagged)
    assert accept_best(store, target) == "cooking"
    rows = {t.tag: t.origin for t in store.tags(target)}
    assert rows == {"cooking": "suggestion"}
    assert (
        store.conn.execute(
            "SELECT count(*) FROM journal WHERE article_id = ? AND name = 'cooking'", (target,)
        ).fetchone()[0]
        == 1
    )
    assert "cooking" not in {s.tag for s in suggest(store, [target])[target]}
    undo(store)
    assert store.tags(target) == []
    assert accept_suggestion(store, target, "Cooking")
    assert not accept_suggestion(store, target, "cooking")  # already there


def test_accepted_suggestions_count_as_labels(store: Store) -> None:
    truth = fill(store)
    grouped = by_topic(truth)
    accept_suggestion(store, grouped["sailing"][0], "boats")
    model = model_for(store)
    assert model is not None and model.tags == ["boats"]


def test_unknown_ids_are_left_out(store: Store) -> None:
    fill(store)
    assert suggest(store, ["nope"]) == {}
    forget(store)


def test_cli_suggest_json_lines(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    truth = fill(store)
    tag_two_each(store, truth)
    store.close()
    assert main(["suggest", "--json", "--limit", "2"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == len(truth) - 6
    for item in lines:
        assert set(item) == {"id", "title", "suggestions"}
        assert item["suggestions"][0]["tag"] == truth[item["id"]]
        assert len(item["suggestions"]) <= 2


def test_cli_suggest_accept(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    truth = fill(store)
    tag_two_each(store, truth)
    assert store.path is not None
    path = store.path
    store.close()
    assert main(["suggest", "--accept", "sail*"]) == 0
    with Store.open(path) as reopened:
        origins = reopened.conn.execute(
            "SELECT tag, origin, count(*) FROM tags WHERE origin = 'suggestion' GROUP BY 1, 2"
        ).fetchall()
    assert [(r[0], r[1]) for r in origins] == [("sailing", "suggestion")]
    assert origins[0][2] == 10


def test_cli_suggest_bad_query(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    store.close()
    assert main(["suggest", "title:("]) == 2
    assert "^" in capsys.readouterr().err


def test_cli_suggest_default_counts_site_topics_as_untagged(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    # Like the reader's header: an article with only its site's topics still gets suggestions.
    truth = fill(store)
    tag_two_each(store, truth)
    rest = [i for i in truth if not store.tags(i)]
    apply_tags(store, rest[:3], add=["site-topic"], origin="source")
    store.close()
    assert main(["suggest", "--json"]) == 0
    listed = {json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()}
    assert listed == set(rest)


def test_cli_suggest_query_errors_look_like_the_other_commands(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    store.close()
    assert main(["suggest", '中文 "kyiv']) == 2
    err = capsys.readouterr().err
    assert "reader: bad query: unclosed quote at 3" in err
    assert '  中文 "kyiv\n       ^' in err  # two cells per wide character


def test_cli_suggest_query_may_start_with_a_minus(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    truth = fill(store)
    tagged = tag_two_each(store, truth)
    store.close()
    assert main(["suggest", "--json", "-cooking", "-astronomy"]) == 0
    listed = {json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()}
    assert listed == {i for i in truth if i not in tagged or truth[i] == "sailing"}
