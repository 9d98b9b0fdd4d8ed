"""Reading one spreadsheet cell as text, a UK date, a time, a tick or cross, a number or a choice.

Each reader takes the value openpyxl gives (str, int, float, bool, date, datetime, time or
None) and returns the typed value, or raises CellError with a sentence a manager understands.
Blank cells never reach these readers: the caller treats them as "not given".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from enum import Enum
from typing import TypeVar

from carehome_desk.importing.text import CellError as CellError
from carehome_desk.importing.text import is_blank as is_blank
from carehome_desk.importing.text import q
from carehome_desk.importing.text import read_label as read_label
from carehome_desk.importing.text import read_text as read_text
from carehome_desk.importing.text import shown as shown
from carehome_desk.models.dates import UK, DateFormatError, format_uk, parse_uk_date

E = TypeVar("E", bound=Enum)

def read_digits(value: object) -> str:
    """A reference made of digits (a DBS certificate number), spaces removed.

    A spreadsheet that stored it as a number has dropped any leading zeros: say so, never guess them.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = shown(value)
        if len(digits) < 12:
            raise CellError(f"{q(digits)} is stored as a number, so any leading zeros were lost. Format the "
                            "column as Text and type the number again, all 12 digits.")
        return digits
    return re.sub(r"[\s\-]", "", read_text(value))


_MONTHS = {name: number for number, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), start=1) for name in names}
# '3 April 2024', '3rd Apr 24', '03-Apr-2024', 'Wed 3 April 2024'
_DAY_MONTH_NAME = re.compile(
    r"^(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*([a-z]+)\.?[\s\-/.,]*(\d{2}|\d{4})$", re.IGNORECASE)
# 'April 2024', 'Apr-24', 'Sept 2024'
_MONTH_NAME_YEAR = re.compile(r"^([a-z]+)\.?[\s\-/.,]*(\d{2}|\d{4})$", re.IGNORECASE)
# '04/2024'
_MONTH_NUMBER_YEAR = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$")


def _month(word: str, text: str) -> int:
    month = _MONTHS.get(word.lower())
    if month is None:
        raise CellError(f"{q(text)} is not a date: {q(word)} is not a month. Use DD/MM/YYYY, for example 03/04/2024.")
    return month


def _year(digits: str, today: date) -> int:
    # Two-digit years follow parse_uk_date's rule by going through it.
    parsed = parse_uk_date(f"01/01/{digits}", today)
    assert parsed is not None
    return parsed.year


def _month_only(text: str, today: date) -> tuple[int, int] | None:
    """(year, month) for text naming only a month and year, else None."""
    if match := _MONTH_NAME_YEAR.match(text):
        return _year(match.group(2), today), _month(match.group(1), text)
    if match := _MONTH_NUMBER_YEAR.match(text):
        month = int(match.group(1))
        if not 1 <= month <= 12:
            raise CellError(f"{q(text)} has no month {month}.")
        return int(match.group(2)), month
    return None


def read_date(value: object, today: date, *, month_is_enough: bool = False) -> date:
    """A day-first UK date from a date cell or text; an impossible date is an error, never a guess.

    With ``month_is_enough``, a month and year ('April 2024', '04/2024') is read as the 1st of
    that month; elsewhere it is an error, because the day matters for the deadline.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, time):
        raise CellError(f"'{value}' is a time, not a date. Use DD/MM/YYYY, for example 03/04/2024.")
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError(f"{q(shown(value))} is a number, not a date. Use DD/MM/YYYY, for example 03/04/2024.")
    text = read_text(value)
    try:
        if match := _DAY_MONTH_NAME.match(text):
            day, word, year = match.groups()
            text_numeric = f"{day}/{_month(word, text)}/{year}"
            parsed = parse_uk_date(text_numeric, today)
        elif (month_year := _month_only(text, today)) is not None:
            if not month_is_enough:
                raise CellError(f"{q(text)} has no day: this column needs the full date (DD/MM/YYYY).")
            year_, month_ = month_year
            parsed = parse_uk_date(f"01/{month_}/{year_}", today)
        else:
            parsed = parse_uk_date(text, today)
    except DateFormatError as exc:
        message = str(exc).replace("“", "'").replace("”", "'")
        if _DAY_MONTH_NAME.match(text):  # the message quotes our numeric form; quote theirs
            message = re.sub(r"^'[^']*'", lambda _: q(text), message)
        raise CellError(message) from None
    assert parsed is not None  # the text was not blank
    return parsed


_TICKS = {"✓", "✔", "☑", "✅", "yes", "y", "true", "1", "done"}
_CROSSES = {"x", "✗", "✘", "☒", "×", "❌", "no", "n", "false", "0"}


def read_tick(value: object) -> bool:
    """True for a tick (✓ ✔ yes y true), False for a cross (x ✗ no n false)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = read_text(value).lower().rstrip(".")
    if text in _TICKS:
        return True
    if text in _CROSSES:
        return False
    raise CellError(f"{q(shown(value))} is not a tick or a cross: use ✓ or ✗ (or yes / no).")


