"""Mentions of one entity in one text, grouped under a canonical name with one type.

- A title or honorific is not part of a name: "Mr Blair" is Blair, "Prime Minister Tony Blair"
  is Tony Blair; a span of nothing else ("Chancellor") is not a name.
- Possessives and trailing punctuation never make a new name ("Blair's", "Blair.").
- A surname or first name alone is the one full name of the text it belongs to: "Blair" and
  "Mr Blair" after "Tony Blair" are Tony Blair; with "Tony Blair" and "Cherie Blair" both in
  the text, "Blair" stays alone.
- Two names run together ("Blair Labour" in a headline) are split when each part is a name the
  text names on its own (or a well-known one) and they are different entities.
- "LEICESTERSHIRE" in a headline is "Leicestershire"; "NATO" after "North Atlantic Treaty
  Organization" is that organisation.
- One type per entity, decided over all its mentions; a well-known organisation or product
  (``reader.entities.known``) takes its listed type, so Google is never a person.
- Addresses (URLs, e-mail) and page furniture ("Permalink", "Read more") are not names.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from reader.entities.clusters import usual_form
from reader.entities.gazetteer import PLACES
from reader.entities.known import known_type
from reader.entities.tokens import ABBREVIATIONS
from reader.model import EntityLabel, Span


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_EDGE_PUNCTUATION = "\"'“”‘’«»()[]{}"
_POSSESSIVE = ("'s", "’s", "'S", "’S", "'", "’")
_TRAILING = ",;:!?-–—…"

# Words that stand before a person's name as a title, not as part of it. Royal and religious
# styles ("King", "Pope", "Prince") stay: they are how those people are named.
TITLE_WORDS = _word_set(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend president
    vice-president premier prime minister chancellor secretary deputy shadow foreign home
    defence defense health education culture trade transport environment interior finance
    justice chief executive senator sen rep representative congressman congresswoman
    governor gov mayor ambassador commissioner judge general gen colonel col captain capt
    major maj lieutenant lt sergeant sgt admiral adm commander cmdr marshal brigadier
    chairman chairwoman director coach manager inspector detective superintendent constable
    treasurer spokesman spokeswoman spokesperson adviser advisor
    archbishop bishop cardinal rabbi imam sheikh ayatollah
    """
)

# Honorifics proper: stripped whatever type a span was given ("Mr Blair" read as ORG).
HONORIFICS = _word_set("mr mrs ms miss mx dr prof sir dame lord lady rev")
# Title words that are also surnames: "Mr Major" is John Major, not a title.
_SURNAMES = _word_set("major judge marshal bishop cardinal")

_PAGE_WORDS = _word_set(
    """
    permalink home menu share tweet email e-mail print comments comment reply login logout
    register subscribe newsletter advertisement advert sponsored related read more next
    previous back top skip search contact about privacy cookies terms sitemap rss feeds feed
    archive archives tags tag categories category posted updated published image photo video
    watch listen close open trending popular latest
    """
) | frozenset(("read more", "sign in", "sign up", "log in", "related stories", "share this"))

# A capital letter alone, with or without its full stop.
_INITIAL = re.compile(r"[^\W\d_]\.?")
# Acronyms of things, not names: read as organisations in technology news ("PDF", "SSD"). Not
# one of them is a name in CoNLL-2003 (one IPO aside), where GDP, TV and CEO are common.
_THINGS = _word_set(
    """
    URL URLs PDF PDFs SSD SSDs UI UX USB CPU CPUs GPU GPUs RAM ROM HTML CSS API APIs FAQ CEO
    CEOs CFO CTO COO TV DVD DVDs CD CDs GPS LED LCD OLED HDMI SMS MP3 PC PCs OS AI VR AR DNS
    HTTP HTTPS VPN SDK IPO GDP VAT PIN
    """
)
# Listed organisations that are given names as well: "Chelsea Clinton", "Mercedes Sosa".
_GIVEN_NAMES_TOO = _word_set("Chelsea Ford Mercedes Sky Fox Dell Virgin Sharp Kia Puma Shell")

