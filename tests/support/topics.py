"""A small synthetic archive shared by the topic tests: three topics with distinct vocabularies."""

from __future__ import annotations

import random

from reader.model import Article, Block
from reader.store import Store

VOCABULARY = {
    "cooking": "recipe oven flour butter simmer garlic onion roast bake sauce pastry spice "
    "kitchen chef dough",
    "astronomy": "telescope galaxy orbit planet comet nebula star eclipse moon asteroid "
    "observatory cosmic lunar solar",
    "sailing": "yacht harbour mast sail keel regatta crew anchor tide wind hull skipper "
    "mooring dinghy",
}
FILLER = [
    "today",
    "the",
    "team",
    "reported",
    "that",
    "several",
    "people",
    "attended",
    "and",
    "discussed",
    "plans",
]


def make_article(topic: str, number: int, rng: random.Random) -> Article:
    words = VOCABULARY[topic].split()
    sentences = []
    for _ in range(6):
        picked = rng.sample(words, 4) + rng.sample(FILLER, 3)
        rng.shuffle(picked)
        sentences.append(" ".join(picked).capitalize() + ".")
    title = f"{rng.choice(words).title()} and {rng.choice(words)} story {number}"
    return Article(
        title=title,
        blocks=[
            Block("paragraph", " ".join(sentences[:3])),
            Block("paragraph", " ".join(sentences[3:])),
        ],
        source="Synthetic Times",
        url=f"https://example.invalid/{topic}/{number}",
        date=f"2024-01-{number % 28 + 1:02d}",
    )


def fill(store: Store, per_topic: int = 12, seed: int = 7) -> dict[str, str]:
    """Put ``per_topic`` articles of each topic in the store; returns article id -> topic."""
    rng = random.Random(seed)
    truth: dict[str, str] = {}
    with store.transaction():
        for topic in sorted(VOCABULARY):
            for number in range(per_topic):
                file_id = store.save_file(
                    path=f"/archive/{topic}/{number}.txt",
                    size=1,
                    mtime_ns=1,
                    hash=f"{topic}{number}",
                    format="text",
                    status="ok",
                    articles=1,
                )
                article_id = store.put_article(make_article(topic, number, rng), file_id, 0)
                truth[article_id] = topic
    return truth


def by_topic(truth: dict[str, str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for article_id, topic in sorted(truth.items()):
        grouped.setdefault(topic, []).append(article_id)
    return grouped