_NUMBER = re.compile(r"^(-?\d+(?:\.\d+)?)\s*(?:hrs?|hours?|h)?$", re.IGNORECASE)


def read_number(value: object) -> float:
    """A number (a trailing 'hrs' or 'hours' is allowed)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = read_text(value)
    match = _NUMBER.match(text.replace(",", ""))
    if match is None:
        raise CellError(f"{q(text)} is not a number.")
    return float(match.group(1))


def word_key(text: str) -> str:
    """Text reduced to lower-case letters and digits, for matching choices and headers."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def read_choice(value: object, choices: Mapping[str, E], allowed: str) -> E:
    """One of a fixed set of values, matched ignoring case, spaces and punctuation."""
    text = read_text(value)
    found = choices.get(word_key(text))
    if found is None:
        raise CellError(f"{q(text)} is not one of: {allowed}.")
    return found


TIME_HELP = "HH:MM on the 24-hour clock, for example 14:30"
_ZONES = {"bst": timedelta(hours=1), "gmt": timedelta(0), "utc": timedelta(0)}
_ZONE_SUFFIX = re.compile(r"\s*\(?\b(bst|gmt|utc)\)?$", re.IGNORECASE)
_AM_PM = re.compile(r"\s*([ap])\.?\s?m\.?$", re.IGNORECASE)
_CLOCK = re.compile(r"^(\d{1,2})\s*[:.]\s*(\d{2})(?:[:.](\d{2}))?$")
_HHMM = re.compile(r"^(\d{1,2})(\d{2})$")
# Excel keeps a time typed on its own as a date-time on its day zero.
_EXCEL_DAY_ZERO = (date(1899, 12, 30), date(1899, 12, 31), date(1900, 1, 1))


@dataclass(frozen=True)
class ClockTime:
    """A time of day as written, with 'BST', 'GMT' or 'UTC' when the writer said which."""

    at: time
    zone: str = ""


