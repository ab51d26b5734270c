"""Learning one tag (one-vs-rest): its Rocchio vector, every article's score with the article
itself left out, two rounds of expansion, the calibrated probability of every article, and the
two gates (language, familiarity). :class:`Tuning` holds the two cross-validated constants."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reader.topics.suggestions.calibration import Calibration
from reader.topics.suggestions.features import FloatArray
from reader.topics.suggestions.matrix import Corpus

# Rocchio weight of the archive at large (see Tuning) and of the articles a tag was dismissed
# for.
BACKGROUND_WEIGHT = 1.5
# How hard evidence is discounted in an article the archive knows fewer of the words of than
# the tag's typical article (see Tuning).
FAMILIARITY_POWER = 4.0
REJECTED_WEIGHT = 1.0
EXPAND_ROUNDS = 2
EXPAND_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class Tuning:
    """The two constants chosen by cross-validation (``python -m reader.eval topics``: chosen on
    one half of the BBC articles and of the saved pages, measured on the other half).

    ``background``: how much an article's likeness to the archive at large counts against a
    tag. ``familiarity_power``: an article's evidence for a tag is multiplied by
    (familiarity / the tag's typical familiarity) to this power when the article is less
    familiar than the tag's typical article (the median of its examples), where familiarity
    is the share of the article's distinct words and names that occur in another article of
    the archive. An article mostly made of words the archive has never seen (another era,
    another kind of site, a page heavy with its own chrome) has little readable evidence, and
    what it has is not taken at face value."""

    background: float = BACKGROUND_WEIGHT
    familiarity_power: float = FAMILIARITY_POWER



DEFAULT_TUNING = Tuning()


@dataclass(slots=True)
class TagModel:
    tag: str
    positives: frozenset[int]
    negatives: frozenset[int]
    weights: FloatArray  # the Rocchio vector over the corpus's columns
    calibration: Calibration
    probability: npt.NDArray[np.float32]  # every article's (left out when it is a positive)
    standard: npt.NDArray[np.float32]  # every article's score in background spreads
    tuning: Tuning = DEFAULT_TUNING
    familiarity: float = 1.0  # the familiarity of the tag's typical article
    languages: frozenset[int] = frozenset()  # the languages of its articles (empty: any)
    seconds: float = 0.0

    @property
    def examples(self) -> int:
        return len(self.positives)

    def discount(self, familiarity: FloatArray) -> FloatArray:
        """What positive evidence is multiplied by, by the article's familiarity."""
        ratio = np.minimum(1.0, familiarity / max(self.familiarity, 1e-9))
        result: FloatArray = ratio ** self.tuning.familiarity_power
        return result

    def foreign(self, language: npt.NDArray[np.int8]) -> npt.NDArray[np.bool_]:
        """Articles in a language none of the tag's articles is in (never suggested)."""
        if not self.languages:
            return np.zeros(language.shape, dtype=bool)
        return (language >= 0) & ~np.isin(language, list(self.languages))

    def score(self, raw: FloatArray, familiarity: FloatArray) -> FloatArray:
        result: FloatArray = np.where(raw > 0, raw * self.discount(familiarity), raw)
        return result


def train_tag(
    corpus: Corpus,
    tag: str,
    positives: frozenset[int],
    negatives: frozenset[int],
    tuning: Tuning = DEFAULT_TUNING,
) -> TagModel:
    started = time.perf_counter()
    size = corpus.size
    tagged = np.zeros(size)
    tagged[list(positives)] = 1.0
    rejected = np.zeros(size)
    rejected[[i for i in negatives if i not in positives]] = 1.0
    untagged = tagged == 0
    calibrate_on = untagged & (rejected == 0)
    rejected_total = corpus.sum_rows(rejected)
    rejected_dot = corpus.times(rejected_total) if rejected.any() else np.zeros(size)
    rejected_count = float(rejected.sum())
    rows = np.fromiter(positives, np.int64, len(positives))
    spoken = corpus.language[rows]
    model = TagModel(
        tag=tag,
        positives=positives,
        negatives=negatives,
        weights=np.zeros(0),
        calibration=Calibration.flat(),
        probability=np.zeros(0, np.float32),
        standard=np.zeros(0, np.float32),
        tuning=tuning,
        familiarity=float(np.median(corpus.familiarity[rows])),
        languages=frozenset(int(code) for code in spoken[spoken >= 0]),
    )
    weight = tagged.copy()
    scores = np.zeros(size)
    calibration: Calibration | None = None
    probability = np.zeros(size)
    for round_number in range(EXPAND_ROUNDS + 1):
        if round_number:
            # Expansion: the untagged articles the calibration expects to carry the tag count
            # half as tagged and leave the background.
            expected = round(float(probability[calibrate_on].sum()))
            candidates = np.flatnonzero(calibrate_on & (scores > 0))
            chosen = candidates[np.argsort(-scores[candidates], kind="stable")[:expected]]
            weight = tagged.copy()
            weight[chosen] = EXPAND_WEIGHT
        raw = _left_out_scores(corpus, weight, rejected, rejected_dot, rejected_count, tuning)
        scores = model.score(raw, corpus.familiarity)
        calibration = Calibration.fit(scores[tagged > 0], scores[calibrate_on])
        probability = calibration.probability(scores)
        probability[model.foreign(corpus.language)] = 0.0
    assert calibration is not None
    in_set = (weight > 0).astype(np.float64)
    positive_sum = corpus.sum_rows(weight)
    background = corpus.total - corpus.sum_rows(in_set)
    model.weights = (positive_sum - REJECTED_WEIGHT * rejected_total) / max(
        float(weight.sum()), 1e-9
    ) - tuning.background * background / max(size - float(in_set.sum()), 1.0)
    model.calibration = calibration
    model.probability = probability.astype(np.float32)
    model.standard = calibration.standard(scores).astype(np.float32)
    model.seconds = time.perf_counter() - started
    return model


def _left_out_scores(
    corpus: Corpus,
    weight: FloatArray,
    rejected: FloatArray,
    rejected_dot: FloatArray,
    rejected_count: float,
    tuning: Tuning = DEFAULT_TUNING,
) -> FloatArray:
    """Every article's Rocchio score with the article itself left out of each mean."""
    size = corpus.size
    square = corpus.self_dot
    in_set = (weight > 0).astype(np.float64)
    positive_dot = corpus.times(corpus.sum_rows(weight))
    set_dot = corpus.times(corpus.sum_rows(in_set))
    positive = (positive_dot - weight * square) / np.maximum(float(weight.sum()) - weight, 1e-9)
    background_count = size - float(in_set.sum())
    outside = 1.0 - in_set
    background = (corpus.dot_total - set_dot - outside * square) / np.maximum(
        background_count - outside, 1.0
    )
    scores: FloatArray = positive - tuning.background * background
    if rejected_count:
        # A dismissed article weighs against the tag as much as a tagged one weighs for it.
        against = (rejected_dot - rejected * square) / np.maximum(
            float(weight.sum()) - weight, 1e-9
        )
        scores = scores - REJECTED_WEIGHT * against
    return scores

