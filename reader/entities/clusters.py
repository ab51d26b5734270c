"""Word clusters: words that occur in similar company share a cluster number, so a word the
labelled training text never had can still look like the words it did ("Nintendo" near
"Sony"). The same table keeps how each word is usually written inside a sentence ("the",
"Monday", "NATO"), which lets text written all in capitals be read in ordinary case.

Built offline from unlabelled news text by ``make model`` (``python -m reader.entities.train
CONLL --unlabelled DIR``: eng.train and the articles in DIR, never the dev file). For each
lower-cased word seen often enough: the counts of the words just before and after it,
weighted by positive pointwise mutual information, reduced to a few dozen dimensions and
grouped by k-means at two granularities. Only the table of words with their two cluster
numbers and usual case is shipped (``clusters.txt``), never the text. Deterministic: fixed
seeds and sorted inputs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path

CLUSTER_FILE = Path(__file__).with_name("clusters.txt")
MIN_COUNT = 3
CONTEXT_WORDS = 1500
DIMENSIONS = 64
COARSE = 64
FINE = 256
_SEED = 1996


@cache
def _table(path: Path = CLUSTER_FILE) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    clusters: dict[str, tuple[str, str]] = {}
    forms: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return clusters, forms
    for line in lines:
        parts = line.split("\t")
        if len(parts) == 4 and not line.startswith("#"):
            if parts[1]:
                clusters[parts[0]] = (parts[1], parts[2])
            if parts[3]:
                forms[parts[0]] = parts[3]
    return clusters, forms


def clusters_of(word: str) -> tuple[str, str] | None:
    """(coarse, fine) cluster numbers of a word, or None for a word the table lacks."""
    return _table()[0].get(word.lower())


def usual_form(word: str) -> str:
    """How ``word`` is usually written inside a sentence: "lower", "title", "upper", or ""
    when the table does not know it."""
    return _table()[1].get(word.lower(), "")


def sentences_of(sources: Sequence[Path]) -> list[list[str]]:
    """Sentences of normalised words from CoNLL files and folders (or files) of articles."""
    result: list[list[str]] = []
    for source in sources:
        if source.is_file() and _is_conll(source):
            result.extend(_sentences_of_conll(source))
        else:
            result.extend(_sentences_of_text(source))
    return result


def _is_conll(path: Path) -> bool:
    """A column file: its first line is a document marker or a token with three tags."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        first = handle.readline()
    return first.startswith("-DOCSTART-") or len(first.split()) == 4


def _sentences_of_conll(path: Path) -> Iterator[list[str]]:
    from reader.entities.conll import read_conll

    for document in read_conll(path):
        for sentence in document.sentences:
            yield sentence.words


def _sentences_of_text(path: Path) -> Iterator[list[str]]:
    from reader.entities.tokens import sentences, tokenize

    for file in sorted(path.rglob("*.txt")) if path.is_dir() else [path]:
        raw = file.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        tokens = tokenize(text)
        for chunk in sentences(tokens, text):
            yield [t.norm for t in chunk]


def usual_forms(sentences: Iterable[Sequence[str]]) -> dict[str, str]:
    """Lower-cased word -> its most frequent form inside sentences of ordinary case (not the
    first word, not a line in capitals), for words seen so at least ``MIN_COUNT`` times."""
    seen: Counter[tuple[str, str]] = Counter()
    for sentence in sentences:
        letters = [w for w in sentence if w[:1].isalpha()]
        if not letters or sum(1 for w in letters if w.isupper()) > 0.5 * len(letters):
            continue
        for word in sentence[1:]:
            if word[:1].isalpha():
                form = "upper" if word.isupper() and len(word) > 1 else (
                    "title" if word[:1].isupper() else "lower"
                )
                seen[(word.lower(), form)] += 1
    totals: Counter[str] = Counter()
    for (word, _), n in seen.items():
        totals[word] += n
    best: dict[str, tuple[int, str]] = {}
    for (word, form), n in sorted(seen.items()):
        if totals[word] >= MIN_COUNT and n > best.get(word, (0, ""))[0]:
            best[word] = (n, form)
    return {word: form for word, (_, form) in best.items()}


def build(sentences: Sequence[Sequence[str]]) -> dict[str, tuple[int, int]]:
    """Word -> (coarse, fine) cluster numbers for the words of ``sentences``."""
    import numpy as np

    lowered = [[w.lower() for w in s] for s in sentences]
    counts = Counter(w for s in lowered for w in s)
    vocabulary = sorted(
        (w for w, n in counts.items() if n >= MIN_COUNT and any(c.isalpha() for c in w)),
        key=lambda w: (-counts[w], w),
    )
    row = {w: i for i, w in enumerate(vocabulary)}
    contexts = ["<s>", "</s>", *sorted(counts, key=lambda w: (-counts[w], w))[:CONTEXT_WORDS]]
    column = {w: i for i, w in enumerate(contexts)}
    width = len(contexts)
    matrix = np.zeros((len(vocabulary), 2 * width), np.float64)
    for sentence in lowered:
        padded = ["<s>", *sentence, "</s>"]
        for i in range(1, len(padded) - 1):
            r = row.get(padded[i])
            if r is None:
                continue
            left = column.get(padded[i - 1])
            right = column.get(padded[i + 1])
            if left is not None:
                matrix[r, left] += 1
            if right is not None:
                matrix[r, width + right] += 1
    total = matrix.sum()
    expected = np.outer(matrix.sum(axis=1), matrix.sum(axis=0)) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        ppmi = np.log(np.where(matrix > 0, matrix / expected, 1.0))
    ppmi = np.maximum(ppmi, 0.0)
    left_vectors, values, _ = np.linalg.svd(ppmi, full_matrices=False)
    vectors = left_vectors[:, :DIMENSIONS] * values[:DIMENSIONS]
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    coarse = _kmeans(vectors, COARSE)
    fine = _kmeans(vectors, FINE)
    return {w: (int(coarse[i]), int(fine[i])) for i, w in enumerate(vocabulary)}


def _kmeans(vectors: object, k: int, rounds: int = 25) -> list[int]:
    import numpy as np

    data = np.asarray(vectors)
    rng = np.random.default_rng(_SEED)
    centres = data[rng.choice(len(data), size=min(k, len(data)), replace=False)].copy()
    assignment = np.zeros(len(data), np.intp)
    for _ in range(rounds):
        assignment = (data @ centres.T).argmax(axis=1)  # unit vectors: nearest by cosine
        for c in range(len(centres)):
            members = data[assignment == c]
            if len(members):
                centre = members.mean(axis=0)
                centres[c] = centre / (np.linalg.norm(centre) + 1e-9)
    return [int(a) for a in assignment]


def write(
    table: dict[str, tuple[int, int]],
    forms: dict[str, str],
    source: str,
    path: Path = CLUSTER_FILE,
) -> None:
    lines = [
        f"# word, coarse and fine cluster, usual form; derived from {source}; "
        "see reader/entities/clusters.py"
    ]
    for word in sorted(set(table) | set(forms)):
        coarse, fine = table.get(word, ("", ""))
        lines.append(f"{word}\t{coarse}\t{fine}\t{forms.get(word, '')}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _table.cache_clear()
