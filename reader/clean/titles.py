"""What a title may be: the headline a person would write down, and nothing else.

A title is never site chrome (share, copy-link, newsletter and navigation lines), a photo credit,
a byline or an agency line, a file name or a hash. Text that passed through two HTML encoders
keeps entities (``&#8216;``, ``&amp;#8217;``): they are decoded wherever metadata is read. When
no candidate is a headline, the article is :data:`reader.model.UNTITLED` rather than a guess.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from reader.clean import lines as rules

# Longer than this is a paragraph, not a headline (the longest in the benchmark is 125).
MAX_TITLE_CHARS = 300
MAX_TITLE_WORDS = 40
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_HASH = re.compile(r"^[0-9a-fA-F]{12,}$|^[0-9a-fA-F-]{32,40}$")
_FILE_NAME = re.compile(
    r"^[\w.\- ]{1,120}\.(?:html?|xhtml|txt|text|md|markdown|json|jsonl|xml|rss|atom|php|aspx?"
    r"|jsp|cgi|pdf|docx?)$",
    re.IGNORECASE,
)
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# A headline starts with a letter, a digit or an opening quote; menus and breadcrumbs start with
# "»", "/", "|", "-" or a bullet.
_OPENING = re.compile(r"^[\W_]", re.UNICODE)
_QUOTES = "'\"‘“«„‚¿¡(["
# Share widgets flattened into one line ("Share to MastodonMastodonShare to Email...",
# "Click to share on Bluesky (Opens in new window)", "Copy link Link copied!").
_SHARE = re.compile(
    r"\b(?:share\s+(?:to|on|via|this)|click\s+to\s+(?:share|print|email)"
    r"|opens?\s+in\s+(?:a\s+)?new\s+window|copy\s+link|link\s+copied|url\s*copied"
    r"|sharing\s+(?:buttons|options)|share\s+this\s+(?:story|article)|sign\s+up\s+for"
    r"|newsletters?\b|subscribe\s+to)"
)
# Every share line holds one of these: a cheap test before the pattern (run on the lowered line).
_SHARE_STEMS = ("shar", "click", "window", "link", "copied", "newsletter", "subscribe", "sign")
# Photo agencies and wire services, as they close a credit or an agency line.
_AGENCY = (
    r"(?:getty\s+images|ap(?:\s+photo)?|associated\s+press|reuters|afp|shutterstock|bloomberg|"
    r"epa(?:-efe)?|efe|istock(?:photo)?|alamy|pa(?:\s+(?:images|media|wire))?|xinhua|tass|"
    r"anadolu(?:\s+agency)?|nurphoto|sipa(?:\s+usa)?|zuma(?:\s+press)?|rex|wireimage|"
    r"imago|dpa|ansa|kyodo|yonhap|ians|pti|ani|upi|afp\s+via\s+getty\s+images)"
)
# "Jane Doe | Getty Images", "Photo: Jane Doe / AP", "Jane Doe/Reuters".
_AGENCY_CREDIT = re.compile(rf"^[^.!?]{{2,80}}\s*[|/,]\s*{_AGENCY}\.?$", re.IGNORECASE)
# "Jo Bloggs, AP Harbour Writer", "Jane Doe, Staff Reporter", "Reuters, Lisbon,".
_JOB = (
    r"(?:writer|reporter|correspondent|editor|columnist|contributor|journalist|"
    r"photographer|producer|analyst|staff)"
)
_AGENCY_LINE = re.compile(
    rf"^(?:[^.!?]{{2,60}},\s*(?:{_AGENCY}\s+)?(?:[\w-]+\s+){{0,3}}{_JOB}s?"
    rf"|{_AGENCY}(?:,\s*[^,]{{2,40}})?,?)$",
    re.IGNORECASE,
)
# The words such lines end with (an agency's last word, a job) or, for "Reuters, Lisbon,",
# begin with: a cheap test before the patterns.
_AGENCY_WORDS = (
    "images photo ap press reuters afp shutterstock bloomberg epa efe epa-efe istock istockphoto"
    " alamy pa media wire xinhua tass anadolu agency nurphoto sipa usa zuma rex wireimage imago"
    " dpa ansa kyodo yonhap ians pti ani upi writer reporter correspondent editor columnist"
    " contributor journalist photographer producer analyst staff writers reporters editors"
    " correspondents columnists contributors journalists photographers producers analysts"
)
_AGENCY_ENDS = frozenset(_AGENCY_WORDS.split())
# "Jo Bloggs, AP Harbour Writer", "Jane Doe, Staff Reporter": a byline without its "By".
_STAFF_BYLINE = re.compile(
    rf"^(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){{1,3}}),\s*(?i:(?:{_AGENCY}\s+)?"
    rf"(?:[\w-]+\s+){{0,3}}{_JOB}s?)$"
)
# A lower-case letter followed by a capital inside a word: where words of separate links were
# flattened together ("HomeLocal NewsHarbour", "GardeningTravelFamily").
_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff\u0430-\u045f"
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0400-\u042f"
_JOINT = re.compile(f"[{_LOWER}]{{3}}(?=[{_UPPER}][{_LOWER}])")  # a joint at each match's end
_SLUG_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_LETTER = re.compile(r"[^\W\d_]")


def decode_entities(text: str) -> str:
    """Every HTML entity decoded, also when the text was escaped twice (``&amp;#8217;``)."""
    for _ in range(3):
        if "&" not in text or _ENTITY.search(text) is None:
            return text
        text = html.unescape(text)
    return text


def clean_title(text: str) -> str:
    """A title as one line with its entities decoded; "" when it cannot be a title."""
    text = " ".join(decode_entities(text).split())
    return text if usable(text) else ""


def usable(title: str, *, chrome_checked: bool = False) -> bool:
    """Whether a text could be a headline at all: some letters, a headline's length, and not a
    file name, a hash, an address or a line of chrome (``chrome_checked``: the line rules
    have passed it already)."""
    if not title or len(title) > MAX_TITLE_CHARS or len(title.split()) > MAX_TITLE_WORDS:
        return False
    if _LETTER.search(title) is None:
        return False  # only symbols or digits
    if ("." in title or "-" in title or ":" in title or " " not in title) and (
        _HASH.match(title) or _FILE_NAME.match(title) or _URL.match(title)
    ):
        return False
    if not chrome_checked and rules.is_chrome(title):
        return False
    return not is_share_line(title)


def is_share_line(line: str) -> bool:
    if len(line) > 240:
        return False
    lowered = line.lower()
    return any(stem in lowered for stem in _SHARE_STEMS) and _SHARE.search(lowered) is not None


def is_credit_or_agency(line: str) -> bool:
    """A photo credit or a byline of the agency kind: never a headline."""
    if len(line) > 160:
        return False
    return rules.is_credit(line) or is_agency_line(line)


def is_agency_line(line: str) -> bool:
    """ "Jane Doe | Getty Images", "Jo Bloggs, AP Writer", "Reuters, Lisbon,"."""
    if not ("," in line or "|" in line or "/" in line) or not _names_agency_or_job(line):
        return False
    return bool(_AGENCY_CREDIT.match(line) or _AGENCY_LINE.match(line))


def _names_agency_or_job(line: str) -> bool:
    words = line.lower().replace("/", " ").replace("|", " ").split()
    if not words:
        return False
    return words[-1].strip(".,") in _AGENCY_ENDS or words[0].strip(".,") in _AGENCY_ENDS


def staff_byline(line: str) -> str:
    """The name in a "Jane Doe, Staff Reporter" line, or ""."""
    if len(line) > 120 or "," not in line or not _names_agency_or_job(line):
        return ""
    match = _STAFF_BYLINE.match(line)
    return match["name"] if match else ""


def opens_like_a_headline(line: str) -> bool:
    """Headlines open with a letter, a digit or a quote, not "»", "/", "|" or a bullet."""
    first = line[:1]
    return not _OPENING.match(first) or first in _QUOTES


def joints(line: str) -> list[int]:
    """Where words of separate links are glued together in a line ("NewsHeadline")."""
    return [m.end() for m in _JOINT.finditer(line)]


def unglued(line: str, found: list[int] | None = None) -> tuple[str, int]:
    """A headline with a breadcrumb glued to its front ("HomeLocal NewsHeadline ...") freed
    of it: the text after the last joint, when the joints all sit in its first words. Returns
    the text and how many joints are left in it."""
    found = joints(line) if found is None else found
    if not found:
        return line, 0
    rest = line[found[-1] :]
    if len(rest.split()) >= 3 and len(line[: found[-1]].split()) <= 4:
        return rest, 0
    return line, len(found)


def slug_words(url: str) -> frozenset[str]:
    """The words of an address's path ("/2019/11/new-suvs-highlight-show.php" -> new, suvs,
    highlight, show): a headline and its address usually share most of them."""
    try:
        path = unquote(urlsplit(url).path)
    except ValueError:
        return frozenset()
    path = re.sub(r"\.\w{2,5}$", "", path)
    return frozenset(w.casefold() for w in _SLUG_WORD.findall(path))


def slug_agreement(line: str, slug: frozenset[str]) -> float:
    """The share of a line's words found in the address's path."""
    if not slug:
        return 0.0
    found = [w.casefold() for w in _SLUG_WORD.findall(line)]
    if not found:
        return 0.0
    return sum(w in slug for w in found) / len(found)


def strip_site(title: str, site: str = "", host: str = "", *, guess_tail: bool = False) -> str:
    """ "Headline | Site" or "Headline - Site" -> "Headline"; "Site: Headline" -> "Headline".

    A part is the site when it names it (or its host). With ``guess_tail`` (a page's
    ``<title>``, where a site's name after the headline is the custom), a short tail is cut even
    when nothing says it is the site ("Headline - Quay Post"), never the head ("Opinion |
    Headline" stays). Elsewhere an unnamed tail is part of the headline: "Lords wrong on
    detainees - Straw" names who said it."""
    if not _HAS_SEPARATOR.search(title):
        return title
    names = _site_names(site, host)
    head, colon, rest = title.partition(": ")
    if colon and rest and _names_site(head, names):
        title = rest  # "Site: Headline"
    for separator in (" | ", " - ", " – ", " — ", " :: ", " : ", " · ", " » "):
        if separator not in title:
            continue
        parts = title.split(separator)
        count = len(parts)
        while len(parts) > 1 and _names_site(parts[-1], names):
            parts.pop()
        while len(parts) > 1 and _names_site(parts[0], names):
            parts.pop(0)
        if guess_tail and len(parts) == count > 1:
            tail = parts[-1]
            head = separator.join(parts[:-1])
            if len(tail.split()) <= 4 and len(tail) < len(head) and len(head.split()) >= 3:
                parts = parts[:-1]
        title = separator.join(parts).strip()
    return title


_HAS_SEPARATOR = re.compile(r": | [|\-–—:·»] ")


@lru_cache(maxsize=256)
def _site_names(site: str, host: str) -> list[str]:
    names = [_compact(n) for n in (site, host, host.rsplit(".", 1)[0] if host else "") if n]
    return [n for n in names if len(n) >= 3]


_NOT_ALNUM = re.compile(r"[\W_]+")
# A site's name is written in at most this many words ("The Harbour Gazette Online").
_SITE_WORDS = 5


def _compact(text: str) -> str:
    return _NOT_ALNUM.sub("", text.casefold())


def _names_site(part: str, names: list[str]) -> bool:
    """Whether a part of a title is the site's name (a few words naming it, not a phrase that
    mentions it)."""
    if len(part.split()) > _SITE_WORDS:
        return False
    key = _compact(part)
    return bool(key) and any(key in name or name in key for name in names)
