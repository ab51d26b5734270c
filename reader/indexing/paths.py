"""Finding the files of an archive and reading them with bounded work.

An archive is untrusted: it may hold named pipes (opening one for reading waits for a writer
forever), devices (``/dev/zero`` never ends), links to anywhere on the disk, folder loops, and
names that are not valid UTF-8 (common in old zips). Here:

- only regular files are read; anything else is a recorded problem;
- links are followed only when they lead inside the archive's roots (unless the caller allows
  more), and every folder is walked once, so a link loop ends;
- a file is opened without blocking and checked again on the open descriptor, and reads stop at
  the size limit whatever the file claims its size is;
- a name that is not UTF-8 is kept for the file system and shown (and stored) escaped.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.model import Problem

__all__ = [
    "Found",
    "NotReadable",
    "ReadResult",
    "fs_path",
    "path_key",
    "read_bounded",
    "too_large",
    "walk",
]

# The format recorded for a folder or path that could not be walked.
WALK_FORMAT = "folder"
_CHUNK = 1024 * 1024


def path_key(path: str) -> str:
    """The path as the index stores and shows it: itself when it is valid UTF-8, else with the
    undecodable bytes written as ``\\xNN`` (so it can be stored, printed and compared)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return path


def fs_path(stored: str) -> str:
    """The file system's name for a stored path (undoing :func:`path_key` when the stored
    form does not name a file as it is)."""
    if "\\x" not in stored or os.path.lexists(stored):
        return stored
    raw = _ESCAPED.sub(lambda m: bytes([int(m.group(1), 16)]), stored.encode("utf-8"))
    return os.fsdecode(raw)


_ESCAPED = re.compile(rb"\\x([0-9a-fA-F]{2})")


def too_large(path: str | os.PathLike[str], size: int, limit: int) -> Problem:
    """The problem recorded for a file over the size limit (``max_file_mb``)."""
    return Problem(
        str(path),
        "file too large",
        f"{size / 1048576:.1f} MB is over the {limit / 1048576:.0f} MB limit",
    )


@dataclass(frozen=True, slots=True)
class Found:
    """A file the walk found: how to open it, how the index names it, and its stat. A path
    that cannot be read at all carries its ``problem`` instead."""

    path: str  # for the file system (may hold surrogate escapes)
    key: str  # as stored and shown (see path_key)
    size: int
    mtime_ns: int
    link: bool = False  # reached through a link the walk allowed: open through it
    problem: Problem | None = None
    folder: bool = False  # the problem is a folder's (it holds no articles)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a plain file"


def _not_regular(path: str, key: str, st: os.stat_result) -> Found:
    return Found(path, key, st.st_size, st.st_mtime_ns,
                 problem=Problem(key, "not a regular file", _kind(st.st_mode)))


class _Walk:
    def __init__(self, roots: Sequence[str], follow_outside: bool) -> None:
        self.roots = [os.path.realpath(r) for r in roots]
        self.follow_outside = follow_outside
        self.visited: set[tuple[int, int]] = set()

    def inside(self, target: str) -> bool:
        return any(
            target == root or target.startswith(root.rstrip(os.sep) + os.sep)
            for root in self.roots
        )

    def entry(self, path: str, linked: bool) -> Iterator[Found]:
        """One path of a folder (or given directly): a file, a folder to walk, or a problem."""
        key = path_key(path)
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return  # gone between listing and looking: the next run sees it gone
        except OSError as error:
            yield Found(path, key, 0, 0, problem=Problem(key, "cannot read file",
                                                         error.strerror or str(error)))
            return
        if stat.S_ISLNK(st.st_mode):
            target = os.path.realpath(path)
            if not self.follow_outside and not self.inside(target):
                yield Found(path, key, st.st_size, st.st_mtime_ns, problem=Problem(
                    key, "link outside the archive",
                    f"leads to {path_key(target)}; not followed"))
                return
            try:
                st = os.stat(path)
            except OSError as error:
                yield Found(path, key, st.st_size, st.st_mtime_ns, problem=Problem(
                    key, "broken link", error.strerror or str(error)))
                return
            linked = True
        if stat.S_ISDIR(st.st_mode):
            yield from self.folder(path, st)
        elif stat.S_ISREG(st.st_mode):
            yield Found(path, key, st.st_size, st.st_mtime_ns, link=linked)
        else:
            yield _not_regular(path, key, st)

    def folder(self, path: str, st: os.stat_result) -> Iterator[Found]:
        identity = (st.st_dev, st.st_ino)
        if identity in self.visited:
            return  # walked already (a link to a folder seen, or a loop)
        self.visited.add(identity)
        try:
            with os.scandir(path) as listing:
                names = sorted(e.name for e in listing if not e.name.startswith("."))
        except OSError as error:
            key = path_key(str(error.filename or path))
            yield Found(path, key, 0, 0, folder=True, problem=Problem(
                key, "cannot read folder", error.strerror or str(error)))
            return
        for name in names:
            yield from self.entry(os.path.join(path, name), False)


