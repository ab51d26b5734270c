"""The CRF tagger: the shipped model, loaded once, tagging whole documents.

Tagging runs in two passes. The first CRF tags each sentence from its own words; the second
sees the same features plus what the first concluded about the same words elsewhere in the
document, which keeps a name's type consistent across an article.

Training uses CRFsuite; tagging does not. The trained weights are kept in one compressed NumPy
file, and a token's score for each label is added up here from per-word caches (a word's own
features and what it tells its neighbours are a function of the word alone), word-pair
look-ups and a few sentence and document features; Viterbi decoding then runs over all the
sentences of a document at once. With the same weights, the tags on CoNLL-2003 dev were those
CRFsuite gives (51,362 tokens, none differ); per token it costs about what CRFsuite with its
feature lists did on words seen for the first time, and 40% less on words seen before (an
archive's vocabulary repeats).
"""

from __future__ import annotations

import bisect
import threading
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from reader.entities.features import (
    END,
    FORMS,
    NEIGHBOUR_OFFSETS,
    START,
    _case_form,
    _majorities,
    _tally,
    is_headline,
    may_hold_phrases,
    neighbour_features,
    phrase_features,
    word_features,
)
from reader.entities.tokens import _NORMALISE

Floats = npt.NDArray[np.float32]
Ints = npt.NDArray[np.intp]

MODEL_FILE = Path(__file__).with_name("model.npz")
# Per-word caches are dropped when they grow past this many words (a long indexing run).
_CACHE_LIMIT = 200_000


def normalise(word: str) -> str:
    """A token's text with typography mapped to the training corpus' conventions."""
    return word.translate(_NORMALISE)


def _text_array(lines: Sequence[str]) -> npt.NDArray[np.uint8]:
    return np.frombuffer("\n".join(lines).encode("utf-8"), np.uint8)


def _array_text(array: npt.NDArray[np.uint8]) -> list[str]:
    return array.tobytes().decode("utf-8").split("\n")


def _with_prefix(attributes: Sequence[str], prefix: str) -> dict[str, int]:
    """Attributes starting with ``prefix`` (without it) and their rows; a sorted list (as
    saved) is searched, any other scanned."""
    names = list(attributes)
    if names == sorted(names):
        first = bisect.bisect_left(names, prefix)
        last = bisect.bisect_left(names, prefix[:-1] + chr(ord(prefix[-1]) + 1))
        size = len(prefix)
        return dict(zip([n[size:] for n in names[first:last]], range(first, last), strict=True))
    return {a[len(prefix) :]: row for row, a in enumerate(names) if a.startswith(prefix)}


