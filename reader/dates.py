"""Dates from the wild (ISO, RFC 2822, epoch seconds, "26 October 2023") to ISO 8601 text."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\b")


def normalise_date(value: object) -> str:
    """ISO date (``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM:SS`` when a time is known); "" if none."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    text = str(value).strip()
    if not text:
        return ""
    if re.fullmatch(r"\d{9,13}(\.\d+)?", text):
        return _from_epoch(float(text))
    match = _ISO.match(text)
    if match:
        year, month, day, hour, minute, second = match.groups()
        if _valid(int(year), int(month), int(day or 1)):
            if not day:
                return f"{year}-{month}"
            if hour is None:
                return f"{year}-{month}-{day}"
            return f"{year}-{month}-{day}T{hour}:{minute}:{second or '00'}"
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed.strftime("%Y-%m-%dT%H:%M:%S")
    return find_date(text)


def find_date(text: str) -> str:
    """The first written-out date in running text ("26 October 2023", "Oct. 26, 2023")."""
    for pattern, order in ((_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy")):
        for match in pattern.finditer(text):
            if order == "dmy":
                day, month_name, year = match.groups()
            else:
                month_name, day, year = match.groups()
            month = _MONTHS.get(month_name.lower())
            if month and _valid(int(year), month, int(day)):
                return f"{int(year):04d}-{month:02d}-{int(day):02d}"
    return ""


def _valid(year: int, month: int, day: int) -> bool:
    try:
        datetime(year, month, day)
    except ValueError:
        return False
    return 1900 <= year <= 2200


def _from_epoch(seconds: float) -> str:
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S")
    except (OverflowError, OSError, ValueError):
        return ""
