"""A few children and incidents written through the real store, for the Children and Incidents page tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from carehome_desk.models.children import ChildDetails, LegalStatus
from carehome_desk.models.dates import UK
from carehome_desk.models.ids import ChildId, HomeId, IncidentId
from carehome_desk.models.incidents import (
    IncidentDetails,
    IncidentType,
    MissingDetails,
    Reg40,
    RestraintDetails,
)
from carehome_desk.store import Store


def uk(day: str, hhmm: str) -> datetime:
    """'21/11/2026', '18:00' → an aware UK time."""
    d, m, y = (int(p) for p in day.split("/"))
    hh, mm = (int(p) for p in hhmm.split(":"))
    return datetime(y, m, d, hh, mm, tzinfo=UK)


@dataclass(frozen=True)
class Home:
    """Ids the tests talk about."""

    home_id: HomeId
    current: ChildId  # AB (C01), living here, with a full name recorded
    leaver: ChildId  # CD (C02), left 30/06/2026
    newer: ChildId  # EF (C03), living here
    old_restraint: IncidentId  # CD, 10/05/2025, every step done on time, reviewed
    missing: IncidentId  # CD, 01/07/2025
    accident: IncidentId  # AB, 01/09/2026
    police: IncidentId  # AB, 21/11/2026 18:00, notifiable under reg 40(4)(b), nobody told yet


def add_children_and_incidents(store: Store) -> Home:
    """Three children (one has left) and four incidents."""
    (home,) = store.homes.list()
    add = store.children.add
    ab, _ = add(home.id, ChildDetails("C01", "AB", date(2011, 3, 4), date(2025, 1, 10), "Northmoor County Council",
                                      LegalStatus.SECTION_31, full_name="Alice Brown"))
    cd, _ = add(home.id, ChildDetails("C02", "CD", date(2010, 6, 1), date(2024, 3, 1), "Kettleby City Council",
                                      LegalStatus.SECTION_20, admission_planned=False,
                                      leaving_date=date(2026, 6, 30), ending_planned=True))
    ef, _ = add(home.id, ChildDetails("C03", "EF", date(2013, 9, 9), date(2026, 2, 1), "Harrowdale Council"))
    at = uk("10/05/2025", "13:00")
    restraint, _ = store.incidents.add(home.id, IncidentDetails(
        IncidentType.RESTRAINT, at, (cd.id,), "Tried to hit a peer; staff intervened.", "Lounge",
        details=RestraintDetails(behaviour="Tried to hit a peer", measure="Standing hold", duration_minutes=3,
                                 alternatives_tried="Talked calmly; offered space", used_by="Callum Lam",
                                 others_present="None", effect="Settled within minutes", injuries="None",
                                 medical_treatment="None",
                                 record_made_at=uk("10/05/2025", "15:00"), staff_spoken_at=uk("11/05/2025", "09:00"),
                                 signed_by="Priya Fairbairn", child_spoken_at=uk("10/05/2025", "18:00")),
        notifiable=False, reg40_rationale="Not serious: brief hold, no injury."))
    store.incidents.review(restraint, "Proportionate; de-escalation plan reviewed.", "Priya Fairbairn")
    missing, _ = store.incidents.add(home.id, IncidentDetails(
        IncidentType.MISSING, uk("01/07/2025", "22:00"), (cd.id,), "Did not come home from the park.",
        details=MissingDetails(returned_at=uk("02/07/2025", "08:00"), rhi_offered_at=uk("03/07/2025", "10:00"),
                               rhi_offered_by="Kettleby City Council")))
    accident, _ = store.incidents.add(home.id, IncidentDetails(
        IncidentType.ACCIDENT, uk("01/09/2026", "16:30"), (ab.id,), "Fell off a bike; grazed knee."))
    police, _ = store.incidents.add(home.id, IncidentDetails(
        IncidentType.POLICE, uk("21/11/2026", "18:00"), (ab.id,), "Police attended after a serious assault.",
        notifiable=True, reg40_paragraphs=(Reg40.POLICE_SERIOUS,), reg40_rationale="Serious assault on a peer."))
    return Home(home.id, ab.id, cd.id, ef.id, restraint.id, missing.id, accident.id, police.id)
