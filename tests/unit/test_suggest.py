"""Tag suggestions as a user meets them: through `reader suggest` and the domain functions the
reader's header uses."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reader.cli import main
from reader.locations import Locations
from reader.store import Store
from reader.tags import apply_tags, undo
from reader.topics import suggestions
from reader.topics.suggestions import (
    MIN_EXAMPLES,
    SHOW_THRESHOLD,
    accept_best,
    accept_suggestion,
    accept_suggestions,
    article_features,
    counting,
    explain,
    forget,
    mark_tag,
    model_for,
    reject_suggestion,
    suggest,
    tag_status,
    unreject_suggestion,
)
from tests.support.topics import (
    by_topic,
    fill,
    make_article,
    make_chrome_page,
    make_foreign_article,
    put,
)


def tag_first(store: Store, truth: dict[str, str], count: int = MIN_EXAMPLES,
              topics: Sequence[str] = ("astronomy", "cooking", "sailing")) -> set[str]:
    """Tag the first ``count`` articles of each topic with the topic's name."""
    tagged: set[str] = set()
    for topic in topics:
        ids = by_topic(truth)[topic][:count]
        apply_tags(store, ids, add=[topic], origin="manual")
        tagged.update(ids)
    return tagged


def shown(store: Store, ids: Sequence[str]) -> dict[str, list[str]]:
    return {i: [s.tag for s in found] for i, found in suggest(store, ids).items()}


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def mixed(store: Store) -> dict[str, str]:
    """Three topics of 12 articles and 12 articles on nothing in particular."""
    return fill(store, per_topic=12, everyday=12)


# ---- what is suggested -----------------------------------------------------------------------


def test_no_tags_no_suggestions(store: Store, mixed: dict[str, str]) -> None:
    answer = suggest(store, list(mixed))
    assert set(answer) == set(mixed)
    assert all(value == [] for value in answer.values())
    assert model_for(store) is None


def test_each_topic_is_suggested_for_its_articles_and_unrelated_ones_get_silence(
    store: Store, mixed: dict[str, str]
) -> None:
    tagged = tag_first(store, mixed)
    rest = [i for i in mixed if i not in tagged]
    answer = suggest(store, rest)
    for article_id in rest:
        topic = mixed[article_id]
        tags = [s.tag for s in answer[article_id]]
        if topic == "everyday":
            assert tags == [], f"an article on nothing in particular got {tags}"
        else:
            assert tags == [topic]
    for found in answer.values():
        assert all(SHOW_THRESHOLD <= s.score <= 1.0 for s in found)


def test_a_tag_is_suggested_only_from_five_examples_on(
    store: Store, mixed: dict[str, str]
) -> None:
    sailing = by_topic(mixed)["sailing"]
    apply_tags(store, sailing[: MIN_EXAMPLES - 1], add=["sailing"])
    assert shown(store, sailing[6:]) == {i: [] for i in sailing[6:]}
    apply_tags(store, sailing[MIN_EXAMPLES - 1 : MIN_EXAMPLES], add=["sailing"])
    assert all(tags == ["sailing"] for tags in shown(store, sailing[6:]).values())


def test_tags_the_article_has_had_removed_or_dismissed_are_not_suggested(
    store: Store, mixed: dict[str, str]
) -> None:
    tag_first(store, mixed)
    sailing = by_topic(mixed)["sailing"]
    has_it, removed_it, dismissed = sailing[6], sailing[7], sailing[8]
    apply_tags(store, [has_it], add=["sailing"], origin="source")
    apply_tags(store, [removed_it], add=["sailing"], origin="manual")
    apply_tags(store, [removed_it], remove=["sailing"], origin="manual")
    assert shown(store, [dismissed])[dismissed] == ["sailing"]
    assert reject_suggestion(store, dismissed, "sailing")
    answer = shown(store, [has_it, removed_it, dismissed])
    assert answer == {has_it: [], removed_it: [], dismissed: []}


