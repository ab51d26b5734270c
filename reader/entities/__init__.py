"""Named entities: people, organisations, places and other names (events, nationalities, works).

The shipped recogniser is a two-pass CRF trained on CoNLL-2003 (no downloads at run time);
spaCy can replace it when installed (``ner = "spacy"``). The caller chooses, by argument:
``recognise(text, load_recogniser("spacy", spacy_model=...))``. Mentions of one entity are grouped
under a canonical name within each article, stored at index time, grouped across the archive
(``regroup_names`` after names are found) and corrected by the user's rules, each correction an
undoable step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.lazy import lazy_attributes

if TYPE_CHECKING:
    from reader.entities.archive import group_across_archive, regroup_names
    from reader.entities.curation import (
        Curation,
        Rule,
        add_alias,
        canonical_names,
        grouped_forms,
        hide_entity,
        parse_label,
        remove_alias,
        remove_label,
        rules,
        set_label,
        split_entity,
        split_grouped,
        unhide_entity,
        unsplit_entity,
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
        store_names,
    )
    from reader.entities.recogniser import (
        Recogniser,
        RecogniserChoice,
        RecogniserUnavailable,
        load_recogniser,
    )
    from reader.model import Span

# Where each name lives, loaded on first use (the recogniser brings numpy: the reader's first
# frame does without it).
_HOMES: dict[str, str] = {
    "Curation": "curation",
    "EntityCount": "mentions",
    "Recogniser": "recogniser",
    "RecogniserChoice": "recogniser",
    "RecogniserUnavailable": "recogniser",
    "Rule": "curation",
    "Span": "reader.model",
    "add_alias": "curation",
    "annotate_pending": "mentions",
    "annotated_text": "mentions",
    "article_text": "mentions",
    "canonical_names": "curation",
    "entity_counts": "mentions",
    "field_of": "mentions",
    "group": "grouping",
    "group_across_archive": "archive",
    "grouped_forms": "curation",
    "hide_entity": "curation",
    "load_recogniser": "recogniser",
    "parse_label": "curation",
    "pending_count": "mentions",
    "regroup_names": "archive",
    "remove_alias": "curation",
    "remove_label": "curation",
    "rules": "curation",
    "set_label": "curation",
    "split_entity": "curation",
    "split_grouped": "curation",
    "store_names": "mentions",
    "unhide_entity": "curation",
    "unsplit_entity": "curation",
}

__getattr__ = lazy_attributes(__name__, _HOMES)

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
    "entity_counts",
    "field_of",
    "group",
    "group_across_archive",
    "grouped_forms",
    "hide_entity",
    "load_recogniser",
    "parse_label",
    "pending_count",
    "recognise",
    "regroup_names",
    "remove_alias",
    "remove_label",
    "rules",
    "set_label",
    "split_entity",
    "split_grouped",
    "store_names",
    "unhide_entity",
    "unsplit_entity",
]


def recognise(text: str, recogniser: Recogniser) -> list[Span]:
    """Entity spans in ``text`` (offsets into it) with canonical names, mentions of one entity
    grouped (``load_recogniser`` gives the recogniser, loaded once and kept)."""
    from reader.entities.grouping import group

    return group(recogniser.spans(text), text)
