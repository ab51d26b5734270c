"""Tag suggestions learned offline from the user's own tags.

What counts as a label: tags with origin ``manual``, ``suggestion`` (an accepted suggestion) or
``rule``. Source topics (origin ``source``, the publisher's own "Read more about" and feed
categories) are not labels: they say what the publisher filed a story under, not what the user
cares about, so they enter as features of the article (``#topic``), next to its words and the
canonical names of the entities it mentions (``@name``). A source topic that matches a user's tag
is therefore a strong signal without ever being suggested on its own.

How it learns: from the whole archive, not only from the tagged articles. Every article becomes
a tf-idf vector (log term frequency, title words counted twice); each is linked to its
``NEIGHBOURS`` most similar articles by cosine; the user's tags then spread along that graph
(label spreading, Zhou et al. 2004): each round an article takes ``SPREAD_ALPHA`` of its
neighbours' tag mass plus what it was tagged with. The spread scores then seed a few rounds of
soft k-means (``REFINE_ROUNDS``): each tag gets a centroid over the whole archive, weighted by
the articles' scores (tagged articles count fully for their tags), and untagged articles are
rescored by sharpened cosine to the centroids. One extra column stands for "none of the user's
tags": every untagged article seeds it weakly in the spreading and it keeps its own centroid, so
with one or two tags the unrelated articles lean there rather than onto the nearest tag.
Untagged articles thus carry evidence from the tagged ones to the articles that resemble them,
which a classifier trained on a handful of tagged articles cannot do (BBC topic corpus, five
topics: 0.96 top-1 with two tagged articles a topic, against 0.76 for naive Bayes on the tagged
ones alone).

A score is the tag's share of the article's evidence, the "none" cluster included: the scores of
one article sum to at most 1, and an article unlike every tag gets low scores for all of them
(``SHOW_THRESHOLD`` is a sensible floor for showing a suggestion unasked).

The learned model is kept in memory per open store and is relearned when a non-source tag
changes (the ``label_generation`` counter the schema keeps with triggers, so changes from another
process count too) or when the archive has grown by more than a tenth since. Articles newer than
the model, or beyond ``GRAPH_LIMIT``, are scored against per-tag centroids of the spread scores.
Scoring one article once learned is a dictionary lookup or one sparse dot product per tag.
"""

from __future__ import annotations

import heapq
import json
import math
import operator
import re
import time
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from reader.store import Store, normalise_tag

__all__ = [
    "LABEL_ORIGINS",
    "SHOW_THRESHOLD",
    "Suggestion",
    "TopicModel",
    "accept_best",
    "accept_suggestion",
    "article_features",
    "forget",
    "learn",
    "model_for",
    "suggest",
]

LABEL_ORIGINS = ("manual", "suggestion", "rule")

# The graph holds every tagged article plus the most recent others up to this many: building it
# is quadratic in the worst case, and recent articles are the ones that need suggestions.
GRAPH_LIMIT = 2000
# Below this, a suggestion is more noise than help in a view that shows it unasked.
SHOW_THRESHOLD = 0.5
NEIGHBOURS = 10
SPREAD_ALPHA = 0.99
SPREAD_ROUNDS = 30
# Soft k-means rounds after spreading, and how sharply cosine similarity picks a centroid.
REFINE_ROUNDS = 5
SHARPNESS = 8.0
TITLE_WEIGHT = 2
TOPIC_WEIGHT = 2
# Terms in more than this share of the graph (and in more than COMMON_FLOOR articles) are left
# out: they carry almost no idf weight and their long posting lists dominate the build time.
COMMON_SHARE = 0.2
COMMON_FLOOR = 200
# Relearn when this share of the archive is newer than the model.
GROWTH_SHARE = 0.1
GROWTH_FLOOR = 20

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


@dataclass(frozen=True, slots=True)
class Suggestion:
    tag: str
    score: float  # 0..1: the tag's share of the article's evidence over all the user's tags

    def to_json(self) -> dict[str, object]:
        return {"tag": self.tag, "score": round(self.score, 4)}


