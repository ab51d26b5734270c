"""Optional spaCy backend (``ner = "spacy"`` or ``--ner spacy``), used only when spaCy and a
model are installed. spaCy's types map onto the reader's four; types that are not names
(dates, numbers, money) are dropped."""

from __future__ import annotations

import importlib
import zlib
from typing import Any

from reader.entities.protocol import RecogniserUnavailable
from reader.model import EntityLabel, Span

SPACY_LABELS: dict[str, EntityLabel] = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "NORP": "OTHER",
    "EVENT": "OTHER",
    "WORK_OF_ART": "OTHER",
    "LAW": "OTHER",
    "LANGUAGE": "OTHER",
    "PRODUCT": "OTHER",
    "MISC": "OTHER",
}

# spaCy versions live far above the CRF's, so switching backends re-annotates the archive.
_VERSION_BASE = 1_000_000
# Bump when what is annotated changes (2: the title, byline and caption too; 3: grouping
# drops titles, joins first names and splits run-ons).
_ANNOTATION = 3


class SpacyRecogniser:
    name = "spacy"

    def __init__(self, nlp: Any, model_name: str) -> None:
        self.nlp = nlp
        self.model_name = model_name
        spacy_version = str(getattr(importlib.import_module("spacy"), "__version__", ""))
        model_version = str(getattr(nlp, "meta", {}).get("version", ""))
        key = f"{model_name}|{model_version}|{spacy_version}|{_ANNOTATION}".encode()
        self.version = _VERSION_BASE + zlib.crc32(key) % _VERSION_BASE

    @classmethod
    def load(cls, model_name: str) -> SpacyRecogniser:
        try:
            spacy = importlib.import_module("spacy")
        except ImportError as error:
            raise RecogniserUnavailable(
                "spaCy is not installed (pip install spacy); the shipped recogniser is 'crf'"
            ) from error
        try:
            nlp = spacy.load(model_name, exclude=["lemmatizer", "textcat"])
        except OSError as error:
            raise RecogniserUnavailable(
                f"spaCy model {model_name!r} is not installed "
                f"(python -m spacy download {model_name})"
            ) from error
        return cls(nlp, model_name)

    def spans(self, text: str) -> list[Span]:
        found: list[Span] = []
        for entity in self.nlp(text).ents:
            label = SPACY_LABELS.get(str(entity.label_))
            if label is None:
                continue
            start, end = int(entity.start_char), int(entity.end_char)
            surface = text[start:end]
            # spaCy includes a trailing possessive in some names ("Ukraine's").
            for ending in ("'s", "’s"):
                if surface.endswith(ending) and len(surface) > len(ending):
                    surface = surface[: -len(ending)]
                    end -= len(ending)
            if surface.strip():
                found.append(Span(start, end, label, surface))
        return found
