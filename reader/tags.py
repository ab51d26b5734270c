"""Tags, read and starred state: journalled changes with undo and redo, and a plain-text backup.

Every change a person makes (tagging, marking read, starring, restoring a backup) is one *batch*
in the ``journal`` table: one row per changed fact with its value before and after. ``undo``
puts the newest batch's facts back to their "before" values, ``redo`` re-applies the oldest
undone batch, and any new change forgets the undone batches (the redo branch). The journal lives
in the database, so undo works across restarts and between processes.

A tag fact is the state of one (article, tag) pair, stored in the journal as JSON:
``{"origin": "manual", "at": "..."}`` (tagged), ``{"removed_at": "..."}`` (removed on purpose: a
tombstone, so source topics and rules do not bring it back) or ``null`` (never there). A flag
fact (``read``/``starred``) is ``{"on": true, "at": "..."}``.

Origins rank ``manual`` > ``suggestion`` > ``rule`` > ``source``: adding a tag with a higher
origin upgrades it (a manual ``+ukraine`` over the source's topic makes it manual); rules and
re-imports never remove or revive what a person decided.

Backup format (``dump``/``restore``), one line per article with any user state::

    # reader tags dump 1
    0bbe3455ec65385e +ukraine +russia=source -sport is:read is:starred

``+tag`` is a manual tag, ``+tag=ORIGIN`` one with another origin (rule, source, suggestion),
``-tag`` a tag removed on purpose, ``is:read`` / ``is:starred`` the flags. In tag names ``%``,
``=``, whitespace and control characters are written as ``%XX`` (UTF-8 bytes). Lines starting
with ``#`` and blank lines are ignored. Restoring makes each listed article's state exactly what
its line says (one undoable batch); articles not listed are left alone.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import unquote

from reader.model import TAG_ORIGINS
from reader.store import Store, normalise_tag, now_iso

__all__ = [
    "Change",
    "DumpError",
    "all_tags",
    "apply_tag_sets",
    "apply_tags",
    "dump",
    "parse_tag_edit",
    "preview_tags",
    "redo",
    "restore",
    "set_read",
    "set_starred",
    "tag_counts",
    "toggle_tag",
    "undo",
]

DUMP_HEADER = "# reader tags dump 1"
# Undo history kept: older batches are forgotten when a new change is recorded.
KEEP_BATCHES = 1000
_RANK = {"source": 0, "rule": 1, "suggestion": 2, "manual": 3}
_CHUNK = 500  # SQLite parameters per IN (...) list

FactKind = Literal["tag", "read", "starred"]
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


class DumpError(ValueError):
    """A backup line that cannot be read; ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}")


@dataclass(frozen=True, slots=True)
class _Fact:
    kind: FactKind
    article_id: str
    name: str
    before: Value
    after: Value


# ---- applying and journalling facts ----------------------------------------------------------


def _set_fact(store: Store, fact_kind: FactKind, article_id: str, name: str, value: Value) -> None:
    conn = store.conn
    if fact_kind == "tag":
        if value is not None and "origin" in value:
            conn.execute(
                "DELETE FROM tag_tombstones WHERE article_id = ? AND tag = ?", (article_id, name)
            )
            conn.execute(
                "INSERT INTO tags (article_id, tag, origin, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (article_id, tag) DO UPDATE SET origin = excluded.origin, "
                "created_at = excluded.created_at",
                (article_id, name, value["origin"], value["at"]),
            )
            return
        conn.execute("DELETE FROM tags WHERE article_id = ? AND tag = ?", (article_id, name))
        if value is None:
            conn.execute(
                "DELETE FROM tag_tombstones WHERE article_id = ? AND tag = ?", (article_id, name)
            )
        else:
            conn.execute(
                "INSERT OR REPLACE INTO tag_tombstones (article_id, tag, removed_at) "
                "VALUES (?, ?, ?)",
                (article_id, name, value["removed_at"]),
            )
        return
    on = bool(value and value.get("on"))
    at = str(value.get("at", "")) if value else ""
    conn.execute(
        f"INSERT INTO state (article_id, {fact_kind}, {fact_kind}_at) VALUES (?, ?, ?) "
        f"ON CONFLICT (article_id) DO UPDATE SET {fact_kind} = excluded.{fact_kind}, "
        f"{fact_kind}_at = excluded.{fact_kind}_at",
        (article_id, int(on), at),
    )


