"""Changes made on another PC: a cheap change counter for a database that several office PCs share.

Every save appends audit rows in the same transaction, so the audit trail's newest id is a change
counter already. ``ChangeWatcher.poll()`` asks for the audit rows after the last one it saw (one
indexed query, a few rows) and says which registers they touched, so an open window can refresh
what changed on another PC. Under access by home the server shows it only the rows of its own
homes' records, which is what the window shows anyway.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from carehome_desk.models.changes import Changes, Register
from carehome_desk.store.schema import audit_log

if TYPE_CHECKING:
    from carehome_desk.store.store import Store

#: The register each table's records belong to (an unknown table refreshes everything).
TABLE_REGISTERS: dict[str, Register] = {
    "homes": Register.HOMES, "settings": Register.SETTINGS, "staff": Register.STAFF,
    "qualifications": Register.QUALIFICATIONS, "recruitment_checks": Register.CHECKS,
    "dbs_certificates": Register.DBS, "dbs_status_checks": Register.DBS, "courses": Register.COURSES,
    "training_records": Register.TRAINING, "supervision_sessions": Register.SUPERVISION,
    "children": Register.CHILDREN, "incidents": Register.INCIDENTS, "incident_children": Register.INCIDENTS,
    "incident_staff": Register.INCIDENTS, "notifications": Register.NOTIFICATIONS, "actions": Register.QUALITY,
    "evaluations": Register.QUALITY, "inspections": Register.QUALITY, "reg44_visits": Register.QUALITY,
    "reg45_reviews": Register.QUALITY,
}


def changes_of(tables: set[str]) -> Changes:
    """The registers that audit rows of ``tables`` changed."""
    if any(t not in TABLE_REGISTERS and t != audit_log.name for t in tables):
        return Changes(frozenset(Register))
    return Changes.of(*(TABLE_REGISTERS[t] for t in tables if t in TABLE_REGISTERS)) or Changes.of(Register.AUDIT)


class ChangeWatcher:
    """Remembers the newest audit row seen; ``poll()`` returns what was saved since (by anyone), or None."""

    def __init__(self, store: Store):
        self._store = store
        with store.read() as conn:
            self._seen = int(conn.execute(select(func.coalesce(func.max(audit_log.c.id), 0))).scalar_one())

    def poll(self) -> Changes | None:
        """The registers changed since the last poll (None when nothing was saved)."""
        query = (select(audit_log.c.id, audit_log.c.table_name).where(audit_log.c.id > self._seen)
                 .order_by(audit_log.c.id))
        with self._store.read() as conn:
            rows = conn.execute(query).all()
        if not rows:
            return None
        self._seen = int(rows[-1][0])
        return changes_of({str(r[1]) for r in rows})
