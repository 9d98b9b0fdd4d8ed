"""Records as the audit trail sees them: every record's JSON now, and the after-state of its last audit row.

Shared by the verifier and the migration that sealed the trail, so both compare records by the
very JSON the Writer stores (``writer.row_to_json``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy import Connection, Table, func, inspect, select

from carehome_desk.store.schema import audit_log, metadata
from carehome_desk.store.writer import row_to_json


def audited_tables() -> list[Table]:
    """Every table the Writer writes: each register's table (all but the audit trail itself)."""
    return [t for t in metadata.sorted_tables if t.name != audit_log.name]


def record_states(conn: Connection, table: Table, present: set[str] | None = None) -> Iterator[tuple[str, str]]:
    """(record id, JSON) of every record in ``table``, as the Writer would store it.

    ``present``: only these columns (an upgrade runs before later revisions add theirs).
    """
    columns = [c for c in table.c if present is None or c.name in present]
    (pk,) = table.primary_key.columns
    for row in conn.execute(select(*columns).order_by(pk)).mappings():
        text = row_to_json(dict(row))
        assert text is not None
        yield str(row[pk.name]), text


def last_audited(conn: Connection) -> dict[tuple[str, str], tuple[int, str | None]]:
    """(table, record id) -> (id, after JSON) of each record's newest audit row (None after a delete)."""
    newest = select(func.max(audit_log.c.id).label("id")).group_by(
        audit_log.c.table_name, audit_log.c.record_id).subquery()
    query = select(audit_log.c.id, audit_log.c.table_name, audit_log.c.record_id, audit_log.c.after_json).join(
        newest, audit_log.c.id == newest.c.id)
    return {(r.table_name, r.record_id): (int(r.id), r.after_json) for r in conn.execute(query)}


def existing_columns(conn: Connection) -> dict[str, set[str]]:
    """Table name -> column names, as the database holds them now (for an upgrade in progress)."""
    found = inspect(conn)
    return {name: {c["name"] for c in found.get_columns(name)} for name in found.get_table_names()}


def same_state(audited: str | None, current: str | None) -> bool:
    """True if a record's JSON now is the after-state its audit row holds.

    Compared as values, not text: SQLite's RETURNING hands back a number as it was given (40), while
    the column stores and reads it as REAL (40.0), so an inserted record's audited JSON may spell a
    number differently from the same record read later. (Booleans and dates read back in one form only.)
    """
    if audited == current:
        return True
    if audited is None or current is None:
        return False
    try:
        return bool(json.loads(audited) == json.loads(current))
    except ValueError:
        return False
