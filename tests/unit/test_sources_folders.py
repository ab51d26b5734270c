"""Folders as metadata: the rules on their own, then an archive sorted by folder indexed and
queried as a user would, with the rules changed in config.toml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.locations import Locations
from reader.model import Article, Block
from reader.sources.folders import (
    ArchiveFolders,
    FolderMeta,
    FolderRules,
    complete,
    folder_meta,
)

RULES = FolderRules()


@pytest.mark.parametrize(
    ("names", "meta"),
    [
        (["bbc", "business"], FolderMeta(source="bbc", topics=("business",))),
        (["business"], FolderMeta(topics=("business",))),
        (["Local-News"], FolderMeta(source="Local-News")),
        (["guardian", "2024", "03"], FolderMeta(source="guardian", date="2024-03")),
        (["2024", "03", "15"], FolderMeta(date="2024-03-15")),
        (["2024", "3", "5", "sport"], FolderMeta(topics=("sport",), date="2024-03-05")),
        (["2024-03-15"], FolderMeta(date="2024-03-15")),
        (["2024_03_15", "harbour-gazette"], FolderMeta(source="harbour-gazette",
                                                       date="2024-03-15")),
        (["20240315"], FolderMeta(date="2024-03-15")),
        (["2023", "02", "30"], FolderMeta(date="2023-02")),  # no such day: the month stays
        (["2019"], FolderMeta(date="2019")),
        (["gazette", "drafts", "batch-7"], FolderMeta(source="gazette")),
        (["Tech", "Science"], FolderMeta(topics=("Tech", "Science"))),
        ([], FolderMeta()),
    ],
)  # fmt: skip
def test_default_rules(names: list[str], meta: FolderMeta) -> None:
    assert folder_meta(names, RULES) == meta


def test_the_first_folder_can_be_fixed_as_source_or_topic_or_ignored() -> None:
    as_source, _ = FolderRules.from_settings(True, "source", ["business"])
    assert folder_meta(["business", "2024"], as_source) == FolderMeta(source="business",
                                                                       date="2024")
    as_topic, _ = FolderRules.from_settings(True, "Topic", [])
    assert folder_meta(["harbour"], as_topic) == FolderMeta(topics=("harbour",))
    ignored, _ = FolderRules.from_settings(False, "none", [])
    assert folder_meta(["bbc", "2024", "03"], ignored) == FolderMeta()
    own_words, _ = FolderRules.from_settings(True, "auto", ["Harbour News"])
    assert folder_meta(["harbour_news"], own_words) == FolderMeta(topics=("harbour_news",))


def test_a_wrong_choice_is_reported_and_auto_used() -> None:
    rules, warnings = FolderRules.from_settings(True, "sideways", [])
    assert rules.first == "auto"
    assert warnings == ["folder_first: 'sideways' is not one of auto, source, topic, none; "
                        "'auto' used"]  # fmt: skip


def test_only_what_the_file_lacks_is_taken_from_its_folders() -> None:
    meta = FolderMeta(source="bbc", topics=("business",), date="2024-03")
    bare = Article(title="Rates held", blocks=[Block("paragraph", "Text.")])
    assert complete(bare, meta) == Article(
        title="Rates held", blocks=bare.blocks, source="bbc", topics=["business"], date="2024-03"
    )
    own = Article(title="Rates held", source="BBC News", topics=["Economy"], date="2024-03-02")
    assert complete(own, meta) == own


def test_folders_are_counted_from_the_deepest_archive_root(tmp_path: Path) -> None:
    archive = ArchiveFolders(RULES, (tmp_path, tmp_path / "bbc"))
    assert archive.names(tmp_path / "bbc" / "business" / "1.txt") == ["business"]
    assert archive.names(tmp_path / "guardian" / "1.txt") == ["guardian"]
    assert archive.names(tmp_path / "top.txt") == []
    assert archive.names(Path("/elsewhere/x.txt")) == []


STORY = (
    "The harbour board met on Tuesday and agreed to dredge the channel before the summer,"
    " after two boats ran aground in the autumn.\n"
    "Work starts in April and should take about six weeks, the board's chair said.\n"
)


def _write(path: Path, title: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n{STORY}", encoding="utf-8")


def _titles(capsys: pytest.CaptureFixture[str], query: str) -> list[str]:
    assert main(["list", query, "--json"]) == 0
    return sorted(item["title"] for item in json.loads(capsys.readouterr().out))


def test_an_archive_sorted_by_folder_is_queryable_by_source_topic_and_date(
    tmp_path: Path, locations: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "archive"
    _write(root / "bbc" / "business" / "one.txt", "Dredging the harbour channel")
    _write(root / "bbc" / "one.txt", "Harbour board meets")
    _write(root / "2024" / "03" / "15" / "one.txt", "Spring tides expected")
    _write(root / "sport" / "one.txt", "Regatta moved to May")
    # A file that names its own date keeps it.
    (root / "2024" / "03" / "15" / "own.md").write_text(
        "---\ntitle: Lighthouse repainted\ndate: 2023-05-04\n---\nThe lighthouse was repainted"
        " white and red over the winter, as it was a century ago.\n",
        encoding="utf-8",
    )
    assert main(["index", "--no-entities", str(root)]) == 0
    capsys.readouterr()

    assert _titles(capsys, "source:bbc") == ["Dredging the harbour channel",
                                             "Harbour board meets"]  # fmt: skip
    assert _titles(capsys, "topic:business") == ["Dredging the harbour channel"]
    assert _titles(capsys, "topic:sport") == ["Regatta moved to May"]
    assert _titles(capsys, "date:2024-03-15") == ["Spring tides expected"]
    assert _titles(capsys, "date:2023-05-04") == ["Lighthouse repainted"]

    assert main(["list", "topic:business", "--json"]) == 0
    [shown] = json.loads(capsys.readouterr().out)
    assert main(["show", shown["id"]]) == 0
    header = capsys.readouterr().out.split("\n\n")[0]
    assert "bbc" in header and "business" in header.lower()


def test_the_rules_are_changed_in_the_config(
    tmp_path: Path, locations: Locations, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "archive"
    _write(root / "harbour" / "2024-03" / "one.txt", "Dredging the harbour channel")
    locations.config_file.write_text(
        'folder_first = "topic"\nfolder_dates = false\n', encoding="utf-8"
    )
    assert main(["index", "--no-entities", str(root)]) == 0
    capsys.readouterr()
    assert _titles(capsys, "topic:harbour") == ["Dredging the harbour channel"]
    assert _titles(capsys, "date:2024") == []
    assert _titles(capsys, "source:harbour") == []
