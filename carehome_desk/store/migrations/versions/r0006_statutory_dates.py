"""Statutory clocks: first care role and first managing a home; the home's local authority and records start.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

Reg 32(4) counts Level 3 from starting in a care role in *a* children's home, and reg 28
counts Level 5 from starting to manage *a* home; until now the product counted both from
the current role, so a promotion reset the clock. This revision records the two dates and
fills them from what is known:

- first in a care role: the date they joined this home (the earliest date on record), for
  everyone whose role is a care role. Where they changed role at this home (a role start
  date that differs from the start date) the date is a guess: they may have joined in a
  non-care role, so the record is marked for the manager to confirm;
- first managing a home: the date the registered manager started that role here (they may
  have managed another home before, so it is marked for the manager to confirm too).

Released revisions are never edited: add a new one instead.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# A care role as the app decides it: the record's own say, else the role's default (StaffRole.default_care_role).
CARE = "(care_role = :yes OR (care_role IS NULL AND role NOT IN ('ancillary', 'other')))"


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("care_started_on", sa.Date))
        batch.add_column(sa.Column("managing_started_on", sa.Date))
        batch.add_column(sa.Column("dates_to_confirm", sa.Boolean, nullable=False, server_default=sa.false()))
    with op.batch_alter_table("homes") as batch:
        batch.add_column(sa.Column("local_authority", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("records_start", sa.Date))
        batch.add_column(sa.Column("secure", sa.Boolean, nullable=False, server_default=sa.false()))
    op.execute(sa.text(
        f"UPDATE staff SET care_started_on = start_date, "
        f"dates_to_confirm = CASE WHEN role_start_date IS NOT NULL AND role_start_date <> start_date "
        f"THEN :yes ELSE :no END WHERE {CARE}").bindparams(yes=True, no=False))
    op.execute(sa.text(
        "UPDATE staff SET managing_started_on = COALESCE(role_start_date, start_date), dates_to_confirm = :yes "
        "WHERE role = 'registered_manager'").bindparams(yes=True))


def downgrade() -> None:
    with op.batch_alter_table("homes") as batch:
        batch.drop_column("secure")
        batch.drop_column("records_start")
        batch.drop_column("local_authority")
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("dates_to_confirm")
        batch.drop_column("managing_started_on")
        batch.drop_column("care_started_on")
