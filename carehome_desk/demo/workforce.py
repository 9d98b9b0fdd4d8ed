"""The demo home's workforce: a realistic mix of qualified, enrolled and new staff with gaps to find.

Each home gets a registered manager working towards Level 5, qualified and enrolled staff, one
deferral, one accepted equivalence, a new starter under reg 32(7), training due soon and
overdue, one DBS recheck due soon and a supervision gap. Everything is fictional.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from carehome_desk.demo.valid import valid
from carehome_desk.models.calendar_math import add_months, add_years
from carehome_desk.models.dbs import (
    DbsCertificate,
    DbsLevel,
    DbsStatusCheck,
    StatusResult,
    Workforce,
    validate_certificate,
    validate_status_check,
)
from carehome_desk.models.ids import CourseId, HomeId, StaffId
from carehome_desk.models.qualifications import (
    DeferralReason,
    Qualification,
    QualificationKind,
    QualificationStatus,
    validate_qualification,
)
from carehome_desk.models.recruitment import CHECKS, CheckKind, RecruitmentCheck, validate_check
from carehome_desk.models.staff import Contract, StaffDetails, StaffMember, StaffRole, validate_staff
from carehome_desk.models.staff_incidents import restraint_course
from carehome_desk.models.supervision import Session, SessionKind, validate_session
from carehome_desk.models.training import Course, TrainingRecord, validate_training
from carehome_desk.store.batch import WorkforceBatch


FIRST = ["Sarah", "James", "Priya", "Daniel", "Aisha", "Tom", "Helen", "Marcus", "Joanne", "Kwame", "Emma", "Gareth",
         "Chloe", "Ryan", "Fatima", "Liam", "Bethany", "Connor", "Naomi", "Oliver", "Grace", "Imran", "Lucy", "Dev",
         "Megan", "Callum", "Zara", "Adam", "Hannah", "Josh", "Rosie", "Tariq", "Ellie", "Sam"]
LAST = ["Whitfield", "Okafor", "Hughes", "Patel", "Brennan", "Lowther", "Adeyemi", "Carter", "Nowak", "Fairbairn",
        "Ellison", "Mahmood", "Reid", "Thornton", "Osei", "Kowalski", "Bradshaw", "Lam", "Pritchard", "Quinn",
        "Holloway", "Begum", "Sutherland", "Achebe", "Morgan", "Doyle", "Chowdhury", "Wainwright", "Kerr", "Nash"]
TRAINERS = ["Team Teach (in-house trainer)", "St John Ambulance", "Local authority safeguarding board",
            "CareSkills Online", "County Fire Service", "In-house"]


@dataclass(frozen=True)
class Cast:
    """One person in the demo template: role and how long ago things happened, in days."""

    role: StaffRole
    started_days_ago: int
    l3: str  # achieved | enrolled | not_started | overdue | deferred | equivalent | none
    title: str = ""
    role_days_ago: int | None = None
    contract: Contract = Contract.PERMANENT
    hours: float | None = 37.5
    left_days_ago: int | None = None
    lives_in: bool = False
    # Reg 32(4) counts Level 3 from first starting in a care role in any home: days in care before
    # starting here (another home), or the move here from a non-care role into care (at role_days_ago).
    care_before_days: int = 0
    moved_into_care: bool = False


TEMPLATE = [
    # Promoted from deputy here 610 days ago: first managing a home then; in care elsewhere before joining.
    Cast(StaffRole.REGISTERED_MANAGER, 5 * 365 + 40, "level5_enrolled", role_days_ago=610, hours=40,
         care_before_days=2 * 365),
    Cast(StaffRole.DEPUTY, 4 * 365 + 100, "achieved", care_before_days=700),
    Cast(StaffRole.TEAM_LEADER, 6 * 365, "equivalent", care_before_days=3 * 365),
    # Promoted to team leader 300 days ago: the Level 3 clock still runs from their first care role.
    Cast(StaffRole.TEAM_LEADER, 3 * 365 + 200, "achieved", role_days_ago=300),
    Cast(StaffRole.RESIDENTIAL_WORKER, 3 * 365 + 20, "achieved"),
    Cast(StaffRole.RESIDENTIAL_WORKER, 2 * 365 + 300, "achieved", care_before_days=400),
    # Joined as a domestic; into care 300 days ago, which is when the Level 3 clock started.
    Cast(StaffRole.RESIDENTIAL_WORKER, 420, "enrolled", role_days_ago=300, moved_into_care=True),
    Cast(StaffRole.RESIDENTIAL_WORKER, 2 * 365 - 75, "enrolled"),
    Cast(StaffRole.RESIDENTIAL_WORKER, 2 * 365 + 60, "deferred", hours=20),
    Cast(StaffRole.RESIDENTIAL_WORKER, 2 * 365 + 95, "overdue"),
    Cast(StaffRole.RESIDENTIAL_WORKER, 20, "not_started", care_before_days=200),
    Cast(StaffRole.BANK, 500, "achieved", contract=Contract.BANK, hours=None),
    Cast(StaffRole.AGENCY, 150, "achieved", contract=Contract.AGENCY, hours=None, care_before_days=3 * 365),
    Cast(StaffRole.ANCILLARY, 3 * 365, "none", title="Cook", hours=25),
    Cast(StaffRole.RESIDENTIAL_WORKER, 2 * 365 + 150, "achieved", left_days_ago=120),
]
NEW_STARTER = 10
SUPERVISION_GAP = 5
DBS_DUE_SOON = 1


def _names(rng: random.Random, count: int) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def add_workforce(batch: WorkforceBatch, rng: random.Random, home_id: HomeId, manager: str, today: date,
                  courses: list[Course], ref_prefix: str) -> str:
    """Add one home's workforce through the batch writer, each record checked as a form checks it."""
    names = _names(rng, len(TEMPLATE))
    names[0] = manager
    for index, cast in enumerate(TEMPLATE):
        start = today - timedelta(days=cast.started_days_ago + rng.randint(0, 10))
        role_start = today - timedelta(days=cast.role_days_ago) if cast.role_days_ago else None
        left = today - timedelta(days=cast.left_days_ago) if cast.left_days_ago else None
        new = index == NEW_STARTER
        care = None
        if cast.role.default_care_role:
            care = role_start if cast.moved_into_care and role_start else start - timedelta(days=cast.care_before_days)
        managing = (role_start or start) if cast.role is StaffRole.REGISTERED_MANAGER else None
        details = StaffDetails(
            full_name=names[index], role=cast.role, start_date=start, role_title=cast.title,
            role_start_date=role_start, leaving_date=left, contract=cast.contract, hours_per_week=cast.hours,
            lives_at_home=cast.lives_in, staff_ref=f"{ref_prefix}{index + 1:02d}",
            induction_completed=None if new else start + timedelta(weeks=rng.randint(6, 11)),
            probation_completed=None if new or cast.contract is not Contract.PERMANENT else add_months(start, 6),
            care_started_on=care, managing_started_on=managing)
        valid("staff record", validate_staff(details, today))
        staff_id = batch.add_staff(home_id, details)
        member = StaffMember(**vars(details), id=staff_id, home_id=home_id)
        _qualification(batch, rng, staff_id, cast, start, role_start, today)
        _checks(batch, rng, staff_id, start, manager, new, today)
        _dbs(batch, rng, staff_id, start, manager, today, index)
        _training(batch, rng, staff_id, cast, start, today, courses, new, left)
        _sessions(batch, rng, member, today, manager if index else "Responsible individual", index, left)
    return manager


