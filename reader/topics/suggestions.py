"""Tag suggestions learned offline from the user's own tags: evidence or silence.

What counts as a label: tags with origin ``manual``, ``suggestion`` (an accepted suggestion) or
``rule`` that are *topics*. Workflow tags (the quick tags and the config's ``workflow_tags``:
important, follow-up, later, read-later, todo by default, plus any the user marks) say what to
do with an article, not what it is about: they are never learned or suggested. Source topics
(the publisher's own categories) are features of the article (``#topic``) beside its words and
the canonical names of the entities it mentions (``@name``), never labels.

How it learns, one tag at a time (one-vs-rest, so ``sport`` and ``tennis`` are each suggested
when each applies): every article is a tf-idf vector (log term frequency, title words counted
twice, unit length). A tag's evidence for an article is a Rocchio score: its similarity to the
mean of the tag's articles minus ``BACKGROUND_WEIGHT`` times its similarity to the mean of the
rest of the archive; an article the tag was dismissed for (or removed from) is subtracted from
the tag's sum, weighing against it as much as a tagged article weighs for it. The archive is
the negative side, so an article like every other gets a negative score, and an article
sharing nothing with the tag's articles scores zero: only positive evidence can ever be
suggested.

The score becomes a probability by calibration inside the training data. Every article is
scored with itself left out (the tag's own articles too, so their scores are out-of-sample). The
scores of the untagged articles are a mixture: mostly articles the tag does not apply to (a
normal law fitted robustly, median and MAD) and some it applies to but nobody tagged yet, which
look like the tagged ones (a normal law fitted to the tagged articles' left-out scores). EM
finds the share of the latter; Bayes' rule gives the probability that the tag applies, kept
non-decreasing in the score. Two rounds of expansion then count the untagged articles most
likely to carry the tag (as many as the calibration expects) half as tagged and out of the
background, and score and calibrate again.

Two gates keep the evidence honest. An article in a language none of the tag's articles is in
(told by :func:`article_language`) gets probability 0 for it. An article the archive hardly
knows the words of has its evidence discounted: familiarity is the share of its distinct
features found in another article, and below the tag's median familiarity the positive score
is multiplied by the ratio to ``Tuning.familiarity_power`` before calibration (see Tuning).

Measured (``python -m reader.eval topics``, BBC News, 3 of 5 topics tagged with 10 articles each
plus 50 unrelated saved pages, every choice of topics x 3 draws): shown suggestions right 0.968
(0.992 on the BBC articles alone), in-topic articles with a suggestion 0.821, articles of
untagged topics with one 0.005, saved pages with one 0.099 (mostly pages on a tagged topic;
0.160 before the familiarity discount). Cross-validated (constants chosen on one BBC half with
half the pages, measured on the other half with the other pages; mean of 4 folds): 0.960 /
0.806 / 0.010 / 0.074. All five topics tagged, top-1 0.958 at 10 per topic and 0.901 at 2.

Speed (100,000 articles, ``benchmarks/bench_suggest.py``): the feature counts of every article
are cached in the store (``suggestion_features``; counted once, by worker processes on every
core when there are many), so a new process builds the matrix in about 3 s and only new or
changed articles are read again. Learning a tag
is a dozen passes over the archive's sparse matrix (numpy), 0.3 s; a tag change relearns that
tag alone. Every article's probability is computed while learning, so suggesting is a lookup
(0.011 ms per article). A tag is suggested only with ``MIN_EXAMPLES`` articles or more.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import os
import re
import time
import weakref
import zlib
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from reader.store import Store, normalise_tag
from reader.store import suggestions as sql

if TYPE_CHECKING:
    from reader.tags import Change

__all__ = [
    "DEFAULT_WORKFLOW_TAGS",
    "LABEL_ORIGINS",
    "MIN_EXAMPLES",
    "SHOW_THRESHOLD",
    "Evidence",
    "Suggestion",
    "SuggestionModel",
    "TagStatus",
    "Tuning",
    "accept_best",
    "accept_suggestion",
    "accept_suggestions",
    "article_features",
    "article_language",
    "explain",
    "forget",
    "learn",
    "mark_tag",
    "model_for",
    "reject_suggestion",
    "suggest",
    "tag_status",
    "unreject_suggestion",
    "workflow_tags",
]

LABEL_ORIGINS = ("manual", "suggestion", "rule")
# The one threshold: a suggestion is shown (header, `reader suggest`, `--accept`) when the
# probability that the tag applies is at least this.
SHOW_THRESHOLD = 0.5
# A tag is suggested only once this many articles carry it; from LEARN_MIN on it is learned
# (and ranked by `SuggestionModel.ranking`), below that it is not learned at all.
MIN_EXAMPLES = 5
LEARN_MIN = 2
# Tags that say what to do with an article rather than what it is about; with the quick tags
# they are the config's default `workflow_tags`.
DEFAULT_WORKFLOW_TAGS = ("important", "follow-up", "later", "read-later", "todo")
DEFAULT_QUICK_TAGS = ("important", "follow-up", "later")

# Rocchio weight of the archive at large (see Tuning) and of the articles a tag was dismissed
# for.
BACKGROUND_WEIGHT = 1.5
# How hard evidence is discounted in an article the archive knows fewer of the words of than
# the tag's typical article (see Tuning).
FAMILIARITY_POWER = 4.0
REJECTED_WEIGHT = 1.0
EXPAND_ROUNDS = 2
EXPAND_WEIGHT = 0.5
TITLE_WEIGHT = 2
TOPIC_WEIGHT = 2
# The calibration's EM looks at this many untagged articles at most (an even sample).
CALIBRATION_SAMPLE = 20_000
# Relearn everything when this share of the archive is new, or has had its names found, since.
GROWTH_SHARE = 0.1
GROWTH_FLOOR = 20
# The archive's growth is looked at once in this many seconds at most (counting the articles
# still waiting for names takes milliseconds while many are): tag changes are seen at once.
ARCHIVE_CHECK_SECONDS = 5.0
# Feature counts are written to the store in batches of this many articles; from this many
# articles to count on, worker processes count them on every core.
CACHE_BATCH = 1000
PARALLEL_COUNT_MIN = 4000
# Cached feature counts of another make (before the language marker) are counted again.
FEATURES_VERSION = "2"

FloatArray = npt.NDArray[np.float64]
IndexArray = npt.NDArray[np.int64]

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


# ---- what callers see ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Suggestion:
    tag: str
    score: float  # the probability that the tag applies, 0..1

    def to_json(self) -> dict[str, object]:
        return {"tag": self.tag, "score": round(self.score, 4)}


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a tag is (or is not) suggested for an article: the features that weighed most for
    and against it, and the tagged articles most like it."""

    article_id: str
    tag: str
    probability: float
    examples: int  # articles tagged with it
    rejected: int  # articles it was dismissed for or removed from
    words: list[tuple[str, float]]  # (word, share of the evidence for), strongest first
    names: list[tuple[str, float]]  # entity names and site topics, the same way
    against: list[tuple[str, float]]  # features that weighed against, strongest first
    nearest: list[tuple[str, str, float]]  # (article id, title, cosine similarity)
    # The gates: the share of the article's words the archive knows beside the tag's typical
    # article's (evidence is discounted below it), and its language beside the tag's articles'.
    familiarity: float = 1.0
    typical_familiarity: float = 1.0
    language: str = ""
    languages: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "tag": self.tag,
            "score": round(self.probability, 4),
            "examples": self.examples,
            "rejected": self.rejected,
            "words": [{"word": w, "weight": round(v, 4)} for w, v in self.words],
            "names": [{"name": n, "weight": round(v, 4)} for n, v in self.names],
            "against": [{"feature": f, "weight": round(v, 4)} for f, v in self.against],
            "nearest": [
                {"id": i, "title": t, "similarity": round(s, 4)} for i, t, s in self.nearest
            ],
            "familiarity": round(self.familiarity, 4),
            "typical_familiarity": round(self.typical_familiarity, 4),
            "language": self.language,
            "languages": list(self.languages),
        }


