"""SQLAlchemy Core tables: the current schema, which Alembic revisions must produce exactly.

Types are portable (no SQLite-only SQL), so the same repositories run on PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Dialect,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)

# Named constraints, so later migrations can alter them by name on every backend.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(TypeDecorator[datetime]):
    """An instant stored as naive UTC and read back timezone-aware, identically on every backend."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("carehome-desk stores only timezone-aware instants")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=timezone.utc)


homes = Table(
    "homes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("urn", String(16), nullable=False),
    Column("address", Text, nullable=False, default=""),
    Column("registered_manager", String(200), nullable=False, default=""),
    Column("responsible_individual", String(200), nullable=False, default=""),
    Column("registration_date", Date),
    Column("last_inspection_date", Date),
    Column("grade_overall", String(40)),
    Column("grade_helped_protected", String(40)),
    Column("grade_leadership", String(40)),
    Column("version", Integer, nullable=False, default=1),
    Column("archived_at", UTCDateTime),
    Column("archive_reason", Text, nullable=False, default=""),
    UniqueConstraint("urn"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("user_label", String(200), nullable=False),
    Column("table_name", String(64), nullable=False),
    Column("record_id", String(64), nullable=False),
    Column("action", String(16), nullable=False),
    Column("before_json", Text),
    Column("after_json", Text),
    Index("ix_audit_log_record", "table_name", "record_id"),
)

# Revision 0002: provider policy values (practice, not law), one JSON value per key.
settings = Table(
    "settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", JSON, nullable=False),
)
