"""The ``reader`` command: ``reader [PATH]`` opens the terminal reader, subcommands script it.

Each subcommand lives in a module of this package exposing ``register(subparsers)``; the
parser sets ``args.run`` to a function ``(args, ctx) -> int``.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reader import __version__
from reader.cli.output import announce_upgrade, fail, guarded_streams
from reader.config import Config
from reader.locations import Locations, resolve
from reader.safety import display_path
from reader.store import Store, StoreError, explain_error

# Set to see the traceback of an unexpected error instead of its one-line report.
DEBUG_ENV = "READER_DEBUG"

# Modules that define subcommands, in the order they appear in --help.
COMMAND_MODULES = (
    "reader.cli.index",
    "reader.cli.articles",
    "reader.cli.tags",
    "reader.cli.topics",
    "reader.cli.entities",
    "reader.cli.extract",
)


@dataclass(slots=True)
class Context:
    """What every subcommand gets: where things live, and the configuration and the store,
    each loaded or opened once, on demand."""

    locations: Locations
    _store: Store | None = None
    _config: tuple[Config, list[str]] | None = None

    @property
    def config(self) -> Config:
        return self._loaded_config()[0]

    @property
    def config_warnings(self) -> list[str]:
        """What was ignored in config.toml (``reader index`` reports it)."""
        return self._loaded_config()[1]

    def _loaded_config(self) -> tuple[Config, list[str]]:
        if self._config is None:
            self._config = Config.load(self.locations.config_file)
        return self._config

    @property
    def store(self) -> Store:
        if self._store is None:
            database = self._ensure_folders().database
            announce_upgrade(database)
            self._store = Store.open(database)
        return self._store

    def _ensure_folders(self) -> Locations:
        for folder in (self.locations.data_dir, self.locations.config_dir):
            if folder.exists() and not folder.is_dir():
                raise StoreError(
                    f"the data folder {display_path(folder)} is a file, not a folder",
                    "give another with --data-dir or READER_HOME",
                )
        try:
            return self.locations.ensure()
        except OSError as error:
            if self.locations.database.is_file():
                return self.locations  # a read-only home that already holds an index
            raise explain_error(error, self.locations.data_dir) from error

    def close(self) -> None:
        if self._store is not None:
            store, self._store = self._store, None
            # Closing a damaged or vanished database: nothing is left to save.
            with contextlib.suppress(sqlite3.Error):
                store.close()


def build_parser() -> tuple[argparse.ArgumentParser, set[str]]:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="A terminal news reader for your own archive. "
        "`reader [PATH]` opens the reader; the subcommands below script it.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep the index, state and config in DIR (also: READER_HOME)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser, set(subparsers.choices)


def _global_options(argv: list[str]) -> tuple[list[str], list[str]]:
    """Split leading global options (``--data-dir DIR``) from the rest."""
    head: list[str] = []
    rest = list(argv)
    while rest and rest[0].startswith("--data-dir"):
        option = rest.pop(0)
        head.append(option)
        if "=" not in option and rest:
            head.append(rest.pop(0))
    return head, rest


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser, commands = build_parser()
    head, rest = _global_options(argv)
    if not rest or (rest[0] not in commands and rest[0] not in ("-h", "--help", "--version")):
        # `reader [--data-dir DIR] [PATH ...] [--ner NAME]`: open the terminal reader.
        try:
            return _open_tui(head + rest)
        except StoreError as error:
            return fail(error.message, error.advice)
        except OSError as error:
            explained = explain_error(error, None)
            return fail(explained.message, explained.advice)
    # Everything a command prints passes the sanitiser (reader.cli.output), whatever prints it.
    with guarded_streams():
        return _run_command(parser, argv)


def _run_command(parser: argparse.ArgumentParser, argv: list[str]) -> int:
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace, Context], int] | None = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return 2
    ctx = Context(resolve(args.data_dir))
    try:
        return run(args, ctx)
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        return 130
    except StoreError as error:
        return fail(error.message, error.advice)
    except sqlite3.Error as error:
        # A failure met mid-command (a damaged page, a full disk, a lock held too long): the
        # command's transaction was rolled back; say what happened and what to do.
        explained = explain_error(error, ctx.locations.database)
        return fail(explained.message, explained.advice)
    except OSError as error:
        target = display_path(error.filename) if isinstance(error.filename, str) else "a file"
        if error.errno == errno.ENOSPC:
            return fail(
                f"the disk is full (writing {target})",
                "free some space and run the command again",
            )
        return fail(f"cannot use {target}: {error.strerror or error}")
    except RecursionError:
        return fail("the input is nested too deeply to be handled", status=2)
    except MemoryError:
        return fail("not enough memory for this command", "try it on fewer articles")
    except Exception as error:  # a bug: one line, and the traceback on request
        if os.environ.get(DEBUG_ENV):
            raise
        return fail(
            f"unexpected error ({type(error).__name__}: {error})",
            f"this is a bug in reader; {DEBUG_ENV}=1 shows where it happened",
        )
    finally:
        ctx.close()


def _silence_stdout() -> None:
    """After the reader of a pipe went away (``reader list | head``), later writes and the
    final flush must not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
    except (OSError, ValueError):
        pass


def _open_tui(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="reader", add_help=True)
    parser.add_argument("--data-dir", metavar="DIR")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="archive folders or files")
    parser.add_argument(
        "--headless-check",
        action="store_true",
        help=argparse.SUPPRESS,  # used by packaging checks: open, index, render once, exit
    )
    parser.add_argument(
        "--ner",
        choices=("crf", "spacy"),
        help="entity recogniser for this run (default: the config's `ner`, else crf)",
    )
    args = parser.parse_args(argv)
    from reader.tui.run import run_tui  # Textual is only imported when the TUI is wanted

    return run_tui(
        resolve(args.data_dir), args.paths, headless_check=args.headless_check, ner=args.ner
    )
