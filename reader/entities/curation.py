"""The user's corrections to the names found, kept in ``entity_rules`` (user data).

Four kinds: an alias merges one name into another ("US" -> "United States"), hide drops a name
that is not one, label corrects a type, and split keeps a name apart from the longer name
grouping put it under ("Blair" is not "Tony Blair": grouping within an article and across the
archive no longer join them). Rules apply to stored mentions as soon as they are made and to
every article annotated later, so they survive re-indexing.

A mention is shown as: what grouping within its article found, unless the user split it from
that; then what the archive pass decided for the name (:mod:`reader.entities.archive`), unless
the user merged the name elsewhere or split it from that; then the user's aliases, hidden names
and types. Stored mentions keep what grouping found, so a correction, and its undoing, rewrites
the shown names straight away from stored rows.

Every correction is one step of the undo journal (:mod:`reader.tags`): ``reader undo`` and
``u`` in the reader take it back, ``redo`` makes it again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from reader.entities.evidence import (
    as_label,
    name_key,
    rebuild_surnames,
    refresh_resolutions,
    surname_of,
)
from reader.entities.grouping import clean_name
from reader.model import ENTITY_LABELS, EntityLabel, Span
from reader.store import Store
from reader.store.entities import ArchiveGroupRow, MentionRow
from reader.tags import Change, Fact, FactKind, commit, register_fact_kind

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

# The journal's kind for a correction (reader.tags applies it through the handler below).
JOURNAL_KIND: FactKind = "entity"


def parse_label(text: str) -> EntityLabel:
    """A type name as a user may write it ("person", "LOC", "misc") -> the reader's label."""
    label = LABEL_NAMES.get(text.strip().lower())
    if label is None:
        raise ValueError(f"unknown entity type {text!r}; use one of {', '.join(ENTITY_LABELS)}")
    return label


_key = name_key

ArchiveMap = Mapping[str, ArchiveGroupRow]  # name key -> what the archive pass decided


@dataclass(slots=True)
class Curation:
    """All rules, loaded once and applied to many mentions."""

    aliases: dict[str, str] = field(default_factory=dict)  # alias key -> target as written
    hidden: set[str] = field(default_factory=set)  # keys of hidden names
    labels: dict[str, EntityLabel] = field(default_factory=dict)  # canonical key -> label
    splits: set[tuple[str, str]] = field(default_factory=set)  # (name key, whole key)
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
            elif row.kind == "split":
                curation.splits.add((_key(row.name), _key(row.target)))
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

    def is_split(self, name: str, whole: str) -> bool:
        """Whether the user keeps ``name`` apart from ``whole``."""
        return (_key(name), _key(whole)) in self.splits

    def merged(self, name: str) -> bool:
        """Whether the user merged ``name`` into another name."""
        return _key(name) in self.aliases

    def found_name(self, row: MentionRow) -> tuple[str, EntityLabel]:
        """What grouping within the article made of a mention, with the user's splits."""
        own = clean_name(row.text) or row.text
        name = row.found or row.canonical
        label = as_label(row.found_label or row.label)
        if _key(name) != _key(own) and self.is_split(own, name):
            name = own
        return name, label

    def final(self, row: MentionRow, archive: ArchiveMap) -> MentionRow:
        """The mention as shown: grouping within the article, the archive pass, then the
        user's aliases, hidden names and types."""
        name, label = self.found_name(row)
        decided = archive.get(_key(name))
        if decided is not None and not self.merged(name):
            regrouped = _key(decided.canonical) != _key(name)
            if not (regrouped and self.is_split(name, decided.canonical)):
                name, label = decided.canonical, as_label(decided.label)
        canonical = self.resolve(name)
        own = clean_name(row.text) or row.text
        return row._replace(
            canonical=canonical,
            label=self.labels.get(_key(canonical), label),
            found=row.found or row.canonical,
            found_label=row.found_label or row.label,
            hidden=_key(canonical) in self.hidden or _key(own) in self.hidden,
        )

    def rows(self, article_id: str, spans: Iterable[Span]) -> list[MentionRow]:
        """Spans as just grouped within an article, as stored mentions with the rules
        applied (before the archive pass has seen them)."""
        return [
            self.final(
                MentionRow(article_id, s.start, s.end, s.label, s.text,
                           s.canonical or clean_name(s.text), s.canonical or clean_name(s.text),
                           s.label),
                {},
            )
            for s in spans
        ]

    def apply(self, spans: Iterable[Span]) -> list[Span]:
        """The spans with the rules applied and hidden names dropped (text outside the
        archive: ``reader entities --text``)."""
        return [
            Span(r.start, r.end, as_label(r.label), r.text, r.canonical)
            for r in self.rows("", spans)
            if not r.hidden
        ]

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


