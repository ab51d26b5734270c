"""Entity recogniser evaluation: ``python -m reader.eval entities FILE`` (and ``--bbc DIR``).

FILE is either JSON lines of documents ``{"id", "text", "entities": [{start, end, label}]}``
(labels PER/LOC/ORG/MISC or the reader's own) or a CoNLL-2003 column file (``eng.testa``).
Both run the product's path on raw text: tokenizer, sentence splitter, CRF, span clean-up.
CoNLL files are turned into text first (tokens joined by spaces, sentences by newlines); with
``--gold-tokens`` the CRF is scored on the corpus' own tokens instead.

Scores are exact spans (type and both boundaries), per type and overall; speed is tokens per
second of one core including tokenisation; load time is opening the model file. Beside the
score, the cross-validated estimate over the training documents that ``make model`` measured
(``model.json``): the figure to trust for text the model has not seen, since the dev file was
looked at while the recogniser was built.

``--bbc DIR`` indexes a folder of articles into a temporary store instead and reads back how
names were grouped and typed there, within articles and across the archive
(``reader.eval.entities_bbc``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.entities.conll import CONLL_LABELS, read_conll, spans_of
from reader.entities.crf import CrfRecogniser
from reader.entities.scoring import Score
from reader.entities.tagger import MODEL_FILE, normalise
from reader.entities.tokens import tokenize
from reader.eval.entities_bbc import run as run_bbc

Gold = list[tuple[int, int, str]]


@dataclass(slots=True)
class Corpus:
    texts: list[str] = field(default_factory=list)
    gold: list[Gold] = field(default_factory=list)


def load_jsonl(path: Path) -> Corpus:
    corpus = Corpus()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            document = json.loads(line)
            corpus.texts.append(str(document["text"]))
            corpus.gold.append(
                [
                    (int(e["start"]), int(e["end"]), CONLL_LABELS.get(str(e["label"]), "OTHER"))
                    for e in document.get("entities", [])
                ]
            )
    return corpus


def load_conll_as_text(path: Path) -> Corpus:
    """CoNLL documents as raw text with gold character spans."""
    corpus = Corpus()
    for document in read_conll(path):
        lines: list[str] = []
        gold: Gold = []
        offset = 0
        for sentence in document.sentences:
            starts: list[int] = []
            position = offset
            for word in sentence.words:
                starts.append(position)
                position += len(word) + 1
            for first, last, label in spans_of(sentence.tags):
                end = starts[last - 1] + len(sentence.words[last - 1])
                gold.append((starts[first], end, label))
            line = " ".join(sentence.words)
            lines.append(line)
            offset += len(line) + 1
        corpus.texts.append("\n".join(lines))
        corpus.gold.append(gold)
    return corpus


def _is_jsonl(path: Path) -> bool:
    if path.suffix in (".jsonl", ".json", ".ndjson"):
        return True
    with path.open(encoding="utf-8", errors="replace") as handle:
        return handle.read(1) == "{"


def evaluate_text(corpus: Corpus, recogniser: CrfRecogniser) -> tuple[Score, int, float]:
    """Score, token count and seconds spent recognising (tokenisation included)."""
    score = Score()
    tokens = sum(len(tokenize(text)) for text in corpus.texts)
    started = time.process_time()  # CPU time of this process: speed per core
    predicted = [recogniser.spans(text) for text in corpus.texts]
    seconds = time.process_time() - started
    for gold, spans in zip(corpus.gold, predicted, strict=True):
        score.add(gold, [(s.start, s.end, s.label) for s in spans])
    return score, tokens, seconds


def evaluate_gold_tokens(path: Path, recogniser: CrfRecogniser) -> tuple[Score, int, float]:
    score = Score()
    documents = read_conll(path)
    tokens = sum(len(s.words) for d in documents for s in d.sentences)
    started = time.process_time()
    predicted = [
        recogniser.tagger.tag_document([[normalise(w) for w in s.words] for s in d.sentences])
        for d in documents
    ]
    seconds = time.process_time() - started
    for document, tags in zip(documents, predicted, strict=True):
        for sentence, sentence_tags in zip(document.sentences, tags, strict=True):
            score.add_tags(sentence.tags, sentence_tags)
    return score, tokens, seconds


def _cross_validated(model: Path) -> float | None:
    """The cross-validated F1 recorded beside the model when it was trained."""
    try:
        summary = json.loads(model.with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = summary.get("cross_validated_f1") if isinstance(summary, dict) else None
    return float(value) if isinstance(value, int | float) else None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m reader.eval entities",
        description="Score the entity recogniser on a labelled corpus.",
    )
    parser.add_argument(
        "file", type=Path, nargs="?", help="JSON lines documents or a CoNLL column file"
    )
    parser.add_argument("--model", type=Path, default=MODEL_FILE)
    parser.add_argument(
        "--bbc", type=Path, metavar="DIR",
        help="recognise and group names over a folder of TOPIC/NNN.txt articles",
    )
    parser.add_argument(
        "--sweep", action="store_true",
        help="with --bbc: the share under full names for other settings of the archive pass",
    )
    parser.add_argument(
        "--gold-tokens",
        action="store_true",
        help="CoNLL files: tag the corpus' own tokens instead of re-tokenising its text",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.bbc is not None:
        if not args.bbc.is_dir():
            print(f"no such folder: {args.bbc}", file=sys.stderr)
            return 2
        return run_bbc(args.bbc, CrfRecogniser(args.model), sweep=args.sweep)
    if args.file is None:
        parser.error("a corpus file or --bbc DIR is needed")
    if not args.file.is_file():
        print(f"no such file: {args.file}", file=sys.stderr)
        return 2

    started = time.perf_counter()
    # Scored on CoNLL's conventions ("U.S.-led" is one MISC name there); the reader's own span
    # rules are scored separately below.
    recogniser = CrfRecogniser(args.model, reader_rules=False)
    load_seconds = time.perf_counter() - started
    corpus: Corpus | None = None
    if _is_jsonl(args.file):
        mode = "text"
        corpus = load_jsonl(args.file)
        score, tokens, seconds = evaluate_text(corpus, recogniser)
    elif args.gold_tokens:
        mode = "gold tokens"
        score, tokens, seconds = evaluate_gold_tokens(args.file, recogniser)
    else:
        mode = "text"
        corpus = load_conll_as_text(args.file)
        score, tokens, seconds = evaluate_text(corpus, recogniser)
    speed = tokens / seconds if seconds else 0.0
    cross_validated = _cross_validated(args.model)
    reader_f1: float | None = None
    if corpus is not None:
        # "Kyiv-backed" -> Kyiv, "Russian Foreign Ministry" as one ORG: what the reader shows.
        reader_recogniser = CrfRecogniser(args.model, reader_rules=True)
        reader_f1 = evaluate_text(corpus, reader_recogniser)[0].figures(None)[2]

    if args.json:
        figures = {
            (label or "overall"): dict(
                zip(("precision", "recall", "f1", "gold"), score.figures(label), strict=True)
            )
            for label in ("PERSON", "ORG", "PLACE", "OTHER", None)
        }
        print(
            json.dumps(
                {
                    "file": str(args.file),
                    "mode": mode,
                    "scores": figures,
                    "tokens": tokens,
                    "tokens_per_second": round(speed),
                    "load_ms": round(load_seconds * 1000, 1),
                    "f1_with_reader_rules": reader_f1,
                    "cross_validated_f1": cross_validated,
                },
                indent=2,
            )
        )
        return 0
    print(f"{args.file} ({mode}, exact spans)")
    print(score.report())
    if cross_validated is not None:
        print(f"overall F1 cross-validated on the training documents: {cross_validated:.4f} "
              "(by make model; held-out estimate)")
    scope = ", tokenising included" if mode == "text" else ", corpus tokens"
    if reader_f1 is not None:
        print(f"overall F1 with the reader's own span rules: {reader_f1:.4f}")
    print(
        f"tokens: {tokens:,}  speed: {speed:,.0f} tokens/s (one core{scope})  "
        f"model load: {load_seconds * 1000:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
