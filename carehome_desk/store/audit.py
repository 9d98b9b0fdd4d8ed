"""Reading the audit trail (writing it is the Writer's job, inside every transaction)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from carehome_desk.models.audit import AuditAction, AuditEntry
from carehome_desk.models.ids import AuditId
from carehome_desk.store.schema import audit_log

if TYPE_CHECKING:
    from carehome_desk.store.store import Store
    from carehome_desk.store.verify import VerifyReport


def entry_of(r: Mapping[Any, Any]) -> AuditEntry:
    """An audit row (its columns by name) as the trail's entry."""
    return AuditEntry(
        id=AuditId(r["id"]),
        at=r["at"],
        user=r["user_label"],
        table=r["table_name"],
        record_id=r["record_id"],
        action=AuditAction(r["action"]),
        before=json.loads(r["before_json"]) if r["before_json"] else None,
        after=json.loads(r["after_json"]) if r["after_json"] else None,
    )


class AuditRepository:
    """Newest-first views of who changed what."""

    def __init__(self, store: Store):
        self._store = store

    def entries(self, *, table: str | None = None, record_id: object = None, limit: int | None = None) -> list[AuditEntry]:
        """Audit rows, newest first, optionally for one table or one record."""
        query = select(audit_log).order_by(audit_log.c.id.desc())
        if table is not None:
            query = query.where(audit_log.c.table_name == table)
        if record_id is not None:
            query = query.where(audit_log.c.record_id == str(record_id))
        if limit is not None:
            query = query.limit(limit)
        with self._store.read() as conn:
            return [entry_of(r) for r in conn.execute(query).mappings()]

    def first_difference(self, rows: Sequence[Sequence[Any]]) -> int | None:
        """Where another copy of the trail (a backup's ``TRAIL_ROWS``) first differs from this one, every column
        compared: the position (1 = the oldest), or None when this trail starts with all of those rows."""
        from carehome_desk.store.chain import first_difference

        with self._store.read() as conn:
            return first_difference(conn, rows)

    def head(self) -> tuple[int, str]:
        """(number of audit rows, hash of the newest): the chain head a pack's manifest and a backup carry."""
        from carehome_desk.store.chain import head

        with self._store.read() as conn:
            return head(conn)

    def hash_at(self, position: int) -> str | None:
        """The hash of the trail's ``position``-th row (1 = the oldest), or None if the trail is shorter."""
        from carehome_desk.store.chain import hash_at

        with self._store.read() as conn:
            return hash_at(conn, position)

    def verify(self) -> VerifyReport:
        """Check the hash chain and every record against its last audited state (one consistent read)."""
        from carehome_desk.store.verify import verify_trail

        with self._store.read() as conn:
            return verify_trail(conn)
