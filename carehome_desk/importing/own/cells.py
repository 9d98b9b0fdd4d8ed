"""Reading the cells of a manager's own sheet where the engine, not the template's reader, must decide:
text dates in a column's own order (day-first unless the manager says month-first), a month alone,
and the words a training matrix holds instead of a date ('booked 12/05', 'N/A', 'expired', '✓').
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from carehome_desk.importing.own.mapping import MONTH_FIRST
from carehome_desk.importing.text import CellError, q, read_label, shown
from carehome_desk.importing.values import read_date, read_tick
from carehome_desk.models.dates import DateFormatError, parse_uk_date

# Two numbers and a year: 03/04/25, 3.4.2025, 03-04-2025 (the first two may be either way round).
_NUMERIC = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})\b")
_NUMERIC_ONLY = re.compile(r"^\s*(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{2}|\d{4})\s*$")
_MONTH_ONLY = re.compile(r"^\s*(?:[a-z]+\.?[\s\-/.,]*(?:\d{2}|\d{4})|\d{1,2}\s*[/.\-]\s*\d{4})\s*$", re.IGNORECASE)
_MONTH_FIRST_HINT = " If this column writes the month first (MM/DD/YYYY), choose month-first for it."


def order_of(text: str) -> str:
    """Which way round a text date's numbers must be: 'day' (13/04), 'month' (04/13), 'either' (03/04) or ''.

    '' for text that is not two numbers and a year, and for a date that reads the same both ways (12/12).
    """
    match = _NUMERIC.match(text)
    if match is None:
        return ""
    first, second = int(match.group(1)), int(match.group(2))
    if first > 12 >= second >= 1:
        return "day"
    if second > 12 >= first >= 1:
        return "month"
    if 1 <= first <= 12 and 1 <= second <= 12 and first != second:
        return "either"
    return ""


def looks_like_date(text: str) -> bool:
    """True for text written as a date (numbers and a year, or a month and year), readable or not."""
    return bool(_NUMERIC.match(text)) or is_month_only(text)


def both_readings(text: str, today: date) -> tuple[date, date] | None:
    """A date that could be either way round, read day-first and month-first; None if not one."""
    match = _NUMERIC.match(text)
    if match is None or order_of(text) != "either":
        return None
    first, second, year = match.groups()
    try:
        day_first = parse_uk_date(f"{first}/{second}/{year}", today)
        month_first = parse_uk_date(f"{second}/{first}/{year}", today)
    except DateFormatError:
        return None
    assert day_first is not None and month_first is not None
    return day_first, month_first


def is_month_only(text: str) -> bool:
    """True for text naming a month and year without a day ('Apr-25', 'April 2025', '04/2025')."""
    return bool(_MONTH_ONLY.match(text)) and not _NUMERIC_ONLY.match(text)


def read_own_date(value: object, order: str, today: date, *, month_is_enough: bool = False) -> date:
    """A date cell, or text read in the column's order; raises CellError (an impossible date is never guessed)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        match = _NUMERIC_ONLY.match(value)
        if match is not None:
            first, second, year = match.groups()
            day, month = (second, first) if order == MONTH_FIRST else (first, second)
            try:
                parsed = parse_uk_date(f"{day}/{month}/{year}", today)
            except DateFormatError as exc:
                message = str(exc).replace("“", "'").replace("”", "'")
                message = re.sub(r"^'[^']*'", lambda _: q(value.strip()), message)
                if order != MONTH_FIRST and int(second) > 12 >= int(first):
                    message += _MONTH_FIRST_HINT
                if order == MONTH_FIRST:
                    message = message.replace("the month comes second (DD/MM/YYYY)",
                                              "this column is read month-first (MM/DD/YYYY)")
                raise CellError(message) from None
            assert parsed is not None
            return parsed
    return read_date(value, today, month_is_enough=month_is_enough)


@dataclass(frozen=True)
class Word:
    """Words in a matrix cell that are not a date: what they mean, for the report."""

    word: str  # as reported: 'booked', 'N/A', 'exempt', 'expired', '✓/yes', 'in progress', 'not done'
    meaning: str


_WORDS = (
    (re.compile(r"^(booked|book(ed)? on|to be booked|to book|on course|date booked|scheduled|planned)\b", re.I),
     Word("booked", "booked, not done")),
    (re.compile(r"^(n\s*/\s*a|na|not applicable|not required|not needed)\b", re.I),
     Word("N/A", "not applicable")),
    (re.compile(r"^(exempt|exemption)\b", re.I), Word("exempt", "exempt")),
    (re.compile(r"^(expired|out of date|lapsed)\b", re.I), Word("expired", "no date: nothing recorded, so it "
                                                                            "shows as missing")),
    (re.compile(r"^(in progress|ongoing|started|part completed|working towards|enrolled)\b", re.I),
     Word("in progress", "not finished")),
    (re.compile(r"^\?+$"), Word("?", "not known: nothing recorded")),
    (re.compile(r"^(not done|outstanding|overdue|due|required|needed|missing|awaiting|no|x|✗|✘|none)\b", re.I),
     Word("not done", "not done")),
)
_TICK = Word("✓/yes", "no date: not recorded")


def is_matrix_word(text: str) -> bool:
    """Whether a cell's text is one of the words a matrix cell holds instead of a date ('Missing', 'N/A')."""
    return any(pattern.match(text.strip()) for pattern, _ in _WORDS)
_DONE_ON = re.compile(r"^(?:done|completed|complete|passed|attended|achieved)\s*(?:on)?\s*[:\-]?\s*(\d.*)$", re.I)


@dataclass(frozen=True)
class MatrixCell:
    """What one matrix cell holds: a date (with whether it was a month only), or words, or nothing."""

    day: date | None = None
    month_only: bool = False
    word: Word | None = None


def read_matrix_cell(value: object, order: str, today: date) -> MatrixCell:
    """A training matrix cell: a date (real, text, or a month read as the 1st), or known words; else CellError."""
    if isinstance(value, bool):
        return MatrixCell(word=_TICK)
    if isinstance(value, datetime | date):
        return MatrixCell(day=read_own_date(value, order, today))
    if isinstance(value, time):
        raise CellError(f"'{value:%H:%M}' is a time, not a date. Use DD/MM/YYYY, for example 03/04/2025.")
    if isinstance(value, int | float):
        raise CellError(f"{q(shown(value))} is a number, not a date. Use DD/MM/YYYY, for example 03/04/2025.")
    text = read_label(value)
    for pattern, word in _WORDS:
        if pattern.match(text):
            return MatrixCell(word=word)
    try:
        if read_tick(text):
            return MatrixCell(word=_TICK)
    except CellError:
        pass
    done = _DONE_ON.match(text)  # 'Done 03/04/25', 'Completed: 3.4.2025'
    if done is not None:
        text = done.group(1)
    if is_month_only(text):
        return MatrixCell(day=read_date(text, today, month_is_enough=True), month_only=True)
    try:
        return MatrixCell(day=read_own_date(text, order, today))
    except CellError as exc:
        if _NUMERIC_ONLY.match(text) or re.search(r"\d", text) and len(text) <= 20:
            raise
        raise CellError(f"{q(text)} is not a date, and not a word the import knows (booked, N/A, exempt, "
                        f"expired, in progress, ✓). Put the date the course was completed, or clear the cell.") \
            from exc