def _qualification(batch: WorkforceBatch, rng: random.Random, staff_id: StaffId, cast: Cast, start: date,
                   role_start: date | None, today: date) -> None:
    kind, enrolled, achieved = QualificationKind.LEVEL3, None, None
    equivalent, reasoning, deferred_to, reason, note = "", "", None, None, ""
    status = QualificationStatus.NOT_STARTED
    if cast.l3 == "none":
        return
    if cast.l3 == "level5_enrolled":
        _add_qualification(batch, Qualification(
            staff_id, QualificationKind.LEVEL3, QualificationStatus.ACHIEVED,
            enrolled_date=start - timedelta(days=900), achieved_date=start - timedelta(days=400)), today)
        kind, status = QualificationKind.LEVEL5, QualificationStatus.ENROLLED
        enrolled = (role_start or start) + timedelta(days=150)
    elif cast.l3 == "achieved":
        status = QualificationStatus.ACHIEVED
        enrolled = start + timedelta(days=rng.randint(60, 120))
        achieved = min(today - timedelta(days=10), start + timedelta(days=rng.randint(400, 640)))
    elif cast.l3 == "equivalent":
        equivalent = "NVQ Level 3 Health and Social Care (Children and Young People)"
        reasoning = ("Listed in the 2011 National Minimum Standards as meeting the induction and qualification "
                     "requirement; unit content compared with the Level 3 Diploma by the registered manager.")
        status = QualificationStatus.ACHIEVED
        achieved = start - timedelta(days=700)
    elif cast.l3 in ("enrolled", "overdue"):
        status = QualificationStatus.ENROLLED
        enrolled = start + timedelta(days=rng.randint(90, 200))
    elif cast.l3 == "deferred":
        status = QualificationStatus.ENROLLED
        enrolled = start + timedelta(days=120)
        deferred_to = add_years(start, 3)
        reason = DeferralReason.PART_TIME
        note = "Works 20 hours a week; agreed by the responsible individual"
    _add_qualification(batch, Qualification(
        staff_id, kind, status, enrolled_date=enrolled, achieved_date=achieved, equivalent_name=equivalent,
        equivalence_reasoning=reasoning, deferred_to=deferred_to, deferral_reason=reason, deferral_note=note), today)


def _add_qualification(batch: WorkforceBatch, q: Qualification, today: date) -> None:
    valid("qualification", validate_qualification(q, today))
    batch.add(q)


