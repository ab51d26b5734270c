"""What every entity recogniser offers, and the error for one that cannot run here."""

from __future__ import annotations

from typing import Protocol

from reader.model import Span


class Recogniser(Protocol):
    """Something that finds entity spans in text: the shipped CRF, or the spaCy adapter.

    ``version`` changes whenever what it finds changes, so stored mentions are recomputed."""

    name: str
    version: int

    def spans(self, text: str) -> list[Span]: ...


class RecogniserUnavailable(RuntimeError):
    """The chosen recogniser cannot run here (spaCy or its model missing, unknown name)."""