@dataclass(frozen=True, slots=True)
class TagStatus:
    """One tag as suggestions see it."""

    tag: str
    examples: int
    rejected: int
    workflow: bool
    suggested: bool  # a topic with enough examples: it can be suggested
    why: str  # a short reason when it is not suggested


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


# ---- features --------------------------------------------------------------------------------


# Languages told apart by their commonest short words (Latin script) or by their script. The
# words are the everyday function words of each language, written for this purpose.
_FUNCTION_WORDS = {
    "en": "the and of to in is that for it with was on as are be this by have from at not but "
    "they which his her has had were been their will would there who what when",
    "fr": "le la les des et est une un dans pour que qui pas sur du au avec ce sont mais il "
    "elle nous vous par cette ses aux plus ont été leur",
    "de": "der die das und ist nicht ein eine mit von den dem zu sich auf für auch es ich wir "
    "sind wird werden noch bei nach aus oder dass wurde",
    "es": "el la los las de que y en un una es por con para del se no su al lo como más pero "
    "sus fue este esta son también está muy",
    "pt": "o a os as de que e do da em um uma para com não no na por se dos das ao mais como "
    "mas foi ele ela são seu sua também está muito isso",
    "it": "il la di che e un una per non in del della è sono con gli le lo si da al ma come "
    "anche più nel questo alla dei delle",
    "nl": "de het een en van is dat niet op te in met voor zijn er aan ook maar om als bij door "
    "wordt dit deze naar nog wel",
    "id": "yang dan di ini itu dengan untuk tidak dari dalam akan pada ada juga kita saya atau "
    "karena bisa sudah oleh mereka seperti lebih kami adalah",
    "sv": "och att det som en är på för med av till den har inte om ett var jag kan men så de "
    "från eller",
    "pl": "i w na nie się z do jest że to o jak ale po co tak od za przez jego już dla czy są",
    "tr": "ve bir bu da de için ile çok daha gibi olarak ama ne var sonra kadar olan en",
}
_LANGUAGE_OF_WORD: dict[str, list[str]] = {}
for _code, _words in _FUNCTION_WORDS.items():
    for _word in _words.split():
        _LANGUAGE_OF_WORD.setdefault(_word, []).append(_code)
