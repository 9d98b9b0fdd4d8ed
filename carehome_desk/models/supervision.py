"""Supervision, appraisal, induction and probation (reg 33)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from carehome_desk.models.calendar_math import add_months, add_years
from carehome_desk.models.counted import counted
from carehome_desk.models.dates import format_uk
from carehome_desk.models.ids import StaffId, SupervisionId
from carehome_desk.models.staff import Contract, StaffMember
from carehome_desk.models.status import Basis, Requirement, Status, classify


#: Supervision falls due every few weeks, so it is flagged at most this many days ahead: with the 30-day
#: due-soon warning it would read "due soon" for most of a 6-week cycle.
SUPERVISION_WARNING_CAP_DAYS = 14


def supervision_warning_days(due_soon_days: int) -> int:
    """How many days ahead supervision reads 'due soon': the due-soon warning, capped."""
    return min(due_soon_days, SUPERVISION_WARNING_CAP_DAYS)


class SessionKind(str, Enum):
    """A supervision session or the annual appraisal."""

    SUPERVISION = "supervision"
    APPRAISAL = "appraisal"

    @property
    def label(self) -> str:
        """In words."""
        return self.value.capitalize()


@dataclass(frozen=True)
class Session:
    """One recorded supervision or appraisal."""

    staff_id: StaffId
    kind: SessionKind
    held_on: date
    supervisor: str
    note: str = ""
    id: SupervisionId = SupervisionId(0)


def validate_session(session: Session, staff: StaffMember, today: date) -> dict[str, str]:
    """Problems with a session record, keyed by field."""
    problems: dict[str, str] = {}
    if session.held_on > today:
        problems["held_on"] = "The date is in the future: record it once it has happened."
    elif session.held_on < staff.start_date:
        problems["held_on"] = "The date is before they started."
    if not session.supervisor.strip():
        problems["supervisor"] = "Record who gave it."
    return problems


def _req(staff: StaffMember, area: str, name: str, status: Status, due: date | None, source: str, basis: Basis,
         detail: str, key: str) -> Requirement:
    return Requirement(subject_id=int(staff.id), subject=staff.full_name, area=area, requirement=name,
                       status=status, due=due, source=source, basis=basis, detail=detail, key=key)


def supervision_requirements(
    staff: StaffMember, sessions: list[Session], today: date, cadence_weeks: int, window_days: int,
    induction_weeks: int, probation_months: int,
) -> list[Requirement]:
    """Next supervision (policy cadence), next appraisal (at least yearly), induction and probation."""
    out: list[Requirement] = []
    supervisions = sorted(s.held_on for s in sessions if s.kind is SessionKind.SUPERVISION)
    appraisals = sorted(s.held_on for s in sessions if s.kind is SessionKind.APPRAISAL)
    # Supervision: the regulations ask for 'regular' supervision; the cadence is the provider's.
    last = supervisions[-1] if supervisions else None
    due = (last or staff.start_date) + timedelta(weeks=cadence_weeks)
    detail = f"last {format_uk(last)}" if last else "none recorded since starting"
    status = classify(due, today, supervision_warning_days(window_days))
    out.append(_req(staff, "Supervision", "Supervision", status, due,
                    f"Reg 33(4)(b) 'regular' supervision; every {counted(cadence_weeks, 'week')} is provider policy",
                    Basis.PRACTICE, detail, "supervision"))
    # Appraisal: at least once a year (reg 33(4)(c)).
    last_appraisal = appraisals[-1] if appraisals else None
    due = add_years(last_appraisal or staff.start_date, 1)
    detail = f"last {format_uk(last_appraisal)}" if last_appraisal else "none recorded since starting"
    out.append(_req(staff, "Supervision", "Annual appraisal", classify(due, today, window_days), due,
                    "Reg 33(4)(c): appraised at least once a year", Basis.LAW, detail, "appraisal"))
    # Induction (reg 33(2)(a)); the timescale is the provider's workforce plan (Guide 10.8).
    if staff.induction_completed:
        out.append(_req(staff, "Supervision", "Induction", Status.IN_DATE, None,
                        "Reg 33(2)(a): appropriate induction", Basis.LAW,
                        f"completed {format_uk(staff.induction_completed)}", "induction"))
    else:
        due = staff.start_date + timedelta(weeks=induction_weeks)
        out.append(_req(staff, "Supervision", "Induction", classify(due, today, window_days), due,
                        f"Reg 33(2)(a): appropriate induction; {counted(induction_weeks, 'week')} is provider policy",
                        Basis.PRACTICE, "not yet completed", "induction"))
    # Probation for permanent appointments (reg 33(2)(b)).
    if staff.contract is Contract.PERMANENT:
        if staff.probation_completed:
            out.append(_req(staff, "Supervision", "Probation", Status.IN_DATE, None,
                            "Reg 33(2)(b): permanent appointments subject to probation", Basis.LAW,
                            f"completed {format_uk(staff.probation_completed)}", "probation"))
        else:
            due = add_months(staff.start_date, probation_months)
            out.append(_req(staff, "Supervision", "Probation", classify(due, today, window_days), due,
                            f"Reg 33(2)(b): probation; a {probation_months}-month period is provider policy",
                            Basis.PRACTICE, "not yet completed", "probation"))
    return out
