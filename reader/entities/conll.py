"""Reading CoNLL-2003 style files (``token POS chunk NER`` columns, IOB1 tags) for training
and evaluation. The corpus itself is never shipped; these functions take its path."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reader.model import EntityLabel

# CoNLL types -> the reader's types.
CONLL_LABELS: dict[str, EntityLabel] = {
    "PER": "PERSON",
    "PERSON": "PERSON",
    "ORG": "ORG",
    "LOC": "PLACE",
    "PLACE": "PLACE",
    "GPE": "PLACE",
    "MISC": "OTHER",
    "OTHER": "OTHER",
}


@dataclass(slots=True)
class Sentence:
    words: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # BIO over the reader's types ("B-PLACE")


@dataclass(slots=True)
class Document:
    sentences: list[Sentence] = field(default_factory=list)


def read_conll(path: Path) -> list[Document]:
    """Documents of a CoNLL file; tags converted from IOB1 to BIO over the reader's types."""
    documents: list[Document] = []
    current = Document()
    sentence = Sentence()
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            parts = line.split()
            if not parts:
                if sentence.words:
                    current.sentences.append(sentence)
                    sentence = Sentence()
                continue
            if parts[0] == "-DOCSTART-":
                if sentence.words:
                    current.sentences.append(sentence)
                    sentence = Sentence()
                if current.sentences:
                    documents.append(current)
                current = Document()
                continue
            sentence.words.append(parts[0])
            sentence.tags.append(parts[-1])
    if sentence.words:
        current.sentences.append(sentence)
    if current.sentences:
        documents.append(current)
    for document in documents:
        for sent in document.sentences:
            sent.tags = to_bio(sent.tags)
    return documents


def to_bio(tags: list[str]) -> list[str]:
    """IOB1 (a B- only between two same-type names) -> BIO, with the reader's type names."""
    result: list[str] = []
    previous = "O"
    for tag in tags:
        if tag == "O" or "-" not in tag:
            result.append("O")
            previous = "O"
            continue
        prefix, kind = tag.split("-", 1)
        label = CONLL_LABELS.get(kind, "OTHER")
        if prefix == "B" or previous != label:
            result.append("B-" + label)
        else:
            result.append("I-" + label)
        previous = label
    return result


def spans_of(tags: list[str]) -> Iterator[tuple[int, int, str]]:
    """(first token, end token exclusive, label) of each BIO span."""
    start = -1
    label = ""
    for index, tag in enumerate([*tags, "O"]):
        inside = tag.startswith("I-") and tag[2:] == label and start >= 0
        if inside:
            continue
        if start >= 0:
            yield start, index, label
            start = -1
            label = ""
        if tag != "O":
            start = index
            label = tag[2:]