def _rounded(value: time) -> time:
    """A time to the nearest second (Excel stores times as fractions of a day, with float noise)."""
    seconds = min(round(value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6), 86399)
    return time(seconds // 3600, seconds // 60 % 60, seconds % 60)


def _not_a_time(text: str) -> CellError:
    return CellError(f"{q(text)} is not a time. Use {TIME_HELP}.")


def read_time(value: object) -> ClockTime:
    """A time of day from a time cell or text ('14:30', '14.30', '2.30pm', '1430', '01:30 BST')."""
    if isinstance(value, time):
        return ClockTime(_rounded(value.replace(tzinfo=None)))
    if isinstance(value, datetime):
        if value.date() in _EXCEL_DAY_ZERO:
            return ClockTime(_rounded(value.time()))
        raise CellError(f"'{value:%d/%m/%Y %H:%M}' has a date as well: put the date in the date column and only "
                        "the time here.")
    if isinstance(value, timedelta):
        if timedelta(0) <= value < timedelta(days=1):
            return ClockTime(_rounded((datetime.min + value).time()))
        raise _not_a_time(str(value))
    if isinstance(value, float) and not value.is_integer():
        if 0 < value < 1:  # a time stored as a plain number (a fraction of a day)
            return ClockTime(_rounded((datetime.min + timedelta(days=value)).time()))
        raise CellError(f"{q(shown(value))} is a number, not a time: a spreadsheet keeps 14.30 typed in a number cell "
                        f"as 14.3. Type it as {TIME_HELP}.")
    if isinstance(value, date):
        raise CellError(f"{q(shown(value))} is a date, not a time. Use {TIME_HELP}.")
    text = read_text(value)
    rest, zone = text, ""
    if match := _ZONE_SUFFIX.search(rest):
        zone, rest = match.group(1).upper(), rest[:match.start()]
    half = ""
    if match := _AM_PM.search(rest):
        half, rest = match.group(1).lower(), rest[:match.start()].strip()
    rest = rest.strip()
    if match := _CLOCK.match(rest):
        hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    elif match := _HHMM.match(rest):
        hour, minute, second = int(match.group(1)), int(match.group(2)), 0
    elif half and rest.isdigit() and len(rest) <= 2:
        hour, minute, second = int(rest), 0, 0
    else:
        raise _not_a_time(text)
    if half:
        if not 1 <= hour <= 12:
            raise CellError(f"{q(text)} is not a time: with am or pm the hour is 1 to 12.")
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise CellError(f"{q(text)} is not a time of day. Use {TIME_HELP}.")
    return ClockTime(time(hour, minute, second), zone)


def as_recorded(moment: datetime) -> datetime:
    """An instant in UK time with a fixed offset, exactly as the store reads it back."""
    return datetime.fromisoformat(moment.astimezone(UK).isoformat())


def uk_local(day: date, clock: ClockTime) -> datetime:
    """The instant a UK wall clock showed ``clock`` on ``day``.

    Around the clock changes a wall time can be missing (spring) or happen twice (autumn):
    both are errors naming the problem, unless the time says BST or GMT. Never a guess.
    """
    naive = datetime.combine(day, clock.at)
    hhmm = clock.at.strftime("%H:%M" if not clock.at.second else "%H:%M:%S")
    when = f"{hhmm} on {format_uk(day)}"
    if clock.zone:
        return as_recorded(naive.replace(tzinfo=timezone(_ZONES[clock.zone.lower()])))
    first, second = naive.replace(tzinfo=UK, fold=0), naive.replace(tzinfo=UK, fold=1)
    if first.utcoffset() == second.utcoffset():
        return as_recorded(first)
    if first.astimezone(timezone.utc).astimezone(UK).replace(tzinfo=None) != naive:
        gap = (second.utcoffset() or timedelta(0)) - (first.utcoffset() or timedelta(0))
        start = naive.replace(minute=0, second=0)
        end = (start + gap - timedelta(minutes=1)).strftime("%H:%M")
        raise CellError(f"{when} did not happen in the UK: the clocks went forward an hour that night, so no time "
                        f"from {start:%H:%M} to {end} existed. Check the time.")
    raise CellError(f"{when} happened twice in the UK: once in {first.tzname()}, then again an hour later in "
                    f"{second.tzname()} after the clocks went back. Add {first.tzname()} or {second.tzname()} after "
                    f"the time to say which, for example {hhmm} {first.tzname()} for the first.")


_DATE_AND_TIME = re.compile(r"^(?P<date>.+?)(?:\s*,\s*|\s+|T)(?:at\s+)?(?P<time>\d{1,2}\s*[:.]\s*\d{2}(?:[:.]\d{2})?"
                            r"\s*(?:[ap]\.?\s?m\.?)?\s*\(?(?:bst|gmt|utc)?\)?)$", re.IGNORECASE)
DATETIME_HELP = "DD/MM/YYYY HH:MM, for example 03/04/2026 14:30"


def read_datetime(value: object, today: date) -> datetime:
    """A date and time of day, as UK local time ('03/04/2026 14:30' or a date-time cell)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return as_recorded(value)
        return uk_local(value.date(), ClockTime(_rounded(value.time())))
    if isinstance(value, date):
        raise CellError(f"{q(shown(value))} has no time: this column needs the date and the time ({DATETIME_HELP}).")
    if isinstance(value, time):
        raise CellError(f"'{value:%H:%M}' has no date: this column needs the date and the time ({DATETIME_HELP}).")
    text = read_text(value)
    match = _DATE_AND_TIME.match(text)
    if match is None:
        try:
            read_date(value, today)
        except CellError:
            raise CellError(f"{q(text)} is not a date and time. Use {DATETIME_HELP}.") from None
        raise CellError(f"{q(text)} has no time: this column needs the date and the time ({DATETIME_HELP}).")
    day = read_date(match.group("date"), today)
    return uk_local(day, read_time(match.group("time")))


DATE_MAYBE_TIME_HELP = ("DD/MM/YYYY, with the time when it is known: DD/MM/YYYY HH:MM, for example 03/04/2026 14:30. "
                        "A date alone (or a time of 00:00 in a date cell) is read as the day without its time")


def read_date_maybe_time(value: object, today: date) -> date | datetime:
    """A day, or a day and a time of day as UK local time when the cell gives one.

    A date cell whose time is exactly 00:00 is read as the day alone: a spreadsheet stores a
    plain date that way, and a day without its time is counted from the end of the day, so
    nobody is marked late by a time the import made up.
    """
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return as_recorded(value)
        if value.time() == time(0):
            return value.date()
        return uk_local(value.date(), ClockTime(_rounded(value.time())))
    if isinstance(value, date):
        return value
    if isinstance(value, time):
        raise CellError(f"'{value:%H:%M}' has no date: give the date, and the time if known ({DATETIME_HELP}).")
    match = _DATE_AND_TIME.match(read_text(value))
    if match is None:
        return read_date(value, today)
    return uk_local(read_date(match.group("date"), today), read_time(match.group("time")))
