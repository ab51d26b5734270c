"""``reader [PATH]``: open the store, pick what to index, run the terminal reader."""

from __future__ import annotations

import sys
from pathlib import Path

from reader.config import Config
from reader.locations import Locations, seeds_dir
from reader.store import Store


def run_tui(locations: Locations, paths: list[str], *, headless_check: bool = False) -> int:
    """Index ``paths`` (else the configured archive, else the bundled seeds) and read them.

    With ``headless_check`` the reader runs without a terminal, indexes, renders the first
    article once, prints its title and exits: a smoke test for installed packages."""
    from reader.tui.app import ReaderApp  # Textual loads only when the reader opens

    locations.ensure()
    # Problems in config.toml are shown in the reader itself, where they can be seen.
    config, problems = Config.read(locations.config_file)
    targets = [Path(p).expanduser() for p in (paths or config.archive)] or [seeds_dir()]
    absent = [str(p) for p in targets if not p.exists()]
    if absent:
        print(f"reader: no such file or folder: {', '.join(absent)}", file=sys.stderr)
        return 2
    with Store.open(locations.database) as store:
        app = ReaderApp(
            locations,
            store,
            targets,
            config=config,
            config_problems=problems,
            headless_check=headless_check,
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