# Scripts that name their language (or family) on their own, by code point ranges.
_SCRIPTS = (
    ("cyrillic", 0x0400, 0x04FF),
    ("greek", 0x0370, 0x03FF),
    ("hebrew", 0x0590, 0x05FF),
    ("arabic", 0x0600, 0x06FF),
    ("devanagari", 0x0900, 0x097F),
    ("thai", 0x0E00, 0x0E7F),
    ("korean", 0x1100, 0x11FF),
    ("japanese", 0x3040, 0x30FF),
    ("chinese", 0x4E00, 0x9FFF),
    ("korean", 0xAC00, 0xD7AF),
)
_SCRIPT_LETTER = re.compile(
    "[" + "".join(f"{chr(low)}-{chr(high)}" for _, low, high in _SCRIPTS) + "]"
)
_LETTER = re.compile(r"[^\W\d_]")
_TOKEN = re.compile(r"[^\W\d_]+")
LANGUAGE_SAMPLE = 3000  # characters of an article looked at for its script
LANGUAGE_WORDS = 400  # words of an article looked at for its commonest words
LANGUAGES = tuple(dict.fromkeys((*_FUNCTION_WORDS, *(name for name, _, _ in _SCRIPTS))))
_LANGUAGE_FEATURE = "%language:"


def _script_of(character: str) -> str:
    point = ord(character)
    return next(name for name, low, high in _SCRIPTS if low <= point <= high)


