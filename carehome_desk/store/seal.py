"""Sealing the audit trail as the start of its hash chain (schema 0007).

Rows written before the chain existed are hashed in id order, as they stand. Then, so that the
verifier starts from a true picture, every record whose current state is not the after-state of
its last audit row (an earlier upgrade changed it without an audit row, or it was never audited)
gets a baseline row, and one last row says the trail was sealed and how much it covered.

A later revision that adds a column or changes records in SQL must call ``rebaseline`` itself,
or every record it touched would show as "changed outside the app".
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Connection, bindparam, select, update

from carehome_desk.models.audit import AuditAction
from carehome_desk.models.audit_chain import GENESIS, row_hash
from carehome_desk.store.audit_state import (
    audited_tables,
    existing_columns,
    last_audited,
    record_states,
    same_state,
)
from carehome_desk.store.schema import audit_log
from carehome_desk.store.writer import Writer

#: Who the upgrade's rows are by, in the trail.
UPGRADE_USER = "carehome-desk upgrade"

_ROWS = select(audit_log.c.id, audit_log.c.at, audit_log.c.user_label, audit_log.c.table_name,
               audit_log.c.record_id, audit_log.c.action, audit_log.c.before_json,
               audit_log.c.after_json).order_by(audit_log.c.id)
_SET_HASH = update(audit_log).where(audit_log.c.id == bindparam("row_id")).values(
    prev_hash=bindparam("prev"), hash=bindparam("digest"))


def hash_existing(conn: Connection) -> int:
    """Give every audit row its chain hash, oldest first; returns how many rows there were."""
    prev, updates = GENESIS, []
    for r in conn.execute(_ROWS):
        digest = row_hash(prev, int(r.id), r.at, r.user_label, r.table_name, r.record_id, r.action,
                          r.before_json, r.after_json)
        updates.append({"row_id": r.id, "prev": prev, "digest": digest})
        prev = digest
    if updates:
        conn.execute(_SET_HASH, updates)
    return len(updates)


def rebaseline(writer: Writer) -> int:
    """Append a baseline row for every record whose state is not its last audited after-state; returns how many."""
    conn = writer.conn
    columns = existing_columns(conn)
    audited = last_audited(conn)
    added = 0
    for table in audited_tables():
        if table.name not in columns:
            continue  # created by a later revision
        seen: set[str] = set()
        for record_id, state in record_states(conn, table, columns[table.name]):
            seen.add(record_id)
            last = audited.get((table.name, record_id))
            before = last[1] if last else None
            if not same_state(before, state):
                writer.append_audit(table.name, record_id, AuditAction.BASELINE, before, state)
                added += 1
        gone = sorted((audit_id, record_id) for (name, record_id), (audit_id, after) in audited.items()
                      if name == table.name and after is not None and record_id not in seen)
        for audit_id, record_id in gone:  # removed without an audit row: the trail records it as gone
            writer.append_audit(table.name, record_id, AuditAction.BASELINE, audited[(table.name, record_id)][1], None)
            added += 1
    return added


def seal(conn: Connection, now: datetime, revision: str) -> None:
    """Hash the existing trail, add the baselines, and say so in one SEAL row (nothing for an empty database)."""
    earlier = hash_existing(conn)
    writer = Writer(conn, UPGRADE_USER, now)
    baselines = rebaseline(writer)
    if earlier or baselines:
        summary = {"earlier_changes": earlier, "baseline_records": baselines, "schema": revision}
        writer.append_audit(audit_log.name, revision, AuditAction.SEAL, None,
                            json.dumps(summary, sort_keys=True))
