"""The ``reader`` command: ``reader [PATH]`` opens the terminal reader, subcommands script it.

Each subcommand lives in a module of this package exposing ``register(subparsers)``; the
parser sets ``args.run`` to a function ``(args, ctx) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reader import __version__
from reader.config import Config
from reader.locations import Locations, resolve
from reader.store import Store

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
            self._store = Store.open(self.locations.ensure().database)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


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
        return _open_tui(head + rest)
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace, Context], int] | None = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return 2
    ctx = Context(resolve(args.data_dir))
    try:
        return run(args, ctx)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    finally:
        ctx.close()


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

    if args.ner is None:
        return run_tui(resolve(args.data_dir), args.paths, headless_check=args.headless_check)
    from reader.entities import prefer

    # The reader's background jobs read `ner` from the config; this outranks it for the run.
    prefer(args.ner)
    try:
        return run_tui(resolve(args.data_dir), args.paths, headless_check=args.headless_check)
    finally:
        prefer(None)