def article_features(
    title: str, body: str, topics: Iterable[str] = (), entities: Iterable[str] = ()
) -> Counter[str]:
    """Raw feature counts of one article: words, ``#source-topic`` and ``@entity name``."""
    counts: Counter[str] = Counter()
    for word in _WORD.findall(title.casefold()):
        if word not in STOPWORDS:
            counts[word] += TITLE_WEIGHT
    for word in _WORD.findall(body.casefold()):
        if word not in STOPWORDS:
            counts[word] += 1
    for topic in topics:
        tag = normalise_tag(topic)
        if tag:
            counts["#" + tag] += TOPIC_WEIGHT
    for name in entities:
        key = " ".join(name.casefold().split())
        if key:
            counts["@" + key] += 1
    return counts


@dataclass(slots=True)
class TopicModel:
    """What was learned from one state of the archive and its tags."""

    generation: int  # label_generation when learned
    max_rowid: int  # newest article the model has seen
    archive_key: tuple[int, str, int]  # articles, last update, mentions: when the graph holds
    tags: list[str]  # the label tags, in score order
    scores: dict[str, list[float]]  # article id -> per-tag score (sums to 1, or all 0)
    idf: dict[str, float]
    centroids: dict[str, list[float]]  # feature -> per-tag weight of unit-length centroids
    prior: list[float]
    graph: _Graph | None = None
    learned_seconds: float = 0.0
    graph_seconds: float = 0.0

    @property
    def articles(self) -> int:
        return len(self.scores)

    def score_features(self, counts: Counter[str]) -> list[float]:
        """Per-tag scores for an article outside the graph: cosine to each tag's centroid."""
        return _centroid_scores(_weigh(counts, self.idf), self.centroids, self.prior)


@dataclass(slots=True)
class _Graph:
    """The article similarity graph: depends on the texts only, not on the tags."""

    ids: list[str]
    vectors: list[dict[str, float]]
    idf: dict[str, float]
    neighbours: list[tuple[list[int], list[float]]]  # normalised edge weights per article
    key: tuple[int, str, int]
    max_rowid: int
    seconds: float = 0.0


@dataclass(slots=True)
class _Labels:
    by_article: dict[str, set[str]] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)


_MODELS: weakref.WeakKeyDictionary[Store, TopicModel] = weakref.WeakKeyDictionary()


def forget(store: Store) -> None:
    """Drop the learned model of a store (the next suggestion relearns)."""
    _MODELS.pop(store, None)


def model_for(store: Store) -> TopicModel | None:
    """The store's learned model, relearned first if tags changed or the archive grew.
    None when the user has no tags yet."""
    model = _MODELS.get(store)
    generation = _generation(store)
    if model is not None and model.generation == generation and not _grew(store, model):
        return model
    previous = model.graph if model is not None else None
    model = learn(store, reuse=previous)
    if model is None:
        _MODELS.pop(store, None)
        return None
    _MODELS[store] = model
    return model


def learn(store: Store, reuse: _Graph | None = None) -> TopicModel | None:
    """Learn suggestions from the store as it is now. ``reuse`` is a graph from an earlier model,
    kept when no article changed since."""
    started = time.perf_counter()
    generation = _generation(store)
    labels = _labels(store)
    if not labels.counts:
        return None
    key = _archive_key(store)
    graph = reuse
    if graph is None or graph.key != key or not set(labels.by_article) <= set(graph.ids):
        graph = _build_graph(store, labels, key)
    tags = sorted(labels.counts)
    column = {tag: index for index, tag in enumerate(tags)}
    seeds: list[list[float]] = [[0.0] * len(graph.ids) for _ in tags]
    for row, article_id in enumerate(graph.ids):
        for tag in labels.by_article.get(article_id, ()):
            seeds[column[tag]][row] = 1.0 / labels.counts[tag]
    # One more column beyond the tags: "none of them". Every untagged article seeds it weakly,
    # so far from any tagged article it outweighs the tags, and an article unlike every tag
    # leans there instead of being forced onto the least unlike one.
    untagged = [row for row, article_id in enumerate(graph.ids)
                if article_id not in labels.by_article]
    seeds.append([0.0] * len(graph.ids))
    for row in untagged:
        seeds[-1][row] = 1.0 / len(untagged)
    spread = [_spread(graph.neighbours, seed) for seed in seeds]
    # Class mass normalisation: each tag's scores are scaled to the share of labels it holds,
    # so a tag spread over a dense cluster does not drown a tag with few but clear examples.
    total_labels = sum(labels.counts.values())
    prior = [(labels.counts[tag] + 1) / (total_labels + len(tags)) for tag in tags]
    prior.append(sum(prior) / len(prior))
    scales = [p / (sum(values) or 1.0) for p, values in zip(prior, spread, strict=True)]
    scores: dict[str, list[float]] = {}
    for row, article_id in enumerate(graph.ids):
        tagged = labels.by_article.get(article_id)
        if tagged:
            scores[article_id] = [1.0 / len(tagged) if tag in tagged else 0.0 for tag in tags]
            scores[article_id].append(0.0)
        else:
            scores[article_id] = _normalised(
                [values[row] * scale for values, scale in zip(spread, scales, strict=True)]
            )
    background = _background(graph)
    # Refinement: a few rounds of soft k-means seeded by the spread scores. Each tag's centroid
    # over the whole archive corrects articles the graph linked across a topic boundary.
    centroids = _centroids(graph, scores, len(tags), background)
    for _ in range(REFINE_ROUNDS):
        for article_id, vector in zip(graph.ids, graph.vectors, strict=True):
            if article_id not in labels.by_article:
                scores[article_id] = _centroid_scores(vector, centroids, prior)
        centroids = _centroids(graph, scores, len(tags), background)
    return TopicModel(
        generation=generation,
        max_rowid=graph.max_rowid,
        archive_key=key,
        tags=tags,
        scores=scores,
        idf=graph.idf,
        centroids=centroids,
        prior=prior,
        graph=graph,
        learned_seconds=time.perf_counter() - started,
        graph_seconds=graph.seconds,
    )