class LinearChain:
    """One trained CRF: a weight per (feature, label) and per (label, next label)."""

    def __init__(
        self,
        labels: Sequence[str],
        attributes: Sequence[str],
        weights: Floats,
        transitions: Floats,
    ) -> None:
        self.labels = tuple(labels)
        self.index = dict(zip(attributes, range(len(attributes)), strict=True))
        width = len(self.labels)
        # One zero row past the end: the row of every feature the model does not know.
        self.weights = np.vstack([weights.astype(np.float32), np.zeros((1, width), np.float32)])
        self.missing = len(attributes)
        self.transitions = transitions.astype(np.float32)
        # Word pairs by key: (row seen from the second word, row seen from the first).
        right = _with_prefix(attributes, "-1|0=")
        left = _with_prefix(attributes, "0|+1=")
        missing = self.missing
        self.pairs: dict[str, tuple[int, int]] = dict(
            zip(right, zip(right.values(), [missing] * len(right), strict=True), strict=True)
        )
        for key, row in left.items():
            self.pairs[key] = (self.pairs.get(key, (missing, missing))[0], row)
        self._words: dict[str, Floats] = {}
        self._lock = threading.Lock()
        self.start_rows = self._word_rows([START])[0]
        self.end_rows = self._word_rows([END])[0]
        # Rows of the features whose values come from a small set, looked up once.
        self.first_row = self.index.get("first", self.missing)
        self.headline_row = self.index.get("headline", self.missing)
        self.form_rows = self.rows_of("df=", FORMS)
        self.headline_form_rows = self.rows_of("dfh=", FORMS)
        tags = [*self.labels, START, END]
        self.tag_rows = [self.rows_of(prefix, tags) for prefix in ("t1=", "-1t1=", "+1t1=")]
        self.vote_rows = [self.rows_of(prefix, VOTES) for prefix in ("dw=", "de=", "dl=")]

    @classmethod
    def from_crfsuite(cls, path: Path) -> LinearChain:
        """The weights of a model file CRFsuite wrote (used when training)."""
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        try:
            info = tagger.info()
        finally:
            tagger.close()
        labels = sorted(info.labels, key=info.labels.__getitem__)
        column = {label: i for i, label in enumerate(labels)}
        attributes = sorted({attribute for attribute, _ in info.state_features})
        row = {attribute: i for i, attribute in enumerate(attributes)}
        weights = np.zeros((len(attributes), len(labels)), np.float32)
        for (attribute, label), weight in info.state_features.items():
            weights[row[attribute], column[label]] = weight
        transitions = np.zeros((len(labels), len(labels)), np.float32)
        for (before, after), weight in info.transitions.items():
            transitions[column[before], column[after]] = weight
        return cls(labels, attributes, weights, transitions)

    def arrays(self, prefix: str) -> dict[str, Any]:
        """The model as named arrays, for saving; strings as one UTF-8 text a line each."""
        attributes = sorted(self.index, key=self.index.__getitem__)
        return {
            prefix + "labels": _text_array(self.labels),
            prefix + "attributes": _text_array(attributes),
            prefix + "weights": self.weights[: self.missing],
            prefix + "transitions": self.transitions,
        }

    @classmethod
    def from_arrays(cls, arrays: Any, prefix: str) -> LinearChain:
        return cls(
            _array_text(arrays[prefix + "labels"]),
            _array_text(arrays[prefix + "attributes"]),
            arrays[prefix + "weights"],
            arrays[prefix + "transitions"],
        )

    def rows_of(self, prefix: str, values: Sequence[str]) -> Ints:
        """The weight row of ``prefix + value`` for each value (the zero row when unknown)."""
        return np.array([self.index.get(prefix + v, self.missing) for v in values], np.intp)

    def _word_rows(self, words: Sequence[str]) -> Floats:
        """Per word: its own score per label, then what it adds to a token at each offset of
        ``NEIGHBOUR_OFFSETS`` from it. Shape (words, 5, labels)."""
        index = self.index
        missing = self.missing
        rows: list[int] = []
        for word in words:
            groups = [() if word in (START, END) else word_features(word)]
            groups += [neighbour_features(word, offset) for offset in NEIGHBOUR_OFFSETS]
            for features in groups:
                # Every group starts with the zero row, so none is empty for reduceat.
                rows.append(missing)
                rows.extend(row for row in map(index.get, features) if row is not None)
        found = np.array(rows, np.intp)
        bounds = np.flatnonzero(found == missing)
        sums: Floats = np.add.reduceat(self.weights[found], bounds, axis=0)
        return sums.reshape(len(words), 1 + len(NEIGHBOUR_OFFSETS), len(self.labels))

    def word_table(self, unique: Sequence[str]) -> Floats:
        """``_word_rows`` of each word, from the cache where it has them."""
        cache = self._words
        with self._lock:
            if len(cache) > _CACHE_LIMIT:
                cache.clear()
            new = [w for w in unique if w not in cache]
            if new:
                for word, rows in zip(new, self._word_rows(new), strict=True):
                    cache[word] = rows
            return np.stack([cache[w] for w in unique])

    def emissions(self, layout: Layout, first_pass: Ints | None = None) -> Floats:
        """Score per (token, label) for the tokens of a document, one sentence after another.
        With the first pass's label indexes, the second pass's document features count too."""
        count = layout.count
        per_token = self.word_table(layout.unique)[layout.word_ids]  # (tokens, 5, labels)
        scores: Floats = per_token[:, 0].copy()
        position, length = layout.position, layout.length
        # Neighbour contributions, shifted into place; sentence edges take the edge rows.
        for slot, offset in enumerate(NEIGHBOUR_OFFSETS, start=1):
            shifted = np.roll(per_token[:, slot], -offset, axis=0)
            if offset < 0:
                shifted[position < -offset] = self.start_rows[slot]
            else:
                shifted[position >= length - offset] = self.end_rows[slot]
            scores += shifted
        # Word pairs: each adjacent pair is one look-up serving both of its tokens.
        pairs = self.pairs
        missing = self.missing
        right = [missing] * count
        left = [missing] * count
        token = 0
        for sentence in layout.lowers:
            before = START
            for word in sentence:
                found = pairs.get(before + "|" + word)
                if found is not None:
                    right[token] = found[0]
                    if before is not START:
                        left[token - 1] = found[1]
                before = word
                token += 1
            found = pairs.get(before + "|" + END)
            if found is not None:
                left[token - 1] = found[1]
        weights = self.weights
        scores += weights[right]
        scores += weights[left]
        scores[layout.sentence_starts] += weights[self.first_row]
        scores[layout.headline] += weights[self.headline_row]
        scores += weights[self.form_rows[layout.forms]]
        unclear = layout.case_unclear
        scores[unclear] += weights[self.headline_form_rows[layout.forms[unclear]]]
        if layout.phrases:
            phrase_tokens = [token for token, _ in layout.phrases]
            phrase_rows = [self.index.get(feature, missing) for _, feature in layout.phrases]
            np.add.at(scores, phrase_tokens, weights[phrase_rows])
        if first_pass is not None:
            edge_start, edge_end = len(self.labels), len(self.labels) + 1
            before_tags = np.roll(first_pass, 1)
            before_tags[position == 0] = edge_start
            after_tags = np.roll(first_pass, -1)
            after_tags[position == length - 1] = edge_end
            own_rows, before_rows, after_rows = self.tag_rows
            scores += weights[own_rows[first_pass]]
            scores += weights[before_rows[before_tags]]
            scores += weights[after_rows[after_tags]]
            votes = layout.votes(first_pass, self.labels)
            for rows, codes in zip(self.vote_rows, votes, strict=True):
                scores += weights[rows[codes]]
        return scores

    def decode(self, scores: Floats, starts: Ints, lengths: Ints) -> list[list[str]]:
        """The best label sequence of each sentence (Viterbi, all sentences at once)."""
        labels = viterbi(scores, starts, lengths, self.transitions)
        names = self.labels
        flat = [names[i] for i in labels.tolist()]
        return [flat[s : s + n] for s, n in zip(starts.tolist(), lengths.tolist(), strict=True)]


