"""Finding dates in short lines of text and writing them as ISO 8601."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# Month names of other languages written out in dates ("5 октября 2021", "3 de março de
# 2020", "12 marzo 2019"), lower case; each maps to its month. English is matched by _MONTH.
_FOREIGN_MONTHS = {
    **dict.fromkeys(("janvier", "januar", "enero", "janeiro", "gennaio", "januari", "января",
                     "январь"), 1),
    **dict.fromkeys(("février", "fevrier", "februar", "febrero", "fevereiro", "febbraio",
                     "februari", "февраля", "февраль"), 2),
    **dict.fromkeys(("mars", "märz", "marzo", "março", "maret", "maart", "марта", "март"), 3),
    **dict.fromkeys(("avril", "abril", "aprile", "апреля", "апрель"), 4),
    **dict.fromkeys(("mai", "mayo", "maio", "maggio", "mei", "мая", "май"), 5),
    **dict.fromkeys(("juin", "juni", "junio", "junho", "giugno", "июня", "июнь"), 6),
    **dict.fromkeys(("juillet", "juli", "julio", "julho", "luglio", "июля", "июль"), 7),
    **dict.fromkeys(("août", "aout", "agosto", "agustus", "augustus", "августа", "август"), 8),
    **dict.fromkeys(("septembre", "septiembre", "setembro", "settembre",
                     "сентября", "сентябрь"), 9),
    **dict.fromkeys(("octobre", "oktober", "octubre", "outubro", "ottobre", "октября",
                     "октябрь"), 10),
    **dict.fromkeys(("novembre", "noviembre", "novembro", "nopember", "ноября", "ноябрь"), 11),
    **dict.fromkeys(("décembre", "decembre", "dezember", "diciembre", "dezembro", "dicembre",
                     "desember", "декабря", "декабрь"), 12),
}
_FOREIGN_MONTH = "|".join(sorted(_FOREIGN_MONTHS, key=len, reverse=True))
# "5 октября 2021", "3 de março de 2020", "12. März 2019", "1er janvier 2020".
_FOREIGN_DAY_FIRST = re.compile(
    rf"\b(?P<day>[0-3]?\d)(?:er|º|\.)?\s+(?:de\s+)?(?P<month>{_FOREIGN_MONTH})"
    rf",?\s+(?:de\s+)?(?P<year>(?:19|20)\d\d)\b"
)
# Every date written out has a year: a cheap test before the real patterns.
_YEAR = re.compile(r"(?:19|20)\d\d")
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)\b")
_MONTH_FIRST = re.compile(
    _MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b"
)
_DAY_FIRST = re.compile(
    r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\.?\s+(?:of\s+)?"
    + _MONTH
    + r",?\s+(?P<year>(?:19|20)\d\d)\b",
)
_NUMERIC = re.compile(r"\b(?P<a>[0-3]?\d)[./](?P<b>[0-3]?\d)[./](?P<year>(?:19|20)\d\d)\b")
# Chinese and Japanese "2024年3月12日", Korean "2024년 3월 12일".
_YEAR_MONTH_DAY = re.compile(
    r"(?P<year>(?:19|20)\d\d)\s*[年년]\s*(?P<month>[01]?\d)\s*[月월]\s*(?P<day>[0-3]?\d)\s*[日일]"
)


def _make(year: int, month: int, day: int) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""


def find_date(text: str) -> str:
    """The first calendar date written in ``text`` as YYYY-MM-DD, or ""."""
    if len(text) > 300:
        text = text[:300]
    if _YEAR.search(text) is None:
        return ""
    # The patterns are written in lower case and run case-sensitively (faster) on the lowered text.
    text = text.lower()
    for numeric in (_ISO, _YEAR_MONTH_DAY):
        match = numeric.search(text)
        if match:
            found = _make(int(match["year"]), int(match["month"]), int(match["day"]))
            if found:
                return found
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        match = pattern.search(text)
        if match:
            month = _MONTHS[match["month"].lower()[:3]]
            found = _make(int(match["year"]), month, int(match["day"]))
            if found:
                return found
    match = _FOREIGN_DAY_FIRST.search(text)
    if match:
        found = _make(int(match["year"]), _FOREIGN_MONTHS[match["month"]], int(match["day"]))
        if found:
            return found
    match = _NUMERIC.search(text)
    if match:
        first, second = int(match["a"]), int(match["b"])
        # Day-first unless that is impossible: the more common order outside the US.
        found = _make(int(match["year"]), second, first) or _make(int(match["year"]), first, second)
        if found:
            return found
    return ""


_EPOCH = re.compile(r"\d{9,13}(?:\.\d+)?")
_YEAR_MONTH = re.compile(r"((?:19|20)\d\d)-(0[1-9]|1[0-2])")


def normalise_date(value: object) -> str:
    """A date or timestamp from metadata (ISO, RFC 822, epoch seconds or milliseconds, prose)
    as ISO 8601, or "".

    A date stays a date ("2023-01-02") and a timestamp stays a full timestamp, its offset kept
    ("2023-01-02T00:00:00+00:00", midnight included): no time is made up, none thrown away."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, int | float) or _EPOCH.fullmatch(str(value).strip()):
        return _from_epoch(float(str(value)))
    value = str(value).strip()
    if not value:
        return ""
    if _YEAR_MONTH.fullmatch(value):
        return value
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat(timespec="seconds")
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).isoformat(timespec="seconds")
    except (TypeError, ValueError, IndexError):
        pass
    return find_date(value)


def _from_epoch(seconds: float) -> str:
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")
    except (OverflowError, OSError, ValueError):
        return ""
