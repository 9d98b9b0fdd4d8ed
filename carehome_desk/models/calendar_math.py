"""Adding months and years to dates the way a compliance deadline needs."""

from __future__ import annotations

import calendar
from datetime import date


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
