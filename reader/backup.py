"""The user's tags and read/starred state as plain text: ``reader tags dump`` and ``restore``.

One line per article with any user state::

    # reader tags dump 1
    0bbe3455ec65385e +ukraine +russia=source -sport is:read is:starred

``+tag`` is a manual tag, ``+tag=ORIGIN`` one with another origin (rule, source, suggestion),
``-tag`` a tag removed on purpose, ``is:read`` / ``is:starred`` the flags. In tag names ``%``,
``=``, whitespace, control, bidirectional and invisible characters are written as ``%XX`` (UTF-8
bytes), so a dump printed on a terminal is plain text. Lines starting with ``#`` and blank lines
are ignored. Restoring makes each listed article's state exactly what its line says (one
undoable batch of :mod:`reader.tags`); articles not listed are left alone. A backup is untrusted
text: escape sequences, controls and invisible characters in its tags are dropped on restore.
The backup is keyed by article id, so it survives deleting and rebuilding the index.

``reader index --rebuild`` (:func:`rebuild_store`) carries the user's data into a new index
through :mod:`reader.store.salvage`: tags, removed tags, read and starred state, entity
corrections, dismissed suggestions and tag kinds, read row by row from the old file (as much as
can be read of a damaged one), which is kept beside the new one.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

from reader.model import TAG_ORIGINS
from reader.safety import UNSAFE_CHARACTERS, strip_unsafe
from reader.store import DamagedStoreError, Store, StoreError, explain_error, normalise_tag, now_iso
from reader.store.salvage import Salvage, read_user_tables, write_user_tables
from reader.tags import Fact, FactKind, Value, commit

__all__ = [
    "DUMP_HEADER",
    "DamagedDump",
    "DumpError",
    "Rebuilt",
    "dump",
    "dump_damaged",
    "rebuild_store",
    "restore",
]

DUMP_HEADER = "# reader tags dump 1"


class DumpError(ValueError):
    """A backup line that cannot be read; ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}")


_ESCAPE = re.compile(f"[%=\\s\\r\\n\\t{UNSAFE_CHARACTERS}]")


def _escape(tag: str) -> str:
    return _ESCAPE.sub(
        lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8", "surrogatepass")), tag
    )


def _unescape(word: str) -> str:
    """A tag name from a backup: decoded, then cleaned like any text from outside."""
    return strip_unsafe(unquote(word, errors="replace"))


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


@dataclass(slots=True)
class _Snapshot:
    """Every article's user state, with the times each fact was set (for the journal)."""

    states: dict[str, _UserState]
    created: dict[tuple[str, str], str]  # (article, tag) -> when tagged
    removed_at: dict[tuple[str, str], str]  # (article, tag) -> when removed
    flag_at: dict[tuple[str, str], str]  # (article, flag) -> when set


def _snapshot(store: Store) -> _Snapshot:
    states: dict[str, _UserState] = {}

    def state(article_id: str) -> _UserState:
        if article_id not in states:
            states[article_id] = _UserState({}, set())
        return states[article_id]

    snapshot = _Snapshot(states, {}, {}, {})
    for article_id, row in store.every_tag():
        state(article_id).tags[row.tag] = row.origin
        snapshot.created[article_id, row.tag] = row.created_at
    for article_id, tag, removed_at in store.every_tombstone():
        state(article_id).removed.add(tag)
        snapshot.removed_at[article_id, tag] = removed_at
    for flags in store.every_state():
        snapshot.flag_at[flags.article_id, "read"] = flags.read_at
        snapshot.flag_at[flags.article_id, "starred"] = flags.starred_at
        if flags.read or flags.starred:
            entry = state(flags.article_id)
            entry.read, entry.starred = flags.read, flags.starred
    return snapshot


def dump(store: Store) -> Iterator[str]:
    """The user's tags, tombstones and read/starred state, one line per article (no newlines).

    Keyed by article id, so it survives deleting and rebuilding the index. A damaged index
    raises :class:`reader.store.DamagedStoreError` (then :func:`dump_damaged` reads what it can).
    """
    try:
        with store.transaction():  # one consistent snapshot, read into memory before yielding
            states = _snapshot(store).states
    except sqlite3.DatabaseError as error:
        explained = explain_error(error, store.path)
        if isinstance(explained, DamagedStoreError):
            raise explained from error
        raise
    yield from _dump_lines(states)


