"""Many workforce records in one audited transaction (for imports): all of them are saved, or none.

Callers validate each record first, with the models' validate_* functions, as the repository
methods do; the batch only writes, through the Writer, so every row is audited.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any, TypeVar

from sqlalchemy import Table, select

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.dbs import DbsCertificate, DbsStatusCheck
from carehome_desk.models.ids import CourseId, HomeId, StaffId
from carehome_desk.models.qualifications import Qualification
from carehome_desk.models.recruitment import RecruitmentCheck
from carehome_desk.models.staff import StaffDetails, StaffMember
from carehome_desk.models.supervision import Session
from carehome_desk.models.training import Course, TrainingRecord, clash_message, name_clash
from carehome_desk.store.errors import ValidationError
from carehome_desk.store.rows import from_row, to_row
from carehome_desk.store.schema import (
    courses,
    dbs_certificates,
    dbs_status_checks,
    qualifications,
    recruitment_checks,
    staff,
    supervision_sessions,
    training_records,
)
from carehome_desk.store.writer import Writer

R = TypeVar("R", Qualification, RecruitmentCheck, DbsCertificate, DbsStatusCheck, TrainingRecord, Session)

_TABLES: dict[type, tuple[Table, Register]] = {
    Qualification: (qualifications, Register.QUALIFICATIONS),
    RecruitmentCheck: (recruitment_checks, Register.CHECKS),
    DbsCertificate: (dbs_certificates, Register.DBS),
    DbsStatusCheck: (dbs_status_checks, Register.DBS),
    TrainingRecord: (training_records, Register.TRAINING),
    Session: (supervision_sessions, Register.SUPERVISION),
}
_KEPT_BY_LAW = (training_records, supervision_sessions)  # these carry an archive reason column
_STAFF_FIELDS = tuple(f.name for f in fields(StaffDetails))


class WorkforceBatch:
    """Typed, audited writes inside one transaction. Get one from ``store.workforce.batch()``."""

    def __init__(self, writer: Writer):
        self._writer = writer
        self._registers: set[Register] = set()

    @property
    def changes(self) -> Changes:
        """The registers written so far."""
        return Changes.of(*self._registers)

    def add_staff(self, home_id: HomeId, details: StaffDetails) -> StaffId:
        """Add a member of staff; returns the new id for the records that belong to them."""
        row = to_row(details.normalised(), skip=())
        row.update(home_id=home_id, version=1, archive_reason="")
        self._registers.add(Register.STAFF)
        return StaffId(self._writer.insert(staff, row))

    def update_staff(self, member: StaffMember) -> None:
        """Save a staff record's details; refused (ConflictError) if it changed since it was read."""
        details = member.details.normalised()
        row = {name: value for name, value in to_row(details, skip=()).items() if name in _STAFF_FIELDS}
        self._writer.update(staff, member.id, row, expect_version=member.version)
        self._registers.add(Register.STAFF)

    def add_course(self, course: Course) -> CourseId:
        """Add a course to the catalogue (an import adding a provider's own course); validate it first."""
        catalogue = [from_row(Course, r) for r in self._writer.conn.execute(select(courses)).mappings()]
        clash = name_clash(course.name, catalogue)
        if clash is not None:  # the import matches names this way first, so only a bug reaches here
            raise ValidationError({"name": clash_message(clash)})
        row = to_row(replace(course, name=course.name.strip()))
        self._registers.add(Register.COURSES)
        return CourseId(self._writer.insert(courses, row))

    def add(self, record: R) -> R:
        """Insert a qualification, check, certificate, status check, training record or session."""
        table, register = _TABLES[type(record)]
        row: dict[str, Any] = to_row(record)
        if table in _KEPT_BY_LAW:
            row["archive_reason"] = ""
        new_id = self._writer.insert(table, row)
        self._registers.add(register)
        return replace(record, id=new_id)

    def update(self, record: R) -> None:
        """Save changed details of a stored record (matched by its id)."""
        table, register = _TABLES[type(record)]
        self._writer.update(table, record.id, to_row(record))
        self._registers.add(register)
