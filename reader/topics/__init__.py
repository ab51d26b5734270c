"""Topics: the source's own topics, the user's rules, and tag suggestions learned from the user's
tags. ``rules`` applies queries that add tags; ``suggest`` learns and proposes tags."""

from __future__ import annotations

from reader.topics.rules import Rule, RuleResult, apply_rules, load_rules, run_rules
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
    "Rule",
    "RuleResult",
    "Suggestion",
    "TopicModel",
    "accept_best",
    "accept_suggestion",
    "apply_rules",
    "learn",
    "load_rules",
    "run_rules",
    "suggest",
]
