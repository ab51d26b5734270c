"""Choosing a recogniser: the caller says which, by argument.

``load_recogniser("crf")`` or ``load_recogniser("spacy", spacy_model="en_core_web_sm")`` returns
a loaded recogniser, kept for the life of the process (loading is done once per choice). Pass it
on: ``recognise(text, recogniser)``, ``annotate_pending(store, recogniser=recogniser)``. There
is no process-wide default: each command and job loads the one its configuration (or ``--ner``)
names.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.entities.protocol import Recogniser, RecogniserUnavailable
from reader.lazy import lazy_attributes

if TYPE_CHECKING:
    from reader.entities.crf import CRF_VERSION, CrfRecogniser

# The CRF (numpy with it) loads when a recogniser is loaded, not with this module: choosing one
# is part of starting the reader, recognising is background work.
__getattr__ = lazy_attributes(
    __name__, {"CRF_VERSION": "reader.entities.crf", "CrfRecogniser": "reader.entities.crf"}
)

__all__ = [
    "CRF_VERSION",
    "CrfRecogniser",
    "Recogniser",
    "RecogniserChoice",
    "RecogniserUnavailable",
    "load_recogniser",
]

RECOGNISERS = ("crf", "spacy")
DEFAULT_SPACY_MODEL = "en_core_web_sm"


@dataclass(frozen=True, slots=True)
class RecogniserChoice:
    """Which recogniser, with its options: what a caller passes down."""

    name: str = "crf"
    spacy_model: str = ""
    model_file: Path | None = None  # the CRF's weights; None for the shipped ones

    def load(self) -> Recogniser:
        return load_recogniser(self.name, spacy_model=self.spacy_model, model_file=self.model_file)


_loaded: dict[tuple[str, str, Path | None], Recogniser] = {}
_loading = threading.Lock()


def load_recogniser(
    name: str = "crf", *, spacy_model: str = "", model_file: Path | None = None
) -> Recogniser:
    """The recogniser ``name`` ("crf" or "spacy"), loaded on first use and then reused.

    Raises ``RecogniserUnavailable`` for an unknown name, or when spaCy or its model is not
    installed."""
    key = (name, spacy_model, model_file)
    with _loading:
        loaded = _loaded.get(key)
        if loaded is None:
            if name == "crf":
                from reader.entities.crf import CrfRecogniser

                loaded = CrfRecogniser(model_file)
            elif name == "spacy":
                from reader.entities.spacy_backend import SpacyRecogniser

                loaded = SpacyRecogniser.load(spacy_model or DEFAULT_SPACY_MODEL)
            else:
                raise RecogniserUnavailable(
                    f"unknown recogniser {name!r}; use {' or '.join(map(repr, RECOGNISERS))}"
                )
            _loaded[key] = loaded
        return loaded
