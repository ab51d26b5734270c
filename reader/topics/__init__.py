"""Topics: the source's own topics, the user's rules, and tag suggestions learned from the user's
tags. ``rules`` applies queries that add tags; ``suggest`` learns and proposes tags."""

from __future__ import annotations

from reader.topics.rules import Rule, RuleResult, apply_rules, load_rules, run_rules
from reader.topics.suggestions import (
    DEFAULT_WORKFLOW_TAGS,
    LABEL_ORIGINS,
    MIN_EXAMPLES,
    SHOW_THRESHOLD,
    Evidence,
    Suggestion,
    SuggestionModel,
    TagStatus,
    accept_best,
    accept_suggestion,
    accept_suggestions,
    explain,
    learn,
    mark_tag,
    model_for,
    reject_suggestion,
    suggest,
    tag_status,
    unreject_suggestion,
    workflow_tags,
)

# The name the learned model had before suggestions became calibrated per tag.
TopicModel = SuggestionModel

__all__ = [
    "DEFAULT_WORKFLOW_TAGS",
    "LABEL_ORIGINS",
    "MIN_EXAMPLES",
    "SHOW_THRESHOLD",
    "Evidence",
    "Rule",
    "RuleResult",
    "Suggestion",
    "SuggestionModel",
    "TagStatus",
    "TopicModel",
    "accept_best",
    "accept_suggestion",
    "accept_suggestions",
    "apply_rules",
    "explain",
    "learn",
    "load_rules",
    "mark_tag",
    "model_for",
    "reject_suggestion",
    "run_rules",
    "suggest",
    "tag_status",
    "unreject_suggestion",
    "workflow_tags",
]
