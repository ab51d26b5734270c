"""Entity timings: model load, tokens per second per core, linear growth, indexing, and the
archive pass over a large archive.

    python benchmarks/bench_entities.py [--articles 500] [--corpus DEV.jsonl]
                                        [--archive-articles 100000] [--skip-archive]

Text is synthetic (benchmarks/generate.py's vocabulary, plus the seed article's body), so the
figures need no corpus; ``--corpus`` adds the speed on CoNLL-style documents. Speeds are CPU
time of this process, i.e. per core, for recognition and grouping within the text, with
tokenisation and sentence splitting included.

The archive pass is timed on a store of ``--archive-articles`` synthetic articles whose names
(a population of people with shared surnames, Zipf-popular, many mentioned by surname alone)
are stored as annotation stores them, without running the recogniser: first over every
article (five years of news), then over 1% more articles from the last month added afterwards
(the incremental pass after an index).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import paragraph  # noqa: E402

from reader.entities import (  # noqa: E402
    Curation,
    annotate_pending,
    group,
    load_recogniser,
    recognise,
    regroup_names,
)
from reader.entities.crf import CrfRecogniser  # noqa: E402
from reader.entities.tagger import MODEL_FILE  # noqa: E402
from reader.entities.tokens import tokenize  # noqa: E402
from reader.locations import seeds_dir  # noqa: E402
from reader.model import Article, Block, Span  # noqa: E402
from reader.query import compile_filter  # noqa: E402
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


FIRST_NAMES = [
    "Maria", "Tomas", "Ana", "Kenji", "Elena", "David", "Sofia", "Omar", "Lena", "Pavel",
    "Grace", "Felix", "Ines", "Arjun", "Nadia", "Hugo", "Mira", "Jonas", "Clara", "Idris",
    "Yusuf", "Petra", "Aiko", "Lucas", "Noor", "Erik", "Selma", "Rafael", "Dina", "Marco",
]
SYLLABLES = [
    "ka", "lo", "mi", "ren", "dus", "tal", "ver", "bo", "sin", "ga", "hol", "mer", "tor", "ki",
    "fen", "lu", "dra", "pas", "no", "wen",
]
TOPIC_NAMES = ("economy", "politics", "energy", "culture", "science", "sport", "health", "world")


def surname(number: int) -> str:
    """A made-up surname, one for each number."""
    syllables = [SYLLABLES[number % len(SYLLABLES)]]
    number //= len(SYLLABLES)
    while number:
        syllables.append(SYLLABLES[number % len(SYLLABLES)])
        number //= len(SYLLABLES)
    return ("".join(syllables) + "son").capitalize()


@dataclass(slots=True)
class Population:
    """People, each surname borne by one to three of them; popularity falls as 1/(rank+10),
    so the most mentioned person is in about one article in ten (Tony Blair's share of the
    BBC set)."""

    people: list[str]
    weights: list[float]

    @classmethod
    def make(cls, rng: random.Random, surnames: int) -> Population:
        people = [
            f"{first} {surname(number)}"
            for number in range(surnames)
            for first in rng.sample(FIRST_NAMES, rng.choice((1, 1, 1, 2, 3)))
        ]
        rng.shuffle(people)
        weights = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(people))))
        return cls(people, weights)

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.people, cum_weights=self.weights)[0]


def synthetic_named_article(rng: random.Random, people: Population) -> tuple[str, list[Span]]:
    """A body naming a few people: some in full then by surname, some only as "Mr Surname";
    each name's span as a recogniser would give it."""
    parts: list[str] = []
    spans: list[Span] = []
    offset = 0

    def say(text: str, name: str = "") -> None:
        nonlocal offset
        if name:
            start = offset + text.index(name)
            spans.append(Span(start, start + len(name), "PERSON", name))
        parts.append(text)
        offset += len(text) + 1

    for _ in range(rng.randint(3, 8)):
        person = people.pick(rng)
        last = person.split()[-1]
        if rng.random() < 0.6:
            say(f"{person} spoke about the {rng.choice(TOPIC_NAMES)} plan.", person)
        for _ in range(rng.randint(1, 3)):
            say(f"Mr {last} said it would work.", f"Mr {last}")
        say(paragraph(rng))
    return " ".join(parts), spans