def _commit(store: Store, facts: Sequence[_Fact]) -> Change:
    """Apply facts and journal them as one new batch (inside the caller's transaction)."""
    if not facts:
        return Change(0, "nothing to change", ())
    conn = store.conn
    conn.execute("DELETE FROM journal WHERE undone = 1")  # a new change ends the redo branch
    batch = int(conn.execute("SELECT coalesce(max(batch), 0) + 1 FROM journal").fetchone()[0])
    stamp = now_iso()
    for fact in facts:
        _set_fact(store, fact.kind, fact.article_id, fact.name, fact.after)
    conn.executemany(
        "INSERT INTO journal (batch, at, kind, article_id, name, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (batch, stamp, f.kind, f.article_id, f.name, _dumps(f.before), _dumps(f.after))
            for f in facts
        ],
    )
    conn.execute("DELETE FROM journal WHERE batch <= ?", (batch - KEEP_BATCHES,))
    return _change(batch, facts)


def _dumps(value: Value) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True)


def _loads(text: str | None) -> Value:
    if text is None:
        return None
    value = json.loads(text)
    return value if isinstance(value, dict) else None


def _change(batch: int, facts: Sequence[_Fact]) -> Change:
    ids = tuple(dict.fromkeys(f.article_id for f in facts))
    return Change(batch, _describe(facts, len(ids)), ids)


def _describe(facts: Sequence[_Fact], articles: int) -> str:
    """ "+war -politics on 3 articles", "read on 1 article"."""
    parts: dict[str, None] = {}
    for fact in facts:
        if fact.kind == "tag":
            added = fact.after is not None and "origin" in fact.after
            parts[("+" if added else "-") + fact.name] = None
        else:
            on = bool(fact.after and fact.after.get("on"))
            word = {"read": ("read", "unread"), "starred": ("starred", "unstarred")}[fact.kind]
            parts[word[0] if on else word[1]] = None
    shown = list(parts)
    text = " ".join(shown[:6]) + (" …" if len(shown) > 6 else "")
    return f"{text} on {articles} article{'s' if articles != 1 else ''}"


def _journal_step(store: Store, *, undoing: bool) -> Change | None:
    conn = store.conn
    with store.transaction():
        if undoing:
            row = conn.execute("SELECT max(batch) FROM journal WHERE undone = 0").fetchone()
        else:
            row = conn.execute("SELECT min(batch) FROM journal WHERE undone = 1").fetchone()
        if row is None or row[0] is None:
            return None
        batch = int(row[0])
        rows = conn.execute(
            "SELECT kind, article_id, name, before, after FROM journal WHERE batch = ? ORDER BY id",
            (batch,),
        ).fetchall()
        facts = [
            _Fact(r["kind"], r["article_id"], r["name"], _loads(r["before"]), _loads(r["after"]))
            for r in rows
        ]
        for fact in reversed(facts) if undoing else facts:
            _set_fact(
                store, fact.kind, fact.article_id, fact.name, fact.before if undoing else fact.after
            )
        conn.execute("UPDATE journal SET undone = ? WHERE batch = ?", (1 if undoing else 0, batch))
    return _change(batch, facts)


def undo(store: Store) -> Change | None:
    """Undo the newest change that is not undone yet; None when there is nothing to undo."""
    return _journal_step(store, undoing=True)


def redo(store: Store) -> Change | None:
    """Redo the change undone most recently; None when there is nothing to redo."""
    return _journal_step(store, undoing=False)