_ADDRESS = re.compile(r"(?:https?://|www\.|@|\.(?:com|org|net|co\.uk|gov|edu|io)\b)", re.I)


def clean_name(text: str) -> str:
    """A mention's text as a name: one space between words, no quotes, possessive or
    trailing punctuation (a full stop stays after an abbreviation: "Corp.", "U.S.")."""
    name = " ".join(text.split()).strip(_EDGE_PUNCTUATION)
    while True:
        before = name
        name = name.rstrip(_TRAILING).strip(_EDGE_PUNCTUATION).strip()
        for ending in _POSSESSIVE:
            if name.endswith(ending) and len(name) > len(ending) + 1:
                name = name[: -len(ending)]
                break
        if name.endswith(".") and not _keeps_full_stop(name):
            name = name[:-1]
        if name == before:
            return name


def _keeps_full_stop(name: str) -> bool:
    last = name.rsplit(" ", 1)[-1][:-1]
    return "." in last or last.lower() in ABBREVIATIONS or (len(last) == 1 and last.isupper())


def _is_title(word: str, titles: frozenset[str] = TITLE_WORDS) -> bool:
    return word.rstrip(".").casefold() in titles


def strip_titles(name: str, titles: frozenset[str] = TITLE_WORDS) -> str:
    """``name`` without the titles before it ("Prime Minister Tony Blair" -> "Tony Blair",
    "Mr Major" -> "Major"); a name of titles alone ("Chancellor") comes back empty."""
    words = name.split()
    first = 0
    while (
        first < len(words) - 1
        and _is_title(words[first], titles)
        and words[first + 1][:1].isupper()  # "Lord of the Rings" is no title
    ):
        first += 1
    rest = words[first:]
    if len(rest) == 1 and _is_title(rest[0], titles) and rest[0].casefold() not in _SURNAMES:
        return ""
    return " ".join(rest)


def is_page_furniture(name: str) -> bool:
    """Web addresses and the words of a page's chrome, which are never names."""
    return bool(_ADDRESS.search(name)) or " ".join(name.casefold().split()) in _PAGE_WORDS


def _words(name: str) -> list[str]:
    return name.casefold().split()


def _preferred_form(names: list[str], in_running_text: bool = False) -> str:
    """Among spellings differing only in case, prefer one that is not all capitals; a name
    only ever written in capitals is given its usual case ("MORAG SINCLAIR" -> "Morag
    Sinclair", but "NATO" and "BBC" stay), unless the text wrote it so inside an ordinary
    sentence: then it is an acronym, as written ("DACA", "AI")."""
    mixed = [n for n in names if not n.isupper()]
    if mixed:
        return Counter(mixed).most_common(1)[0][0]
    if in_running_text:
        return Counter(names).most_common(1)[0][0]
    return " ".join(_usual_case(word) for word in names[0].split())


