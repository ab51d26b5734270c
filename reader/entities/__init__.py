"""Named entities: people, organisations, places and other names (events, nationalities, works).

The shipped recogniser is a two-pass CRF trained on CoNLL-2003 (no downloads at run time);
spaCy can replace it when installed (``ner = "spacy"``). The caller chooses, by argument:
``recognise(text, load_recogniser("spacy", spacy_model=...))``. Mentions of one entity are grouped
under a canonical name, stored per article at index time, and corrected by the user's rules.
"""

from __future__ import annotations

from reader.entities.curation import (
    Curation,
    Rule,
    add_alias,
    canonical_names,
    hide_entity,
    parse_label,
    remove_alias,
    remove_label,
    rules,
    set_label,
    unhide_entity,
)
from reader.entities.grouping import group
from reader.entities.mentions import (
    EntityCount,
    annotate_pending,
    annotated_text,
    article_text,
    entity_counts,
    field_of,
    pending_count,
)
from reader.entities.recogniser import (
    Recogniser,
    RecogniserChoice,
    RecogniserUnavailable,
    configure,
    default_recogniser,
    load_recogniser,
    prefer,
)
from reader.model import Span

__all__ = [
    "Curation",
    "EntityCount",
    "Recogniser",
    "RecogniserChoice",
    "RecogniserUnavailable",
    "Rule",
    "add_alias",
    "annotate_pending",
    "annotated_text",
    "article_text",
    "canonical_names",
    "configure",
    "default_recogniser",
    "entity_counts",
    "field_of",
    "group",
    "hide_entity",
    "load_recogniser",
    "parse_label",
    "pending_count",
    "prefer",
    "recognise",
    "remove_alias",
    "remove_label",
    "rules",
    "set_label",
    "unhide_entity",
]


def recognise(text: str, recogniser: Recogniser | None = None) -> list[Span]:
    """Entity spans in ``text`` (offsets into it) with canonical names, mentions of one entity
    grouped. Without a recogniser, the process-wide default (the shipped CRF unless
    ``configure`` said otherwise). Models are loaded on first use and kept."""
    return group((recogniser or default_recogniser()).spans(text))
