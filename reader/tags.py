"""Tags, read and starred state: journalled changes with undo and redo.

Every change a person makes (tagging, marking read, starring, restoring a backup) is one *batch*
in the ``journal`` table: one row per changed fact with its value before and after. ``undo``
puts the newest batch's facts back to their "before" values, ``redo`` re-applies the batch
undone last, and any new deliberate change forgets the undone batches (the redo branch). The
journal lives in the database, so undo works across restarts and between processes.

Deliberate and incidental changes: tags, stars, read marks set by hand and bulk changes are
*deliberate*; the read mark that opening an article sets is *incidental* (``incidental=True``).
Both are recorded, but ``undo`` takes the newest deliberate batch first, so tag, ``n``, ``n``,
``u`` takes the tag back and leaves the two articles read; once no deliberate change is left it
takes the incidental ones, newest first. An incidental change keeps the redo branch (opening an
article after an undo does not lose the redo), and each kind keeps its own ``KEEP_BATCHES``, so
reading never pushes a deliberate change out of the history.

Other kinds of facts (name corrections) journal through the same batches: a module registers
how to apply its kind with :func:`register_fact_kind` and commits its facts with :func:`commit`;
undo and redo then take them back like tags.

A tag fact is the state of one (article, tag) pair, stored in the journal as JSON:
``{"origin": "manual", "at": "..."}`` (tagged), ``{"removed_at": "..."}`` (removed on purpose: a
tombstone, so source topics and rules do not bring it back) or ``null`` (never there). A flag
fact (``read``/``starred``) is ``{"on": true, "at": "..."}``.

Origins rank ``manual`` > ``suggestion`` > ``rule`` > ``source``: adding a tag with a higher
origin upgrades it (a manual ``+ukraine`` over the source's topic makes it manual); rules and
re-imports never remove or revive what a person decided.

The plain-text backup of all this (``reader tags dump`` / ``restore``) is :mod:`reader.backup`.
"""

from __future__ import annotations

import importlib
import json
import shlex
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from reader.model import ORIGIN_RANK, TAG_ORIGINS
from reader.store import Store, TagRow, normalise_tag, now_iso
from reader.store.state import JournalEntry

__all__ = [
    "Change",
    "Fact",
    "all_tags",
    "apply_tag_sets",
    "apply_tags",
    "commit",
    "parse_tag_edit",
    "parse_tag_words",
    "preview_tags",
    "redo",
    "register_fact_kind",
    "set_read",
    "set_starred",
    "tag_counts",
    "toggle_tag",
    "undo",
]

# Undo history kept: older batches are forgotten when a new change is recorded.
KEEP_BATCHES = 1000
_RANK = ORIGIN_RANK

FactKind = Literal["tag", "read", "starred", "entity"]
_KINDS: tuple[FactKind, ...] = ("tag", "read", "starred", "entity")
Value = dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class Change:
    """What one batch did. ``batch`` is 0 when nothing changed (and nothing was journalled)."""

    batch: int
    description: str
    article_ids: tuple[str, ...]

    @property
    def articles(self) -> int:
        return len(self.article_ids)


@dataclass(frozen=True, slots=True)
class Fact:
    """One changed fact: the state of an (article, tag) pair or of a flag, before and after."""

    kind: FactKind
    article_id: str
    name: str
    before: Value
    after: Value


# ---- applying and journalling facts ----------------------------------------------------------

# Facts of the archive rather than of one article (the user's name corrections, kind "entity")
# are applied and described by the module that owns them, which registers here: the journal
# need not import it.
_HANDLERS: dict[str, tuple[Callable[[Store, str, Value], None], Callable[[Fact], str]]] = {}
# The module that registers each kind, loaded when a journal entry of the kind is met first.
_HANDLER_HOMES: dict[str, str] = {"entity": "reader.entities.curation"}


def _handler(kind: str) -> tuple[Callable[[Store, str, Value], None], Callable[[Fact], str]] | None:
    if kind not in _HANDLERS and kind in _HANDLER_HOMES:
        importlib.import_module(_HANDLER_HOMES[kind])
    return _HANDLERS.get(kind)