def suggest(
    store: Store, article_ids: Sequence[str], limit: int = 3, min_score: float = 0.0
) -> dict[str, list[Suggestion]]:
    """Suggested tags for each article, best first: tags the article has (in any origin) or that
    the user removed from it are never suggested. Unknown ids are left out of the answer."""
    wanted = list(dict.fromkeys(article_ids))
    if not wanted:
        return {}
    model = model_for(store)
    known = _existing(store, wanted)
    answer: dict[str, list[Suggestion]] = {}
    missing: list[str] = []
    for article_id in wanted:
        if article_id not in known:
            continue
        if model is None:
            answer[article_id] = []
        elif article_id in model.scores:
            answer[article_id] = _best(model, model.scores[article_id], known[article_id], limit,
                                       min_score)
        else:
            missing.append(article_id)
    if model is not None:
        for article_id, counts in _features_of(store, missing).items():
            answer[article_id] = _best(
                model, model.score_features(counts), known[article_id], limit, min_score
            )
    return {article_id: answer[article_id] for article_id in wanted if article_id in answer}


def accept_suggestion(store: Store, article_id: str, tag: str) -> bool:
    """Add ``tag`` to the article with origin 'suggestion', journalled (undoable) like any tag
    change. Returns whether the article did not have the tag already."""
    from reader.tags import apply_tags  # journalled tagging lives beside the undo machinery

    tag = normalise_tag(tag)
    if not tag or tag in {row.tag for row in store.tags(article_id)}:
        return False
    apply_tags(store, [article_id], add=[tag], remove=[], origin="suggestion")
    return True


def accept_best(store: Store, article_id: str) -> str | None:
    """Accept the best suggestion for an article (the TUI's one key). Returns the tag added."""
    best = suggest(store, [article_id], limit=1).get(article_id, [])
    if not best:
        return None
    return best[0].tag if accept_suggestion(store, article_id, best[0].tag) else None


# ---- reading the store -----------------------------------------------------------------------


def _generation(store: Store) -> int:
    row = store.conn.execute("SELECT generation FROM label_generation WHERE id = 1").fetchone()
    return int(row[0]) if row else 0


def _archive_key(store: Store) -> tuple[int, str, int]:
    row = store.conn.execute("SELECT count(*), coalesce(max(updated_at), '') FROM articles")
    articles, updated = row.fetchone()
    mentions = store.conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    return int(articles), str(updated), int(mentions)


def _grew(store: Store, model: TopicModel) -> bool:
    newer = store.conn.execute(
        "SELECT count(*) FROM articles WHERE rowid > ?", (model.max_rowid,)
    ).fetchone()[0]
    return int(newer) > max(GROWTH_FLOOR, GROWTH_SHARE * model.articles)


