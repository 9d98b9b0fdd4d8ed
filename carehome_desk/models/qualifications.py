"""The mandatory diplomas: Level 3 for care staff (reg 32(4)) and Level 5 for the manager (reg 28)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import Enum

from carehome_desk.models.calendar_math import add_years
from carehome_desk.models.dates import format_uk
from carehome_desk.models.ids import QualificationId, StaffId
from carehome_desk.models.staff import StaffDetails, StaffMember, StaffRole
from carehome_desk.models.status import Basis, Requirement, Status, classify

TRANSITION_DAY = date(2014, 4, 1)


class QualificationKind(str, Enum):
    """The two diplomas the regulations name."""

    LEVEL3 = "level3"
    LEVEL5 = "level5"

    @property
    def full_title(self) -> str:
        """The qualification's name as the regulation gives it."""
        return {
            QualificationKind.LEVEL3: "Level 3 Diploma for Residential Childcare (England)",
            QualificationKind.LEVEL5: "Level 5 Diploma in Leadership and Management for Residential Childcare (England)",
        }[self]

    @property
    def short(self) -> str:
        """'Level 3' or 'Level 5'."""
        return "Level 3" if self is QualificationKind.LEVEL3 else "Level 5"


class QualificationStatus(str, Enum):
    """Progress towards the diploma."""

    NOT_STARTED = "not_started"
    ENROLLED = "enrolled"
    ACHIEVED = "achieved"

    @property
    def label(self) -> str:
        """In words."""
        return self.value.replace("_", " ").capitalize()


class DeferralReason(str, Enum):
    """The two reasons the regulations allow the relevant date to be deferred."""

    PROLONGED_BREAK = "prolonged_break"
    PART_TIME = "part_time"

    @property
    def label(self) -> str:
        """In words."""
        return "prolonged break" if self is DeferralReason.PROLONGED_BREAK else "part-time working"


@dataclass(frozen=True)
class Qualification:
    """Progress, equivalence decision and deferral for one diploma of one person."""

    staff_id: StaffId
    kind: QualificationKind
    status: QualificationStatus = QualificationStatus.NOT_STARTED
    enrolled_date: date | None = None
    achieved_date: date | None = None
    equivalent_name: str = ""  # an equivalent qualification the registered person accepted
    equivalence_reasoning: str = ""
    deferred_to: date | None = None
    deferral_reason: DeferralReason | None = None
    deferral_note: str = ""
    id: QualificationId = QualificationId(0)

    @property
    def is_equivalent(self) -> bool:
        """True when an equivalent qualification was accepted instead of the diploma."""
        return bool(self.equivalent_name.strip())

    @property
    def is_met(self) -> bool:
        """Achieved, or an equivalent accepted with its reasoning recorded."""
        return self.status is QualificationStatus.ACHIEVED or self.is_equivalent


RULES = {
    QualificationKind.LEVEL3: (2, date(2016, 4, 1), "Reg 32(4)–(6): Level 3 within 2 years of first starting in a "
                               "care role in a children's home (promotions do not restart it)"),
    QualificationKind.LEVEL5: (3, date(2017, 4, 1), "Reg 28(2)–(4): Level 5 within 3 years of first starting to "
                               "manage a children's home (any home)"),
}


def clock_start(kind: QualificationKind, staff: StaffDetails) -> date:
    """The date the regulation counts from: first care role in a home (L3), first managing a home (L5)."""
    return staff.care_clock_start if kind is QualificationKind.LEVEL3 else staff.managing_clock_start


def clock_basis(kind: QualificationKind, staff: StaffDetails) -> str:
    """Which recorded date the relevant date counts from, in words, for the detail line and the form."""
    if kind is QualificationKind.LEVEL3:
        if staff.care_started_on:
            return f"counted from first care role {format_uk(staff.care_started_on)}"
        return f"first care role not recorded: counted from start here {format_uk(staff.start_date)}"
    if staff.managing_started_on:
        return f"counted from first managing a home {format_uk(staff.managing_started_on)}"
    return f"first managing a home not recorded: counted from role start {format_uk(staff.role_started)}"


def required_kind(staff: StaffDetails) -> QualificationKind | None:
    """Which diploma the regulations require of this person, if any."""
    if staff.role is StaffRole.REGISTERED_MANAGER:
        return QualificationKind.LEVEL5
    if staff.is_care_role:
        return QualificationKind.LEVEL3
    return None


def fill_clock_dates(details: StaffDetails, before: StaffDetails | None = None) -> StaffDetails:
    """Fill a missing first-care-role or first-managing date the way upgrade 0006 does, marking what is a guess.

    Dates already recorded are kept. First in a care role (care roles): the start date here,
    or, for someone ``before`` shows in a non-care role, the start of their current role (the
    move into care); always a guess to confirm, since they may have been in a care role at
    another children's home before, or joined here in a non-care role. First managing a home (the registered
    manager): the start of the current role, always a guess to confirm, since they may have
    managed another home first. Only the date the person's own diploma counts from marks the
    record: a manager's guessed care date does not.
    """
    kind = required_kind(details)
    out = details
    if details.is_care_role and details.care_started_on is None:
        moved_in = before is not None and not before.is_care_role
        out = replace(out, care_started_on=details.role_started if moved_in else details.start_date,
                      dates_to_confirm=out.dates_to_confirm or kind is QualificationKind.LEVEL3)
    if details.role is StaffRole.REGISTERED_MANAGER and details.managing_started_on is None:
        out = replace(out, managing_started_on=details.role_started, dates_to_confirm=True)
    return out


CONFIRM_KEY = "qualification:confirm_dates"
CONFIRM_TEXT = {QualificationKind.LEVEL3: "Confirm first care-role date",
                QualificationKind.LEVEL5: "Confirm first managing date"}