def article_language(text: str, words: Sequence[str] | None = None) -> str:
    """The language of a text, '' when it cannot be told (too short, too mixed): a script
    that names it (Cyrillic, Greek, Arabic, Hebrew, Devanagari, Thai, Korean, Japanese,
    Chinese) when most letters are in it, else the Latin-script language whose commonest
    words occur most among its first words (``words``, casefolded, when the caller has them).
    About 0.02 ms an article; on the saved pages it tells Portuguese, Italian, Indonesian,
    Russian and Korean from English, and every BBC article is English."""
    sample = text[:LANGUAGE_SAMPLE]
    scripted = _SCRIPT_LETTER.findall(sample)
    if len(scripted) >= 20 and len(scripted) * 2 > len(_LETTER.findall(sample)):
        scripts = Counter(_script_of(character) for character in scripted)
        if scripts["japanese"] * 10 > len(scripted):
            return "japanese"  # kana among the Chinese characters
        return scripts.most_common(1)[0][0]
    if words is None:
        words = _TOKEN.findall(sample.casefold())
    hits: Counter[str] = Counter()
    for token in words[:LANGUAGE_WORDS]:
        for code in _LANGUAGE_OF_WORD.get(token, ()):
            hits[code] += 1
    ranked = hits.most_common(2)
    if not ranked or ranked[0][1] < 5:
        return ""
    if len(ranked) > 1 and ranked[0][1] < 1.3 * ranked[1][1]:
        return ""
    return ranked[0][0]


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
    counts.update(_entity_features(entities))
    return counts


