"""The demo home's children and three years of incidents, with realistic frequencies and gaps.

Some restraint steps are late, one missing episode had no return interview offered, and some
notifications carry Ofsted's reference while others do not. Every child and event is invented.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from carehome_desk.demo.valid import valid
from carehome_desk.models.children import Child, ChildDetails, LegalStatus, validate_child
from carehome_desk.models.dates import UK
from carehome_desk.models.ids import HomeId, StaffId
from carehome_desk.models.incidents import (
    AllegationDetails,
    ComplaintDetails,
    EnquiryDetails,
    IncidentDetails,
    IncidentType,
    MissingDetails,
    Notification,
    PoliceDetails,
    Recipient,
    Reg40,
    RestraintDetails,
    RiskLevel,
    SanctionDetails,
    SearchDetails,
    validate_incident,
)
from carehome_desk.models.staff_names import match_staff, name_key
from carehome_desk.models.staff import StaffMember
from carehome_desk.models.staff_incidents import training_on
from carehome_desk.models.training import Course, TrainingRecord
from carehome_desk.store.incidents import validate_notification
from carehome_desk.store.incidents_batch import IncidentBatch

AUTHORITIES = ["Northmoor County Council", "Ashby Fields Borough Council", "Kettleby City Council",
               "Harrowdale Council", "Wellcombe County Council"]
# Incidents a month in a four-bed home (demo figures, not sector statistics).
RATES = {
    IncidentType.RESTRAINT: 1.6, IncidentType.MISSING: 1.1, IncidentType.AWAY: 0.8, IncidentType.POLICE: 0.5,
    IncidentType.SELF_HARM: 0.3, IncidentType.ACCIDENT: 0.6, IncidentType.MEDICATION: 0.4, IncidentType.SEARCH: 0.3,
    IncidentType.SANCTION: 0.9, IncidentType.COMPLAINT: 0.2, IncidentType.EXPLOITATION: 0.12,
    IncidentType.ALLEGATION: 0.08, IncidentType.CP_ENQUIRY: 0.1, IncidentType.ILLNESS: 0.1, IncidentType.OTHER: 0.3,
}
SUMMARIES = {
    IncidentType.RESTRAINT: "Became very distressed after a phone call and tried to hit a peer; staff intervened.",
    IncidentType.MISSING: "Did not return from school; whereabouts unknown.",
    IncidentType.AWAY: "Stayed at a friend's house without permission; address known.",
    IncidentType.POLICE: "Police attended after damage to a neighbour's car.",
    IncidentType.SELF_HARM: "Superficial cuts to forearm found at bedtime; first aid given.",
    IncidentType.ACCIDENT: "Fell from a bike in the garden; grazed knee.",
    IncidentType.MEDICATION: "Refused evening medication; GP advice followed.",
    IncidentType.SEARCH: "Room searched after a concern about a knife; nothing found.",
    IncidentType.SANCTION: "Extra chores after damaging a door (reparation agreed with the child).",
    IncidentType.COMPLAINT: "Complained that pocket money was paid late.",
    IncidentType.EXPLOITATION: "Seen getting into a car with older unknown males; concern of exploitation.",
    IncidentType.ALLEGATION: "Child alleged a member of staff pushed them during an argument.",
    IncidentType.CP_ENQUIRY: "Section 47 enquiry started after a disclosure at school.",
    IncidentType.ILLNESS: "Admitted to hospital with suspected appendicitis.",
    IncidentType.OTHER: "Fire alarm activated by toast; building evacuated safely.",
}
SANCTIONS = ["Reparation: helped repaint the door", "Earlier bedtime on Saturday", "No games console for one evening",
             "Loss of trip to the cinema this week"]


@dataclass(frozen=True)
class DemoStaff:
    """The home's care staff as the incidents name them: only people employed that day, and for a
    restraint only people whose physical intervention training was in date then."""

    members: list[StaffMember]  # care staff, in register order
    training: dict[StaffId, list[TrainingRecord]]
    course: Course | None

    def employed(self, day: date) -> list[str]:
        return [m.full_name for m in self.members
                if m.start_date <= day and (m.leaving_date is None or m.leaving_date >= day)]

    def trained(self, day: date) -> list[str]:
        """Employed that day with the restraint course in date (none when the catalogue has no such course)."""
        if self.course is None:
            return []
        employed = set(self.employed(day))
        return [m.full_name for m in self.members if m.full_name in employed
                and training_on(day, self.training.get(m.id, []), self.course)[1]]

    def register(self) -> dict[str, StaffId]:
        return {name_key(m.full_name): m.id for m in self.members}


def add_children_and_incidents(batch: IncidentBatch, rng: random.Random, home_id: HomeId, now: datetime,
                               manager: str, staff: DemoStaff, ref_prefix: str) -> None:
    """Add one home's children and three years of incidents up to ``now`` through the batch writer, checked.

    The staff involved are linked to the register: people employed on the day, and for a restraint
    people trained in physical intervention then. One exception is kept on purpose (see ``_recent``).
    """
    register = staff.register()
    today = now.astimezone(UK).date()
    kids = _children(batch, rng, home_id, today, ref_prefix)
    start = today - timedelta(days=3 * 365)
    day = start
    forced_no_rhi = False
    while day < today:
        for kind, rate in RATES.items():
            if rng.random() < rate / 30:
                resident = [k for k in kids if k.is_resident(day)]
                if not resident:
                    continue
                child = rng.choice(resident)
                at = datetime.combine(day, time(rng.randint(7, 22), rng.choice((0, 10, 25, 40, 55))), tzinfo=UK)
                if at >= now:
                    continue
                names = staff.trained(day) if kind is IncidentType.RESTRAINT else staff.employed(day)
                if len(names) < 2:
                    continue  # the demo records no restraint without two trained staff on the rota
                no_rhi = kind is IncidentType.MISSING and not forced_no_rhi and (today - day).days < 200
                forced_no_rhi = forced_no_rhi or no_rhi
                _incident(batch, rng, home_id, kind, at, child, now, manager, names, no_rhi, register)
        day += timedelta(days=1)
    _recent(batch, home_id, kids, now, staff, register)


def _people(text: str, register: dict[str, StaffId]) -> dict[str, Any]:
    """The staff named in ``text`` as links to the register, and anyone not on it as text."""
    ids, others = match_staff(text, register)
    return {"staff_ids": ids, "staff_involved": others}


def _recent(batch: IncidentBatch, home_id: HomeId, kids: list[Child], now: datetime, staff: DemoStaff,
            register: dict[str, StaffId]) -> None:
    """This week's open items, so the demo always shows steps counting down.

    The one deliberate training gap: the newest starter not yet on the physical intervention course
    was present at yesterday's restraint (a trained colleague used the measure), so their Incidents
    tab flags it for the manager.
    """
    today = now.astimezone(UK).date()
    current = [k for k in kids if k.leaving_date is None and k.admission_date <= today]
    trained, employed = staff.trained(today), staff.employed(today)
    if not current or not trained or len(employed) < 3:
        return
    untrained = [m for m in staff.members if m.full_name in employed and m.full_name not in trained]
    present = max(untrained, key=lambda m: m.start_date).full_name if untrained else \
        next(n for n in employed if n != trained[0])
    staff_names = [trained[0], present] + [n for n in employed if n not in (trained[0], present)]
    restraint = IncidentDetails(
        type=IncidentType.RESTRAINT, occurred_at=now - timedelta(hours=20), child_ids=(current[0].id,),
        summary=SUMMARIES[IncidentType.RESTRAINT], location="Lounge", **_people(", ".join(staff_names[:2]), register),
        details=RestraintDetails(behaviour="Threw a chair towards staff", measure="Single-person escort (Team Teach)",
                                 duration_minutes=3, alternatives_tried="Distraction; offered time in garden",
                                 used_by=staff_names[0], others_present=staff_names[1], effect="Settled",
                                 injuries="None", medical_treatment="None",
                                 record_made_at=now - timedelta(hours=18)),
        notifiable=None)
    missing = IncidentDetails(
        type=IncidentType.MISSING, occurred_at=now - timedelta(hours=40), child_ids=(current[-1].id,),
        summary=SUMMARIES[IncidentType.MISSING], location="Community", **_people(staff_names[2], register),
        details=MissingDetails(returned_at=now - timedelta(hours=30), police_informed_at=now - timedelta(hours=39),
                               police_reference="MP-424242", risk_level=RiskLevel.HIGH,
                               placing_authority_informed_at=now - timedelta(hours=39)),
        notifiable=None)
    for d in (restraint, missing):
        valid("incident", validate_incident(d, now))
        batch.add_incident(home_id, d)


def _children(batch: IncidentBatch, rng: random.Random, home_id: HomeId, today: date, prefix: str) -> list[Child]:
    kids = []
    plan = [(-1100, -600), (-1000, -300), (-900, -700), (-800, -200), (-640, -90), (-500, None), (-400, None),
            (-260, None), (-120, None), (-40, -12)]
    for n, (admitted, left) in enumerate(plan, start=1):
        admission = today + timedelta(days=admitted)
        leaving = today + timedelta(days=left) if left is not None else None
        age = rng.randint(11, 16)
        dob = admission - timedelta(days=age * 365 + rng.randint(0, 360))
        initials = rng.choice(string.ascii_uppercase) + rng.choice(string.ascii_uppercase)
        authority = rng.choice(AUTHORITIES)
        legal = rng.choice([LegalStatus.SECTION_31, LegalStatus.SECTION_31, LegalStatus.SECTION_20])
        planned = rng.random() < 0.7
        details = ChildDetails(reference=f"{prefix}C{n:02d}", initials=initials, date_of_birth=dob,
                               admission_date=admission, placing_authority=authority, legal_status=legal,
                               admission_planned=planned, leaving_date=leaving,
                               ending_planned=(rng.random() < 0.6) if leaving else None)
        valid("child", validate_child(details, today))
        kids.append(Child(**vars(details), id=batch.add_child(home_id, details), home_id=home_id))
    return kids


def _maybe(rng: random.Random, at: datetime, now: datetime, hours: tuple[float, float],
           late: tuple[float, float], late_chance: float) -> datetime | None:
    delay = rng.uniform(*late) if rng.random() < late_chance else rng.uniform(*hours)
    when = (at.astimezone(timezone.utc) + timedelta(minutes=round(delay * 60))).astimezone(UK)  # real, whole minutes
    return when if when.astimezone(timezone.utc) <= now.astimezone(timezone.utc) else None


def _incident(batch: IncidentBatch, rng: random.Random, home_id: HomeId, kind: IncidentType, at: datetime,
              child: Child, now: datetime, manager: str, staff_names: list[str], no_rhi: bool,
              register: dict[str, StaffId]) -> None:
    details: Any = None
    notifiable: bool | None = False
    paragraphs: tuple[Reg40, ...] = ()
    rationale = "Managed within the home; not serious under reg 40(4)(e). Placing authority informed."
    used_by = rng.choice(staff_names)
    other = rng.choice([n for n in staff_names if n != used_by])
    if kind is IncidentType.RESTRAINT:
        details = RestraintDetails(
            behaviour="Tried to hit a peer and staff", measure="Two-person standing hold (Team Teach)",
            duration_minutes=rng.randint(1, 12), alternatives_tried="Verbal de-escalation, offered space",
            used_by=used_by, others_present=other, effect="Calmed within minutes",
            injuries="None", medical_treatment="None",
            record_made_at=_maybe(rng, at, now, (1, 20), (25, 40), 0.07),
            staff_spoken_at=_maybe(rng, at, now, (6, 44), (50, 90), 0.1), signed_by=manager,
            child_spoken_at=_maybe(rng, at, now, (3, 30), (121, 160), 0.05),
            child_comments="Said they felt listened to afterwards.")
        if details.staff_spoken_at is None:
            details = RestraintDetails(**{**details.__dict__, "signed_by": ""})
    elif kind in (IncidentType.MISSING, IncidentType.AWAY):
        returned = _maybe(rng, at, now, (1, 20), (20, 40), 0.1)
        offered = None if no_rhi or returned is None else _maybe(rng, returned, now, (8, 66), (80, 120), 0.1)
        details = MissingDetails(
            returned_at=returned, whereabouts_known=kind is IncidentType.AWAY,
            police_informed_at=at + timedelta(minutes=rng.randint(20, 90)) if kind is IncidentType.MISSING else None,
            police_reference=f"MP-{rng.randint(100000, 999999)}" if kind is IncidentType.MISSING else "",
            placing_authority_informed_at=at + timedelta(hours=rng.uniform(0.5, 3)),
            risk_level=rng.choice(list(RiskLevel)),
            rhi_offered_at=offered, rhi_offered_by=child.placing_authority if offered else "",
            rhi_not_offered=no_rhi, home_challenged=False)
        rationale = "Returned safe and well; not serious under reg 40(4)(e). Police and placing authority told."
    elif kind is IncidentType.POLICE:
        details = PoliceDetails(called_out=True, police_reference=f"CAD-{rng.randint(1000, 9999)}")
        if rng.random() < 0.3:
            notifiable, paragraphs = True, (Reg40.POLICE_SERIOUS,)
            rationale = "Arrest and damage to property: serious police involvement."
    elif kind is IncidentType.EXPLOITATION:
        notifiable, paragraphs = True, (Reg40.SEXUAL_EXPLOITATION,)
        rationale = "Concern of child sexual exploitation: notifiable under reg 40(4)(a)."
    elif kind is IncidentType.ALLEGATION:
        details = AllegationDetails(staff_name=used_by, lado_referred_at=_maybe(rng, at, now, (1, 20), (30, 60), 0.15),
                                    outcome="Unsubstantiated after LADO strategy discussion")
        notifiable, paragraphs = True, (Reg40.ALLEGATION,)
        rationale = "Allegation of abuse against a member of staff: reg 40(4)(c)."
    elif kind is IncidentType.CP_ENQUIRY:
        # The moments the notices are timed from: the strategy discussion that starts the enquiry a couple
        # of hours after the concern, and the afternoon meeting that concludes it some weeks later.
        started = min(at + timedelta(hours=2), now)
        concluded = datetime.combine(at.date() + timedelta(days=rng.randint(10, 40)), time(15, 0), tzinfo=UK)
        done = concluded < now
        details = EnquiryDetails(started_at=started, concluded_at=concluded if done else None,
                                 outcome="No further action; support plan agreed" if done else "")
        notifiable = True
        paragraphs = (Reg40.CP_START, Reg40.CP_END) if done else (Reg40.CP_START,)
        rationale = "Section 47 enquiry: reg 40(4)(d)."
    elif kind is IncidentType.SELF_HARM and rng.random() < 0.25:
        notifiable, paragraphs = True, (Reg40.OTHER_SERIOUS,)
        rationale = "Serious self-harm needing hospital treatment (Guide 14.11)."
    elif kind is IncidentType.ILLNESS:
        notifiable, paragraphs = True, (Reg40.OTHER_SERIOUS,)
        rationale = "Serious illness with hospital admission (Guide 14.11)."
    elif kind is IncidentType.SANCTION:
        text = rng.choice(SANCTIONS)
        details = SanctionDetails(sanction=text, reparation=text.startswith("Reparation"))
    elif kind is IncidentType.COMPLAINT:
        closed = at.date() + timedelta(days=rng.randint(3, 25))
        details = ComplaintDetails(from_whom="The child", action="Met with the child and checked the records",
                                   outcome="Upheld; payments now on Fridays" if closed < now.date() else "",
                                   closed_on=closed if closed < now.date() else None)
    elif kind is IncidentType.SEARCH:
        details = SearchDetails(reason="Concern about a knife", consent_sought=True,
                                risk_assessment="Risk assessment updated")
    if (now - at).days < 3 and notifiable is False:
        notifiable, rationale = None, ""  # the newest ones still await the manager's decision
    d = IncidentDetails(type=kind, occurred_at=at, child_ids=(child.id,), summary=SUMMARIES[kind],
                        location=rng.choice(["Lounge", "Kitchen", "Garden", "Bedroom", "Community", "School"]),
                        **_people(f"{used_by}; {other}", register), details=details,
                        notifiable=notifiable, reg40_paragraphs=paragraphs, reg40_rationale=rationale)
    reviewed = at + timedelta(days=rng.uniform(1, 6))
    done = reviewed <= now
    valid("incident", validate_incident(d, now))
    incident_id = batch.add_incident(
        home_id, d, reviewed_at=reviewed if done else None, reviewed_by=manager if done else "",
        review_note="Reviewed with the team; risk assessment and plan updated." if done else "")
    for paragraph in paragraphs:
        trigger = at
        if isinstance(details, EnquiryDetails):
            trigger = (details.concluded_at if paragraph is Reg40.CP_END else details.started_at) or at
        for recipient in (Recipient.OFSTED, Recipient.PLACING_AUTHORITY):
            sent = _maybe(rng, trigger, now, (0.5, 20), (26, 50), 0.08)
            if sent is None:
                continue
            reference = f"NOT-{rng.randint(100000, 999999)}" if recipient is Recipient.OFSTED and rng.random() < 0.85 else ""
            n = Notification(incident_id, recipient, paragraph, sent.astimezone(UK),
                             method="Ofsted online form" if recipient is Recipient.OFSTED else "Email",
                             reference=reference,
                             recipient_name=child.placing_authority if recipient is Recipient.PLACING_AUTHORITY else "")
            valid("notification", validate_notification(n, at, now))
            batch.add_notification(n)