def viterbi(scores: Floats, starts: Ints, lengths: Ints, transitions: Floats) -> Ints:
    """Best label index per token, each sentence decoded on its own. Sentences are stacked
    longest first, so step ``t`` works on the prefix still running: the work is the number
    of tokens times labels squared, whatever the mix of lengths."""
    count = len(scores)
    result: Ints = np.zeros(count, np.intp)
    if not count:
        return result
    order = np.argsort(-lengths, kind="stable")
    sorted_lengths = lengths[order]
    longest = int(sorted_lengths[0])
    steps = np.arange(longest)
    valid = steps[None, :] < sorted_lengths[:, None]
    index = np.where(valid, starts[order][:, None] + steps[None, :], count)
    padded = np.vstack([scores, np.zeros((1, scores.shape[1]), scores.dtype)])[index]
    running = valid.sum(axis=0)  # sentences still running at each step
    labels = scores.shape[1]
    best = padded[:, 0].copy()
    back = np.zeros((longest, len(order), labels), np.intp)
    candidates = np.empty((len(order), labels, labels), scores.dtype)
    step_best = np.empty((len(order), labels), scores.dtype)
    for t in range(1, longest):
        k = int(running[t])
        now = candidates[:k]
        np.add(best[:k, :, None], transitions, out=now)
        now.argmax(axis=1, out=back[t, :k])
        now.max(axis=1, out=step_best[:k])
        np.add(step_best[:k], padded[:k, t], out=best[:k])
    current = best.argmax(axis=1)
    path = np.zeros((len(order), longest), np.intp)
    rows = np.arange(len(order))
    for t in range(longest - 1, -1, -1):
        if t + 1 < longest:
            k = int(running[t + 1])
            if k:
                current[:k] = back[t + 1, rows[:k], current[:k]]
        path[:, t] = current
    result[index[valid]] = path[valid]
    return result


