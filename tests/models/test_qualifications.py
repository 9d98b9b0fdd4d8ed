"""Level 3 (reg 32(4)-(6)) and Level 5 (reg 28) at their boundaries."""

from datetime import date

import pytest

from carehome_desk.models.ids import StaffId
from carehome_desk.models.qualifications import (
    DeferralReason,
    Qualification,
    QualificationKind,
    QualificationStatus,
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


def test_the_current_role_start_counts_not_the_first_day_at_the_home() -> None:
    _, due, _ = status_on(date(2025, 1, 1), start=date(2020, 5, 1), role_start_date=date(2024, 6, 3))
    assert due == date(2026, 6, 3)


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
    assert "deferred to 15/01/2027 (part-time working: 16 hours a week)" in detail
    assert status_on(date(2027, 1, 16), q)[0] is Status.OVERDUE


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
