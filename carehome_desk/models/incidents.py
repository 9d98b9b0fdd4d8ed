"""Incidents: one record per event, for one or more children, with fields that follow its type."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timezone
from enum import Enum
from typing import Any

from carehome_desk.models.dates import UK
from carehome_desk.models.ids import ChildId, HomeId, IncidentId, NotificationId, StaffId


class IncidentType(str, Enum):
    """Incident types, each with its own fields; missing and away are kept apart as Ofsted counts them."""

    RESTRAINT = "restraint"
    MISSING = "missing"
    AWAY = "away"
    POLICE = "police"
    ALLEGATION = "allegation"
    CP_ENQUIRY = "cp_enquiry"
    EXPLOITATION = "exploitation"
    SELF_HARM = "self_harm"
    ACCIDENT = "accident"
    ILLNESS = "illness"
    MEDICATION = "medication"
    SEARCH = "search"
    SANCTION = "sanction"
    COMPLAINT = "complaint"
    OTHER = "other"

    @property
    def label(self) -> str:
        """In words."""
        return TYPE_LABELS[self]


TYPE_LABELS = {
    IncidentType.RESTRAINT: "Restraint / measure of control",
    IncidentType.MISSING: "Missing from care",
    IncidentType.AWAY: "Away from placement without authorisation",
    IncidentType.POLICE: "Police involvement",
    IncidentType.ALLEGATION: "Allegation against staff",
    IncidentType.CP_ENQUIRY: "Child protection enquiry",
    IncidentType.EXPLOITATION: "Child sexual or criminal exploitation concern",
    IncidentType.SELF_HARM: "Self-harm",
    IncidentType.ACCIDENT: "Accident or injury",
    IncidentType.ILLNESS: "Serious illness",
    IncidentType.MEDICATION: "Medication error or refusal",
    IncidentType.SEARCH: "Search",
    IncidentType.SANCTION: "Sanction / consequence",
    IncidentType.COMPLAINT: "Complaint",
    IncidentType.OTHER: "Other",
}


class RiskLevel(str, Enum):
    """Risk assessed for a missing or away episode."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Reg40(str, Enum):
    """The reg 40 paragraph a notification is made under."""

    DEATH = "death"
    DBS_REFERRAL = "dbs_referral"
    SEXUAL_EXPLOITATION = "sexual_exploitation"
    POLICE_SERIOUS = "police_serious"
    ALLEGATION = "allegation"
    CP_START = "cp_start"
    CP_END = "cp_end"
    OTHER_SERIOUS = "other_serious"

    @property
    def label(self) -> str:
        """The paragraph and what it covers."""
        return REG40_LABELS[self]


REG40_LABELS = {
    Reg40.DEATH: "Reg 40(1): death of a child",
    Reg40.DBS_REFERRAL: "Reg 40(3): referral of a staff member to the DBS",
    Reg40.SEXUAL_EXPLOITATION: "Reg 40(4)(a): child sexual exploitation",
    Reg40.POLICE_SERIOUS: "Reg 40(4)(b): serious incident needing the police",
    Reg40.ALLEGATION: "Reg 40(4)(c): allegation of abuse against the home or staff",
    Reg40.CP_START: "Reg 40(4)(d)(i): child protection enquiry started",
    Reg40.CP_END: "Reg 40(4)(d)(ii): child protection enquiry concluded (with outcome)",
    Reg40.OTHER_SERIOUS: "Reg 40(4)(e): other serious incident",
}


class Recipient(str, Enum):
    """Who a notification goes to."""

    OFSTED = "ofsted"
    PLACING_AUTHORITY = "placing_authority"
    SECRETARY_OF_STATE = "secretary_of_state"
    HOST_AUTHORITY = "host_authority"
    ICB = "icb"
    PPO = "ppo"
    OTHER = "other"

    @property
    def label(self) -> str:
        """In words."""
        return {"ofsted": "Ofsted", "placing_authority": "Placing authority",
                "secretary_of_state": "Secretary of State", "host_authority": "Host local authority",
                "icb": "Integrated care board", "ppo": "Prisons and Probation Ombudsman",
                "other": "Other relevant person"}[self.value]


