"""Reading one spreadsheet cell as text, a UK date, a tick or cross, a number or a choice.

Each reader takes the value openpyxl gives (str, int, float, bool, date, datetime, time or
None) and returns the typed value, or raises CellError with a sentence a manager understands.
Blank cells never reach these readers: the caller treats them as "not given".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from enum import Enum
from typing import TypeVar

from carehome_desk.models.dates import DateFormatError, format_uk, parse_uk_date

E = TypeVar("E", bound=Enum)


class CellError(ValueError):
    """A cell that cannot be read, with the reason in plain words."""


def is_blank(value: object) -> bool:
    """True for an empty cell or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: object) -> str:
    """A cell's value as the manager would see it, for messages."""
    if isinstance(value, datetime):
        return format_uk(value.date())
    if isinstance(value, date):
        return format_uk(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# Excel writes characters XML cannot hold, and a literal '_x', as _xHHHH_; openpyxl leaves
# them escaped, so undo it here (calamine and Excel itself do the same).
_OOXML_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def read_text(value: object, *, one_line: bool = True) -> str:
    """Text as typed: numbers without a spurious '.0', dates as DD/MM/YYYY, spaces tidied."""
    if isinstance(value, bool):
        text = "Yes" if value else "No"
    elif isinstance(value, datetime | date | float):
        text = shown(value)
    else:
        text = str(value)
    text = _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text).replace("\xa0", " ")
    if one_line:
        return " ".join(text.split())
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def read_digits(value: object) -> str:
    """A reference made of digits (a DBS certificate number), spaces removed.

    A spreadsheet that stored it as a number has dropped any leading zeros: say so, never guess them.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = shown(value)
        if len(digits) < 12:
            raise CellError(f"'{digits}' is stored as a number, so any leading zeros were lost. Format the "
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
        raise CellError(f"'{text}' is not a date: '{word}' is not a month. Use DD/MM/YYYY, for example 03/04/2024.")
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
            raise CellError(f"'{text}' has no month {month}.")
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
        raise CellError(f"'{shown(value)}' is a number, not a date. Use DD/MM/YYYY, for example 03/04/2024.")
    text = read_text(value)
    try:
        if match := _DAY_MONTH_NAME.match(text):
            day, word, year = match.groups()
            text_numeric = f"{day}/{_month(word, text)}/{year}"
            parsed = parse_uk_date(text_numeric, today)
        elif (month_year := _month_only(text, today)) is not None:
            if not month_is_enough:
                raise CellError(f"'{text}' has no day: this column needs the full date (DD/MM/YYYY).")
            year_, month_ = month_year
            parsed = parse_uk_date(f"01/{month_}/{year_}", today)
        else:
            parsed = parse_uk_date(text, today)
    except DateFormatError as exc:
        message = str(exc).replace("“", "'").replace("”", "'")
        if _DAY_MONTH_NAME.match(text):  # the message quotes our numeric form; quote theirs
            message = re.sub(r"^'[^']*'", f"'{text}'", message)
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
    raise CellError(f"'{shown(value)}' is not a tick or a cross: use ✓ or ✗ (or yes / no).")


_NUMBER = re.compile(r"^(-?\d+(?:\.\d+)?)\s*(?:hrs?|hours?|h)?$", re.IGNORECASE)


def read_number(value: object) -> float:
    """A number (a trailing 'hrs' or 'hours' is allowed)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = read_text(value)
    match = _NUMBER.match(text.replace(",", ""))
    if match is None:
        raise CellError(f"'{text}' is not a number.")
    return float(match.group(1))


def word_key(text: str) -> str:
    """Text reduced to lower-case letters and digits, for matching choices and headers."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def read_choice(value: object, choices: Mapping[str, E], allowed: str) -> E:
    """One of a fixed set of values, matched ignoring case, spaces and punctuation."""
    text = read_text(value)
    found = choices.get(word_key(text))
    if found is None:
        raise CellError(f"'{text}' is not one of: {allowed}.")
    return found
