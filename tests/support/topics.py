"""A small synthetic archive shared by the topic tests: topics with distinct vocabularies over a
shared everyday vocabulary, sport stories that are about tennis or football, and articles on
nothing in particular (the unrelated pages of a real archive)."""

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
SPORT = "match season coach league stadium fans trophy final score victory champion"
SPORTS = {
    "tennis": "racket serve volley baseline wimbledon deuce backhand forehand umpire grass",
    "football": "goal striker penalty keeper midfield offside dribble referee corner pitch",
}
EVERYDAY = [
    "council", "street", "morning", "family", "weather", "traffic", "market", "school",
    "holiday", "garden", "bridge", "train", "office", "library", "museum", "village", "river",
    "shop", "weekend", "neighbour", "letter",
]
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


def _sentences(words: list[str], rng: random.Random, count: int = 6) -> list[str]:
    sentences = []
    for _ in range(count):
        picked = rng.sample(words, 4) + rng.sample(FILLER, 3) + rng.sample(EVERYDAY, 2)
        rng.shuffle(picked)
        sentences.append(" ".join(picked).capitalize() + ".")
    return sentences


def make_article(topic: str, number: int, rng: random.Random) -> Article:
    """An article on ``topic``: a key of VOCABULARY or SPORTS, or 'everyday' (nothing in
    particular)."""
    if topic in SPORTS:
        words = SPORTS[topic].split() + SPORT.split()
    elif topic == "everyday":
        words = EVERYDAY
    else:
        words = VOCABULARY[topic].split()
    sentences = _sentences(words, rng)
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


def put(store: Store, article: Article, name: str) -> str:
    file_id = store.save_file(
        path=f"/archive/{name}.txt",
        size=1,
        mtime_ns=1,
        hash=name,
        format="text",
        status="ok",
        articles=1,
    )
    return store.put_article(article, file_id, 0)


def fill(
    store: Store,
    per_topic: int = 12,
    seed: int = 7,
    topics: tuple[str, ...] = tuple(sorted(VOCABULARY)),
    everyday: int = 0,
) -> dict[str, str]:
    """Put ``per_topic`` articles of each topic and ``everyday`` articles on nothing in
    particular in the store; returns article id -> topic ('everyday' for the latter)."""
    rng = random.Random(seed)
    truth: dict[str, str] = {}
    with store.transaction():
        for topic in topics:
            for number in range(per_topic):
                article_id = put(store, make_article(topic, number, rng), f"{topic}/{number}")
                truth[article_id] = topic
        for number in range(everyday):
            article_id = put(store, make_article("everyday", number, rng), f"everyday/{number}")
            truth[article_id] = "everyday"
    return truth


def by_topic(truth: dict[str, str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for article_id, topic in sorted(truth.items()):
        grouped.setdefault(topic, []).append(article_id)
    return grouped