def test_source_topics_are_features_not_labels(store: Store, mixed: dict[str, str]) -> None:
    cooking = by_topic(mixed)["cooking"]
    for article_id in cooking[:6]:
        store.replace_source_tags(article_id, ["food"])
    assert shown(store, cooking[6:]) == {i: [] for i in cooking[6:]}
    features = article_features("Title", "body words", topics=["Ukraine war"], entities=["Kyiv"])
    assert features["#ukraine-war"] > 0
    assert features["@kyiv"] == 1


def test_tags_that_travel_together_are_each_suggested(store: Store) -> None:
    truth = fill(store, per_topic=12, topics=("tennis", "football", "cooking"), everyday=30)
    grouped = by_topic(truth)
    apply_tags(store, grouped["tennis"][:6], add=["sport", "tennis"])
    apply_tags(store, grouped["football"][:6], add=["sport"])
    apply_tags(store, grouped["cooking"][:6], add=["cooking"])
    answer = shown(store, grouped["tennis"][6:] + grouped["football"][6:])
    for article_id in grouped["tennis"][6:]:
        assert sorted(answer[article_id]) == ["sport", "tennis"]
    for article_id in grouped["football"][6:]:
        assert answer[article_id] == ["sport"]
    # Both accepted at once: one change, taken back by one undo.
    target = grouped["tennis"][6]
    accept_suggestions(store, {target: answer[target]})
    assert {t.tag for t in store.tags(target)} == {"sport", "tennis"}
    undo(store)
    assert store.tags(target) == []


def test_scores_are_probabilities_and_the_threshold_is_the_one_shown(
    store: Store, mixed: dict[str, str]
) -> None:
    tag_first(store, mixed)
    rest = [i for i in mixed if not store.tags(i)]
    everything = suggest(store, rest, limit=5, min_score=0.0)
    default = suggest(store, rest, limit=5)
    for article_id in rest:
        assert all(0.0 < s.score <= 1.0 for s in everything[article_id])
        assert default[article_id] == [
            s for s in everything[article_id] if s.score >= SHOW_THRESHOLD
        ]


# ---- workflow tags ---------------------------------------------------------------------------


def test_workflow_tags_are_never_learned_or_suggested(
    store: Store, mixed: dict[str, str]
) -> None:
    sailing = by_topic(mixed)["sailing"]
    # Quick tags and the config's workflow tags, however many articles carry them.
    apply_tags(store, sailing[:8], add=["follow-up", "todo"])
    assert shown(store, sailing[8:]) == {i: [] for i in sailing[8:]}
    model = model_for(store)
    assert model is None
    # The user calls "follow-up" a topic after all: it is learned.
    mark_tag(store, "follow-up", "topic")
    assert all(tags == ["follow-up"] for tags in shown(store, sailing[8:]).values())
    # ... and any tag may be called workflow.
    apply_tags(store, sailing[:8], add=["boats"])
    mark_tag(store, "boats", "workflow")
    assert all("boats" not in tags for tags in shown(store, sailing[8:]).values())
    mark_tag(store, "boats", None)
    assert all("boats" in tags for tags in shown(store, sailing[8:]).values())


def test_workflow_tags_given_by_the_caller_replace_the_defaults(
    store: Store, mixed: dict[str, str]
) -> None:
    sailing = by_topic(mixed)["sailing"]
    apply_tags(store, sailing[:8], add=["reading"])
    assert all(tags == ["reading"] for tags in shown(store, sailing[8:]).values())
    answer = suggest(store, sailing[8:], workflow=["reading"])
    assert all(found == [] for found in answer.values())


def test_tag_status_says_why_a_tag_is_not_suggested(
    store: Store, mixed: dict[str, str]
) -> None:
    grouped = by_topic(mixed)
    apply_tags(store, grouped["sailing"][:5], add=["sailing"])
    apply_tags(store, grouped["cooking"][:2], add=["cooking"])
    apply_tags(store, grouped["cooking"][:1], add=["follow-up"])
    reject_suggestion(store, grouped["sailing"][9], "sailing")
    status = {s.tag: s for s in tag_status(store)}
    assert status["sailing"].suggested and status["sailing"].rejected == 1
    assert not status["cooking"].suggested and "has 2" in status["cooking"].why
    assert status["follow-up"].workflow and not status["follow-up"].suggested