def register_fact_kind(
    kind: FactKind, apply: Callable[[Store, str, Value], None], describe: Callable[[Fact], str]
) -> None:
    """``apply(store, name, value)`` sets a fact of ``kind``; ``describe(fact)`` says it."""
    _HANDLERS[kind] = (apply, describe)


def _set_fact(store: Store, fact_kind: FactKind, article_id: str, name: str, value: Value) -> None:
    if fact_kind not in ("tag", "read", "starred"):
        handler = _handler(fact_kind)
        if handler is None:
            raise ValueError(f"journal entries of kind {fact_kind!r} have no module to apply them")
        handler[0](store, name, value)
        return
    if fact_kind == "tag":
        if value is not None and "origin" in value:
            store.put_tag(article_id, name, value["origin"], value["at"])
        else:
            store.drop_tag(article_id, name, None if value is None else value["removed_at"])
        return
    on = bool(value and value.get("on"))
    at = str(value.get("at", "")) if value else ""
    store.put_flag(article_id, fact_kind, on, at)


def _set_facts(store: Store, facts: Sequence[Fact], *, after: bool) -> None:
    """Set each fact to its value after (or before) the change, in order. Read and starred
    marks go in one statement per flag: catching up on 100,000 articles is one batch."""
    flags: dict[str, list[tuple[str, bool, str]]] = {}
    for fact in facts:
        value = fact.after if after else fact.before
        if fact.kind in ("read", "starred"):
            on = bool(value and value.get("on"))
            flags.setdefault(fact.kind, []).append(
                (fact.article_id, on, str(value.get("at", "")) if value else "")
            )
        else:
            _set_fact(store, fact.kind, fact.article_id, fact.name, value)
    for flag, values in flags.items():
        store.put_flags(flag, values)


def commit(store: Store, facts: Sequence[Fact], *, incidental: bool = False) -> Change:
    """Apply facts and journal them as one new batch (inside the caller's transaction).
    ``incidental``: a side effect of reading, which undo takes only after every deliberate
    change (see the module docstring)."""
    if not facts:
        return Change(0, "nothing to change", ())
    if not incidental:
        store.forget_undone()  # a new deliberate change ends the redo branch
    batch = store.next_batch()
    stamp = now_iso()
    _set_facts(store, facts, after=True)
    store.append_journal(
        batch,
        stamp,
        [
            JournalEntry(f.kind, f.article_id, f.name, _dumps(f.before), _dumps(f.after))
            for f in facts
        ],
        incidental=incidental,
    )
    store.forget_old_batches(KEEP_BATCHES, incidental=incidental)
    return _change(batch, facts)


def _dumps(value: Value) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True)


def _loads(text: str | None) -> Value:
    if text is None:
        return None
    value = json.loads(text)
    return value if isinstance(value, dict) else None


def _change(batch: int, facts: Sequence[Fact]) -> Change:
    ids = tuple(dict.fromkeys(f.article_id for f in facts if f.article_id))
    return Change(batch, _describe(facts, len(ids)), ids)


def _describe(facts: Sequence[Fact], articles: int) -> str:
    """ "+war -politics on 3 articles", "read on 1 article"; a registered kind says its own
    ("US = United States")."""
    parts: dict[str, None] = {}
    for fact in facts:
        handler = _handler(fact.kind) if fact.kind not in ("tag", "read", "starred") else None
        if handler is not None:
            parts[handler[1](fact)] = None
        elif fact.kind == "tag":
            added = fact.after is not None and "origin" in fact.after
            parts[("+" if added else "-") + fact.name] = None
        else:
            on = bool(fact.after and fact.after.get("on"))
            word = {"read": ("read", "unread"), "starred": ("starred", "unstarred")}[fact.kind]
            parts[word[0] if on else word[1]] = None
    shown = list(parts)
    text = " ".join(shown[:6]) + (" …" if len(shown) > 6 else "")
    if not articles:
        return text
    return f"{text} on {articles:,} article{'s' if articles != 1 else ''}"


