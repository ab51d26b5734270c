"""What counts as a label: topic tags of the user's own (given, accepted or by a rule), never the
workflow tags that say what to do with an article; which tags can be suggested, and the user's
marks of a tag as workflow or topic."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from reader.store import Store, normalise_tag
from reader.store import suggestions as sql

LABEL_ORIGINS = ("manual", "suggestion", "rule")
# A tag is suggested only once this many articles carry it; from LEARN_MIN on it is learned
# (and ranked by `SuggestionModel.ranking`), below that it is not learned at all.
MIN_EXAMPLES = 5
LEARN_MIN = 2
# Tags that say what to do with an article rather than what it is about; with the quick tags
# they are the config's default `workflow_tags`.
DEFAULT_WORKFLOW_TAGS = ("important", "follow-up", "later", "read-later", "todo")
DEFAULT_QUICK_TAGS = ("important", "follow-up", "later")


@dataclass(frozen=True, slots=True)
class TagStatus:
    """One tag as suggestions see it."""

    tag: str
    examples: int
    rejected: int
    workflow: bool
    suggested: bool  # a topic with enough examples: it can be suggested
    why: str  # a short reason when it is not suggested


def workflow_tags(store: Store, defaults: Collection[str] | None = None) -> frozenset[str]:
    """The tags never learned or suggested: ``defaults`` (the config's ``workflow_tags`` and
    quick tags; None: the shipped defaults) plus the tags the user marked workflow, less the
    ones they marked topic."""
    base = set(DEFAULT_WORKFLOW_TAGS) | set(DEFAULT_QUICK_TAGS) if defaults is None else set()
    if defaults is not None:
        base = {normalise_tag(t) for t in defaults}
    for tag, kind in sql.tag_kinds(store).items():
        if kind == "workflow":
            base.add(tag)
        else:
            base.discard(tag)
    return frozenset(t for t in base if t)


def mark_tag(store: Store, tag: str, kind: str | None) -> str:
    """Mark a tag 'workflow' (never learned or suggested) or 'topic' (learned even if the config
    calls it workflow), or None to leave it to the config again. Kept in the store: the user's
    config.toml is never rewritten. Returns the normalised tag."""
    if kind not in ("workflow", "topic", None):
        raise ValueError(f"unknown tag kind {kind!r}")
    name = normalise_tag(tag)
    if not name:
        raise ValueError("empty tag")
    with store.transaction():
        sql.set_tag_kind(store, name, kind)
    return name


def tag_status(store: Store, workflow: Collection[str] | None = None) -> list[TagStatus]:
    """Every tag the user gave, marked or dismissed, with whether it can be suggested."""
    skip = workflow_tags(store, workflow)
    examples: Counter[str] = Counter(tag for _, tag in sql.label_rows(store, LABEL_ORIGINS))
    rejected: Counter[str] = Counter(tag for _, tag in sql.negative_rows(store))
    names = set(examples) | set(rejected) | set(sql.tag_kinds(store))
    found: list[TagStatus] = []
    for tag in sorted(names):
        count = examples.get(tag, 0)
        if tag in skip:
            why = "a workflow tag: never suggested"
        elif count < MIN_EXAMPLES:
            why = f"needs {MIN_EXAMPLES} tagged articles, has {count}"
        else:
            why = ""
        found.append(
            TagStatus(tag, count, rejected.get(tag, 0), tag in skip, not why, why)
        )
    return found

