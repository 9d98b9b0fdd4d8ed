"""Bank holidays and working days at the edges of the shipped GOV.UK list: before it, after it, and far after it."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, time

import holidays

from carehome_desk.models.dates import UK
from carehome_desk.models.deadlines import lado_due
from carehome_desk.models.working_days import is_working_day, next_working_day
from carehome_desk.reference.bank_holidays import (
    RULES_FIRST_YEAR,
    RULES_LAST_YEAR,
    EnglandBankHolidays,
    bank_holidays,
    by_the_rules,
)

HOLIDAYS = bank_holidays()


def d(text: str) -> date:
    """'DD/MM/YYYY'."""
    day, month, year = (int(part) for part in text.split("/"))
    return date(year, month, day)


def at(text: str) -> datetime:
    """A UK wall-clock time, 'DD/MM/YYYY HH:MM'."""
    day, clock = text.split(" ")
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime.combine(d(day), time(hour, minute), tzinfo=UK)


def test_the_shipped_list_covers_2023_to_2028_and_the_day_after_it_is_worked_out() -> None:
    assert (HOLIDAYS.first_year, HOLIDAYS.last_year) == (2023, 2028)
    assert min(HOLIDAYS.listed) == d("02/01/2023") and max(HOLIDAYS.listed) == d("26/12/2028")
    assert HOLIDAYS.listed_year(2028) and not HOLIDAYS.listed_year(2029) and not HOLIDAYS.listed_year(2022)
    assert d("26/12/2028") in HOLIDAYS  # the last day the list has (Boxing Day, a Tuesday)
    assert is_working_day(d("27/12/2028"), HOLIDAYS)
    assert next_working_day(d("26/12/2028"), HOLIDAYS) == d("27/12/2028")
    assert d("01/01/2029") in HOLIDAYS  # the first bank holiday after the list: New Year's Day, a Monday
    assert next_working_day(d("29/12/2028"), HOLIDAYS) == d("02/01/2029")


def test_christmas_2029_is_not_a_working_day_after_the_list_ends() -> None:
    assert d("25/12/2029") in HOLIDAYS and d("26/12/2029") in HOLIDAYS
    assert next_working_day(d("24/12/2029"), HOLIDAYS) == d("27/12/2029")


def test_easter_2029_good_friday_and_easter_monday() -> None:
    assert HOLIDAYS.of_year(2029) >= {d("30/03/2029"), d("02/04/2029")}
    assert next_working_day(d("29/03/2029"), HOLIDAYS) == d("03/04/2029")
    assert is_working_day(d("29/03/2029"), HOLIDAYS)  # Maundy Thursday


def test_all_of_2029_follows_the_standing_rules() -> None:
    assert HOLIDAYS.of_year(2029) == {
        d("01/01/2029"), d("30/03/2029"), d("02/04/2029"), d("07/05/2029"), d("28/05/2029"), d("27/08/2029"),
        d("25/12/2029"), d("26/12/2029"),
    }


def test_a_christmas_on_a_saturday_gives_substitute_days_on_monday_and_tuesday() -> None:
    assert d("25/12/2032").strftime("%A") == "Saturday"
    assert d("27/12/2032") in HOLIDAYS and d("28/12/2032") in HOLIDAYS
    assert next_working_day(d("24/12/2032"), HOLIDAYS) == d("29/12/2032")


def test_leap_days_count_as_days_inside_and_outside_the_list() -> None:
    assert next_working_day(d("28/02/2028"), HOLIDAYS) == d("29/02/2028")  # listed year, a Tuesday
    assert next_working_day(d("28/02/2036"), HOLIDAYS) == d("29/02/2036")  # worked out, a Friday
    assert next_working_day(d("29/02/2036"), HOLIDAYS) == d("03/03/2036")
    assert lado_due(at("28/02/2036 15:00"), HOLIDAYS) == at("29/02/2036 15:00")
    assert {d("11/04/2036"), d("14/04/2036")} <= HOLIDAYS.of_year(2036)  # Easter in a leap year


def test_a_lado_deadline_across_new_year_2029_2030() -> None:
    assert lado_due(at("31/12/2029 15:00"), HOLIDAYS) == at("02/01/2030 15:00")  # New Year's Day is a Tuesday
    assert lado_due(at("29/12/2029 10:00"), HOLIDAYS) == at("31/12/2029 23:59")  # from a Saturday
    assert lado_due(at("24/12/2029 09:00"), HOLIDAYS) == at("27/12/2029 09:00")  # over Christmas and Boxing Day


def test_years_before_the_list_have_their_one_off_days() -> None:
    assert {d("02/06/2022"), d("03/06/2022"), d("19/09/2022"), d("27/12/2022")} <= HOLIDAYS.of_year(2022)
    assert is_working_day(d("30/05/2022"), HOLIDAYS)  # the spring bank holiday moved to 02/06 for the jubilee
    assert d("08/05/2020") in HOLIDAYS and is_working_day(d("04/05/2020"), HOLIDAYS)  # moved for VE Day
    assert next_working_day(d("30/12/2022"), HOLIDAYS) == d("03/01/2023")  # into the list's first day off


def test_the_rules_agree_with_every_year_of_the_shipped_list() -> None:
    """The list is the authority where it runs; the rules used outside it give the same days inside it."""
    for year in range(HOLIDAYS.first_year, HOLIDAYS.last_year + 1):
        assert by_the_rules(year) == HOLIDAYS.of_year(year), year


def test_the_list_wins_over_the_rules_in_the_years_it_covers() -> None:
    coronation = d("08/05/2023")
    calendar = EnglandBankHolidays(HOLIDAYS.listed - {coronation})
    assert coronation not in calendar  # the list says so, whatever the library knows
    assert coronation in HOLIDAYS


def test_beyond_the_rules_range_only_weekends_are_days_off() -> None:
    assert (RULES_FIRST_YEAR, RULES_LAST_YEAR) == (holidays.UnitedKingdom.start_year,
                                                   holidays.UnitedKingdom.end_year)
    assert {d("27/12/2100"), d("28/12/2100")} <= HOLIDAYS.of_year(2100)  # the last year it knows
    assert HOLIDAYS.of_year(2101) == frozenset() and is_working_day(d("26/12/2101"), HOLIDAYS)  # a Monday
    assert d("25/12/1871") not in HOLIDAYS


def test_the_library_is_loaded_only_for_a_day_outside_the_list() -> None:
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from carehome_desk.models.working_days import next_working_day\n"
        "from carehome_desk.reference.bank_holidays import bank_holidays\n"
        "h = bank_holidays()\n"
        "print(next_working_day(date(2026, 12, 24), h), 'holidays' in sys.modules)\n"
        "print(next_working_day(date(2029, 12, 24), h), 'holidays' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["2026-12-29 False", "2029-12-27 True"]
