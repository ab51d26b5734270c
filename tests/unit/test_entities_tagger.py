"""The tagger's own decoding gives CRFsuite's answer, and Viterbi the best sequence."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pycrfsuite

from reader.entities.features import DocumentContext, sentence_features
from reader.entities.tagger import CrfTagger, Layout, LinearChain, viterbi

SENTENCES = [
    ["Anna", "Lind", "visited", "Oslo", "on", "Monday", "."],
    ["The", "World", "Bank", "lent", "Kenya", "money", "."],
    ["Lind", "met", "officials", "of", "the", "Bank", "in", "Nairobi", "."],
    ["Peru", "and", "Chile", "signed", "a", "deal", "with", "Anna", "Lind", "."],
    ["The", "Oslo", "talks", "ended", "."],
]
TAGS = [
    ["B-PERSON", "I-PERSON", "O", "B-PLACE", "O", "O", "O"],
    ["O", "B-ORG", "I-ORG", "O", "B-PLACE", "O", "O"],
    ["B-PERSON", "O", "O", "O", "O", "B-ORG", "O", "B-PLACE", "O"],
    ["B-PLACE", "O", "B-PLACE", "O", "O", "O", "O", "B-PERSON", "I-PERSON", "O"],
    ["O", "B-OTHER", "O", "O", "O"],
]


def trained(tmp_path: Path) -> Path:
    context = DocumentContext(SENTENCES)
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags, headline in zip(SENTENCES, TAGS, context.headlines, strict=True):
        trainer.append(sentence_features(words, context, headline), tags)
    trainer.set_params({"c1": 0.01, "c2": 0.01, "max_iterations": 50})
    path = tmp_path / "tiny.crfsuite"
    trainer.train(str(path))
    return path


def test_decoding_matches_crfsuite(tmp_path: Path) -> None:
    path = trained(tmp_path)
    chain = LinearChain.from_crfsuite(path)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    documents = [
        SENTENCES,
        [["Lind", "and", "the", "Bank", "left", "Oslo", "."], ["Kenya", "!"]],
        [["NAIROBI", "TALKS", "END"], ["Chile", "met", "Lind", "in", "Peru", "."]],
    ]
    for document in documents:
        context = DocumentContext(document)
        expected = [
            list(tagger.tag(sentence_features(words, context, headline)))
            for words, headline in zip(document, context.headlines, strict=True)
        ]
        layout = Layout(document)
        found = CrfTagger.from_passes(chain, chain).first_pass(layout)
        labels = [chain.labels[i] for i in found.tolist()]
        flat_expected = [tag for sentence in expected for tag in sentence]
        assert labels == flat_expected


def test_saved_model_loads_and_tags(tmp_path: Path) -> None:
    chain = LinearChain.from_crfsuite(trained(tmp_path))
    out = tmp_path / "model.npz"
    CrfTagger.from_passes(chain, chain).save(out)
    loaded = CrfTagger(out)
    tags = loaded.tag_document([["Anna", "Lind", "visited", "Oslo", "."], [], ["Kenya"]])
    assert [len(t) for t in tags] == [5, 0, 1]
    assert loaded.tag_document([]) == []


def test_viterbi_finds_the_best_sequence_for_every_sentence() -> None:
    rng = np.random.default_rng(3)
    labels = 3
    lengths = np.array([4, 1, 3, 4, 2], np.intp)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.intp)
    scores = rng.normal(size=(int(lengths.sum()), labels)).astype(np.float32)
    transitions = rng.normal(size=(labels, labels)).astype(np.float32)
    found = viterbi(scores, starts, lengths, transitions)
    for start, length in zip(starts.tolist(), lengths.tolist(), strict=True):
        best = max(
            itertools.product(range(labels), repeat=length),
            key=lambda path: sum(scores[start + i, y] for i, y in enumerate(path))
            + sum(transitions[a, b] for a, b in itertools.pairwise(path)),
        )
        assert tuple(found[start : start + length].tolist()) == best
