"""Incidents, the children in them, reg 40 notifications and the manager's review."""

from __future__ import annotations

import builtins
import json
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from sqlalchemy import Text, cast, select

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.dates import UK
from carehome_desk.models.deadlines import record_made_too_early
from carehome_desk.models.ids import ChildId, HomeId, IncidentId, NotificationId, StaffId
from carehome_desk.models.incidents import (
    DETAIL_TYPES,
    Incident,
    IncidentDetails,
    IncidentType,
    Notification,
    Recipient,
    Reg40,
    validate_incident,
)
from carehome_desk.store.errors import NotFoundError, ValidationError
from carehome_desk.store.rows import dict_rows, enum_reader, from_json_dict, to_json_dict
from carehome_desk.store.schema import children, incident_children, incident_staff, incidents, notifications, staff
from carehome_desk.store.writer import Writer

if TYPE_CHECKING:
    from carehome_desk.store.incidents_batch import IncidentBatch
    from carehome_desk.store.store import Store


def _incident_row(d: IncidentDetails) -> dict[str, Any]:
    local = d.occurred_at.astimezone(UK)
    return {
        "type": d.type.value,
        "occurred_at": local.isoformat(),
        "occurred_utc": d.occurred_at.astimezone(timezone.utc),
        "location": d.location.strip(),
        "summary": d.summary.strip(),
        "staff_involved": d.staff_involved.strip(),
        "details": to_json_dict(d.details) if d.details is not None else None,
        "notifiable": d.notifiable,
        "reg40_paragraphs": [p.value for p in d.reg40_paragraphs],
        "reg40_rationale": d.reg40_rationale.strip(),
        "other_recipients": [r.strip() for r in d.other_recipients if r.strip()],
    }


def notification_row(n: Notification) -> dict[str, Any]:
    """A notification as column values (times kept with their UK offset)."""
    return {"incident_id": n.incident_id, "recipient": n.recipient.value, "recipient_name": n.recipient_name.strip(),
            "paragraph": n.paragraph.value, "sent_at": n.sent_at.astimezone(UK).isoformat(),
            "method": n.method.strip(), "reference": n.reference.strip()}


def validate_notification(n: Notification, occurred_at: datetime, now: datetime) -> dict[str, str]:
    """Problems with a notification of an incident that happened at ``occurred_at``, keyed by field."""
    problems: dict[str, str] = {}
    if n.sent_at.tzinfo is None:
        problems["sent_at"] = "The time needs its time zone."
    elif n.sent_at.astimezone(timezone.utc) < occurred_at.astimezone(timezone.utc):
        problems["sent_at"] = "The notification is before the incident."
    elif n.sent_at.astimezone(timezone.utc) > now.astimezone(timezone.utc):
        problems["sent_at"] = "The sending time is in the future."
    if n.recipient is Recipient.OTHER and not n.recipient_name.strip():
        problems["recipient_name"] = "Name the relevant person notified."
    return problems


def link_children(w: Writer, incident_id: IncidentId, wanted: tuple[ChildId, ...]) -> None:
    """Make an incident's children exactly ``wanted`` (links added and removed are audited)."""
    current = {r.child_id: r.id for r in w.conn.execute(
        select(incident_children).where(incident_children.c.incident_id == incident_id))}
    for child_id, link_id in current.items():
        if child_id not in wanted:
            w.delete(incident_children, link_id)
    for child_id in wanted:
        if child_id not in current:
            w.insert(incident_children, {"incident_id": incident_id, "child_id": child_id})


def link_staff(w: Writer, incident_id: IncidentId, wanted: tuple[StaffId, ...]) -> None:
    """Make an incident's staff on the register exactly ``wanted`` (links added and removed are audited)."""
    current = {r.staff_id: r.id for r in w.conn.execute(
        select(incident_staff).where(incident_staff.c.incident_id == incident_id))}
    for staff_id, link_id in current.items():
        if staff_id not in wanted:
            w.delete(incident_staff, link_id)
    for staff_id in dict.fromkeys(wanted):
        if staff_id not in current:
            w.insert(incident_staff, {"incident_id": incident_id, "staff_id": staff_id})


def _notification(row: Any) -> Notification:
    return Notification(incident_id=IncidentId(row["incident_id"]), recipient=enum_reader(Recipient)(row["recipient"]),
                        paragraph=enum_reader(Reg40)(row["paragraph"]), sent_at=datetime.fromisoformat(row["sent_at"]),
                        method=row["method"], reference=row["reference"], recipient_name=row["recipient_name"],
                        id=NotificationId(row["id"]))


