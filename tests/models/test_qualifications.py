"""Level 3 (reg 32(4)-(6)) and Level 5 (reg 28) at their boundaries."""

from dataclasses import replace
from datetime import date

import pytest

from carehome_desk.models.ids import StaffId
from carehome_desk.models.qualifications import (
    DeferralReason,
    Qualification,
    QualificationKind,
    QualificationStatus,
    clock_basis,
    clock_start,
    confirm_requirement,
    fill_clock_dates,
    qualification_requirement,
    relevant_date,
    required_kind,
    validate_qualification,
)
from carehome_desk.models.staff import StaffRole
from carehome_desk.models.status import Status
from tests.models.workforce_helpers import person

WINDOW = 182
L3 = QualificationKind.LEVEL3
L5 = QualificationKind.LEVEL5


def status_on(today: date, record: Qualification | None = None, **kw: object) -> tuple[Status, date | None, str]:
    req = qualification_requirement(person(**kw), record, today, WINDOW)
    assert req is not None
    return req.status, req.due, req.detail


def test_level3_due_exactly_two_years_after_starting_in_a_care_role() -> None:
    assert relevant_date(L3, date(2024, 1, 15)) == date(2026, 1, 15)
    assert status_on(date(2026, 1, 15))[0] is Status.DUE_SOON  # the due day itself is still in time
    assert status_on(date(2026, 1, 16))[0] is Status.OVERDUE  # one day past
    assert status_on(date(2025, 7, 16))[0] is Status.IN_DATE  # 183 days before
    assert status_on(date(2025, 7, 17))[0] is Status.DUE_SOON  # exactly the 182-day warning window


def test_leap_day_start_is_due_on_the_28th() -> None:
    assert relevant_date(L3, date(2024, 2, 29)) == date(2026, 2, 28)
    assert status_on(date(2026, 3, 1), start=date(2024, 2, 29))[0] is Status.OVERDUE


def test_staff_in_post_on_1_april_2014_had_until_2016_and_2017() -> None:
    assert relevant_date(L3, date(2014, 4, 1)) == date(2016, 4, 1)
    assert relevant_date(L3, date(2014, 4, 2)) == date(2016, 4, 2)
    assert relevant_date(L5, date(2010, 6, 1)) == date(2017, 4, 1)


# ---- which date the clock counts from (reg 32(4), reg 28(4)) ---------------------------------------------


def test_a_promotion_between_care_roles_does_not_restart_the_level3_clock() -> None:
    # Issue 13's example: in a care role since 01/03/2022, promoted to team leader on 06/01/2025.
    promoted = dict(role=StaffRole.TEAM_LEADER, start=date(2022, 3, 1), role_start_date=date(2025, 1, 6),
                    care_started_on=date(2022, 3, 1))
    status, due, detail = status_on(date(2026, 12, 3), **promoted)
    assert (status, due) == (Status.OVERDUE, date(2024, 3, 1))  # not 06/01/2027, as the current role would give
    assert "counted from first care role 01/03/2022" in detail
    assert status_on(date(2024, 3, 1), **promoted)[0] is Status.DUE_SOON  # the due day itself is still in time
    assert status_on(date(2024, 3, 2), **promoted)[0] is Status.OVERDUE  # the day after
    # With no first-care date recorded the clock falls back to the start here, never to the role start.
    status, due, detail = status_on(date(2026, 12, 3), role=StaffRole.TEAM_LEADER, start=date(2022, 3, 1),
                                    role_start_date=date(2025, 1, 6))
    assert due == date(2024, 3, 1)
    assert "first care role not recorded: counted from start here 01/03/2022" in detail


def test_moving_from_a_non_care_role_into_care_starts_the_clock_then() -> None:
    # A cook since 01/01/2020 who became a residential childcare worker on 03/06/2024.
    moved = dict(start=date(2020, 1, 1), role_start_date=date(2024, 6, 3), care_started_on=date(2024, 6, 3))
    status, due, detail = status_on(date(2026, 6, 3), **moved)
    assert (status, due) == (Status.DUE_SOON, date(2026, 6, 3))
    assert "counted from first care role 03/06/2024" in detail
    assert status_on(date(2026, 6, 4), **moved)[0] is Status.OVERDUE
    assert clock_start(L3, person(**moved)) == date(2024, 6, 3)  # type: ignore[arg-type]


def test_care_at_an_earlier_home_counts_before_the_start_here() -> None:
    # Started here on 06/01/2025, but first in a care role at another children's home on 02/05/2023.
    status, due, detail = status_on(date(2025, 6, 1), start=date(2025, 1, 6), care_started_on=date(2023, 5, 2))
    assert (status, due) == (Status.OVERDUE, date(2025, 5, 2))  # not 06/01/2027 from the start here
    assert "counted from first care role 02/05/2023" in detail


