"""Many children, incidents and notifications in one audited transaction (for imports): all saved, or none.

Callers validate each record first (validate_child, validate_incident, validate_notification),
as the repositories do; the batch only writes, through the Writer, so every row is audited.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.children import Child, ChildDetails
from carehome_desk.models.ids import ChildId, HomeId, IncidentId, NotificationId
from carehome_desk.models.incidents import Incident, IncidentDetails, Notification
from carehome_desk.store.incidents import _incident_row, link_children, link_staff, notification_row
from carehome_desk.store.rows import to_row
from carehome_desk.store.schema import children, incident_children, incident_staff, incidents, notifications
from carehome_desk.store.writer import Writer


class IncidentBatch:
    """Typed, audited writes inside one transaction. Get one from ``store.incidents.batch()``."""

    def __init__(self, writer: Writer):
        self._writer = writer
        self._registers: set[Register] = set()

    @property
    def changes(self) -> Changes:
        """The registers written so far."""
        return Changes.of(*self._registers)

    def add_child(self, home_id: HomeId, details: ChildDetails) -> ChildId:
        """Admit a child to the register; returns the new id for the incidents that name them."""
        row = {**to_row(details.normalised(), skip=()), "home_id": home_id, "version": 1, "archive_reason": ""}
        self._registers.add(Register.CHILDREN)
        return ChildId(self._writer.insert(children, row))

    def update_child(self, child: Child) -> None:
        """Save a child's details; refused (ConflictError) if the record changed since it was read."""
        self._writer.update(children, child.id, to_row(child.details.normalised(), skip=()),
                            expect_version=child.version)
        self._registers.add(Register.CHILDREN)

    def add_incident(self, home_id: HomeId, d: IncidentDetails, *, reviewed_at: datetime | None = None,
                     reviewed_by: str = "", review_note: str = "") -> IncidentId:
        """Record an incident with its children and staff (and the manager's review, if already done)."""
        new_id = IncidentId(self._writer.insert(incidents, {
            **_incident_row(d), "home_id": home_id, "version": 1, "archive_reason": "", "reviewed_at": reviewed_at,
            "reviewed_by": reviewed_by.strip(), "review_note": review_note.strip()}))
        for child_id in dict.fromkeys(d.child_ids):  # a new incident has no links yet: no need to look
            self._writer.insert(incident_children, {"incident_id": new_id, "child_id": child_id})
        for staff_id in dict.fromkeys(d.staff_ids):
            self._writer.insert(incident_staff, {"incident_id": new_id, "staff_id": staff_id})
        self._registers.add(Register.INCIDENTS)
        return new_id

    def update_incident(self, incident: Incident) -> None:
        """Save an incident's details, children and review; refused (ConflictError) if changed meanwhile."""
        self._writer.update(incidents, incident.id, {
            **_incident_row(incident.editable), "reviewed_at": incident.reviewed_at,
            "reviewed_by": incident.reviewed_by.strip(), "review_note": incident.review_note.strip()},
            expect_version=incident.version)
        link_children(self._writer, incident.id, incident.child_ids)
        link_staff(self._writer, incident.id, incident.staff_ids)
        self._registers.add(Register.INCIDENTS)

    def add_notification(self, n: Notification) -> Notification:
        """Record a reg 40 notification that was sent."""
        new_id = NotificationId(self._writer.insert(notifications, notification_row(n)))
        self._registers.update((Register.NOTIFICATIONS, Register.INCIDENTS))
        return replace(n, id=new_id)

    def update_notification(self, n: Notification) -> None:
        """Save a notification's changed how, to whom or reference (matched by its id)."""
        self._writer.update(notifications, n.id, notification_row(n))
        self._registers.update((Register.NOTIFICATIONS, Register.INCIDENTS))
