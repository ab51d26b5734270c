"""``reader [PATH]``: open the store, pick what to index, run the terminal reader."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from reader.cli.output import announce_upgrade
from reader.config import Config
from reader.indexing import choose_opening, warm_up
from reader.locations import Locations
from reader.store import Store


def run_tui(
    locations: Locations, paths: list[str], *, headless_check: bool = False, ner: str | None = None
) -> int:
    """Index ``paths`` (else the configured archive) into the user's index and read them; with
    neither, open the user's index as it is, or, in an empty setup, the bundled sample from a
    throwaway index (the sample is never written into the user's).

    With ``headless_check`` the reader runs without a terminal, indexes, renders the first
    article once, prints its title and exits: a smoke test for installed packages. ``ner``
    (``--ner``) outranks the configuration's recogniser for this run."""
    locations.ensure()
    announce_upgrade(locations.database)
    # Problems in config.toml are shown in the reader itself, where they can be seen.
    config, problems = Config.read(locations.config_file)
    if ner is not None:
        config.ner = ner
    if paths or config.archive:
        # First: the worker processes load the parsers while the reader itself loads (half a
        # second each, on different cores), so a first run's rows come sooner.
        warm_up()
    from reader.tui.app import ReaderApp  # Textual loads only when the reader opens
    with tempfile.TemporaryDirectory(prefix="reader-sample-") as scratch:
        opening = choose_opening(
            locations, config, [Path(p).expanduser() for p in paths], Path(scratch)
        )
        absent = [str(p) for p in opening.paths if not p.exists()]
        if absent:
            print(f"reader: no such file or folder: {', '.join(absent)}", file=sys.stderr)
            return 2
        with Store.open(opening.locations.database) as store:
            app = ReaderApp(
                opening.locations, store, opening.paths, config=config,
                config_problems=problems, headless_check=headless_check,
                watch_folders=(
                    config.watch_archive and not opening.sample and not headless_check
                ),
            )
            if headless_check:
                title = app.run(headless=True, size=(120, 40))
                if app.return_code != 0 or title is None:
                    print("reader: the headless check found no article to show", file=sys.stderr)
                    return app.return_code or 1
                print(title)
                return 0
            app.run()
            return app.return_code or 0