def _incident(row: Any, child_ids: list[ChildId], notes: list[Notification],
              staff_ids: list[StaffId] | None = None) -> Incident:
    kind = enum_reader(IncidentType)(row["type"])
    detail_type = DETAIL_TYPES.get(kind)
    details = from_json_dict(detail_type, row["details"]) if detail_type and row["details"] is not None else None
    return Incident(
        type=kind, occurred_at=datetime.fromisoformat(row["occurred_at"]), child_ids=tuple(sorted(child_ids)),
        summary=row["summary"], location=row["location"], staff_involved=row["staff_involved"], details=details,
        notifiable=row["notifiable"], reg40_paragraphs=tuple(map(enum_reader(Reg40), row["reg40_paragraphs"])),
        reg40_rationale=row["reg40_rationale"], other_recipients=tuple(row["other_recipients"]),
        id=IncidentId(row["id"]), home_id=HomeId(row["home_id"]), reviewed_at=row["reviewed_at"],
        reviewed_by=row["reviewed_by"], review_note=row["review_note"],
        staff_ids=tuple(sorted(set(staff_ids or ()))),
        notifications=tuple(sorted(notes, key=lambda n: n.sent_at)), version=row["version"],
        archived_at=row["archived_at"], archive_reason=row["archive_reason"],
    )


#: The columns a list reads: all but the UTC copy of the time (it orders the rows, and ``occurred_at``
#: is the time as recorded), with the JSON columns as their stored text, read by ``_json_columns``.
_JSON = ("details", "reg40_paragraphs", "other_recipients")
_LISTED = tuple(cast(c, Text).label(c.name) if c.name in _JSON else c for c in incidents.c if c.name != "occurred_utc")


def _json_columns(rows: builtins.list[dict[str, Any]]) -> None:
    """Read the JSON columns' text in place, the same text read once (most lists are empty and alike).

    What ``JSON`` gives per value, at a fraction of the cost: the list read tens of thousands of
    incidents for every home at once, and SQLAlchemy's JSON processing per value was a tenth of it.
    """
    lists: dict[str, Any] = {}
    for row in rows:
        details = row["details"]
        row["details"] = None if details is None else json.loads(details)
        for name in ("reg40_paragraphs", "other_recipients"):
            text = row[name]
            got = lists.get(text)
            if got is None:
                got = lists[text] = tuple(json.loads(text))  # read into a tuple by ``_incident``: never changed
            row[name] = got


