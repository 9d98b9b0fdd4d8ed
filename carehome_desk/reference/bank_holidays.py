"""England and Wales bank holidays: the GOV.UK list shipped in resources/, and the standing rules beyond it.

The list (resources/bank-holidays-england.json) is authoritative for the whole years it covers: it has
the one-off days (a coronation, a state funeral) and the days moved for them. A day in any other year
(a record from before the list starts, a deadline after it ends) is answered by the ``holidays``
library's calendar for England, worked out a year at a time and only when such a day is asked about:

* before the list, the days as they were, one-off days included (19/09/2022, the May 2020 move for
  VE Day, the 2012 jubilee);
* after the list, the standing rules: New Year's Day, Good Friday, Easter Monday, the first and last
  Mondays of May, the last Monday of August, Christmas Day and Boxing Day, with a substitute weekday
  when one falls at a weekend. Those rules are what every year of the list follows but for the
  one-offs, which are announced a year or two ahead, so a deadline past the list is as right as
  anyone can know today; it moves only if a new one-off day is announced (ship the new years of the
  GOV.UK list as they are published, and a newer library knows announced days too).
* outside 1872 to 2100 (the library's range; dates are typed between 1900 and 2199) no bank holidays
  are known: weekends alone. No record of a home reaches back before 1900, and a day in the 22nd
  century is a mistyped year, whatever its deadline says.

The library is not imported until a day outside the list is asked about (it takes tens of
milliseconds to import): nothing on the way to the first window asks about one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from functools import cache

from carehome_desk.models.working_days import parse_holidays
from carehome_desk.paths import resources_dir

#: The years the library knows England's bank holidays for (holidays.UnitedKingdom's range).
RULES_FIRST_YEAR = 1872
RULES_LAST_YEAR = 2100


class EnglandBankHolidays:
    """Answers ``day in holidays``: the shipped list within its years, the library's calendar outside them.

    Only weekdays are held: a bank holiday at a weekend is no day off (its substitute is), as in the list.
    """

    def __init__(self, listed: Iterable[date]) -> None:
        self.listed = frozenset(listed)
        years = {day.year for day in self.listed}
        #: The first and last whole years the shipped list covers.
        self.first_year = min(years) if years else 0
        self.last_year = max(years) if years else -1
        self._years: dict[int, frozenset[date]] = {}

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        if self.listed_year(day.year):
            return day in self.listed
        return day in self.of_year(day.year)

    def listed_year(self, year: int) -> bool:
        """True when ``year``'s days come from the GOV.UK list, not from the standing rules."""
        return self.first_year <= year <= self.last_year

    def of_year(self, year: int) -> frozenset[date]:
        """The weekday bank holidays in ``year``."""
        if self.listed_year(year):
            return frozenset(day for day in self.listed if day.year == year)
        days = self._years.get(year)
        if days is None:  # the dashboard's worker and the window may both work a year out: the same days
            days = self._years[year] = by_the_rules(year)
        return days

    def __repr__(self) -> str:
        return f"EnglandBankHolidays(listed {self.first_year}-{self.last_year}, worked out {sorted(self._years)})"


def by_the_rules(year: int) -> frozenset[date]:
    """England's weekday bank holidays in ``year`` from the ``holidays`` library; none outside its range."""
    if not RULES_FIRST_YEAR <= year <= RULES_LAST_YEAR:
        return frozenset()
    import holidays  # here, not at the top: only a day outside the shipped list needs it

    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(day for day in calendar if day.weekday() < 5)


@cache
def bank_holidays() -> EnglandBankHolidays:
    """England and Wales bank holidays (resources/bank-holidays-england.json, the standing rules beyond it)."""
    data = json.loads((resources_dir() / "bank-holidays-england.json").read_text(encoding="utf-8"))
    return EnglandBankHolidays(parse_holidays(data["dates"]))
