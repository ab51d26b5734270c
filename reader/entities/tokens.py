"""Tokens and sentences for raw article text, with offsets into the original string.

The tagger was trained on tokenised Reuters text (CoNLL-2003), so tokens follow its conventions:
possessives and clitics are split off ("Ukraine's" -> "Ukraine" + "'s"), hyphenated compounds
stay whole ("Kyiv-Backed"), dotted abbreviations stay whole ("U.S.", "Gen."). Each token also
carries a normalised form (curly quotes and long dashes mapped to their Reuters spellings) that
the features read, so typography does not change what the model sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())

# Words that end in a dot without ending a sentence.
ABBREVIATIONS = _word_set(
    """
    mr mrs ms dr gen col lt sgt capt maj adm cmdr rev sen rep gov prof st jr sr mt ft fr
    inc corp co ltd bros plc llc cie dept univ assn
    jan feb mar apr jun jul aug sep sept oct nov dec
    no nos vs v etc al approx est fig vol pp ed eds
    ave blvd rd ln
    """
)

_CLITIC = r"['’](?:s|S|re|RE|ve|VE|ll|LL|d|D|m|M|t|T)(?![^\W_])"
_WORD_PART = r"[^\W_](?:[^\W_]|['’](?!(?:s|S|re|RE|ve|VE|ll|LL|d|D|m|M|t|T)(?![^\W_]))[^\W_])*"
_ADDRESS_PATTERNS = (
    r"(?P<url>https?://[^\s<>\"'”’)\]]+|www\.[^\s<>\"'”’)\]]+)",
    r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)",
)
_PATTERNS = (
    # U.S., U.N.-led, e.g.
    r"(?P<initials>(?:[^\W\d_]\.){2,}(?:-" + _WORD_PART + r")*)",
    # Initials joined by an ampersand: S&P, AT&T, M&S.
    r"(?P<ampersand>\b[A-Z]{1,3}&[A-Z]{1,3}\b)",
    # Currencies written with a country prefix: C$, US$, A$.
    r"(?P<currency>\b[A-Z]{1,2}\$)",
    # "1." opening a numbered line, as in results tables.
    r"(?P<listnumber>(?m:^)\d{1,3}\.(?=[ \t]))",
    # Numbers keep their inner punctuation and unit or ordinal endings: 1996-08-30,
    # 3.5, 1,200, 10:30, .496, 61st, 1990s.
    r"(?P<number>(?:\d+|(?<!\S)\.\d)(?:[.,:/-]?\d+)*(?:[^\W\d_]+)?"
    r"(?:-" + _WORD_PART + r")*)",
    r"(?P<clitic>" + _CLITIC + r")",
    r"(?P<nt>n['’]t)(?![^\W_])",
    # A word, with hyphenated parts and inner apostrophes (O'Neill), then an optional
    # abbreviation dot checked afterwards.
    r"(?P<word>" + _WORD_PART + r"(?:[-‐‑]" + _WORD_PART + r")*\.?)",
    r"(?P<ellipsis>\.\.\.+|…)",
    r"(?P<dashes>--+|[—–―])",
    r"(?P<other>[^\s])",
)
_TOKEN = re.compile("|".join((*_ADDRESS_PATTERNS, *_PATTERNS)))
# Text with no "@", "://" or "www." cannot hold an address: the address patterns, tried
# first at every word, are left out (a third of the tokenizer's time on plain prose).
_TOKEN_NO_ADDRESS = re.compile("|".join(_PATTERNS))


def _pattern(text: str) -> re.Pattern[str]:
    if "@" in text or "://" in text or "www." in text:
        return _TOKEN
    return _TOKEN_NO_ADDRESS


_NORMALISE = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "—": "--",
        "–": "--",
        "―": "--",
        "…": "...",
        "‐": "-",
        "‑": "-",
    }
)


# Abbreviations only when capitalised: US states as datelines write them ("IRVINE, Calif.").
CAPITALISED_ABBREVIATIONS = _word_set(
    """
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss
    Mo Mont Neb Nev Okla Ore Pa Penn Tenn Tex Va Vt Wash Wis Wyo Ont Que Alta Sask Man
    """
)


def _abbreviation(word: str) -> bool:
    """Words whose trailing dot is part of them: "Gen.", "Calif.", and initials ("J. Smith")."""
    return (
        word.lower() in ABBREVIATIONS
        or word in CAPITALISED_ABBREVIATIONS
        or (len(word) == 1 and word.isupper())
    )


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str  # exactly text[start:end] of the input
    norm: str  # typography normalised to the training corpus' conventions


def _norm(piece: str) -> str:
    return piece if piece.isascii() else piece.translate(_NORMALISE)


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` in order; ``text[t.start:t.end] == t.text`` always holds."""
    tokens: list[Token] = []
    append = tokens.append
    split_clitic = False
    for match in _pattern(text).finditer(text):
        start, end = match.span()
        piece = match.group()
        if match.lastgroup == "word":
            if piece[-1] == "." and not _abbreviation(piece[:-1]):
                # A trailing dot belongs to the word only for known abbreviations ("Gen.").
                piece = piece[:-1]
                end -= 1
                append(Token(start, end, piece, _norm(piece)))
                append(Token(end, end + 1, ".", "."))
                continue
            if (
                piece[-1] in "nN"
                and len(piece) > 1
                and text[end : end + 2] in ("'t", "’t", "'T", "’T")
            ):
                # "don't" -> "do" + "n't" as in the training corpus.
                append(Token(start, end - 1, piece[:-1], _norm(piece[:-1])))
                append(Token(end - 1, end + 2, text[end - 1 : end + 2], "n't"))
                split_clitic = True
                continue
        append(Token(start, end, piece, _norm(piece)))
    return _merge_clitics(tokens, text) if split_clitic else tokens


