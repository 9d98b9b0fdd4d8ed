"""Quality assurance: self-evaluations, actions, Reg 44 visits, Reg 45 reviews, inspections.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22

Released revisions are never edited: add a new one instead.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _common(table: str) -> list:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("home_id", sa.Integer, sa.ForeignKey("homes.id", name=f"fk_{table}_home_id_homes"), nullable=False),
    ]


def _archive() -> list:  # type: ignore[type-arg]
    return [sa.Column("archived_at", sa.DateTime), sa.Column("archive_reason", sa.Text, nullable=False)]


def upgrade() -> None:
    op.create_table(
        "evaluations", *_common("evaluations"),
        sa.Column("evaluated_on", sa.Date, nullable=False),
        sa.Column("framework_id", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("judgements", sa.JSON, nullable=False),
        sa.Column("entries", sa.JSON, nullable=False),
        *_archive(),
        sa.PrimaryKeyConstraint("id", name="pk_evaluations"),
    )
    op.create_table(
        "actions", *_common("actions"),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("source_ref", sa.String(200), nullable=False),
        sa.Column("regulation", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("completed_on", sa.Date),
        sa.Column("note", sa.Text, nullable=False),
        *_archive(),
        sa.PrimaryKeyConstraint("id", name="pk_actions"),
    )
    op.create_table(
        "reg44_visits", *_common("reg44_visits"),
        sa.Column("visitor", sa.String(200), nullable=False),
        sa.Column("visited_on", sa.Date, nullable=False),
        sa.Column("announced", sa.Boolean, nullable=False),
        sa.Column("report_received_on", sa.Date),
        sa.Column("sent_to_ofsted_on", sa.Date),
        sa.Column("safeguarded_opinion", sa.Text, nullable=False),
        sa.Column("recommendations", sa.JSON, nullable=False),
        *_archive(),
        sa.PrimaryKeyConstraint("id", name="pk_reg44_visits"),
    )
    op.create_table(
        "reg45_reviews", *_common("reg45_reviews"),
        sa.Column("period_start", sa.Date, nullable=False),
        sa.Column("period_end", sa.Date, nullable=False),
        sa.Column("completed_on", sa.Date),
        sa.Column("sent_to_ofsted_on", sa.Date),
        sa.Column("summary", sa.Text, nullable=False),
        *_archive(),
        sa.PrimaryKeyConstraint("id", name="pk_reg45_reviews"),
    )
    op.create_table(
        "inspections", *_common("inspections"),
        sa.Column("inspected_on", sa.Date, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("judgements", sa.JSON, nullable=False),
        sa.Column("assurance_outcome", sa.String(200), nullable=False),
        sa.Column("findings", sa.JSON, nullable=False),
        *_archive(),
        sa.PrimaryKeyConstraint("id", name="pk_inspections"),
    )
    for table in ("evaluations", "actions", "reg44_visits", "reg45_reviews", "inspections"):
        op.create_index(f"ix_{table}_home_id", table, ["home_id"])


def downgrade() -> None:
    for table in ("inspections", "reg45_reviews", "reg44_visits", "actions", "evaluations"):
        op.drop_table(table)
