"""Statutory and policy steps after an incident, each with its due time, status and source.

Deadlines count elapsed time ("within 24 hours" is 24 real hours, so across the October clock
change the wall clock shows one hour less); they are shown in UK local time. Working-day
deadlines (LADO) use the calendar and England's bank holidays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from enum import Enum

from carehome_desk.models.dates import UK, format_uk
from carehome_desk.models.incidents import (
    AllegationDetails,
    EnquiryDetails,
    Incident,
    IncidentType,
    MissingDetails,
    Reg40,
    RestraintDetails,
    required_recipients,
)
from carehome_desk.models.status import Basis, Requirement, Status
from carehome_desk.models.working_days import is_working_day, next_working_day


class StepStatus(str, Enum):
    """Where a timed step stands."""

    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    DUE = "due"
    OVERDUE = "overdue"
    EXEMPT = "exempt"
    NOT_OFFERED = "not_offered"

    @property
    def label(self) -> str:
        """In words."""
        return {"done_on_time": "Done on time", "done_late": "Done late", "due": "Due", "overdue": "Overdue",
                "exempt": "Exempt", "not_offered": "Not offered"}[self.value]

    @property
    def done(self) -> bool:
        """True once the step happened (on time or late)."""
        return self in (StepStatus.DONE_ON_TIME, StepStatus.DONE_LATE)


@dataclass(frozen=True)
class Step:
    """One timed step: what, by when, when it was done, and the rule it comes from."""

    key: str
    name: str
    due_at: datetime | None
    done_at: datetime | None
    status: StepStatus
    source: str
    basis: Basis
    note: str = ""


def utc(moment: datetime) -> datetime:
    """The same instant in UTC.

    Python adds and compares two datetimes that share a tzinfo by their wall-clock values, so
    12:00 GMT + 24 h would land on 12:00 BST (23 real hours) across the spring clock change.
    Every sum and comparison here is therefore done in UTC.
    """
    return moment.astimezone(timezone.utc)


def after(moment: datetime, **delta: float) -> datetime:
    """``moment`` plus an elapsed duration (real hours, whatever the clocks do)."""
    return utc(moment) + timedelta(**delta)


def step_status(due: datetime, done: datetime | None, now: datetime) -> StepStatus:
    """On time if done by the due moment (exactly on it counts), late after it; else due or overdue."""
    if done is not None:
        return StepStatus.DONE_ON_TIME if utc(done) <= utc(due) else StepStatus.DONE_LATE
    return StepStatus.DUE if utc(now) <= utc(due) else StepStatus.OVERDUE


def _timed(key: str, name: str, due: datetime, done: datetime | None, now: datetime, source: str,
           basis: Basis, note: str = "") -> Step:
    return Step(key, name, due, done, step_status(due, done, now), source, basis, note)


def restraint_steps(incident: Incident, now: datetime) -> list[Step]:
    """Reg 35(3): record within 24 h; staff spoken to and record signed within 48 h; child within 5 days."""
    d = incident.details if isinstance(incident.details, RestraintDetails) else RestraintDetails()
    start = incident.occurred_at
    if d.ehc_plan_planned:
        return [Step("reg35", "Reg 35 recording steps", None, None, StepStatus.EXEMPT,
                     "Reg 35(4): planned restraint used routinely under an EHC plan is exempt", Basis.LAW,
                     "Planned under the child's EHC plan: the reg 35 steps do not apply")]
    child_note = ""
    if d.child_spoken_at and utc(d.child_spoken_at) > after(start, hours=24):
        child_note = "Guide 9.60: ideally within 24 hours"
    return [
        _timed("reg35_record", "Record made", after(start, hours=24), d.record_made_at, now,
               "Reg 35(3)(a): record made within 24 hours", Basis.LAW),
        _timed("reg35_staff", "Spoke to the staff member and signed the record", after(start, hours=48),
               d.staff_spoken_at, now, "Reg 35(3)(b): within 48 hours", Basis.LAW),
        _timed("reg35_child", "Spoke to the child", after(start, days=5), d.child_spoken_at, now,
               "Reg 35(3)(c): within 5 days (Guide 9.60: ideally within 24 hours)", Basis.LAW, child_note),
    ]


def missing_steps(incident: Incident, now: datetime) -> list[Step]:
    """The return home interview, offered by the placing authority within 72 hours of return."""
    d = incident.details if isinstance(incident.details, MissingDetails) else MissingDetails()
    source = "Return home interview offered within 72 hours of return (2014 statutory guidance; secondary source)"
    if d.returned_at is None:
        return [Step("returned", "Child returned", None, None, StepStatus.DUE,
                     "Missing from care: still away", Basis.GUIDANCE, "Not yet returned")]
    due = after(d.returned_at, hours=72)
    if d.rhi_not_offered:
        note = ("The home challenged the placing authority" if d.home_challenged
                else "Not offered: challenge the placing authority (SCCIF)")
        return [Step("rhi", "Return home interview offered", due, None, StepStatus.NOT_OFFERED, source,
                     Basis.GUIDANCE, note)]
    return [_timed("rhi", "Return home interview offered", due, d.rhi_offered_at, now, source, Basis.GUIDANCE)]


def lado_due(start: datetime, bank_holidays: frozenset[date]) -> datetime:
    """One working day: the same time on the next working day; from a non-working day, the end of the next."""
    local = start.astimezone(UK)
    if is_working_day(local.date(), bank_holidays):
        day = next_working_day(local.date(), bank_holidays)
        return datetime.combine(day, local.time(), tzinfo=UK)
    day = next_working_day(local.date(), bank_holidays)
    return datetime.combine(day, time(23, 59), tzinfo=UK)


def allegation_steps(incident: Incident, now: datetime, bank_holidays: frozenset[date]) -> list[Step]:
    """LADO referral within one working day (practice: Working Together and local procedures)."""
    d = incident.details if isinstance(incident.details, AllegationDetails) else AllegationDetails()
    return [_timed("lado", "Referred to the LADO", lado_due(incident.occurred_at, bank_holidays),
                   d.lado_referred_at, now,
                   "LADO referral within one working day (Working Together and local procedures; practice)",
                   Basis.PRACTICE)]


def _trigger(incident: Incident, paragraph: Reg40) -> datetime | None:
    if paragraph is Reg40.CP_END:
        d = incident.details
        if isinstance(d, EnquiryDetails) and d.concluded_on:
            return datetime.combine(d.concluded_on, time(17, 0), tzinfo=UK)
        return None
    if paragraph is Reg40.CP_START:
        d = incident.details
        if isinstance(d, EnquiryDetails) and d.started_on:
            return max(utc(incident.occurred_at), utc(datetime.combine(d.started_on, time(9, 0), tzinfo=UK)))
    return incident.occurred_at


def notification_steps(incident: Incident, now: datetime) -> list[Step]:
    """Each recipient reg 40 requires, per paragraph: without delay; target within 24 hours (Guide 14.13)."""
    if not incident.notifiable:
        return []
    steps = []
    for paragraph in incident.reg40_paragraphs:
        start = _trigger(incident, paragraph)
        if start is None:
            continue  # e.g. an enquiry that has not concluded yet
        for recipient in required_recipients(incident.reg40_paragraphs):
            sent = [n for n in incident.notifications if n.recipient is recipient and n.paragraph is paragraph]
            first = min((utc(n.sent_at) for n in sent), default=None)
            note = ""
            if recipient.value == "ofsted" and sent and not any(n.reference.strip() for n in sent):
                note = "No Ofsted reference recorded"
            steps.append(_timed(f"reg40:{paragraph.value}:{recipient.value}",
                                f"{recipient.label} notified ({paragraph.label.split(':')[0]})",
                                after(start, hours=24), first, now,
                                f"{paragraph.label}: without delay; Guide 14.13 target within 24 hours",
                                Basis.LAW, note))
    return steps


def review_step(incident: Incident, now: datetime, review_days: int) -> Step:
    """The manager's sign-off: every incident reviewed (Guide 9.36, 9.59); the timescale is policy."""
    return _timed("review", "Manager review", after(incident.occurred_at, days=review_days),
                  incident.reviewed_at, now,
                  f"Guide 9.36 and 9.59: incidents scrutinised; within {review_days} days is provider policy",
                  Basis.PRACTICE)