def guess_note(kind: QualificationKind, staff: StaffDetails) -> str:
    """What was guessed for the date this diploma counts from, and from what, in words."""
    if kind is QualificationKind.LEVEL3:
        start = staff.care_clock_start
        if staff.care_started_on is None or start == staff.start_date:
            how = f"taken as the start date here, {format_uk(staff.start_date)}"
        elif start == staff.role_started:
            how = f"taken as the start of the current role, {format_uk(start)}"
        else:
            how = f"recorded as {format_uk(start)}"
        why = "they may have been in a care role at another children's home before"
        if staff.role_start_date and staff.role_start_date != staff.start_date:
            why = (f"their current role started {format_uk(staff.role_start_date)}, so they may have joined in a "
                   "non-care role, or been in a care role at another children's home before")
        return f"first in a care role {how}; {why}"
    start = staff.managing_clock_start
    how = (f"taken as the start of the current role here, {format_uk(start)}" if start == staff.role_started
           else f"recorded as {format_uk(start)}")
    return f"first managing a children's home {how}; they may have managed another home before"


def confirm_requirement(staff: StaffMember, record: Qualification | None = None) -> Requirement | None:
    """A guessed Level 3/Level 5 start date, listed for the manager to confirm (Missing until they save it).

    Nothing to confirm once the diploma is achieved or an equivalent accepted: the date then
    decides nothing.
    """
    kind = required_kind(staff)
    if kind is None or not staff.dates_to_confirm:
        return None
    if record is not None and record.kind is kind and record.is_met:
        return None
    due = relevant_date(kind, clock_start(kind, staff))
    _, _, source = RULES[kind]
    detail = (f"{guess_note(kind, staff)}. The {kind.short} due date ({format_uk(due)}) counts from it: check the "
              "date on the Staff page (Details) and correct it, or confirm it as shown")
    return Requirement(
        subject_id=int(staff.id), subject=staff.full_name, area="Qualification", requirement=CONFIRM_TEXT[kind],
        status=Status.MISSING, due=None, source=source, basis=Basis.LAW, detail=detail, key=CONFIRM_KEY,
    )


def relevant_date(kind: QualificationKind, started: date) -> date:
    """The date the diploma is due: N years after starting, or the transition date for those in post on 01/04/2014."""
    years, transition_due, _ = RULES[kind]
    if started <= TRANSITION_DAY:
        return transition_due
    return add_years(started, years)


def validate_qualification(q: Qualification, today: date) -> dict[str, str]:
    """Problems with a qualification record, keyed by field."""
    problems: dict[str, str] = {}
    if q.status is QualificationStatus.ACHIEVED and not q.achieved_date:
        problems["achieved_date"] = "Enter the date it was achieved."
    if q.achieved_date and q.achieved_date > today:
        problems["achieved_date"] = "The achieved date is in the future."
    if q.enrolled_date and q.enrolled_date > today:
        problems["enrolled_date"] = "The enrolment date is in the future."
    if q.enrolled_date and q.achieved_date and q.achieved_date < q.enrolled_date:
        problems["achieved_date"] = "The achieved date is before the enrolment date."
    if q.status is QualificationStatus.ENROLLED and not q.enrolled_date:
        problems["enrolled_date"] = "Enter the date they enrolled."
    if q.is_equivalent and not q.equivalence_reasoning.strip():
        problems["equivalence_reasoning"] = (
            "Record why the qualification is equivalent (Guide Annex A: keep a record of the decision).")
    if q.deferred_to and q.deferral_reason is None:
        problems["deferral_reason"] = "Choose the reason: a prolonged break or part-time working."
    if q.deferral_reason is not None and not q.deferred_to:
        problems["deferred_to"] = "Enter the date the relevant date is deferred to."
    return problems


def qualification_requirement(
    staff: StaffMember, record: Qualification | None, today: date, window_days: int
) -> Requirement | None:
    """Status of the diploma this person must hold, with the due date and the rule's source."""
    kind = required_kind(staff)
    if kind is None:
        return None
    q = record if record is not None and record.kind is kind else Qualification(staff.id, kind)
    _, _, source = RULES[kind]
    due = relevant_date(kind, clock_start(kind, staff))
    notes: list[str] = []
    if q.deferred_to and q.deferral_reason and q.deferred_to > due:
        notes.append(f"relevant date {format_uk(due)} deferred to {format_uk(q.deferred_to)} "
                     f"({q.deferral_reason.label}")
        # The manager's own words, quoted as typed: never re-cased ('Sarah's hours' must stay a name).
        note = q.deferral_note.strip()
        notes[-1] += f": ‘{note}’)" if note else ")"
        due = q.deferred_to
    if q.is_equivalent:
        status = Status.IN_DATE
        notes.insert(0, f"equivalent accepted: {q.equivalent_name.strip()}")
        due_shown: date | None = None
    elif q.status is QualificationStatus.ACHIEVED:
        status = Status.IN_DATE
        notes.insert(0, f"achieved {format_uk(q.achieved_date)}")
        due_shown = None
    else:
        status = classify(due, today, window_days)
        progress = (f"enrolled {format_uk(q.enrolled_date)}" if q.status is QualificationStatus.ENROLLED
                    else "not started")
        notes.insert(0, progress)
        notes.insert(1, clock_basis(kind, staff))
        if staff.dates_to_confirm:
            notes.insert(2, "date guessed: confirm it on the Staff page")
        due_shown = due
    return Requirement(
        subject_id=int(staff.id), subject=staff.full_name, area="Qualification", requirement=kind.short,
        status=status, due=due_shown, source=source, basis=Basis.LAW, detail="; ".join(notes),
        key=f"qualification:{kind.value}",
    )