def _journal_step(store: Store, *, undoing: bool) -> Change | None:
    with store.transaction():
        if undoing:  # deliberate changes first, then what reading did
            batch = store.batch_to_undo()
            if batch is None:
                batch = store.batch_to_undo(incidental=True)
        else:
            batch = store.batch_to_redo()
        if batch is None:
            return None
        facts = [
            Fact(_kind(e.kind), e.article_id, e.name, _loads(e.before), _loads(e.after))
            for e in store.journal_batch(batch)
        ]
        _set_facts(store, list(reversed(facts)) if undoing else facts, after=not undoing)
        store.mark_batch(batch, undone=undoing)
    return _change(batch, facts)


def _kind(text: str) -> FactKind:
    for kind in _KINDS:
        if text == kind:
            return kind
    raise ValueError(f"unknown journal entry kind {text!r}")


def undo(store: Store) -> Change | None:
    """Undo the newest deliberate change not undone yet, else the newest incidental one (an
    article opened); None when there is nothing to undo."""
    return _journal_step(store, undoing=True)


def redo(store: Store) -> Change | None:
    """Redo the change undone last; None when there is nothing to redo."""
    return _journal_step(store, undoing=False)


# ---- tags ------------------------------------------------------------------------------------


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _normalised(tags: Iterable[str]) -> list[str]:
    return _unique(normalise_tag(t) for t in tags)


def _tagged(row: TagRow) -> Value:
    return {"origin": row.origin, "at": row.created_at}


def _tag_facts(
    store: Store, ids: Sequence[str], add: Sequence[str], remove: Sequence[str], origin: str
) -> list[Fact]:
    if origin not in TAG_ORIGINS:
        raise ValueError(f"unknown tag origin {origin!r}")
    clash = set(add) & set(remove)
    if clash:
        raise ValueError(f"tags both added and removed: {', '.join(sorted(clash))}")
    stamp = now_iso()
    facts: list[Fact] = []
    for tag in add:
        tagged, tombs = store.tag_on(tag, ids)
        for article_id in ids:
            row = tagged.get(article_id)
            if row is not None:
                if _RANK[origin] > _RANK[row.origin]:
                    before = _tagged(row)
                    facts.append(
                        Fact("tag", article_id, tag, before, {"origin": origin, "at": stamp})
                    )
                continue
            tomb = tombs.get(article_id)
            if tomb is not None and origin in ("rule", "source"):
                continue  # removed on purpose: automatic tagging never revives it
            before_value: Value = {"removed_at": tomb} if tomb is not None else None
            facts.append(
                Fact("tag", article_id, tag, before_value, {"origin": origin, "at": stamp})
            )
    for tag in remove:
        tagged, _ = store.tag_on(tag, ids)
        for article_id in ids:
            row = tagged.get(article_id)
            if row is None:
                continue
            before = _tagged(row)
            if origin == "manual":
                facts.append(Fact("tag", article_id, tag, before, {"removed_at": stamp}))
            elif row.origin == origin:  # a rule withdrawing its own tag leaves no tombstone
                facts.append(Fact("tag", article_id, tag, before, None))
    return facts


def apply_tags(
    store: Store,
    article_ids: Iterable[str],
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
    origin: str = "manual",
) -> Change:
    """Add and remove tags on articles as one undoable batch.

    With ``origin="manual"`` (a person's edit) removing a tag records a tombstone so source
    topics and rules do not bring it back, and adding one upgrades a lower origin to manual.
    With ``origin="rule"``/``"source"`` removal only takes away tags of that same origin and
    tombstoned tags are not added again. Tags are normalised (``normalise_tag``)."""
    ids = _unique(article_ids)
    added, removed = _normalised(add), _normalised(remove)
    with store.transaction():
        return commit(store, _tag_facts(store, ids, added, removed, origin))


def apply_tag_sets(
    store: Store, additions: Mapping[str, Iterable[str]], origin: str = "manual"
) -> Change:
    """Add different tags to different articles (article id -> tags) as ONE undoable batch,
    as accepting suggestions for many articles does."""
    by_tag: dict[str, list[str]] = {}
    for article_id, tags in additions.items():
        for tag in _normalised(tags):
            by_tag.setdefault(tag, []).append(article_id)
    with store.transaction():
        facts = [
            fact
            for tag, ids in by_tag.items()
            for fact in _tag_facts(store, _unique(ids), [tag], [], origin)
        ]
        return commit(store, facts)