def _entity_features(entities: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for name in entities:
        key = " ".join(name.casefold().split())
        if key:
            counts["@" + key] += 1
    return counts


def _feature_key(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8"))


def _encode(counts: Counter[str]) -> tuple[bytes, bytes]:
    keys = np.fromiter((_feature_key(f) for f in counts), dtype="<u4", count=len(counts))
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


def _text_features(text: sql.ArticleText) -> Counter[str]:
    return article_features(text.title, text.body, _topics(text.topics))


# ---- the archive as a matrix -----------------------------------------------------------------


@dataclass(slots=True)
class _Corpus:
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
        keys, counts = _without_language(keys, counts)[:2]
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
        keys, _, language = _without_language(keys, counts)
        if keys.size == 0:
            return 1.0, language
        place = np.searchsorted(self.keys, keys).clip(0, max(len(self.keys) - 1, 0))
        known = (self.keys[place] == keys) if len(self.keys) else np.zeros(keys.size, bool)
        return float(known.sum()) / keys.size, language


def _arrays(counts: Counter[str]) -> tuple[npt.NDArray[np.uint32], FloatArray]:
    keys = np.fromiter((_feature_key(f) for f in counts), dtype=np.uint32, count=len(counts))
    return keys, np.fromiter(counts.values(), dtype=np.float64, count=len(counts))


def _decode(keys: bytes, counts: bytes) -> tuple[npt.NDArray[np.uint32], FloatArray]:
    return (
        np.frombuffer(keys, dtype="<u4").astype(np.uint32),
        np.frombuffer(counts, dtype="<u2").astype(np.float64),
    )


_LANGUAGE_KEYS = np.array(
    [_feature_key(_LANGUAGE_FEATURE + code) for code in LANGUAGES], dtype=np.uint32
)


def _without_language(
    keys: npt.NDArray[np.uint32], counts: FloatArray
) -> tuple[npt.NDArray[np.uint32], FloatArray, int]:
    """An article's features less its language marker, and the language's index (-1: none)."""
    marker = np.isin(keys, _LANGUAGE_KEYS)
    if not marker.any():
        return keys, counts, -1
    found = int(np.flatnonzero(keys[marker][0] == _LANGUAGE_KEYS)[0])
    return keys[~marker], counts[~marker], found


def _build_corpus(store: Store) -> _Corpus:
    started = time.perf_counter()
    state = sql.archive_state(store)
    cached = sql.cached_features(store, FEATURES_VERSION)
    ids = cached.ids
    key_blobs, count_blobs = cached.keys, cached.counts
    stale = [index for index, blob in enumerate(key_blobs) if blob is None]
    batches = [stale[start : start + CACHE_BATCH] for start in range(0, len(stale), CACHE_BATCH)]
    for batch, counted in zip(batches, _count_batches(store, ids, batches), strict=True):
        where = {ids[index]: index for index in batch}
        for article_id, _, keys, counts in counted:
            key_blobs[where[article_id]] = keys
            count_blobs[where[article_id]] = counts
        with store.transaction():
            sql.save_features(store, counted)
    lengths = np.fromiter((len(b or b"") // 4 for b in key_blobs), np.int64, count=len(ids))
    rows = np.repeat(np.arange(len(ids), dtype=np.int32), lengths)
    keys_all = np.frombuffer(b"".join(b or b"" for b in key_blobs), dtype="<u4")
    counts_all = np.frombuffer(b"".join(b or b"" for b in count_blobs), dtype="<u2")
    return _matrix(ids, rows, keys_all.astype(np.uint32), counts_all.astype(np.uint16), state,
                   started, len(stale))


def _count_batches(
    store: Store, ids: Sequence[str], batches: Sequence[Sequence[int]]
) -> Iterator[list[tuple[str, str, bytes, bytes]]]:
    """The counted features of each batch (row indexes into ``ids``), in order: on every core
    (worker processes that read the store themselves) when there are many, else here."""
    wanted = [[ids[index] for index in batch] for batch in batches]
    workers = _workers_for(store) if sum(map(len, batches)) >= PARALLEL_COUNT_MIN else 0
    if workers:
        methods = multiprocessing.get_all_start_methods()
        method = "forkserver" if "forkserver" in methods else "spawn"
        try:
            pool = multiprocessing.get_context(method).Pool(
                workers, initializer=_worker_start, initargs=(str(store.path),)
            )
        except (OSError, ValueError):
            pool = None  # no processes to be had here: count in this one, only slower
        if pool is not None:
            with pool:
                yield from pool.imap(_worker_count, wanted)
            return
    for batch in wanted:
        yield _count(store, batch)


def _workers_for(store: Store) -> int:
    if store.path is None:
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cores if cores and cores > 1 else 0


_worker_store: Store | None = None


def _worker_start(database: str) -> None:
    global _worker_store
    _worker_store = Store.open(database)


def _worker_count(article_ids: list[str]) -> list[tuple[str, str, bytes, bytes]]:
    assert _worker_store is not None
    return _count(_worker_store, article_ids)


def _count(store: Store, article_ids: Sequence[str]) -> list[tuple[str, str, bytes, bytes]]:
    """(id, stamp, keys, counts) of articles' features, words and names."""
    names = sql.entity_names(store, article_ids)
    counted = []
    for text in sql.article_texts(store, article_ids):
        counts = _text_features(text)
        counts.update(_entity_features(names.get(text.article_id, ())))
        stamp = sql.feature_stamp(FEATURES_VERSION, text.updated_at)
        counted.append((text.article_id, stamp, *_encode(counts)))
    return counted


def _matrix(
    ids: list[str],
    rows: npt.NDArray[np.int32],
    all_keys: npt.NDArray[np.uint32],
    all_counts: npt.NDArray[np.uint16],
    state: sql.ArchiveState,
    started: float,
    counted: int,
) -> _Corpus:
    size = len(ids)
    language = np.full(size, -1, dtype=np.int8)
    marker = np.isin(all_keys, _LANGUAGE_KEYS)
    if marker.any():
        order = np.argsort(_LANGUAGE_KEYS)
        found = order[np.searchsorted(_LANGUAGE_KEYS[order], all_keys[marker])]
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
    corpus = _Corpus(
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


# ---- calibration -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Calibration:
    """Score -> probability that the tag applies (see the module's docstring)."""

    grid: FloatArray
    posterior: FloatArray
    centre: float  # median score of the untagged articles
    spread: float  # their MAD (scaled to a standard deviation)
    share: float  # estimated share of untagged articles the tag applies to

    @classmethod
    def fit(cls, tagged: FloatArray, untagged: FloatArray) -> _Calibration:
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
    def flat(cls) -> _Calibration:
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


# ---- one tag ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _TagModel:
    tag: str
    positives: frozenset[int]
    negatives: frozenset[int]
    weights: FloatArray  # the Rocchio vector over the corpus's columns
    calibration: _Calibration
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


def _train_tag(
    corpus: _Corpus,
    tag: str,
    positives: frozenset[int],
    negatives: frozenset[int],
    tuning: Tuning = DEFAULT_TUNING,
) -> _TagModel:
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
    model = _TagModel(
        tag=tag,
        positives=positives,
        negatives=negatives,
        weights=np.zeros(0),
        calibration=_Calibration.flat(),
        probability=np.zeros(0, np.float32),
        standard=np.zeros(0, np.float32),
        tuning=tuning,
        familiarity=float(np.median(corpus.familiarity[rows])),
        languages=frozenset(int(code) for code in spoken[spoken >= 0]),
    )
    weight = tagged.copy()
    scores = np.zeros(size)
    calibration: _Calibration | None = None
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
        calibration = _Calibration.fit(scores[tagged > 0], scores[calibrate_on])
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
    corpus: _Corpus,
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


# ---- the model of a store --------------------------------------------------------------------


@dataclass(slots=True)
class SuggestionModel:
    """What was learned from one state of the archive and its tags."""

    corpus: _Corpus
    generation: int
    workflow: frozenset[str]
    tuning: Tuning = DEFAULT_TUNING
    tags: dict[str, _TagModel] = field(default_factory=dict)
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


def workflow_tags(store: Store, defaults: Collection[str] | None = None) -> frozenset[str]:
    """The tags never learned or suggested: ``defaults`` (the config's ``workflow_tags`` and
    quick tags; None: the shipped defaults) plus the tags the user marked workflow, less the
    ones they marked topic."""
    base = set(DEFAULT_WORKFLOW_TAGS) | set(DEFAULT_QUICK_TAGS) if defaults is None else set()
    if defaults is not None:
        base = {normalise_tag(t) for t in defaults}
    for tag, kind in sql.tag_kinds(store).items():
        if kind == "workflow":
            base.add(tag)
        else:
            base.discard(tag)
    return frozenset(t for t in base if t)


def _stale(store: Store, corpus: _Corpus) -> bool:
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
    corpus = model.corpus if fresh and model is not None else _build_corpus(store)
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
    corpus: _Corpus,
    generation: int,
    skip: frozenset[str],
    previous: Mapping[str, _TagModel],
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
        model.tags[tag] = _train_tag(corpus, tag, rows, against, tuning)
        model.retrained += 1
    for tag, rows_against in negatives.items():
        model.rejected.setdefault(tag, len(rows_against))
    return model


# ---- suggesting ------------------------------------------------------------------------------


def _outside_features(
    store: Store, article_ids: Sequence[str]
) -> dict[str, tuple[npt.NDArray[np.uint32], FloatArray]]:
    """Feature counts of articles newer than the model, cached in the store as they are read."""
    if not article_ids:
        return {}
    counted = _count(store, article_ids)
    with store.transaction():
        sql.save_features(store, counted)
    return {article_id: _decode(keys, counts) for article_id, _, keys, counts in counted}


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


def mark_tag(store: Store, tag: str, kind: str | None) -> str:
    """Mark a tag 'workflow' (never learned or suggested) or 'topic' (learned even if the config
    calls it workflow), or None to leave it to the config again. Kept in the store: the user's
    config.toml is never rewritten. Returns the normalised tag."""
    if kind not in ("workflow", "topic", None):
        raise ValueError(f"unknown tag kind {kind!r}")
    name = normalise_tag(tag)
    if not name:
        raise ValueError("empty tag")
    with store.transaction():
        sql.set_tag_kind(store, name, kind)
    return name


def tag_status(store: Store, workflow: Collection[str] | None = None) -> list[TagStatus]:
    """Every tag the user gave, marked or dismissed, with whether it can be suggested."""
    skip = workflow_tags(store, workflow)
    examples: Counter[str] = Counter(tag for _, tag in sql.label_rows(store, LABEL_ORIGINS))
    rejected: Counter[str] = Counter(tag for _, tag in sql.negative_rows(store))
    names = set(examples) | set(rejected) | set(sql.tag_kinds(store))
    found: list[TagStatus] = []
    for tag in sorted(names):
        count = examples.get(tag, 0)
        if tag in skip:
            why = "a workflow tag: never suggested"
        elif count < MIN_EXAMPLES:
            why = f"needs {MIN_EXAMPLES} tagged articles, has {count}"
        else:
            why = ""
        found.append(
            TagStatus(tag, count, rejected.get(tag, 0), tag in skip, not why, why)
        )
    return found


# ---- explaining ------------------------------------------------------------------------------

EVIDENCE_FEATURES = 6
NEAREST = 3


def explain(
    store: Store, article_id: str, tag: str, workflow: Collection[str] | None = None
) -> Evidence | None:
    """The evidence for suggesting ``tag`` for an article: the words and names that weighed
    most for it (as shares of the evidence for) and against it, and the tagged articles most
    like it. None when the tag is not learned (a workflow tag, or fewer than LEARN_MIN
    examples) or the article is unknown."""
    name = normalise_tag(tag)
    model = model_for(store, workflow)
    if model is None or name not in model.tags:
        return None
    tag_model = model.tags[name]
    texts = list(sql.article_texts(store, [article_id]))
    if not texts:
        return None
    counts = _text_features(texts[0])
    counts.update(_entity_features(sql.entity_names(store, [article_id]).get(article_id, ())))
    columns, values = model.corpus.vectorise(*_arrays(counts))
    by_column: dict[int, str] = {}
    for feature in counts:
        place = int(np.searchsorted(model.corpus.keys, _feature_key(feature)))
        if place < len(model.corpus.keys) and model.corpus.keys[place] == _feature_key(feature):
            by_column[place] = feature
    contributions = values * tag_model.weights[columns]
    row = model.corpus.row_of.get(article_id)
    if row is not None:
        probability = float(tag_model.probability[row])
    else:
        probability = model.scores_outside(*_arrays(counts))[name][0]
    positive_total = float(contributions[contributions > 0].sum()) or 1.0
    words: list[tuple[str, float]] = []
    names: list[tuple[str, float]] = []
    for index in np.argsort(-contributions):
        weight = float(contributions[index])
        if weight <= 0:
            break
        feature = by_column.get(int(columns[index]), "")
        share = weight / positive_total
        if share < 0.005:
            break
        if feature.startswith("@"):
            if len(names) < EVIDENCE_FEATURES:
                names.append((feature[1:], share))
        elif feature.startswith("#"):
            if len(names) < EVIDENCE_FEATURES:
                names.append((feature, share))
        elif feature and len(words) < EVIDENCE_FEATURES:
            words.append((feature, share))
    against = [
        (by_column.get(int(columns[index]), "").lstrip("@"), float(-contributions[index]))
        for index in np.argsort(contributions)[:EVIDENCE_FEATURES // 2]
        if contributions[index] < 0
    ]
    nearest = _nearest(store, model, tag_model, columns, values, row)
    if row is not None:
        familiarity = float(model.corpus.familiarity[row])
        language = int(model.corpus.language[row])
    else:
        familiarity, language = model.corpus.describe(*_arrays(counts))
    return Evidence(
        article_id=article_id,
        tag=name,
        probability=probability,
        examples=tag_model.examples,
        rejected=len(tag_model.negatives),
        words=words,
        names=names,
        against=against,
        nearest=nearest,
        familiarity=familiarity,
        typical_familiarity=tag_model.familiarity,
        language=LANGUAGES[language] if language >= 0 else "",
        languages=tuple(sorted(LANGUAGES[code] for code in tag_model.languages)),
    )


def _nearest(
    store: Store,
    model: SuggestionModel,
    tag_model: _TagModel,
    columns: npt.NDArray[np.int32],
    values: FloatArray,
    own_row: int | None,
) -> list[tuple[str, str, float]]:
    corpus = model.corpus
    query = np.zeros(len(corpus.keys))
    query[columns] = values
    similarity = corpus.times(query)
    rows = [r for r in tag_model.positives if r != own_row]
    best = sorted(rows, key=lambda row: (-similarity[row], row))[:NEAREST]
    ids = [corpus.ids[row] for row in best]
    titles = sql.article_titles(store, ids)
    return [
        (article_id, titles.get(article_id, ""), float(similarity[row]))
        for article_id, row in zip(ids, best, strict=True)
        if similarity[row] > 0
    ]
