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

The parts, each importable on its own: :mod:`~reader.topics.suggestions.language` (the
language gate), :mod:`~reader.topics.suggestions.features` (an article's features and their
cached form), :mod:`~reader.topics.suggestions.counting` (counting and caching them, on every
core), :mod:`~reader.topics.suggestions.matrix` (the archive as a tf-idf matrix),
:mod:`~reader.topics.suggestions.calibration` (score to probability),
:mod:`~reader.topics.suggestions.tag_model` (learning one tag, :class:`Tuning`),
:mod:`~reader.topics.suggestions.labels` (what counts as a label, workflow tags, tag status),
:mod:`~reader.topics.suggestions.model` (the model of a store, relearned as tags change),
:mod:`~reader.topics.suggestions.suggesting` (suggest, accept, dismiss) and
:mod:`~reader.topics.suggestions.evidence` (explain). Everything callers use is imported here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.lazy import lazy_attributes

if TYPE_CHECKING:
    from reader.topics.suggestions.counting import CACHE_BATCH as CACHE_BATCH
    from reader.topics.suggestions.counting import PARALLEL_COUNT_MIN as PARALLEL_COUNT_MIN
    from reader.topics.suggestions.counting import _workers_for as _workers_for
    from reader.topics.suggestions.evidence import Evidence, explain
    from reader.topics.suggestions.features import article_features
    from reader.topics.suggestions.labels import (
        DEFAULT_WORKFLOW_TAGS,
        LABEL_ORIGINS,
        MIN_EXAMPLES,
        TagStatus,
        mark_tag,
        tag_status,
        workflow_tags,
    )
    from reader.topics.suggestions.language import article_language
    from reader.topics.suggestions.model import SuggestionModel, forget, learn, model_for
    from reader.topics.suggestions.suggesting import (
        SHOW_THRESHOLD,
        Suggestion,
        accept_best,
        accept_suggestion,
        accept_suggestions,
        reject_suggestion,
        suggest,
        unreject_suggestion,
    )
    from reader.topics.suggestions.tag_model import DEFAULT_TUNING, Tuning

# Where each name lives, loaded on first use (most bring numpy: the reader's first frame does
# without it). The counting constants and the workers' count are read by bench_suggest.py.
_HOMES: dict[str, str] = {
    "CACHE_BATCH": "counting",
    "DEFAULT_TUNING": "tag_model",
    "DEFAULT_WORKFLOW_TAGS": "labels",
    "Evidence": "evidence",
    "LABEL_ORIGINS": "labels",
    "MIN_EXAMPLES": "labels",
    "PARALLEL_COUNT_MIN": "counting",
    "SHOW_THRESHOLD": "suggesting",
    "Suggestion": "suggesting",
    "SuggestionModel": "model",
    "TagStatus": "labels",
    "Tuning": "tag_model",
    "_workers_for": "counting",
    "accept_best": "suggesting",
    "accept_suggestion": "suggesting",
    "accept_suggestions": "suggesting",
    "article_features": "features",
    "article_language": "language",
    "explain": "evidence",
    "forget": "model",
    "learn": "model",
    "mark_tag": "labels",
    "model_for": "model",
    "reject_suggestion": "suggesting",
    "suggest": "suggesting",
    "tag_status": "labels",
    "unreject_suggestion": "suggesting",
    "workflow_tags": "labels",
}

__getattr__ = lazy_attributes(__name__, _HOMES)

__all__ = [
    "DEFAULT_TUNING",
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
