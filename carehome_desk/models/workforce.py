"""Every workforce requirement for a home, computed from one snapshot of its records."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from carehome_desk.models.dbs import DbsCertificate, DbsStatusCheck, dbs_requirement
from carehome_desk.models.ids import CourseId, DbsId, HomeId, StaffId
from carehome_desk.models.qualifications import (
    Qualification,
    QualificationKind,
    confirm_requirement,
    qualification_requirement,
    required_kind,
)
from carehome_desk.models.recruitment import (
    CheckKind,
    RecruitmentCheck,
    check_requirements,
    started_before_checks,
    vetting,
)
from carehome_desk.models.settings import ProviderSettings
from carehome_desk.models.staff import StaffMember
from carehome_desk.models.status import Requirement, Status
from carehome_desk.models.supervision import Session, supervision_requirements
from carehome_desk.models.training import Course, TrainingRecord, training_requirement


@dataclass(frozen=True)
class WorkforceSnapshot:
    """All workforce records of one home, as the rules need them."""

    home_id: HomeId
    staff: list[StaffMember]
    courses: list[Course]
    qualifications: dict[StaffId, dict[QualificationKind, Qualification]] = field(default_factory=dict)
    checks: dict[StaffId, dict[CheckKind, RecruitmentCheck]] = field(default_factory=dict)
    certificates: dict[StaffId, list[DbsCertificate]] = field(default_factory=dict)
    status_checks: dict[DbsId, list[DbsStatusCheck]] = field(default_factory=dict)
    training: dict[tuple[StaffId, CourseId], list[TrainingRecord]] = field(default_factory=dict)
    sessions: dict[StaffId, list[Session]] = field(default_factory=dict)
    # staff_requirements() results, so the pack's sheets, Annex A and the metrics share one computation.
    _memo: dict[tuple[StaffMember, ProviderSettings, date], tuple[Requirement, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def current_staff(self, today: date) -> list[StaffMember]:
        """Staff working at the home today (leavers drop out of compliance)."""
        return [s for s in self.staff if s.is_current(today)]

    def latest_certificate(self, staff_id: StaffId) -> DbsCertificate | None:
        """The most recently issued certificate recorded for a person."""
        certs = self.certificates.get(staff_id, [])
        return max(certs, key=lambda c: (c.issue_date, c.id)) if certs else None

    def vetting(self, staff: StaffMember) -> dict[CheckKind, RecruitmentCheck]:
        """A person's Schedule 2 checks as they count (the DBS line met by a satisfying certificate)."""
        return vetting(staff, self.checks.get(staff.id, {}), self.latest_certificate(staff.id))

    def reg_32_7_flag(self, staff: StaffMember, today: date) -> str | None:
        """The reg 32(7) flag for a person, or None: the Staff page, the Checks tab and the pack read this."""
        return started_before_checks(staff, self.checks.get(staff.id, {}), today, self.latest_certificate(staff.id))

    def active_courses(self) -> list[Course]:
        """The catalogue in its display order, without archived courses."""
        return sorted((c for c in self.courses if not c.archived), key=lambda c: (c.position, c.name))


def staff_requirements(snap: WorkforceSnapshot, staff: StaffMember, settings: ProviderSettings,
                       today: date) -> list[Requirement]:
    """Every requirement for one person, in a stable order: qualification, checks, DBS, training, supervision.

    Computed once per person, settings and day for a snapshot (a snapshot is never changed once read).
    """
    key = (staff, settings, today)
    known = snap._memo.get(key)
    if known is None:
        known = snap._memo[key] = tuple(_staff_requirements(snap, staff, settings, today))
    return list(known)


