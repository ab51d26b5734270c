"""Topics: the source's own topics, the user's rules, and tag suggestions learned from the user's
tags. ``rules`` applies queries that add tags; ``suggest`` learns and proposes tags."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.lazy import lazy_attributes

if TYPE_CHECKING:
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

# Where each name lives, loaded on first use (suggestions bring numpy: the reader's first
# frame does without it).
_HOMES: dict[str, str] = {
    "DEFAULT_WORKFLOW_TAGS": "suggestions",
    "Evidence": "suggestions",
    "LABEL_ORIGINS": "suggestions",
    "MIN_EXAMPLES": "suggestions",
    "Rule": "rules",
    "RuleResult": "rules",
    "SHOW_THRESHOLD": "suggestions",
    "Suggestion": "suggestions",
    "SuggestionModel": "suggestions",
    "TagStatus": "suggestions",
    "accept_best": "suggestions",
    "accept_suggestion": "suggestions",
    "accept_suggestions": "suggestions",
    "apply_rules": "rules",
    "explain": "suggestions",
    "learn": "suggestions",
    "load_rules": "rules",
    "mark_tag": "suggestions",
    "model_for": "suggestions",
    "reject_suggestion": "suggestions",
    "run_rules": "rules",
    "suggest": "suggestions",
    "tag_status": "suggestions",
    "unreject_suggestion": "suggestions",
    "workflow_tags": "suggestions",
}

__getattr__ = lazy_attributes(__name__, _HOMES)

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
