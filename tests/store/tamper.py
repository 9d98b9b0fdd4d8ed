"""Helpers for the tampering tests: a demo database copied per test, and raw SQL edits straight to the file."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

from carehome_desk.store import Store
from carehome_desk.store.connect import open_connection
from carehome_desk.store.verify import FindingKind, VerifyReport
from tests.conftest import Clock


def copy_db(source: Path, where: Path) -> Path:
    """A private copy of a (closed, checkpointed) database file."""
    where.mkdir(parents=True, exist_ok=True)
    target = where / "carehome.sqlite3"
    shutil.copy(source, target)
    return target


def raw(path: Path, sql: str, params: tuple[Any, ...] = (), key: bytes | None = None) -> list[Any]:
    """Run one statement on the file as an outsider would (no app, no audit row), and commit."""
    con = open_connection(path, key=key)
    try:
        rows = con.execute(sql, params).fetchall()
        con.commit()
        return rows
    finally:
        con.close()


def verify(path: Path, **open_args: Any) -> VerifyReport:
    with Store.open(path, create=False, clock=Clock(), **open_args) as store:
        return store.audit.verify()


def kinds(report: VerifyReport) -> list[tuple[FindingKind, int | None, str | None, str | None]]:
    return [(f.kind, f.audit_id, f.table, f.record_id) for f in report.findings]


__all__ = ["copy_db", "kinds", "raw", "rechain", "sqlite3", "verify"]


def rechain(path: Path, key: bytes | None = None) -> None:
    """Rebuild every hash from the first row on, as someone holding the file and its key could."""
    from datetime import datetime, timezone

    from carehome_desk.models.audit_chain import GENESIS, row_hash

    con = open_connection(path, key=key)
    try:
        prev = GENESIS
        rows = con.execute("SELECT id, at, user_label, table_name, record_id, action, before_json, after_json "
                           "FROM audit_log ORDER BY id").fetchall()
        con.execute("DROP INDEX ix_audit_log_prev_hash")
        for rid, at, user, table, record, action, before, after in rows:
            digest = row_hash(prev, rid, datetime.fromisoformat(at).replace(tzinfo=timezone.utc), user, table,
                              record, action, before, after)
            con.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, rid))
            prev = digest
        con.execute("CREATE UNIQUE INDEX ix_audit_log_prev_hash ON audit_log (prev_hash)")
        con.commit()
    finally:
        con.close()
