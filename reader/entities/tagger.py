"""The CRF tagger: the shipped model files, loaded once, tagging whole documents.

Tagging runs in two passes. The first CRF tags each sentence from its own words; the second
sees the same features plus what the first concluded about the same words elsewhere in the
document, which keeps a name's type consistent across an article.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import pycrfsuite

from reader.entities.features import DocumentContext, second_pass_features, sentence_features
from reader.entities.tokens import _NORMALISE


def normalise(word: str) -> str:
    """A token's text with typography mapped to the training corpus' conventions."""
    return word.translate(_NORMALISE)


def first_pass_file(model_file: Path) -> Path:
    """The first-pass model shipped beside the final one."""
    return model_file.with_name(model_file.stem + "-first-pass" + model_file.suffix)


def _open(path: Path) -> pycrfsuite.Tagger:
    if not path.is_file():
        raise FileNotFoundError(f"entity model not found: {path}")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


class CrfTagger:
    """A loaded pair of CRF models. ``pycrfsuite.Tagger`` is not thread-safe, hence the lock."""

    def __init__(self, model_file: Path) -> None:
        self._first = _open(first_pass_file(model_file))
        self._second = _open(model_file)
        self._lock = threading.Lock()
        self.model_file = model_file

    def tag_document(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags ("B-PLACE", "I-PLACE", "O") for each sentence of normalised words."""
        document = DocumentContext(sentences)
        base = [sentence_features(words, document) for words in sentences]
        with self._lock:
            first = [list(self._first.tag(f)) if f else [] for f in base]
            second = second_pass_features(sentences, base, first)
            return [list(self._second.tag(f)) if f else [] for f in second]
