"""The numbers the cleaners were tuned with, in one place, and the ranges they were tuned over.

Every other threshold in :mod:`reader.clean` is a rule (a pattern, a limit no article reaches);
these are weights and cut-offs chosen by measuring. Keeping them in frozen dataclasses lets the
extraction evaluation (``python -m reader.eval extraction``) refit them without the site it
scores (leave-one-site-out), so the figure it prints for a site is one the site did not tune.
The defaults are the values that fit the whole benchmark best; :data:`SCRAPE_SEARCH` and
:data:`PAGE_SEARCH` are the values tried for each, one at a time around the defaults.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar


@dataclass(frozen=True, slots=True)
class ScrapeTuning:
    """How a text scrape's body and headline are picked (:mod:`reader.clean.text`)."""

    # A prose line scores its words beyond this many...
    prose_bias: float = 8.0
    # ...a short line without sentence punctuation (menu item, headline) costs this much...
    short_penalty: float = 6.0
    # ...and labelled furniture (chrome, bylines, credits) a little, so it does not bridge regions.
    furniture_penalty: float = 2.0
    # A list item ("1) ...", "• ...") is part of whatever it sits in.
    list_item_score: float = 1.0
    # A second stretch of prose joins the body when it scores this share of the best one (and at
    # least extra_region_min) and lies within extra_region_gap lines of it; far away it is a
    # teaser list.
    extra_region_share: float = 0.5
    extra_region_min: float = 25.0
    extra_region_gap: int = 12
    # A teaser block ends at a line this long: that is prose again.
    teaser_end_words: int = 35
    # The headline is the best-scoring candidate line before the body, if it scores above
    # title_min_score; else the scrape is untitled.
    title_min_score: float = 0.5
    # Evidence for a headline: a byline, date or credit within title_meta_lines under it...
    title_meta_bonus: float = 1.0
    title_meta_lines: int = 4
    # ...being the first candidate line of the file...
    title_first_bonus: float = 0.5
    # ...words shared with the file's own address (share of the line's words, times this)...
    title_slug_weight: float = 2.0
    # ...words shared with the body's opening (share of the line's words, times this)...
    title_lead_weight: float = 1.0
    # ...the same line again elsewhere in the file (a headline is repeated, a caption is not).
    title_repeat_bonus: float = 0.5
    # Against: each candidate line between it and the body, a closing full stop, great length.
    title_position_decay: float = 0.05
    title_period_penalty: float = 1.0
    title_long_words: int = 22
    title_caps_penalty: float = 0.5


@dataclass(frozen=True, slots=True)
class PageTuning:
    """How a saved page's two readings are reconciled (:mod:`reader.clean.combine`)."""

    # Below this many words the main-content extractor is taken to have missed the article.
    min_body_words: int = 60
    # The extractor's body lies inside a scrape body when this share of its shingles is there...
    superset_inside: float = 0.85
    # ...and the scrape body is this many times longer: then the extractor stopped short.
    superset_ratio: float = 1.3
    # Trimming the extractor's edges must keep this share of its words, or the trim is refused.
    trim_keeps: float = 0.6


SCRAPE = ScrapeTuning()
PAGE = PageTuning()

SCRAPE_SEARCH: Mapping[str, Sequence[float]] = {
    "prose_bias": (6.0, 7.0, 9.0, 10.0),
    "short_penalty": (4.0, 5.0, 7.0, 8.0),
    "furniture_penalty": (1.0, 3.0),
    "list_item_score": (0.0, 2.0),
    "extra_region_share": (0.35, 0.65),
    "extra_region_min": (15.0, 35.0),
    "extra_region_gap": (8, 16),
    "teaser_end_words": (25, 45),
    "title_min_score": (0.0, 1.0, 1.5),
    "title_meta_bonus": (0.5, 1.5),
    "title_meta_lines": (3, 6),
    "title_first_bonus": (0.0, 1.0),
    "title_slug_weight": (1.0, 3.0),
    "title_lead_weight": (0.5, 1.5),
    "title_repeat_bonus": (0.0, 1.0),
    "title_position_decay": (0.02, 0.1),
    "title_period_penalty": (0.5, 2.0),
    "title_long_words": (18, 26),
    "title_caps_penalty": (0.0, 1.0),
}
PAGE_SEARCH: Mapping[str, Sequence[float]] = {
    "min_body_words": (40, 80),
    "superset_inside": (0.75, 0.95),
    "superset_ratio": (1.15, 1.5),
    "trim_keeps": (0.4, 0.8),
}

T = TypeVar("T")


def variants(base: T, search: Mapping[str, Sequence[Any]]) -> list[T]:
    """``base`` and every setting that differs from it in one value of ``search``."""
    found = [base]
    for name, values in search.items():
        for value in values:
            if value != getattr(base, name):
                found.append(dataclasses.replace(base, **{name: value}))  # type: ignore[type-var]
    return found
