"""Which of a home's records are past their retention period (models/retention.py), for the manager's review.

Read-only: nothing is ever deleted or archived here. Archived entries are included (an entry made in
error is still a record kept by the home); each is said to be archived.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select, union_all

from carehome_desk.models.dates import UK, format_uk
from carehome_desk.models.ids import HomeId
from carehome_desk.models.incidents import Reg40
from carehome_desk.models.retention import Basis, PastRetention, child_past, incident_past, staff_past
from carehome_desk.store.schema import (
    children, dbs_certificates, dbs_status_checks, incident_children, incidents, qualifications,
    recruitment_checks, staff, supervision_sessions, training_records,
)

if TYPE_CHECKING:
    from carehome_desk.store.store import Store


def _uk_day(moment: datetime) -> date:
    return moment.astimezone(UK).date()


def _archived(row: Any) -> str:
    return " (archived)" if row.archived_at is not None else ""


def _type_label(value: str) -> str:
    from carehome_desk.models.incidents import TYPE_LABELS, IncidentType

    try:
        return TYPE_LABELS[IncidentType(value)]
    except (KeyError, ValueError):
        return value


class RetentionRepository:
    """The retention review of one home, as of a day."""

    def __init__(self, store: Store):
        self._store = store

    def review(self, home_id: HomeId, today: date, personnel_years: int | None = None) -> list[PastRetention]:
        """Every record of the home past its retention period on ``today``, longest past first."""
        if personnel_years is None:
            personnel_years = self._store.settings.get().personnel_file_years
        with self._store.read() as conn:
            found = self._children_and_incidents(conn, home_id, today)
            found += self._staff(conn, home_id, today, personnel_years)
        return sorted(found, key=lambda item: (item.since, item.register, item.record_id))

    def _children_and_incidents(self, conn: Connection, home_id: HomeId, today: date) -> list[PastRetention]:
        child_rows = list(conn.execute(select(children).where(children.c.home_id == home_id)))
        links = conn.execute(
            select(incident_children.c.incident_id, incident_children.c.child_id, incidents.c.type,
                   incidents.c.occurred_utc, incidents.c.reg40_paragraphs, incidents.c.archived_at)
            .join(incidents, incidents.c.id == incident_children.c.incident_id)
            .where(incidents.c.home_id == home_id))
        last_entry: dict[int, date] = {}
        died: dict[int, date] = {}
        by_incident: dict[int, list[int]] = defaultdict(list)
        incident_rows: dict[int, Any] = {}
        for link in links:
            day = _uk_day(link.occurred_utc)
            last_entry[link.child_id] = max(day, last_entry.get(link.child_id, day))
            if Reg40.DEATH.value in (link.reg40_paragraphs or []):  # notified under Reg 40(1) as a death
                died[link.child_id] = min(day, died.get(link.child_id, day))
            by_incident[link.incident_id].append(link.child_id)
            incident_rows[link.incident_id] = link
        found: list[PastRetention] = []
        child_since: dict[int, date | None] = {}
        labels: dict[int, str] = {}
        for row in child_rows:
            labels[row.id] = f"{row.reference} ({row.initials})"
            ended = died.get(row.id) or row.leaving_date
            last = max(last_entry.get(row.id, row.admission_date), ended or row.admission_date)
            past = child_past(row.date_of_birth, row.leaving_date, died.get(row.id), last, today)
            child_since[row.id] = past[0] if past else None
            if past is not None:
                left = f"died {format_uk(died[row.id])}" if row.id in died else f"left {format_uk(row.leaving_date)}"
                found.append(PastRetention(
                    "Children", row.id, f"{labels[row.id]}, born {format_uk(row.date_of_birth)}, {left}{_archived(row)}",
                    past[1], past[0], Basis.LAW))
        for incident_id, child_ids in by_incident.items():
            since = incident_past([child_since.get(c) for c in child_ids], today)
            if since is None:
                continue
            row = incident_rows[incident_id]
            who = ", ".join(sorted(labels.get(c, "?") for c in child_ids))
            found.append(PastRetention(
                "Incidents", incident_id,
                f"{_type_label(row.type)} on {format_uk(_uk_day(row.occurred_utc))}: {who}{_archived(row)}",
                "kept in the case record of every child it names (Sch 3), and theirs are all past retention",
                since, Basis.LAW))
        return found

    def _staff(self, conn: Connection, home_id: HomeId, today: date, personnel_years: int) -> list[PastRetention]:
        leavers = list(conn.execute(select(staff).where(staff.c.home_id == home_id, staff.c.leaving_date.is_not(None))))
        if not leavers:
            return []
        last = _last_staff_entries(conn, [row.id for row in leavers])
        found: list[PastRetention] = []
        for row in leavers:
            entries = [d for d in (row.leaving_date, row.induction_completed, row.probation_completed,
                                   last.get(row.id)) if d is not None]
            role = f" ({row.role_title})" if row.role_title else ""
            label = f"{row.full_name}{role}, left {format_uk(row.leaving_date)}{_archived(row)}"
            for since, why, basis in staff_past(row.leaving_date, max(entries), today, personnel_years):
                found.append(PastRetention("Staff", row.id, label, why, since, basis))
        return found


def _last_staff_entries(conn: Connection, staff_ids: list[int]) -> dict[int, date]:
    """The latest dated entry in each staff member's training, supervision, checks, DBS and qualifications."""
    dated = [
        select(training_records.c.staff_id.label("sid"), training_records.c.completed.label("day")),
        select(supervision_sessions.c.staff_id, supervision_sessions.c.held_on),
        select(recruitment_checks.c.staff_id, recruitment_checks.c.done_date),
        select(qualifications.c.staff_id, qualifications.c.achieved_date),
        select(dbs_certificates.c.staff_id, dbs_certificates.c.issue_date),
        select(dbs_certificates.c.staff_id, dbs_status_checks.c.checked_on)
        .join(dbs_status_checks, dbs_status_checks.c.certificate_id == dbs_certificates.c.id),
    ]
    entries = union_all(*dated).subquery()
    rows = conn.execute(select(entries.c.sid, func.max(entries.c.day))
                        .where(entries.c.sid.in_(staff_ids), entries.c.day.is_not(None))
                        .group_by(entries.c.sid))
    out: dict[int, date] = {}
    for sid, day in rows:
        out[int(sid)] = day if isinstance(day, date) else date.fromisoformat(str(day))
    return out
