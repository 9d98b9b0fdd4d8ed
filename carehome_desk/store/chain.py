"""Reading the audit trail's hash chain: its newest link, its head (row count and hash), a row by position, and
where another copy of the trail (a backup's) first differs from it."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import zip_longest
from typing import Any

from sqlalchemy import Connection, func, select

from carehome_desk.models.audit_chain import GENESIS
from carehome_desk.store.schema import audit_log

#: Every audit row in full, oldest first (a backup's trail is compared with the database's row by row).
TRAIL_ROWS = select(audit_log.c.id, audit_log.c.at, audit_log.c.user_label, audit_log.c.table_name,
                    audit_log.c.record_id, audit_log.c.action, audit_log.c.before_json, audit_log.c.after_json,
                    audit_log.c.prev_hash, audit_log.c.hash).order_by(audit_log.c.id)
_LAST = select(audit_log.c.id, audit_log.c.hash).order_by(audit_log.c.id.desc()).limit(1)


def last_link(conn: Connection) -> tuple[int, str]:
    """(id, hash) of the newest audit row, or (0, GENESIS) for an empty trail; for the Writer.

    Call it after the transaction has written (SQLite then holds its write lock). On a server
    database the table is locked first, so a second writer waits here until this one commits
    and then reads the row this one added.
    """
    if conn.dialect.name == "postgresql":
        from carehome_desk.store.access import access_is_on

        if access_is_on(conn):
            # A manager sees only their homes' audit rows and may not lock the table: the owner's
            # function takes the same lock and reads the true head (store/access.py).
            row = conn.exec_driver_sql("SELECT id, hash FROM carehome_audit_head()").first()
            return (int(row[0]), str(row[1])) if row is not None and row[0] is not None else (0, GENESIS)
        # SHARE ROW EXCLUSIVE conflicts with itself but not with readers: writers queue, reads go on.
        conn.exec_driver_sql("LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE")
    row = conn.execute(_LAST).first()
    if row is None or row[1] is None:
        return (int(row[0]) if row else 0), GENESIS
    return int(row[0]), str(row[1])


def head(conn: Connection) -> tuple[int, str]:
    """(number of audit rows, hash of the newest): what a pack's manifest and a backup carry."""
    count = int(conn.execute(select(func.count()).select_from(audit_log)).scalar_one())
    return count, newest_hash(conn)


def newest_hash(conn: Connection) -> str:
    """The newest row's hash (GENESIS for an empty trail), without taking any lock."""
    row = conn.execute(_LAST).first()
    return str(row[1]) if row is not None and row[1] is not None else GENESIS


def hash_at(conn: Connection, position: int) -> str | None:
    """The hash of the trail's ``position``-th row (1 = the oldest), or None if it is shorter."""
    if position < 1:
        return None
    row = conn.execute(select(audit_log.c.hash).order_by(audit_log.c.id).offset(position - 1).limit(1)).first()
    return None if row is None else str(row[0])


def first_difference(conn: Connection, rows: Sequence[Sequence[Any]]) -> int | None:
    """The position (1 = the oldest) of the first of ``rows`` (another copy's trail, as ``TRAIL_ROWS`` reads it)
    that this trail does not hold exactly, every column compared, or lacks; None when it starts with all of them."""
    if not rows:
        return None
    mine = conn.execute(TRAIL_ROWS.limit(len(rows)))
    for position, (ours, theirs) in enumerate(zip_longest(mine, rows), 1):
        if theirs is None:
            break
        if ours is None or tuple(ours) != tuple(theirs):
            return position
    return None