def _merge_clitics(tokens: list[Token], text: str) -> list[Token]:
    """Drop the stray "'t" left after a "do" + "n't" split (the regex sees it again)."""
    out: list[Token] = []
    last_end = -1
    for token in tokens:
        if token.start < last_end:
            continue
        out.append(token)
        last_end = token.end
    return out


# Sentence chunks the tagger sees never exceed this many tokens: CRF decoding is linear in
# sequence length, and capping it keeps one run-on "sentence" from dominating memory.
MAX_SENTENCE_TOKENS = 120

_ENDERS = frozenset({".", "?", "!", "...", "…"})
_CLOSERS = frozenset({'"', "'", ")", "]", "”", "’", "»"})


def sentences(tokens: list[Token], text: str) -> list[list[Token]]:
    """Split tokens into sentences: at line breaks, and after . ? ! before a likely start."""
    result: list[list[Token]] = []
    current: list[Token] = []
    count = len(tokens)
    for index, token in enumerate(tokens):
        if current and "\n" in text[current[-1].end : token.start]:
            result.append(current)
            current = []
        current.append(token)
        if token.text in _ENDERS or (token.text in _CLOSERS and _ended(current)):
            following = tokens[index + 1] if index + 1 < count else None
            if following is None or _starts_sentence(following, token, text):
                result.append(current)
                current = []
                continue
        if len(current) >= MAX_SENTENCE_TOKENS:
            result.append(current)
            current = []
    if current:
        result.append(current)
    return result


def _ended(current: list[Token]) -> bool:
    """A closing quote or bracket right after a sentence end: ... ended."' """
    return len(current) >= 2 and current[-2].text in _ENDERS


def _starts_sentence(following: Token, ender: Token, text: str) -> bool:
    if following.text in _CLOSERS:
        # A quote glued to the full stop closes the sentence; one after a space opens the next.
        return following.start > ender.end and following.text in "\"'"
    first = following.text[0]
    return first.isupper() or first.isdigit() or first in "\"“‘'(["
