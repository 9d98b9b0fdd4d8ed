"""SQLAlchemy Core tables: the current schema, which Alembic revisions must produce exactly.

Types are portable (no SQLite-only SQL), so the same repositories run on PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
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
    Column("local_authority", String(200), nullable=False, default=""),  # revision 0006
    Column("records_start", Date),  # revision 0006
    Column("secure", Boolean, nullable=False, default=False),  # revision 0006
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
    # Revision 0007: the hash chain (models/audit_chain.py). A row's hash covers prev_hash and its
    # own content; prev_hash is unique, so two rows can never follow the same row (no fork).
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_audit_log_record", "table_name", "record_id"),
    Index("ix_audit_log_prev_hash", "prev_hash", unique=True),
)

# Revision 0002: provider policy values (practice, not law), one JSON value per key.
settings = Table(
    "settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", JSON, nullable=False),
)

# Revision 0003: the workforce register.
staff = Table(
    "staff",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("home_id", Integer, ForeignKey("homes.id"), nullable=False, index=True),
    Column("full_name", String(200), nullable=False),
    Column("role", String(32), nullable=False),
    Column("role_title", String(200), nullable=False, default=""),
    Column("care_role", Boolean),
    Column("start_date", Date, nullable=False),
    Column("role_start_date", Date),
    Column("care_started_on", Date),  # revision 0006: reg 32(4)'s relevant date counts from it
    Column("managing_started_on", Date),  # revision 0006: reg 28's relevant date counts from it
    Column("dates_to_confirm", Boolean, nullable=False, default=False),  # revision 0006: guessed at upgrade
    Column("leaving_date", Date),
    Column("contract", String(32), nullable=False),
    Column("hours_per_week", Float),
    Column("lives_at_home", Boolean, nullable=False, default=False),
    Column("staff_ref", String(64), nullable=False, default=""),
    Column("induction_completed", Date),
    Column("probation_completed", Date),
    Column("version", Integer, nullable=False, default=1),
    Column("archived_at", UTCDateTime),
    Column("archive_reason", Text, nullable=False, default=""),
)

qualifications = Table(
    "qualifications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("staff_id", Integer, ForeignKey("staff.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("enrolled_date", Date),
    Column("achieved_date", Date),
    Column("equivalent_name", String(300), nullable=False, default=""),
    Column("equivalence_reasoning", Text, nullable=False, default=""),
    Column("deferred_to", Date),
    Column("deferral_reason", String(32)),
    Column("deferral_note", Text, nullable=False, default=""),
    UniqueConstraint("staff_id", "kind", name="uq_qualifications_staff_kind"),
)

recruitment_checks = Table(
    "recruitment_checks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("staff_id", Integer, ForeignKey("staff.id"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("done", Boolean, nullable=False, default=False),
    Column("done_date", Date),
    Column("verified_by", String(200), nullable=False, default=""),
    Column("not_applicable", Boolean, nullable=False, default=False),
    Column("note", Text, nullable=False, default=""),
    UniqueConstraint("staff_id", "kind", name="uq_recruitment_checks_staff_kind"),
)

dbs_certificates = Table(
    "dbs_certificates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("staff_id", Integer, ForeignKey("staff.id"), nullable=False, index=True),
    Column("certificate_number", String(32), nullable=False),
    Column("issue_date", Date, nullable=False),
    Column("level", String(16), nullable=False),
    Column("workforce", String(32), nullable=False),
    Column("barred_list_children", Boolean, nullable=False),
    Column("update_service", Boolean, nullable=False),
    Column("note", Text, nullable=False, default=""),
    UniqueConstraint("staff_id", "certificate_number", name="uq_dbs_certificates_staff_number"),
)

dbs_status_checks = Table(
    "dbs_status_checks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("certificate_id", Integer, ForeignKey("dbs_certificates.id"), nullable=False, index=True),
    Column("checked_on", Date, nullable=False),
    Column("result", String(32), nullable=False),
    Column("checked_by", String(200), nullable=False),
    Column("note", Text, nullable=False, default=""),
)

courses = Table(
    "courses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("renewal_months", Integer),
    Column("required_for", String(16), nullable=False),
    Column("basis", String(16), nullable=False),
    Column("source", Text, nullable=False, default=""),
    Column("first_aid", Boolean, nullable=False, default=False),
    Column("position", Integer, nullable=False, default=0),
    Column("archived", Boolean, nullable=False, default=False),
    UniqueConstraint("name"),
)

training_records = Table(
    "training_records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("staff_id", Integer, ForeignKey("staff.id"), nullable=False, index=True),
    Column("course_id", Integer, ForeignKey("courses.id"), nullable=False),
    Column("completed", Date, nullable=False),
    Column("expiry_override", Date),
    Column("provider", String(200), nullable=False, default=""),
    Column("certificate_ref", String(200), nullable=False, default=""),
    Column("archived_at", UTCDateTime),
    Column("archive_reason", Text, nullable=False, default=""),
    UniqueConstraint("staff_id", "course_id", "completed", name="uq_training_records_staff_course_completed"),
)

supervision_sessions = Table(
    "supervision_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("staff_id", Integer, ForeignKey("staff.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("held_on", Date, nullable=False),
    Column("supervisor", String(200), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("archived_at", UTCDateTime),
    Column("archive_reason", Text, nullable=False, default=""),
)

# Revision 0004: children and incidents.
children = Table(
    "children",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("home_id", Integer, ForeignKey("homes.id"), nullable=False, index=True),
    Column("reference", String(32), nullable=False),
    Column("initials", String(8), nullable=False),
    Column("full_name", String(200), nullable=False, default=""),
    Column("date_of_birth", Date, nullable=False),
    Column("admission_date", Date, nullable=False),
    Column("leaving_date", Date),
    Column("placing_authority", String(200), nullable=False, default=""),
    Column("legal_status", String(16), nullable=False),
    Column("admission_planned", Boolean, nullable=False),
    Column("ending_planned", Boolean),
    Column("version", Integer, nullable=False, default=1),
    Column("archived_at", UTCDateTime),
    Column("archive_reason", Text, nullable=False, default=""),
    UniqueConstraint("home_id", "reference", name="uq_children_home_reference"),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("home_id", Integer, ForeignKey("homes.id"), nullable=False, index=True),
    Column("type", String(32), nullable=False),
    # The time as recorded, with its UTC offset (ISO 8601), and the same instant in UTC for ordering.
    Column("occurred_at", String(40), nullable=False),
    Column("occurred_utc", UTCDateTime, nullable=False, index=True),
    Column("location", String(200), nullable=False, default=""),
    Column("summary", Text, nullable=False),
    Column("staff_involved", Text, nullable=False, default=""),
    Column("details", JSON),
    Column("notifiable", Boolean),
    Column("reg40_paragraphs", JSON, nullable=False),
    Column("reg40_rationale", Text, nullable=False, default=""),
    Column("other_recipients", JSON, nullable=False),
    Column("reviewed_at", UTCDateTime),
    Column("reviewed_by", String(200), nullable=False, default=""),
    Column("review_note", Text, nullable=False, default=""),
    Column("version", Integer, nullable=False, default=1),
    Column("archived_at", UTCDateTime),
    Column("archive_reason", Text, nullable=False, default=""),
)

incident_children = Table(
    "incident_children",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("incident_id", Integer, ForeignKey("incidents.id"), nullable=False, index=True),
    Column("child_id", Integer, ForeignKey("children.id"), nullable=False, index=True),
    UniqueConstraint("incident_id", "child_id", name="uq_incident_children_incident_child"),
)

incident_staff = Table(  # revision 0008: staff on the register involved in an incident
    "incident_staff",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("incident_id", Integer, ForeignKey("incidents.id"), nullable=False, index=True),
    Column("staff_id", Integer, ForeignKey("staff.id"), nullable=False, index=True),
    UniqueConstraint("incident_id", "staff_id", name="uq_incident_staff_incident_staff"),
)

notifications = Table(
    "notifications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("incident_id", Integer, ForeignKey("incidents.id"), nullable=False, index=True),
    Column("recipient", String(32), nullable=False),
    Column("recipient_name", String(200), nullable=False, default=""),
    Column("paragraph", String(32), nullable=False),
    Column("sent_at", String(40), nullable=False),
    Column("method", String(100), nullable=False, default=""),
    Column("reference", String(100), nullable=False, default=""),
)

# Revision 0005: quality assurance.
evaluations = Table(
    "evaluations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("home_id", Integer, ForeignKey("homes.id"), nullable=False, index=True),
    Column("evaluated_on", Date, nullable=False),
    Column("framework_id", String(64), nullable=False),
    Column("title", String(200), nullable=False, default=""),
    Column("judgements", JSON, nullable=False),
    Column("entries", JSON, nullable=False),
    Column("archived_at", UTCDateTime),
    Column("archive_reason", Text, nullable=False, default=""),
)

actions = Table(
    "actions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("home_id", Integer, ForeignKey("homes.id"), nullable=False, index=True),
    Column("title", Text, nullable=False),
    Column("owner", String(200), nullable=False),
    Column("due", Date, nullable=False),
    Column("source", String(32), nullable=False),
    Column("source_ref", String(200), nullable=False, default=""),
    Column("regulation", String(200), nullable=False, default=""),
    Column("status", String(16), nullable=False),
    Column("completed_on", Date),
    Column("note", Text, nullable=False, default=""),
    Column("archived_at", UTCDateTime),
    Column("archive_reason", Text, nullable=False, default=""),
    # revision 0009: a Reg 44 recommendation's action names its visit and the recommendation's number on it
    Column("visit_id", Integer, ForeignKey("reg44_visits.id"), index=True),
    Column("recommendation_no", Integer),
)

reg44_visits = Table(
    "reg44_visits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("home_id", Integer, ForeignKey("homes.id"), nullable=False, index=True),
    Column("visitor", String(200), nullable=False),
    Column("visited_on", Date, nullable=False),
    Column("announced", Boolean, nullable=False),
    Column("report_received_on", Date),
    Column("sent_to_ofsted_on", Date),
    Column("safeguarded_opinion", Text, nullable=False, default=""),
    Column("recommendations", JSON, nullable=False),
    Column("archived_at", UTCDateTime),
    Column("archive_reason", Text, nullable=False, default=""),
)

reg45_reviews = Table(
    "reg45_reviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("home_id", Integer, ForeignKey("homes.id"), nullable=False, index=True),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("completed_on", Date),
    Column("sent_to_ofsted_on", Date),
    Column("summary", Text, nullable=False, default=""),
    Column("archived_at", UTCDateTime),
    Column("archive_reason", Text, nullable=False, default=""),
)

inspections = Table(
    "inspections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("home_id", Integer, ForeignKey("homes.id"), nullable=False, index=True),
    Column("inspected_on", Date, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("judgements", JSON, nullable=False),
    Column("assurance_outcome", String(200), nullable=False, default=""),
    Column("findings", JSON, nullable=False),
    Column("archived_at", UTCDateTime),
    Column("archive_reason", Text, nullable=False, default=""),
)
