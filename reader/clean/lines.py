"""Line rules for text scrapes: what a line of page text is, judged on its own.

Sites word their chrome alike: calls to action, share and menu items, reading times, "Updated:"
stamps, copyright footers. These patterns catch the common wording; what a particular site
repeats beyond them is learned from the archive (:mod:`reader.clean.chrome`).
"""

from __future__ import annotations

import re

# Whole-line chrome: the line is nothing but one of these.
_CHROME_EXACT = re.compile(
    r"""^(?:
        advertisement|advertising|ad|ads|sponsored(?:\ content)?|promoted|iklan|anzeige|
        share|shares|share\ this(?:\ article|\ story)?|share\ on\ \w+|share\ via|
        sharing\ is\ caring|
        tweet|pin(?:\ it)?|email|e-?mail\ this|print|print\ this|copy\ link|copy\ link\ url\w*|
        link\ copied|copied!?|
        facebook|twitter|x|linkedin|reddit|whatsapp|telegram|pinterest|instagram|youtube|tiktok|
        flipboard|tumblr|pocket|messenger|rss|rss\ feed|mix|vk|threads|bluesky|mastodon|
        show\ more\ sharing\ options|close\ extra\ sharing\ options|more\ sharing\ options|
        menu|main\ menu|close|open|search|search\ \S+|home|back|back\ to\ top|top|next|previous|
        prev|more|less|show\ more|show\ less|see\ more|view\ more|load\ more|read\ less|
        expand|collapse|toggle\ navigation|skip\ to\ (?:main\ )?content|skip\ navigation|
        sign\ in|sign\ up|log\ ?in|log\ ?out|register|my\ account|account|profile|
        subscribe(?:\ now|\ today)?|subscribe\ to\ \S+(?:\ \S+){0,3}|subscribers?\ only|
        newsletters?|get\ the\ newsletter|sign\ up\ for\ (?:our|the)\ \S+(?:\ \S+){0,3}|
        contribute(?:\ today|\ now)?|donate(?:\ now|\ today)?|support\ us|become\ a\ member|
        updated:?|published:?|posted:?|last\ updated:?|
        comments?|\d+\s+comments?|view\ comments|post\ (?:a\ )?comment|leave\ a\ comment|
        add\ a\ comment|reply|replies|report|like|likes|follow|follow\ us|unfollow|
        listen|listen\ to\ (?:this\ )?(?:article|story)|play|pause|watch|watch\ now|
        play\ now|play\ video|video|image|photo|gallery|caption|view\ gallery|
        back\ to\ gallery|enlarge(?:\ this\ image)?|toggle\ caption|hide\ caption|
        loading\.*|please\ wait\.*|ok|okay|accept|got\ it|i\ agree|dismiss|×|✕|
        privacy(?:\ policy)?|terms(?:\ of\ (?:use|service))?|cookie\ policy|cookies|
        about(?:\ us)?|contact(?:\ us)?|careers?|advertise(?:\ with\ us)?|sitemap|help|faq|
        all\ rights\ reserved\.?|
        related|related\ tags:?|tags:?|topics:?|trending|popular|latest|
        continue\ reading|continue\ reading\ the\ main\ story|
        supported\ by|story\ continues\ below(?:\ advertisement)?|
        \d+\s*(?:/|of)\s*\d+|/|\||•|·|[-–—]+|\d{1,3}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# Chrome recognised by its start or by wording anywhere in a short line.
_CHROME_PREFIX = re.compile(
    r"""^(?:
        support\ .{1,60}!$|
        (?:©|\(c\)|copyright\b)|
        updated\b.{0,60}$|last\ updated\b|first\ published\b|published\ (?:on|at)?\b.{0,50}$|
        posted\ (?:on|at|in)\b.{0,60}$|
        (?:follow|like)\ us\ on\b|follow\ (?:@\w+|\w+\ on\ (?:twitter|facebook|instagram))|
        (?:subscribe|sign\ up)\ (?:to|for|now|today)\b.{0,80}$|
        click\ here\b|tap\ here\b|
        this\ (?:website|site)\ uses\ cookies|we\ use\ cookies|
        by\ using\ (?:our|this)\ (?:site|website)|
        (?:image|photo|picture|video)\ (?:credit|source|courtesy)s?\b|
        share\ (?:this|on|via)\b.{0,40}$|
        (?:read|listen|watch)\ (?:the\ )?(?:full|original)\ (?:story|article)\b|
        to\ read\ the\ full\ story|already\ a\ subscriber|
        you\ (?:are|were)\ at:?|you\ are\ here:?|
        advertisement\b.{0,40}$|
        \d+\s+(?:shares?|views?|comments?|reactions?)$
    )""",
    re.IGNORECASE | re.VERBOSE,
)

_READING_TIME = re.compile(
    r"^(?:[•·|]\s*)?(?:\d+|one|two|three|four|five)\s*(?:-|\s)?\s*min(?:ute)?s?\.?(?:\s+read(?:ing)?"
    r"(?:\s+time)?)?$|^(?:reading\s+time|read\s+time)\s*:?\s*\d+\s*min(?:ute)?s?\.?$",
    re.IGNORECASE,
)
_RELATIVE_TIME = re.compile(
    r"^\d+\s*(?:s|m|h|d|w|sec|secs|min|mins|hr|hrs|hours?|days?|weeks?|minutes?)\s+ago$",
    re.IGNORECASE,
)
_TIME_ONLY = re.compile(
    r"^(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[a-z]{2,4}t?|et|gmt|utc)?$", re.IGNORECASE
)

# "Read more about: Ukraine war", "Topics: Economy, Energy", "Filed under: Politics".
_TOPIC_LINE = re.compile(
    r"^(?:read\s+more\s+about|more\s+about|topics?|tags?|tagged(?:\s+with)?|filed\s+under|"
    r"categories|category|related\s+topics|related\s+tags|keywords|explore\s+more\s+on\s+these"
    r"\s+topics|more\s+on)\s*[:\-–]\s*(?P<topics>.+)$",
    re.IGNORECASE,
)
_TOPIC_HEADER = re.compile(
    r"^(?:read\s+more\s+about|topics?|tags?|related\s+(?:tags|topics)|filed\s+under|"
    r"explore\s+more\s+on\s+these\s+topics|more\s+about)\s*:?$",
    re.IGNORECASE,
)

# A header that opens a block of teasers for other stories.
_TEASER_HEADER = re.compile(
    r"^(?:read\s+more|related|related\s+(?:stories|articles|content|coverage|news|posts|links|"
    r"reading|video)|more\s+(?:stories|news|articles|reading|to\s+read|on\s+this\s+(?:story|topic))|"
    r"more\s+from\s+.{1,40}|most\s+(?:popular|read|viewed|shared|commented)(?:\s+\w+){0,2}|"
    r"popular\s+(?:posts|stories|articles|now)|top\s+stories|trending(?:\s+\w+){0,2}|"
    r"(?:our\s+)?latest\s+(?:stories|news|articles|posts)|recommended(?:\s+\w+){0,2}|"
    r"you\s+(?:may|might)\s+also\s+(?:like|be\s+interested\s+in|enjoy)|"
    r"what\s+to\s+read\s+next|read\s+next|up\s+next|editors?['’]?\s+picks?|"
    r"(?:also|further|more)\s+read(?:ing)?|see\s+also|in\s+other\s+news|don['’]t\s+miss|"
    r"must\s+read(?:\s+\w+){0,3}|recent\s+posts)\s*[:.…]*$",
    re.IGNORECASE,
)
# "Read more: Another headline" inline teasers.
_INLINE_TEASER = re.compile(
    r"^(?:read\s+(?:more|also|next)|related|see\s+also|also\s+read|more|recommended|watch)"
    r"\s*[:\-–»|]\s*(?P<title>.{8,200})$",
    re.IGNORECASE,
)

_TEASER_SEPARATOR = re.compile(r"[:\-–»|]")
_BYLINE = re.compile(
    r"^(?:by|written\s+by|words\s+by|reporting\s+by|von|par|por)\s*:?\s+(?P<name>.{2,120})$",
    re.IGNORECASE,
)
_BYLINE_INITIALS = frozenset("bwrvp")
_BYLINE_WORD = re.compile(r"^(?:by|written\s+by|words\s+by)\s*:?$", re.IGNORECASE)
# Trailing job titles and separators after a byline name.
_BYLINE_TAIL = re.compile(
    r"(?:\s*[|•·,\-–—]\s*|\s+)(?:staff\s+writer|staff\s+reporter|senior\s+\w+|contributor|"
    r"correspondent|columnist|reporter|editor|updated\b.*|published\b.*|and\s+agencies).*$",
    re.IGNORECASE,
)

_HEADER_DATE = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{2}-\d{2})\b\s*(?P<rest>.*)$", re.I)
_SUPPORT_BANNER = re.compile(
    r"^(?:support|subscribe\s+to|donate\s+to|become\s+a\s+member\s+of)\s+(?P<site>.{2,60}?)\s*!?$",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}\s*(?:[-–]\s*\d{4})?\s*)?,?\s*(?P<site>[^.|]{2,60}?)"
    r"(?:,?\s+(?:inc|llc|ltd|plc|gmbh)\b\.?)?\s*(?:[.|,]|all\s+rights|$)",
    re.IGNORECASE,
)

# A photo credit: "Photo: Jane Doe / Agency", "(Reed Saxon / Associated Press)", "X / Facebook".
_CREDIT = re.compile(
    r"^(?:\(?\s*(?:photo|image|picture|foto|credit|source|illustration|photograph)s?"
    r"(?:\s+(?:credit|by|courtesy))?\s*[:/]\s*.{2,120}\)?"
    r"|\(\s*[^()]{2,80}\s*/\s*[^()]{2,80}\s*\)"
    r"|[^.!?:;\"“”]{2,60}\s/\s[^.!?:;\"“”]{2,60}"
    r"|.{0,200}\b(?:credit|photo)\s*(?:\.\.\.|…|:)\s*[^.]{2,80})$",
    re.IGNORECASE,
)

# Written in lower case: run case-sensitively on the lowered line, which is faster.
_CREDIT_LOWER = re.compile(_CREDIT.pattern)
# Every credit has a slash or one of these words: a cheap test before the regular expression.
_CREDIT_STEMS = re.compile("photo|credit|image|picture|foto|illustration|source")
# Prose that is still furniture: cookie notices, comment forms, newsletter and account pitches.
_BOILERPLATE = re.compile(
    r"\b(?:cookies?|privacy\s+policy|terms\s+of\s+(?:use|service)|personal\s+(?:data|information)"
    r"|your\s+(?:comment|e-?mail(?:\s+address)?|inbox|account|password|subscription)"
    r"|newsletters?|sign(?:ing)?\s+up|subscribe|subscription|unsubscribe|log\s+in\s+to"
    r"|all\s+rights\s+reserved|javascript|ad\s*blocker|browser|click\s+here)\b",
    re.IGNORECASE,
)
# Substrings every boilerplate match contains: a cheap test before the regular expression.
_BOILERPLATE_STEMS = re.compile(
    "cookie|privacy|terms of|personal|your |newsletter|sign|subscri|log in|rights reserved"
    "|javascript|blocker|browser|click here"
)
_ADDRESSING_STEMS = re.compile("you|we|our|us|please|click|tap")
_ADDRESSING = re.compile(r"\b(?:you|your|we|our|us|please|click|tap)\b", re.IGNORECASE)
_BOILERPLATE_LOWER = re.compile(_BOILERPLATE.pattern)
_ADDRESSING_LOWER = re.compile(_ADDRESSING.pattern)
# Opens the readers' comments: nothing after it is the article.
_COMMENTS_HEADER = re.compile(
    r"^(?:\[?\s*\d+\s+comments?\s*\]?|comments?\s*(?:\(\d+\))?|top\s+(?:rated\s+)?comments"
    r"|(?:show|view|read|see)\s+(?:all\s+)?(?:\d+\s+)?comments|leave\s+a\s+(?:reply|comment)"
    r"|join\s+the\s+(?:conversation|discussion)|discussion|conversation|\d+\s+responses?"
    r"|(?:post|add|write)\s+(?:a\s+|your\s+)?comment|comment\s+via\s+.{1,60})\s*:?$",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^(?:\d{1,3}[.)]\s|[•●▪◦*\-–]\s|\(\d{1,3}\)\s|[a-z][.)]\s)")


def _plain(pattern: re.Pattern[str]) -> str:
    """A verbose pattern's source without its layout whitespace, to embed in another."""
    source = pattern.pattern.replace("\\ ", "\x00")
    return re.sub(r"\s+", "", source).replace("\x00", " ")


# One pass over a short line decides most labels: the first group that matches names it. Every
# pattern in it is written in lower case and it runs on the lowered line: case-sensitive
# matching is much faster than re.IGNORECASE.
_LINE_KINDS = re.compile(
    "|".join(
        f"(?P<{name}>{source})"
        for name, source in (
            ("topic_header", _TOPIC_HEADER.pattern),
            ("time", _READING_TIME.pattern),
            ("teaser", _TEASER_HEADER.pattern),
            ("comments", _COMMENTS_HEADER.pattern),
            ("chrome", _plain(_CHROME_EXACT)),
            ("chrome_prefix", _plain(_CHROME_PREFIX)),
            ("relative_time", _RELATIVE_TIME.pattern),
            ("time_only", _TIME_ONLY.pattern),
            ("byword", _BYLINE_WORD.pattern),
        )
    ),
)
_KIND_NAMES = {"chrome_prefix": "chrome", "relative_time": "chrome", "time_only": "chrome"}


def line_kind(line: str) -> str:
    """What a short line is by the rules alone: "topic_header", "time" (reading time), "teaser"
    (a header over teasers), "comments", "chrome", "byword" (a lone "By"), or "" for text."""
    if len(line) > 160:
        return ""
    if len(line) > 80:
        # Only chrome recognised by its opening words can be this long.
        return "chrome" if _CHROME_PREFIX.match(line) else ""
    match = _LINE_KINDS.match(line.lower())
    if match is None or match.lastgroup is None:
        return ""
    kind = match.lastgroup
    if kind == "teaser" and len(line) > 60:
        return ""
    return _KIND_NAMES.get(kind, kind)


def is_chrome(line: str) -> bool:
    """A line that is site furniture whatever the site: menus, share buttons, calls to action."""
    if len(line) > 160:
        return False
    return bool(
        _CHROME_EXACT.match(line)
        or _CHROME_PREFIX.match(line)
        or _READING_TIME.match(line)
        or _RELATIVE_TIME.match(line)
        or _TIME_ONLY.match(line)
    )


def is_boilerplate(line: str) -> bool:
    """Prose about the site rather than the story (cookies, comments, newsletters)."""
    if len(line) > 600:
        return False
    lowered = line.lower()
    if _BOILERPLATE_STEMS.search(lowered) is None or _ADDRESSING_STEMS.search(lowered) is None:
        return False
    # The lowered line with case-sensitive patterns: the same matches, found faster.
    return bool(_BOILERPLATE_LOWER.search(lowered)) and bool(_ADDRESSING_LOWER.search(lowered))


def is_comments_header(line: str) -> bool:
    return len(line) <= 80 and bool(_COMMENTS_HEADER.match(line))


def is_list_item(line: str) -> bool:
    return bool(_LIST_ITEM.match(line))


_BULLET = re.compile(r"^[•●▪◦*\-–]\s+")


def strip_list_marker(line: str) -> str:
    """Drop a bullet; numbers stay, they say the order."""
    return _BULLET.sub("", line, count=1).strip()


_CREDIT_LABEL = re.compile(
    r"^\(?\s*(?:photo|image|picture|foto|credit|photograph)s?(?:\s+(?:credit|by|courtesy))?"
    r"\s*[:]\s*(?P<credit>.+?)\)?$",
    re.IGNORECASE,
)


def strip_credit_label(line: str) -> str:
    """ "Photo: Jane Doe / Agency" -> "Jane Doe / Agency"."""
    match = _CREDIT_LABEL.match(line)
    return match["credit"].strip() if match else line


def is_reading_time(line: str) -> bool:
    return bool(_READING_TIME.match(line))


def topic_line(line: str) -> list[str] | None:
    """The topics a "Read more about: X, Y" line names, or None for any other line."""
    if len(line) > 200:
        return None
    match = _TOPIC_LINE.match(line)
    if not match:
        return None
    parts = re.split(r"\s*[,;|•·]\s*|\s+#", match["topics"])
    return [p.strip(" #") for p in parts if 0 < len(p.strip(" #")) <= 60]


def is_topic_header(line: str) -> bool:
    return bool(_TOPIC_HEADER.match(line))


def is_teaser_header(line: str) -> bool:
    return len(line) <= 60 and bool(_TEASER_HEADER.match(line))


def inline_teaser(line: str) -> str:
    """The headline of a "Read more: Headline" line, or ""."""
    if len(line) > 220 or not _TEASER_SEPARATOR.search(line):
        return ""
    match = _INLINE_TEASER.match(line)
    return match["title"].strip() if match else ""


def byline(line: str) -> str:
    """The author named by a "By Jane Doe" line, or ""."""
    if len(line) > 140 or line[:1].lower() not in _BYLINE_INITIALS:
        return ""
    match = _BYLINE.match(line)
    if not match:
        return ""
    name = _BYLINE_TAIL.sub("", match["name"]).strip(" ,|-–—")
    # "By the way, ..." is prose, not a byline.
    if not name or len(name.split()) > 12 or (ends_sentence(name) and name[-1] != "."):
        return ""
    if name[0].islower():
        return ""
    return name


def is_byline_word(line: str) -> bool:
    return bool(_BYLINE_WORD.match(line))


def clean_byline_name(line: str) -> str:
    return _BYLINE_TAIL.sub("", line).strip(" ,|-–—")


def header_date(line: str) -> tuple[str, str] | None:
    """A ``date YYYY-MM-DD`` header (as written by some scrapers): the date and the rest."""
    match = _HEADER_DATE.match(line)
    if not match:
        return None
    return match["date"], match["rest"].strip()


def _mentions_copyright(line: str) -> bool:
    return "©" in line or "opyright" in line or "(c)" in line or "(C)" in line


def site_from_banner(line: str) -> str:
    """The site a "Support The Moscow Times!" or "© 2023 Site" line names, or ""."""
    if len(line) > 100:
        return ""
    if not line.endswith("!") and not _mentions_copyright(line):
        return ""
    match = _SUPPORT_BANNER.match(line)
    if match and line.rstrip().endswith("!"):
        site = match["site"].strip()
        if site.lower() not in ("us", "our journalism", "independent journalism", "this site"):
            return site
    match = _COPYRIGHT.match(line)
    if match:
        site = match["site"].strip(" ,.-")
        if site and not site[0].isdigit() and len(site.split()) <= 6:
            return site
    return ""


def is_credit(line: str) -> bool:
    """A photo credit line (not prose)."""
    if len(line) > 240:
        return False
    lowered = line.lower()
    if "/" not in line and _CREDIT_STEMS.search(lowered) is None:
        return False
    return bool(_CREDIT_LOWER.match(lowered))


CLOSERS = "'\"’”)]」』）】〕》〉"
# Western sentence ends, and the full-width ones of Chinese and Japanese (。！？ and ｡．).
_ENDERS = frozenset(".!?…:;。！？｡．")


def ends_sentence(line: str) -> bool:
    return line.rstrip(CLOSERS)[-1:] in _ENDERS


# Letters of scripts written without spaces between words: Han (Chinese characters, kanji),
# hiragana and katakana (full and half width).
_CJK = re.compile(
    r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]"
)
# The same letters plus CJK punctuation and full-width forms: none of them is a word of its own.
_CJK_ANY = re.compile(
    r"[\u3000-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)
# A word of Chinese or Japanese is two characters on average: how many letters count as one.
CJK_CHARS_PER_WORD = 2
_WORD = re.compile(r"\w+")


_CJK_RUN = re.compile(
    r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+"
)


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def cjk_runs(text: str) -> list[str]:
    """The runs of Chinese or Japanese letters in a text."""
    return _CJK_RUN.findall(text)


def _cjk_words(letters: int) -> int:
    return (letters + CJK_CHARS_PER_WORD - 1) // CJK_CHARS_PER_WORD


def word_count(line: str) -> int:
    """Words in a line: space-separated ones, and Chinese or Japanese text by its letters."""
    if line.isascii() or _CJK.search(line) is None:
        return len(line.split())
    letters = len(_CJK.findall(line))
    return len(_CJK_ANY.sub(" ", line).split()) + _cjk_words(letters)


def token_count(text: str) -> int:
    """Words as runs of word characters (``\\w+``), Chinese and Japanese text by its letters."""
    if text.isascii():
        return len(_WORD.findall(text))
    letters = len(_CJK.findall(text))
    if not letters:
        return len(_WORD.findall(text))
    return len(_WORD.findall(_CJK_ANY.sub(" ", text))) + _cjk_words(letters)


# Longer lines keep their digits: prose differing only in numbers is still different prose.
SHAPE_FOLD_DIGITS_CHARS = 80


_DIGITS = re.compile(r"\d+")


def shape(line: str) -> str:
    """A line's shape: case and spacing folded, and digits in short lines, so "3 Min read" ~
    "1 Min read" and "Updated 10:31" ~ "Updated 09:02"."""
    folded = line.casefold()
    if len(line) <= SHAPE_FOLD_DIGITS_CHARS:
        folded = _DIGITS.sub("0", folded)
    return " ".join(folded.split())