def test_a_manager_who_managed_another_home_first_counts_from_then() -> None:
    here = dict(start=date(2024, 1, 8), managing_started_on=date(2022, 9, 1))
    req = qualification_requirement(person(StaffRole.REGISTERED_MANAGER, **here), None,  # type: ignore[arg-type]
                                    date(2025, 9, 1), WINDOW)
    assert req is not None and (req.status, req.due) == (Status.DUE_SOON, date(2025, 9, 1))
    assert "counted from first managing a home 01/09/2022" in req.detail
    late = qualification_requirement(person(StaffRole.REGISTERED_MANAGER, **here), None,  # type: ignore[arg-type]
                                     date(2025, 9, 2), WINDOW)
    assert late is not None and late.status is Status.OVERDUE
    # Without it, the role's start here is all that is known, and the detail says so.
    guess = qualification_requirement(person(StaffRole.REGISTERED_MANAGER, start=date(2024, 1, 8)), None,
                                      date(2025, 9, 1), WINDOW)
    assert guess is not None and guess.due == date(2027, 1, 8)
    assert "first managing a home not recorded: counted from role start 08/01/2024" in guess.detail


def test_in_post_on_1_april_2014_at_any_home_means_the_transition_date() -> None:
    # First in care at another home in 2010, started here in 2020: the 2016 transition date applies.
    status, due, _ = status_on(date(2020, 3, 1), start=date(2020, 2, 1), care_started_on=date(2010, 9, 1))
    assert (status, due) == (Status.OVERDUE, date(2016, 4, 1))
    assert status_on(date(2016, 4, 1), care_started_on=date(2014, 4, 1), start=date(2015, 1, 1))[1] == date(2016, 4, 1)
    assert status_on(date(2016, 4, 1), care_started_on=date(2014, 4, 2), start=date(2015, 1, 1))[1] == date(2016, 4, 2)
    manager = person(StaffRole.REGISTERED_MANAGER, start=date(2019, 5, 1), managing_started_on=date(2014, 4, 1))
    req = qualification_requirement(manager, None, date(2017, 4, 1), WINDOW)
    assert req is not None and (req.due, req.status) == (date(2017, 4, 1), Status.DUE_SOON)
    req = qualification_requirement(manager, None, date(2017, 4, 2), WINDOW)
    assert req is not None and req.status is Status.OVERDUE


def test_a_29_february_first_care_date_is_due_on_28_february() -> None:
    leap = dict(start=date(2025, 1, 6), care_started_on=date(2024, 2, 29))
    assert status_on(date(2026, 2, 28), **leap)[:2] == (Status.DUE_SOON, date(2026, 2, 28))
    assert status_on(date(2026, 3, 1), **leap)[0] is Status.OVERDUE
    manager = person(StaffRole.REGISTERED_MANAGER, start=date(2025, 1, 6), managing_started_on=date(2024, 2, 29))
    req = qualification_requirement(manager, None, date(2027, 3, 1), WINDOW)
    assert req is not None and (req.due, req.status) == (date(2027, 2, 28), Status.OVERDUE)


def test_clock_start_and_basis_name_the_date_that_counts() -> None:
    promoted = person(StaffRole.TEAM_LEADER, start=date(2022, 3, 1), role_start_date=date(2025, 1, 6),
                      care_started_on=date(2021, 7, 19))
    assert clock_start(L3, promoted) == date(2021, 7, 19)
    assert clock_basis(L3, promoted) == "counted from first care role 19/07/2021"
    manager = person(StaffRole.REGISTERED_MANAGER, start=date(2019, 4, 1), role_start_date=date(2024, 3, 1))
    assert clock_start(L5, manager) == date(2024, 3, 1)
    assert clock_basis(L5, manager) == "first managing a home not recorded: counted from role start 01/03/2024"


# ---- guessed dates, filled the way the upgrade fills them, and listed to confirm ---------------------------


