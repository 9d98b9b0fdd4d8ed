"""The one write path: every insert, update, delete and archive appends an audit row in the
same transaction, so later registers get an audit trail for free by writing through here."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import Connection, Engine, Table, and_, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from carehome_desk.models.audit import AuditAction
from carehome_desk.models.audit_chain import row_hash
from carehome_desk.store.chain import last_link
from carehome_desk.store.conflict import gone_error, stale_error
from carehome_desk.store.errors import NotFoundError, SaveError
from carehome_desk.store.schema import audit_log


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def row_to_json(row: Mapping[str, Any] | None) -> str | None:
    """A record as stable JSON for the audit trail (dates as ISO text, keys sorted)."""
    if row is None:
        return None
    return json.dumps({k: _json_value(v) for k, v in row.items()}, sort_keys=True, ensure_ascii=False)


_AUDIT_INSERT = insert(audit_log)


@cache
def _insert_returning(table: Table) -> Any:
    return insert(table).returning(*table.c)


class Writer:
    """A transaction with audited writes. Get one from ``Store.write()``."""

    def __init__(self, conn: Connection, user: str, now: datetime):
        self.conn = conn
        self.user = user
        self.now = now
        # (id, hash) of the newest audit row, read once per transaction at the first audited write
        # and then kept here, so a demo or an import writing thousands of rows never reads it again.
        # (A savepoint rolled back would leave it pointing at a row that is gone: code that adds
        # savepoints must reset it to None when one rolls back.)
        self._link: tuple[int, str] | None = None

    def _key_clause(self, table: Table, key: Any) -> Any:
        (pk,) = table.primary_key.columns
        return pk == key

    def fetch(self, table: Table, key: Any) -> dict[str, Any] | None:
        """A record as it stands inside this transaction (None if there is none)."""
        return self._fetch(table, key)

    def _fetch(self, table: Table, key: Any) -> dict[str, Any] | None:
        row = self.conn.execute(select(table).where(self._key_clause(table, key))).mappings().first()
        return dict(row) if row is not None else None

    def _audit(self, table: Table, key: Any, action: AuditAction, before: Any, after: Any) -> None:
        self.append_audit(table.name, str(key), action, row_to_json(before), row_to_json(after))

    def append_audit(self, table_name: str, record_id: str, action: AuditAction, before_json: str | None,
                     after_json: str | None) -> int:
        """Append one row to the audit trail's hash chain; returns its id. Call it only after
        this transaction has written (see below); the register methods here do it for you."""
        # Every caller has already written, so on SQLite this transaction holds the database's
        # single write lock by now. In WAL mode a transaction can take that lock only if its
        # snapshot is the newest one (else SQLite refuses with "database is locked" and nothing
        # is saved), so the head read here is the true head, and no other writer can add a row
        # until we commit: two writers can never both extend the same row. (A plain BEGIN is kept,
        # not BEGIN IMMEDIATE, because the engine's BEGIN serves reads too.) On a server database
        # last_link() locks the table first; everywhere, the unique index on prev_hash refuses a
        # fork outright.
        if self._link is None:
            self._link = last_link(self.conn)
        last_id, last_hash = self._link
        row_id = last_id + 1
        digest = row_hash(last_hash, row_id, self.now, self.user, table_name, record_id, action.value,
                          before_json, after_json)
        # One prebuilt statement with parameters (not .values() per call): SQLAlchemy reuses
        # the compiled form, which matters when a demo or an import writes thousands of rows.
        self.conn.execute(_AUDIT_INSERT, {
            "id": row_id,
            "at": self.now,
            "user_label": self.user,
            "table_name": table_name,
            "record_id": record_id,
            "action": action.value,
            "before_json": before_json,
            "after_json": after_json,
            "prev_hash": last_hash,
            "hash": digest,
        })
        self._link = (row_id, digest)
        return row_id

    def insert(self, table: Table, values: Mapping[str, Any]) -> Any:
        """Insert a record and audit it; returns its primary key."""
        # RETURNING gives the stored row (defaults filled in) without a second query; SQLite
        # has it since 3.35 and PostgreSQL always.
        row = dict(self.conn.execute(_insert_returning(table), dict(values)).mappings().one())
        (pk,) = table.primary_key.columns
        key = row[pk.name]
        self._audit(table, key, AuditAction.INSERT, None, row)
        return key

    def insert_over_default(self, table: Table, values: Mapping[str, Any], default: Mapping[str, Any]) -> Any:
        """Store a record that stood at a default until now (a setting never saved), audited as a change
        from ``default`` to the stored row, so the trail keeps the old value; returns its primary key."""
        row = dict(self.conn.execute(_insert_returning(table), dict(values)).mappings().one())
        (pk,) = table.primary_key.columns
        key = row[pk.name]
        self._audit(table, key, AuditAction.UPDATE, {**row, **default}, row)
        return key

    def update(
        self, table: Table, key: Any, values: Mapping[str, Any], *, expect_version: int | None = None
    ) -> dict[str, Any]:
        """Change a record and audit before/after; with ``expect_version``, refuse stale edits."""
        before = self._fetch(table, key)
        if before is None:
            if expect_version is not None:  # it was there when the form was opened
                raise gone_error(self.conn, table, key, None) or NotFoundError(key)
            raise NotFoundError(f"The {table.name} record {key} no longer exists.")
        values = dict(values)
        condition = self._key_clause(table, key)
        if expect_version is not None:
            if before["version"] != expect_version:
                # Archived since it was read: say so, not "changed" (saving again would not help).
                raise gone_error(self.conn, table, key, before) or stale_error(self.conn, table, key, before, values)
            if all(before.get(k) == v for k, v in values.items()):
                return before  # nothing changed: no new version, no audit row
            values["version"] = expect_version + 1
            condition = and_(condition, table.c.version == expect_version)
        result = self.conn.execute(update(table).where(condition).values(**values))
        if result.rowcount != 1:
            # Another connection changed it between our read and our write (possible on a
            # server database under READ COMMITTED): refuse rather than overwrite it.
            now = self._fetch(table, key)
            raise gone_error(self.conn, table, key, now) or stale_error(self.conn, table, key, now or before, values)
        after = self._fetch(table, key)
        if after != before:
            self._audit(table, key, AuditAction.UPDATE, before, after)
        assert after is not None
        return after

    def archive(self, table: Table, key: Any, reason: str) -> None:
        """Archive a record the law says to keep: it stays, marked with when and why."""
        before = self._fetch(table, key)
        if before is None:
            raise NotFoundError(f"The {table.name} record {key} no longer exists.")
        changes: dict[str, Any] = {"archived_at": self.now, "archive_reason": reason}
        if "version" in table.c:
            changes["version"] = before["version"] + 1
        self.conn.execute(update(table).where(self._key_clause(table, key)).values(**changes))
        self._audit(table, key, AuditAction.ARCHIVE, before, self._fetch(table, key))

    def delete(self, table: Table, key: Any) -> None:
        """Delete a record that the law does not require us to keep, with its audit row.

        Tables with an ``archived_at`` column hold records the law says to keep: they are
        archived with a reason, never deleted.
        """
        if "archived_at" in table.c:
            raise SaveError(f"Records in {table.name} are kept by law: archive them with a reason instead.")
        before = self._fetch(table, key)
        if before is None:
            return
        self.conn.execute(table.delete().where(self._key_clause(table, key)))
        self._audit(table, key, AuditAction.DELETE, before, None)


_PLAIN_ERRORS = (
    ("disk is full", "The disk is full, so nothing was saved. Free some space and try again."),
    ("database is locked", "Another program is writing to the database, so nothing was saved. Try again in a moment."),
    ("readonly database", "The database file is read-only here, so nothing was saved. Check the file's permissions."),
    ("disk i/o error", "The disk could not be written, so nothing was saved. Check the drive and try again."),
    # On a PostgreSQL server:
    ("row-level security", "Your account on the database server may not change this home's records, so nothing "
                           "was saved."),
    ("permission denied", "Your account on the database server may not change these records, so nothing was saved."),
    ("value too long", "A piece of text is longer than the database allows, so nothing was saved. Shorten it and "
                       "try again."),
    ("deadlock detected", "Someone else was saving at the same moment, so nothing was saved. Try again."),
    ("server closed the connection", "The database server could not be reached, so nothing was saved. Check the "
                                     "network and try again."),
)


def plain_save_error(exc: DBAPIError) -> SaveError:
    """A SaveError whose message says what happened in plain words."""
    detail = str(exc.orig).lower()
    for needle, message in _PLAIN_ERRORS:
        if needle in detail:
            return SaveError(message + " Records saved earlier are safe.")
    return SaveError(f"The database refused the change ({exc.orig}), so nothing was saved. Records saved earlier are safe.")


@contextmanager
def write_transaction(engine: Engine, user: str, now: datetime) -> Iterator[Writer]:
    """One user action = one transaction; any failure rolls all of it back."""
    try:
        with engine.begin() as conn:
            yield Writer(conn, user, now)
    except IntegrityError:
        raise  # repositories turn these into field messages (e.g. a duplicate URN)
    except (OperationalError, DBAPIError) as exc:
        raise plain_save_error(exc) from exc
