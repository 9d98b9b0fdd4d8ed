"""A child's story in date order: admission, every incident they were part of, leaving."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timezone

from carehome_desk.models.children import Child
from carehome_desk.models.dates import UK
from carehome_desk.models.ids import IncidentId
from carehome_desk.models.incidents import Incident


@dataclass(frozen=True)
class ChronologyEntry:
    """One line of a child's chronology."""

    at: datetime
    kind: str  # 'admission', 'leaving' or an IncidentType value
    title: str
    text: str
    incident_id: IncidentId | None = None


def chronology(child: Child, incidents: list[Incident]) -> list[ChronologyEntry]:
    """Admission, the child's incidents and leaving, oldest first."""
    entries = [ChronologyEntry(datetime.combine(child.admission_date, time(0, 0), tzinfo=UK), "admission",
                               "Admitted", ("Planned admission" if child.admission_planned else "Emergency admission")
                               + (f" — placed by {child.placing_authority}" if child.placing_authority else ""))]
    for incident in incidents:
        if child.id in incident.child_ids and incident.archived_at is None:
            entries.append(ChronologyEntry(incident.occurred_at, incident.type.value, incident.type.label,
                                           incident.summary, incident.id))
    if child.leaving_date:
        planned = {True: "Planned ending", False: "Unplanned ending", None: "Left"}[child.ending_planned]
        entries.append(ChronologyEntry(datetime.combine(child.leaving_date, time(23, 59), tzinfo=UK), "leaving",
                                       "Left the home", planned))
    return sorted(entries, key=lambda e: e.at.astimezone(timezone.utc))  # instants, not wall clocks
