"""Many workforce records in one audited transaction: all saved, or none."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from carehome_desk.models.changes import Register
from carehome_desk.models.ids import HomeId
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.models.supervision import Session, SessionKind
from carehome_desk.models.training import TrainingRecord
from carehome_desk.store import ConflictError, Store
from tests.conftest import oak_lodge


@pytest.fixture
def home_id(store: Store) -> HomeId:
    home, _ = store.homes.add(oak_lodge())
    return home.id


def person(name: str = "Aisha Brennan") -> StaffDetails:
    return StaffDetails(full_name=name, role=StaffRole.RESIDENTIAL_WORKER, start_date=date(2025, 3, 3))


def test_a_batch_writes_every_record_and_audits_each(store: Store, home_id: HomeId) -> None:
    course = store.workforce.courses()[0]
    before = len(store.audit.entries())
    with store.workforce.batch() as batch:
        staff_id = batch.add_staff(home_id, person("  Aisha   Brennan "))
        training = batch.add(TrainingRecord(staff_id, course.id, date(2026, 1, 5), provider="In-house"))
        session = batch.add(Session(staff_id, SessionKind.SUPERVISION, date(2026, 2, 1), "Priya"))
        batch.update(replace(training, provider="County council"))
    assert batch.changes.touches(Register.STAFF, Register.TRAINING, Register.SUPERVISION)
    (member,) = store.staff.list(home_id)
    assert member.id == staff_id and member.full_name == "Aisha Brennan"
    assert [(t.id, t.provider) for t in store.workforce.training_for(staff_id)] == [(training.id, "County council")]
    assert [s.id for s in store.workforce.sessions_for(staff_id)] == [session.id]
    entries = store.audit.entries()  # newest first
    actions = [(e.table, e.action.value) for e in reversed(entries[: len(entries) - before])]
    assert actions == [("staff", "insert"), ("training_records", "insert"), ("supervision_sessions", "insert"),
                       ("training_records", "update")]


def test_a_failure_part_way_writes_nothing(store: Store, home_id: HomeId) -> None:
    course = store.workforce.courses()[0]
    audit_before = store.audit.entries()
    with pytest.raises(RuntimeError), store.workforce.batch() as batch:
        staff_id = batch.add_staff(home_id, person())
        batch.add(TrainingRecord(staff_id, course.id, date(2026, 1, 5)))
        raise RuntimeError("the disk filled up")
    assert store.staff.list(home_id) == []
    assert store.audit.entries() == audit_before


def test_a_stale_staff_edit_refuses_the_whole_batch(store: Store, home_id: HomeId) -> None:
    member, _ = store.staff.add(home_id, person())
    store.staff.update(replace(member, hours_per_week=20.0))  # someone else saved in between
    with pytest.raises(ConflictError), store.workforce.batch() as batch:
        batch.add_staff(home_id, person("Sam Kerr"))
        batch.update_staff(replace(member, full_name="Aisha Okafor"))
    assert [s.full_name for s in store.staff.list(home_id)] == ["Aisha Brennan"]


def test_withdrawn_training_is_listed_for_its_home(store: Store, home_id: HomeId) -> None:
    course = store.workforce.courses()[0]
    member, _ = store.staff.add(home_id, person())
    record, _ = store.workforce.add_training(TrainingRecord(member.id, course.id, date(2026, 1, 5)))
    assert store.workforce.withdrawn_training(home_id) == []
    store.workforce.archive_training(record.id, "entered in error")
    assert [(t.staff_id, t.course_id, t.completed) for t in store.workforce.withdrawn_training(home_id)] == [
        (member.id, course.id, date(2026, 1, 5))]


def test_a_course_added_in_a_batch_is_audited_and_goes_with_a_failure(store: Store, home_id: HomeId) -> None:
    from carehome_desk.models.training import Course

    with store.workforce.batch() as batch:
        course_id = batch.add_course(Course(" Sleep-in awareness ", renewal_months=24, position=40))
        staff_id = batch.add_staff(home_id, person())
        batch.add(TrainingRecord(staff_id, course_id, date(2026, 1, 5)))
    assert batch.changes.touches(Register.COURSES, Register.TRAINING)
    added = next(c for c in store.workforce.courses() if c.id == course_id)
    assert (added.name, added.renewal_months) == ("Sleep-in awareness", 24)
    assert [e.action.value for e in store.audit.entries(table="courses", record_id=str(course_id))] == ["insert"]
    with pytest.raises(RuntimeError), store.workforce.batch() as failing:
        failing.add_course(Course("Makaton"))
        raise RuntimeError("the import stopped")
    assert all(c.name != "Makaton" for c in store.workforce.courses())
