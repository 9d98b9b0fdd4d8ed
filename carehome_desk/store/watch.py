"""Changes made on another PC: a cheap change counter for a database that several office PCs share.

Every save appends audit rows in the same transaction, so the audit trail's newest id is a change
counter already. ``ChangeWatcher.poll()`` asks for the audit rows after the last one it saw (one
indexed query, a few rows) and says which registers they touched, so an open window can refresh
what changed on another PC. Under access by home the server shows it only the rows of its own
homes' records, which is what the window shows anyway; there the watcher first asks the owner-run
``carehome_audit_max()`` for the whole trail's newest id (no lock), so while other homes save it
reads only the few new rows once and then moves on, and a quiet poll never re-reads them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, func, select

from carehome_desk.models.changes import Changes, Register
from carehome_desk.store.access import access_is_on
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
            self._seen = _newest(conn)

    def poll(self) -> Changes | None:
        """The registers changed since the last poll (None when nothing was saved)."""
        with self._store.read() as conn:
            newest = _newest(conn)
            if newest <= self._seen:
                return None
            query = (select(audit_log.c.id, audit_log.c.table_name)
                     .where(audit_log.c.id > self._seen, audit_log.c.id <= newest).order_by(audit_log.c.id))
            rows = conn.execute(query).all()
        # Past every row up to the trail's newest, seen or not: another home's rows are never re-read.
        self._seen = newest
        return changes_of({str(r[1]) for r in rows}) if rows else None


def _newest(conn: Connection) -> int:
    """The whole trail's newest audit id (under access by home, past the rows this role may read)."""
    if access_is_on(conn):
        return int(conn.exec_driver_sql("SELECT carehome_audit_max()").scalar_one())
    return int(conn.execute(select(func.coalesce(func.max(audit_log.c.id), 0))).scalar_one())