def test_fill_clock_dates_guesses_as_upgrade_0006_does() -> None:
    # Joined straight into care here: they may still have been in care at another home first, so a guess.
    joined = fill_clock_dates(person(start=date(2024, 5, 1)))
    assert (joined.care_started_on, joined.dates_to_confirm) == (date(2024, 5, 1), True)
    promoted = fill_clock_dates(person(StaffRole.TEAM_LEADER, start=date(2022, 3, 1),
                                       role_start_date=date(2025, 1, 6)))
    assert (promoted.care_started_on, promoted.dates_to_confirm) == (date(2022, 3, 1), True)
    same_day = fill_clock_dates(person(start=date(2022, 3, 1), role_start_date=date(2022, 3, 1)))
    assert (same_day.care_started_on, same_day.dates_to_confirm) == (date(2022, 3, 1), True)
    cook = fill_clock_dates(person(StaffRole.ANCILLARY, start=date(2020, 1, 1)))
    assert (cook.care_started_on, cook.managing_started_on, cook.dates_to_confirm) == (None, None, False)
    manager = fill_clock_dates(person(StaffRole.REGISTERED_MANAGER, start=date(2019, 4, 1),
                                      role_start_date=date(2024, 3, 1)))
    assert (manager.care_started_on, manager.managing_started_on, manager.dates_to_confirm) == (
        date(2019, 4, 1), date(2024, 3, 1), True)
    # Known to have moved into care from a non-care role: the move is the better guess.
    was_cook = person(StaffRole.ANCILLARY, start=date(2020, 1, 1))
    now_care = fill_clock_dates(person(start=date(2020, 1, 1), role_start_date=date(2024, 6, 3)), was_cook)
    assert (now_care.care_started_on, now_care.dates_to_confirm) == (date(2024, 6, 3), True)
    # Recorded dates are never replaced.
    kept = fill_clock_dates(person(StaffRole.TEAM_LEADER, start=date(2022, 3, 1), role_start_date=date(2025, 1, 6),
                                   care_started_on=date(2020, 2, 3)))
    assert (kept.care_started_on, kept.dates_to_confirm) == (date(2020, 2, 3), False)


def test_a_guessed_date_is_listed_for_the_manager_to_confirm() -> None:
    promoted = person(StaffRole.TEAM_LEADER, start=date(2022, 3, 1), role_start_date=date(2025, 1, 6),
                      care_started_on=date(2022, 3, 1), dates_to_confirm=True)
    req = confirm_requirement(promoted)
    assert req is not None
    assert (req.area, req.requirement, req.status, req.due, req.key) == (
        "Qualification", "Confirm first care-role date", Status.MISSING, None, "qualification:confirm_dates")
    assert req.source.startswith("Reg 32(4)")
    assert req.detail.startswith("first in a care role taken as the start date here, 01/03/2022; their current "
                                 "role started 06/01/2025, so they may have joined in a non-care role")
    assert "The Level 3 due date (01/03/2024) counts from it" in req.detail
    # The diploma's own line says the date is a guess.
    level3 = qualification_requirement(promoted, None, date(2026, 1, 1), WINDOW)
    assert level3 is not None and "date guessed: confirm it on the Staff page" in level3.detail
    manager = person(StaffRole.REGISTERED_MANAGER, start=date(2019, 4, 1), role_start_date=date(2024, 3, 1),
                     managing_started_on=date(2024, 3, 1), dates_to_confirm=True)
    req = confirm_requirement(manager)
    assert req is not None and req.requirement == "Confirm first managing date" and req.source.startswith("Reg 28")
    assert req.detail.startswith("first managing a children's home taken as the start of the current role here, "
                                 "01/03/2024; they may have managed another home before")
    assert confirm_requirement(replace(promoted, dates_to_confirm=False)) is None
    assert confirm_requirement(person(StaffRole.ANCILLARY, dates_to_confirm=True)) is None  # no diploma, no clock


def test_nothing_to_confirm_once_the_diploma_is_met() -> None:
    guessed = person(StaffRole.TEAM_LEADER, start=date(2022, 3, 1), role_start_date=date(2025, 1, 6),
                     care_started_on=date(2022, 3, 1), dates_to_confirm=True)
    achieved = Qualification(guessed.id, L3, QualificationStatus.ACHIEVED, achieved_date=date(2023, 6, 1))
    equivalent = Qualification(guessed.id, L3, equivalent_name="NVQ 3 Caring for Children and Young People",
                               equivalence_reasoning="Listed in the 2011 National Minimum Standards")
    enrolled = Qualification(guessed.id, L3, QualificationStatus.ENROLLED, enrolled_date=date(2024, 1, 8))
    assert confirm_requirement(guessed, achieved) is None
    assert confirm_requirement(guessed, equivalent) is None
    assert confirm_requirement(guessed, enrolled) is not None  # still counting down: the date decides the deadline
    level5 = Qualification(guessed.id, QualificationKind.LEVEL5, QualificationStatus.ACHIEVED,
                           achieved_date=date(2023, 6, 1))
    assert confirm_requirement(guessed, level5) is not None  # another diploma's record says nothing of Level 3


