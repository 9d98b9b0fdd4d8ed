"""Qualifications, recruitment checks, DBS, training and supervision, and the snapshot the rules read."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Table, select
from sqlalchemy.exc import IntegrityError

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.dbs import (
    DbsCertificate,
    DbsStatusCheck,
    certificate_number_digits,
    validate_certificate,
    validate_status_check,
)
from carehome_desk.models.ids import CourseId, DbsId, HomeId, StaffId, SupervisionId, TrainingId
from carehome_desk.models.qualifications import Qualification, QualificationKind, validate_qualification
from carehome_desk.models.recruitment import CheckKind, RecruitmentCheck, validate_check
from carehome_desk.models.staff import StaffMember
from carehome_desk.models.status import Basis
from carehome_desk.models.supervision import Session, validate_session
from carehome_desk.models.training import (
    Course,
    RequiredFor,
    TrainingRecord,
    clash_message,
    name_clash,
    validate_course,
    validate_training,
)
from carehome_desk.models.workforce import WorkforceSnapshot
from carehome_desk.store.batch import WorkforceBatch
from carehome_desk.store.conflict import gone_error
from carehome_desk.store.errors import NotFoundError, ValidationError
from carehome_desk.store.rows import dict_rows, from_row, to_row, typed_rows
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

if TYPE_CHECKING:
    from carehome_desk.store.store import Store
    from carehome_desk.store.writer import Writer


def _check(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError(problems)

R = TypeVar("R")


class WorkforceRepository:
    """Every workforce record apart from the staff record itself."""

    def __init__(self, store: Store):
        self._store = store

    # ---- reading ---------------------------------------------------------------------------

    def _rows(self, table: Table, *where: Any) -> list[dict[str, Any]]:
        query = select(table)
        for clause in where:
            query = query.where(clause)
        with self._store.read() as conn:
            return dict_rows(conn.execute(query.order_by(table.c.id)))

    def _typed(self, cls: type[R], table: Table, *where: Any) -> list[R]:
        query = select(table)
        for clause in where:
            query = query.where(clause)
        with self._store.read() as conn:
            return typed_rows(cls, conn.execute(query.order_by(table.c.id)))

    def _staff_ids(self, home_id: HomeId) -> Any:
        return select(staff.c.id).where(staff.c.home_id == home_id).scalar_subquery()

    def snapshot(self, home_id: HomeId) -> WorkforceSnapshot:
        """All workforce records of a home in a handful of queries (fast at 300 staff × 30 courses)."""
        in_home = self._staff_ids(home_id)
        members = self._store.staff.list(home_id)
        quals: dict[StaffId, dict[QualificationKind, Qualification]] = defaultdict(dict)
        for q in self._typed(Qualification, qualifications, qualifications.c.staff_id.in_(in_home)):
            quals[q.staff_id][q.kind] = q
        checks: dict[StaffId, dict[CheckKind, RecruitmentCheck]] = defaultdict(dict)
        for c in self._typed(RecruitmentCheck, recruitment_checks, recruitment_checks.c.staff_id.in_(in_home)):
            checks[c.staff_id][c.kind] = c
        certs: dict[StaffId, list[DbsCertificate]] = defaultdict(list)
        for cert in self._typed(DbsCertificate, dbs_certificates, dbs_certificates.c.staff_id.in_(in_home)):
            certs[cert.staff_id].append(cert)
        cert_ids = select(dbs_certificates.c.id).where(dbs_certificates.c.staff_id.in_(in_home)).scalar_subquery()
        status: dict[DbsId, list[DbsStatusCheck]] = defaultdict(list)
        for s in self._typed(DbsStatusCheck, dbs_status_checks, dbs_status_checks.c.certificate_id.in_(cert_ids)):
            status[s.certificate_id].append(s)
        training: dict[tuple[StaffId, CourseId], list[TrainingRecord]] = defaultdict(list)
        for t in self._typed(TrainingRecord, training_records, training_records.c.staff_id.in_(in_home),
                             training_records.c.archived_at.is_(None)):
            training[(t.staff_id, t.course_id)].append(t)
        sessions: dict[StaffId, list[Session]] = defaultdict(list)
        for s2 in self._typed(Session, supervision_sessions, supervision_sessions.c.staff_id.in_(in_home),
                              supervision_sessions.c.archived_at.is_(None)):
            sessions[s2.staff_id].append(s2)
        return WorkforceSnapshot(home_id=home_id, staff=members, courses=self.courses(include_archived=True),
                                 qualifications=dict(quals), checks=dict(checks), certificates=dict(certs),
                                 status_checks=dict(status), training=dict(training), sessions=dict(sessions))

    def snapshots(self) -> dict[HomeId, WorkforceSnapshot]:
        """Every home's snapshot, each exactly as ``snapshot`` reads it, in one query per table for all homes.

        For the views that cover every home (the all-homes dashboard, `due`): a hundred homes cost
        a handful of queries, not a hundred handfuls.
        """
        members: dict[HomeId, list[StaffMember]] = defaultdict(list)
        for m in self._store.staff.list():
            members[m.home_id].append(m)
        with self._store.read() as conn:  # after the members: every member is placed (leavers' records too)
            home_of = {StaffId(r.id): HomeId(r.home_id) for r in conn.execute(select(staff.c.id, staff.c.home_id))}
        Of = dict[HomeId, Any]  # noqa: N806 - a local type alias
        quals: Of = defaultdict(lambda: defaultdict(dict))
        checks: Of = defaultdict(lambda: defaultdict(dict))
        certs: Of = defaultdict(lambda: defaultdict(list))
        status: Of = defaultdict(lambda: defaultdict(list))
        training: Of = defaultdict(lambda: defaultdict(list))
        sessions: Of = defaultdict(lambda: defaultdict(list))
        # A record whose person was added after the staff were read belongs to nobody on show yet: left out.
        for q in self._typed(Qualification, qualifications):
            if q.staff_id in home_of:
                quals[home_of[q.staff_id]][q.staff_id][q.kind] = q
        for c in self._typed(RecruitmentCheck, recruitment_checks):
            if c.staff_id in home_of:
                checks[home_of[c.staff_id]][c.staff_id][c.kind] = c
        cert_home: dict[DbsId, HomeId] = {}
        for cert in self._typed(DbsCertificate, dbs_certificates):
            if cert.staff_id in home_of:
                certs[home_of[cert.staff_id]][cert.staff_id].append(cert)
                cert_home[cert.id] = home_of[cert.staff_id]
        for s in self._typed(DbsStatusCheck, dbs_status_checks):
            if s.certificate_id in cert_home:
                status[cert_home[s.certificate_id]][s.certificate_id].append(s)
        for t in self._typed(TrainingRecord, training_records, training_records.c.archived_at.is_(None)):
            if t.staff_id in home_of:
                training[home_of[t.staff_id]][(t.staff_id, t.course_id)].append(t)
        for s2 in self._typed(Session, supervision_sessions, supervision_sessions.c.archived_at.is_(None)):
            if s2.staff_id in home_of:
                sessions[home_of[s2.staff_id]][s2.staff_id].append(s2)
        catalogue = self.courses(include_archived=True)
        return {home.id: WorkforceSnapshot(
            home_id=home.id, staff=members.get(home.id, []), courses=list(catalogue),
            qualifications=dict(quals.get(home.id, {})), checks=dict(checks.get(home.id, {})),
            certificates=dict(certs.get(home.id, {})), status_checks=dict(status.get(home.id, {})),
            training=dict(training.get(home.id, {})), sessions=dict(sessions.get(home.id, {})))
            for home in self._store.homes.list()}

    def courses(self, *, include_archived: bool = False) -> list[Course]:
        """The provider's catalogue in display order."""
        where = () if include_archived else (courses.c.archived.is_(False),)
        rows = self._rows(courses, *where)
        return sorted((from_row(Course, r) for r in rows), key=lambda c: (c.position, c.name))

    def course(self, course_id: CourseId) -> Course:
        """One course."""
        rows = self._rows(courses, courses.c.id == course_id)
        if not rows:
            raise NotFoundError(f"There is no course {course_id}.")
        return from_row(Course, rows[0])

    def training_for(self, staff_id: StaffId) -> list[TrainingRecord]:
        """A person's training records, newest first (archived ones left out)."""
        rows = self._rows(training_records, training_records.c.staff_id == staff_id,
                          training_records.c.archived_at.is_(None))
        return sorted((from_row(TrainingRecord, r) for r in rows), key=lambda t: t.completed, reverse=True)

    def sessions_for(self, staff_id: StaffId) -> list[Session]:
        """A person's supervisions and appraisals, newest first."""
        rows = self._rows(supervision_sessions, supervision_sessions.c.staff_id == staff_id,
                          supervision_sessions.c.archived_at.is_(None))
        return sorted((from_row(Session, r) for r in rows), key=lambda s: s.held_on, reverse=True)

    def certificates_for(self, staff_id: StaffId) -> list[DbsCertificate]:
        """A person's DBS certificates, newest first."""
        rows = self._rows(dbs_certificates, dbs_certificates.c.staff_id == staff_id)
        return sorted((from_row(DbsCertificate, r) for r in rows), key=lambda c: c.issue_date, reverse=True)

    def status_checks_for(self, certificate_id: DbsId) -> list[DbsStatusCheck]:
        """Update Service checks on a certificate, newest first."""
        rows = self._rows(dbs_status_checks, dbs_status_checks.c.certificate_id == certificate_id)
        return sorted((from_row(DbsStatusCheck, r) for r in rows), key=lambda c: c.checked_on, reverse=True)

    def withdrawn_training(self, home_id: HomeId) -> list[TrainingRecord]:
        """Training records withdrawn as entered in error (they still hold their staff, course and date)."""
        return [from_row(TrainingRecord, r) for r in self._rows(
            training_records, training_records.c.staff_id.in_(self._staff_ids(home_id)),
            training_records.c.archived_at.is_not(None))]

    # ---- writing ---------------------------------------------------------------------------

    def _upsert(self, table: Table, record: Any, key_columns: tuple[str, ...]) -> Any:
        row = to_row(record)
        with self._store.read() as conn:
            clause = [table.c[k] == row[k] for k in key_columns]
            existing = conn.execute(select(table.c.id).where(*clause)).scalar()
        with self._store.write() as w:
            _still_here(w, record.staff_id)
            if existing is None:
                return w.insert(table, row)
            w.update(table, existing, row)
            return existing

    def save_qualification(self, q: Qualification) -> tuple[Qualification, Changes]:
        """Record progress, equivalence or deferral for a person's diploma (one record per diploma)."""
        _check(validate_qualification(q, self._store.today()))
        new_id = self._upsert(qualifications, q, ("staff_id", "kind"))
        return replace(q, id=new_id), Changes.of(Register.QUALIFICATIONS)

    def save_check(self, check: RecruitmentCheck) -> tuple[RecruitmentCheck, Changes]:
        """Record a safer-recruitment check (one record per check per person)."""
        _check(validate_check(check, self._store.today()))
        new_id = self._upsert(recruitment_checks, check, ("staff_id", "kind"))
        return replace(check, id=new_id), Changes.of(Register.CHECKS)

    def add_certificate(self, cert: DbsCertificate) -> tuple[DbsCertificate, Changes]:
        """Record a DBS certificate (its number and date, not its content)."""
        cert = replace(cert, certificate_number=certificate_number_digits(cert.certificate_number))
        _check(validate_certificate(cert, self._store.today()))
        try:
            with self._store.write() as w:
                _still_here(w, cert.staff_id)
                new_id = w.insert(dbs_certificates, to_row(cert))
        except IntegrityError as exc:
            raise ValidationError({"certificate_number": "This certificate is already recorded for them."}) from exc
        return replace(cert, id=DbsId(new_id)), Changes.of(Register.DBS)

    def update_certificate(self, cert: DbsCertificate) -> Changes:
        """Correct a certificate's details (for example, joining the Update Service)."""
        cert = replace(cert, certificate_number=certificate_number_digits(cert.certificate_number))
        _check(validate_certificate(cert, self._store.today()))
        with self._store.write() as w:
            w.update(dbs_certificates, cert.id, to_row(cert))
        return Changes.of(Register.DBS)

    def add_status_check(self, check: DbsStatusCheck) -> tuple[DbsStatusCheck, Changes]:
        """Record an Update Service status check."""
        rows = self._rows(dbs_certificates, dbs_certificates.c.id == check.certificate_id)
        if not rows:
            raise NotFoundError("That DBS certificate is no longer recorded.")
        _check(validate_status_check(check, rows[0]["issue_date"], self._store.today()))
        with self._store.write() as w:
            new_id = w.insert(dbs_status_checks, to_row(check))
        return replace(check, id=new_id), Changes.of(Register.DBS)

    def add_training(self, record: TrainingRecord) -> tuple[TrainingRecord, Changes]:
        """Record a completed course."""
        course = self.course(record.course_id)
        _check(validate_training(record, course, self._store.today()))
        try:
            with self._store.write() as w:
                _still_here(w, record.staff_id)
                new_id = w.insert(training_records, {**to_row(record), "archive_reason": ""})
                home = w.conn.execute(select(staff.c.home_id).where(staff.c.id == record.staff_id)).scalar()
        except IntegrityError as exc:
            raise ValidationError({"completed": f"{course.name} on this date is already recorded."}) from exc
        # The person's home: the dashboard works out again that home's workforce figures only.
        return replace(record, id=TrainingId(new_id)), Changes.of(Register.TRAINING,
                                                                  home=None if home is None else HomeId(home))

    def archive_training(self, training_id: TrainingId, reason: str) -> Changes:
        """Withdraw a training record entered in error (kept, marked, audited)."""
        if not reason.strip():
            raise ValidationError({"archive_reason": "Say why the record is being withdrawn."})
        with self._store.write() as w:
            w.archive(training_records, training_id, reason.strip())
        return Changes.of(Register.TRAINING)

    def add_session(self, session: Session) -> tuple[Session, Changes]:
        """Record a supervision or appraisal."""
        _check(validate_session(session, self._store.staff.get(session.staff_id), self._store.today()))
        with self._store.write() as w:
            _still_here(w, session.staff_id)
            new_id = w.insert(supervision_sessions, {**to_row(session), "archive_reason": ""})
        return replace(session, id=SupervisionId(new_id)), Changes.of(Register.SUPERVISION)

    def archive_session(self, session_id: SupervisionId, reason: str) -> Changes:
        """Withdraw a supervision record entered in error."""
        if not reason.strip():
            raise ValidationError({"archive_reason": "Say why the record is being withdrawn."})
        with self._store.write() as w:
            w.archive(supervision_sessions, session_id, reason.strip())
        return Changes.of(Register.SUPERVISION)

    def save_course(self, course: Course) -> tuple[Course, Changes]:
        """Add or edit a catalogue entry (provider-editable)."""
        _check(validate_course(course))
        course = replace(course, name=course.name.strip())
        try:
            with self._store.write() as w:
                # Unique ignoring capitals and spacing; checked here, not by the schema, so a database that already
                # holds such a pair still opens and each of the pair can still be edited.
                catalogue = [from_row(Course, r) for r in w.conn.execute(select(courses)).mappings()]
                own = next((c for c in catalogue if course.id and c.id == course.id), None)
                clash = name_clash(course.name, catalogue, own)
                if clash is not None:
                    raise ValidationError({"name": clash_message(clash)})
                if course.id:
                    w.update(courses, course.id, to_row(course))
                    new_id = course.id
                else:
                    new_id = w.insert(courses, to_row(course))
        except IntegrityError as exc:
            raise ValidationError({"name": f"There is already a course called {course.name}."}) from exc
        return replace(course, id=CourseId(new_id)), Changes.of(Register.COURSES)

    def seed_catalogue(self, entries: list[Course]) -> Changes:
        """Fill an empty catalogue with the default courses (once; never over a provider's own)."""
        with self._store.read() as conn:
            if conn.execute(select(courses.c.id).limit(1)).first() is not None:
                return Changes()
        with self._store.write() as w:
            for position, course in enumerate(entries):
                w.insert(courses, to_row(replace(course, position=position)))
        return Changes.of(Register.COURSES)

    @contextmanager
    def batch(self) -> Iterator[WorkforceBatch]:
        """One audited transaction for many records (an import): all saved, or none if anything fails."""
        with self._store.write() as writer:
            yield WorkforceBatch(writer)


def load_default_catalogue() -> list[Course]:
    """The default course catalogue shipped in resources/courses.json."""
    from carehome_desk.paths import resources_dir

    data = json.loads((resources_dir() / "courses.json").read_text(encoding="utf-8"))
    return [
        Course(name=c["name"], renewal_months=c["renewal_months"], required_for=RequiredFor(c["required_for"]),
               basis=Basis(c["basis"]), source=c["source"], first_aid=bool(c.get("first_aid", False)))
        for c in data["courses"]
    ]


def _still_here(w: Writer, staff_id: StaffId) -> None:
    """Refuse a check, course or session for a person archived (or removed) elsewhere since the form opened:
    it would be saved where the manager can no longer see it."""
    row = w.conn.execute(select(staff.c.id, staff.c.archived_at, staff.c.archive_reason)
                         .where(staff.c.id == staff_id)).mappings().first()
    gone = gone_error(w.conn, staff, staff_id, None if row is None else dict(row), what="This person's record")
    if gone is not None:
        raise gone