def _labels(store: Store) -> _Labels:
    labels = _Labels()
    marks = ",".join("?" * len(LABEL_ORIGINS))
    for row in store.conn.execute(
        f"SELECT t.article_id, t.tag FROM tags AS t JOIN articles AS a ON a.id = t.article_id "
        f"WHERE t.origin IN ({marks})",
        LABEL_ORIGINS,
    ):
        labels.by_article.setdefault(row[0], set()).add(row[1])
        labels.counts[row[1]] += 1
    return labels


def _existing(store: Store, article_ids: Sequence[str]) -> dict[str, set[str]]:
    """Each known article's tags plus the tags the user removed from it."""
    found: dict[str, set[str]] = {}
    for chunk in _chunks(article_ids):
        marks = ",".join("?" * len(chunk))
        for row in store.conn.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk):
            found[row[0]] = set()
        for table in ("tags", "tag_tombstones"):
            for row in store.conn.execute(
                f"SELECT article_id, tag FROM {table} WHERE article_id IN ({marks})", chunk
            ):
                if row[0] in found:
                    found[row[0]].add(row[1])
    return found


def _features_of(store: Store, article_ids: Sequence[str]) -> dict[str, Counter[str]]:
    features: dict[str, Counter[str]] = {}
    for chunk in _chunks(article_ids):
        marks = ",".join("?" * len(chunk))
        entities: dict[str, list[str]] = defaultdict(list)
        for row in store.conn.execute(
            f"SELECT article_id, canonical FROM mentions WHERE article_id IN ({marks}) "
            "AND label != 'OTHER'",
            chunk,
        ):
            entities[row[0]].append(row[1])
        for row in store.conn.execute(
            f"SELECT id, title, body, topics FROM articles WHERE id IN ({marks})", chunk
        ):
            features[row[0]] = article_features(
                row[1], row[2], _topics(row[3]), entities.get(row[0], ())
            )
    return features


def _topics(raw: str) -> list[str]:
    try:
        value = json.loads(raw)
    except ValueError:
        return []
    return [str(t) for t in value] if isinstance(value, list) else []