def archive_maps(store: Store, article_ids: Sequence[str]) -> dict[str, dict[str, ArchiveGroupRow]]:
    """What the archive pass decided for the names of each article, by name key."""
    return {
        article_id: {_key(g.name): g for g in groups}
        for article_id, groups in store.archive_groups(article_ids).items()
    }


def rewrite(
    store: Store,
    curation: Curation,
    rows: Iterable[MentionRow],
    archive: Mapping[str, ArchiveMap],
) -> list[MentionRow]:
    """Store the mentions again as the rules and the archive pass now show them; returns those
    that changed."""
    changed = [
        new
        for row in rows
        for new in [curation.final(row, archive.get(row.article_id, {}))]
        if new != row
    ]
    store.rewrite_mentions(changed)
    return changed


def refresh(store: Store, names: Iterable[str]) -> list[MentionRow]:
    """Show every stored mention of ``names`` (grouped under, found as or written as one of
    them) as the rules now say, and update what the archive knows of the full names they
    write out. Returns the mentions that changed."""
    curation = Curation.load(store)
    wanted = sorted({n for n in names if n})
    rows = store.mention_rows_named(wanted)
    ids = sorted({r.article_id for r in rows})
    changed = rewrite(store, curation, rows, archive_maps(store, ids))
    touched = sorted({r.article_id for r in changed})
    # What a surname alone means may change with a split or a merge of it, or with the full
    # names the changed mentions now write out.
    surnames = {surname_of(n) for n in wanted if " " not in n}
    if touched:
        surnames |= rebuild_surnames(store, store.mention_rows(touched))
    refresh_resolutions(store, surnames, curation.splits)
    return changed


# ---- corrections as journalled steps ---------------------------------------------------------

Value = dict[str, Any] | None


@dataclass(slots=True)
class _Outcome:
    """What applying corrections changed, for the function that made them."""

    mentions: int = 0
    articles: set[str] = field(default_factory=set)


_outcome: ContextVar[_Outcome | None] = ContextVar("entity_correction_outcome", default=None)


def _fact_name(kind: str, name: str, target: str = "") -> str:
    return "\t".join((kind, name, target))


def _parse_fact_name(text: str) -> tuple[str, str, str]:
    kind, name, target = [*text.split("\t"), "", "", ""][:3]
    return kind, name, target


def _rule_value(store: Store, kind: str, name: str, target: str = "") -> Value:
    row = store.entity_rule(kind, name, target)
    if row is None:
        return None
    value: dict[str, Any] = {"name": row.name, "at": row.created_at}
    if kind == "alias":
        value["target"] = row.target
    elif kind == "label":
        value["label"] = row.label
    elif kind == "split":
        value["target"] = row.target
    return value


