"""Everything the command line prints goes through here.

:func:`guarded_streams` wraps standard output and standard error for the run of a command, so
whatever a command prints, however it prints it, reaches the terminal through
:func:`reader.safety.safe_text`: no escape sequence, control, bidirectional control or
invisible character from an archive can act on the terminal, even from a command written
later. Commands format one-line fields with :func:`reader.safety.safe_line` (a newline in a
title must not forge a line of a listing) and print JSON with :func:`emit_json`, which escapes
rather than replaces, so scripts get the data exactly.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from reader.safety import display_path, safe_json, safe_line, safe_text
from reader.store import upgrade_pending

__all__ = [
    "GuardedStream",
    "InputFileError",
    "emit_json",
    "fail",
    "guarded_streams",
    "read_input_file",
    "unguarded",
]


class GuardedStream(io.TextIOBase):
    """A text stream that writes through :func:`reader.safety.safe_text` to another one."""

    def __init__(self, inner: TextIO) -> None:
        super().__init__()
        self.inner = inner

    def write(self, text: str) -> int:
        self.inner.write(safe_text(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self.inner.flush()

    def isatty(self) -> bool:
        return self.inner.isatty()

    def fileno(self) -> int:
        return self.inner.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.inner, "encoding", "utf-8") or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.inner, "errors", None)


def unguarded(stream: TextIO) -> TextIO:
    """The terminal behind a guarded stream, for what the reader draws itself from its own
    words and numbers (progress bars move the cursor with escape sequences); never for text
    from the archive."""
    return stream.inner if isinstance(stream, GuardedStream) else stream


@contextmanager
def guarded_streams() -> Iterator[None]:
    """Standard output and error guarded for the duration (restored after, even on error)."""
    out, err = sys.stdout, sys.stderr
    if isinstance(out, GuardedStream):  # already guarded (a command calling main again)
        yield
        return
    sys.stdout, sys.stderr = GuardedStream(out), GuardedStream(err)
    try:
        yield
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            sys.stdout, sys.stderr = out, err


def emit_json(document: Any, *, indent: int | None = 2) -> None:
    """Print one JSON document: data kept exactly, anything that could act on a terminal
    escaped (:func:`reader.safety.safe_json`)."""
    print(safe_json(document, indent=indent))


def fail(message: str, advice: str = "", status: int = 1) -> int:
    """Report a failure as one line on standard error: what happened, then what to do about
    it; the exit status for it."""
    text = f"reader: {message}"
    if advice:
        text += f"; {advice}"
    print(safe_line(text), file=sys.stderr)
    return status


def announce_upgrade(database: Path) -> None:
    """Say so before an index written by an earlier version is upgraded: over a large archive
    it takes a while (tens of seconds at a million articles), and nothing else is shown."""
    if upgrade_pending(database):
        print(
            f"reader: upgrading the index {display_path(str(database))} for this version "
            "(once; a large archive takes a while)",
            file=sys.stderr,
            flush=True,
        )


class InputFileError(Exception):
    """A file named on the command line that cannot be read as one, said as a sentence."""


def read_input_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file named on the command line, at most ``limit`` of them.

    A FIFO would block the command for ever and ``/dev/zero`` (or a link to it) fill memory:
    the file is opened without blocking and checked to be a regular file before any read, and
    the read stops past the limit."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise InputFileError(
            f"cannot read {display_path(path)}: {error.strerror or error}"
        ) from error
    with os.fdopen(descriptor, "rb") as handle:
        kind = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(kind):
            raise InputFileError(f"{display_path(path)} is not a regular file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputFileError(
            f"{display_path(path)} is larger than {limit // (1024 * 1024)} MB (max_file_mb)"
        )
    return data