# ---- tags ------------------------------------------------------------------------------------


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _normalised(tags: Iterable[str]) -> list[str]:
    return _unique(normalise_tag(t) for t in tags)


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _tag_rows(store: Store, tag: str, ids: Sequence[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Current rows of one tag for the given articles: tags by id, tombstones by id."""
    conn = store.conn
    tagged: dict[str, Any] = {}
    tombs: dict[str, str] = {}
    if len(ids) > 4 * _CHUNK:  # many articles: one indexed scan of the tag beats many lookups
        wanted = set(ids)
        for row in conn.execute(
            "SELECT article_id, origin, created_at FROM tags WHERE tag = ?", (tag,)
        ):
            if row[0] in wanted:
                tagged[row[0]] = row
        for row in conn.execute(
            "SELECT article_id, removed_at FROM tag_tombstones WHERE tag = ?", (tag,)
        ):
            if row[0] in wanted:
                tombs[row[0]] = row[1]
        return tagged, tombs
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            "SELECT article_id, origin, created_at FROM tags "
            f"WHERE tag = ? AND article_id IN ({marks})",
            (tag, *chunk),
        ):
            tagged[row[0]] = row
        for row in conn.execute(
            f"SELECT article_id, removed_at FROM tag_tombstones "
            f"WHERE tag = ? AND article_id IN ({marks})",
            (tag, *chunk),
        ):
            tombs[row[0]] = row[1]
    return tagged, tombs


def _tag_facts(
    store: Store, ids: Sequence[str], add: Sequence[str], remove: Sequence[str], origin: str
) -> list[_Fact]:
    if origin not in TAG_ORIGINS:
        raise ValueError(f"unknown tag origin {origin!r}")
    clash = set(add) & set(remove)
    if clash:
        raise ValueError(f"tags both added and removed: {', '.join(sorted(clash))}")
    stamp = now_iso()
    facts: list[_Fact] = []
    for tag in add:
        tagged, tombs = _tag_rows(store, tag, ids)
        for article_id in ids:
            row = tagged.get(article_id)
            if row is not None:
                if _RANK[origin] > _RANK[row["origin"]]:
                    before = {"origin": row["origin"], "at": row["created_at"]}
                    facts.append(
                        _Fact("tag", article_id, tag, before, {"origin": origin, "at": stamp})
                    )
                continue
            tomb = tombs.get(article_id)
            if tomb is not None and origin in ("rule", "source"):
                continue  # removed on purpose: automatic tagging never revives it
            before_value: Value = {"removed_at": tomb} if tomb is not None else None
            facts.append(
                _Fact("tag", article_id, tag, before_value, {"origin": origin, "at": stamp})
            )
    for tag in remove:
        tagged, _ = _tag_rows(store, tag, ids)
        for article_id in ids:
            row = tagged.get(article_id)
            if row is None:
                continue
            before = {"origin": row["origin"], "at": row["created_at"]}
            if origin == "manual":
                facts.append(_Fact("tag", article_id, tag, before, {"removed_at": stamp}))
            elif row["origin"] == origin:  # a rule withdrawing its own tag leaves no tombstone
                facts.append(_Fact("tag", article_id, tag, before, None))
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
        return _commit(store, _tag_facts(store, ids, added, removed, origin))


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
        return _commit(store, facts)


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
        tagged, _ = _tag_rows(store, name, ids)
        everyone = all(i in tagged for i in ids)
        add, remove = ([], [name]) if everyone else ([name], [])
        return _commit(store, _tag_facts(store, ids, add, remove, "manual"))


def parse_tag_edit(text: str) -> tuple[list[str], list[str]]:
    """``"+a -b c"`` -> (["a", "c"], ["b"]): ``+`` adds, ``-`` removes, a bare word adds.

    Quotes group words (``+"Ukraine war"`` adds ``ukraine-war``); when a tag is both added and
    removed the last mention wins."""
    try:
        words = shlex.split(text)
    except ValueError:  # an unbalanced quote: take the words as they are
        words = text.split()
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
    for row in store.conn.execute(
        "SELECT tag, origin, count(*) FROM tags "
        "WHERE article_id IN (SELECT id FROM articles) GROUP BY tag, origin"
    ):
        counts.setdefault(row[0], {})[row[1]] = int(row[2])
    return sorted(counts.items(), key=lambda item: (-sum(item[1].values()), item[0]))


def all_tags(store: Store) -> list[str]:
    """Every tag name in use, sorted (for completion)."""
    return [str(r[0]) for r in store.conn.execute("SELECT DISTINCT tag FROM tags ORDER BY tag")]


# ---- read and starred ------------------------------------------------------------------------


def _set_flag(store: Store, ids: Iterable[str], flag: FactKind, value: bool) -> Change:
    wanted = _unique(ids)
    stamp = now_iso()
    with store.transaction():
        current: dict[str, tuple[bool, str]] = {}
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            for row in store.conn.execute(
                f"SELECT article_id, {flag}, {flag}_at FROM state WHERE article_id IN ({marks})",
                list(chunk),
            ):
                current[row[0]] = (bool(row[1]), str(row[2]))
        facts = []
        for article_id in wanted:
            on, at = current.get(article_id, (False, ""))
            if on != value:
                before = {"on": on, "at": at}
                after = {"on": value, "at": stamp if value else ""}
                facts.append(_Fact(flag, article_id, "", before, after))
        return _commit(store, facts)


def set_read(store: Store, article_ids: Iterable[str], value: bool = True) -> Change:
    """Mark articles read (or unread) as one undoable batch; unchanged ones are not journalled."""
    return _set_flag(store, article_ids, "read", value)


def set_starred(store: Store, article_ids: Iterable[str], value: bool = True) -> Change:
    """Star (or unstar) articles as one undoable batch."""
    return _set_flag(store, article_ids, "starred", value)


# ---- backup ----------------------------------------------------------------------------------

_ESCAPE = re.compile(r"[%=\s\x00-\x1f\x7f-\x9f]")


def _escape(tag: str) -> str:
    return _ESCAPE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), tag)


def _unescape(word: str) -> str:
    return unquote(word, errors="replace")


@dataclass(slots=True)
class _UserState:
    tags: dict[str, str]  # tag -> origin
    removed: set[str]
    read: bool = False
    starred: bool = False

    def words(self) -> list[str]:
        words = [
            "+" + _escape(tag) + ("" if origin == "manual" else f"={origin}")
            for tag, origin in sorted(self.tags.items())
        ]
        words += ["-" + _escape(tag) for tag in sorted(self.removed)]
        if self.read:
            words.append("is:read")
        if self.starred:
            words.append("is:starred")
        return words


def _load_states(store: Store) -> dict[str, _UserState]:
    states: dict[str, _UserState] = {}

    def state(article_id: str) -> _UserState:
        if article_id not in states:
            states[article_id] = _UserState({}, set())
        return states[article_id]

    conn = store.conn
    for row in conn.execute("SELECT article_id, tag, origin FROM tags"):
        state(row[0]).tags[row[1]] = row[2]
    for row in conn.execute("SELECT article_id, tag FROM tag_tombstones"):
        state(row[0]).removed.add(row[1])
    for row in conn.execute(
        "SELECT article_id, read, starred FROM state WHERE read = 1 OR starred = 1"
    ):
        entry = state(row[0])
        entry.read, entry.starred = bool(row[1]), bool(row[2])
    return states


def dump(store: Store) -> Iterator[str]:
    """The user's tags, tombstones and read/starred state, one line per article (no newlines).

    Keyed by article id, so it survives deleting and rebuilding the index."""
    with store.transaction():  # one consistent snapshot, read into memory before yielding
        states = _load_states(store)
    yield DUMP_HEADER
    for article_id in sorted(states):
        words = states[article_id].words()
        if words:
            yield " ".join([article_id, *words])


def _parse_dump(lines: Iterable[str]) -> dict[str, _UserState]:
    wanted: dict[str, _UserState] = {}
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        article_id, *words = text.split()
        if article_id[:1] in "+-" or ":" in article_id:
            raise DumpError(number, f"expected an article id first, found {article_id!r}")
        entry = wanted.setdefault(article_id, _UserState({}, set()))
        for word in words:
            if word == "is:read":
                entry.read = True
            elif word == "is:starred":
                entry.starred = True
            elif word.startswith("+"):
                name, _, origin = word[1:].partition("=")
                origin = origin or "manual"
                if origin not in TAG_ORIGINS:
                    raise DumpError(number, f"unknown tag origin {origin!r} in {word!r}")
                tag = normalise_tag(_unescape(name))
                if not tag:
                    raise DumpError(number, f"empty tag in {word!r}")
                entry.tags[tag] = origin
                entry.removed.discard(tag)
            elif word.startswith("-") and len(word) > 1:
                tag = normalise_tag(_unescape(word[1:]))
                if not tag:
                    raise DumpError(number, f"empty tag in {word!r}")
                entry.removed.add(tag)
                entry.tags.pop(tag, None)
            else:
                raise DumpError(number, f"expected +tag, -tag, is:read or is:starred: {word!r}")
    return wanted


def restore(store: Store, lines: Iterable[str]) -> int:
    """Make each listed article's tags and flags exactly what the backup says, as one undoable
    batch. Returns how many articles changed. Raises :class:`DumpError` for a malformed line
    (before anything is written)."""
    wanted = _parse_dump(lines)
    stamp = now_iso()
    with store.transaction():
        current = _load_states(store)
        created = {
            (r[0], r[1]): str(r[2])
            for r in store.conn.execute("SELECT article_id, tag, created_at FROM tags")
        }
        removed_at = {
            (r[0], r[1]): str(r[2])
            for r in store.conn.execute("SELECT article_id, tag, removed_at FROM tag_tombstones")
        }
        flag_at = {
            (r[0], flag): str(r[index])
            for r in store.conn.execute("SELECT article_id, read_at, starred_at FROM state")
            for index, flag in ((1, "read"), (2, "starred"))
        }
        facts: list[_Fact] = []
        for article_id, target in wanted.items():
            now = current.get(article_id, _UserState({}, set()))
            for tag in sorted(set(now.tags) | now.removed | set(target.tags) | target.removed):
                key = (article_id, tag)
                before: Value = None
                if tag in now.tags:
                    before = {"origin": now.tags[tag], "at": created.get(key, "")}
                elif tag in now.removed:
                    before = {"removed_at": removed_at.get(key, "")}
                after: Value = None
                if tag in target.tags:
                    same = before is not None and before.get("origin") == target.tags[tag]
                    after = before if same else {"origin": target.tags[tag], "at": stamp}
                elif tag in target.removed:
                    after = before if before and "removed_at" in before else {"removed_at": stamp}
                if after != before:
                    facts.append(_Fact("tag", article_id, tag, before, after))
            for flag, have, want in (
                ("read", now.read, target.read),
                ("starred", now.starred, target.starred),
            ):
                if have != want:
                    kind: FactKind = "read" if flag == "read" else "starred"
                    facts.append(
                        _Fact(
                            kind,
                            article_id,
                            "",
                            {"on": have, "at": flag_at.get((article_id, flag), "")},
                            {"on": want, "at": stamp if want else ""},
                        )
                    )
        change = _commit(store, facts)
    return change.articles
