"""The optional spaCy backend, on a blank pipeline with an EntityRuler (no model download)."""

from __future__ import annotations

from typing import Any

import pytest

from reader.entities import RecogniserUnavailable, load_recogniser, recognise
from reader.entities.mentions import annotate_pending
from reader.model import Article, Block
from reader.store import Store

spacy = pytest.importorskip("spacy")

from reader.entities.spacy_backend import SpacyRecogniser  # noqa: E402


@pytest.fixture
def ruler_pipeline() -> Any:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": "Volodymyr Zelensky"},
            {"label": "PERSON", "pattern": "Zelensky"},
            {"label": "GPE", "pattern": "Kyiv"},
            {"label": "NORP", "pattern": "Ukrainian"},
            {"label": "DATE", "pattern": "Monday"},
            {"label": "ORG", "pattern": [{"LOWER": "foreign"}, {"LOWER": "ministry"}]},
        ]
    )
    return nlp


def test_labels_map_and_offsets_hold(ruler_pipeline: Any) -> None:
    recogniser = SpacyRecogniser(ruler_pipeline, "blank-ruler")
    text = "Ukrainian President Volodymyr Zelensky left Kyiv's Foreign Ministry on Monday. Zelensky"
    spans = recognise(text, recogniser)
    assert [(s.text, s.label) for s in spans] == [
        ("Ukrainian", "OTHER"),
        ("Volodymyr Zelensky", "PERSON"),
        ("Kyiv", "PLACE"),
        ("Foreign Ministry", "ORG"),
        ("Zelensky", "PERSON"),
    ]
    for span in spans:
        assert text[span.start : span.end] == span.text
    assert spans[-1].canonical == "Volodymyr Zelensky"


def test_versions_differ_from_the_crf_so_switching_reannotates(
    ruler_pipeline: Any, store: Store
) -> None:
    recogniser = SpacyRecogniser(ruler_pipeline, "blank-ruler")
    assert recogniser.version >= 1_000_000
    with store.transaction():
        file_id = store.save_file(path="/a", size=1, mtime_ns=1, hash="h", format="text",
                                  status="ok")
        store.put_article(Article("T", [Block("paragraph", "Zelensky in Kyiv.")]), file_id, 0)
    assert annotate_pending(store, recogniser=recogniser) == 1
    assert annotate_pending(store, recogniser=recogniser) == 0
    # Back to the shipped CRF: annotated again.
    assert annotate_pending(store, recogniser=load_recogniser("crf")) == 1


def test_missing_model_is_a_clear_error() -> None:
    with pytest.raises(RecogniserUnavailable, match="not installed"):
        load_recogniser("spacy", spacy_model="no_such_model_installed")
    assert load_recogniser("crf").name == "crf"