def preview_tags(
    store: Store,
    article_ids: Iterable[str],
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
    origin: str = "manual",
) -> int:
    """How many articles ``apply_tags`` with the same arguments would change; writes nothing."""
    facts = _tag_facts(store, _unique(article_ids), _normalised(add), _normalised(remove), origin)
    return len({f.article_id for f in facts})


def toggle_tag(store: Store, article_ids: Iterable[str], tag: str) -> Change:
    """Remove ``tag`` if every article has it, else add it to those that lack it (manual)."""
    ids = _unique(article_ids)
    name = normalise_tag(tag)
    if not ids or not name:
        return Change(0, "nothing to change", ())
    with store.transaction():
        tagged, _ = store.tag_on(name, ids)
        everyone = all(i in tagged for i in ids)
        add, remove = ([], [name]) if everyone else ([name], [])
        return commit(store, _tag_facts(store, ids, add, remove, "manual"))


def parse_tag_edit(text: str) -> tuple[list[str], list[str]]:
    """``"+a -b c"`` -> (["a", "c"], ["b"]): ``+`` adds, ``-`` removes, a bare word adds.

    Quotes group words (``+"Ukraine war"`` adds ``ukraine-war``); when a tag is both added and
    removed the last mention wins."""
    try:
        words = shlex.split(text)
    except ValueError:  # an unbalanced quote: take the words as they are
        words = text.split()
    return parse_tag_words(words)


def parse_tag_words(words: Iterable[str]) -> tuple[list[str], list[str]]:
    """Tag edit words, already split (``["+a", "-b", "+Ukraine war"]``), as (added, removed)
    tags, normalised: ``+`` adds, ``-`` removes, a bare word adds; the last mention wins."""
    wanted: dict[str, bool] = {}
    for word in words:
        adding = not word.startswith("-")
        tag = normalise_tag(word[1:] if word[:1] in "+-" else word)
        if tag:
            wanted.pop(tag, None)
            wanted[tag] = adding
    return [t for t, a in wanted.items() if a], [t for t, a in wanted.items() if not a]


def tag_counts(store: Store) -> list[tuple[str, dict[str, int]]]:
    """Every tag on an indexed article with its count per origin, most used first."""
    counts: dict[str, dict[str, int]] = {}
    for tag, origin, articles in store.tag_origin_counts():
        counts.setdefault(tag, {})[origin] = articles
    return sorted(counts.items(), key=lambda item: (-sum(item[1].values()), item[0]))


def all_tags(store: Store) -> list[str]:
    """Every tag name in use, sorted (for completion)."""
    return store.tag_names()


# ---- read and starred ------------------------------------------------------------------------


def _set_flag(
    store: Store, ids: Iterable[str], flag: FactKind, value: bool, *, incidental: bool = False
) -> Change:
    wanted = _unique(ids)
    stamp = now_iso()
    with store.transaction():
        current = store.flags(wanted, flag)
        facts = []
        for article_id in wanted:
            on, at = current.get(article_id, (False, ""))
            if on != value:
                before = {"on": on, "at": at}
                after = {"on": value, "at": stamp if value else ""}
                facts.append(Fact(flag, article_id, "", before, after))
        return commit(store, facts, incidental=incidental)


def set_read(
    store: Store, article_ids: Iterable[str], value: bool = True, *, incidental: bool = False
) -> Change:
    """Mark articles read (or unread) as one undoable batch; unchanged ones are not journalled.
    ``incidental``: the mark opening an article sets, which undo takes back last."""
    return _set_flag(store, article_ids, "read", value, incidental=incidental)


def set_starred(store: Store, article_ids: Iterable[str], value: bool = True) -> Change:
    """Star (or unstar) articles as one undoable batch."""
    return _set_flag(store, article_ids, "starred", value)
