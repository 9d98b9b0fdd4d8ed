"""One staff member's incidents beside their restraint training: the per-person picture Reg 35 oversight needs.

The registered person must make sure staff are adequately trained in restraint (Guide 9.57–9.58;
Sch 1 para 17(b)). The law names no scheme and no interval: the catalogue's physical intervention
course and its renewal interval are the provider's policy. A restraint a person took part in while
their training had run out, or before any was recorded, is flagged for the manager to look at.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carehome_desk.models.dates import UK, format_uk
from carehome_desk.models.incidents import Incident, IncidentType, RestraintDetails
from carehome_desk.models.staff_names import name_key, split_names
from carehome_desk.models.staff import StaffMember
from carehome_desk.models.training import Course, TrainingRecord

#: Words that mark the catalogue's restraint course ("Physical intervention and de-escalation" by default).
RESTRAINT_COURSE_WORDS = ("physical intervention", "restraint", "team teach", "price", "mapa")

TRAINING_SOURCE = "Guide 9.57–9.58; Sch 1 para 17(b): staff adequately trained in restraint (interval: provider policy)"


def restraint_course(courses: list[Course]) -> Course | None:
    """The catalogue's physical intervention (restraint) course, found by its name; the first in catalogue order."""
    for course in sorted(courses, key=lambda c: (c.archived, c.position, int(c.id))):
        name = course.name.casefold()
        if any(word in name for word in RESTRAINT_COURSE_WORDS):
            return course
    return None


@dataclass(frozen=True)
class StaffIncidentLine:
    """One incident a person was involved in: their part in it, and a training flag for a restraint."""

    incident: Incident
    role: str
    flag: str = ""  # why the restraint is flagged, or "" when it is not


def incident_role(incident: Incident, member: StaffMember) -> str:
    """'Used the measure', 'Present' (as Reg 35(3)(a) records them) or 'Involved'."""
    d = incident.details
    key = name_key(member.full_name)
    if isinstance(d, RestraintDetails):
        if key in {name_key(n) for n in split_names(d.used_by)}:
            return "Used the measure"
        if key in {name_key(n) for n in split_names(d.others_present)}:
            return "Present"
    return "Involved"


def training_on(day: date, records: list[TrainingRecord], course: Course) -> tuple[TrainingRecord | None, bool]:
    """The latest training completed on or before ``day``, and whether it was still in date that day."""
    before = [r for r in records if r.course_id == course.id and r.completed <= day]
    if not before:
        return None, False
    latest = max(before, key=lambda r: (r.completed, int(r.id)))
    expiry = latest.expiry(course)
    return latest, expiry is None or expiry >= day


def restraint_flag(incident: Incident, records: list[TrainingRecord], course: Course | None) -> str:
    """Why a restraint is flagged against the person's training ('' for other incidents, or training in date)."""
    if incident.type is not IncidentType.RESTRAINT:
        return ""
    day = incident.occurred_at.astimezone(UK).date()
    if course is None:
        return "No physical intervention course in the catalogue"
    latest, in_date = training_on(day, records, course)
    if latest is None:
        later = [r.completed for r in records if r.course_id == course.id]
        return f"Before first training ({format_uk(min(later))})" if later else "No training recorded"
    if not in_date:
        return f"Training expired {format_uk(latest.expiry(course))}"
    return ""


def staff_incident_lines(member: StaffMember, incidents: list[Incident], records: list[TrainingRecord],
                         course: Course | None) -> list[StaffIncidentLine]:
    """The incidents linked to ``member``, newest first, each with their part and any training flag."""
    mine = [i for i in incidents if member.id in i.staff_ids]
    mine.sort(key=lambda i: i.occurred_at, reverse=True)
    return [StaffIncidentLine(i, incident_role(i, member), restraint_flag(i, records, course)) for i in mine]
