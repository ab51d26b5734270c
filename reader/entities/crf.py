"""The shipped recogniser: raw text -> entity spans with offsets into that text (before
grouping and curation)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from reader.entities.casing import is_title_case
from reader.entities.clusters import usual_form
from reader.entities.features import is_headline
from reader.entities.gazetteer import LISTS, PLACES
from reader.entities.known import KNOWN_FIRST_WORDS, KNOWN_TYPES, known_type
from reader.entities.sentence_words import OPENER_WORDS, SENTENCE_WORDS
from reader.entities.tagger import MODEL_FILE, CrfTagger
from reader.entities.tokens import Token, sentences, tokenize
from reader.model import EntityLabel, Span


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())

# Bump when the model or the span post-processing changes: stored mentions are recomputed.
CRF_VERSION = 4

_LABELS: dict[str, EntityLabel] = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "PLACE": "PLACE",
    "OTHER": "OTHER",
}

# Longer spans are run-on mistakes (a headline read as one name), not names.
MAX_SPAN_TOKENS = 10

# Function words of English and of the languages an English archive most often also holds.
# A text is treated as not English when its letters are mostly from another script, or its
# foreign function words clearly outnumber English ones: the model (trained on English) would
# read every capitalised word there as a name. Tables and lists of names, which have few
# function words of any kind, stay English.
_ENGLISH = _word_set(
    """
    the of and to in a is that for on was with he she it as at by from his her they be are
    this an have has had not but or which were been will would said says who their its one
    after about also more than when there all we i you our over into new up out
    """
)
_FOREIGN = _word_set(
    """
    der die das und ist nicht mit von zu den dem ein eine auf für sich auch wird wurde im
    le la les et des du un une est pour dans qui que sur pas au aux ce cette sont avec
    el los las y es por para con una del al lo como pero más se su sus fue
    il di che della delle gli non sono per nel alla anche
    het een van en niet zijn op te dat voor met
    og att och är som för på med inte jag det ett
    i w na nie się że jest do od po jak
    e o os as não em um uma com mais
    """
)
_LANGUAGE_CHECK_MIN_WORDS = 12
_FOREIGN_MIN_SHARE = 0.08
# Lines are also judged alone when long: a foreign paragraph quoted in an English article.
_LINE_CHECK_MIN_WORDS = 40

_COMPOUND_SUFFIX = re.compile(r"^[A-Za-z]+$")


# Control and format characters that are not white space (the tokenizer's "other" tokens);
# texts without any skip the per-token check.
_CONTROL = re.compile(
    "[\\x00-\\x08\\x0e-\\x1b\\x7f-\\x84\\x86-\\x9f\\xad\\u0600-\\u0605\\u061c\\u06dd\\u070f"
    "\\u0890-\\u0891\\u08e2\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f"
    "\\ufeff\\ufff9-\\ufffb\\U000110bd\\U000110cd\\U00013430-\\U00013438\\U0001bca0-\\U0001bca3"
    "\\U0001d173-\\U0001d17a\\U000e0001\\U000e0020-\\U000e007f]"
)


def _is_control(token: Token) -> bool:
    return len(token.text) == 1 and unicodedata.category(token.text) in ("Cc", "Cf")


def _lines(tokens: list[Token], text: str) -> list[list[Token]]:
    """Tokens grouped by line of the input (a paragraph in an article body)."""
    lines: list[list[Token]] = []
    current: list[Token] = []
    for token in tokens:
        if current and "\n" in text[current[-1].end : token.start]:
            lines.append(current)
            current = []
        current.append(token)
    if current:
        lines.append(current)
    return lines


def looks_english(tokens: list[Token], min_words: int = _LANGUAGE_CHECK_MIN_WORDS) -> bool:
    """False for text that is clearly in another language or script (short text passes)."""
    return _english(_language_counts(tokens), min_words)


def _language_counts(tokens: list[Token]) -> list[int]:
    """Words, words in Latin script, English function words, foreign function words."""
    words = [t.text.lower() for t in tokens if t.text[:1].isalpha()]
    return [
        len(words),
        sum(1 for w in words if w[:1] <= "\u024f"),
        sum(1 for w in words if w in _ENGLISH),
        sum(1 for w in words if w in _FOREIGN),
    ]


def _english(counts: list[int], min_words: int = _LANGUAGE_CHECK_MIN_WORDS) -> bool:
    words, latin, english, foreign = counts
    if words < min_words:
        return True
    if latin < 0.5 * words:
        return False
    return not (foreign >= _FOREIGN_MIN_SHARE * words and foreign > 2 * english)


class CrfRecogniser:
    """The shipped recogniser: tokenizer, sentence splitter, two-pass CRF, span clean-up."""

    name = "crf"
    version = CRF_VERSION

    def __init__(self, model_file: Path | None = None, *, reader_rules: bool = True) -> None:
        self.tagger = CrfTagger(model_file or MODEL_FILE)
        # Where the reader's conventions differ from CoNLL's: "Kyiv-backed" -> "Kyiv" (PLACE)
        # rather than the whole compound as OTHER, and "Russian Foreign Ministry" as one ORG
        # rather than OTHER + ORG. Off to score CoNLL's own conventions.
        self.reader_rules = reader_rules

    def spans(self, text: str) -> list[Span]:
        tokens = tokenize(text)
        if _CONTROL.search(text):
            tokens = [t for t in tokens if not _is_control(t)]
        lines = _lines(tokens, text)
        counts = [_language_counts(line) for line in lines]
        if not _english([sum(c[i] for c in counts) for i in range(4)]):
            return []
        kept: list[Token] = []
        for line, line_counts in zip(lines, counts, strict=True):
            if _english(line_counts, min_words=_LINE_CHECK_MIN_WORDS):
                kept.extend(line)
        chunks = _cells(sentences(kept, text), text)
        words = [[t.norm for t in chunk] for chunk in chunks]
        if _mostly_capitals(words):
            words = [_ordinary_case(sentence) for sentence in words]
        else:
            words = [_headline_as_capitals(sentence) for sentence in words]
        tagged = self.tagger.tag_document(words)
        found: list[Span] = []
        for chunk, tags in zip(chunks, tagged, strict=True):
            spans = self._decode(text, chunk, tags)
            if self.reader_rules:
                spans = _organisation_names(text, chunk, spans)
                spans = _drop_common_opener(chunk, spans)
                spans = _known_names(text, chunk, spans)
            found.extend(_trim_sentence_opener(text, chunk, spans))
        return found

    def _decode(self, text: str, chunk: list[Token], tags: list[str]) -> list[Span]:
        # A slash standing alone separates names, as in photo credits ("Foreign Ministry /
        # Facebook"); the model sometimes carries one name across it.
        tags = ["O" if t.text in _SEPARATORS else tag for t, tag in zip(chunk, tags, strict=True)]
        found: list[Span] = []
        start = -1
        for index, tag in enumerate([*tags, "O"]):
            if start >= 0 and not (tag.startswith("I-") and tag[2:] == tags[start][2:]):
                span = self._span(text, chunk[start:index], tags[start][2:])
                if span is not None:
                    found.append(span)
                start = -1
            if tag != "O" and start < 0:
                start = index
            elif tag == "O" and index < len(chunk) and self.reader_rules:
                # A compound the model left alone can still hold a known place: "Kyiv-led".
                token = chunk[index]
                if "-" in token.text and token.text.split("-", 1)[0] in PLACES:
                    narrowed = _narrow_compound(token.text, "PLACE")
                    if narrowed is not None and narrowed[1] == "PLACE":
                        head = narrowed[0]
                        found.append(Span(token.start, token.start + len(head), "PLACE", head))
        return found

    def _span(self, text: str, tokens: list[Token], kind: str) -> Span | None:
        # Quotes and brackets at the edges are never part of a name.
        while tokens and not any(c.isalnum() for c in tokens[0].text):
            tokens = tokens[1:]
        while tokens and not any(c.isalnum() for c in tokens[-1].text):
            tokens = tokens[:-1]
        if not tokens or len(tokens) > MAX_SPAN_TOKENS:
            return None
        start, end = tokens[0].start, tokens[-1].end
        surface = text[start:end]
        if not any(c.isalpha() for c in surface):
            return None
        if self.reader_rules and surface.endswith("$"):
            return None  # a currency ("US$"): a name in CoNLL's conventions, not the reader's
        label = _LABELS.get(kind, "OTHER")
        if label == "ORG" and surface in PLACES and _possessive_follows(text, end):
            # A capital standing for its government ("Kyiv's counteroffensive") is highlighted
            # as the place readers know. Sports teams named after cities stay ORG.
            label = "PLACE"
        if self.reader_rules and label == "PERSON" and len(tokens) > 1:
            # "Moscone Center", "Lakeside Hospital": a building or an institution, whatever the
            # words before it (the heads here are seldom surnames, unlike Hall, Park or Street).
            label = _BUILDING_HEADS.get(tokens[-1].text, label)
        if self.reader_rules and len(tokens) == 1 and "-" in surface:
            narrowed = _narrow_compound(surface, label)
            if narrowed is not None:
                head, label = narrowed
                return Span(start, start + len(head), label, head)
        return Span(start, end, label, surface)


_SEPARATORS = frozenset(("/", "|"))
# The last word of a name that makes it a place or an organisation, never a person. In
# CoNLL-2003 (train and dev) no person's name ends in one of these.
_BUILDING_HEADS: dict[str, EntityLabel] = {
    **dict.fromkeys(
        _word_set("Center Centre Stadium Arena Airport Hospital Museum Theatre Theater "
                  "Cathedral Hotel"),
        "PLACE",
    ),
    **dict.fromkeys(_word_set("University College Institute School Library"), "ORG"),
}
# Words usually written in lower case that are first names as often: kept opening a name.
_FIRST_NAMES_TOO = _word_set(
    "will may mark bill grant rose hope faith joy dawn guy jack frank pat ray gene art sue"
)
_BRACKETS = frozenset("()[]")

_HEADLINE_SMALL_WORDS = _word_set("a an the and or of in on at to for as by from with vs")


_ORG_HEADS = _word_set(
    """
    Ministry Agency Council Committee Commission Parliament Court Police Army Navy Service
    Bank University Institute Federation Union Association Foundation Corporation Party
    Department Office Guard Directorate Bureau Authority
    """
)


def _organisation_names(text: str, chunk: list[Token], spans: list[Span]) -> list[Span]:
    """A run of capitalised words ending in an organisation head word ("Russian Foreign
    Ministry", "Supreme Court") is one ORG name, whatever the tagger made of its parts."""
    result = list(spans)
    index = 0
    count = len(chunk)
    while index < count:
        token = chunk[index]
        if token.text not in _ORG_HEADS or not index:
            index += 1
            continue
        first = index
        while first > 0 and chunk[first - 1].text[:1].isupper() and first > index - 4:
            first -= 1
        if first == index or (first == 0 and chunk[0].text in ("The", "A")):
            index += 1
            continue
        start, end = chunk[first].start, token.end
        covered = [s for s in result if s.start < end and s.end > start]
        if any(s.label == "PERSON" or s.start < start or s.end > end for s in covered):
            index += 1
            continue
        result = [s for s in result if s not in covered]
        result.append(Span(start, end, "ORG", text[start:end]))
        index += 1
    result.sort(key=lambda s: s.start)
    return result


def _trim_sentence_opener(text: str, chunk: list[Token], spans: list[Span]) -> list[Span]:
    """A span that starts the sentence loses leading words capitalised only for that reason:
    "Obviously Zelensky" -> "Zelensky", "Former Labour" -> "Labour"; a span of nothing else
    ("She") is dropped. Other words the training text writes in lower case and (almost) never
    in a name (``OPENER_WORDS``: "former", not "new" or "western") are cut only when a
    capitalised word follows in the span ("Will Smith" stays: "Will" is a first name too)."""
    first = 0
    while first < len(chunk) and not chunk[first].text[:1].isalnum():
        first += 1  # an opening quote or bracket
    if first == len(chunk) or not spans or spans[0].start > chunk[first].start:
        return spans
    index = first
    while index < len(chunk) and is_title_case(chunk[index].text):
        lower = chunk[index].text.lower()
        if lower in SENTENCE_WORDS:
            index += 1
            continue
        following = chunk[index + 1] if index + 1 < len(chunk) else None
        if (
            following is not None
            and following.end <= spans[0].end
            and following.text[:1].isupper()
            and lower in OPENER_WORDS
            and chunk[index].text not in LISTS["first"]
            and lower not in _FIRST_NAMES_TOO
        ):
            index += 1
            continue
        break
    if index == first:
        return spans
    cut = chunk[index].start if index < len(chunk) else len(text)
    result: list[Span] = []
    for span in spans:
        if span.start < cut:
            if span.end <= cut:
                continue
            span = Span(cut, span.end, span.label, text[cut : span.end])
        result.append(span)
    return result


def _cells(chunks: list[list[Token]], text: str) -> list[list[Token]]:
    """Sentences cut at table-cell borders: a "|" token or a tab between tokens, and at a
    slash standing alone, as in photo credits ("Foreign Ministry / Facebook"). Each cell is
    read on its own, as a line would be."""
    result: list[list[Token]] = []
    for chunk in chunks:
        current: list[Token] = []
        for token in chunk:
            if token.text in _SEPARATORS or (
                current and "\t" in text[current[-1].end : token.start]
            ):
                if current:
                    result.append(current)
                current = [] if token.text in _SEPARATORS else [token]
                continue
            current.append(token)
        if current:
            result.append(current)
    return result


def _mostly_capitals(sentences: list[list[str]]) -> bool:
    """Prose written all in capitals (a wire story, a shouted post): four in five words of
    two letters or more in capitals, and the function words of running text among them
    ("THE", "OF", "AND": one word in six). Capitalised headlines, and tables of results in
    capitals (the training text has many, and reads them well as they are), are not."""
    words = [w for sentence in sentences for w in sentence if len(w) > 1 and w[:1].isalpha()]
    if len(words) < 20 or sum(1 for w in words if w.isupper()) < 0.8 * len(words):
        return False
    numbers = sum(1 for sentence in sentences for w in sentence if w[:1].isdigit())
    if numbers > 0.1 * len(words):
        return False  # a table of results or standings
    return sum(1 for w in words if w.lower() in _ENGLISH) >= len(words) / 6


def _ordinary_case(words: list[str]) -> list[str]:
    """A sentence in capitals rewritten as it would usually be written: "THE COUNCIL MET IN
    THURSO" -> "The council met in Thurso". Words the case table lacks are taken for names
    (title case), except short ones, taken for acronyms."""
    result: list[str] = []
    for index, word in enumerate(words):
        if not (word.isupper() and word[:1].isalpha()):
            result.append(word)
            continue
        form = usual_form(word)
        if form == "upper" or (not form and len(word) <= 3):
            result.append(word)
        elif form == "lower":
            result.append(word.capitalize() if index == 0 else word.lower())
        else:
            result.append("-".join(part.capitalize() for part in word.split("-")))
    return result


_KNOWN_MAX_WORDS = 4


def _known_names(text: str, chunk: list[Token], spans: list[Span]) -> list[Span]:
    """Well-known organisations and products the tagger left out ("Facebook" in a photo
    credit: the training text predates it) become names of their listed type, where they are
    spelt as listed and overlap no name already found."""
    if not any(token.text in KNOWN_FIRST_WORDS for token in chunk):
        return spans
    taken = [(s.start, s.end) for s in spans]
    added: list[Span] = []
    index = 0
    while index < len(chunk):
        token = chunk[index]
        if token.text not in KNOWN_FIRST_WORDS:
            index += 1
            continue
        for size in range(min(_KNOWN_MAX_WORDS, len(chunk) - index), 0, -1):
            last = chunk[index + size - 1]
            name = text[token.start : last.end]
            label = KNOWN_TYPES.get(name)
            if label is None or any(a < last.end and token.start < b for a, b in taken):
                continue
            added.append(Span(token.start, last.end, label, name))
            index += size - 1
            break
        index += 1
    if not added:
        return spans
    return sorted([*spans, *added], key=lambda s: s.start)


def _drop_common_opener(chunk: list[Token], spans: list[Span]) -> list[Span]:
    """A one-word span opening a sentence or cell, of a word usually written in lower case
    ("Make", "Chair", "Permalink"), is a capital the position asked for, not a name. Listed
    names ("Apple", "Labour") stay."""
    first = 0
    while first < len(chunk) and not chunk[first].text[:1].isalnum():
        first += 1
    if first == len(chunk) or not spans or spans[0].start != chunk[first].start:
        return spans
    opener = spans[0]
    if opener.end != chunk[first].end or " " in opener.text:
        return spans
    lower = opener.text.lower()
    if not is_title_case(opener.text):
        return spans  # "US" is not "us"
    if (lower in OPENER_WORDS or usual_form(lower) == "lower") and known_type(opener.text) is None:
        return spans[1:]
    return spans


def _possessive_follows(text: str, end: int) -> bool:
    return text[end : end + 2] in ("'s", "’s") or text[end : end + 3] in (" 's", " ’s")


def _headline_as_capitals(words: list[str]) -> list[str]:
    """Title-case headlines ("Russia Rejects Kyiv-Backed Peace Talks in Malta") are rare in
    the training text, where headlines are in capitals; shown in capitals, the model reads
    them from word identity instead of taking every capitalised word for a name. A headline
    here: no closing full stop, four or more capitalised long words and none in lower case,
    and small words ("in", "for") left in lower case as headline style does; not a line of
    results ("Alexander Volkov ( Russia ) and ... 6-3 7-6"), with brackets or scores."""
    if not words or words[-1] in (".", "?", "!", ":") or not is_headline(words):
        return words
    if any(w in _BRACKETS for w in words) or sum(1 for w in words if w[:1].isdigit()) > 1:
        return words
    long_words = [w for w in words if len(w) > 3 and w[:1].isalpha()]
    if len(long_words) < 4 or any(w.isupper() for w in long_words):
        return words
    if not any(w in _HEADLINE_SMALL_WORDS for w in words):
        return words
    return [w.upper() for w in words]


def _narrow_compound(surface: str, label: EntityLabel) -> tuple[str, EntityLabel] | None:
    """'Kyiv-Backed' -> ('Kyiv', PLACE), 'Ukrainian-backed' -> ('Ukrainian', OTHER): the name
    inside an adjective compound. None when the compound is a name itself ('Guinea-Bissau')."""
    if surface in PLACES:
        return None
    head, _, tail = surface.rpartition("-")
    if not head or not tail.isalpha() or not head[:1].isupper():
        return None
    known_place = head in PLACES
    known_nationality = head in LISTS["nationality"]
    if tail[:1].isupper() and not (known_place or known_nationality):
        return None  # "Jean-Pierre", "Al-Qaeda": the compound is the name
    if known_place:
        return head, "PLACE"
    if known_nationality:
        return head, "OTHER"
    return head, label
