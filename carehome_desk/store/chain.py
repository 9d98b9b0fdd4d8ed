"""Reading the audit trail's hash chain: its newest link, its head (row count and hash), a row by position."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from carehome_desk.models.audit_chain import GENESIS
from carehome_desk.store.schema import audit_log

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