def _dump_lines(states: dict[str, _UserState]) -> Iterator[str]:
    yield DUMP_HEADER
    for article_id in sorted(states):
        words = states[article_id].words()
        if words:
            yield " ".join([article_id, *words])


@dataclass(slots=True)
class DamagedDump:
    """What could be read of a damaged index's user state, as dump lines, and for each table
    that could not be read to its end, why."""

    lines: list[str]
    lost: dict[str, str] = field(default_factory=dict)


def dump_damaged(database: Path) -> DamagedDump:
    """The dump of a damaged index: every tag, removed tag and flag still readable."""
    salvage = read_user_tables(database)
    states: dict[str, _UserState] = {}

    def state(article_id: object) -> _UserState | None:
        if not isinstance(article_id, str) or not article_id:
            return None
        return states.setdefault(article_id, _UserState({}, set()))

    for row in salvage.rows.get("tags", []):
        entry = state(row.get("article_id"))
        tag, origin = row.get("tag"), row.get("origin")
        if entry is not None and isinstance(tag, str) and tag and origin in TAG_ORIGINS:
            entry.tags[tag] = str(origin)
    for row in salvage.rows.get("tag_tombstones", []):
        entry = state(row.get("article_id"))
        tag = row.get("tag")
        if entry is not None and isinstance(tag, str) and tag:
            entry.removed.add(tag)
    for row in salvage.rows.get("state", []):
        entry = state(row.get("article_id"))
        if entry is not None:
            entry.read, entry.starred = bool(row.get("read")), bool(row.get("starred"))
    lost = {t: r for t, r in salvage.lost.items() if t in ("tags", "tag_tombstones", "state")}
    return DamagedDump(list(_dump_lines(states)), lost)


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
        snapshot = _snapshot(store)
        facts: list[Fact] = []
        for article_id, target in wanted.items():
            now = snapshot.states.get(article_id, _UserState({}, set()))
            for tag in sorted(set(now.tags) | now.removed | set(target.tags) | target.removed):
                key = (article_id, tag)
                before: Value = None
                if tag in now.tags:
                    before = {"origin": now.tags[tag], "at": snapshot.created.get(key, "")}
                elif tag in now.removed:
                    before = {"removed_at": snapshot.removed_at.get(key, "")}
                after: Value = None
                if tag in target.tags:
                    same = before is not None and before.get("origin") == target.tags[tag]
                    after = before if same else {"origin": target.tags[tag], "at": stamp}
                elif tag in target.removed:
                    after = before if before and "removed_at" in before else {"removed_at": stamp}
                if after != before:
                    facts.append(Fact("tag", article_id, tag, before, after))
            flags: tuple[tuple[FactKind, bool, bool], ...] = (
                ("read", now.read, target.read),
                ("starred", now.starred, target.starred),
            )
            for kind, have, want in flags:
                if have != want:
                    facts.append(
                        Fact(
                            kind,
                            article_id,
                            "",
                            {"on": have, "at": snapshot.flag_at.get((article_id, kind), "")},
                            {"on": want, "at": stamp if want else ""},
                        )
                    )
        change = commit(store, facts)
    return change.articles


# ---- rebuilding the index ------------------------------------------------------------------


@dataclass(slots=True)
class Rebuilt:
    """What a rebuild carried over: rows per user table, the tables not read to their end (and
    why), the old file's new name, and the files the old index had read (to index again)."""

    kept: dict[str, int]
    lost: dict[str, str]
    old_file: Path | None
    files: list[str]


def rebuild_store(database: Path) -> tuple[Store, Rebuilt]:
    """A new, empty index at ``database`` holding the user's data from the old one.

    The old file (damaged, too new, or sound) is renamed ``NAME.before-rebuild-STAMP`` (its WAL
    files with it), never deleted; the user's tables are read from it row by row first. The
    caller indexes the archive into the store returned."""
    salvage = read_user_tables(database) if database.exists() else Salvage()
    old_file: Path | None = None
    if database.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        old_file = database.with_name(f"{database.name}.before-rebuild-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            part = Path(str(database) + suffix)
            if part.exists():
                try:
                    part.rename(Path(str(old_file) + suffix))
                except OSError as error:
                    raise explain_error(error, database) from error
    store = Store.open(database)
    if store.read_only:
        store.close()
        raise StoreError(
            f"cannot rebuild the index {database}: its folder is read-only",
            "make the data folder writable, or use another with --data-dir",
        )
    kept = write_user_tables(store, salvage)
    return store, Rebuilt(kept, dict(salvage.lost), old_file, list(salvage.files))
