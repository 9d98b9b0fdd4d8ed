"""Adding months and years to dates the way a compliance deadline needs."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later; a day the month lacks becomes its last day.

    31/01 + 1 month = 28/02 (29/02 in a leap year). Clamping to the end of the month errs on
    the early side, so a deadline is never shown later than the law or policy allows.
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


def add_years(start: date, years: int) -> date:
    """The same day ``years`` later; 29/02 becomes 28/02 in a non-leap year (the earlier date)."""
    return add_months(start, 12 * years)


def months_back_start(today: date, months: int) -> date:
    """The first day of "the last ``months`` months" up to and including ``today``: the day after the same date
    ``months`` months before (08/12/2025 for 07/12/2026 and 12; 01/03/2027 for 29/02/2028). One meaning wherever
    the app says "last 12 months" (services.evidence.last_months, the evidence freshness checks)."""
    return add_months(today, -months) + timedelta(days=1)
