"""The workforce register: staff, qualifications, recruitment checks, DBS, training, supervision.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

Released revisions are never edited: add a new one instead.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _archive_columns() -> list[sa.Column]:
    return [sa.Column("archived_at", sa.DateTime), sa.Column("archive_reason", sa.Text, nullable=False)]


def upgrade() -> None:
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("home_id", sa.Integer, sa.ForeignKey("homes.id", name="fk_staff_home_id_homes"), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("role_title", sa.String(200), nullable=False),
        sa.Column("care_role", sa.Boolean),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("role_start_date", sa.Date),
        sa.Column("leaving_date", sa.Date),
        sa.Column("contract", sa.String(32), nullable=False),
        sa.Column("hours_per_week", sa.Float),
        sa.Column("lives_at_home", sa.Boolean, nullable=False),
        sa.Column("staff_ref", sa.String(64), nullable=False),
        sa.Column("induction_completed", sa.Date),
        sa.Column("probation_completed", sa.Date),
        sa.Column("version", sa.Integer, nullable=False),
        *_archive_columns(),
        sa.PrimaryKeyConstraint("id", name="pk_staff"),
    )
    op.create_index("ix_staff_home_id", "staff", ["home_id"])
    op.create_table(
        "qualifications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id", name="fk_qualifications_staff_id_staff"),
                  nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("enrolled_date", sa.Date),
        sa.Column("achieved_date", sa.Date),
        sa.Column("equivalent_name", sa.String(300), nullable=False),
        sa.Column("equivalence_reasoning", sa.Text, nullable=False),
        sa.Column("deferred_to", sa.Date),
        sa.Column("deferral_reason", sa.String(32)),
        sa.Column("deferral_note", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_qualifications"),
        sa.UniqueConstraint("staff_id", "kind", name="uq_qualifications_staff_kind"),
    )
    op.create_table(
        "recruitment_checks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id", name="fk_recruitment_checks_staff_id_staff"),
                  nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("done", sa.Boolean, nullable=False),
        sa.Column("done_date", sa.Date),
        sa.Column("verified_by", sa.String(200), nullable=False),
        sa.Column("not_applicable", sa.Boolean, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_recruitment_checks"),
        sa.UniqueConstraint("staff_id", "kind", name="uq_recruitment_checks_staff_kind"),
    )
    op.create_table(
        "dbs_certificates",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id", name="fk_dbs_certificates_staff_id_staff"),
                  nullable=False),
        sa.Column("certificate_number", sa.String(32), nullable=False),
        sa.Column("issue_date", sa.Date, nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("workforce", sa.String(32), nullable=False),
        sa.Column("barred_list_children", sa.Boolean, nullable=False),
        sa.Column("update_service", sa.Boolean, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_dbs_certificates"),
        sa.UniqueConstraint("staff_id", "certificate_number", name="uq_dbs_certificates_staff_number"),
    )
    op.create_index("ix_dbs_certificates_staff_id", "dbs_certificates", ["staff_id"])
    op.create_table(
        "dbs_status_checks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("certificate_id", sa.Integer,
                  sa.ForeignKey("dbs_certificates.id", name="fk_dbs_status_checks_certificate_id_dbs_certificates"),
                  nullable=False),
        sa.Column("checked_on", sa.Date, nullable=False),
        sa.Column("result", sa.String(32), nullable=False),
        sa.Column("checked_by", sa.String(200), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_dbs_status_checks"),
    )
    op.create_index("ix_dbs_status_checks_certificate_id", "dbs_status_checks", ["certificate_id"])
    op.create_table(
        "courses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("renewal_months", sa.Integer),
        sa.Column("required_for", sa.String(16), nullable=False),
        sa.Column("basis", sa.String(16), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("first_aid", sa.Boolean, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_courses"),
        sa.UniqueConstraint("name", name="uq_courses_name"),
    )
    op.create_table(
        "training_records",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id", name="fk_training_records_staff_id_staff"),
                  nullable=False),
        sa.Column("course_id", sa.Integer, sa.ForeignKey("courses.id", name="fk_training_records_course_id_courses"),
                  nullable=False),
        sa.Column("completed", sa.Date, nullable=False),
        sa.Column("expiry_override", sa.Date),
        sa.Column("provider", sa.String(200), nullable=False),
        sa.Column("certificate_ref", sa.String(200), nullable=False),
        *_archive_columns(),
        sa.PrimaryKeyConstraint("id", name="pk_training_records"),
        sa.UniqueConstraint("staff_id", "course_id", "completed", name="uq_training_records_staff_course_completed"),
    )
    op.create_index("ix_training_records_staff_id", "training_records", ["staff_id"])
    op.create_table(
        "supervision_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id", name="fk_supervision_sessions_staff_id_staff"),
                  nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("supervisor", sa.String(200), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        *_archive_columns(),
        sa.PrimaryKeyConstraint("id", name="pk_supervision_sessions"),
    )
    op.create_index("ix_supervision_sessions_staff_id", "supervision_sessions", ["staff_id"])


def downgrade() -> None:
    for table in ("supervision_sessions", "training_records", "courses", "dbs_status_checks", "dbs_certificates",
                  "recruitment_checks", "qualifications", "staff"):
        op.drop_table(table)
