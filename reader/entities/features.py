"""Features the CRF sees for each token: the word, its shape and affixes, its neighbours,
hand-written name lists, and document-level hints about how a word is usually capitalised.

Everything here works on normalised token strings (``Token.norm``), so training on tokenised
Reuters text and tagging a scraped article see the same thing.

Features come in four families, kept apart so the tagger can add up their weights quickly:

- the word's own features (``word_features``), a function of the word alone;
- what a word tells its neighbours one or two places away (``neighbour_features``), also a
  function of that word alone; sentence edges are the pseudo-words ``<s>`` and ``</s>``;
- word pairs (``pair_features``): the lower-cased word with the one before it;
- sentence and document features (``context_features``): name-list phrases, headline and
  sentence position, how the word is capitalised elsewhere in the document.

Training joins them into one list per token (``sentence_features``); the tagger caches the
first two families per word and looks the pairs up, so most of the work is done once per word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from reader.entities.clusters import clusters_of
from reader.entities.gazetteer import LISTS, PHRASE_LISTS

# Whole names, matched as phrases: places and nationalities. (Well-known organisations and
# products as a further list scored no better in cross-validation; grouping uses them.)
_PHRASE_NAMES: dict[str, frozenset[str]] = {name: LISTS[name] for name in PHRASE_LISTS}
_PHRASES: dict[str, tuple[str, ...]] = {}
for _list_name, _members in _PHRASE_NAMES.items():
    for _name in _members:
        _PHRASES[_name] = (*_PHRASES.get(_name, ()), _list_name)
_MAX_PHRASE = max(len(name.split()) for name in _PHRASES)
_PHRASE_STARTS = frozenset(name.split()[0] for name in _PHRASES)
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

START = "<s>"
END = "</s>"
# Offsets of the neighbours a word describes, in the order the tagger's caches keep them.
NEIGHBOUR_OFFSETS = (-1, -2, 1, 2)


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
    if word in (START, END):
        return word
    return _RUNS.sub(r"\1", _shape(word))[:6]


# How a word can be capitalised (``_case_form``); "" for a word not seen in the document.
FORMS = ("", "upper", "title", "lower", "mixed")


@lru_cache(maxsize=100_000)
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
    clusters = clusters_of(word)
    if clusters is not None:
        features += ("k=" + clusters[0], "kk=" + clusters[1])
    return tuple(features)


@lru_cache(maxsize=200_000)
def neighbour_features(word: str, offset: int) -> tuple[str, ...]:
    """What ``word`` tells a token when it stands ``offset`` places from it (-1: just before
    it, 2: two after). ``<s>`` and ``</s>`` stand for the sentence's edges."""
    lower = word if word in (START, END) else word.lower()
    if offset in (-1, 1):
        sign = "-1" if offset == -1 else "+1"
        features = [sign + "=" + lower, sign + "s=" + _short_shape(word)]
        features += [sign + "c=" + c for c in _CUES.get(word, ())]
        clusters = clusters_of(word)
        if clusters is not None:
            features.append(sign + "k=" + clusters[0])
        return tuple(features)
    if offset == -2:
        return ("-2=" + lower,)
    return ("+2=" + lower,)


def pair_key(before: str, word: str) -> str:
    """Two lower-cased neighbours (or an edge and a word) as one key."""
    return before + "|" + word


def pair_features(key: str) -> tuple[str, str]:
    """The pair ``key`` as seen from its second word, then from its first."""
    return "-1|0=" + key, "0|+1=" + key


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

    __slots__ = ("forms", "headlines")

    def __init__(self, sentences: Sequence[Sequence[str]]) -> None:
        self.headlines = [is_headline(words) for words in sentences]
        seen = [
            (word.lower(), _case_form(word))
            for words, headline in zip(sentences, self.headlines, strict=True)
            if not headline
            for word in words[1:]
            if word[:1].isalpha()
        ]
        # The most frequent form; a tie goes to the form seen first.
        self.forms: dict[str, str] = _majorities(_tally(seen))

    def form(self, word: str) -> str:
        return self.forms.get(word.lower(), "")


def _phrase_lookup(words: Sequence[str], headline: bool) -> list[str]:
    """Words as name lists spell them: a headline's "UKRAINE" is looked up as "Ukraine"."""
    return [w.title() if headline and w.isupper() and len(w) > 3 else w for w in words]


def may_hold_phrases(words: Sequence[str], headline: bool) -> bool:
    """Whether any word could start a name-list phrase (most sentences: none)."""
    return not _PHRASE_STARTS.isdisjoint(_phrase_lookup(words, headline) if headline else words)


def _phrase_tags(words: Sequence[str], headline: bool) -> list[list[str]]:
    """B-/I- tags of name-list phrases covering each token (longest match first)."""
    tags: list[list[str]] = [[] for _ in words]
    lookup = _phrase_lookup(words, headline)
    count = len(words)
    index = 0
    while index < count:
        if lookup[index] not in _PHRASE_STARTS:
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


def phrase_features(words: Sequence[str], headline: bool) -> list[list[str]]:
    """Name-list phrases covering each token and its neighbours (``gB``/``gI``, with ``-1``
    and ``+1`` for the tokens next to one)."""
    count = len(words)
    phrases = _phrase_tags(words, headline)
    result: list[list[str]] = [[] for _ in range(count)]
    for i, phrase in enumerate(phrases):
        if not phrase:
            continue
        result[i] += phrase
        if i + 1 < count:
            result[i + 1] += ["-1" + p for p in phrase]
        if i:
            result[i - 1] += ["+1" + p for p in phrase]
    return result


