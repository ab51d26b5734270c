"""Entity recogniser timings: model load, tokens per second per core, linear growth, indexing.

    python benchmarks/bench_entities.py [--articles 500] [--corpus DEV.jsonl]

Text is synthetic (benchmarks/generate.py's vocabulary, plus the seed article's body), so the
figures need no corpus; ``--corpus`` adds the speed on CoNLL-style documents. Speeds are CPU
time of this process, i.e. per core, for recognition and grouping within the text, with
tokenisation and sentence splitting included.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import paragraph  # noqa: E402

from reader.entities import annotate_pending, recognise  # noqa: E402
from reader.entities.crf import CrfRecogniser  # noqa: E402
from reader.entities.tagger import MODEL_FILE  # noqa: E402
from reader.entities.tokens import tokenize  # noqa: E402
from reader.locations import seeds_dir  # noqa: E402
from reader.model import Article, Block  # noqa: E402
from reader.store import Store  # noqa: E402


def seed_body() -> str:
    lines = (seeds_dir() / "000_0bbe3455ec65385e.txt").read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("Russia on Thursday"))
    last = next(i for i, line in enumerate(lines) if line.endswith("counteroffensive."))
    return "\n\n".join(line for line in lines[first : last + 1] if line.strip())


def synthetic_text(rng: random.Random, paragraphs: int) -> str:
    return "\n\n".join(paragraph(rng) for _ in range(paragraphs))


def cold_load_ms() -> tuple[float, float]:
    """(import + load, load only) in a fresh interpreter, best of three."""
    code = (
        "import time; t0 = time.perf_counter(); "
        "from reader.entities.crf import CrfRecogniser; t1 = time.perf_counter(); "
        "CrfRecogniser(); t2 = time.perf_counter(); print(t2 - t0, t2 - t1)"
    )
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        ).stdout.split()
        runs.append((float(out[0]) * 1000, float(out[1]) * 1000))
    return min(r[0] for r in runs), min(r[1] for r in runs)


def speed(recogniser: CrfRecogniser, texts: list[str]) -> tuple[int, float]:
    """Tokens and CPU seconds for recognition plus grouping within each text."""
    tokens = sum(len(tokenize(t)) for t in texts)
    started = time.process_time()
    for text in texts:
        recognise(text, recogniser)
    return tokens, time.process_time() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--corpus", type=Path, help="a dev.jsonl-style file for a second speed")
    args = parser.parse_args()
    rng = random.Random(7)
    results: dict[str, object] = {}

    with_import, load_only = cold_load_ms()
    model_bytes = MODEL_FILE.stat().st_size
    print(f"model files: {model_bytes / 1e6:.2f} MB")
    print(f"cold start: import + load {with_import:.0f} ms, model load {load_only:.0f} ms")
    results.update(import_and_load_ms=round(with_import), load_ms=round(load_only, 1))

    recogniser = CrfRecogniser()
    body = seed_body()
    recognise(body)  # warm caches as a running reader would be
    texts = [body] * 20 + [synthetic_text(rng, 8) for _ in range(150)]
    tokens, seconds = speed(recogniser, texts)
    print(f"articles: {tokens:,} tokens in {seconds:.2f} s CPU = {tokens / seconds:,.0f} tokens/s")
    results["tokens_per_second"] = round(tokens / seconds)

    if args.corpus is not None:
        documents = [
            json.loads(line)["text"]
            for line in args.corpus.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        tokens, seconds = speed(recogniser, documents)
        print(f"{args.corpus.name}: {tokens:,} tokens, {tokens / seconds:,.0f} tokens/s")
        results["corpus_tokens_per_second"] = round(tokens / seconds)

    # Linear growth: seconds per token should stay flat as one text grows 16 times.
    base = synthetic_text(random.Random(3), 40)
    previous = None
    for factor in (1, 4, 16):
        text = "\n\n".join([base] * factor)
        tokens, seconds = speed(recogniser, [text])
        per_token = seconds / tokens * 1e6
        ratio = f" ({per_token / previous:.2f}x the first)" if previous else ""
        print(f"one text of {tokens:>7,} tokens: {seconds:.3f} s, {per_token:.1f} µs/token{ratio}")
        previous = previous or per_token
        results[f"us_per_token_x{factor}"] = round(per_token, 2)
    long_sentence = "the council in Oslo met delegates from Quito and Hanoi while " * 500
    tokens, seconds = speed(recogniser, [long_sentence])
    print(f"one {len(long_sentence):,}-character sentence: {seconds:.3f} s "
          f"({seconds / tokens * 1e6:.1f} µs/token)")

    # Index time: annotate_pending over a store of synthetic articles.
    with Store.memory() as store:
        with store.transaction():
            file_id = store.save_file(path="/bench", size=1, mtime_ns=1, hash="h",
                                      format="text", status="ok")
            for number in range(args.articles):
                blocks = [Block("paragraph", paragraph(rng)) for _ in range(rng.randint(4, 12))]
                store.put_article(Article(f"Article {number}", blocks), file_id, number)
        started = time.perf_counter()
        done = annotate_pending(store)
        seconds = time.perf_counter() - started
        mentions = store.conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    print(f"annotate_pending: {done} articles, {mentions:,} mentions in {seconds:.2f} s "
          f"= {done / seconds:,.0f} articles/s")
    results["articles_per_second"] = round(done / seconds)
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "entities.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
