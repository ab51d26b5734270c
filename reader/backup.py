"""The user's tags and read/starred state as plain text: ``reader tags dump`` and ``restore``.

One line per article with any user state::

    # reader tags dump 1
    0bbe3455ec65385e +ukraine +russia=source -sport is:read is:starred

``+tag`` is a manual tag, ``+tag=ORIGIN`` one with another origin (rule, source, suggestion),
``-tag`` a tag removed on purpose, ``is:read`` / ``is:starred`` the flags. In tag names ``%``,
``=``, whitespace and control characters are written as ``%XX`` (UTF-8 bytes). Lines starting
with ``#`` and blank lines are ignored. Restoring makes each listed article's state exactly what
its line says (one undoable batch of :mod:`reader.tags`); articles not listed are left alone.
The backup is keyed by article id, so it survives deleting and rebuilding the index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from reader.model import TAG_ORIGINS
from reader.store import Store, normalise_tag, now_iso
from reader.tags import Fact, FactKind, Value, commit

__all__ = ["DUMP_HEADER", "DumpError", "dump", "restore"]

DUMP_HEADER = "# reader tags dump 1"


class DumpError(ValueError):
    """A backup line that cannot be read; ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}")


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

    Keyed by article id, so it survives deleting and rebuilding the index."""
    with store.transaction():  # one consistent snapshot, read into memory before yielding
        states = _snapshot(store).states
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