@dataclass(frozen=True)
class RestraintDetails:
    """What reg 35(3)(a) asks the record to hold, then the three statutory steps as times."""

    behaviour: str = ""
    measure: str = ""
    duration_minutes: int | None = None
    alternatives_tried: str = ""
    used_by: str = ""
    others_present: str = ""
    effect: str = ""
    injuries: str = ""
    medical_treatment: str = ""
    ehc_plan_planned: bool = False
    record_made_at: datetime | None = None
    staff_spoken_at: datetime | None = None
    signed_by: str = ""
    child_spoken_at: datetime | None = None
    child_comments: str = ""


@dataclass(frozen=True)
class MissingDetails:
    """A missing-from-care or away-without-authorisation episode and its return interview."""

    returned_at: datetime | None = None
    whereabouts_known: bool = False
    police_informed_at: datetime | None = None
    police_reference: str = ""
    placing_authority_informed_at: datetime | None = None
    risk_level: RiskLevel = RiskLevel.MEDIUM
    rhi_offered_at: datetime | None = None
    rhi_offered_by: str = ""
    rhi_not_offered: bool = False
    home_challenged: bool = False
    challenge_note: str = ""


@dataclass(frozen=True)
class AllegationDetails:
    """An allegation against a member of staff, with the LADO referral."""

    staff_id: StaffId | None = None
    staff_name: str = ""
    lado_referred_at: datetime | None = None
    outcome: str = ""


@dataclass(frozen=True)
class EnquiryDetails:
    """A child protection enquiry: when it started and concluded (date and time), with its outcome.

    ``started_at`` and ``concluded_at`` are the moments recorded. Records made before the time was
    asked for hold only the day (``started_on``, ``concluded_on``); a day is read only when its
    moment is empty, and the form and the import leave it empty once a time is recorded.
    """

    started_on: date | None = None
    concluded_on: date | None = None
    outcome: str = ""
    started_at: datetime | None = None
    concluded_at: datetime | None = None

    @property
    def start_day(self) -> date | None:
        """The UK day it started, from the time if recorded."""
        return self.started_at.astimezone(UK).date() if self.started_at else self.started_on

    @property
    def end_day(self) -> date | None:
        """The UK day it concluded, from the time if recorded."""
        return self.concluded_at.astimezone(UK).date() if self.concluded_at else self.concluded_on

    @property
    def concluded(self) -> bool:
        """True once a conclusion (time or day) is recorded."""
        return self.concluded_at is not None or self.concluded_on is not None


@dataclass(frozen=True)
class ComplaintDetails:
    """A complaint: from whom, what was done, the outcome, when closed."""

    from_whom: str = ""
    action: str = ""
    outcome: str = ""
    closed_on: date | None = None


@dataclass(frozen=True)
class SanctionDetails:
    """A sanction or consequence, checked against reg 19's prohibited measures."""

    sanction: str = ""
    reparation: bool = False


@dataclass(frozen=True)
class PoliceDetails:
    """Police involvement: called out or attending, with their reference."""

    called_out: bool = True
    police_reference: str = ""


@dataclass(frozen=True)
class SearchDetails:
    """A search of a child, room or belongings (SCCIF: reason, consent, risk assessment, oversight)."""

    reason: str = ""
    consent_sought: bool = False
    risk_assessment: str = ""


Details = (RestraintDetails | MissingDetails | AllegationDetails | EnquiryDetails | ComplaintDetails
           | SanctionDetails | PoliceDetails | SearchDetails | None)

DETAIL_TYPES: dict[IncidentType, type] = {
    IncidentType.RESTRAINT: RestraintDetails,
    IncidentType.MISSING: MissingDetails,
    IncidentType.AWAY: MissingDetails,
    IncidentType.ALLEGATION: AllegationDetails,
    IncidentType.CP_ENQUIRY: EnquiryDetails,
    IncidentType.COMPLAINT: ComplaintDetails,
    IncidentType.SANCTION: SanctionDetails,
    IncidentType.POLICE: PoliceDetails,
    IncidentType.SEARCH: SearchDetails,
}


@dataclass(frozen=True)
class Notification:
    """One reg 40 notification: to whom, under which paragraph, when and how, Ofsted's reference."""

    incident_id: IncidentId
    recipient: Recipient
    paragraph: Reg40
    sent_at: datetime
    method: str = ""
    reference: str = ""
    recipient_name: str = ""
    id: NotificationId = NotificationId(0)