def _checks(batch: WorkforceBatch, rng: random.Random, staff_id: StaffId, start: date, manager: str, new: bool,
            today: date) -> None:
    for kind in CHECKS:
        check = RecruitmentCheck(staff_id, kind, done=True, done_date=start - timedelta(days=rng.randint(5, 40)),
                                 verified_by=manager)
        if kind is CheckKind.REASON_FOR_LEAVING and rng.random() < 0.3:
            check = RecruitmentCheck(staff_id, kind, not_applicable=True,
                                     note="No previous work with children or vulnerable adults")
        if new and kind is CheckKind.REFERENCE_SECOND:
            check = RecruitmentCheck(staff_id, kind, note="Chased 3 times; referee on leave")
        valid("recruitment check", validate_check(check, today))
        batch.add(check)


def _dbs(batch: WorkforceBatch, rng: random.Random, staff_id: StaffId, start: date, manager: str, today: date,
         index: int) -> None:
    update_service = index != DBS_DUE_SOON and rng.random() < 0.75
    issued = start - timedelta(days=rng.randint(15, 45))
    if index == DBS_DUE_SOON:
        issued = add_years(today, -3) + timedelta(days=18)  # recheck falls due within the month
    elif not update_service and issued < add_years(today, -3) + timedelta(days=60):
        issued = today - timedelta(days=rng.randint(100, 700))  # rechecked under the 3-year policy
    cert = DbsCertificate(staff_id, f"{rng.randint(10**11, 10**12 - 1)}", issued, DbsLevel.ENHANCED,
                          Workforce.CHILD, barred_list_children=True, update_service=update_service)
    valid("DBS certificate", validate_certificate(cert, today))
    cert = batch.add(cert)
    if update_service:
        check = add_years(issued, 1)
        while check < today:
            status = DbsStatusCheck(cert.id, check, StatusResult.NO_CHANGE, manager)
            valid("DBS status check", validate_status_check(status, issued, today))
            batch.add(status)
            check = add_years(check, 1)


def _training(batch: WorkforceBatch, rng: random.Random, staff_id: StaffId, cast: Cast, start: date, today: date,
              courses: list[Course], new: bool, left: date | None) -> None:
    care = cast.role.default_care_role
    end = left or today
    restraint = restraint_course(courses)
    for course in courses:
        required = course.required_for.value == "all" or (course.required_for.value == "care_roles" and care)
        if not required and rng.random() > 0.15:
            continue
        if new:
            if course.name.startswith(("Safeguarding", "Fire", "Whistleblowing")):
                _record(batch, rng, staff_id, course, start + timedelta(days=rng.randint(1, 10)), today)
            continue
        if course.renewal_months is None:
            _record(batch, rng, staff_id, course, min(end, start + timedelta(days=rng.randint(20, 200))), today)
            continue
        interval = (add_months(today, course.renewal_months) - today).days
        tenure = (end - start).days
        roll = rng.random()
        if roll < 0.03 and tenure > interval + 30:
            age = interval + rng.randint(5, min(80, tenure - interval))  # overdue
        elif roll < 0.09 and tenure > interval:
            age = interval - rng.randint(0, 28)  # due soon
        else:
            age = rng.randint(5, max(6, min(interval - 45, tenure - 5)))
        latest = end - timedelta(days=age)
        _record(batch, rng, staff_id, course, latest, today)
        earlier = add_months(latest, -course.renewal_months)
        while earlier >= start:
            _record(batch, rng, staff_id, course, earlier, today)
            if course is not restraint:
                break
            # The physical intervention course's whole history, so every restraint the demo records
            # falls within the training of the staff it names.
            earlier = add_months(earlier, -course.renewal_months)


def _record(batch: WorkforceBatch, rng: random.Random, staff_id: StaffId, course: Course, completed: date,
            today: date) -> None:
    record = TrainingRecord(staff_id, CourseId(course.id), completed, provider=rng.choice(TRAINERS),
                            certificate_ref=f"C{rng.randint(10000, 99999)}")
    valid("training record", validate_training(record, course, today))
    batch.add(record)


def _sessions(batch: WorkforceBatch, rng: random.Random, member: StaffMember, today: date, supervisor: str,
              index: int, left: date | None) -> None:
    start, end = member.start_date, left or today
    day = max(start, today - timedelta(days=3 * 365)) + timedelta(days=rng.randint(20, 40))
    stop = end - timedelta(days=75 if index == SUPERVISION_GAP else 0)
    held: list[date] = []
    while day <= stop:
        held.append(day)
        day += timedelta(days=rng.randint(30, 40))
    if index != SUPERVISION_GAP and held and (end - held[-1]).days > 25:
        held.append(end - timedelta(days=rng.randint(2, 20)))  # the most recent one, kept on time
    sessions = [Session(member.id, SessionKind.SUPERVISION, day, supervisor, "Reflective supervision; actions agreed")
                for day in held]
    appraisal = add_years(start, 1)
    while appraisal <= end:
        sessions.append(Session(member.id, SessionKind.APPRAISAL, appraisal, supervisor,
                                "Annual appraisal; views of a child and social worker included"))
        appraisal = add_years(appraisal, 1)
    for session in sessions:
        valid("supervision record", validate_session(session, member, today))
        batch.add(session)
