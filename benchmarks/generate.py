"""Write a synthetic archive: realistic lengths, mixed formats, deterministic for a seed.

    python benchmarks/generate.py OUT_DIR --articles 10000 [--seed 1] [--text-only]

Formats by share: text scrapes with site chrome (60%), JSON Lines exports of 50 articles a file
(25%), Markdown notes (10%), single JSON objects (5%). Words come from a small vocabulary with a
Zipf-like spread and a few recurring names, so full-text and entity filters have real work.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import date, timedelta
from pathlib import Path

_WORD_TEXT = (
    "the of and to in a is that for on was with he it as at by this had not are but from or "
    "have an they which one you were all we her she there been their if has will would more "
    "when who out up said what its about than into them can only other new some could time "
    "these two may first then do any like my now over such our man me even most made after "
    "also did many before must through back years where much your way well down should because "
    "each just those people how too little state good very make world still own see men work "
    "long get here between both life being under never day same another know while last might "
    "us great old year off come since against go came right used take three government "
    "ministry talks peace market prices energy winter border troops election council minister "
    "economy bank court report police city region officials agreement plan support meeting"
)
WORDS = _WORD_TEXT.split()
NAMES = ("Maria Lindqvist", "Tomas Okafor", "Ana Ruiz", "Kenji Watanabe", "Elena Petrova",
         "David Mensah", "Sofia Rossi", "Omar Haddad")
PLACES = ("Lisbon", "Nairobi", "Oslo", "Quito", "Hanoi", "Tbilisi", "Valletta", "Montreal")
ORGS = ("Harbour Authority", "Northern Bank", "Energy Ministry", "City Council", "Press Agency")
SOURCES = ("The Daily Ledger", "Morning Courier", "Coastal Times", "Metro Herald")
TOPICS = ("economy", "politics", "energy", "culture", "science", "sport")


def sentence(rng: random.Random) -> str:
    length = rng.randint(8, 28)
    words = [WORDS[min(int(rng.paretovariate(1.2)) - 1, len(WORDS) - 1)] for _ in range(length)]
    slot = rng.randrange(length)
    words[slot] = rng.choice(NAMES + PLACES + ORGS)
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def article(rng: random.Random, number: int) -> dict[str, object]:
    day = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
    title_words = [rng.choice(WORDS) for _ in range(rng.randint(4, 9))]
    title = " ".join(title_words).title() + f" ({number})"
    return {
        "title": title,
        "paragraphs": [paragraph(rng) for _ in range(rng.randint(4, 14))],
        "date": day.isoformat(),
        "source": rng.choice(SOURCES),
        "author": rng.choice(NAMES),
        "topic": rng.choice(TOPICS),
        "url": f"https://news.example/{day.year}/{number}",
    }


def as_scrape(item: dict[str, object]) -> str:
    paragraphs = item["paragraphs"]
    assert isinstance(paragraphs, list)
    lines = [
        f" date {item['date']} Support {item['source']}!",
        "Contribute today",
        "",
        str(item["title"]),
        "",
        f"By {item['author']}",
        "Updated:",
        "",
        *[f"{p}\n" for p in paragraphs],
        f"Read more about: {str(item['topic']).title()}",
        "",
    ]
    return "\n".join(lines)


def as_markdown(item: dict[str, object]) -> str:
    paragraphs = item["paragraphs"]
    assert isinstance(paragraphs, list)
    front = (f"---\ntitle: {item['title']}\ndate: {item['date']}\nauthor: {item['author']}\n"
             f"source: {item['source']}\ntags: [{item['topic']}]\n---\n\n")
    return front + "\n\n".join(str(p) for p in paragraphs) + "\n"


def as_record(item: dict[str, object]) -> dict[str, object]:
    paragraphs = item["paragraphs"]
    assert isinstance(paragraphs, list)
    return {
        "title": item["title"],
        "body": "\n\n".join(str(p) for p in paragraphs),
        "date": item["date"],
        "source": item["source"],
        "author": item["author"],
        "url": item["url"],
        "tags": [item["topic"]],
    }


def generate(out: Path, articles: int, seed: int = 1, text_only: bool = False) -> int:
    """Write ``articles`` articles under ``out``; returns the number of files written."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    files = 0
    batch: list[dict[str, object]] = []
    for number in range(articles):
        item = article(rng, number)
        folder = out / str(item["source"]).replace(" ", "-").lower() / f"{number // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        roll = 0.0 if text_only else rng.random()
        if roll < 0.60:
            (folder / f"{number:06d}.txt").write_text(as_scrape(item), encoding="utf-8")
            files += 1
        elif roll < 0.85:
            batch.append(as_record(item))
            if len(batch) == 50:
                (folder / f"export-{number:06d}.jsonl").write_text(
                    "\n".join(json.dumps(r) for r in batch), encoding="utf-8")
                batch.clear()
                files += 1
        elif roll < 0.95:
            (folder / f"{number:06d}.md").write_text(as_markdown(item), encoding="utf-8")
            files += 1
        else:
            (folder / f"{number:06d}.json").write_text(json.dumps(as_record(item)), "utf-8")
            files += 1
    if batch:
        (out / "export-rest.jsonl").write_text("\n".join(json.dumps(r) for r in batch), "utf-8")
        files += 1
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--text-only", action="store_true", help="only text scrapes")
    args = parser.parse_args()
    files = generate(args.out, args.articles, args.seed, args.text_only)
    print(f"wrote {args.articles:,} articles in {files:,} files under {args.out}")


if __name__ == "__main__":
    main()