def _apply_fact(store: Store, fact_name: str, value: Value) -> None:
    """Make one correction what the journal says (the rule there or not), and show every
    mention it may concern accordingly."""
    kind, name, target = _parse_fact_name(fact_name)
    before = Curation.load(store)
    if value is None:
        store.delete_entity_rule(kind, name, target)
    else:
        store.put_entity_rule(
            kind,
            str(value.get("name", name)),
            target=str(value.get("target", target)),
            label=str(value.get("label", "")),
            created_at=str(value.get("at", "")),
        )
    after = Curation.load(store)
    concerned: set[str] = {name}
    for curation in (before, after):
        for linked in curation.names_linked_to(name):
            concerned |= {linked, curation.resolve(linked)}
        for whole in (target, curation.aliases.get(_key(name), "")):
            if whole:
                concerned |= curation.names_linked_to(whole)
    changed = refresh(store, concerned)
    outcome = _outcome.get()
    if outcome is not None:
        outcome.mentions += len(changed)
        outcome.articles.update(r.article_id for r in changed)


def _describe_fact(fact: Fact) -> str:
    kind, name, target = _parse_fact_name(fact.name)
    after, before = fact.after, fact.before
    if kind == "alias":
        if after is not None:
            return f"{name} merged into {after.get('target', '')}"
        return f"{name} no longer merged into {(before or {}).get('target', '')}"
    if kind == "hide":
        return f"{name} hidden" if after is not None else f"{name} shown again"
    if kind == "label":
        if after is not None:
            return f"{name} typed {after.get('label', '')}"
        return f"{name} typed as found again"
    if after is not None:
        return f"{name} kept apart from {target}"
    return f"{name} grouped with {target} again"


register_fact_kind(JOURNAL_KIND, _apply_fact, _describe_fact)


def _correct(
    store: Store, kind: str, name: str, after: Value, target: str = ""
) -> tuple[Change, _Outcome]:
    """Make one correction (``after`` None: take it away) as one journalled step, inside the
    caller's transaction; what it changed."""
    return _correct_all(store, [(kind, name, target, after)])


def _correct_all(
    store: Store, corrections: Sequence[tuple[str, str, str, Value]]
) -> tuple[Change, _Outcome]:
    """Make corrections (kind, name, target, rule or None) as ONE journalled step."""
    outcome = _Outcome()
    token = _outcome.set(outcome)
    try:
        facts = [
            Fact(JOURNAL_KIND, "", _fact_name(kind, name, target), before, after)
            for kind, name, target, after in corrections
            for before in [_rule_value(store, kind, name, target)]
            if not _same_rule(before, after)
        ]
        return commit(store, facts), outcome
    finally:
        _outcome.reset(token)


def _same_rule(before: Value, after: Value) -> bool:
    if before is None or after is None:
        return before is after
    ignored = ("at", "name")
    return {k: v for k, v in before.items() if k not in ignored} == {
        k: v for k, v in after.items() if k not in ignored
    }


