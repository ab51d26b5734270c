"""Topic rules: queries that add tags, kept in ``rules.toml`` in the config folder.

::

    [[rule]]
    name = "war"
    query = 'topic:"Ukraine war" or person:Zelensky'
    tags = ["war"]

A rule's query is the reader's query language (``reader.query``); ``tags`` may also be a single
string. Rules run on newly indexed articles and, with ``reader retag``, over the whole archive.

Rule tags have origin ``rule`` and are written directly, outside the undo journal, like the
source's own topics: they are automatic, and undoing a person's last edit must not undo an
import. They never touch a tag the article already has from a person or an accepted suggestion,
never bring back a tag the user removed (``tag_tombstones``), and turn a source topic of the same
name into a rule tag (so it survives the source dropping the topic). A retag over the whole
archive also withdraws rule tags that no current rule gives the article any more; a tag a
person removes is tombstoned by ``reader.tags`` and stays removed.
"""

from __future__ import annotations

import sqlite3
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.query import QueryError, compile_filter
from reader.safety import display_path, strip_unsafe
from reader.store import Store, normalise_tag, now_iso

__all__ = [
    "Rule",
    "RuleResult",
    "apply_rules",
    "load_rules",
    "matching_ids",
    "run_rules",
]

@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    query: str
    tags: tuple[str, ...]


@dataclass(slots=True)
class RuleResult:
    """What one rule did (or would do): articles it matches, tags it added."""

    rule: Rule
    matched: int = 0
    added: int = 0


def load_rules(path: Path) -> tuple[list[Rule], list[str]]:
    """The rules of a rules file, and a warning for each rule that cannot be used.

    A missing file is no rules and no warning; a file that is not TOML is no rules and one
    warning; a bad rule is left out with a warning naming it (and, for a query error, the
    position in the query) while the other rules still apply."""
    if path.exists() and not path.is_file():  # a FIFO would block, /dev/zero fill memory
        return [], [f"{display_path(path)}: not a regular file; no rules used"]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [], []
    except RecursionError:
        return [], [f"{display_path(path)}: nested too deeply; no rules used"]
    except (OSError, UnicodeDecodeError) as error:
        return [], [f"{path}: cannot read: {error}"]
    except tomllib.TOMLDecodeError as error:
        return [], [f"{path}: not valid TOML: {error}"]
    entries = data.get("rule", [])
    if not isinstance(entries, list):
        return [], [f"{path}: 'rule' must be an array of tables ([[rule]])"]
    unknown = sorted(key for key in data if key != "rule")
    warnings = [f"{path}: unknown key {key!r} ignored" for key in unknown]
    rules: list[Rule] = []
    names: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        rule, problem = _rule(entry, number)
        if rule is None:
            warnings.append(f"{path}: {problem}")
            continue
        if rule.name in names:
            warnings.append(f"{path}: rule {rule.name!r}: another rule has the same name")
            continue
        names.add(rule.name)
        rules.append(rule)
    return rules, warnings


def _rule(entry: object, number: int) -> tuple[Rule | None, str]:
    if not isinstance(entry, dict):
        return None, f"rule {number}: not a table"
    raw_name = entry.get("name", f"rule {number}")
    # TOML decodes "\u001b" escapes: names and tags are cleaned after that, like any text.
    name = strip_unsafe(str(raw_name)).strip() or f"rule {number}"
    label = f"rule {name!r}"
    query = entry.get("query")
    if not isinstance(query, str) or not query.strip():
        return None, f"{label}: needs a query (a non-empty string)"
    raw_tags = entry.get("tags", entry.get("tag"))
    if isinstance(raw_tags, str):
        raw_tags = [raw_tags]
    if not isinstance(raw_tags, list) or not all(isinstance(t, str) for t in raw_tags):
        return None, f"{label}: tags must be a list of strings"
    tags = tuple(
        dict.fromkeys(t for t in (normalise_tag(strip_unsafe(t)) for t in raw_tags) if t)
    )
    if not tags:
        return None, f"{label}: no tags to add"
    try:
        compile_filter(query)
    except QueryError as error:
        expected = f" (expected {error.expected})" if error.expected else ""
        return None, f"{label}: bad query at position {error.position}: {error.message}{expected}"
    return Rule(name=name, query=query, tags=tags), ""


def matching_ids(
    store: Store, rule: Rule, article_ids: Sequence[str] | None = None
) -> list[str]:
    """The articles a rule's query selects, among ``article_ids`` or in the whole archive.
    ``sort:`` and ``limit:`` in a rule are ignored: a rule tags everything it matches."""
    flt = compile_filter(rule.query).unordered()
    if article_ids is not None:
        flt = flt.among(list(dict.fromkeys(article_ids)))
    return store.article_ids(flt)


def run_rules(
    store: Store,
    rules: Sequence[Rule],
    article_ids: Sequence[str] | None = None,
    *,
    dry_run: bool = False,
    withdraw: bool = False,
) -> tuple[list[RuleResult], int]:
    """Apply rules to some articles (or all): per-rule results and how many stale rule tags
    were withdrawn (only with ``withdraw``, meant for a whole-archive retag).

    ``dry_run`` counts what would change and changes nothing. A rule whose query fails at run
    time (a regex SQLite rejects, say) matches nothing rather than stopping the others."""
    results: list[RuleResult] = []
    wanted: dict[str, set[str]] = {}  # tag -> articles some rule gives it
    stamp = now_iso()
    with store.transaction():
        for rule in rules:
            result = RuleResult(rule)
            results.append(result)
            try:
                ids = matching_ids(store, rule, article_ids)
            except (QueryError, ValueError, sqlite3.Error):
                continue
            result.matched = len(ids)
            for tag in rule.tags:
                wanted.setdefault(tag, set()).update(ids)
                result.added += _add(store, ids, tag, stamp, dry_run)
        withdrawn = _withdraw(store, wanted, dry_run) if withdraw else 0
    return results, withdrawn


def apply_rules(
    store: Store, rules: Sequence[Rule], article_ids: Sequence[str] | None = None
) -> int:
    """Apply rules to the given articles (the indexer passes the ids it just wrote) or to the
    whole archive. Returns how many tags were added."""
    results, _ = run_rules(store, rules, article_ids)
    return sum(result.added for result in results)


def _add(store: Store, ids: Sequence[str], tag: str, stamp: str, dry_run: bool) -> int:
    """Give ``tag`` (origin rule) to the articles that lack it and never had it removed."""
    tagged, removed = store.tag_on(tag, ids)
    fresh = [i for i in ids if i not in tagged and i not in removed]
    # A source topic of the same name becomes a rule tag (unless it was also removed once).
    upgrade = [i for i in ids if i in tagged and tagged[i].origin == "source" and i not in removed]
    if not dry_run:
        store.add_tag_where_absent(tag, fresh, "rule", stamp)
        store.change_origin(tag, upgrade, "source", "rule", stamp)
    return len(fresh) + len(upgrade)


def _withdraw(store: Store, wanted: dict[str, set[str]], dry_run: bool) -> int:
    """Remove rule tags that no rule gives their article any more (tags of rules that are gone
    included). Rule tags are automatic, so no tombstone is left: a rule may add them again."""
    stale = [
        (article_id, tag)
        for article_id, tag in store.tagged_with_origin("rule")
        if article_id not in wanted.get(tag, ())
    ]
    if not dry_run:
        store.remove_with_origin("rule", stale)
    return len(stale)
