"""UK date reading and writing: day first, DD/MM/YYYY, never a guess at an impossible date."""

from __future__ import annotations

import re
from datetime import date
from zoneinfo import ZoneInfo

#: Where every date and time is shown: UK local time (GMT/BST).
UK = ZoneInfo("Europe/London")

_SEPARATED = re.compile(r"^\s*(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{2}|\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


class DateFormatError(ValueError):
    """A date the user typed that cannot be read, with a message fit to show them."""


def format_uk(value: date | None) -> str:
    """03/04/2026 for 3 April 2026; empty text for no date."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}" if value else ""  # strftime is 3× slower


def _two_digit_year(yy: int, today: date) -> int:
    # A two-digit year is taken as the nearest year not more than 20 years ahead of today,
    # so '24' is 2024 and '85' is 1985 (a date of birth), as a UK reader would assume.
    century = today.year - today.year % 100
    year = century + yy
    if year > today.year + 20:
        year -= 100
    return year


def parse_uk_date(text: str, today: date) -> date | None:
    """Read a day-first date ('3/4/26', '03.04.2026', '2026-04-03'); empty text is no date.

    Raises DateFormatError with a plain-English message when the text is not a real date.
    """
    if text is None or not text.strip():
        return None
    iso = _ISO.match(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        match = _SEPARATED.match(text)
        if not match:
            raise DateFormatError(f"“{text.strip()}” is not a date. Use DD/MM/YYYY, for example 03/04/2026.")
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year = _two_digit_year(year, today)
    if not 1 <= month <= 12:
        raise DateFormatError(f"“{text.strip()}” has no month {month}: the month comes second (DD/MM/YYYY).")
    if not 1900 <= year <= 2199:
        raise DateFormatError(f"“{text.strip()}” has the year {year}, which cannot be right.")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateFormatError(f"“{text.strip()}” is not a real date: that month has no day {day}.") from None
