"""The sample stays a sample: ``reader`` with no path opens the user's index when it has articles
or an archive is configured; only an empty setup shows the bundled sample, from a throwaway
index, never written into the user's."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from reader.config import Config
from reader.indexing import archive_paths, choose_opening, index_paths
from reader.locations import Locations, seeds_dir
from reader.store import Store
from tests.support import SEED


def _user_articles(locations: Locations) -> int:
    if not locations.database.exists():
        return 0
    with sqlite3.connect(locations.database) as conn:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def test_an_empty_setup_opens_the_sample_in_a_throwaway_index(
    locations: Locations, tmp_path: Path
) -> None:
    opening = choose_opening(locations, Config(), [], tmp_path / "scratch")
    assert opening.sample and opening.paths == [seeds_dir()]
    assert opening.locations.database.parent == tmp_path / "scratch"
    assert opening.locations.config_file == locations.config_file  # the user's settings


def test_a_users_index_with_articles_opens_as_it_is(
    locations: Locations, tmp_path: Path
) -> None:
    archive = tmp_path / "mine"
    archive.mkdir()
    (archive / "a.json").write_text(json.dumps({"title": "Mine", "body": "Text."}), "utf-8")
    with Store.open(locations.database) as store:
        index_paths(store, [archive])
    opening = choose_opening(locations, Config(), [], tmp_path / "scratch")
    assert not opening.sample and opening.paths == [] and opening.locations == locations


def test_a_configured_archive_or_given_paths_open_the_users_index(
    locations: Locations, tmp_path: Path
) -> None:
    configured = choose_opening(locations, Config(archive=[str(tmp_path)]), [], tmp_path / "s")
    assert not configured.sample and configured.paths == [tmp_path]
    given = choose_opening(locations, Config(), [SEED], tmp_path / "s")
    assert not given.sample and given.paths == [SEED] and given.locations == locations


def test_index_again_without_a_path_checks_the_files_already_indexed(
    locations: Locations, tmp_path: Path
) -> None:
    archive = tmp_path / "mine"
    archive.mkdir()
    note = archive / "a.json"
    note.write_text(json.dumps({"title": "Mine", "body": "Text."}), "utf-8")
    (archive / "b.json").write_text(json.dumps({"title": "Other", "body": "Text."}), "utf-8")
    with Store.open(locations.database) as store:
        index_paths(store, [note])
        assert archive_paths(store, Config()) == [note]  # not its neighbours
        assert archive_paths(store, Config(archive=[str(archive)])) == [archive]


def test_reader_with_no_path_shows_the_sample_and_leaves_the_users_index_empty(
    locations: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.tui.run import run_tui

    assert run_tui(locations, [], headless_check=True) == 0
    shown = capsys.readouterr().out.strip()
    assert shown  # the sample's title
    assert _user_articles(locations) == 0
    # A second time still: the sample never became part of the user's index.
    assert run_tui(locations, [], headless_check=True) == 0
    assert capsys.readouterr().out.strip() == shown
    assert _user_articles(locations) == 0


def test_reader_index_with_nothing_to_index_says_what_to_do(
    locations: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.cli import main

    assert main(["index"]) == 1
    captured = capsys.readouterr()
    assert "nothing to index" in captured.err and "archive" in captured.err
    assert _user_articles(locations) == 0  # the bundled sample was not indexed instead
    assert main(["index", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["articles"] == 0
