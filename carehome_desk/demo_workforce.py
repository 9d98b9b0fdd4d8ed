"""The demo home's workforce: a realistic mix of qualified, enrolled and new staff with gaps to find.

Each home gets a registered manager working towards Level 5, qualified and enrolled staff, one
deferral, one accepted equivalence, a new starter under reg 32(7), training due soon and
overdue, one DBS recheck due soon and a supervision gap. Everything is fictional.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from carehome_desk.models.calendar_math import add_months, add_years
from carehome_desk.models.dbs import DbsLevel, StatusResult, Workforce
from carehome_desk.models.ids import HomeId
from carehome_desk.models.qualifications import DeferralReason, QualificationKind, QualificationStatus
from carehome_desk.models.recruitment import CHECKS, CheckKind
from carehome_desk.models.staff import Contract, StaffRole
from carehome_desk.models.supervision import SessionKind
from carehome_desk.models.training import Course
from carehome_desk.store.schema import (
    dbs_certificates,
    dbs_status_checks,
    qualifications,
    recruitment_checks,
    staff,
    supervision_sessions,
    training_records,
)
from carehome_desk.store.writer import Writer

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


def add_workforce(w: Writer, rng: random.Random, home_id: HomeId, manager: str, today: date,
                  courses: list[Course], ref_prefix: str) -> str:
    """Insert one home's workforce through the audited writer; returns the manager's name."""
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
        staff_id = w.insert(staff, {
            "home_id": home_id, "full_name": names[index], "role": cast.role.value, "role_title": cast.title,
            "care_role": None, "start_date": start, "role_start_date": role_start, "leaving_date": left,
            "contract": cast.contract.value, "hours_per_week": cast.hours, "lives_at_home": cast.lives_in,
            "staff_ref": f"{ref_prefix}{index + 1:02d}",
            "induction_completed": None if new else start + timedelta(weeks=rng.randint(6, 11)),
            "probation_completed": None if new or cast.contract is not Contract.PERMANENT else add_months(start, 6),
            "care_started_on": care, "managing_started_on": managing, "dates_to_confirm": False,
            "version": 1, "archive_reason": "",
        })
        _qualification(w, rng, staff_id, cast, start, role_start, today)
        _checks(w, rng, staff_id, start, manager, new)
        _dbs(w, rng, staff_id, start, manager, today, index)
        _training(w, rng, staff_id, cast, start, today, courses, new, left)
        _sessions(w, rng, staff_id, start, today, manager if index else "Responsible individual", index, left)
    return manager


def _qualification(w: Writer, rng: random.Random, staff_id: int, cast: Cast, start: date, role_start: date | None,
                   today: date) -> None:
    base = {"staff_id": staff_id, "kind": QualificationKind.LEVEL3.value, "enrolled_date": None, "achieved_date": None,
            "equivalent_name": "", "equivalence_reasoning": "", "deferred_to": None, "deferral_reason": None,
            "deferral_note": ""}
    status = QualificationStatus.NOT_STARTED
    if cast.l3 == "none":
        return
    if cast.l3 == "level5_enrolled":
        w.insert(qualifications, {**base, "kind": QualificationKind.LEVEL3.value, "status": "achieved",
                                  "enrolled_date": start - timedelta(days=900), "achieved_date": start - timedelta(days=400)})
        base["kind"] = QualificationKind.LEVEL5.value
        status = QualificationStatus.ENROLLED
        base["enrolled_date"] = (role_start or start) + timedelta(days=150)
    elif cast.l3 == "achieved":
        status = QualificationStatus.ACHIEVED
        base["enrolled_date"] = start + timedelta(days=rng.randint(60, 120))
        base["achieved_date"] = min(today - timedelta(days=10), start + timedelta(days=rng.randint(400, 640)))
    elif cast.l3 == "equivalent":
        base["equivalent_name"] = "NVQ Level 3 Health and Social Care (Children and Young People)"
        base["equivalence_reasoning"] = ("Listed in the 2011 National Minimum Standards as meeting the induction "
                                         "and qualification requirement; unit content compared with the Level 3 "
                                         "Diploma by the registered manager.")
        status = QualificationStatus.ACHIEVED
        base["achieved_date"] = start - timedelta(days=700)
    elif cast.l3 in ("enrolled", "overdue"):
        status = QualificationStatus.ENROLLED
        base["enrolled_date"] = start + timedelta(days=rng.randint(90, 200))
    elif cast.l3 == "deferred":
        status = QualificationStatus.ENROLLED
        base["enrolled_date"] = start + timedelta(days=120)
        base["deferred_to"] = add_years(start, 3)
        base["deferral_reason"] = DeferralReason.PART_TIME.value
        base["deferral_note"] = "Works 20 hours a week; agreed by the responsible individual"
    w.insert(qualifications, {**base, "status": status.value})


def _checks(w: Writer, rng: random.Random, staff_id: int, start: date, manager: str, new: bool) -> None:
    for kind in CHECKS:
        done_date = start - timedelta(days=rng.randint(5, 40))
        row: dict[str, Any] = {"staff_id": staff_id, "kind": kind.value, "done": True, "done_date": done_date,
               "verified_by": manager, "not_applicable": False, "note": ""}
        if kind is CheckKind.REASON_FOR_LEAVING and rng.random() < 0.3:
            row.update(done=False, done_date=None, verified_by="", not_applicable=True,
                       note="No previous work with children or vulnerable adults")
        if new and kind is CheckKind.REFERENCE_SECOND:
            row.update(done=False, done_date=None, verified_by="", note="Chased 3 times; referee on leave")
        w.insert(recruitment_checks, row)


def _dbs(w: Writer, rng: random.Random, staff_id: int, start: date, manager: str, today: date, index: int) -> None:
    update_service = index != DBS_DUE_SOON and rng.random() < 0.75
    issued = start - timedelta(days=rng.randint(15, 45))
    if index == DBS_DUE_SOON:
        issued = add_years(today, -3) + timedelta(days=18)  # recheck falls due within the month
    elif not update_service and issued < add_years(today, -3) + timedelta(days=60):
        issued = today - timedelta(days=rng.randint(100, 700))  # rechecked under the 3-year policy
    cert_id = w.insert(dbs_certificates, {
        "staff_id": staff_id, "certificate_number": f"{rng.randint(10**11, 10**12 - 1)}", "issue_date": issued,
        "level": DbsLevel.ENHANCED.value, "workforce": Workforce.CHILD.value, "barred_list_children": True,
        "update_service": update_service, "note": "",
    })
    if update_service:
        check = add_years(issued, 1)
        while check < today:
            w.insert(dbs_status_checks, {"certificate_id": cert_id, "checked_on": check,
                                         "result": StatusResult.NO_CHANGE.value, "checked_by": manager, "note": ""})
            check = add_years(check, 1)


def _training(w: Writer, rng: random.Random, staff_id: int, cast: Cast, start: date, today: date,
              courses: list[Course], new: bool, left: date | None) -> None:
    care = cast.role.default_care_role
    end = left or today
    for course in courses:
        required = course.required_for.value == "all" or (course.required_for.value == "care_roles" and care)
        if not required and rng.random() > 0.15:
            continue
        if new:
            if course.name.startswith(("Safeguarding", "Fire", "Whistleblowing")):
                _record(w, rng, staff_id, course.id, start + timedelta(days=rng.randint(1, 10)))
            continue
        if course.renewal_months is None:
            _record(w, rng, staff_id, course.id, min(end, start + timedelta(days=rng.randint(20, 200))))
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
        _record(w, rng, staff_id, course.id, latest)
        earlier = add_months(latest, -course.renewal_months)
        if earlier >= start:
            _record(w, rng, staff_id, course.id, earlier)


def _record(w: Writer, rng: random.Random, staff_id: int, course_id: int, completed: date) -> None:
    w.insert(training_records, {"staff_id": staff_id, "course_id": course_id, "completed": completed,
                                "expiry_override": None, "provider": rng.choice(TRAINERS),
                                "certificate_ref": f"C{rng.randint(10000, 99999)}", "archive_reason": ""})


def _sessions(w: Writer, rng: random.Random, staff_id: int, start: date, today: date, supervisor: str,
              index: int, left: date | None) -> None:
    end = left or today
    day = max(start, today - timedelta(days=3 * 365)) + timedelta(days=rng.randint(20, 40))
    stop = end - timedelta(days=75 if index == SUPERVISION_GAP else 0)
    held: list[date] = []
    while day <= stop:
        held.append(day)
        day += timedelta(days=rng.randint(30, 40))
    if index != SUPERVISION_GAP and held and (end - held[-1]).days > 25:
        held.append(end - timedelta(days=rng.randint(2, 20)))  # the most recent one, kept on time
    for day in held:
        w.insert(supervision_sessions, {"staff_id": staff_id, "kind": SessionKind.SUPERVISION.value, "held_on": day,
                                        "supervisor": supervisor, "note": "Reflective supervision; actions agreed",
                                        "archive_reason": ""})
    appraisal = add_years(start, 1)
    while appraisal <= end:
        w.insert(supervision_sessions, {"staff_id": staff_id, "kind": SessionKind.APPRAISAL.value,
                                        "held_on": appraisal, "supervisor": supervisor,
                                        "note": "Annual appraisal; views of a child and social worker included",
                                        "archive_reason": ""})
        appraisal = add_years(appraisal, 1)
