"""Mentions of one entity in one text, grouped under a canonical name.

"Zelensky" after "Volodymyr Zelensky" is the same person; "LEICESTERSHIRE" in a headline is
"Leicestershire"; "NATO" after "North Atlantic Treaty Organization" is that organisation. Each
group then gets one type: the one most of its mentions were given.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from reader.entities.gazetteer import PLACES
from reader.model import EntityLabel, Span

_EDGE_PUNCTUATION = "\"'“”‘’«»()[]{}"
_POSSESSIVE = ("'s", "’s", "'", "’")


def clean_name(text: str) -> str:
    """A mention's text as a name: one space between words, no quotes or possessive."""
    name = " ".join(text.split()).strip(_EDGE_PUNCTUATION)
    for ending in _POSSESSIVE:
        if name.endswith(ending) and len(name) > len(ending) + 1:
            name = name[: -len(ending)]
            break
    return name.strip()


def _words(name: str) -> list[str]:
    return name.casefold().split()


def _preferred_form(names: list[str]) -> str:
    """Among spellings differing only in case, prefer one that is not all capitals."""
    mixed = [n for n in names if not n.isupper()]
    return Counter(mixed or names).most_common(1)[0][0]


def group(spans: list[Span]) -> list[Span]:
    """The spans with ``canonical`` set and one label per canonical name."""
    if not spans:
        return []
    names = [clean_name(s.text) or s.text for s in spans]
    spellings: dict[str, list[str]] = {}
    for name in names:
        spellings.setdefault(name.casefold(), []).append(name)
    forms = {key: _preferred_form(values) for key, values in spellings.items()}
    canonical = [forms[name.casefold()] for name in names]
    labels: list[EntityLabel] = [s.label for s in spans]

    # Multi-word names per label, longest first, for short forms to attach to.
    full_names: dict[EntityLabel, list[str]] = {}
    for name, label in zip(canonical, labels, strict=True):
        if len(name.split()) > 1 and name not in full_names.get(label, []):
            full_names.setdefault(label, []).append(name)
    for names_of_label in full_names.values():
        names_of_label.sort(key=lambda n: -len(n))

    for index, (name, label) in enumerate(zip(canonical, labels, strict=True)):
        longer = _longer_form(name, label, full_names)
        if longer is not None:
            canonical[index], labels[index] = longer

    # One label per canonical name: the majority, ties to the longest mention's label.
    votes: dict[str, Counter[EntityLabel]] = {}
    for name, label in zip(canonical, labels, strict=True):
        votes.setdefault(name, Counter())[label] += 1
    chosen = {name: counter.most_common(1)[0][0] for name, counter in votes.items()}
    return [
        replace(span, canonical=name, label=chosen[name])
        for span, name in zip(spans, canonical, strict=True)
    ]


def _longer_form(
    name: str, label: EntityLabel, full_names: dict[EntityLabel, list[str]]
) -> tuple[str, EntityLabel] | None:
    """The one longer name this mention abbreviates in the same text, if exactly one fits."""
    words = _words(name)
    if not words:
        return None
    if label == "PERSON" or (len(words) == 1 and name not in PLACES and label != "PLACE"):
        # A surname (or surname-final part) of exactly one full PERSON name.
        matches = [
            full
            for full in full_names.get("PERSON", [])
            if full != name and _words(full)[-len(words) :] == words
        ]
        if len(matches) == 1:
            return matches[0], "PERSON"
        if len(matches) > 1:
            return None
    if label == "ORG":
        if name.isupper() and len(name) > 1:
            initials = [
                full
                for full in full_names.get("ORG", [])
                if "".join(w[0] for w in full.split() if w[:1].isupper()) == name
            ]
            if len(initials) == 1:
                return initials[0], "ORG"
        # "Foreign Ministry" after "Russian Foreign Ministry".
        matches = [
            full
            for full in full_names.get("ORG", [])
            if full != name and len(_words(full)) > len(words)
            and _words(full)[-len(words) :] == words
        ]
        if len(matches) == 1:
            return matches[0], "ORG"
    return None
