"""Topic rules: queries in rules.toml that add tags with origin 'rule'."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.locations import Locations
from reader.store import Store
from reader.tags import apply_tags
from reader.topics.rules import Rule, apply_rules, load_rules, run_rules
from tests.support.topics import by_topic, fill

RULES = """
[[rule]]
name = "space"
query = 'telescope or galaxy'
tags = ["space", "Night Sky"]

[[rule]]
name = "boats"
query = 'yacht'
tags = "boats"
"""


def origins(store: Store, tag: str) -> dict[str, str]:
    return {
        r[0]: r[1]
        for r in store.conn.execute("SELECT article_id, origin FROM tags WHERE tag = ?", (tag,))
    }


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_load_rules(tmp_path: Path) -> None:
    rules, warnings = load_rules(write(tmp_path / "rules.toml", RULES))
    assert warnings == []
    assert rules == [
        Rule("space", "telescope or galaxy", ("space", "night-sky")),
        Rule("boats", "yacht", ("boats",)),
    ]


def test_missing_file_is_no_rules(tmp_path: Path) -> None:
    assert load_rules(tmp_path / "absent.toml") == ([], [])


def test_bad_rules_warn_and_the_rest_still_load(tmp_path: Path) -> None:
    text = (
        RULES
        + """
[[rule]]
name = "broken"
query = 'title:(oops'
tags = ["x"]

[[rule]]
name = "no tags"
query = 'comet'

[[rule]]
query = 'comet'
tags = [1]

[[rule]]
name = "space"
query = 'moon'
tags = ["again"]
"""
    )
    rules, warnings = load_rules(write(tmp_path / "rules.toml", text))
    assert [r.name for r in rules] == ["space", "boats"]
    assert len(warnings) == 4
    assert "rule 'broken'" in warnings[0] and "position 6" in warnings[0]
    assert "rule 'no tags'" in warnings[1]
    assert "rule 'rule 5'" in warnings[2]
    assert "same name" in warnings[3]


def test_not_toml_is_one_warning(tmp_path: Path) -> None:
    rules, warnings = load_rules(write(tmp_path / "rules.toml", "[[rule]\nname = "))
    assert rules == []
    assert len(warnings) == 1 and "not valid TOML" in warnings[0]


def test_rules_add_tags_with_origin_rule(store: Store, tmp_path: Path) -> None:
    truth = fill(store)
    rules, _ = load_rules(write(tmp_path / "rules.toml", RULES))
    added = apply_rules(store, rules)
    space = origins(store, "space")
    assert space and set(space.values()) == {"rule"}
    assert all(truth[i] == "astronomy" for i in space)
    assert set(origins(store, "night-sky")) == set(space)
    assert all(truth[i] == "sailing" for i in origins(store, "boats"))
    assert added == 2 * len(space) + len(origins(store, "boats"))
    assert apply_rules(store, rules) == 0  # applying again changes nothing


def test_rules_on_given_ids_only(store: Store) -> None:
    truth = fill(store)
    astronomy = by_topic(truth)["astronomy"]
    rule = Rule("space", "telescope or galaxy or comet or moon", ("space",))
    assert apply_rules(store, [rule], astronomy[:2]) == 2
    assert set(origins(store, "space")) == set(astronomy[:2])


def test_rules_never_remove_or_downgrade_manual_tags(store: Store) -> None:
    truth = fill(store)
    astronomy = by_topic(truth)["astronomy"]
    apply_tags(store, astronomy[:1], add=["space"], origin="manual")
    apply_tags(store, by_topic(truth)["cooking"][:1], add=["space"], origin="manual")
    rule = Rule("space", "telescope or galaxy or comet or moon or star", ("space",))
    results, withdrawn = run_rules(store, [rule], withdraw=True)
    tags = origins(store, "space")
    assert tags[astronomy[0]] == "manual"
    assert tags[by_topic(truth)["cooking"][0]] == "manual"  # not matched, still kept
    assert withdrawn == 0
    assert results[0].matched == len(astronomy)
    assert results[0].added == len(astronomy) - 1


def test_rules_never_readd_a_removed_tag(store: Store) -> None:
    truth = fill(store)
    astronomy = by_topic(truth)["astronomy"]
    rule = Rule("space", "telescope or galaxy or comet or moon or star", ("space",))
    apply_rules(store, [rule])
    apply_tags(store, astronomy[:1], remove=["space"], origin="manual")
    assert astronomy[0] not in origins(store, "space")
    assert apply_rules(store, [rule]) == 0
    assert astronomy[0] not in origins(store, "space")


def test_rule_takes_over_a_source_topic(store: Store) -> None:
    truth = fill(store)
    target = by_topic(truth)["sailing"][0]
    store.replace_source_tags(target, ["boats"])
    apply_rules(store, [Rule("boats", "yacht or sail or mast or keel or hull", ("boats",))])
    assert origins(store, "boats")[target] == "rule"
    store.replace_source_tags(target, [])  # the source drops the topic; the rule's tag stays
    assert origins(store, "boats")[target] == "rule"


def test_dry_run_changes_nothing(store: Store) -> None:
    fill(store)
    rule = Rule("space", "telescope", ("space",))
    results, _ = run_rules(store, [rule], dry_run=True)
    assert results[0].added == results[0].matched > 0
    assert origins(store, "space") == {}


def test_retag_withdraws_rule_tags_no_rule_gives(store: Store) -> None:
    fill(store)
    apply_rules(store, [Rule("old", "telescope", ("old-tag",))])
    assert origins(store, "old-tag")
    _, withdrawn = run_rules(store, [Rule("new", "yacht", ("boats",))], withdraw=True)
    assert withdrawn > 0 and origins(store, "old-tag") == {}


def test_cli_retag_and_rules(
    store: Store, locations: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(store)
    store.close()
    write(locations.rules_file, RULES + "\n[[rule]]\nname = 'bad'\nquery = '('\ntags = ['x']\n")
    assert main(["rules", "--json"]) == 0
    captured = capsys.readouterr()
    listed = json.loads(captured.out)
    assert [item["name"] for item in listed] == ["space", "boats"]
    assert all(item["matches"] > 0 for item in listed)
    assert "rule 'bad'" in captured.err

    assert main(["retag", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would add" in out and "space" in out
    with Store.open(locations.database) as reopened:
        assert origins(reopened, "space") == {}

    assert main(["retag"]) == 0
    out = capsys.readouterr().out
    assert "kept" in out  # a bad rule: stale rule tags are not withdrawn
    with Store.open(locations.database) as reopened:
        assert set(origins(reopened, "space").values()) == {"rule"}


def test_cli_retag_without_rules(
    store: Store, locations: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    store.close()
    assert main(["retag"]) == 0
    assert "no rules" in capsys.readouterr().err