def _chunks(items: Sequence[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


# ---- learning --------------------------------------------------------------------------------


def _build_graph(store: Store, labels: _Labels, key: tuple[int, str, int]) -> _Graph:
    started = time.perf_counter()
    recent = [
        str(r[0])
        for r in store.conn.execute(
            "SELECT id FROM articles ORDER BY rowid DESC LIMIT ?", (GRAPH_LIMIT,)
        )
    ]
    chosen = list(dict.fromkeys([*labels.by_article, *recent]))
    chosen = chosen[: max(GRAPH_LIMIT, len(labels.by_article))]
    features = _features_of(store, chosen)
    ids = [article_id for article_id in chosen if article_id in features]
    max_rowid = store.conn.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]

    counts = [features[article_id] for article_id in ids]
    document_frequency: Counter[str] = Counter()
    for count in counts:
        document_frequency.update(count.keys())
    size = len(ids)
    ceiling = max(COMMON_SHARE * size, COMMON_FLOOR)
    idf = {
        feature: math.log(size / df)
        for feature, df in document_frequency.items()
        if 2 <= df <= ceiling and df < size
    }
    vectors = [_weigh(count, idf) for count in counts]
    neighbours = _neighbours(vectors)
    return _Graph(
        ids=ids,
        vectors=vectors,
        idf=idf,
        neighbours=neighbours,
        key=key,
        max_rowid=int(max_rowid),
        seconds=time.perf_counter() - started,
    )


def _weigh(counts: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    """Log term frequency times idf, unit length; features outside the vocabulary dropped."""
    vector = {f: (1.0 + math.log(c)) * idf[f] for f, c in counts.items() if f in idf and c > 0}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    if norm == 0.0:
        return {}
    return {f: v / norm for f, v in vector.items()}


def _neighbours(vectors: list[dict[str, float]]) -> list[tuple[list[int], list[float]]]:
    """Each article's most similar articles, symmetrised and normalised (D^-1/2 W D^-1/2)."""
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        for feature, weight in vector.items():
            postings[feature].append((index, weight))
    edges: list[dict[int, float]] = [{} for _ in vectors]
    for index, vector in enumerate(vectors):
        similarity: dict[int, float] = defaultdict(float)
        for feature, weight in vector.items():
            for other, other_weight in postings[feature]:
                similarity[other] += weight * other_weight
        similarity.pop(index, None)
        for other, value in heapq.nlargest(NEIGHBOURS, similarity.items(), key=_second):
            if value > 0.0:
                if value > edges[index].get(other, 0.0):
                    edges[index][other] = value
                if value > edges[other].get(index, 0.0):
                    edges[other][index] = value
    degree = [sum(e.values()) for e in edges]
    result: list[tuple[list[int], list[float]]] = []
    for index, edge in enumerate(edges):
        others = list(edge)
        weights = [
            edge[o] / math.sqrt(degree[index] * degree[o]) if degree[index] and degree[o] else 0.0
            for o in others
        ]
        result.append((others, weights))
    return result


def _second(item: tuple[int, float]) -> float:
    return item[1]


def _spread(neighbours: list[tuple[list[int], list[float]]], seed: list[float]) -> list[float]:
    """F <- alpha * S F + (1 - alpha) * Y for one tag, SPREAD_ROUNDS times."""
    keep = 1.0 - SPREAD_ALPHA
    base = [keep * y for y in seed]
    current = list(seed)
    for _ in range(SPREAD_ROUNDS):
        current = [
            SPREAD_ALPHA * sum(map(operator.mul, weights, map(current.__getitem__, others))) + b
            for (others, weights), b in zip(neighbours, base, strict=True)
        ]
    return current


def _centroids(
    graph: _Graph, scores: dict[str, list[float]], tags: int, background: dict[str, float]
) -> dict[str, list[float]]:
    """Per-tag centroids of the graph's vectors weighted by their scores, each of unit length,
    plus the fixed background column."""
    sums: dict[str, list[float]] = {}
    for article_id, vector in zip(graph.ids, graph.vectors, strict=True):
        row = scores[article_id]
        if not any(row):
            continue
        shares = [(column, share) for column, share in enumerate(row) if share > 1e-4]
        for feature, weight in vector.items():
            target = sums.get(feature)
            if target is None:
                target = sums[feature] = [0.0] * (tags + 1)
            for column, share in shares:
                target[column] += weight * share
    if not any(values[tags] for values in sums.values()):
        for feature, weight in background.items():
            target = sums.get(feature)
            if target is None:
                target = sums[feature] = [0.0] * (tags + 1)
            target[tags] = weight
    norms = [0.0] * (tags + 1)
    for values in sums.values():
        for column in range(tags + 1):
            norms[column] += values[column] * values[column]
    roots = [math.sqrt(n) or 1.0 for n in norms]
    return {
        feature: [v / r for v, r in zip(values, roots, strict=True)]
        for feature, values in sums.items()
    }


def _background(graph: _Graph) -> dict[str, float]:
    """The mean of every article's vector, unit length: what the archive is about at large."""
    sums: dict[str, float] = defaultdict(float)
    for vector in graph.vectors:
        for feature, weight in vector.items():
            sums[feature] += weight
    norm = math.sqrt(sum(v * v for v in sums.values())) or 1.0
    return {feature: value / norm for feature, value in sums.items()}


def _centroid_scores(
    vector: dict[str, float], centroids: dict[str, list[float]], prior: list[float]
) -> list[float]:
    """Cosine to each tag's centroid, sharpened and weighted by the tag's prior, summing to 1."""
    totals = [0.0] * len(prior)
    for feature, weight in vector.items():
        row = centroids.get(feature)
        if row is not None:
            totals = [t + weight * r for t, r in zip(totals, row, strict=True)]
    return _normalised(
        [max(t, 0.0) ** SHARPNESS * p for t, p in zip(totals, prior, strict=True)]
    )


def _normalised(values: list[float]) -> list[float]:
    total = sum(values)
    if total <= 0.0:
        return [0.0] * len(values)
    return [v / total for v in values]


def _best(
    model: TopicModel, row: list[float], taken: set[str], limit: int, min_score: float
) -> list[Suggestion]:
    ranked = sorted(
        (
            Suggestion(tag, score)
            for tag, score in zip(model.tags, row, strict=False)  # the last is the background
            if score > min_score and score > 0.0 and tag not in taken
        ),
        key=lambda s: (-s.score, s.tag),
    )
    return ranked[: max(limit, 0)]
