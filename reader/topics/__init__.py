"""Topics: the source's own topics, the user's rules, and tag suggestions learned from the user's
tags. ``rules`` applies queries that add tags; ``suggest`` learns and proposes tags."""

from __future__ import annotations

from reader.topics.suggestions import (
    LABEL_ORIGINS,
    SHOW_THRESHOLD,
    Suggestion,
    TopicModel,
    accept_best,
    accept_suggestion,
    learn,
    suggest,
)

__all__ = [
    "LABEL_ORIGINS",
    "SHOW_THRESHOLD",
    "Suggestion",
    "TopicModel",
    "accept_best",
    "accept_suggestion",
    "learn",
    "suggest",
]
