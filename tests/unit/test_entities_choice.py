"""The recogniser is chosen by argument, loaded once per choice, and the modules that choose
and the backends they choose from do not import each other in a loop."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from reader.entities import RecogniserChoice, RecogniserUnavailable, load_recogniser, recognise
from reader.entities.crf import CrfRecogniser
from reader.model import Span
from tests.support import REPO


def test_the_crf_is_loaded_once_per_choice() -> None:
    first = load_recogniser("crf")
    assert isinstance(first, CrfRecogniser)
    assert load_recogniser("crf") is first
    assert RecogniserChoice("crf").load() is first


def test_the_recogniser_passed_is_the_one_used() -> None:
    class Fixed:
        name = "fixed"
        version = 1

        def spans(self, text: str) -> list[Span]:
            return [Span(0, 5, "PLACE", text[:5])]

    spans = recognise("Quito is high.", Fixed())
    assert [(s.text, s.label, s.canonical) for s in spans] == [("Quito", "PLACE", "Quito")]


def test_unknown_or_missing_recognisers_are_clear_errors() -> None:
    with pytest.raises(RecogniserUnavailable, match="unknown recogniser 'rules'"):
        load_recogniser("rules")
    with pytest.raises(RecogniserUnavailable, match="not installed"):
        load_recogniser("spacy", spacy_model="no_such_model_installed")


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_import_loop_between_the_chooser_and_the_backends() -> None:
    package = REPO / "reader" / "entities"
    graph = {
        f"reader.entities.{path.stem}": {
            name for name in _imports(path) if name.startswith("reader.entities.")
        }
        for path in package.glob("*.py")
        if path.stem != "__init__"
    }

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for name in graph.get(start, set()):
            if name == goal or (name not in seen and reaches(name, goal, seen | {name})):
                return True
        return False

    loops = [name for name in graph if reaches(name, name, {name})]
    assert loops == []
    assert "reader.entities.recogniser" not in graph["reader.entities.spacy_backend"]