class CrfTagger:
    """The two CRF passes of the shipped model."""

    def __init__(self, model_file: Path = MODEL_FILE) -> None:
        if not model_file.is_file():
            raise FileNotFoundError(f"entity model not found: {model_file}")
        try:
            with np.load(model_file, allow_pickle=False) as arrays:
                self.first = LinearChain.from_arrays(arrays, "first_")
                self.second = LinearChain.from_arrays(arrays, "second_")
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
            raise FileNotFoundError(f"entity model unreadable: {model_file}: {error}") from error
        self.model_file = model_file

    @classmethod
    def from_passes(cls, first: LinearChain, second: LinearChain) -> CrfTagger:
        tagger = cls.__new__(cls)
        tagger.first, tagger.second, tagger.model_file = first, second, Path()
        return tagger

    def save(self, path: Path) -> None:
        np.savez_compressed(path, **self.first.arrays("first_"), **self.second.arrays("second_"))

    def tag_document(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags ("B-PLACE", "I-PLACE", "O") for each sentence of normalised words."""
        kept = [i for i, words in enumerate(sentences) if words]
        result: list[list[str]] = [[] for _ in sentences]
        if not kept:
            return result
        layout = Layout([sentences[i] for i in kept])
        tags = self.second_pass(layout, self.first_pass(layout))
        for i, sentence_tags in zip(kept, tags, strict=True):
            result[i] = sentence_tags
        return result

    def first_pass(self, layout: Layout) -> Ints:
        """First-pass label indexes (into ``self.first.labels``) of every token."""
        scores = self.first.emissions(layout)
        return viterbi(scores, layout.sentence_starts, layout.lengths, self.first.transitions)

    def second_pass(self, layout: Layout, first: Ints) -> list[list[str]]:
        if self.first.labels != self.second.labels:
            raise ValueError("the two passes of an entity model must share their labels")
        scores = self.second.emissions(layout, first)
        return self.second.decode(scores, layout.sentence_starts, layout.lengths)


# dw/de/dl values: nothing, outside names, or a type.
VOTES = ("", "O", "PERSON", "ORG", "PLACE", "OTHER")
_VOTE_CODE = {value: code for code, value in enumerate(VOTES)}
_FORM_CODE = {value: code for code, value in enumerate(FORMS)}


class Layout:
    """A document's non-empty sentences laid out as one run of tokens, with what both passes
    share: word ids, positions, sentence and document features as small integer codes.

    The document features are those of ``DocumentContext`` and ``document_values`` (which
    training uses), computed here over arrays of word ids; the tagger's tests check that both
    give the same tags."""

    def __init__(self, sentences: Sequence[Sequence[str]]) -> None:
        self.sentences = sentences
        self.lengths: Ints = np.array([len(s) for s in sentences], np.intp)
        self.sentence_starts: Ints = np.zeros(len(sentences), np.intp)
        if len(sentences) > 1:
            self.sentence_starts[1:] = np.cumsum(self.lengths)[:-1]
        self.count = int(self.lengths.sum())
        self.position: Ints = np.arange(self.count) - np.repeat(self.sentence_starts, self.lengths)
        self.length: Ints = np.repeat(self.lengths, self.lengths)
        unique: dict[str, int] = {}
        self.word_ids: Ints = np.array(
            [unique.setdefault(w, len(unique)) for s in sentences for w in s], np.intp
        )
        self.unique = list(unique)
        lowers: dict[str, int] = {}
        lower_of_unique = np.array(
            [lowers.setdefault(w.lower(), len(lowers)) for w in self.unique], np.intp
        )
        self.lower_count = len(lowers)
        self.lower_ids: Ints = lower_of_unique[self.word_ids]
        self.lowers = [[w.lower() for w in s] for s in sentences]
        alpha_of_unique = np.array([w[:1].isalpha() for w in self.unique], bool)
        self.alpha = alpha_of_unique[self.word_ids]
        headlines = [is_headline(words) for words in sentences]
        self.headline = np.repeat(np.array(headlines, bool), self.lengths)
        # How each word is usually capitalised in the document (DocumentContext.forms).
        form_of_unique = np.array([_FORM_CODE[_case_form(w)] for w in self.unique], np.intp)
        counted = ~self.headline & (self.position > 0) & self.alpha
        usual = _majority(
            self.lower_ids[counted], form_of_unique[self.word_ids][counted],
            self.lower_count, len(FORMS),
        )
        self.forms: Ints = np.maximum(usual, 0)[self.lower_ids]
        self.case_unclear = (self.headline | (self.position == 0)) & (self.forms > 0)
        self.phrases: list[tuple[int, str]] = []
        offset = 0
        for words, headline in zip(sentences, headlines, strict=True):
            if may_hold_phrases(words, headline):
                for i, features in enumerate(phrase_features(words, headline)):
                    if features:
                        self.phrases.extend((offset + i, f) for f in features)
            offset += len(words)

    def votes(self, first_pass: Ints, labels: Sequence[str]) -> list[Ints]:
        """``document_values`` of every token as codes into ``VOTES``: dw, de, dl."""
        types = np.array([_VOTE_CODE[label[2:] or "O"] for label in labels], np.intp)
        inside = np.array([label.startswith("I-") for label in labels], bool)
        outside = np.array([label == "O" for label in labels], bool)
        kind = types[first_pass]
        lower_ids = self.lower_ids
        # dw: the type the word's alphabetic occurrences most often have ("O" outside names).
        word_vote = _majority(
            lower_ids[self.alpha], kind[self.alpha], self.lower_count, len(VOTES)
        )
        word_codes = np.maximum(word_vote, 0)[lower_ids]
        # Names: a token opens one unless it continues the name before it in its sentence.
        named = ~outside[first_pass]
        continues = np.zeros(self.count, bool)
        if self.count > 1:
            continues[1:] = (
                named[1:] & named[:-1] & inside[first_pass[1:]] & (kind[1:] == kind[:-1])
            )
        continues &= self.position > 0
        opens = named & ~continues
        starts = np.flatnonzero(opens)
        name_codes = np.zeros(self.count, np.intp)
        longer_codes = np.zeros(self.count, np.intp)
        if len(starts):
            # A name runs from its first token through the tokens that continue it.
            ends = starts + 1
            for _ in range(int(self.lengths.max())):
                more = (ends < self.count) & continues[np.minimum(ends, self.count - 1)]
                if not more.any():
                    break
                ends = ends + more
            flat_lowers = [w for sentence in self.lowers for w in sentence]
            bounds = list(zip(starts.tolist(), ends.tolist(), strict=True))
            keys = [" ".join(flat_lowers[a:b]) for a, b in bounds]
            span_kind = kind[starts].tolist()
            best = _majorities(_tally(zip(keys, span_kind, strict=True)))
            lengths = ends - starts
            owner = np.repeat(np.arange(len(starts)), lengths)
            members = np.arange(int(lengths.sum())) + np.repeat(
                starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths
            )
            span_best = np.array([best[key] for key in keys], np.intp)
            name_codes[members] = span_best[owner]
            # dl: the type of the longer names (two words or more) a word is part of.
            long_members = members[lengths[owner] > 1]
            longer_vote = _majority(
                lower_ids[long_members], kind[long_members], self.lower_count, len(VOTES)
            )
            longer_codes = np.maximum(longer_vote, 0)[lower_ids]
        return [word_codes, name_codes, longer_codes]


def _majority(keys: Ints, values: Ints, key_count: int, value_count: int) -> Ints:
    """Per key, the value most often paired with it; a tie goes to the value paired with it
    first; -1 for a key never seen (as ``_majorities(_tally(...))`` decides)."""
    result: Ints = np.full(key_count, -1, np.intp)
    if not len(keys):
        return result
    combined = keys * value_count + values
    counts = np.bincount(combined, minlength=key_count * value_count)
    seen, first = np.unique(combined, return_index=True)
    first_seen = np.full(key_count * value_count, len(combined), np.int64)
    first_seen[seen] = first
    score = counts.astype(np.int64) * (len(combined) + 1) - first_seen
    best = score.reshape(key_count, value_count).argmax(axis=1)
    present = counts.reshape(key_count, value_count).sum(axis=1) > 0
    result[present] = best[present]
    return result