@dataclass(frozen=True)
class IncidentDetails:
    """The editable incident (no id)."""

    type: IncidentType
    occurred_at: datetime
    child_ids: tuple[ChildId, ...]
    summary: str
    location: str = ""
    staff_involved: str = ""  # people not on the staff register (agency staff, visitors)
    details: Details = None
    notifiable: bool | None = None  # None: the reg 40 decision is not yet recorded
    reg40_paragraphs: tuple[Reg40, ...] = ()
    reg40_rationale: str = ""
    other_recipients: tuple[str, ...] = ()
    staff_ids: tuple[StaffId, ...] = ()  # staff on the register who were involved


@dataclass(frozen=True)
class Incident(IncidentDetails):
    """A saved incident, with its manager review."""

    id: IncidentId = IncidentId(0)
    home_id: HomeId = HomeId(0)
    reviewed_at: datetime | None = None
    reviewed_by: str = ""
    review_note: str = ""
    notifications: tuple[Notification, ...] = field(default_factory=tuple)
    version: int = 1
    archived_at: datetime | None = None
    archive_reason: str = ""

    @property
    def editable(self) -> IncidentDetails:
        """Just the editable part."""
        return IncidentDetails(**{f.name: getattr(self, f.name) for f in fields(IncidentDetails)})


# Reg 19 prohibited measures, with words that suggest a sanction may be one of them.
PROHIBITED: list[tuple[str, str]] = [
    ("Reg 19(a): corporal punishment", r"\b(smack\w*|hit|slap\w*|corporal|physical punishment)\b"),
    ("Reg 19(b): withholding or forcing food or drink",
     r"\b(food|meal\w*|dinner|tea|supper|breakfast|lunch|snack\w*|drink\w*|pudding|dessert)\b"),
    ("Reg 19(c): restricting contact, visits, communications or helplines",
     r"\b(contact|phone|mobile|call\w*|visit\w*|family time|helpline|letters?)\b"),
    ("Reg 19(d): using or withholding medication or medical treatment",
     r"\b(medication|medicine\w*|tablets?|treatment|inhaler)\b"),
    ("Reg 19(e): intentional deprivation of sleep", r"\b(sleep\w*|stay(ing)? awake|woken|wake)\b"),
    ("Reg 19(f): fines (other than reasonable reparation)", r"\b(fine[ds]?|pocket money|money (deducted|taken))\b"),
    ("Reg 19(g): intimate physical examination", r"\b(intimate|strip)\b"),
    ("Reg 19(h): withholding aids or equipment a disabled child needs",
     r"\b(wheelchair|hearing aids?|glasses|walking frame|communication aid|equipment)\b"),
    ("Reg 19(i): children sanctioning other children", r"\b(other (child|children|young people) (decide|chose|choose))\b"),
    ("Reg 19(j): group punishment", r"\b(group punishment|all (the )?(children|young people)|everyone)\b"),
]


def prohibited_sanction_warnings(text: str, reparation: bool = False) -> list[str]:
    """Reg 19 measures the sanction's wording may match: a prompt to check, not a verdict."""
    found = []
    for label, pattern in PROHIBITED:
        if reparation and label.startswith("Reg 19(f)"):
            continue
        if re.search(pattern, text, flags=re.IGNORECASE):
            found.append(label)
    return found


def validate_incident(incident: IncidentDetails, now: datetime) -> dict[str, str]:
    """Problems with an incident, keyed by field, in words for the form."""
    problems: dict[str, str] = {}
    if incident.occurred_at.tzinfo is None:
        problems["occurred_at"] = "The time needs its time zone."
    elif incident.occurred_at.astimezone(timezone.utc) > now.astimezone(timezone.utc):
        problems["occurred_at"] = "The incident's date and time are in the future."
    if not incident.child_ids and incident.type not in (IncidentType.ALLEGATION, IncidentType.COMPLAINT,
                                                        IncidentType.OTHER):
        problems["child_ids"] = "Choose the child or children involved."
    if not incident.summary.strip():
        problems["summary"] = "Say briefly what happened."
    if incident.notifiable is True and not incident.reg40_paragraphs:
        problems["reg40_paragraphs"] = "Choose the reg 40 paragraph it is notifiable under."
    if incident.notifiable is not None and not incident.reg40_rationale.strip():
        problems["reg40_rationale"] = "Give the reason for the reg 40 decision (Ofsted asks either way)."
    problems.update(_detail_problems(incident, now))
    return problems