# ---- accepting, rejecting, explaining ---------------------------------------------------------


def test_accepting_many_suggestions_is_one_undo_step(
    store: Store, mixed: dict[str, str]
) -> None:
    tagged = tag_first(store, mixed)
    rest = [i for i in mixed if i not in tagged]
    chosen = {i: [s.tag for s in found] for i, found in suggest(store, rest).items() if found}
    assert len({tag for tags in chosen.values() for tag in tags}) == 3
    change = accept_suggestions(store, chosen)
    assert change.batch and change.articles == len(chosen)
    for article_id, tags in chosen.items():
        assert {t.tag: t.origin for t in store.tags(article_id)} == dict.fromkeys(
            tags, "suggestion"
        )
    undo(store)
    assert all(store.tags(article_id) == [] for article_id in chosen)


def test_accepting_the_best_is_journalled_and_undoable(
    store: Store, mixed: dict[str, str]
) -> None:
    tagged = tag_first(store, mixed)
    target = next(i for i in by_topic(mixed)["cooking"] if i not in tagged)
    assert accept_best(store, target) == "cooking"
    assert {t.tag: t.origin for t in store.tags(target)} == {"cooking": "suggestion"}
    assert shown(store, [target])[target] == []
    undo(store)
    assert store.tags(target) == []
    assert accept_suggestion(store, target, "Cooking")
    assert not accept_suggestion(store, target, "cooking")  # already there


def test_a_dismissed_suggestion_counts_against_the_tag(store: Store) -> None:
    truth = fill(store, per_topic=12, everyday=10)
    grouped = by_topic(truth)
    apply_tags(store, grouped["sailing"][:6], add=["sailing"])
    # Two near-identical stories on a harbour festival: sailing words, but not sailing.
    rng = random.Random(11)
    twins = []
    for number in (1, 2):
        article = make_article("sailing", 200, rng)
        article.title = "Harbour festival parade and fireworks"
        article.blocks[0].text = "Festival parade fireworks lanterns music " * 5
        twins.append(put(store, article, f"festival/{number}"))
    forget(store)
    before = suggest(store, twins, min_score=0.0)
    assert [s.tag for s in before[twins[1]]] == ["sailing"]
    assert reject_suggestion(store, twins[0], "sailing")
    assert not reject_suggestion(store, twins[0], "sailing")  # already dismissed
    after = suggest(store, twins, min_score=0.0)
    assert after[twins[0]] == []
    assert after[twins[1]] == [] or after[twins[1]][0].score < before[twins[1]][0].score
    assert unreject_suggestion(store, twins[0], "sailing")
    assert [s.tag for s in suggest(store, [twins[0]], min_score=0.0)[twins[0]]] == ["sailing"]


def test_explain_gives_the_words_and_the_nearest_tagged_articles(
    store: Store, mixed: dict[str, str]
) -> None:
    tagged = tag_first(store, mixed)
    target = next(i for i in by_topic(mixed)["astronomy"] if i not in tagged)
    evidence = explain(store, target, "astronomy")
    assert evidence is not None
    assert evidence.probability == pytest.approx(suggest(store, [target])[target][0].score)
    assert evidence.examples == MIN_EXAMPLES
    vocabulary = set(article_features("", " ".join(
        store.article(i).article.body for i in by_topic(mixed)["astronomy"]  # type: ignore[union-attr]
    )))
    assert evidence.words and all(word in vocabulary for word, _ in evidence.words)
    assert evidence.words[0][0] not in {"today", "team", "reported"}
    assert sum(share for _, share in evidence.words) <= 1.0
    nearest = [article_id for article_id, _, _ in evidence.nearest]
    assert nearest and set(nearest) <= tagged and all(mixed[i] == "astronomy" for i in nearest)
    assert explain(store, target, "no-such-tag") is None


