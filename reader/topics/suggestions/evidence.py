"""Why a tag is (or is not) suggested for an article: the features that weighed most for and
against it, the tagged articles most like it, and the two gates."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reader.store import Store, normalise_tag
from reader.store import suggestions as sql
from reader.topics.suggestions.features import (
    FloatArray,
    count_arrays,
    entity_features,
    feature_key,
    text_features,
)
from reader.topics.suggestions.language import LANGUAGES
from reader.topics.suggestions.model import SuggestionModel, model_for
from reader.topics.suggestions.tag_model import TagModel


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
    counts = text_features(texts[0])
    counts.update(entity_features(sql.entity_names(store, [article_id]).get(article_id, ())))
    columns, values = model.corpus.vectorise(*count_arrays(counts))
    by_column: dict[int, str] = {}
    for feature in counts:
        place = int(np.searchsorted(model.corpus.keys, feature_key(feature)))
        if place < len(model.corpus.keys) and model.corpus.keys[place] == feature_key(feature):
            by_column[place] = feature
    contributions = values * tag_model.weights[columns]
    row = model.corpus.row_of.get(article_id)
    if row is not None:
        probability = float(tag_model.probability[row])
    else:
        probability = model.scores_outside(*count_arrays(counts))[name][0]
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
        familiarity, language = model.corpus.describe(*count_arrays(counts))
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
    tag_model: TagModel,
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

