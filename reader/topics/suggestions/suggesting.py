"""Suggesting tags, and what the user does with a suggestion: accept it (one undoable change,
however many) or dismiss it (the article then counts against the tag)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from reader.store import Store, normalise_tag
from reader.store import suggestions as sql
from reader.topics.suggestions.counting import count_features
from reader.topics.suggestions.features import FloatArray, decode_counts
from reader.topics.suggestions.labels import MIN_EXAMPLES
from reader.topics.suggestions.model import model_for
from reader.topics.suggestions.tag_model import Tuning

if TYPE_CHECKING:
    from reader.tags import Change

# The one threshold: a suggestion is shown (header, `reader suggest`, `--accept`) when the
# probability that the tag applies is at least this.
SHOW_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class Suggestion:
    tag: str
    score: float  # the probability that the tag applies, 0..1

    def to_json(self) -> dict[str, object]:
        return {"tag": self.tag, "score": round(self.score, 4)}


def _outside_features(
    store: Store, article_ids: Sequence[str]
) -> dict[str, tuple[npt.NDArray[np.uint32], FloatArray]]:
    """Feature counts of articles newer than the model, cached in the store as they are read."""
    if not article_ids:
        return {}
    counted = count_features(store, article_ids)
    with store.transaction():
        sql.save_features(store, counted)
    return {article_id: decode_counts(keys, counts) for article_id, _, keys, counts in counted}


def suggest(
    store: Store,
    article_ids: Sequence[str],
    limit: int = 3,
    min_score: float = SHOW_THRESHOLD,
    workflow: Collection[str] | None = None,
    tuning: Tuning | None = None,
) -> dict[str, list[Suggestion]]:
    """Suggested tags for each article, most probable first: the topic tags with at least
    MIN_EXAMPLES articles whose probability of applying is at least ``min_score`` (the shown
    threshold unless asked otherwise). Tags the article has (any origin), had removed or had
    dismissed are never suggested. Unknown ids are left out of the answer."""
    wanted = sql.existing_ids(store, list(dict.fromkeys(article_ids)))
    answer: dict[str, list[Suggestion]] = {article_id: [] for article_id in wanted}
    model = model_for(store, workflow, tuning) if wanted else None
    if model is None or limit <= 0:
        return answer
    floor = max(min_score, 1e-9)
    eligible = [m for m in model.tags.values() if m.examples >= MIN_EXAMPLES]
    if not eligible:
        return answer
    inside = [i for i in wanted if i in model.corpus.row_of]
    found: dict[str, list[tuple[float, float, str]]] = {}
    if inside:
        rows = np.fromiter((model.corpus.row_of[i] for i in inside), np.int64, len(inside))
        for tag_model in eligible:
            probability = tag_model.probability[rows]
            for position in np.flatnonzero(probability >= floor):
                row = int(rows[position])
                found.setdefault(inside[position], []).append(
                    (float(probability[position]), float(tag_model.standard[row]), tag_model.tag)
                )
    outside = [i for i in wanted if i not in model.corpus.row_of]
    for article_id, (keys, counts) in _outside_features(store, outside).items():
        for tag, (probability_of, standard) in model.scores_outside(keys, counts).items():
            if probability_of >= floor and model.tags[tag].examples >= MIN_EXAMPLES:
                found.setdefault(article_id, []).append((probability_of, standard, tag))
    taken = sql.taken_tags(store, list(found))
    for article_id, candidates in found.items():
        have = taken.get(article_id, set())
        ranked = sorted(
            (c for c in candidates if c[2] not in have), key=lambda c: (-c[0], -c[1], c[2])
        )
        answer[article_id] = [Suggestion(tag, score) for score, _, tag in ranked[:limit]]
    return answer


def accept_suggestions(store: Store, chosen: Mapping[str, Sequence[str]]) -> Change:
    """Add the chosen suggested tags (article id -> tags) with origin 'suggestion' as ONE
    undoable change, whatever the number of articles and tags."""
    from reader.tags import apply_tag_sets  # journalled tagging lives beside the undo machinery

    return apply_tag_sets(store, chosen, origin="suggestion")


def accept_suggestion(store: Store, article_id: str, tag: str) -> bool:
    """Add one suggested tag (origin 'suggestion', undoable). Returns whether the article did
    not have the tag already."""
    tag = normalise_tag(tag)
    if not tag or tag in {row.tag for row in store.tags(article_id)}:
        return False
    return accept_suggestions(store, {article_id: [tag]}).batch != 0


def accept_best(store: Store, article_id: str) -> str | None:
    """Accept the best suggestion for an article. Returns the tag added."""
    best = suggest(store, [article_id], limit=1).get(article_id, [])
    if not best:
        return None
    return best[0].tag if accept_suggestion(store, article_id, best[0].tag) else None


def reject_suggestion(store: Store, article_id: str, tag: str) -> bool:
    """Dismiss a suggested tag for an article: it is never suggested there again and the
    article counts against the tag from the next learning on. False when the article is
    unknown or the tag was already dismissed."""
    tag = normalise_tag(tag)
    if not tag or not sql.existing_ids(store, [article_id]):
        return False
    with store.transaction():
        return sql.add_rejection(store, article_id, tag)


def unreject_suggestion(store: Store, article_id: str, tag: str) -> bool:
    """Take back a dismissal."""
    with store.transaction():
        return sql.clear_rejection(store, article_id, normalise_tag(tag))

