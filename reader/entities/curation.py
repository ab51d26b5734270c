"""The user's corrections to the recogniser, kept in ``entity_rules`` (user data).

Three kinds: an alias merges one name into another ("US" -> "United States"), hide drops a name
that is not an entity, label corrects a type. Rules apply to stored mentions as soon as they
are added and to every article annotated later, so they survive re-indexing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from reader.entities.grouping import clean_name
from reader.model import ENTITY_LABELS, EntityLabel, Span
from reader.store import Store

# Alias chains longer than this are loops or mistakes; resolution stops there.
_MAX_ALIAS_HOPS = 32

LABEL_NAMES: dict[str, EntityLabel] = {
    "person": "PERSON",
    "per": "PERSON",
    "people": "PERSON",
    "org": "ORG",
    "organisation": "ORG",
    "organization": "ORG",
    "place": "PLACE",
    "loc": "PLACE",
    "location": "PLACE",
    "gpe": "PLACE",
    "other": "OTHER",
    "misc": "OTHER",
}


def parse_label(text: str) -> EntityLabel:
    """A type name as a user may write it ("person", "LOC", "misc") -> the reader's label."""
    label = LABEL_NAMES.get(text.strip().lower())
    if label is None:
        raise ValueError(f"unknown entity type {text!r}; use one of {', '.join(ENTITY_LABELS)}")
    return label


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass(slots=True)
class Curation:
    """All rules, loaded once and applied to many spans."""

    aliases: dict[str, str] = field(default_factory=dict)  # alias key -> target as written
    hidden: set[str] = field(default_factory=set)  # keys of hidden names
    labels: dict[str, EntityLabel] = field(default_factory=dict)  # canonical key -> label
    spellings: dict[str, str] = field(default_factory=dict)  # key -> a name as the user wrote it

    @classmethod
    def load(cls, store: Store) -> Curation:
        curation = cls()
        hidden_names: list[str] = []
        label_rules: list[tuple[str, EntityLabel]] = []
        for row in store.entity_rules():
            if row.kind == "alias":
                curation.aliases[_key(row.name)] = row.target
                curation.spellings.setdefault(_key(row.name), row.name)
                curation.spellings.setdefault(_key(row.target), row.target)
            elif row.kind == "hide":
                hidden_names.append(row.name)
            elif row.kind == "label" and row.label in ENTITY_LABELS:
                label_rules.append((row.name, row.label))
        for name in hidden_names:
            curation.hidden.add(_key(name))
            curation.hidden.add(_key(curation.resolve(name)))
        for name, label in label_rules:
            curation.labels[_key(curation.resolve(name))] = label
        return curation

    def resolve(self, name: str) -> str:
        """The name an alias chain ends at (the name itself when it is not an alias)."""
        seen: set[str] = set()
        current = name
        for _ in range(_MAX_ALIAS_HOPS):
            key = _key(current)
            target = self.aliases.get(key)
            if target is None or key in seen:
                break
            seen.add(key)
            current = target
        return current

    def apply(self, spans: Iterable[Span]) -> list[Span]:
        """The spans with aliases resolved, types corrected and hidden names dropped."""
        result: list[Span] = []
        for span in spans:
            canonical = self.resolve(span.canonical or clean_name(span.text))
            key = _key(canonical)
            if key in self.hidden or _key(clean_name(span.text)) in self.hidden:
                continue
            label = self.labels.get(key, span.label)
            result.append(replace(span, canonical=canonical, label=label))
        return result

    def names_linked_to(self, name: str) -> set[str]:
        """The name, everything aliased to it and everything it is aliased to (transitively)."""
        neighbours: dict[str, set[str]] = {}
        for alias_key, target in self.aliases.items():
            target_key = _key(target)
            neighbours.setdefault(alias_key, set()).add(target_key)
            neighbours.setdefault(target_key, set()).add(alias_key)
        found = {_key(name)}
        queue = [_key(name)]
        while queue:
            for other in neighbours.get(queue.pop(), ()):
                if other not in found:
                    found.add(other)
                    queue.append(other)
        return {name} | {self.spellings.get(key, key) for key in found - {_key(name)}}


def canonical_names(store: Store, name: str) -> set[str]:
    """A name plus every name aliased to or from it: what ``entity:NAME`` should match."""
    return Curation.load(store).names_linked_to(" ".join(name.split()))


def _reapply(
    store: Store,
    curation: Curation,
    canonicals: Sequence[str],
    texts: Sequence[str] = (),
    touched: set[str] | None = None,
) -> int:
    """Re-run the rules over the stored mentions grouped under one of ``canonicals`` or
    written as one of ``texts``; returns rows changed (and adds the ids of the articles they
    are in to ``touched``)."""
    changed = 0
    for article_id, span in store.mentions_named(canonicals, texts):
        kept = curation.apply([span])
        if touched is not None and (
            not kept or (kept[0].canonical, kept[0].label) != (span.canonical, span.label)
        ):
            touched.add(article_id)
        if not kept:
            store.delete_mention(article_id, span.start)
            changed += 1
        elif (kept[0].canonical, kept[0].label) != (span.canonical, span.label):
            store.rename_mention(article_id, span.start, kept[0].canonical, kept[0].label)
            changed += 1
    return changed


