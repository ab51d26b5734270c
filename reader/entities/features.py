"""Features the CRF sees for each token: the word, its shape and affixes, its neighbours,
hand-written name lists, and document-level hints about how a word is usually capitalised.

Everything here works on normalised token strings (``Token.norm``), so training on tokenised
Reuters text and tagging a scraped article see the same thing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from reader.entities.gazetteer import LISTS, PHRASE_LISTS

_PHRASES: dict[str, tuple[str, ...]] = {}
for _list_name in PHRASE_LISTS:
    for _name in LISTS[_list_name]:
        _PHRASES[_name] = (*_PHRASES.get(_name, ()), _list_name)
_MAX_PHRASE = max(len(name.split()) for name in _PHRASES)
_CUES: dict[str, tuple[str, ...]] = {}
for _list_name, _names in LISTS.items():
    if _list_name in PHRASE_LISTS:
        continue
    for _name in _names:
        _CUES[_name] = (*_CUES.get(_name, ()), _list_name)

_SHAPE = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "X" * 26 + "x" * 26 + "d" * 10,
)
_RUNS = re.compile(r"(.)\1+")
_LONG_RUNS = re.compile(r"(.)\1{3,}")


def _shape(word: str) -> str:
    shape = word.translate(_SHAPE)
    if not shape.isascii():
        shape = "".join(
            ("X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c)
            if not c.isascii()
            else c
            for c in shape
        )
    return shape


@lru_cache(maxsize=100_000)
def _short_shape(word: str) -> str:
    return _RUNS.sub(r"\1", _shape(word))[:6]


def _case_form(word: str) -> str:
    """How a word is capitalised: the quantity document-level features compare."""
    if word.isupper():
        return "upper"
    if word[:1].isupper():
        return "title"
    if word.islower():
        return "lower"
    return "mixed"


@lru_cache(maxsize=100_000)
def word_features(word: str) -> tuple[str, ...]:
    """Features that depend on the word alone (cached: most words repeat)."""
    lower = word.lower()
    shape = _shape(word)
    features = [
        "b",
        "w=" + lower,
        "s=" + _LONG_RUNS.sub(r"\1\1\1", shape)[:12],
        "ss=" + _RUNS.sub(r"\1", shape)[:8],
        "p2=" + lower[:2],
        "p3=" + lower[:3],
        "x2=" + lower[-2:],
        "x3=" + lower[-3:],
        "x4=" + lower[-4:],
    ]
    if word[:1].isupper():
        features.append("title")
    if word.isupper():
        features.append("upper")
    if "-" in word:
        features.append("hyphen")
        head = word.split("-", 1)[0]
        features.append("hh=" + head.lower())
        for list_name in _PHRASES.get(head, ()):
            features.append("hg=" + list_name)
    if any(c.isdigit() for c in word):
        features.append("digit")
    if len(word) == 1:
        features.append("single")
    for list_name in _CUES.get(word, ()):
        features.append("c=" + list_name)
    return tuple(features)


def is_headline(words: Sequence[str]) -> bool:
    """All-caps or title-case lines (headlines, datelines) where case says little."""
    letters = [w for w in words if w[:1].isalpha()]
    if len(letters) < 2:
        return False
    upper = sum(1 for w in letters if w.isupper() and len(w) > 1)
    if upper >= 0.8 * len(letters):
        return True
    long_words = [w for w in letters if len(w) > 3]
    capitalised = sum(1 for w in long_words if w[:1].isupper())
    return len(long_words) >= 3 and capitalised == len(long_words)


class DocumentContext:
    """How each word is capitalised elsewhere in the same document, outside headlines and
    sentence starts: the hint that tells "LEICESTERSHIRE" and "Obviously" apart."""

    __slots__ = ("forms",)

    def __init__(self, sentences: Sequence[Sequence[str]]) -> None:
        counts: dict[str, Counter[str]] = {}
        for words in sentences:
            if is_headline(words):
                continue
            for word in words[1:]:
                if word[:1].isalpha():
                    counts.setdefault(word.lower(), Counter())[_case_form(word)] += 1
        self.forms: dict[str, str] = {
            lower: counter.most_common(1)[0][0] for lower, counter in counts.items()
        }

    def form(self, word: str) -> str:
        return self.forms.get(word.lower(), "")


def _phrase_tags(words: Sequence[str], headline: bool) -> list[list[str]]:
    """B-/I- tags of name-list phrases covering each token (longest match first)."""
    tags: list[list[str]] = [[] for _ in words]
    lookup = [w.title() if headline and w.isupper() and len(w) > 3 else w for w in words]
    count = len(words)
    index = 0
    while index < count:
        if not lookup[index][:1].isupper():  # every listed name starts with a capital
            index += 1
            continue
        matched = 0
        for size in range(min(_MAX_PHRASE, count - index), 0, -1):
            lists = _PHRASES.get(" ".join(lookup[index : index + size]))
            if lists:
                for list_name in lists:
                    tags[index].append("gB=" + list_name)
                    for inner in range(index + 1, index + size):
                        tags[inner].append("gI=" + list_name)
                matched = size
                break
        index += matched or 1
    return tags


def sentence_features(
    words: Sequence[str], document: DocumentContext | None = None
) -> list[list[str]]:
    """The feature lists for one sentence of normalised token strings."""
    count = len(words)
    if not count:
        return []
    headline = is_headline(words)
    lowers = [w.lower() for w in words]
    shapes = [_short_shape(w) for w in words]
    cues = [_CUES.get(w, ()) for w in words]
    phrases = _phrase_tags(words, headline)
    before = ["<s>", *lowers[:-1]]
    after = [*lowers[1:], "</s>"]
    # Columns built whole (comprehensions are much faster than per-token appends).
    columns = zip(
        ["-1=" + w for w in before],
        ["+1=" + w for w in after],
        ["-2=" + w for w in ["<s>", *before[:-1]]],
        ["+2=" + w for w in [*after[1:], "</s>"]],
        ["-1|0=" + b + "|" + w for b, w in zip(before, lowers, strict=True)],
        ["0|+1=" + w + "|" + a for w, a in zip(lowers, after, strict=True)],
        ["-1s=" + x for x in ["<s>", *shapes[:-1]]],
        ["+1s=" + x for x in [*shapes[1:], "</s>"]],
        strict=True,
    )
    forms = document.forms if document is not None else None
    result: list[list[str]] = []
    for i, window in enumerate(columns):
        features = [*word_features(words[i]), *window, *phrases[i]]
        if i:
            if phrases[i - 1]:
                features += ["-1" + p for p in phrases[i - 1]]
            if cues[i - 1]:
                features += ["-1c=" + c for c in cues[i - 1]]
        else:
            features.append("first")
        if i + 1 < count:
            if phrases[i + 1]:
                features += ["+1" + p for p in phrases[i + 1]]
            if cues[i + 1]:
                features += ["+1c=" + c for c in cues[i + 1]]
        if headline:
            features.append("headline")
        if forms is not None:
            form = forms.get(lowers[i], "")
            if form:
                features.append("df=" + form)
                if headline or not i:
                    features.append("dfh=" + form)
        result.append(features)
    return result


def _label(tag: str) -> str:
    return tag[2:] if len(tag) > 2 else ""


def _spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) of the BIO spans in one sentence's tags."""
    found: list[tuple[int, int, str]] = []
    start = -1
    label = ""
    for index, tag in enumerate(tags):
        if tag == "O":
            if start >= 0:
                found.append((start, index, label))
                start = -1
            continue
        if start >= 0 and tag[0] == "I" and tag[2:] == label:
            continue
        if start >= 0:
            found.append((start, index, label))
        start = index
        label = tag[2:]
    if start >= 0:
        found.append((start, len(tags), label))
    return found


