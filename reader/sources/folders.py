"""Folders as metadata: what an archive's folders say about the files in them.

Archives are often sorted by hand: ``bbc/business/123.txt``, ``2024/03/15/story.html``,
``guardian/…``. When a file says nothing of its source, topics or date, they are taken from the
folders between the archive root and the file, by rules the user sees and changes in
``config.toml`` (``folder_dates``, ``folder_first``, ``folder_topics``):

- a date in folder names is the articles' date: ``2024/03/15``, ``2024/03`` or ``2024`` as
  nested folders, or one folder named ``2024-03-15``, ``2024_03_15``, ``20240315``, ``2024-03``;
- the first folder below the root (not counting date folders) is the source or a topic. With
  ``folder_first = "auto"`` the evidence decides: a folder named like a topic
  (``folder_topics``: business, politics, sport, tech…) is a topic, any other name is the
  source (``bbc``, ``guardian``); ``"source"``, ``"topic"`` and ``"none"`` fix the choice;
- deeper folders named like a topic are topics too (``bbc/business`` -> source bbc, topic
  business); other deeper folders (``drafts``, ``batch-7``) say nothing.

Nothing here reads the disk: the rules take folder names and give values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from reader.model import Article
from reader.safety import strip_unsafe

FIRST_FOLDER_CHOICES = ("auto", "source", "topic", "none")
# Section names news sites and people sort articles by; a first folder named so is a topic.
DEFAULT_TOPICS = (
    "analysis", "arts", "books", "business", "cars", "climate", "comment", "crime", "culture",
    "economics", "economy", "education", "election", "elections", "energy", "entertainment",
    "environment", "fashion", "features", "film", "films", "finance", "food", "football",
    "games", "gaming", "health", "history", "law", "lifestyle", "local", "markets", "media",
    "money", "motoring", "movies", "music", "national", "news", "obituaries", "opinion",
    "politics", "property", "religion", "reviews", "science", "society", "sport", "sports",
    "style", "tech", "technology", "television", "travel", "tv", "weather", "world",
)  # fmt: skip

_YEAR = re.compile(r"^(?:19|20)\d\d$")
_MONTH_OR_DAY = re.compile(r"^\d{1,2}$")
# One folder holding a whole date: 2024-03-15, 2024_03_15, 2024.03.15, 20240315, 2024-03.
_DATE_NAME = re.compile(
    r"^(?P<year>(?:19|20)\d\d)(?:[-_.]?(?P<month>0[1-9]|1[0-2])(?:[-_.]?(?P<day>[0-3]\d))?)?$"
)


@dataclass(frozen=True, slots=True)
class FolderRules:
    """What folders are taken to mean (see the module's description)."""

    dates: bool = True
    first: str = "auto"  # one of FIRST_FOLDER_CHOICES
    topics: frozenset[str] = field(default_factory=lambda: frozenset(DEFAULT_TOPICS))

    @classmethod
    def from_settings(
        cls, dates: bool, first: str, topics: Iterable[str]
    ) -> tuple[FolderRules, list[str]]:
        """Rules from the config's values, and what was wrong with them."""
        warnings: list[str] = []
        choice = first.strip().lower()
        if choice not in FIRST_FOLDER_CHOICES:
            warnings.append(
                f"folder_first: {first!r} is not one of {', '.join(FIRST_FOLDER_CHOICES)}; "
                "'auto' used"
            )
            choice = "auto"
        names = frozenset(_key(t) for t in topics if _key(t))
        return cls(dates=dates, first=choice, topics=names), warnings


@dataclass(frozen=True, slots=True)
class FolderMeta:
    """Source, topics and date as a file's folders give them ("" and () when they do not)."""

    source: str = ""
    topics: tuple[str, ...] = ()
    date: str = ""


def _key(name: str) -> str:
    return " ".join(re.split(r"[\s_\-]+", name.strip().casefold())).strip()


def _date_of(names: Sequence[str]) -> tuple[str, set[int]]:
    """The date written in the folder names, and which names make it up."""
    for index, name in enumerate(names):
        whole = _DATE_NAME.match(name)
        if whole and (whole["month"] or len(name) == 4):
            year, month, day = whole["year"], whole["month"], whole["day"]
            used = {index}
            if month is None:  # a year folder: the month and day may be the next folders
                month, day, used = _nested(names, index)
            return _written(year, month, day), used
    return "", set()


def _nested(names: Sequence[str], index: int) -> tuple[str | None, str | None, set[int]]:
    used = {index}
    month = day = None
    following = names[index + 1] if index + 1 < len(names) else ""
    if _MONTH_OR_DAY.match(following) and 1 <= int(following) <= 12:
        month = following.zfill(2)
        used.add(index + 1)
        if index + 2 < len(names) and _MONTH_OR_DAY.match(names[index + 2]):
            day = names[index + 2].zfill(2)
            used.add(index + 2)
    return month, day, used


def _written(year: str, month: str | None, day: str | None) -> str:
    if month is None:
        return year
    if day is not None:
        try:
            return date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            pass  # not a day of that month: keep the month
    return f"{year}-{month}"


def folder_meta(names: Sequence[str], rules: FolderRules) -> FolderMeta:
    """What the folders ``names`` (from the archive root down to the file) say."""
    when, used = _date_of(names) if rules.dates else ("", set())
    words = [name for index, name in enumerate(names) if index not in used]
    if not words or rules.first == "none":
        return FolderMeta(date=when)
    first, deeper = words[0], words[1:]
    topics = [name for name in deeper if _key(name) in rules.topics]
    source = ""
    if rules.first == "source" or (rules.first == "auto" and _key(first) not in rules.topics):
        source = first
    else:
        topics.insert(0, first)
    return FolderMeta(source=source, topics=tuple(dict.fromkeys(topics)), date=when)


def complete(article: Article, meta: FolderMeta) -> Article:
    """The article with the folders' source, topics and date where it has none of its own."""
    changes: dict[str, object] = {}
    if meta.source and not article.source:
        changes["source"] = meta.source
    if meta.topics and not article.topics:
        changes["topics"] = list(meta.topics)
    if meta.date and not article.date:
        changes["date"] = meta.date
    return replace(article, **changes) if changes else article  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class ArchiveFolders:
    """The folder rules with the archive roots they apply under (picklable, for workers)."""

    rules: FolderRules
    roots: tuple[Path, ...] = ()

    def names(self, path: Path) -> list[str]:
        """The folders between the deepest root holding ``path`` and the file."""
        best: Path | None = None
        for root in self.roots:
            inside = path != root and path.is_relative_to(root)
            if inside and (best is None or len(root.parts) > len(best.parts)):
                best = root
        if best is None:
            return []
        # Folder names are untrusted text like any file's: cleaned before they become metadata.
        return [strip_unsafe(part) for part in path.parent.relative_to(best).parts]

    def complete(self, path: Path, articles: list[Article]) -> list[Article]:
        names = self.names(path)
        if not names:
            return articles
        meta = folder_meta(names, self.rules)
        if meta == FolderMeta():
            return articles
        return [complete(article, meta) for article in articles]
