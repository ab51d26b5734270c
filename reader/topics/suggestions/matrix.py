"""The archive as a matrix: every article a unit tf-idf row over the features found in two
articles or more (numpy arrays in row order), with what learning needs of it ready: each row's
dot product with the sum of all, and each article's familiarity and language."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reader.store import suggestions as sql
from reader.topics.suggestions.features import LANGUAGE_KEYS, FloatArray, without_language

IndexArray = npt.NDArray[np.int64]


@dataclass(slots=True)
class Corpus:
    """Every article as a unit tf-idf row (coordinates in row order): depends on the texts and
    names, not on the tags."""

    ids: list[str]
    row_of: dict[str, int]
    indptr: IndexArray  # where each row's values start (rows are stored in order)
    columns: npt.NDArray[np.int32]
    values: FloatArray
    rows: npt.NDArray[np.int32]  # the row of every stored value
    self_dot: FloatArray  # |x|^2: 1, or 0 for an article with no known feature
    keys: npt.NDArray[np.uint32]  # feature key of every column, sorted
    idf: FloatArray
    total: FloatArray  # the sum of every row
    dot_total: FloatArray  # each row's dot product with `total`
    state: sql.ArchiveState
    familiarity: FloatArray  # share of each article's features found in another article
    language: npt.NDArray[np.int8]  # index in LANGUAGES, -1 when not told
    seconds: float = 0.0
    counted: int = 0  # articles whose features were counted (not cached) while building

    @property
    def size(self) -> int:
        return len(self.ids)

    def times(self, vector: FloatArray) -> FloatArray:
        """Every row's dot product with a dense vector over the columns."""
        return _weighted_count(self.rows, self.values * vector[self.columns], self.size)

    def sum_rows(self, weights: FloatArray) -> FloatArray:
        """The weighted sum of the rows: of the few with a weight when they are few (a tag's
        articles), else one pass over every stored value."""
        chosen = np.flatnonzero(weights)
        if chosen.size * 4 > self.size:
            return _weighted_count(self.columns, self.values * weights[self.rows], len(self.keys))
        starts, ends = self.indptr[chosen], self.indptr[chosen + 1]
        lengths = ends - starts
        positions = np.repeat(ends - lengths.cumsum(), lengths) + np.arange(lengths.sum())
        return _weighted_count(
            self.columns[positions],
            self.values[positions] * np.repeat(weights[chosen], lengths),
            len(self.keys),
        )

    def vectorise(
        self, keys: npt.NDArray[np.uint32], counts: FloatArray
    ) -> tuple[npt.NDArray[np.int32], FloatArray]:
        """An article outside the matrix as (columns, unit-length values) in its vocabulary."""
        keys, counts = without_language(keys, counts)[:2]
        if keys.size == 0 or len(self.keys) == 0:
            return np.zeros(0, dtype=np.int32), np.zeros(0)
        place = np.searchsorted(self.keys, keys).clip(0, len(self.keys) - 1)
        known = (self.keys[place] == keys) & (self.idf[place] > 0)
        columns = place[known].astype(np.int32)
        values = (1.0 + np.log(counts[known])) * self.idf[columns]
        norm = math.sqrt(float(values @ values))
        return columns, (values / norm if norm > 0 else values)

    def describe(self, keys: npt.NDArray[np.uint32], counts: FloatArray) -> tuple[float, int]:
        """(familiarity, language index) of an article outside the matrix: its features found
        in the archive count as found in another article."""
        keys, _, language = without_language(keys, counts)
        if keys.size == 0:
            return 1.0, language
        place = np.searchsorted(self.keys, keys).clip(0, max(len(self.keys) - 1, 0))
        known = (self.keys[place] == keys) if len(self.keys) else np.zeros(keys.size, bool)
        return float(known.sum()) / keys.size, language


def build_matrix(
    ids: list[str],
    rows: npt.NDArray[np.int32],
    all_keys: npt.NDArray[np.uint32],
    all_counts: npt.NDArray[np.uint16],
    state: sql.ArchiveState,
    started: float,
    counted: int,
) -> Corpus:
    size = len(ids)
    language = np.full(size, -1, dtype=np.int8)
    marker = np.isin(all_keys, LANGUAGE_KEYS)
    if marker.any():
        order = np.argsort(LANGUAGE_KEYS)
        found = order[np.searchsorted(LANGUAGE_KEYS[order], all_keys[marker])]
        language[rows[marker]] = found.astype(np.int8)
        rows, all_keys, all_counts = rows[~marker], all_keys[~marker], all_counts[~marker]
    unique, inverse = np.unique(all_keys, return_inverse=True)
    frequency = np.bincount(inverse, minlength=len(unique))
    # Familiarity: the share of an article's features that occur in another article too.
    familiar = _weighted_count(rows, (frequency[inverse] >= 2).astype(np.float64), size)
    features = np.bincount(rows, minlength=size).astype(np.float64)
    familiarity = np.where(features > 0, familiar / np.maximum(features, 1.0), 1.0)
    # A feature in one article cannot link it to another; one in every article tells none
    # apart.
    kept = (frequency >= 2) & (frequency < size)
    idf = np.where(kept, np.log(max(size, 1) / np.maximum(frequency, 1)), 0.0)
    keep = kept[inverse]
    columns = inverse[keep].astype(np.int32)
    rows = rows[keep]
    values = (1.0 + np.log(all_counts[keep].astype(np.float64))) * idf[columns]
    norms = np.sqrt(_weighted_count(rows, values * values, size))
    values = values / np.where(norms > 0, norms, 1.0)[rows]
    total = _weighted_count(columns, values, len(unique))
    indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=size), out=indptr[1:])
    corpus = Corpus(
        ids=ids,
        row_of={article_id: index for index, article_id in enumerate(ids)},
        indptr=indptr,
        columns=columns,
        values=values,
        rows=rows,
        self_dot=(norms > 0).astype(np.float64),
        keys=unique.astype(np.uint32),
        idf=idf,
        total=total,
        dot_total=np.zeros(size),
        state=state,
        familiarity=familiarity,
        language=language,
        counted=counted,
    )
    corpus.dot_total = corpus.times(total)
    corpus.seconds = time.perf_counter() - started
    return corpus


def _weighted_count(index: npt.NDArray[np.integer], weights: FloatArray, size: int) -> FloatArray:
    """Sum of ``weights`` per ``index`` value, for 0..size-1."""
    return np.bincount(index, weights=weights, minlength=size).astype(np.float64, copy=False)

