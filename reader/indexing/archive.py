"""The user's archive as a whole: an import with the user's settings, rules and names; indexing
again on demand; and what ``reader`` with no path opens.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.config import Config
from reader.entities import RecogniserUnavailable, regroup_names
from reader.indexing.names import NameFinder, find_names
from reader.indexing.paths import WALK_FORMAT, fs_path
from reader.indexing.pool import Budget
from reader.indexing.progress import ProgressFn, ProgressTracker
from reader.indexing.run import IndexSummary, index_paths
from reader.locations import Locations, seeds_dir
from reader.sources.folders import FolderRules
from reader.store import Store

__all__ = ["Opening", "archive_paths", "choose_opening", "reindex", "update_archive"]


def update_archive(
    store: Store,
    locations: Locations,
    paths: Sequence[Path | str],
    *,
    config: Config | None = None,
    names: NameFinder | None = None,
    progress: ProgressFn | None = None,
    tracker: ProgressTracker | None = None,
    cancelled: Callable[[], bool] | None = None,
    roots: Sequence[Path | str] = (),
    workers: int | None = None,
    budget: Budget | None = None,
) -> IndexSummary:
    """What ``reader index`` and the reader do: index with the user's size limit, give each
    batch of articles the tags the user's rules add as it is written, then (with ``names``)
    find the names of every article that has none yet, on every core.

    ``config`` is the configuration the caller loaded; without one it is read here and its
    warnings join the summary's. A recogniser that cannot run leaves ``names_problem`` set
    and the index complete without names."""
    from reader.topics import apply_rules, load_rules  # rules need the query language

    warnings: list[str] = []
    if config is None:
        config, warnings = Config.load(locations.config_file)
    rules, rule_warnings = load_rules(locations.rules_file)
    folders, folder_warnings = FolderRules.from_settings(
        config.folder_dates, config.folder_first, config.folder_topics)
    tracker = tracker or ProgressTracker(progress)
    tagged = 0

    def tag(article_ids: list[str]) -> None:
        nonlocal tagged
        tagged += apply_rules(store, rules, article_ids)

    summary = index_paths(
        store, paths, roots=roots, tracker=tracker, cancelled=cancelled,
        max_file_bytes=config.max_file_bytes, follow_links_outside=config.follow_links_outside,
        workers=workers, budget=budget, after_batch=tag if rules else None, folders=folders,
    )
    summary.rule_tags = tagged
    summary.warnings = warnings + folder_warnings + rule_warnings
    if names is not None and not summary.cancelled:
        try:
            summary.names = find_names(store, names, tracker=tracker, cancelled=cancelled,
                                       workers=workers, budget=budget)
            if not (cancelled and cancelled()):
                regroup_names(store)  # the archive pass settles what single articles left open
        except RecogniserUnavailable as error:
            summary.names_problem = str(error)
    tracker.finish()
    return summary


def archive_paths(store: Store, config: Config) -> list[Path]:
    """What "index again" covers when no path is given: the configured archive, else every
    file the index already holds (each checked again; new files beside them are not added)."""
    if config.archive:
        return [Path(p).expanduser() for p in config.archive]
    return [Path(fs_path(r.path)) for r in store.file_records() if r.format != WALK_FORMAT]


def reindex(
    store: Store,
    locations: Locations,
    *,
    config: Config,
    paths: Sequence[Path | str] = (),
    names: NameFinder | None = None,
    progress: ProgressFn | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> IndexSummary:
    """Index again now (the reader's re-index key): ``paths``, else :func:`archive_paths`.
    Only new and changed files are read; tags, read state and corrections are never touched
    (they belong to article ids, which a file read again keeps)."""
    targets = list(paths) or archive_paths(store, config)
    return update_archive(store, locations, targets, config=config, names=names,
                          progress=progress, cancelled=cancelled)


@dataclass(frozen=True, slots=True)
class Opening:
    """What ``reader`` opens: whose index, and what to index on opening."""

    locations: Locations  # the index opened (for the sample, a throwaway one)
    paths: list[Path]  # indexed on opening; empty: open the index as it is
    sample: bool = False  # the bundled sample, never written into the user's index


def choose_opening(
    locations: Locations, config: Config, paths: Sequence[Path], scratch: Path
) -> Opening:
    """Paths given open the user's index with them; else the configured archive; else the
    user's index when it has articles; only an empty setup shows the bundled sample, indexed
    into a throwaway index under ``scratch``."""
    if paths:
        return Opening(locations, list(paths))
    if config.archive:
        return Opening(locations, [Path(p).expanduser() for p in config.archive])
    if locations.database.exists():
        with Store.open(locations.database) as store:
            if store.any_article():
                return Opening(locations, [])
    sample = dataclasses.replace(locations, data_dir=scratch)
    return Opening(sample, [seeds_dir()], sample=True)