def _staff_requirements(snap: WorkforceSnapshot, staff: StaffMember, settings: ProviderSettings,
                        today: date) -> list[Requirement]:
    window = settings.due_soon_days
    out: list[Requirement] = []
    kind = required_kind(staff)
    record = snap.qualifications.get(staff.id, {}).get(kind) if kind else None
    qual = qualification_requirement(staff, record, today, settings.qualification_warning_days)
    if qual is not None:
        out.append(qual)
    confirm = confirm_requirement(staff, record)  # after the diploma: callers take the first Qualification item as it
    if confirm is not None:
        out.append(confirm)
    cert = snap.latest_certificate(staff.id)
    out.extend(check_requirements(staff, snap.checks.get(staff.id, {}), cert))
    out.append(dbs_requirement(staff, cert, snap.status_checks.get(cert.id, []) if cert else [], today,
                               settings.dbs_recheck_years, window))
    for course in snap.active_courses():
        req = course_requirement(staff, course, snap.training.get((staff.id, course.id), []), settings, today)
        if req is not None:
            out.append(req)
    out.extend(supervision_requirements(staff, snap.sessions.get(staff.id, []), today, settings.supervision_weeks,
                                        window, settings.induction_weeks, settings.probation_months))
    return out


def course_requirement(staff: StaffMember, course: Course, records: list[TrainingRecord], settings: ProviderSettings,
                       day: date) -> Requirement | None:
    """One course for one person on a day, with the induction allowance: the Staff page's, `due`'s and the charts' rule."""
    induction_ends = staff.start_date + timedelta(weeks=settings.induction_weeks)
    return training_requirement(staff, course, records, day, settings.due_soon_days, induction_ends)


def workforce_requirements(snap: WorkforceSnapshot, settings: ProviderSettings, today: date) -> list[Requirement]:
    """Every requirement of every current member of staff."""
    out: list[Requirement] = []
    for staff in snap.current_staff(today):
        out.extend(staff_requirements(snap, staff, settings, today))
    return out


def reg_32_7_flags(snap: WorkforceSnapshot, today: date) -> dict[StaffId, str]:
    """Current staff working before their Schedule 2 checks are complete, with what is outstanding."""
    flags = {}
    for staff in snap.current_staff(today):
        flag = snap.reg_32_7_flag(staff, today)
        if flag:
            flags[staff.id] = flag
    return flags


def first_aiders(snap: WorkforceSnapshot, settings: ProviderSettings, today: date) -> int:
    """Current staff with in-date first aid (reg 31(2)(a) needs one on duty at all times; we have no rota)."""
    count = 0
    courses = [c for c in snap.active_courses() if c.first_aid]
    for staff in snap.current_staff(today):
        for course in courses:
            req = training_requirement(staff, course, snap.training.get((staff.id, course.id), []), today,
                                       settings.due_soon_days)
            if req is not None and req.status in (Status.IN_DATE, Status.DUE_SOON):
                count += 1
                break
    return count


@dataclass(frozen=True)
class ComplianceSummary:
    """Counts by status and the share of required items in date (due soon still counts as in date)."""

    counts: dict[Status, int]

    @property
    def total(self) -> int:
        """How many requirements were counted."""
        return sum(self.counts.values())

    @property
    def percent_in_date(self) -> float | None:
        """Share in date or due soon, 0–100; None when nothing is required."""
        if not self.total:
            return None
        ok = self.counts.get(Status.IN_DATE, 0) + self.counts.get(Status.DUE_SOON, 0)
        return 100.0 * ok / self.total


def summarise(requirements: list[Requirement]) -> ComplianceSummary:
    """Counts of each status."""
    counts = Counter(r.status for r in requirements)
    return ComplianceSummary({s: counts.get(s, 0) for s in Status})


def needing_action(requirements: list[Requirement], today: date, within_days: int | None = None) -> list[Requirement]:
    """Overdue, missing and due-soon items, most urgent first.

    Without ``within_days``, 'due soon' is each register's own warning period (``models/warning_periods.py``
    names them). With it (the CLI's --within), 'due soon' is everything falling due within that many days
    of today, whatever those periods; an open item with no due date (an incident step with no deadline)
    stays, as nothing says it can wait.
    """
    out = []
    horizon = today + timedelta(days=within_days) if within_days is not None else None
    for r in requirements:
        if r.status in (Status.OVERDUE, Status.MISSING):
            out.append(r)
        elif horizon is not None and r.due is not None and r.due <= horizon:
            out.append(r if r.status is Status.DUE_SOON else _as_due_soon(r))
        elif (horizon is None or r.due is None) and r.status is Status.DUE_SOON:
            out.append(r)
    return sorted(out, key=lambda r: r.sort_key)


def _as_due_soon(r: Requirement) -> Requirement:
    return replace(r, status=Status.DUE_SOON)