def _after(label: str, value: datetime | None, start: datetime, now: datetime) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        return f"{label} needs its time zone."
    # Compared as instants (UTC): same-zone datetimes compare by wall clock in Python.
    if value.astimezone(timezone.utc) < start.astimezone(timezone.utc):
        return f"{label} is before the incident."
    if value.astimezone(timezone.utc) > now.astimezone(timezone.utc):
        return f"{label} is in the future."
    return None


def _detail_problems(incident: IncidentDetails, now: datetime) -> dict[str, str]:
    d: Any = incident.details
    start = incident.occurred_at
    problems: dict[str, str] = {}
    if start.tzinfo is None:
        return problems
    if isinstance(d, RestraintDetails):
        if d.duration_minutes is not None and not 0 <= d.duration_minutes <= 24 * 60:
            problems["duration_minutes"] = "The duration must be between 0 minutes and 24 hours."
        for key, label in (("record_made_at", "The record time"), ("staff_spoken_at", "Speaking to the staff"),
                           ("child_spoken_at", "Speaking to the child")):
            issue = _after(label, getattr(d, key), start, now)
            if issue:
                problems[key] = issue
        if d.staff_spoken_at and not d.signed_by.strip():
            problems["signed_by"] = "Record who spoke to the staff member and signed the record."
    elif isinstance(d, MissingDetails):
        for key, label in (("returned_at", "The return"), ("police_informed_at", "Informing the police"),
                           ("placing_authority_informed_at", "Informing the placing authority")):
            issue = _after(label, getattr(d, key), start, now)
            if issue:
                problems[key] = issue
        if (d.rhi_offered_at and d.returned_at and d.rhi_offered_at.tzinfo and d.returned_at.tzinfo
                and d.rhi_offered_at.astimezone(timezone.utc) < d.returned_at.astimezone(timezone.utc)):
            problems["rhi_offered_at"] = "The return interview offer is before the child came back."
        if d.rhi_offered_at and d.rhi_not_offered:
            problems["rhi_not_offered"] = "Either an interview was offered or it was not."
    elif isinstance(d, AllegationDetails):
        issue = _after("The LADO referral", d.lado_referred_at, start, now)
        if issue:
            problems["lado_referred_at"] = issue
    elif isinstance(d, EnquiryDetails):
        problems.update(_enquiry_problems(d, now))
    elif isinstance(d, ComplaintDetails):
        if d.closed_on and d.closed_on < start.date():
            problems["closed_on"] = "The complaint closed before it was made."
        if d.closed_on and not d.outcome.strip():
            problems["outcome"] = "Record the outcome before closing the complaint."
    return problems


def _enquiry_problems(d: EnquiryDetails, now: datetime) -> dict[str, str]:
    """Each moment (or, for an older record, day) not in the future; concluded after started; the outcome."""
    problems: dict[str, str] = {}
    today = now.astimezone(UK).date()
    for key, label, moment, day in (("started_at", "The enquiry's start", d.started_at, d.started_on),
                                    ("concluded_at", "The enquiry's conclusion", d.concluded_at, d.concluded_on)):
        if moment is not None and moment.tzinfo is None:
            problems[key] = f"{label} needs its time zone."
        elif moment is not None and moment.astimezone(timezone.utc) > now.astimezone(timezone.utc):
            problems[key] = f"{label} is in the future."
        elif moment is None and day is not None and day > today:
            problems[key] = f"{label} is in the future."
    if "started_at" not in problems and "concluded_at" not in problems:
        start, end = d.started_at, d.concluded_at
        if start is not None and end is not None:
            backwards = end.astimezone(timezone.utc) < start.astimezone(timezone.utc)
        else:  # a day without its time: only a conclusion on an earlier day is certainly wrong
            backwards = d.start_day is not None and d.end_day is not None and d.end_day < d.start_day
        if backwards:
            problems["concluded_at"] = "The enquiry concluded before it started."
    if d.concluded and not d.outcome.strip():
        problems["outcome"] = "Record the outcome: the reg 40(4)(d)(ii) notice must include it."
    return problems
