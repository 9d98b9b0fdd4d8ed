"""A planned starter and the dates Level 3 and Level 5 count from: the one rule the form, the import and the store use."""

from dataclasses import replace
from datetime import date

from carehome_desk.models.qualifications import fill_clock_dates
from carehome_desk.models.staff import StaffDetails, StaffRole, validate_staff

TODAY = date(2026, 12, 7)
PLANNED = date(2027, 1, 4)  # a planned starter: Reg 32/33 checks are done before this day


def starter(role: StaffRole = StaffRole.RESIDENTIAL_WORKER, start: date = PLANNED, **kw: object) -> StaffDetails:
    return StaffDetails("New Starter", role, start, **kw)  # type: ignore[arg-type]


def test_a_planned_starter_whose_first_care_role_is_here_is_accepted() -> None:
    assert validate_staff(starter(care_started_on=PLANNED), TODAY) == {}
    # The date the import and the manager set-up fill in for a blank is that same start date.
    filled = fill_clock_dates(starter())
    assert (filled.care_started_on, filled.dates_to_confirm) == (PLANNED, True)
    assert validate_staff(filled, TODAY) == {}
    # A planned registered manager: their role and first managing date are their first day here.
    manager = fill_clock_dates(starter(StaffRole.REGISTERED_MANAGER, role_start_date=PLANNED))
    assert (manager.managing_started_on, manager.role_start_date) == (PLANNED, PLANNED)
    assert validate_staff(manager, TODAY) == {}


def test_a_planned_starter_with_care_elsewhere_before_keeps_that_date() -> None:
    assert validate_staff(starter(care_started_on=date(2021, 7, 19)), TODAY) == {}


def test_a_first_care_date_later_than_the_start_is_refused_with_the_reason() -> None:
    # Planned: in a care role from their first day here, so it cannot come later.
    assert validate_staff(starter(care_started_on=date(2027, 2, 1)), TODAY) == {
        "care_started_on": "The date they first started in a care role cannot be after 04/01/2027, their start date "
                           "here: they start here in a care role that day."}
    # Already working here in a care role since they started (the role's start recorded as their first day).
    assert validate_staff(starter(start=date(2024, 5, 1), role_start_date=date(2024, 5, 1),
                                  care_started_on=date(2025, 3, 1)), TODAY) == {
        "care_started_on": "The date they first started in a care role cannot be after 01/05/2024, their start date "
                           "here: they have been in a care role here since then."}
    # Moved into care from another role here: the move is the latest it can be.
    moved = starter(start=date(2020, 1, 1), role_start_date=date(2024, 6, 3))
    assert validate_staff(replace(moved, care_started_on=date(2024, 6, 3)), TODAY) == {}
    assert validate_staff(replace(moved, care_started_on=date(2024, 6, 4)), TODAY) == {
        "care_started_on": "The date they first started in a care role cannot be after 03/06/2024, the start of "
                           "their current role: they have been in a care role here since then."}
    # A cook's hidden care date is not held to their role; the managing date is, for the manager.
    assert validate_staff(starter(StaffRole.ANCILLARY, start=date(2020, 1, 1), role_title="Cook",
                                  care_started_on=date(2024, 6, 4)), TODAY) == {}
    assert validate_staff(starter(StaffRole.REGISTERED_MANAGER, start=date(2023, 2, 1),
                                  role_start_date=date(2023, 2, 1), managing_started_on=date(2023, 3, 1)), TODAY) == {
        "managing_started_on": "The date they first started managing a home cannot be after 01/02/2023, their start "
                               "date here: they have been managing this home since then."}


def test_other_future_dates_are_still_refused() -> None:
    # Someone already working here cannot have a first care role still to come.
    assert validate_staff(starter(start=date(2024, 5, 1), care_started_on=PLANNED), TODAY) == {
        "care_started_on": "The date they first started in a care role is in the future."}
    # A planned starter's date between today and their start is neither past nor their first day here.
    assert validate_staff(starter(care_started_on=date(2026, 12, 20)), TODAY) == {
        "care_started_on": "The date they first started in a care role is in the future. If this is their first "
                           "care role, enter their start date here (04/01/2027)."}
    # A role that starts in the future, other than on a planned starter's first day, is still refused.
    assert validate_staff(starter(start=date(2024, 5, 1), role_start_date=PLANNED), TODAY) == {
        "role_start_date": "The date they started in this role is in the future."}
    assert validate_staff(starter(role_start_date=date(2027, 2, 1), care_started_on=PLANNED), TODAY)[
        "role_start_date"] == "The date they started in this role is in the future."


def test_a_later_first_date_is_accepted_when_the_role_start_is_not_recorded() -> None:
    # The role's own start date is optional: without it the app cannot tell when they moved into the role here.
    # A deputy here since 2018, registered manager since 2022 (first managing a home then).
    manager = starter(StaffRole.REGISTERED_MANAGER, start=date(2018, 9, 1), managing_started_on=date(2022, 4, 1))
    assert validate_staff(manager, TODAY) == {}
    # A cook here since 2020, a residential worker since 2023 (first in a care role then).
    worker = starter(start=date(2020, 3, 1), care_started_on=date(2023, 5, 1))
    assert validate_staff(worker, TODAY) == {}
    # Once the role's start is recorded the limit applies again, and the message names that date.
    assert validate_staff(replace(manager, role_start_date=date(2022, 1, 10)), TODAY) == {
        "managing_started_on": "The date they first started managing a home cannot be after 10/01/2022, the start "
                               "of their current role: they have been managing this home since then."}
    assert validate_staff(replace(worker, role_start_date=date(2023, 5, 1)), TODAY) == {}
    # Still never in the future for someone already working here.
    assert validate_staff(replace(worker, care_started_on=date(2026, 12, 8)), TODAY) == {
        "care_started_on": "The date they first started in a care role is in the future."}
