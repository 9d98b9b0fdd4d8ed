"""Workforce records through the real store: round trips, validation, audit, one home's snapshot."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from carehome_desk.services.due import due_items
from carehome_desk.models.audit import AuditAction
from carehome_desk.models.dbs import DbsCertificate, DbsStatusCheck, StatusResult
from carehome_desk.models.qualifications import Qualification, QualificationKind, QualificationStatus
from carehome_desk.models.recruitment import CheckKind, RecruitmentCheck
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.models.status import Status
from carehome_desk.models.supervision import Session, SessionKind
from carehome_desk.models.training import Course, TrainingRecord
from carehome_desk.store import ConflictError, Store, ValidationError
from tests.conftest import oak_lodge

TODAY = date(2026, 11, 22)  # the fixed clock's day


@pytest.fixture
def home_id(store: Store):  # type: ignore[no-untyped-def]
    home, _ = store.homes.add(oak_lodge())
    return home.id


def worker(**kw: object) -> StaffDetails:
    values: dict[str, object] = dict(full_name="Aisha Brennan", role=StaffRole.RESIDENTIAL_WORKER,
                                     start_date=date(2025, 3, 3), staff_ref="E017")
    values.update(kw)
    return StaffDetails(**values)  # type: ignore[arg-type]


def test_staff_round_trip_and_stale_edit(store: Store, home_id) -> None:  # type: ignore[no-untyped-def]
    member, changes = store.staff.add(home_id, worker(full_name="  Aisha   Brennan ", hours_per_week=30.0))
    assert member.full_name == "Aisha Brennan" and member.hours_per_week == 30.0 and member.is_care_role
    assert changes.touches(*changes.registers)
    again = store.staff.get(member.id)
    assert again == member
    updated, _ = store.staff.update(replace(member, leaving_date=date(2026, 12, 31)))
    assert updated.version == 2
    with pytest.raises(ConflictError):
        store.staff.update(replace(member, full_name="Stale"))
    with pytest.raises(ValidationError) as caught:
        store.staff.update(replace(updated, leaving_date=date(2025, 1, 1)))
    assert caught.value.problems["leaving_date"] == "The leaving date is before the start date."


def test_leavers_stay_in_the_record_but_drop_out_of_compliance(store: Store, home_id) -> None:  # type: ignore[no-untyped-def]
    member, _ = store.staff.add(home_id, worker(leaving_date=date(2026, 11, 21)))
    snapshot = store.workforce.snapshot(home_id)
    assert [s.id for s in snapshot.staff] == [member.id]
    assert snapshot.current_staff(TODAY) == []
    assert [i for i in due_items(store, TODAY) if i.requirement.subject == "Aisha Brennan"] == []
    last_day, _ = store.staff.add(home_id, worker(full_name="Sam Kerr", staff_ref="E018",
                                                  leaving_date=TODAY))
    assert [s.id for s in store.workforce.snapshot(home_id).current_staff(TODAY)] == [last_day.id]


def test_qualification_and_check_are_one_record_each_updated_in_place(store: Store, home_id) -> None:  # type: ignore[no-untyped-def]
    member, _ = store.staff.add(home_id, worker())
    q = Qualification(member.id, QualificationKind.LEVEL3, QualificationStatus.ENROLLED, enrolled_date=date(2025, 6, 1))
    store.workforce.save_qualification(q)
    store.workforce.save_qualification(replace(q, status=QualificationStatus.ACHIEVED, achieved_date=date(2026, 9, 1)))
    snap = store.workforce.snapshot(home_id)
    assert snap.qualifications[member.id][QualificationKind.LEVEL3].status is QualificationStatus.ACHIEVED
    actions = [e.action for e in store.audit.entries(table="qualifications")]
    assert actions == [AuditAction.UPDATE, AuditAction.INSERT]
    check = RecruitmentCheck(member.id, CheckKind.IDENTITY, done=True, done_date=date(2025, 2, 1), verified_by="RM")
    store.workforce.save_check(check)
    store.workforce.save_check(replace(check, note="Passport seen"))
    assert store.workforce.snapshot(home_id).checks[member.id][CheckKind.IDENTITY].note == "Passport seen"
    with pytest.raises(ValidationError) as caught:
        store.workforce.save_check(RecruitmentCheck(member.id, CheckKind.DBS, done=True))
    assert set(caught.value.problems) == {"done_date", "verified_by"}


def test_dbs_certificate_and_status_checks(store: Store, home_id) -> None:  # type: ignore[no-untyped-def]
    member, _ = store.staff.add(home_id, worker())
    cert, _ = store.workforce.add_certificate(DbsCertificate(member.id, "0012 3456 7890", date(2025, 2, 10),
                                                             update_service=True))
    assert cert.certificate_number == "001234567890"
    with pytest.raises(ValidationError, match="already recorded"):
        store.workforce.add_certificate(DbsCertificate(member.id, "001234567890", date(2025, 2, 10)))
    with pytest.raises(ValidationError) as caught:
        store.workforce.add_status_check(DbsStatusCheck(cert.id, date(2025, 1, 1), StatusResult.NO_CHANGE, "RM"))
    assert "before the certificate" in caught.value.problems["checked_on"]
    store.workforce.add_status_check(DbsStatusCheck(cert.id, date(2026, 2, 10), StatusResult.NO_CHANGE, "RM"))
    snap = store.workforce.snapshot(home_id)
    assert [c.checked_on for c in snap.status_checks[cert.id]] == [date(2026, 2, 10)]


def test_the_store_refuses_a_short_certificate_number_and_takes_out_hyphens(store: Store, home_id) -> None:  # type: ignore[no-untyped-def]
    member, _ = store.staff.add(home_id, worker())
    with pytest.raises(ValidationError) as caught:
        store.workforce.add_certificate(DbsCertificate(member.id, "1234", date(2025, 2, 10)))
    assert caught.value.problems == {"certificate_number": "A DBS certificate number is 12 digits; this has 4."}
    assert store.workforce.certificates_for(member.id) == []
    cert, _ = store.workforce.add_certificate(DbsCertificate(member.id, "0012-3456-7890", date(2025, 2, 10)))
    assert cert.certificate_number == "001234567890"
    with pytest.raises(ValidationError) as caught:
        store.workforce.update_certificate(replace(cert, certificate_number="0012 3456"))
    assert caught.value.problems == {"certificate_number": "A DBS certificate number is 12 digits; this has 8."}


def test_training_records_and_catalogue(store: Store, home_id) -> None:  # type: ignore[no-untyped-def]
    courses = store.workforce.courses()
    assert any(c.first_aid for c in courses) and len(courses) >= 15
    fire = next(c for c in courses if c.name == "Fire safety")
    member, _ = store.staff.add(home_id, worker())
    record, _ = store.workforce.add_training(TrainingRecord(member.id, fire.id, date(2026, 1, 5), provider="County FS"))
    with pytest.raises(ValidationError, match="already recorded"):
        store.workforce.add_training(TrainingRecord(member.id, fire.id, date(2026, 1, 5)))
    with pytest.raises(ValidationError):
        store.workforce.add_training(TrainingRecord(member.id, fire.id, date(2026, 11, 23)))
    assert store.workforce.training_for(member.id) == [record]
    store.workforce.archive_training(record.id, "Wrong person")
    assert store.workforce.training_for(member.id) == []
    assert store.audit.entries(table="training_records")[0].action is AuditAction.ARCHIVE
    own, _ = store.workforce.save_course(Course("Epilepsy rescue medication", renewal_months=12))
    assert own.id and own.name in [c.name for c in store.workforce.courses()]
    with pytest.raises(ValidationError, match="already a course"):
        store.workforce.save_course(Course("Fire safety"))


def test_catalogue_is_seeded_once_and_never_over_the_providers_own(store: Store, db_path, clock) -> None:  # type: ignore[no-untyped-def]
    fire = next(c for c in store.workforce.courses() if c.name == "Fire safety")
    store.workforce.save_course(replace(fire, renewal_months=6))
    store.close()
    with Store.open(db_path, clock=clock) as again:
        names = [c.name for c in again.workforce.courses()]
        assert names.count("Fire safety") == 1
        assert next(c for c in again.workforce.courses() if c.name == "Fire safety").renewal_months == 6


def test_sessions_and_snapshot_belong_to_one_home(store: Store, home_id) -> None:  # type: ignore[no-untyped-def]
    other, _ = store.homes.add(oak_lodge(name="Willow House", urn="SC765432"))
    mine, _ = store.staff.add(home_id, worker())
    theirs, _ = store.staff.add(other.id, worker(full_name="Tom Hughes", staff_ref="W001"))
    store.workforce.add_session(Session(mine.id, SessionKind.SUPERVISION, date(2026, 11, 1), "Priya Fairbairn"))
    store.workforce.add_session(Session(theirs.id, SessionKind.SUPERVISION, date(2026, 11, 2), "Someone"))
    with pytest.raises(ValidationError):
        store.workforce.add_session(Session(mine.id, SessionKind.SUPERVISION, date(2025, 1, 1), "RM"))
    snap = store.workforce.snapshot(home_id)
    assert [s.id for s in snap.staff] == [mine.id]
    assert list(snap.sessions) == [mine.id]


def test_due_items_follow_a_recorded_training(store: Store, home_id) -> None:  # type: ignore[no-untyped-def]
    member, _ = store.staff.add(home_id, worker())
    fire = next(c for c in store.workforce.courses() if c.name == "Fire safety")
    before = [i for i in due_items(store, TODAY) if i.requirement.requirement == "Fire safety"]
    assert [i.requirement.status for i in before] == [Status.MISSING]
    store.workforce.add_training(TrainingRecord(member.id, fire.id, date(2026, 11, 20)))
    assert not [i for i in due_items(store, TODAY) if i.requirement.requirement == "Fire safety"]
