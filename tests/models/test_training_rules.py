"""Training renewal statuses at their boundaries."""

from datetime import date

from carehome_desk.models.ids import CourseId, StaffId
from carehome_desk.models.staff import StaffRole
from carehome_desk.models.status import Status
from carehome_desk.models.training import Course, RequiredFor, TrainingRecord, training_requirement, validate_training
from tests.models.workforce_helpers import person

FIRST_AID = Course("First aid", renewal_months=36, required_for=RequiredFor.CARE_ROLES, id=CourseId(3))
FIRE = Course("Fire safety", renewal_months=12, required_for=RequiredFor.ALL, id=CourseId(4))
ONCE = Course("Whistleblowing", renewal_months=None, id=CourseId(5))
OPTIONAL = Course("Lone working", renewal_months=12, required_for=RequiredFor.OPTIONAL, id=CourseId(6))


def done(course: Course, on: date, **kw: object) -> TrainingRecord:
    return TrainingRecord(StaffId(7), course.id, on, **kw)  # type: ignore[arg-type]


def status(course: Course, records: list[TrainingRecord], today: date, **kw: object) -> Status | None:
    req = training_requirement(person(**kw), course, records, today, 30)
    return req.status if req else None


def test_expiry_day_is_due_and_the_next_day_overdue() -> None:
    records = [done(FIRE, date(2025, 11, 22))]
    assert status(FIRE, records, date(2026, 10, 22)) is Status.IN_DATE  # 31 days before
    assert status(FIRE, records, date(2026, 10, 23)) is Status.DUE_SOON  # 30 days before
    assert status(FIRE, records, date(2026, 11, 22)) is Status.DUE_SOON
    assert status(FIRE, records, date(2026, 11, 23)) is Status.OVERDUE


def test_latest_completion_counts_whatever_order_they_were_entered() -> None:
    records = [done(FIRE, date(2026, 6, 1)), done(FIRE, date(2024, 6, 1))]
    req = training_requirement(person(), FIRE, records, date(2026, 11, 22), 30)
    assert req is not None and req.due == date(2027, 6, 1) and req.status is Status.IN_DATE


def test_override_wins_over_the_interval() -> None:
    records = [done(FIRST_AID, date(2025, 1, 10), expiry_override=date(2026, 1, 10))]
    req = training_requirement(person(), FIRST_AID, records, date(2026, 2, 1), 30)
    assert req is not None and req.status is Status.OVERDUE and "set by hand" in req.detail


def test_missing_required_training_and_induction_grace() -> None:
    assert status(FIRE, [], date(2026, 11, 22)) is Status.MISSING
    new = training_requirement(person(start=date(2026, 11, 1)), FIRE, [], date(2026, 11, 22), 30,
                               induction_ends=date(2027, 1, 24))
    assert new is not None and new.status is Status.IN_DATE and new.due == date(2027, 1, 24)
    late = training_requirement(person(start=date(2026, 1, 1)), FIRE, [], date(2026, 11, 22), 30,
                                induction_ends=date(2026, 3, 26))
    assert late is not None and late.status is Status.MISSING


def test_who_must_hold_which_course() -> None:
    assert status(FIRST_AID, [], date(2026, 1, 1), role=StaffRole.ANCILLARY) is None
    assert status(FIRE, [], date(2026, 1, 1), role=StaffRole.ANCILLARY) is Status.MISSING
    assert status(OPTIONAL, [], date(2026, 1, 1)) is None
    # optional training that lapsed is not a gap; in date it still shows
    assert status(OPTIONAL, [done(OPTIONAL, date(2020, 1, 1))], date(2026, 1, 1)) is None
    assert status(OPTIONAL, [done(OPTIONAL, date(2025, 6, 1))], date(2026, 1, 1)) is Status.IN_DATE


def test_one_off_course_never_expires() -> None:
    req = training_requirement(person(), ONCE, [done(ONCE, date(2015, 1, 1))], date(2030, 1, 1), 30)
    assert req is not None and req.status is Status.IN_DATE and req.due is None


def test_future_completion_and_expiry_before_completion_are_refused() -> None:
    today = date(2026, 11, 22)
    assert "completed" in validate_training(done(FIRE, date(2026, 11, 23)), FIRE, today)
    assert validate_training(done(FIRE, today), FIRE, today) == {}
    assert "expiry_override" in validate_training(done(FIRE, date(2026, 1, 1), expiry_override=date(2026, 1, 1)),
                                                  FIRE, today)


def test_a_snapshot_works_out_each_persons_requirements_once_and_hands_out_copies() -> None:
    from carehome_desk.models.ids import HomeId
    from carehome_desk.models.settings import ProviderSettings
    from carehome_desk.models.workforce import WorkforceSnapshot, staff_requirements

    member = person()
    snap = WorkforceSnapshot(HomeId(1), [member], [FIRE], training={(member.id, FIRE.id): [done(FIRE, date(2025, 11, 22))]})
    first = staff_requirements(snap, member, ProviderSettings(), date(2026, 11, 22))
    first.clear()  # a caller changing its list must not change what the next caller gets
    again = staff_requirements(snap, member, ProviderSettings(), date(2026, 11, 22))
    fire = next(r for r in again if r.key == f"course:{FIRE.id}")
    assert fire.status is Status.DUE_SOON
    later = staff_requirements(snap, member, ProviderSettings(), date(2026, 11, 23))  # a different day is worked out anew
    assert next(r for r in later if r.key == f"course:{FIRE.id}").status is Status.OVERDUE
    shorter = staff_requirements(snap, member, ProviderSettings(due_soon_days=10), date(2026, 11, 1))
    assert next(r for r in shorter if r.key == f"course:{FIRE.id}").status is Status.IN_DATE
