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


# Everyday Portuguese function words, to write an article in another language around a topic's
# vocabulary (names and loanwords travel between languages; the grammar words do not).
PORTUGUESE_TEXT = "o a os as de que e do da em um uma para com não no na por se dos das ao mais"
PORTUGUESE = PORTUGUESE_TEXT.split()
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zi", "ba", "de", "fu", "go", "hu"]


def make_foreign_article(topic: str, number: int, rng: random.Random) -> Article:
    """An article on ``topic`` (a key of VOCABULARY) in Portuguese: the topic's words with
    Portuguese grammar words around them."""
    words = VOCABULARY[topic].split()
    sentences = []
    for _ in range(6):
        picked = rng.sample(words, 5) + rng.sample(PORTUGUESE, 6)
        rng.shuffle(picked)
        sentences.append(" ".join(picked).capitalize() + ".")
    return Article(
        title=f"{rng.choice(words).title()} {rng.choice(PORTUGUESE)} {rng.choice(words)}",
        blocks=[Block("paragraph", " ".join(sentences[:3])), Block("paragraph",
                                                                    " ".join(sentences[3:]))],
        source="Jornal Sintético",
        url=f"https://example.invalid/pt/{topic}/{number}",
    )


def made_up_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 5)))


def make_chrome_page(topic: str, number: int, rng: random.Random, words: int = 600) -> Article:
    """A long saved page that mentions ``topic`` in passing (a menu, a teaser) amid a great
    deal of text of its own: words no other article of the archive uses."""
    own = [made_up_word(rng) for _ in range(words)]
    teaser = rng.sample(VOCABULARY[topic].split(), 6)
    paragraphs = [" ".join(own[start : start + 60]) + "." for start in range(0, words, 60)]
    paragraphs.insert(2, " ".join(teaser) + ".")
    return Article(
        title=f"{own[0].title()} {own[1]}",
        blocks=[Block("paragraph", text) for text in paragraphs],
        source="Portal",
        url=f"https://portal.invalid/{number}",
    )