def walk(
    scopes: Sequence[Path | str],
    roots: Sequence[Path | str] = (),
    *,
    follow_outside: bool = False,
    vanished: list[str] | None = None,
) -> Iterator[Found]:
    """Every file under ``scopes`` in a stable order (hidden names skipped), with problems for
    what cannot be read. Links are followed when they lead inside ``roots`` (the scopes
    themselves when none are given) or when ``follow_outside`` says so.

    A scope that does not exist is a problem, or, when ``vanished`` is given, is added to it:
    a watched file that was deleted is news, not a problem."""
    walker = _Walk([str(r) for r in (roots or scopes)], follow_outside)
    for scope in scopes:
        path = str(scope)
        if not os.path.lexists(path):
            if vanished is not None:
                vanished.append(path_key(path))
            else:
                key = path_key(path)
                yield Found(path, key, 0, 0, folder=True,
                            problem=Problem(key, "no such file or folder"))
            continue
        if roots:  # a scope inside the archive: its links are checked like any other
            yield from walker.entry(path, False)
            continue
        # A root the user named is followed wherever it leads.
        key = path_key(path)
        try:
            st = os.stat(path)
        except OSError as error:
            yield Found(path, key, 0, 0, folder=True, problem=Problem(
                key, "cannot read file", error.strerror or str(error)))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from walker.folder(path, st)
        elif stat.S_ISREG(st.st_mode):
            yield Found(path, key, st.st_size, st.st_mtime_ns, link=os.path.islink(path))
        else:
            yield _not_regular(path, key, st)


class NotReadable(Exception):
    """A file that cannot be read as asked, with the problem to record."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.reason)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class ReadResult:
    data: bytes
    size: int  # as read
    mtime_ns: int
    changed: bool  # the file changed while it was being read


_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def read_bounded(path: str, key: str, limit: int, *, follow: bool = False) -> ReadResult:
    """A regular file's bytes, never more than ``limit``; raises :class:`NotReadable`.

    Opened without blocking (a named pipe put in a file's place opens at once and is refused)
    and without following a link unless ``follow``; the kind and size are checked on the open
    descriptor, and reading stops after ``limit + 1`` bytes whatever the file says its size is.
    """
    try:
        fd = os.open(path, _FLAGS | (0 if follow else _NOFOLLOW))
    except OSError as error:
        if not follow and os.path.islink(path):
            raise NotReadable(Problem(key, "link outside the archive",
                                      "became a link while indexing; not followed")) from error
        raise NotReadable(Problem(key, "cannot read file",
                                  error.strerror or str(error))) from error
    try:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode):
            raise NotReadable(Problem(key, "not a regular file", _kind(before.st_mode)))
        if before.st_size > limit:
            raise NotReadable(too_large(key, before.st_size, limit))
        parts: list[bytes] = []
        total = 0
        # One read of the whole file in the usual case; a file that grows or lies about its size
        # (/proc, a device behind a link) is read in chunks up to just past the limit.
        want = min(before.st_size + 1, limit + 1)
        while total <= limit:
            try:
                part = os.read(fd, max(1, min(want, limit + 1 - total)))
            except BlockingIOError:
                part = b""
            if not part:
                break
            parts.append(part)
            total += len(part)
            want = _CHUNK
        if total > limit:
            raise NotReadable(too_large(key, total, limit))
        after = os.fstat(fd)
    except OSError as error:
        raise NotReadable(Problem(key, "cannot read file", error.strerror or str(error))) from error
    finally:
        os.close(fd)
    data = parts[0] if len(parts) == 1 else b"".join(parts)
    changed = (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns)
    return ReadResult(data, after.st_size, after.st_mtime_ns, changed)