def test_dates_to_confirm_show_in_every_requirement_list() -> None:
    from carehome_desk.models.settings import ProviderSettings
    from carehome_desk.models.workforce import WorkforceSnapshot, needing_action, workforce_requirements

    promoted = person(StaffRole.TEAM_LEADER, start=date(2022, 3, 1), role_start_date=date(2025, 1, 6),
                      care_started_on=date(2022, 3, 1), dates_to_confirm=True)
    snap = WorkforceSnapshot(promoted.home_id, [promoted], [])
    reqs = workforce_requirements(snap, ProviderSettings(), date(2026, 12, 3))
    quals = [r for r in reqs if r.area == "Qualification"]
    assert [r.requirement for r in quals] == ["Level 3", "Confirm first care-role date"]  # the diploma first
    assert "Confirm first care-role date" in [r.requirement for r in needing_action(reqs, date(2026, 12, 3))]


def test_achieved_is_met_and_shows_no_due_date() -> None:
    q = Qualification(StaffId(7), L3, QualificationStatus.ACHIEVED, achieved_date=date(2025, 3, 1))
    status, due, detail = status_on(date(2030, 1, 1), q)
    assert (status, due) == (Status.IN_DATE, None)
    assert detail == "achieved 01/03/2025"


def test_a_deferral_moves_the_relevant_date_and_says_why() -> None:
    q = Qualification(StaffId(7), L3, QualificationStatus.ENROLLED, enrolled_date=date(2024, 6, 1),
                      deferred_to=date(2027, 1, 15), deferral_reason=DeferralReason.PART_TIME,
                      deferral_note="16 hours a week")
    status, due, detail = status_on(date(2026, 6, 1), q)
    assert (status, due) == (Status.IN_DATE, date(2027, 1, 15))
    assert "deferred to 15/01/2027 (part-time working: ‘16 hours a week’)" in detail
    assert status_on(date(2027, 1, 16), q)[0] is Status.OVERDUE


def test_a_deferral_note_is_quoted_as_typed() -> None:
    def detail(note: str) -> str:
        q = Qualification(StaffId(7), L3, QualificationStatus.ENROLLED, enrolled_date=date(2024, 6, 1),
                          deferred_to=date(2027, 1, 15), deferral_reason=DeferralReason.PART_TIME,
                          deferral_note=note)
        return status_on(date(2026, 6, 1), q)[2]

    assert "(part-time working: ‘Works 20 hours a week’)" in detail("Works 20 hours a week")
    assert "(part-time working: ‘NVQ assessor away’)" in detail("NVQ assessor away")
    assert "(part-time working: ‘Sarah's hours cut to 16’)" in detail("  Sarah's hours cut to 16 ")  # a name stays


def test_an_equivalence_meets_the_requirement_and_says_so() -> None:
    q = Qualification(StaffId(7), L3, equivalent_name="NVQ 3 Caring for Children and Young People",
                      equivalence_reasoning="Named in the 2011 NMS; units compared")
    status, due, detail = status_on(date(2030, 1, 1), q)
    assert status is Status.IN_DATE and due is None
    assert detail.startswith("equivalent accepted: NVQ 3")


def test_who_needs_which_diploma() -> None:
    assert required_kind(person(StaffRole.REGISTERED_MANAGER)) is L5
    assert required_kind(person(StaffRole.RESIDENTIAL_WORKER)) is L3
    assert required_kind(person(StaffRole.ANCILLARY)) is None
    assert required_kind(person(StaffRole.ANCILLARY, care_role=True)) is L3  # the record can say otherwise
    assert qualification_requirement(person(StaffRole.ANCILLARY), None, date(2030, 1, 1), WINDOW) is None


def test_manager_level5_three_years_from_starting_to_manage() -> None:
    req = qualification_requirement(person(StaffRole.REGISTERED_MANAGER, start=date(2019, 1, 1),
                                           role_start_date=date(2024, 2, 29)), None, date(2027, 2, 28), WINDOW)
    assert req is not None and req.due == date(2027, 2, 28) and req.status is Status.DUE_SOON
    assert req.source.startswith("Reg 28")


@pytest.mark.parametrize(
    ("record", "field"),
    [
        (Qualification(StaffId(1), L3, QualificationStatus.ACHIEVED), "achieved_date"),
        (Qualification(StaffId(1), L3, QualificationStatus.ENROLLED), "enrolled_date"),
        (Qualification(StaffId(1), L3, equivalent_name="Old NVQ"), "equivalence_reasoning"),
        (Qualification(StaffId(1), L3, deferred_to=date(2027, 1, 1)), "deferral_reason"),
        (Qualification(StaffId(1), L3, QualificationStatus.ACHIEVED, enrolled_date=date(2025, 5, 1),
                       achieved_date=date(2025, 4, 1)), "achieved_date"),
        (Qualification(StaffId(1), L3, QualificationStatus.ACHIEVED, achieved_date=date(2026, 11, 23)),
         "achieved_date"),
    ],
)
def test_incomplete_or_impossible_records_are_refused(record: Qualification, field: str) -> None:
    assert field in validate_qualification(record, date(2026, 11, 22))
