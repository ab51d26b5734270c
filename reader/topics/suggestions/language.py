"""The language of an article, told by its script or by its commonest short words: a tag is
never suggested for an article in a language none of the tag's articles is in."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

# Languages told apart by their commonest short words (Latin script) or by their script. The
# words are the everyday function words of each language, written for this purpose.
_FUNCTION_WORDS = {
    "en": "the and of to in is that for it with was on as are be this by have from at not but "
    "they which his her has had were been their will would there who what when",
    "fr": "le la les des et est une un dans pour que qui pas sur du au avec ce sont mais il "
    "elle nous vous par cette ses aux plus ont été leur",
    "de": "der die das und ist nicht ein eine mit von den dem zu sich auf für auch es ich wir "
    "sind wird werden noch bei nach aus oder dass wurde",
    "es": "el la los las de que y en un una es por con para del se no su al lo como más pero "
    "sus fue este esta son también está muy",
    "pt": "o a os as de que e do da em um uma para com não no na por se dos das ao mais como "
    "mas foi ele ela são seu sua também está muito isso",
    "it": "il la di che e un una per non in del della è sono con gli le lo si da al ma come "
    "anche più nel questo alla dei delle",
    "nl": "de het een en van is dat niet op te in met voor zijn er aan ook maar om als bij door "
    "wordt dit deze naar nog wel",
    "id": "yang dan di ini itu dengan untuk tidak dari dalam akan pada ada juga kita saya atau "
    "karena bisa sudah oleh mereka seperti lebih kami adalah",
    "sv": "och att det som en är på för med av till den har inte om ett var jag kan men så de "
    "från eller",
    "pl": "i w na nie się z do jest że to o jak ale po co tak od za przez jego już dla czy są",
    "tr": "ve bir bu da de için ile çok daha gibi olarak ama ne var sonra kadar olan en",
}
_LANGUAGE_OF_WORD: dict[str, list[str]] = {}
for _code, _words in _FUNCTION_WORDS.items():
    for _word in _words.split():
        _LANGUAGE_OF_WORD.setdefault(_word, []).append(_code)
# Scripts that name their language (or family) on their own, by code point ranges.
_SCRIPTS = (
    ("cyrillic", 0x0400, 0x04FF),
    ("greek", 0x0370, 0x03FF),
    ("hebrew", 0x0590, 0x05FF),
    ("arabic", 0x0600, 0x06FF),
    ("devanagari", 0x0900, 0x097F),
    ("thai", 0x0E00, 0x0E7F),
    ("korean", 0x1100, 0x11FF),
    ("japanese", 0x3040, 0x30FF),
    ("chinese", 0x4E00, 0x9FFF),
    ("korean", 0xAC00, 0xD7AF),
)
_SCRIPT_LETTER = re.compile(
    "[" + "".join(f"{chr(low)}-{chr(high)}" for _, low, high in _SCRIPTS) + "]"
)
_LETTER = re.compile(r"[^\W\d_]")
_TOKEN = re.compile(r"[^\W\d_]+")
LANGUAGE_SAMPLE = 3000  # characters of an article looked at for its script
LANGUAGE_WORDS = 400  # words of an article looked at for its commonest words
LANGUAGES = tuple(dict.fromkeys((*_FUNCTION_WORDS, *(name for name, _, _ in _SCRIPTS))))


def _script_of(character: str) -> str:
    point = ord(character)
    return next(name for name, low, high in _SCRIPTS if low <= point <= high)


def article_language(text: str, words: Sequence[str] | None = None) -> str:
    """The language of a text, '' when it cannot be told (too short, too mixed): a script
    that names it (Cyrillic, Greek, Arabic, Hebrew, Devanagari, Thai, Korean, Japanese,
    Chinese) when most letters are in it, else the Latin-script language whose commonest
    words occur most among its first words (``words``, casefolded, when the caller has them).
    About 0.02 ms an article; on the saved pages it tells Portuguese, Italian, Indonesian,
    Russian and Korean from English, and every BBC article is English."""
    sample = text[:LANGUAGE_SAMPLE]
    scripted = _SCRIPT_LETTER.findall(sample)
    if len(scripted) >= 20 and len(scripted) * 2 > len(_LETTER.findall(sample)):
        scripts = Counter(_script_of(character) for character in scripted)
        if scripts["japanese"] * 10 > len(scripted):
            return "japanese"  # kana among the Chinese characters
        return scripts.most_common(1)[0][0]
    if words is None:
        words = _TOKEN.findall(sample.casefold())
    hits: Counter[str] = Counter()
    for token in words[:LANGUAGE_WORDS]:
        for code in _LANGUAGE_OF_WORD.get(token, ()):
            hits[code] += 1
    ranked = hits.most_common(2)
    if not ranked or ranked[0][1] < 5:
        return ""
    if len(ranked) > 1 and ranked[0][1] < 1.3 * ranked[1][1]:
        return ""
    return ranked[0][0]