# ---- learning --------------------------------------------------------------------------------


def test_a_tag_change_relearns_that_tag_only(store: Store, mixed: dict[str, str]) -> None:
    tag_first(store, mixed)
    first = model_for(store)
    assert first is not None
    assert model_for(store) is first  # kept while nothing changes
    sailing = by_topic(mixed)["sailing"]
    apply_tags(store, sailing[9:10], add=["sailing"])
    second = model_for(store)
    assert second is not None and second is not first
    assert second.retrained == 1
    assert second.corpus is first.corpus  # the texts did not change
    assert second.tags["cooking"] is first.tags["cooking"]
    assert second.tags["sailing"].examples == MIN_EXAMPLES + 1


def test_changes_from_another_connection_are_seen(store: Store, mixed: dict[str, str]) -> None:
    tagged = tag_first(store, mixed)
    target = next(i for i in by_topic(mixed)["sailing"] if i not in tagged)
    assert shown(store, [target])[target] == ["sailing"]
    assert store.path is not None
    with Store.open(store.path) as other:
        reject_suggestion(other, target, "sailing")
    assert shown(store, [target])[target] == []
    with Store.open(store.path) as other:
        mark_tag(other, "cooking", "workflow")
    model = model_for(store)
    assert model is not None and "cooking" not in model.tags


def test_articles_newer_than_the_model_are_scored_too(
    store: Store, mixed: dict[str, str]
) -> None:
    tag_first(store, mixed)
    model = model_for(store)
    assert model is not None
    late = put(store, make_article("astronomy", 99, random.Random(3)), "late")
    assert model_for(store) is model  # one article more: not worth relearning
    assert late not in model.corpus.row_of
    assert shown(store, [late])[late] == ["astronomy"]
    evidence = explain(store, late, "astronomy")
    assert evidence is not None and evidence.probability >= SHOW_THRESHOLD


def test_feature_counts_are_kept_and_counted_again_when_the_text_changes(
    store: Store, mixed: dict[str, str]
) -> None:
    tag_first(store, mixed)
    first = suggestions.learn(store)
    assert first is not None and first.corpus.counted == len(mixed)
    again = suggestions.learn(store)
    assert again is not None and again.corpus.counted == 0
    article_id = by_topic(mixed)["cooking"][11]
    stored = store.article(article_id)
    assert stored is not None
    changed = stored.article
    changed.blocks[0].text += " An extra sentence about the oven."
    file_id = store.save_file(path="/archive/cooking/11.txt", size=2, mtime_ns=2, hash="new",
                              format="text", status="ok", articles=1)
    assert store.put_article(changed, file_id, 0) == article_id
    relearned = suggestions.learn(store)
    assert relearned is not None and relearned.corpus.counted == 1


def test_unknown_ids_are_left_out(store: Store, mixed: dict[str, str]) -> None:
    tag_first(store, mixed)
    assert suggest(store, ["nope"]) == {}
    assert explain(store, "nope", "sailing") is None
    assert not reject_suggestion(store, "nope", "sailing")


# ---- the command line ------------------------------------------------------------------------


def closed(store: Store) -> Path:
    assert store.path is not None
    store.close()
    return store.path