def context_features(
    words: Sequence[str], headline: bool, forms: dict[str, str] | None
) -> list[list[str]]:
    """Sentence and document features of each token: name-list phrases around it, sentence
    start, headline, and the word's usual capitalisation in the document (``df``; ``dfh``
    too where the token's own case says little: in a headline or opening the sentence)."""
    result = phrase_features(words, headline)
    if result:
        result[0].append("first")
    if headline:
        for features in result:
            features.append("headline")
    if forms is not None:
        for i, word in enumerate(words):
            form = forms.get(word.lower(), "")
            if form:
                result[i].append("df=" + form)
                if headline or not i:
                    result[i].append("dfh=" + form)
    return result


def sentence_features(
    words: Sequence[str], document: DocumentContext | None = None, headline: bool | None = None
) -> list[list[str]]:
    """All feature strings of each token of one sentence (what training sees)."""
    count = len(words)
    if not count:
        return []
    if headline is None:
        headline = is_headline(words)
    lowers = [w.lower() for w in words]
    context = context_features(words, headline, document.forms if document else None)
    padded = [START, START, *words, END, END]
    padded_lowers = [START, *lowers, END]
    result: list[list[str]] = []
    for i in range(count):
        features = [*word_features(words[i])]
        for offset in NEIGHBOUR_OFFSETS:
            features += neighbour_features(padded[i + 2 + offset], offset)
        features.append(pair_features(pair_key(padded_lowers[i], lowers[i]))[0])
        features.append(pair_features(pair_key(lowers[i], padded_lowers[i + 2]))[1])
        features += context[i]
        result.append(features)
    return result


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


def _tally(pairs: Iterable[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """Counts of each value per key, values in the order first seen for that key."""
    counts: dict[str, dict[str, int]] = {}
    for (key, value), count in Counter(pairs).items():
        inner = counts.get(key)
        if inner is None:
            counts[key] = {value: count}
        else:
            inner[value] = count
    return counts


def _majorities(counts: dict[str, dict[str, int]]) -> dict[str, str]:
    """The most frequent value per key; a tie goes to the value seen first."""
    return {
        key: next(iter(inner)) if len(inner) == 1 else max(inner, key=inner.__getitem__)
        for key, inner in counts.items()
    }


def document_values(
    sentences: Sequence[Sequence[str]], first_pass: Sequence[Sequence[str]]
) -> list[tuple[list[str], list[str], list[str]]]:
    """What the first pass concluded about the same words elsewhere in the document, per
    sentence and token ("" where nothing): the type the word usually gets (``dw``, "O" when
    mostly outside names), the type of the name it is in wherever that name occurs (``de``),
    and the type of the longer names the word is part of (``dl``). A name tagged PERSON once
    is likely PERSON everywhere, and "Zelensky" alone is likely the person "Volodymyr
    Zelensky" named earlier."""
    by_word: list[tuple[str, str]] = []
    by_name: list[tuple[str, str]] = []
    inside_longer: list[tuple[str, str]] = []
    sentence_spans: list[list[tuple[int, int, str]]] = []
    sentence_lowers: list[list[str]] = []
    for words, tags in zip(sentences, first_pass, strict=True):
        lowers = [w.lower() for w in words]
        sentence_lowers.append(lowers)
        spans = _spans(tags)
        sentence_spans.append(spans)
        for start, end, label in spans:
            by_name.append((" ".join(lowers[start:end]), label))
            if end - start > 1:
                inside_longer.extend((lower, label) for lower in lowers[start:end])
        by_word.extend(
            (lower, tag[2:] or "O")
            for word, lower, tag in zip(words, lowers, tags, strict=True)
            if word[:1].isalpha()
        )
    word_majority = _majorities(_tally(by_word))
    name_majority = _majorities(_tally(by_name))
    longer_majority = _majorities(_tally(inside_longer))
    result: list[tuple[list[str], list[str], list[str]]] = []
    for lowers, spans in zip(sentence_lowers, sentence_spans, strict=True):
        span_label = [""] * len(lowers)
        for start, end, _ in spans:
            best = name_majority[" ".join(lowers[start:end])]
            for inner in range(start, end):
                span_label[inner] = best
        result.append(
            (
                [word_majority.get(lower, "") for lower in lowers],
                span_label,
                [longer_majority.get(lower, "") for lower in lowers],
            )
        )
    return result


def document_features(
    sentences: Sequence[Sequence[str]], first_pass: Sequence[Sequence[str]]
) -> list[list[list[str]]]:
    """The second pass's features beyond the first's, per sentence and token: the first
    pass's tag of the token and its neighbours (``t1``) and ``document_values``."""
    result: list[list[list[str]]] = []
    values = document_values(sentences, first_pass)
    for tags, (word_label, name_label, longer_label) in zip(first_pass, values, strict=True):
        count = len(tags)
        sentence: list[list[str]] = []
        for i in range(count):
            extra = [
                "t1=" + tags[i],
                "-1t1=" + (tags[i - 1] if i else START),
                "+1t1=" + (tags[i + 1] if i + 1 < count else END),
            ]
            if word_label[i]:
                extra.append("dw=" + word_label[i])
            if name_label[i]:
                extra.append("de=" + name_label[i])
            if longer_label[i]:
                extra.append("dl=" + longer_label[i])
            sentence.append(extra)
        result.append(sentence)
    return result


def second_pass_features(
    sentences: Sequence[Sequence[str]],
    base: Sequence[list[list[str]]],
    first_pass: Sequence[Sequence[str]],
) -> list[list[list[str]]]:
    """Base features plus ``document_features`` (what the second pass is trained on)."""
    extra = document_features(sentences, first_pass)
    return [
        [[*token, *more] for token, more in zip(sentence, extras, strict=True)]
        for sentence, extras in zip(base, extra, strict=True)
    ]