ARCHIVE_DAYS = 5 * 365  # the archive's articles are spread over five years


def fill_archive(
    store: Store,
    rng: random.Random,
    people: Population,
    count: int,
    first: int,
    days: tuple[int, int] = (0, ARCHIVE_DAYS),
) -> list[str]:
    """``count`` articles dated within ``days`` (from the archive's first day) with their
    names stored as annotation stores them (grouped within each article, the user's rules
    applied), marked as read for names."""
    version = load_recogniser("crf").version
    ids: list[str] = []
    curation = Curation.load(store)
    with store.transaction():
        file_id = store.save_file(path=f"/bench/{first}", size=1, mtime_ns=1, hash=str(first),
                                  format="text", status="ok")
        for number in range(first, first + count):
            body, spans = synthetic_named_article(rng, people)
            day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(*days))
            article = Article(f"Story {number}", [Block("paragraph", body)], date=day.isoformat(),
                              source=f"Source {rng.randrange(20)}",
                              topics=[rng.choice(TOPIC_NAMES)])
            article_id = store.put_article(article, file_id, number)
            store.replace_mentions(article_id, curation.rows(article_id, group(spans)))
            ids.append(article_id)
        store.conn.executemany(
            "UPDATE articles SET entities_version = ? WHERE id = ?", [(version, i) for i in ids]
        )
    return ids


def archive_pass(articles: int) -> dict[str, object]:
    """The archive pass over ``articles`` articles, then over 1% more added afterwards."""
    rng = random.Random(11)
    people = Population.make(rng, max(articles // 20, 50))
    results: dict[str, object] = {}
    with (
        tempfile.TemporaryDirectory(prefix="reader-bench-") as home,
        Store.open(Path(home) / "bench.sqlite3") as store,
    ):
        started = time.perf_counter()
        fill_archive(store, rng, people, articles, 0)
        mentions = store.conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
        print(f"\narchive of {articles:,} articles, {mentions:,} mentions, written in "
              f"{time.perf_counter() - started:.0f} s")
        wall, cpu = time.perf_counter(), time.process_time()
        done = regroup_names(store)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        grouped = store.conn.execute(
            "SELECT count(*) FROM entity_archive_groups WHERE canonical <> name"
        ).fetchone()[0]
        print(f"archive pass over all: {done:,} articles in {wall:.1f} s ({cpu:.1f} s CPU) "
              f"= {done / wall:,.0f} articles/s; {grouped:,} surnames alone grouped")
        results.update(archive_articles=done, archive_seconds=round(wall, 2),
                       archive_articles_per_second=round(done / wall))
        added = max(articles // 100, 1)  # the last month's news
        fill_archive(store, rng, people, added, articles, (ARCHIVE_DAYS - 30, ARCHIVE_DAYS))
        wall, cpu = time.perf_counter(), time.process_time()
        done = regroup_names(store)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"archive pass after adding {added:,} of the last month: {done:,} articles in "
              f"{wall:.2f} s "
              f"({cpu:.2f} s CPU) = {done / wall:,.0f} articles/s")
        results.update(incremental_articles=done, incremental_seconds=round(wall, 3))
        famous = people.people[0].split()[-1]
        started = time.perf_counter()
        found = store.count(compile_filter(f"person:{famous}"))
        print(f"person:{famous} (the most mentioned surname): {found:,} articles counted in "
              f"{(time.perf_counter() - started) * 1000:.0f} ms")
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--corpus", type=Path, help="a dev.jsonl-style file for a second speed")
    parser.add_argument("--archive-articles", type=int, default=100_000,
                        help="articles of the store the archive pass is timed on")
    parser.add_argument("--skip-archive", action="store_true", help="leave the archive pass out")
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
    recognise(body, recogniser)  # warm caches as a running reader would be
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
        done = annotate_pending(store, recogniser=recogniser)
        seconds = time.perf_counter() - started
        mentions = store.conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    print(f"annotate_pending: {done} articles, {mentions:,} mentions in {seconds:.2f} s "
          f"= {done / seconds:,.0f} articles/s")
    results["articles_per_second"] = round(done / seconds)
    if not args.skip_archive:
        results.update(archive_pass(args.archive_articles))
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "entities.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
