"""Retention periods (docs/rules.md, Retention): the exact day, leap-day births, deaths before 18, leavers."""

from __future__ import annotations

from datetime import date

from carehome_desk.models.retention import (
    Basis,
    case_record_past,
    child_past,
    first_day_past,
    incident_past,
    keep_until,
    staff_past,
)


def test_a_record_is_kept_through_its_anniversary_and_past_retention_the_next_day() -> None:
    assert keep_until(date(1950, 3, 12), 75) == date(2025, 3, 12)
    assert first_day_past(date(1950, 3, 12), 75) == date(2025, 3, 13)


def test_a_leap_day_start_reaches_a_non_leap_year_on_the_first_of_march() -> None:
    assert keep_until(date(1952, 2, 29), 75) == date(2027, 3, 1)  # 2027 has no 29/02: keep the longer
    assert first_day_past(date(1952, 2, 29), 75) == date(2027, 3, 2)
    assert keep_until(date(1952, 2, 29), 76) == date(2028, 2, 29)  # a leap year keeps the day


def test_a_case_record_runs_75_years_from_birth_to_the_day() -> None:
    born, left = date(1950, 3, 12), date(1966, 7, 1)
    assert child_past(born, left, None, left, date(2025, 3, 12)) is None  # the anniversary: still kept
    since, why = child_past(born, left, None, left, date(2025, 3, 13)) or (None, "")
    assert since == date(2025, 3, 13)
    assert "75 years from the date of birth" in why and "Reg 36" in why


def test_a_leap_day_birth() -> None:
    born, left = date(1952, 2, 29), date(1969, 1, 10)
    assert child_past(born, left, None, left, date(2027, 3, 1)) is None
    assert child_past(born, left, None, left, date(2027, 3, 2)) is not None


def test_a_child_still_living_at_the_home_is_never_past_retention() -> None:
    assert child_past(date(1940, 1, 1), None, None, date(1950, 1, 1), date(2030, 1, 1)) is None


def test_a_child_who_died_before_18_is_kept_15_years_from_the_death() -> None:
    born, died = date(1995, 6, 1), date(2010, 4, 20)
    since, why = case_record_past(born, died)
    assert since == date(2025, 4, 21) and "15 years from the child's death before 18" in why
    assert child_past(born, None, died, died, date(2025, 4, 20)) is None
    assert child_past(born, None, died, died, date(2025, 4, 21)) == (since, why)


def test_a_death_at_18_or_later_counts_from_birth() -> None:
    born = date(1990, 6, 1)
    since, why = case_record_past(born, date(2008, 6, 1))  # the 18th birthday itself: not 'before 18'
    assert since == date(2065, 6, 2) and "date of birth" in why


def test_the_register_of_children_wins_when_its_15_years_end_later() -> None:
    # Born 1930, left aged 65: the case record ends in 2005, the register entry 15 years after leaving.
    born, left = date(1930, 1, 1), date(1995, 1, 1)
    assert child_past(born, left, None, left, date(2009, 12, 31)) is None
    since, why = child_past(born, left, None, left, date(2010, 1, 2)) or (None, "")
    assert since == date(2010, 1, 2) and "register of children" in why and "Reg 37(2)(c)" in why


def test_a_leaver_personnel_file_by_policy_then_the_staff_record_by_law() -> None:
    left = date(2008, 5, 31)
    assert staff_past(left, left, date(2014, 5, 31)) == []  # 6 years to the day: still kept
    found = staff_past(left, left, date(2014, 6, 1))
    assert [(since, basis) for since, _, basis in found] == [(date(2014, 6, 1), Basis.POLICY)]
    assert "the Schedule 4 staff record itself is kept longer" in found[0][1]
    both = staff_past(left, left, date(2023, 6, 1))
    assert [(since, basis) for since, _, basis in both] == [(date(2014, 6, 1), Basis.POLICY),
                                                            (date(2023, 6, 1), Basis.LAW)]
    assert staff_past(left, left, date(2023, 5, 31))[-1][2] is Basis.POLICY  # the law's day is the next


def test_the_staff_record_counts_from_its_last_entry_not_the_leaving_date() -> None:
    left, last = date(2008, 5, 31), date(2010, 2, 1)  # a reference given two years after leaving
    found = staff_past(left, last, date(2024, 1, 1))
    assert all(basis is Basis.POLICY for _, _, basis in found)
    assert staff_past(left, last, date(2025, 2, 2))[-1][:1] == (date(2025, 2, 2),)


def test_the_policy_years_are_the_providers() -> None:
    left = date(2010, 1, 1)
    assert staff_past(left, left, date(2013, 1, 2), personnel_years=3)[0][0] == date(2013, 1, 2)
    assert staff_past(left, left, date(2013, 1, 2), personnel_years=6) == []


def test_someone_still_working_has_nothing_past_retention() -> None:
    assert staff_past(None, date(1990, 1, 1), date(2030, 1, 1)) == []


def test_an_incident_is_past_retention_only_when_every_childs_record_is() -> None:
    assert incident_past([date(2020, 1, 1), date(2024, 5, 1)], date(2024, 5, 1)) == date(2024, 5, 1)
    assert incident_past([date(2020, 1, 1), date(2024, 5, 1)], date(2024, 4, 30)) is None
    assert incident_past([date(2020, 1, 1), None], date(2030, 1, 1)) is None  # one child's record is still kept
    assert incident_past([], date(2030, 1, 1)) is None  # no child: no period in the regulations
