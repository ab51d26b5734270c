"""The learned model of a store: kept per store while the process lives, relearned where tags
changed (those tags alone) or wholly when the archive grew by more than a tenth."""

from __future__ import annotations

import time
import weakref
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from reader.store import Store
from reader.store import suggestions as sql
from reader.topics.suggestions.counting import build_corpus
from reader.topics.suggestions.features import FloatArray
from reader.topics.suggestions.labels import LABEL_ORIGINS, LEARN_MIN, workflow_tags
from reader.topics.suggestions.matrix import Corpus
from reader.topics.suggestions.tag_model import DEFAULT_TUNING, TagModel, Tuning, train_tag

# Relearn everything when this share of the archive is new, or has had its names found, since.
GROWTH_SHARE = 0.1
GROWTH_FLOOR = 20
# The archive's growth is looked at once in this many seconds at most (counting the articles
# still waiting for names takes milliseconds while many are): tag changes are seen at once.
ARCHIVE_CHECK_SECONDS = 5.0


@dataclass(slots=True)
class SuggestionModel:
    """What was learned from one state of the archive and its tags."""

    corpus: Corpus
    generation: int
    workflow: frozenset[str]
    tuning: Tuning = DEFAULT_TUNING
    tags: dict[str, TagModel] = field(default_factory=dict)
    examples: dict[str, int] = field(default_factory=dict)  # every topic tag, learned or not
    rejected: dict[str, int] = field(default_factory=dict)
    learned_seconds: float = 0.0  # the last (re)learning, corpus build included
    checked_at: float = 0.0  # when the archive was last compared with the matrix
    retrained: int = 0  # tags learned again by the last relearning

    @property
    def articles(self) -> int:
        return self.corpus.size

    def ranking(self, article_id: str) -> list[tuple[str, float, float]]:
        """Every learned tag (examples >= LEARN_MIN, threshold and minimum ignored) for an
        article in the model, as (tag, probability, standardised score), best first."""
        row = self.corpus.row_of.get(article_id)
        if row is None:
            return []
        ranked = [
            (tag, float(model.probability[row]), float(model.standard[row]))
            for tag, model in self.tags.items()
        ]
        return sorted(ranked, key=lambda item: (-item[1], -item[2], item[0]))

    def scores_outside(
        self, keys: npt.NDArray[np.uint32], counts: FloatArray
    ) -> dict[str, tuple[float, float]]:
        """(probability, standardised score) per learned tag for an article not in the
        matrix (newer than the model), from its feature keys and counts."""
        columns, values = self.corpus.vectorise(keys, counts)
        familiarity, language = self.corpus.describe(keys, counts)
        found: dict[str, tuple[float, float]] = {}
        for tag, model in self.tags.items():
            raw = np.array([float(values @ model.weights[columns])])
            score = model.score(raw, np.array([familiarity]))
            foreign = bool(model.foreign(np.array([language], dtype=np.int8))[0])
            found[tag] = (
                0.0 if foreign else float(model.calibration.probability(score)[0]),
                float(model.calibration.standard(score)[0]),
            )
        return found



_MODELS: weakref.WeakKeyDictionary[Store, SuggestionModel] = weakref.WeakKeyDictionary()


def forget(store: Store) -> None:
    """Drop the learned model of a store (the next suggestion relearns)."""
    _MODELS.pop(store, None)


def _stale(store: Store, corpus: Corpus) -> bool:
    """Whether the archive changed enough since the matrix was built to build it again: more
    than a tenth new, or more than a tenth had its names found since. Articles added since are
    scored against the model as they come."""
    old = corpus.state
    newer, pending = sql.archive_changes(store, old.max_rowid)
    limit = max(GROWTH_FLOOR, GROWTH_SHARE * max(old.articles, 1))
    return newer > limit or old.pending_entities - pending > limit


def model_for(
    store: Store, workflow: Collection[str] | None = None, tuning: Tuning | None = None
) -> SuggestionModel | None:
    """The store's learned model, relearned first where tags changed (only the tags that
    changed) or everything when the archive changed by more than a tenth. None when no topic
    tag has LEARN_MIN examples. ``workflow``: see :func:`workflow_tags`; ``tuning``: the
    shipped constants unless given (an evaluation tries others)."""
    tuning = tuning or DEFAULT_TUNING
    started = time.perf_counter()
    model = _MODELS.get(store)
    generation = sql.label_generation(store)
    skip = workflow_tags(store, workflow)
    now = time.monotonic()
    fresh = model is not None and (
        now - model.checked_at < ARCHIVE_CHECK_SECONDS or not _stale(store, model.corpus)
    )
    if fresh and model is not None:
        model.checked_at = now
    if (
        fresh
        and model is not None
        and model.generation == generation
        and model.workflow == skip
        and model.tuning == tuning
    ):
        return model if model.tags else None
    corpus = model.corpus if fresh and model is not None else build_corpus(store)
    previous = model.tags if fresh and model is not None and model.tuning == tuning else {}
    learned = _learn(store, corpus, generation, skip, previous, tuning)
    learned.learned_seconds = time.perf_counter() - started
    learned.checked_at = now
    _MODELS[store] = learned
    return learned if learned.tags else None


def learn(store: Store, workflow: Collection[str] | None = None) -> SuggestionModel | None:
    """Learn from scratch (the archive's matrix included) and keep the model for the store."""
    forget(store)
    return model_for(store, workflow)


def _learn(
    store: Store,
    corpus: Corpus,
    generation: int,
    skip: frozenset[str],
    previous: Mapping[str, TagModel],
    tuning: Tuning = DEFAULT_TUNING,
) -> SuggestionModel:
    positives: dict[str, set[int]] = {}
    for article_id, tag in sql.label_rows(store, LABEL_ORIGINS):
        row = corpus.row_of.get(article_id)
        if row is not None and tag not in skip:
            positives.setdefault(tag, set()).add(row)
    negatives: dict[str, set[int]] = {}
    for article_id, tag in sql.negative_rows(store):
        row = corpus.row_of.get(article_id)
        if row is not None and tag not in skip:
            negatives.setdefault(tag, set()).add(row)
    model = SuggestionModel(corpus=corpus, generation=generation, workflow=skip, tuning=tuning)
    for tag in sorted(positives):
        rows = frozenset(positives[tag])
        against = frozenset(negatives.get(tag, ()))
        model.examples[tag] = len(rows)
        model.rejected[tag] = len(against)
        if len(rows) < LEARN_MIN or len(rows) >= corpus.size:
            continue
        old = previous.get(tag)
        if old is not None and old.positives == rows and old.negatives == against:
            model.tags[tag] = old
            continue
        model.tags[tag] = train_tag(corpus, tag, rows, against, tuning)
        model.retrained += 1
    for tag, rows_against in negatives.items():
        model.rejected.setdefault(tag, len(rows_against))
    return model

