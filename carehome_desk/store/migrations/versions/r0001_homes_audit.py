"""Homes and the audit trail: the first schema.

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Released revisions are never edited: add a new one instead. This file spells its tables
out rather than importing schema.py, so it keeps producing the first schema for ever.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "homes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("urn", sa.String(16), nullable=False),
        sa.Column("address", sa.Text, nullable=False),
        sa.Column("registered_manager", sa.String(200), nullable=False),
        sa.Column("responsible_individual", sa.String(200), nullable=False),
        sa.Column("registration_date", sa.Date),
        sa.Column("last_inspection_date", sa.Date),
        sa.Column("grade_overall", sa.String(40)),
        sa.Column("grade_helped_protected", sa.String(40)),
        sa.Column("grade_leadership", sa.String(40)),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("archived_at", sa.DateTime),
        sa.Column("archive_reason", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_homes"),
        sa.UniqueConstraint("urn", name="uq_homes_urn"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("user_label", sa.String(200), nullable=False),
        sa.Column("table_name", sa.String(64), nullable=False),
        sa.Column("record_id", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("before_json", sa.Text),
        sa.Column("after_json", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_record", "audit_log", ["table_name", "record_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_record", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_table("homes")