def test_cli_lists_what_the_reader_shows_as_one_json_document(
    store: Store, mixed: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    tagged = tag_first(store, mixed)
    expected = {i: s for i, s in shown(store, [i for i in mixed if i not in tagged]).items() if s}
    closed(store)
    code, out, _ = run_cli(["suggest", "--json", "--limit", "2"], capsys)
    assert code == 0
    document = json.loads(out)
    assert document["threshold"] == SHOW_THRESHOLD
    assert document["considered"] == len(mixed) - len(tagged)
    listed = {item["id"]: [s["tag"] for s in item["suggestions"]]
              for item in document["articles"]}
    assert listed == expected
    for item in document["articles"]:
        assert set(item) == {"id", "title", "suggestions"}
        assert all(0.5 <= s["score"] <= 1.0 for s in item["suggestions"])


def test_cli_min_score_raises_or_lowers_the_threshold(
    store: Store, mixed: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    tag_first(store, mixed)
    closed(store)

    def pairs(extra: list[str]) -> set[tuple[str, str]]:
        _, out, _ = run_cli(["suggest", "--json", *extra], capsys)
        return {(a["id"], s["tag"]) for a in json.loads(out)["articles"]
                for s in a["suggestions"]}

    default, strict, loose = pairs([]), pairs(["--min-score", "0.999"]), pairs(
        ["--min-score", "0.01"])
    assert strict <= default <= loose
    assert default


def test_cli_accept_adds_exactly_what_is_listed_as_one_undo_step(
    store: Store, mixed: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    tag_first(store, mixed)
    path = closed(store)
    _, out, _ = run_cli(["suggest", "--json"], capsys)
    listed = {(a["id"], s["tag"]) for a in json.loads(out)["articles"] for s in a["suggestions"]}
    code, out, _ = run_cli(["suggest", "--accept", "--json"], capsys)
    assert code == 0
    document = json.loads(out)
    accepted = {(a["id"], t) for a in document["accepted"] for t in a["tags"]}
    assert accepted == listed
    with Store.open(path) as reopened:
        rows = reopened.conn.execute(
            "SELECT article_id, tag FROM tags WHERE origin = 'suggestion'"
        ).fetchall()
        assert {(r[0], r[1]) for r in rows} == listed
    assert run_cli(["undo"], capsys)[0] == 0
    with Store.open(path) as reopened:
        assert reopened.conn.execute(
            "SELECT count(*) FROM tags WHERE origin = 'suggestion'"
        ).fetchone()[0] == 0


def test_cli_accept_text_says_it_is_one_change(
    store: Store, mixed: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    tag_first(store, mixed)
    closed(store)
    code, out, err = run_cli(["suggest", "--accept", "sail*"], capsys)
    assert code == 0
    assert len(out.splitlines()) == 12 - MIN_EXAMPLES
    assert all("+sailing" in line for line in out.splitlines())
    assert f"{12 - MIN_EXAMPLES} suggested tags accepted" in err
    assert "one change" in err


def test_cli_explain_in_text_and_json(
    store: Store, mixed: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    tag_first(store, mixed)
    closed(store)
    code, out, _ = run_cli(["suggest", "--explain", "--json", "comet OR galaxy"], capsys)
    assert code == 0
    articles = json.loads(out)["articles"]
    assert articles
    evidence = articles[0]["suggestions"][0]["evidence"]
    assert evidence["tag"] == "astronomy" and evidence["examples"] == MIN_EXAMPLES
    assert evidence["words"] and evidence["nearest"]
    code, out, _ = run_cli(["suggest", "--explain", "comet OR galaxy"], capsys)
    assert "words: " in out and "like " in out


def test_cli_reject_and_unreject(
    store: Store, mixed: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    tagged = tag_first(store, mixed)
    target = next(i for i in by_topic(mixed)["sailing"] if i not in tagged)
    closed(store)
    code, out, _ = run_cli(["suggest", "--reject", target[:10], "sailing"], capsys)
    assert code == 0 and "never suggested there again" in out
    _, out, _ = run_cli(["suggest", "--json", f"id:{target}"], capsys)
    assert json.loads(out)["articles"] == []
    code, out, _ = run_cli(["suggest", "--json", "--unreject", target, "sailing"], capsys)
    assert json.loads(out) == {"id": target, "tag": "sailing", "unrejected": True}
    _, out, _ = run_cli(["suggest", "--json", f"id:{target}"], capsys)
    assert [s["tag"] for s in json.loads(out)["articles"][0]["suggestions"]] == ["sailing"]
    code, _, err = run_cli(["suggest", "--reject", "zzzz", "sailing"], capsys)
    assert code == 1 and "no article" in err


def test_cli_workflow_marks_and_config(
    store: Store,
    mixed: dict[str, str],
    locations: Locations,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sailing = by_topic(mixed)["sailing"]
    apply_tags(store, sailing[:8], add=["boats", "reading"])
    closed(store)
    config = '[quick_tags]\n1 = "reading"\n'
    locations.config_file.write_text(config, encoding="utf-8")

    def tags_listed() -> set[str]:
        _, out, _ = run_cli(["suggest", "--json", "sail*"], capsys)
        return {s["tag"] for a in json.loads(out)["articles"] for s in a["suggestions"]}

    assert tags_listed() == {"boats"}  # "reading" is a quick tag in this config
    code, out, _ = run_cli(["suggest", "--workflow", "Boats"], capsys)
    assert code == 0 and "boats is a workflow tag" in out
    assert tags_listed() == set()
    run_cli(["suggest", "--topic", "reading"], capsys)
    assert tags_listed() == {"reading"}
    assert locations.config_file.read_text(encoding="utf-8") == config  # never rewritten
    code, out, _ = run_cli(["suggest", "--tags", "--json"], capsys)
    status = {t["tag"]: t for t in json.loads(out)["tags"]}
    assert status["boats"]["workflow"] and not status["boats"]["suggested"]
    assert status["reading"]["suggested"] and status["reading"]["examples"] == 8
    code, out, _ = run_cli(["suggest", "--tags"], capsys)
    assert "boats" in out and "workflow" in out


def test_cli_says_why_nothing_is_suggested_yet(
    store: Store, mixed: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    apply_tags(store, by_topic(mixed)["sailing"][:3], add=["sailing"])
    closed(store)
    code, out, err = run_cli(["suggest"], capsys)
    assert code == 0 and out == ""
    assert "needs 5 tagged articles" in err


def test_cli_suggest_bad_query(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    store.close()
    assert main(["suggest", "title:("]) == 2
    assert "^" in capsys.readouterr().err


def test_cli_suggest_default_counts_site_topics_as_untagged(
    store: Store, mixed: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    # Like the reader's header: an article with only its site's topics still gets suggestions.
    tag_first(store, mixed)
    sailing = [i for i in by_topic(mixed)["sailing"] if not store.tags(i)]
    apply_tags(store, sailing[:3], add=["site-topic"], origin="source")
    closed(store)
    _, out, _ = run_cli(["suggest", "--json"], capsys)
    listed = {item["id"] for item in json.loads(out)["articles"]}
    assert set(sailing) <= listed


def test_cli_suggest_query_errors_look_like_the_other_commands(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    store.close()
    assert main(["suggest", '中文 "kyiv']) == 2
    err = capsys.readouterr().err
    assert "reader: bad query: unclosed quote at 3" in err
    assert '  中文 "kyiv\n       ^' in err  # two cells per wide character


def test_cli_suggest_query_may_start_with_a_minus(
    store: Store, mixed: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    tagged = tag_first(store, mixed)
    closed(store)
    _, out, _ = run_cli(["suggest", "--json", "-cooking", "-astronomy"], capsys)
    listed: dict[str, Any] = {item["id"]: item for item in json.loads(out)["articles"]}
    assert listed and not set(listed) & tagged
    assert {mixed[i] for i in listed} <= {"cooking", "astronomy", "sailing"}


# ---- evidence the tag's articles would recognise ---------------------------------------------


def test_an_article_in_a_language_none_of_the_tags_articles_is_in_gets_nothing(
    store: Store, mixed: dict[str, str]
) -> None:
    tag_first(store, mixed)
    foreign = put(store, make_foreign_article("astronomy", 1, random.Random(4)), "pt/1")
    model = suggestions.learn(store)
    assert model is not None
    row = model.corpus.row_of[foreign]
    tag_model = model.tags["astronomy"]
    # The words are the tag's own: the evidence is there, the language is not.
    assert tag_model.standard[row] > 3
    assert tag_model.probability[row] == 0.0
    assert shown(store, [foreign])[foreign] == []
    evidence = explain(store, foreign, "astronomy")
    assert evidence is not None and evidence.probability == 0.0
    assert evidence.language == "pt" and evidence.languages == ("en",)
    assert evidence.to_json()["language"] == "pt"
    # A genuinely in-topic English article still gets its tag.
    english = by_topic(mixed)["astronomy"][-1]
    assert shown(store, [english])[english] == ["astronomy"]


def test_a_tag_with_articles_in_that_language_is_suggested_for_it(
    store: Store, mixed: dict[str, str]
) -> None:
    tag_first(store, mixed)
    rng = random.Random(4)
    written = [put(store, make_foreign_article("astronomy", n, rng), f"pt/{n}") for n in range(4)]
    apply_tags(store, written[:2], add=["astronomy"])
    assert shown(store, written[2:]) == {i: ["astronomy"] for i in written[2:]}


def test_article_language_is_told_by_its_words_or_its_script() -> None:
    rng = random.Random(2)
    english = make_article("cooking", 1, rng)
    portuguese = make_foreign_article("cooking", 1, rng)
    assert suggestions.article_language(english.title + "\n" + english.body) == "en"
    assert suggestions.article_language(portuguese.title + "\n" + portuguese.body) == "pt"
    assert suggestions.article_language("Телескоп " * 30) == "cyrillic"
    assert suggestions.article_language("too short") == ""


def test_an_unrelated_long_page_with_its_own_chrome_gets_nothing(
    store: Store, mixed: dict[str, str]
) -> None:
    tag_first(store, mixed)
    page = put(store, make_chrome_page("cooking", 1, random.Random(6)), "portal/1")
    cooking = by_topic(mixed)["cooking"][-1]
    # Taken at face value, the page's few cooking words are evidence enough...
    bare = suggest(store, [page, cooking], tuning=suggestions.Tuning(familiarity_power=0.0))
    assert [s.tag for s in bare[page]] == ["cooking"]
    # ...but the archive knows almost none of its words: the evidence is discounted.
    model = model_for(store)
    assert model is not None
    assert model.corpus.familiarity[model.corpus.row_of[page]] < 0.1
    assert shown(store, [page, cooking]) == {page: [], cooking: ["cooking"]}
    evidence = explain(store, page, "cooking")
    assert evidence is not None and evidence.probability < SHOW_THRESHOLD
    assert evidence.familiarity < 0.1 < 0.9 < evidence.typical_familiarity


def test_the_cached_counts_of_an_older_make_are_counted_again(
    store: Store, mixed: dict[str, str]
) -> None:
    tag_first(store, mixed)
    assert suggestions.learn(store) is not None
    store.conn.execute("UPDATE suggestion_features SET stamp = 'old ' || stamp")
    relearned = suggestions.learn(store)
    assert relearned is not None and relearned.corpus.counted == len(mixed)


def test_many_articles_are_counted_by_worker_processes_alike(
    store: Store, mixed: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    tag_first(store, mixed)
    alone = suggestions.learn(store)
    assert alone is not None and alone.corpus.counted == len(mixed)
    store.conn.execute("DELETE FROM suggestion_features")
    monkeypatch.setattr(counting, "PARALLEL_COUNT_MIN", 10)
    monkeypatch.setattr(counting, "CACHE_BATCH", 7)
    monkeypatch.setattr(counting, "_workers_for", lambda _store: 2)
    together = suggestions.learn(store)
    assert together is not None and together.corpus.counted == len(mixed)
    assert np.array_equal(together.corpus.keys, alone.corpus.keys)
    assert np.allclose(together.corpus.values, alone.corpus.values)
    assert np.array_equal(together.corpus.language, alone.corpus.language)
    for tag, learned in alone.tags.items():
        assert np.allclose(together.tags[tag].probability, learned.probability)
