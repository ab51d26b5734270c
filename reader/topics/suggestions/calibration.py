"""A tag's score made a probability, inside the training data: the untagged articles' scores
are a mixture of articles the tag does not apply to and some it applies to that nobody tagged
yet; EM finds the share of the latter and Bayes' rule gives the probability, kept
non-decreasing in the score (see :mod:`reader.topics.suggestions`)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from reader.topics.suggestions.features import FloatArray

# The calibration's EM looks at this many untagged articles at most (an even sample).
CALIBRATION_SAMPLE = 20_000


@dataclass(frozen=True, slots=True)
class Calibration:
    """Score -> probability that the tag applies (see :mod:`reader.topics.suggestions`)."""

    grid: FloatArray
    posterior: FloatArray
    centre: float  # median score of the untagged articles
    spread: float  # their MAD (scaled to a standard deviation)
    share: float  # estimated share of untagged articles the tag applies to

    @classmethod
    def fit(cls, tagged: FloatArray, untagged: FloatArray) -> Calibration:
        """The law of the articles without the tag is placed robustly (median, MAD) by all
        the untagged ones: right while the tag covers well under half of them. Excluding the
        ones believed tagged narrows it and overreaches (BBC, 3 of 5 topics: shown right 0.96
        -> 0.91, saved pages with a suggestion 0.16 -> 0.27)."""
        if untagged.size > CALIBRATION_SAMPLE:
            untagged = untagged[:: math.ceil(untagged.size / CALIBRATION_SAMPLE)]
        centre = float(np.median(untagged)) if untagged.size else 0.0
        spread = float(np.median(np.abs(untagged - centre))) * 1.4826 if untagged.size else 0.0
        spread = max(spread, 1e-6, 1e-3 * float(np.abs(tagged).max(initial=0.0)))
        mean = float(tagged.mean())
        # The tagged articles' spread, shrunk towards the background's for small samples.
        deviation = math.sqrt(
            (float(((tagged - mean) ** 2).sum()) + 4 * spread * spread) / (tagged.size + 3)
        )
        share = 0.1
        for _ in range(50):
            on = share * _normal(untagged, mean, deviation)
            off = (1 - share) * _normal(untagged, centre, spread)
            updated = (float((on / np.maximum(on + off, 1e-300)).sum()) + 1) / (untagged.size + 2)
            if abs(updated - share) < 1e-6:
                share = updated
                break
            share = updated
        low = min(centre - 10 * spread, float(tagged.min()))
        high = max(centre + 10 * spread, float(tagged.max()), mean + 4 * deviation)
        grid = np.linspace(low, high, 512)
        on = share * _normal(grid, mean, deviation)
        off = (1 - share) * _normal(grid, centre, spread)
        posterior = on / np.maximum(on + off, 1e-300)
        # Non-decreasing in the score: above the background's centre a wider law for the
        # tagged articles must not make a higher score less likely, and below it a lower one
        # more likely.
        middle = int(np.searchsorted(grid, centre))
        posterior[middle:] = np.maximum.accumulate(posterior[middle:])
        if middle > 0:
            ceiling = posterior[middle] if middle < grid.size else posterior[-1]
            below = np.minimum.accumulate(posterior[:middle][::-1])[::-1]
            posterior[:middle] = np.minimum(below, ceiling)
        return cls(grid, posterior, centre, spread, share)

    @classmethod
    def flat(cls) -> Calibration:
        """Never a suggestion: the placeholder of a tag being learned."""
        return cls(np.array([0.0, 1.0]), np.zeros(2), 0.0, 1.0, 0.0)

    def probability(self, scores: FloatArray) -> FloatArray:
        # No evidence for the tag (a score of zero or less) is never a suggestion.
        return np.where(scores > 0, np.interp(scores, self.grid, self.posterior), 0.0)

    def standard(self, scores: FloatArray) -> FloatArray:
        return (scores - self.centre) / self.spread


def _normal(x: FloatArray, mean: float, deviation: float) -> FloatArray:
    z = (x - mean) / deviation
    result: FloatArray = np.exp(-0.5 * z * z) / (deviation * math.sqrt(2 * math.pi))
    return result

