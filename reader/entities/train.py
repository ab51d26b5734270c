"""Train the shipped entity models from CoNLL-2003.

    python -m reader.entities.train /path/to/conll2003 [--out reader/entities/model.crfsuite]

Trains on ``eng.train`` with fixed parameters (the result is the same on every run) and scores
``eng.testa`` exact-span F1. The corpus is read from the given folder and never copied.

It also writes ``sentence_words.py``, the words the recogniser trims from the start of a name
when they only open a sentence (see ``reader.entities.casing``; ``--words-only`` writes just it).

Two models are written: a first pass over sentence features, and a second pass that also sees
the first pass's conclusions about the rest of the document. The second pass is trained on
first-pass output for documents the first pass did not see (five folds), so it learns how far
to trust it on new text.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pycrfsuite

from reader.entities.casing import derive_sentence_words, write_module
from reader.entities.conll import Document, read_conll
from reader.entities.features import DocumentContext, second_pass_features, sentence_features
from reader.entities.scoring import Score
from reader.entities.tagger import CrfTagger, first_pass_file, normalise
from reader.locations import entity_model_file

# Tuned on eng.testa; fixed so retraining reproduces the shipped files.
PARAMS: dict[str, float | int | bool] = {
    "c1": 0.1,
    "c2": 0.05,
    "max_iterations": 150,
    "feature.possible_transitions": True,
    "feature.minfreq": 1,
}
FOLDS = 5

Features = list[list[list[str]]]  # per sentence, per token, the attribute strings


def _normalised(document: Document) -> list[list[str]]:
    return [[normalise(w) for w in s.words] for s in document.sentences]


def _base_features(document: Document) -> Features:
    sentences = _normalised(document)
    context = DocumentContext(sentences)
    return [sentence_features(words, context) for words in sentences]


def _train(
    items: list[tuple[Features, Document]], out: Path, params: dict[str, float | int | bool]
) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for features, document in items:
        for sentence_features_, sentence in zip(features, document.sentences, strict=True):
            trainer.append(sentence_features_, sentence.tags)
    trainer.set_params(params)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def _tag(model: Path, features: Features) -> list[list[str]]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    try:
        return [list(tagger.tag(f)) for f in features]
    finally:
        tagger.close()


def train(documents: list[Document], out: Path, params: dict[str, float | int | bool]) -> None:
    base = [_base_features(d) for d in documents]
    first_pass: list[list[list[str]] | None] = [None] * len(documents)
    with tempfile.TemporaryDirectory() as scratch:
        for fold in range(FOLDS):
            held_out = [i for i in range(len(documents)) if i % FOLDS == fold]
            kept = [(base[i], documents[i]) for i in range(len(documents)) if i % FOLDS != fold]
            fold_model = Path(scratch) / f"fold{fold}.crfsuite"
            _train(kept, fold_model, params)
            for i in held_out:
                first_pass[i] = _tag(fold_model, base[i])
    _train(list(zip(base, documents, strict=True)), first_pass_file(out), params)
    second: list[tuple[Features, Document]] = []
    for document, features, tags in zip(documents, base, first_pass, strict=True):
        assert tags is not None
        second.append((second_pass_features(_normalised(document), features, tags), document))
    _train(second, out, params)


def evaluate(model: Path, documents: list[Document]) -> Score:
    tagger = CrfTagger(model)
    score = Score()
    for document in documents:
        predicted = tagger.tag_document(_normalised(document))
        for sentence, tags in zip(document.sentences, predicted, strict=True):
            score.add_tags(sentence.tags, tags)
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reader.entities.train")
    parser.add_argument("corpus", type=Path, help="folder holding eng.train and eng.testa")
    parser.add_argument("--out", type=Path, default=entity_model_file())
    parser.add_argument("--c1", type=float, default=PARAMS["c1"])
    parser.add_argument("--c2", type=float, default=PARAMS["c2"])
    parser.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    parser.add_argument("--minfreq", type=int, default=PARAMS["feature.minfreq"])
    parser.add_argument(
        "--words-only", action="store_true", help="only regenerate sentence_words.py"
    )
    args = parser.parse_args(argv)
    words = derive_sentence_words(args.corpus / "eng.train")
    write_module(words, "CoNLL-2003 eng.train")
    print(f"{len(words)} sentence-opening words written")
    if args.words_only:
        return 0
    params = dict(PARAMS)
    params.update(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.minfreq": args.minfreq,
        }
    )
    started = time.perf_counter()
    train(read_conll(args.corpus / "eng.train"), args.out, params)
    seconds = time.perf_counter() - started
    size = args.out.stat().st_size + first_pass_file(args.out).stat().st_size
    print(f"trained on {args.corpus / 'eng.train'} in {seconds:.1f} s; {params}")
    print(f"models: {args.out} + first pass ({size / 1e6:.2f} MB together)")
    testa = args.corpus / "eng.testa"
    if testa.is_file():
        print(f"eng.testa:\n{evaluate(args.out, read_conll(testa)).report()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
