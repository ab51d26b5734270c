"""The features of one article (its words, title words counted twice, the source's topics, the
canonical names of the entities it mentions, and a language marker) and their compact form:
CRC-32 keys and 16-bit counts, as cached in the store."""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from reader.store import normalise_tag
from reader.store import suggestions as sql
from reader.topics.suggestions.language import LANGUAGE_WORDS, LANGUAGES, article_language

TITLE_WEIGHT = 2
TOPIC_WEIGHT = 2

FloatArray = npt.NDArray[np.float64]

_WORD = re.compile(r"[^\W\d_]{2,}")
_STOPWORD_TEXT = """
    a about above after again against all almost also am among an and another any are around
    as at be because been before being below between both but by can could did do does doing
    done down during each either even ever every few for from further get gets got had has
    have having he her here hers herself him himself his how however if in into is it its
    itself just last least less like made make makes many may me might more most much must
    my myself near neither new no nor not now of off often on once one only or other others
    our ours ourselves out over own per put rather really said same say says see seen she
    should since so some still such than that the their theirs them themselves then there
    these they this those though three through thus to too two under until up upon us very
    was we well were what when where whether which while who whom whose why will with within
    without would yet you your yours yourself yourselves mr mrs ms year years told people
    just week weeks time
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_LANGUAGE_FEATURE = "%language:"


def article_features(
    title: str, body: str, topics: Iterable[str] = (), entities: Iterable[str] = ()
) -> Counter[str]:
    """Raw feature counts of one article: words, ``#source-topic``, ``@entity name`` and one
    ``%language:`` marker (not a feature of the matrix: it decides which tags may apply)."""
    counts: Counter[str] = Counter()
    title_words = _WORD.findall(title.casefold())
    body_words = _WORD.findall(body.casefold())
    language = article_language(title + "\n" + body, title_words + body_words[:LANGUAGE_WORDS])
    if language:
        counts[_LANGUAGE_FEATURE + language] = 1
    for word in title_words:
        if word not in STOPWORDS:
            counts[word] += TITLE_WEIGHT
    for word in body_words:
        if word not in STOPWORDS:
            counts[word] += 1
    for topic in topics:
        tag = normalise_tag(topic)
        if tag:
            counts["#" + tag] += TOPIC_WEIGHT
    counts.update(entity_features(entities))
    return counts


def entity_features(entities: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for name in entities:
        key = " ".join(name.casefold().split())
        if key:
            counts["@" + key] += 1
    return counts


def feature_key(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8"))


def encode_counts(counts: Counter[str]) -> tuple[bytes, bytes]:
    keys = np.fromiter((feature_key(f) for f in counts), dtype="<u4", count=len(counts))
    values = np.fromiter(
        (min(c, 65535) for c in counts.values()), dtype="<u2", count=len(counts)
    )
    return keys.tobytes(), values.tobytes()


def _topics(raw: str) -> list[str]:
    try:
        value = json.loads(raw)
    except ValueError:
        return []
    return [str(t) for t in value] if isinstance(value, list) else []


def text_features(text: sql.ArticleText) -> Counter[str]:
    return article_features(text.title, text.body, _topics(text.topics))


def count_arrays(counts: Counter[str]) -> tuple[npt.NDArray[np.uint32], FloatArray]:
    keys = np.fromiter((feature_key(f) for f in counts), dtype=np.uint32, count=len(counts))
    return keys, np.fromiter(counts.values(), dtype=np.float64, count=len(counts))


def decode_counts(keys: bytes, counts: bytes) -> tuple[npt.NDArray[np.uint32], FloatArray]:
    return (
        np.frombuffer(keys, dtype="<u4").astype(np.uint32),
        np.frombuffer(counts, dtype="<u2").astype(np.float64),
    )


LANGUAGE_KEYS = np.array(
    [feature_key(_LANGUAGE_FEATURE + code) for code in LANGUAGES], dtype=np.uint32
)


def without_language(
    keys: npt.NDArray[np.uint32], counts: FloatArray
) -> tuple[npt.NDArray[np.uint32], FloatArray, int]:
    """An article's features less its language marker, and the language's index (-1: none)."""
    marker = np.isin(keys, LANGUAGE_KEYS)
    if not marker.any():
        return keys, counts, -1
    found = int(np.flatnonzero(keys[marker][0] == LANGUAGE_KEYS)[0])
    return keys[~marker], counts[~marker], found