def _clean_argument(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError("an entity name cannot be empty")
    return cleaned


def add_alias(store: Store, alias: str, canonical: str) -> int:
    """Merge ``alias`` into ``canonical`` everywhere (undoable). Returns how many stored
    mentions changed."""
    alias, canonical = _clean_argument(alias), _clean_argument(canonical)
    if _key(alias) == _key(canonical):
        raise ValueError("a name cannot be an alias of itself")
    with store.transaction():
        if _key(Curation.load(store).resolve(canonical)) == _key(alias):
            raise ValueError(f"{canonical!r} is already an alias of {alias!r}")
        return _correct(store, "alias", alias, {"name": alias, "target": canonical})[1].mentions


def remove_alias(store: Store, alias: str) -> int | None:
    """Undo ``add_alias`` (undoable itself): the name is its own entity again. Returns how
    many stored mentions changed, or None when there is no such alias."""
    alias = _clean_argument(alias)
    with store.transaction():
        if store.entity_rule("alias", alias) is None:
            return None
        return _correct(store, "alias", alias, None)[1].mentions


def hide_entity(store: Store, name: str, *, touched: set[str] | None = None) -> int:
    """Stop showing ``name`` as an entity (undoable). Returns how many stored mentions were
    hidden (the rule is kept even when none are: it applies to articles indexed later); the
    ids of their articles go into ``touched``."""
    name = _clean_argument(name)
    with store.transaction():
        outcome = _correct(store, "hide", name, {"name": name})[1]
    if touched is not None:
        touched.update(outcome.articles)
    return outcome.mentions


def unhide_entity(store: Store, name: str) -> int:
    """Undo ``hide_entity`` (undoable itself). Returns how many mentions are shown again."""
    name = _clean_argument(name)
    with store.transaction():
        if store.entity_rule("hide", name) is None:
            return 0
        return _correct(store, "hide", name, None)[1].mentions


def set_label(store: Store, name: str, label: str) -> int:
    """Give ``name`` the type ``label`` everywhere (undoable). Returns how many stored
    mentions changed."""
    name = _clean_argument(name)
    chosen = parse_label(label)
    with store.transaction():
        return _correct(store, "label", name, {"name": name, "label": chosen})[1].mentions


def remove_label(store: Store, name: str) -> int | None:
    """Undo ``set_label`` (undoable itself): the type grouping found again. Returns how many
    stored mentions changed, or None when there is no such correction."""
    name = _clean_argument(name)
    with store.transaction():
        if store.entity_rule("label", name) is None:
            return None
        return _correct(store, "label", name, None)[1].mentions


def split_entity(store: Store, name: str, whole: str) -> int:
    """Keep ``name`` apart from ``whole``: mentions written ``name`` that grouping put under
    ``whole`` (in their article or across the archive) are ``name`` again, here and in
    articles indexed later (undoable). Returns how many stored mentions changed."""
    name, whole = _clean_argument(name), _clean_argument(whole)
    if _key(name) == _key(whole):
        raise ValueError("a name cannot be split from itself")
    with store.transaction():
        value = {"name": name, "target": whole}
        return _correct(store, "split", name, value, target=whole)[1].mentions


def unsplit_entity(store: Store, name: str, whole: str) -> int | None:
    """Undo ``split_entity`` (undoable itself): grouping may join ``name`` to ``whole``
    again. Returns how many stored mentions changed, or None when there is no such split."""
    name, whole = _clean_argument(name), _clean_argument(whole)
    with store.transaction():
        if store.entity_rule("split", name, whole) is None:
            return None
        return _correct(store, "split", name, None, target=whole)[1].mentions


def split_grouped(store: Store, article_id: str, whole: str) -> list[str]:
    """Keep apart from ``whole`` every name that grouping put under it in this article ("not
    the same" in the entity panel), as one undoable step. Returns those names."""
    whole = _clean_argument(whole)
    with store.transaction():
        forms = grouped_forms(store, article_id, whole)
        _correct_all(
            store,
            [("split", form, whole, {"name": form, "target": whole}) for form in forms],
        )
    return forms


def grouped_forms(store: Store, article_id: str, canonical: str) -> list[str]:
    """The names an article's mentions were written as that grouping put under
    ``canonical`` (what splitting it in that article takes apart), most frequent first."""
    counts: dict[str, int] = {}
    curation = Curation.load(store)
    for row in store.mention_rows([article_id]).get(article_id, []):
        if row.hidden or _key(row.canonical) != _key(canonical):
            continue
        own = clean_name(row.text) or row.text
        if _key(own) == _key(canonical) or curation.merged(own):
            continue
        counts[own] = counts.get(own, 0) + 1
    return sorted(counts, key=lambda n: (-counts[n], n))


@dataclass(frozen=True, slots=True)
class Rule:
    """One correction as the user made it."""

    kind: str  # "alias", "hide", "label" or "split"
    name: str
    target: str = ""  # for an alias: the name it is merged into; for a split: kept apart from
    label: str = ""  # for a type correction
    created_at: str = ""

    def to_json(self) -> dict[str, str]:
        found = {"kind": self.kind, "name": self.name, "created_at": self.created_at}
        if self.kind in ("alias", "split"):
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
