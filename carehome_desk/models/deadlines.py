"""Statutory and policy steps after an incident, each with its due time, status and source.

Two kinds of clock, as the rules count them:
- Hour-counted limits (24 h, 48 h, 72 h) are elapsed real hours: across the October clock change
  the wall clock shows one hour less, across the March one an hour more (``after``).
- Day-counted limits (reg 35(3)(c)'s 5 days, the provider's review days) are calendar days in UK
  local time: the same wall-clock time on the n-th day after (``after_days``), so a 23- or 25-hour
  day is still one day.
Working-day deadlines (LADO) use the calendar and England's bank holidays. Everything is shown in
UK local time; exactly on the deadline is on time, any later is late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from enum import Enum

from carehome_desk.models.counted import counted
from carehome_desk.models.dates import UK, format_uk
from carehome_desk.models.incidents import (
    AllegationDetails,
    EnquiryDetails,
    Incident,
    IncidentDetails,
    IncidentType,
    MissingDetails,
    Recipient,
    Reg40,
    RestraintDetails,
)
from carehome_desk.models.recipients import NotifyContext, recipient_note, recipients_for
from carehome_desk.models.status import Basis, Requirement, Status
from carehome_desk.models.working_days import BankHolidays, is_working_day, next_working_day


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


def after(moment: datetime, *, hours: float) -> datetime:
    """``moment`` plus elapsed real hours, whatever the clocks do (for limits the rules count in hours)."""
    return utc(moment) + timedelta(hours=hours)


def after_days(moment: datetime, days: int) -> datetime:
    """The same UK wall-clock time ``days`` calendar days after ``moment``, as a UTC instant.

    For limits the rules count in days ("within 5 days", reg 35(3)(c); the provider's review
    days). The regulation counts days, not hours, and a manager reads "5 days" on a calendar:
    a restraint at 10:00 on Thursday 26/03/2026 is due by 10:00 on Tuesday 31/03/2026, though
    the clocks went forward on the Sunday and only 119 real hours pass; a 23- or 25-hour day is
    still a day. Counting 120 elapsed hours instead would move the due time to 11:00 BST (spring)
    or 09:00 GMT (autumn) on the wall clock.

    The day is counted on the wall clock in Europe/London and the result turned back into an
    instant with zoneinfo. Where that wall time does not exist (01:00-01:59 on the last Sunday
    of March) or happens twice (01:00-01:59 on the last Sunday of October), both readings
    (``fold=0`` and ``fold=1``) are taken and the later instant wins: 01:30 in the March gap is
    read as 01:30 GMT (shown as 02:30 BST) and the doubled 01:30 in October as the second,
    01:30 GMT. So a deadline is never earlier than the calendar says, and nobody is marked
    late by an hour the clocks skipped or repeated.
    """
    wall = moment.astimezone(UK).replace(tzinfo=None) + timedelta(days=days)
    return max(utc(wall.replace(tzinfo=UK, fold=0)), utc(wall.replace(tzinfo=UK, fold=1)))


def end_of_day(day: date) -> datetime:
    """The last moment of a UK day (23:59:59.999999): where a clock starts when only the day is known."""
    return datetime.combine(day, time.max, tzinfo=UK)


def step_status(due: datetime, done: datetime | None, now: datetime) -> StepStatus:
    """On time if done by the due moment (exactly on it counts), late after it; else due or overdue."""
    if done is not None:
        return StepStatus.DONE_ON_TIME if utc(done) <= utc(due) else StepStatus.DONE_LATE
    return StepStatus.DUE if utc(now) <= utc(due) else StepStatus.OVERDUE


def _timed(key: str, name: str, due: datetime, done: datetime | None, now: datetime, source: str,
           basis: Basis, note: str = "") -> Step:
    return Step(key, name, due, done, step_status(due, done, now), source, basis, note)


#: Reg 35(3)(a)'s particulars, in the regulation's order, as (short word for "Missing: ...", field).
#: "child" is a linked child and "location" the incident's location; the rest are the restraint
#: record's own fields. Text counts as filled when it holds anything but spaces, so "None" written
#: for injuries, medical treatment or others present is filled and an empty box is not; the
#: duration is filled when a number of minutes (0 included) is recorded. The date and time are
#: always there (an incident cannot be saved without them).
REG35_PARTICULARS: tuple[tuple[str, str], ...] = (
    ("child", "child_ids"),
    ("behaviour", "behaviour"),
    ("location", "location"),
    ("measure", "measure"),
    ("duration", "duration_minutes"),
    ("methods tried", "alternatives_tried"),
    ("used by", "used_by"),
    ("others present", "others_present"),
    ("effect", "effect"),
    ("injuries", "injuries"),
    ("medical treatment", "medical_treatment"),
)


def reg35_missing(incident: IncidentDetails) -> list[str]:
    """The reg 35(3)(a) particulars a restraint record still lacks, in the regulation's order (short words)."""
    d = incident.details if isinstance(incident.details, RestraintDetails) else RestraintDetails()
    missing = []
    for word, key in REG35_PARTICULARS:
        if key == "child_ids":
            filled = bool(incident.child_ids)
        elif key == "location":
            filled = bool(incident.location.strip())
        elif key == "duration_minutes":
            filled = d.duration_minutes is not None
        else:
            filled = bool(str(getattr(d, key)).strip())
        if not filled:
            missing.append(word)
    return missing