def incident_steps(incident: Incident, now: datetime, bank_holidays: frozenset[date], review_days: int) -> list[Step]:
    """Every timed step for one incident."""
    steps: list[Step] = []
    if incident.type is IncidentType.RESTRAINT:
        steps += restraint_steps(incident, now)
    elif incident.type in (IncidentType.MISSING, IncidentType.AWAY):
        steps += missing_steps(incident, now)
    elif incident.type is IncidentType.ALLEGATION:
        steps += allegation_steps(incident, now, bank_holidays)
    steps += notification_steps(incident, now)
    steps.append(review_step(incident, now, review_days))
    return steps


def step_requirement(incident: Incident, step: Step, subject: str, now: datetime) -> Requirement | None:
    """A step needing action as a Requirement for `due` and the dashboard; None when nothing is needed."""
    if step.status is StepStatus.OVERDUE:
        status = Status.OVERDUE
    elif step.status is StepStatus.DUE:
        status = Status.DUE_SOON
    elif step.status is StepStatus.NOT_OFFERED and not step.note.startswith("The home challenged"):
        status = Status.MISSING
    else:
        return None
    local = incident.occurred_at.astimezone(UK)
    detail = f"{incident.type.label} on {format_uk(local.date())} {local:%H:%M}"
    if step.due_at is not None and step.status in (StepStatus.DUE, StepStatus.OVERDUE):
        due_local = step.due_at.astimezone(UK)
        detail += f"; due {format_uk(due_local.date())} {due_local:%H:%M}"
    if step.note:
        detail += f"; {step.note}"
    return Requirement(subject_id=int(incident.id), subject=subject, area="Incident", requirement=step.name,
                       status=status, due=step.due_at.astimezone(UK).date() if step.due_at else None,
                       source=step.source, basis=step.basis, detail=detail, key=f"incident:{step.key}",
                       due_at=step.due_at)