def _vote(counts: dict[str, dict[str, int]], key: str, label: str) -> None:
    inner = counts.get(key)
    if inner is None:
        counts[key] = {label: 1}
    else:
        inner[label] = inner.get(label, 0) + 1


def _majorities(counts: dict[str, dict[str, int]]) -> dict[str, str]:
    return {key: max(inner, key=inner.__getitem__) for key, inner in counts.items()}


def second_pass_features(
    sentences: Sequence[Sequence[str]],
    base: Sequence[list[list[str]]],
    first_pass: Sequence[Sequence[str]],
) -> list[list[list[str]]]:
    """Base features plus what the first pass concluded about the same words elsewhere in the
    document: a name tagged PERSON once is likely PERSON everywhere, and "Zelensky" alone is
    likely the person "Volodymyr Zelensky" tagged earlier. Extends the lists of ``base``."""
    by_word: dict[str, dict[str, int]] = {}
    by_name: dict[str, dict[str, int]] = {}
    inside_longer: dict[str, dict[str, int]] = {}
    sentence_spans: list[list[tuple[int, int, str]]] = []
    sentence_lowers: list[list[str]] = []
    for words, tags in zip(sentences, first_pass, strict=True):
        lowers = [w.lower() for w in words]
        sentence_lowers.append(lowers)
        spans = _spans(tags)
        sentence_spans.append(spans)
        for start, end, label in spans:
            _vote(by_name, " ".join(lowers[start:end]), label)
            if end - start > 1:
                for lower in lowers[start:end]:
                    _vote(inside_longer, lower, label)
        for word, lower, tag in zip(words, lowers, tags, strict=True):
            if word[:1].isalpha():
                _vote(by_word, lower, _label(tag) or "O")
    word_majority = _majorities(by_word)
    name_majority = _majorities(by_name)
    longer_majority = _majorities(inside_longer)
    for lowers, features, tags, spans in zip(
        sentence_lowers, base, first_pass, sentence_spans, strict=True
    ):
        count = len(lowers)
        span_label = [""] * count
        for start, end, _ in spans:
            best = name_majority[" ".join(lowers[start:end])]
            for inner in range(start, end):
                span_label[inner] = best
        for i in range(count):
            extra = features[i]
            extra += (
                "t1=" + tags[i],
                "-1t1=" + (tags[i - 1] if i else "<s>"),
                "+1t1=" + (tags[i + 1] if i + 1 < count else "</s>"),
            )
            lower = lowers[i]
            majority = word_majority.get(lower)
            if majority is not None:
                extra.append("dw=" + majority)
            if span_label[i]:
                extra.append("de=" + span_label[i])
            longer = longer_majority.get(lower)
            if longer is not None:
                extra.append("dl=" + longer)
    return list(base)