def missing_words(missing: list[str]) -> str:
    """'Missing: duration, methods tried'."""
    return "Missing: " + ", ".join(missing)


def record_made_refusal(new: IncidentDetails, old: IncidentDetails | None) -> str:
    """Why "Record made" cannot be saved as entered in the form, or "" when it can.

    "Record made" (``record_made_at``) is the moment the record held every reg 35(3)(a) particular:
    the step is done then, and on time only if that is within 24 hours. Nothing stores when each
    particular was typed, so the manager confirms the moment: it can be set only once the record is
    complete. A draft is saved with it empty. A record imported or saved earlier with the time set
    and particulars missing keeps it unchanged while still incomplete (the step shows "Record
    started ..."); once it is completed, the completion time must be later than that earlier time
    (``record_made_too_early``, which the store also applies to every save and import).
    """
    d = new.details if isinstance(new.details, RestraintDetails) else None
    if new.type is not IncidentType.RESTRAINT or d is None or d.record_made_at is None or d.ehc_plan_planned:
        return ""
    missing = reg35_missing(new)
    if not missing:
        return record_made_too_early(new, old)
    old_d = old.details if old is not None and isinstance(old.details, RestraintDetails) else None
    kept = (old is not None and old_d is not None and old_d.record_made_at is not None
            and utc(old_d.record_made_at) == utc(d.record_made_at) and bool(reg35_missing(old)))
    if kept:
        return ""
    return ("‘Record made’ is when the record holds every particular reg 35(3)(a) lists. "
            f"{missing_words(missing)}. Fill them in, or clear ‘Record made’ to save this as a draft.")


def record_made_too_early(new: IncidentDetails, old: IncidentDetails | None) -> str:
    """Why a completed restraint record's "Record made" is refused, or "" when it is not.

    The rule every save and import keeps: a record saved with "Record made" set while particulars
    were missing was incomplete at that moment, and so at every moment before it. When that record is
    completed, "Record made" (the moment it became complete) must be later than that time; otherwise
    a late record would show as made on time. A record still incomplete, a new record (nothing known
    before it) and an exempt (EHC plan) restraint are not affected.
    """
    d = new.details if isinstance(new.details, RestraintDetails) else None
    if (new.type is not IncidentType.RESTRAINT or d is None or d.record_made_at is None or d.ehc_plan_planned
            or reg35_missing(new)):
        return ""
    old_d = old.details if old is not None and isinstance(old.details, RestraintDetails) else None
    if old is None or old_d is None or old_d.record_made_at is None or not reg35_missing(old):
        return ""
    if utc(d.record_made_at) > utc(old_d.record_made_at):
        return ""
    local = old_d.record_made_at.astimezone(UK)
    return (f"‘Record made’ ({format_uk(local.date())} {local:%H:%M}) was set while the record was still "
            "incomplete. Enter when the record became complete, later than that (Now if it is now).")