class _LineCase:
    """Whether a name stands in a line of ordinary case, each line's letters counted once (a
    long paragraph full of acronyms would otherwise be counted again for each of them)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: dict[int, tuple[int, int]] = {}  # line start -> (lower, upper) letters

    def running(self, start: int, end: int) -> bool:
        """The line around ``text[start:end]`` is written in ordinary case (more lower-case
        letters than capitals besides the name): not a headline or a caption in capitals, and
        the name does not open the line (a dateline: "WASHINGTON — The Senate ...")."""
        text = self.text
        line_start = text.rfind("\n", 0, start) + 1
        if not text[line_start:start].strip():
            return False
        counts = self._lines.get(line_start)
        if counts is None:
            line_end = text.find("\n", end)
            counts = self._lines[line_start] = _cases(
                text[line_start : len(text) if line_end < 0 else line_end]
            )
        name_lower, name_upper = _cases(text[start:end])
        return counts[0] - name_lower > counts[1] - name_upper


def _cases(text: str) -> tuple[int, int]:
    return sum(1 for c in text if c.islower()), sum(1 for c in text if c.isupper())


def _usual_case(word: str) -> str:
    form = usual_form(word)
    if form == "upper" or (not form and len(word) <= 3) or not word[:1].isalpha():
        return word
    if form == "lower":
        return word.lower()
    return "-".join(part.capitalize() for part in word.split("-"))


@dataclass(slots=True)
class _Mention:
    span: Span
    name: str  # cleaned, titles removed
    label: EntityLabel


def _trimmed(span: Span) -> _Mention | None:
    """The span narrowed to its name: titles, quotes, possessive and trailing punctuation
    cut from its edges (offsets still into the same text). None when no name is left."""
    text = span.text
    name = clean_name(text)
    if not name or is_page_furniture(name):
        return None
    # "Foreign Ministry" and "Home Office" are organisations, not titles before a name.
    # Other names lose honorifics only: "Mr Blair" read as ORG is still Blair.
    if not strip_titles(name):
        return None  # titles alone ("Chancellor", "Treasurer"), whatever type they were given
    titles = TITLE_WORDS if span.label == "PERSON" else HONORIFICS
    kept = strip_titles(name, titles)
    if (_INITIAL.fullmatch(kept) and (kept.endswith(".") or span.label == "PERSON")) or (
        kept in _THINGS
    ):
        return None  # an initial alone ("L.", "S.") names nobody; "PDF" is a thing
    start = text.find(kept)
    if start < 0:  # spacing differs from the span's text: keep the offsets as they were
        return _Mention(span, kept, span.label)
    narrowed = Span(span.start + start, span.start + start + len(kept), span.label, kept)
    return _Mention(narrowed, kept, span.label)


def group(spans: list[Span], text: str = "") -> list[Span]:
    """The spans narrowed to their names, with ``canonical`` set and one label per canonical
    name; spans that are not names are left out. ``text`` (the text the spans point into)
    tells an acronym in a sentence from a name in a headline in capitals."""
    mentions = [m for m in map(_trimmed, spans) if m is not None]
    if not mentions:
        return []
    mentions = _split_run_ons(_split_lists(mentions))
    spellings: dict[str, list[str]] = {}
    acronyms: set[str] = set()
    lines = _LineCase(text)
    for mention in mentions:
        folded = mention.name.casefold()
        spellings.setdefault(folded, []).append(mention.name)
        if (
            text
            and mention.name.isupper()
            and " " not in mention.name
            and lines.running(mention.span.start, mention.span.end)
        ):
            acronyms.add(folded)
    forms = {k: _preferred_form(values, k in acronyms) for k, values in spellings.items()}
    canonical = [forms[m.name.casefold()] for m in mentions]
    labels: list[EntityLabel] = [m.label for m in mentions]

    full_names = _FullNames(canonical, labels)
    longer_forms: dict[tuple[str, EntityLabel], tuple[str, EntityLabel] | None] = {}
    for index, (name, label) in enumerate(zip(canonical, labels, strict=True)):
        key = (name, label)
        if key not in longer_forms:
            longer_forms[key] = _longer_form(name, label, full_names)
        longer = longer_forms[key]
        if longer is not None:
            canonical[index], labels[index] = longer

    votes: dict[str, Counter[EntityLabel]] = {}
    for name, label in zip(canonical, labels, strict=True):
        votes.setdefault(name, Counter())[label] += 1
    chosen = {name: _decide_type(name, counter) for name, counter in votes.items()}
    return [
        replace(m.span, canonical=name, label=chosen[name])
        for m, name in zip(mentions, canonical, strict=True)
    ]


def _decide_type(name: str, votes: Counter[EntityLabel]) -> EntityLabel:
    """The type most mentions have; a listed name takes its listed type (never a person),
    and ties go to the list, then to the first mention's type. A name that opens with a
    listed organisation is its product or part, not a person ("Apple Watch", "Google
    Cloud", "Nintendo Switch"), unless that word is also a given name ("Chelsea Clinton")."""
    listed = known_type(name)
    if listed is not None:
        return listed
    ranked = votes.most_common()
    best, count = ranked[0]
    tied = [label for label, n in ranked if n == count]
    if len(tied) > 1 and name in PLACES and "PLACE" in tied:
        return "PLACE"
    if best == "PERSON":
        first, _, rest = name.partition(" ")
        if rest and first not in _GIVEN_NAMES_TOO and known_type(first) in ("ORG", "OTHER"):
            return "OTHER"
    return best


class _FullNames:
    """The multi-word names of a text by type, indexed by last word, first word and initials
    so that each short form is matched against a handful of names, not all of them."""

    def __init__(self, canonical: list[str], labels: list[EntityLabel]) -> None:
        self.by_last: dict[tuple[EntityLabel, str], list[str]] = {}
        self.by_first: dict[tuple[EntityLabel, str], list[str]] = {}
        self.by_initials: dict[str, list[str]] = {}
        for name, label in dict.fromkeys(zip(canonical, labels, strict=True)):
            words = _words(name)
            if len(words) < 2:
                continue
            self.by_last.setdefault((label, words[-1]), []).append(name)
            self.by_first.setdefault((label, words[0]), []).append(name)
            if label == "ORG":
                initials = "".join(w[0] for w in name.split() if w[:1].isupper())
                self.by_initials.setdefault(initials, []).append(name)

    def ending(self, label: EntityLabel, words: list[str], name: str) -> list[str]:
        return _ending(words, self.by_last.get((label, words[-1]), []), name)

    def starting(self, label: EntityLabel, words: list[str], name: str) -> list[str]:
        return _starting(words, self.by_first.get((label, words[0]), []), name)


def _ending(words: list[str], names: list[str], name: str) -> list[str]:
    """The names ending in ``words``, leaving out those that only shorten another of them
    ("Harbour Council" beside "Highland Harbour Council")."""
    found = [
        full
        for full in dict.fromkeys(names)
        if full != name and len(_words(full)) > len(words) and _words(full)[-len(words) :] == words
    ]
    if len(found) < 2:
        return found
    return [
        full
        for full in found
        if not any(
            other != full and _words(other)[-len(_words(full)) :] == _words(full)
            for other in found
        )
    ]


def _starting(words: list[str], names: list[str], name: str) -> list[str]:
    return [
        full
        for full in dict.fromkeys(names)
        if full != name and len(_words(full)) > len(words) and _words(full)[: len(words)] == words
    ]


def _longer_form(
    name: str, label: EntityLabel, full_names: _FullNames
) -> tuple[str, EntityLabel] | None:
    """The one longer name this mention abbreviates in the same text, if exactly one fits."""
    words = _words(name)
    if not words:
        return None
    could_be_person = label == "PERSON" or (
        len(words) == 1 and name not in PLACES and label != "PLACE" and known_type(name) is None
    )
    if could_be_person:
        # A surname (or surname-final part) of exactly one full PERSON name.
        matches = full_names.ending("PERSON", words, name)
        if len(matches) == 1:
            return matches[0], "PERSON"
        if len(matches) > 1:
            return None
        # A first name alone, when one person of the text has it and no other name ends so.
        if label == "PERSON" and len(words) == 1:
            starting = full_names.starting("PERSON", words, name)
            if len(starting) == 1:
                return starting[0], "PERSON"
    if label == "ORG":
        if name.isupper() and len(name) > 1:
            initials = full_names.by_initials.get(name, [])
            if len(initials) == 1:
                return initials[0], "ORG"
        # "Foreign Ministry" after "Russian Foreign Ministry".
        matches = full_names.ending("ORG", words, name)
        if len(matches) == 1:
            return matches[0], "ORG"
    return None


def _split_lists(mentions: list[_Mention]) -> list[_Mention]:
    """A span listing two names ("Twitter and Facebook") is two names when each part is a
    well-known name or a place and the whole is not ("Bosnia and Herzegovina" stays)."""
    result: list[_Mention] = []
    for mention in mentions:
        span = mention.span
        parts = span.text.split(" and ")
        whole_known = known_type(mention.name) is not None or mention.name in PLACES
        if len(parts) != 2 or whole_known or not all(_listed(p) for p in parts):
            result.append(mention)
            continue
        left, right = parts
        right_start = span.start + len(left) + len(" and ")
        for start, part in ((span.start, left), (right_start, right)):
            label = known_type(part) or "PLACE"
            result.append(_Mention(Span(start, start + len(part), label, part), part, label))
    return result


def _listed(name: str) -> bool:
    return known_type(name) is not None or name in PLACES


def _split_run_ons(mentions: list[_Mention]) -> list[_Mention]:
    """Split spans that run a person's surname into another name ("Blair Labour"): one part
    is the surname of a full name the text gives elsewhere ("Tony Blair"), the other a name
    that is not a person (named alone elsewhere in the text, well-known, or a place).
    "Charles Kennedy", "Russian Foreign Ministry" and "New York Yankees" stay whole."""
    alone: dict[str, EntityLabel] = {}
    for mention in mentions:
        alone.setdefault(mention.name.casefold(), mention.label)
    people: dict[str, list[str]] = {}  # last word -> full names of people
    for mention in mentions:
        words = _words(mention.name)
        if mention.label == "PERSON" and len(words) > 1:
            people.setdefault(words[-1], []).append(mention.name)
    counts = Counter(m.name for m in mentions)
    result: list[_Mention] = []
    for mention in mentions:
        words = mention.name.split()
        split: tuple[int, EntityLabel, EntityLabel] | None = None
        if 1 < len(words) <= 4 and counts[mention.name] == 1:
            for cut in range(1, len(words)):
                left, right = " ".join(words[:cut]), " ".join(words[cut:])
                left_person = _surname_of(left, people, mention.name)
                right_person = _surname_of(right, people, mention.name)
                if left_person and not right_person:
                    other = _not_a_person(right, alone)
                    if other is not None:
                        split = cut, "PERSON", other
                elif right_person and not left_person:
                    other = _not_a_person(left, alone)
                    if other is not None:
                        split = cut, other, "PERSON"
                if split is not None:
                    break
        if split is None:
            result.append(mention)
            continue
        cut, left_label, right_label = split
        span = mention.span
        left_name = " ".join(words[:cut])
        right_name = " ".join(words[cut:])
        right_start = span.text.find(right_name, len(left_name))
        if right_start < 0 or not span.text.startswith(left_name):
            result.append(mention)
            continue
        result.append(
            _Mention(
                Span(span.start, span.start + len(left_name), left_label, left_name),
                left_name,
                left_label,
            )
        )
        start = span.start + right_start
        result.append(
            _Mention(
                Span(start, start + len(right_name), right_label, right_name),
                right_name,
                right_label,
            )
        )
    return result


def _surname_of(part: str, people: dict[str, list[str]], whole: str) -> bool:
    """Whether ``part`` is the surname of exactly one of ``people`` (other than ``whole``)."""
    words = _words(part)
    candidates = [p for p in people.get(words[-1], []) if p != whole]
    return len(_ending(words, candidates, part)) == 1


def _not_a_person(part: str, alone: dict[str, EntityLabel]) -> EntityLabel | None:
    """The type of ``part`` as a name of its own that is not a person: well-known, named
    alone elsewhere in the text as an organisation or place, or a known place."""
    listed = known_type(part)
    if listed is not None:
        return listed
    label = alone.get(part.casefold())
    if label in ("ORG", "PLACE"):
        return label
    if part in PLACES:
        return "PLACE"
    return None