def _clean_argument(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError("an entity name cannot be empty")
    return cleaned


def add_alias(store: Store, alias: str, canonical: str) -> int:
    """Merge ``alias`` into ``canonical`` everywhere. Returns how many stored mentions changed."""
    alias, canonical = _clean_argument(alias), _clean_argument(canonical)
    if _key(alias) == _key(canonical):
        raise ValueError("a name cannot be an alias of itself")
    with store.transaction():
        if _key(Curation.load(store).resolve(canonical)) == _key(alias):
            raise ValueError(f"{canonical!r} is already an alias of {alias!r}")
        store.put_entity_rule("alias", alias, target=canonical)
        curation = Curation.load(store)
        return _reapply(store, curation, [alias])


def hide_entity(store: Store, name: str, *, touched: set[str] | None = None) -> int:
    """Stop showing ``name`` as an entity. Returns how many stored mentions were removed (the
    rule is kept even when none are: it applies to articles indexed later)."""
    name = _clean_argument(name)
    with store.transaction():
        store.put_entity_rule("hide", name)
        curation = Curation.load(store)
        resolved = curation.resolve(name)
        return _reapply(store, curation, [name, resolved], [name], touched)


def unhide_entity(store: Store, name: str) -> int:
    """Undo ``hide_entity``: articles that may mention the name are annotated again.
    Returns how many articles were queued."""
    name = _clean_argument(name)
    with store.transaction():
        if not store.delete_entity_rule("hide", name):
            return 0
        # The hidden mentions were deleted; recomputing the articles that contain the name
        # (or a name aliased to it) brings them back.
        return _requeue_containing(store, Curation.load(store).names_linked_to(name))


def _requeue_containing(store: Store, names: Iterable[str]) -> int:
    """Mark every article whose text contains one of ``names`` for annotation again (a
    substring test is cheap next to tagging). Returns how many articles that is."""
    ids: set[str] = set()
    for name in set(names):
        ids.update(store.articles_containing(name))
    return _requeue(store, ids)


def _requeue(store: Store, ids: set[str]) -> int:
    store.requeue_entities(ids)
    return len(ids)


def remove_alias(store: Store, alias: str) -> int | None:
    """Undo ``add_alias``: the name is its own entity again. Returns how many articles were
    queued for annotation (their mentions were rewritten), or None when there is no such
    alias."""
    alias = _clean_argument(alias)
    with store.transaction():
        before = Curation.load(store)
        # Names whose alias chain passes through this one were rewritten by it too.
        through = [
            before.spellings.get(key, key)
            for key in before.aliases
            if _key(alias) in {_key(n) for n in _chain(before, key)}
        ]
        if not store.delete_entity_rule("alias", alias):
            return None
        return _requeue_containing(store, [alias, *through])


def _chain(curation: Curation, name: str) -> list[str]:
    """The names an alias chain visits from ``name`` (itself included)."""
    visited = [name]
    seen = {_key(name)}
    current = name
    for _ in range(_MAX_ALIAS_HOPS):
        target = curation.aliases.get(_key(current))
        if target is None or _key(target) in seen:
            break
        visited.append(target)
        seen.add(_key(target))
        current = target
    return visited


def remove_label(store: Store, name: str) -> int | None:
    """Undo ``set_label``: the recogniser's own type again. Returns how many articles were
    queued for annotation, or None when there is no such correction."""
    name = _clean_argument(name)
    with store.transaction():
        resolved = Curation.load(store).resolve(name)
        if not store.delete_entity_rule("label", name):
            return None
        # The stored labels were overwritten; the recogniser's come back by annotating again.
        return _requeue(store, store.articles_mentioning([name, resolved]))


@dataclass(frozen=True, slots=True)
class Rule:
    """One correction as the user made it."""

    kind: str  # "alias", "hide" or "label"
    name: str
    target: str = ""  # for an alias: the name it is merged into
    label: str = ""  # for a type correction
    created_at: str = ""

    def to_json(self) -> dict[str, str]:
        found = {"kind": self.kind, "name": self.name, "created_at": self.created_at}
        if self.kind == "alias":
            found["target"] = self.target
        if self.kind == "label":
            found["label"] = self.label
        return found


def rules(store: Store) -> list[Rule]:
    """Every correction, oldest first."""
    return [
        Rule(row.kind, row.name, row.target, row.label, row.created_at)
        for row in store.entity_rules()
    ]


def set_label(store: Store, name: str, label: str) -> int:
    """Give ``name`` the type ``label`` everywhere. Returns how many stored mentions changed."""
    name = _clean_argument(name)
    chosen = parse_label(label)
    with store.transaction():
        store.put_entity_rule("label", name, label=chosen)
        curation = Curation.load(store)
        resolved = curation.resolve(name)
        return _reapply(store, curation, [name, resolved])
