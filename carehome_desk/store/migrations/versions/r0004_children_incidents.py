"""Children and incidents: the Schedule 4 register of children, incidents, reg 40 notifications.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

Released revisions are never edited: add a new one instead.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "children",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("home_id", sa.Integer, sa.ForeignKey("homes.id", name="fk_children_home_id_homes"), nullable=False),
        sa.Column("reference", sa.String(32), nullable=False),
        sa.Column("initials", sa.String(8), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("date_of_birth", sa.Date, nullable=False),
        sa.Column("admission_date", sa.Date, nullable=False),
        sa.Column("leaving_date", sa.Date),
        sa.Column("placing_authority", sa.String(200), nullable=False),
        sa.Column("legal_status", sa.String(16), nullable=False),
        sa.Column("admission_planned", sa.Boolean, nullable=False),
        sa.Column("ending_planned", sa.Boolean),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("archived_at", sa.DateTime),
        sa.Column("archive_reason", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_children"),
        sa.UniqueConstraint("home_id", "reference", name="uq_children_home_reference"),
    )
    op.create_index("ix_children_home_id", "children", ["home_id"])
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("home_id", sa.Integer, sa.ForeignKey("homes.id", name="fk_incidents_home_id_homes"), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("occurred_at", sa.String(40), nullable=False),
        sa.Column("occurred_utc", sa.DateTime, nullable=False),
        sa.Column("location", sa.String(200), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("staff_involved", sa.Text, nullable=False),
        sa.Column("details", sa.JSON),
        sa.Column("notifiable", sa.Boolean),
        sa.Column("reg40_paragraphs", sa.JSON, nullable=False),
        sa.Column("reg40_rationale", sa.Text, nullable=False),
        sa.Column("other_recipients", sa.JSON, nullable=False),
        sa.Column("reviewed_at", sa.DateTime),
        sa.Column("reviewed_by", sa.String(200), nullable=False),
        sa.Column("review_note", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("archived_at", sa.DateTime),
        sa.Column("archive_reason", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_incidents"),
    )
    op.create_index("ix_incidents_home_id", "incidents", ["home_id"])
    op.create_index("ix_incidents_occurred_utc", "incidents", ["occurred_utc"])
    op.create_table(
        "incident_children",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("incident_id", sa.Integer,
                  sa.ForeignKey("incidents.id", name="fk_incident_children_incident_id_incidents"), nullable=False),
        sa.Column("child_id", sa.Integer,
                  sa.ForeignKey("children.id", name="fk_incident_children_child_id_children"), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_incident_children"),
        sa.UniqueConstraint("incident_id", "child_id", name="uq_incident_children_incident_child"),
    )
    op.create_index("ix_incident_children_incident_id", "incident_children", ["incident_id"])
    op.create_index("ix_incident_children_child_id", "incident_children", ["child_id"])
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("incident_id", sa.Integer,
                  sa.ForeignKey("incidents.id", name="fk_notifications_incident_id_incidents"), nullable=False),
        sa.Column("recipient", sa.String(32), nullable=False),
        sa.Column("recipient_name", sa.String(200), nullable=False),
        sa.Column("paragraph", sa.String(32), nullable=False),
        sa.Column("sent_at", sa.String(40), nullable=False),
        sa.Column("method", sa.String(100), nullable=False),
        sa.Column("reference", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_notifications"),
    )
    op.create_index("ix_notifications_incident_id", "notifications", ["incident_id"])


def downgrade() -> None:
    for table in ("notifications", "incident_children", "incidents", "children"):
        op.drop_table(table)
