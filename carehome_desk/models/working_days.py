"""Working days in England: weekends and bank holidays are not working days."""

from __future__ import annotations

from collections.abc import Container, Iterable
from datetime import date, timedelta
from typing import TypeAlias

#: What says whether a day is a bank holiday: a set of dates, or reference/bank_holidays.py's calendar
#: (the GOV.UK list, and the standing rules for the years outside it).
BankHolidays: TypeAlias = Container[date]


def is_working_day(day: date, bank_holidays: BankHolidays) -> bool:
    """Monday to Friday and not a bank holiday."""
    return day.weekday() < 5 and day not in bank_holidays


def next_working_day(day: date, bank_holidays: BankHolidays) -> date:
    """The first working day after ``day``."""
    following = day + timedelta(days=1)
    while not is_working_day(following, bank_holidays):
        following += timedelta(days=1)
    return following


def parse_holidays(values: Iterable[str]) -> frozenset[date]:
    """Bank holidays from ISO date strings."""
    return frozenset(date.fromisoformat(v) for v in values)
