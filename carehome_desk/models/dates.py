"""UK date reading and writing: day first, DD/MM/YYYY, never a guess at an impossible date."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

#: Where every date and time is shown: UK local time (GMT/BST).
UK = ZoneInfo("Europe/London")

_SEPARATED = re.compile(r"^\s*(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{2}|\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
# A date, then a space (or ISO's T), then a 24-hour time: '13/06/2026 09:30', '2026-06-13T09:30'.
_WITH_TIME = re.compile(r"^\s*(?P<date>.*?\S)(?:\s+|(?<=\d)T)(?P<hour>\d{1,2}):(?P<minute>\d{2})\s*$")


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


def parse_uk_datetime(text: str, today: date) -> datetime:
    """Read 'DD/MM/YYYY HH:MM' (24-hour clock) as a UK local time.

    A time the clocks skip in March, or pass twice in October, is resolved as zoneinfo does
    with fold=0: the skipped 01:30 is read with the offset before the change (01:30 GMT, which
    the clocks show as 02:30 BST) and the doubled 01:30 is the first one (BST).
    ``uk_clock_change_note`` says which happened. Raises DateFormatError with a message fit
    to show the user.
    """
    match = _WITH_TIME.match(text or "")
    if match is None:
        shown = (text or "").strip()
        if shown and ":" not in shown:
            raise DateFormatError(f"“{shown}” has no time: write DD/MM/YYYY HH:MM (24-hour clock), "
                                  "for example 13/06/2026 09:30.")
        raise DateFormatError(f"“{shown}” is not a date and time. Write DD/MM/YYYY HH:MM (24-hour clock), "
                              "for example 13/06/2026 09:30.")
    day = parse_uk_date(match["date"], today)
    assert day is not None  # the pattern needs something before the time
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23:
        raise DateFormatError(f"“{match['hour']}:{match['minute']}” is not a time: hours go from 00 to 23.")
    if minute > 59:
        raise DateFormatError(f"“{match['hour']}:{match['minute']}” is not a time: minutes go from 00 to 59.")
    return datetime.combine(day, time(hour, minute), tzinfo=UK)


def uk_clock_change_note(moment: datetime) -> str | None:
    """How a UK wall-clock time at a clock change was read, or None for an ordinary time."""
    local = moment.astimezone(UK) if moment.tzinfo is not UK else moment
    wall = f"{local:%H:%M} on {format_uk(local.date())}"
    actual = local.astimezone(timezone.utc).astimezone(UK)
    if actual.replace(tzinfo=None) != local.replace(tzinfo=None):
        return (f"{wall} did not happen in the UK (the clocks went forward an hour); "
                f"read as {local:%H:%M} {local.tzname()}, which the clocks showed as {actual:%H:%M} {actual.tzname()}.")
    other = local.replace(fold=1 - local.fold)
    if other.utcoffset() != local.utcoffset():
        return (f"{wall} happened twice in the UK (the clocks went back an hour); read as the "
                f"{'first' if local.fold == 0 else 'second'}, {local:%H:%M} {local.tzname()}.")
    return None


def format_uk_moment(moment: datetime) -> str:
    """'21/11/2026 13:00' in UK local time; in October's repeated hour, which one: '25/10/2026 01:30 (BST)'.

    From 01:00 to 01:59 on the last Sunday of October the clocks show each time twice, first in BST
    and then, an hour later, in GMT; the mark says which was meant. Every other time is shown plain,
    as a manager reads a clock. A time given in UK time that the clocks skipped (March) is shown as
    the clocks showed that instant.
    """
    local = moment.astimezone(timezone.utc).astimezone(UK)
    text = f"{format_uk(local.date())} {local:%H:%M}"
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        return f"{text} ({local.tzname()})"
    return text