def restraint_steps(incident: Incident, now: datetime) -> list[Step]:
    """Reg 35(3): record within 24 h; staff spoken to and record signed within 48 h; child within 5 days.

    The record step is done only when every reg 35(3)(a) particular is filled (``reg35_missing``);
    until then it is due or overdue, and its note names what is missing.
    """
    d = incident.details if isinstance(incident.details, RestraintDetails) else RestraintDetails()
    start = incident.occurred_at
    if d.ehc_plan_planned:
        return [Step("reg35", "Reg 35 recording steps", None, None, StepStatus.EXEMPT,
                     "Reg 35(4): planned restraint used routinely under an EHC plan is exempt", Basis.LAW,
                     "Planned under the child's EHC plan: the reg 35 steps do not apply")]
    child_note = ""
    if d.child_spoken_at and utc(d.child_spoken_at) > after(start, hours=24):
        # The rule (with Guide 9.60's ideal) is the step's source; the note says only what happened.
        child_note = "Spoken to more than 24 hours after the incident"
    missing = reg35_missing(incident)
    record_done, record_note = d.record_made_at, ""
    if missing:
        record_done, record_note = None, missing_words(missing)
        if d.record_made_at is not None:
            local = d.record_made_at.astimezone(UK)
            record_note = f"Record started {format_uk(local.date())} {local:%H:%M} — not complete: missing {', '.join(missing)}"
    return [
        _timed("reg35_record", "Record made", after(start, hours=24), record_done, now,
               "Reg 35(3)(a): record made within 24 hours, holding every particular it lists", Basis.LAW,
               record_note),
        _timed("reg35_staff", "Spoke to the staff member and signed the record", after(start, hours=48),
               d.staff_spoken_at, now, "Reg 35(3)(b): within 48 hours", Basis.LAW),
        _timed("reg35_child", "Spoke to the child", after_days(start, 5), d.child_spoken_at, now,
               "Reg 35(3)(c): within 5 days, counted as calendar days to the same UK time (Guide 9.60: ideally "
               "within 24 hours)", Basis.LAW, child_note),
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


def lado_due(start: datetime, bank_holidays: BankHolidays) -> datetime:
    """One working day: the same time on the next working day; from a non-working day, the end of the next."""
    local = start.astimezone(UK)
    if is_working_day(local.date(), bank_holidays):
        day = next_working_day(local.date(), bank_holidays)
        return datetime.combine(day, local.time(), tzinfo=UK)
    day = next_working_day(local.date(), bank_holidays)
    return datetime.combine(day, time(23, 59), tzinfo=UK)


def allegation_steps(incident: Incident, now: datetime, bank_holidays: BankHolidays) -> list[Step]:
    """LADO referral within one working day (practice: Working Together and local procedures)."""
    d = incident.details if isinstance(incident.details, AllegationDetails) else AllegationDetails()
    return [_timed("lado", "Referred to the LADO", lado_due(incident.occurred_at, bank_holidays),
                   d.lado_referred_at, now,
                   "LADO referral within one working day (Working Together and local procedures; practice)",
                   Basis.PRACTICE)]


def _enquiry_moment(moment: datetime | None, day: date | None) -> tuple[datetime | None, str]:
    """When an enquiry's start or conclusion happened, and a note when only its day is known.

    Older records hold only the day. Neither the regulation ("without delay") nor the Guide
    (14.13: within 24 hours) gives a time of day to assume, so the clock starts at the end of
    that day: the latest it can have been, so nobody is marked late by a time the product made up.
    """
    if moment is not None:
        return moment, ""
    if day is None:
        return None, ""
    return end_of_day(day), (f"Time not recorded: counted from the end of {format_uk(day)}; record the time "
                             "for an exact deadline")


def _trigger(incident: Incident, paragraph: Reg40) -> tuple[datetime | None, str]:
    """When a paragraph's notification clock starts (None: not yet, e.g. an open enquiry), with a note."""
    d = incident.details
    if paragraph is Reg40.CP_END:
        if isinstance(d, EnquiryDetails):
            return _enquiry_moment(d.concluded_at, d.concluded_on)
        return None, ""
    if paragraph is Reg40.CP_START and isinstance(d, EnquiryDetails):
        moment, note = _enquiry_moment(d.started_at, d.started_on)
        if moment is not None:
            if note:  # a day only: never before the incident itself
                moment = max(utc(incident.occurred_at), utc(moment))
            return moment, note
    return incident.occurred_at, ""


def notification_steps(incident: Incident, now: datetime, context: NotifyContext) -> list[Step]:
    """Each recipient reg 40 requires, per paragraph: without delay; target within 24 hours (Guide 14.13).

    ``context`` says who placed the incident's children and where the home is, for reg 40(1)'s
    recipients that depend on it (see ``models.recipients``).
    """
    if not incident.notifiable:
        return []
    steps = []
    for paragraph in incident.reg40_paragraphs:
        start, when_note = _trigger(incident, paragraph)
        if start is None:
            continue  # e.g. an enquiry that has not concluded yet
        for recipient in recipients_for(paragraph, context):
            sent = [n for n in incident.notifications if n.recipient is recipient and n.paragraph is paragraph]
            first = min((utc(n.sent_at) for n in sent), default=None)
            notes = [when_note, recipient_note(recipient, paragraph, context)]
            if recipient is Recipient.OFSTED and sent and not any(n.reference.strip() for n in sent):
                notes.append("No Ofsted reference recorded")
            steps.append(_timed(f"reg40:{paragraph.value}:{recipient.value}",
                                f"{recipient.label} notified ({paragraph.label.split(':')[0]})",
                                after(start, hours=24), first, now,
                                f"{paragraph.label}: without delay; Guide 14.13 target within 24 hours",
                                # The duty is law; its 24-hour timescale is the Guide's: "without delay" is all
                                # reg 40 says, so a notice sent at 25 hours is late against statutory guidance.
                                Basis.GUIDANCE, "; ".join(n for n in notes if n)))
    return steps


def reg40_decision_step(incident: Incident, now: datetime) -> list[Step]:
    """Whether the incident is notifiable under reg 40, decided in time to notify within 24 hours.

    Reg 40 says "without delay" and the Guide (14.13) asks for a system that notifies serious events
    within 24 hours. A notification cannot be on time if nobody has decided whether one is needed, so
    an undecided incident carries this step, due 24 hours after it happened. Once decided, either way,
    the step is gone: a notifiable incident has its recipients' steps, a not-notifiable one its reason.
    """
    if incident.notifiable is not None:
        return []
    return [_timed("reg40_decision", "Reg 40: decide whether it is notifiable", after(incident.occurred_at, hours=24),
                   None, now, "Reg 40: notify without delay; Guide 14.13: within 24 hours, so decide in time",
                   Basis.GUIDANCE)]


def review_step(incident: Incident, now: datetime, review_days: int) -> Step:
    """The manager's sign-off: every incident reviewed (Guide 9.36, 9.59); the timescale is policy."""
    return _timed("review", "Manager review", after_days(incident.occurred_at, review_days),
                  incident.reviewed_at, now,
                  f"Guide 9.36 and 9.59: incidents scrutinised; within {counted(review_days, 'day')} (calendar days, to the "
                  "same UK time) is provider policy",
                  Basis.PRACTICE)


def incident_steps(incident: Incident, now: datetime, bank_holidays: BankHolidays, review_days: int,
                   context: NotifyContext) -> list[Step]:
    """Every timed step for one incident; ``context``: its children's placing authorities and the home."""
    steps: list[Step] = []
    if incident.type is IncidentType.RESTRAINT:
        steps += restraint_steps(incident, now)
    elif incident.type in (IncidentType.MISSING, IncidentType.AWAY):
        steps += missing_steps(incident, now)
    elif incident.type is IncidentType.ALLEGATION:
        steps += allegation_steps(incident, now, bank_holidays)
    steps += reg40_decision_step(incident, now)
    steps += notification_steps(incident, now, context)
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