class IncidentRepository:
    """Read and write incidents; every write is audited through the store's Writer."""

    def __init__(self, store: Store):
        self._store = store

    def list(self, home_id: HomeId | None = None, *, include_archived: bool = False) -> list[Incident]:
        """Incidents, newest first, with their children, staff and notifications (four queries in all).

        The links and notifications are asked for by the same filter as the incidents (a subquery),
        not by lists of ids: every home's incidents at once cost four queries too.
        """
        query = select(*_LISTED)
        chosen = select(incidents.c.id)
        if home_id is not None:
            query = query.where(incidents.c.home_id == home_id)
            chosen = chosen.where(incidents.c.home_id == home_id)
        if not include_archived:
            query = query.where(incidents.c.archived_at.is_(None))
            chosen = chosen.where(incidents.c.archived_at.is_(None))
        wanted = chosen.scalar_subquery()
        links: dict[int, list[ChildId]] = defaultdict(list)
        notes: dict[int, list[Notification]] = defaultdict(list)
        people: dict[int, list[StaffId]] = defaultdict(list)
        with self._store.read() as conn:
            rows = dict_rows(conn.execute(query.order_by(incidents.c.occurred_utc.desc(), incidents.c.id.desc())))
            _json_columns(rows)
            for incident_id, child_id in conn.execute(
                    select(incident_children.c.incident_id, incident_children.c.child_id)
                    .where(incident_children.c.incident_id.in_(wanted))).fetchall():
                links[incident_id].append(ChildId(child_id))
            for incident_id, staff_id in conn.execute(
                    select(incident_staff.c.incident_id, incident_staff.c.staff_id)
                    .where(incident_staff.c.incident_id.in_(wanted))).fetchall():
                people[incident_id].append(StaffId(staff_id))
            for note in dict_rows(conn.execute(select(notifications).where(notifications.c.incident_id.in_(wanted))
                                               .order_by(notifications.c.id))):
                notes[note["incident_id"]].append(_notification(note))
        return [_incident(r, links[r["id"]], notes[r["id"]], people[r["id"]]) for r in rows]

    def get(self, incident_id: IncidentId) -> Incident:
        """One incident."""
        with self._store.read() as conn:
            row = conn.execute(select(incidents).where(incidents.c.id == incident_id)).mappings().first()
            if row is None:
                raise NotFoundError(f"There is no incident {incident_id}.")
            links = [ChildId(r.child_id) for r in conn.execute(
                select(incident_children).where(incident_children.c.incident_id == incident_id))]
            notes = [_notification(r) for r in conn.execute(
                select(notifications).where(notifications.c.incident_id == incident_id)).mappings()]
            people = [StaffId(r.staff_id) for r in conn.execute(
                select(incident_staff).where(incident_staff.c.incident_id == incident_id))]
        return _incident(row, links, notes, people)

    def for_staff(self, staff_id: StaffId) -> builtins.list[Incident]:
        """The incidents a staff member was involved in (not archived), newest first."""
        with self._store.read() as conn:
            home = conn.execute(select(staff.c.home_id).where(staff.c.id == staff_id)).scalar()
            ids = {r.incident_id for r in conn.execute(
                select(incident_staff.c.incident_id).where(incident_staff.c.staff_id == staff_id))}
        if home is None or not ids:
            return []
        return [i for i in self.list(HomeId(home)) if i.id in ids]

    def _check(self, home_id: HomeId, d: IncidentDetails, incident_id: IncidentId | None = None,
               old: IncidentDetails | None = None) -> None:
        problems = validate_incident(d, self._store.now())
        too_early = record_made_too_early(d, old)  # reg 35(3)(a): completed after a time known incomplete
        if too_early and "record_made_at" not in problems:
            problems["record_made_at"] = too_early
        if d.child_ids:
            with self._store.read() as conn:
                found = {r.id for r in conn.execute(select(children.c.id).where(
                    children.c.id.in_(d.child_ids), children.c.home_id == home_id))}
            if found != set(d.child_ids):
                problems["child_ids"] = "A chosen child is not in this home's register."
        if d.staff_ids:
            with self._store.read() as conn:
                people = {r.id: r for r in conn.execute(
                    select(staff.c.id, staff.c.full_name, staff.c.archived_at).where(
                        staff.c.id.in_(d.staff_ids), staff.c.home_id == home_id))}
                linked = set() if incident_id is None else {r.staff_id for r in conn.execute(
                    select(incident_staff.c.staff_id).where(incident_staff.c.incident_id == incident_id))}
            # A record archived as entered in error is not a person: it is never newly linked (a link made
            # before it was archived stays, so the incident can still be saved).
            archived = [p.full_name for i, p in people.items() if p.archived_at is not None and i not in linked]
            if set(people) != set(d.staff_ids):
                problems["staff_ids"] = "A chosen staff member is not in this home's staff register."
            elif archived:
                problems["staff_ids"] = (f"{', '.join(archived)}: this staff record was archived as entered in error, "
                                         "so it cannot be linked to an incident.")
        if problems:
            raise ValidationError(problems)

    def add(self, home_id: HomeId, d: IncidentDetails) -> tuple[Incident, Changes]:
        """Record an incident."""
        self._check(home_id, d)
        with self._store.write() as w:
            new_id = IncidentId(w.insert(incidents, {**_incident_row(d), "home_id": home_id, "version": 1,
                                                     "reviewed_by": "", "review_note": "", "archive_reason": ""}))
            link_children(w, new_id, d.child_ids)
            link_staff(w, new_id, d.staff_ids)
        return self.get(new_id), Changes.of(Register.INCIDENTS, home=home_id)

    def update(self, incident: Incident) -> tuple[Incident, Changes]:
        """Save an edited incident (its steps, reg 40 decision, children); refused if changed meanwhile."""
        d = incident.editable
        self._check(incident.home_id, d, incident.id, self.get(incident.id).editable)
        with self._store.write() as w:
            w.update(incidents, incident.id, _incident_row(d), expect_version=incident.version)
            link_children(w, incident.id, d.child_ids)
            link_staff(w, incident.id, d.staff_ids)
        saved = self.get(incident.id)
        return saved, Changes.of(Register.INCIDENTS, home=saved.home_id)  # the home as stored, not as passed

    def review(self, incident: Incident, note: str, by: str) -> tuple[Incident, Changes]:
        """The manager's sign-off, with lessons and actions."""
        if not note.strip():
            raise ValidationError({"review_note": "Write the review: what was learned and any actions."})
        with self._store.write() as w:
            w.update(incidents, incident.id, {"reviewed_at": self._store.now(), "reviewed_by": by.strip() or
                                              self._store.user, "review_note": note.strip()},
                     expect_version=incident.version)
        saved = self.get(incident.id)
        return saved, Changes.of(Register.INCIDENTS, home=saved.home_id)

    def add_notification(self, n: Notification) -> tuple[Notification, Changes]:
        """Record that a reg 40 notification was sent."""
        incident = self.get(n.incident_id)
        problems = validate_notification(n, incident.occurred_at, self._store.now())
        if problems:
            raise ValidationError(problems)
        row = notification_row(n)
        with self._store.write() as w:
            new_id = w.insert(notifications, row)
        return _notification({**row, "id": new_id}), Changes.of(Register.NOTIFICATIONS, Register.INCIDENTS,
                                                                home=incident.home_id)

    @contextmanager
    def batch(self) -> Iterator[IncidentBatch]:
        """One audited transaction for many children, incidents and notifications (an import)."""
        from carehome_desk.store.incidents_batch import IncidentBatch

        with self._store.write() as writer:
            yield IncidentBatch(writer)

    def archive(self, incident_id: IncidentId, reason: str) -> Changes:
        """Archive an incident recorded in error; it is kept, marked and audited."""
        if not reason.strip():
            raise ValidationError({"archive_reason": "Say why the incident is being archived."})
        with self._store.write() as w:
            w.archive(incidents, incident_id, reason.strip())
        return Changes.of(Register.INCIDENTS)

