"""Statutory clocks: first care role and first managing a home; the home's local authority and records start.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

Reg 32(4) counts Level 3 from starting in a care role in *a* children's home, and reg 28
counts Level 5 from starting to manage *a* home; until now the product counted both from
the current role, so a promotion reset the clock. This revision records the two dates and
fills them from what is known:

- first in a care role: the date they joined this home (the earliest date on record), for
  everyone whose role is a care role. It is a guess (they may have been in a care role at
  another children's home before, or joined here in a non-care role), so the record is
  marked for the manager to confirm; a person whose Level 3 is already met is not listed;
- first managing a home: the date the registered manager started that role here (they may
  have managed another home before, so it is marked for the manager to confirm too).

Reg 44 months are now counted from the home's registration date. For a home that was
already in the database, the months before its records were kept here were never asked
about (the old count looked back a year at most), so the upgrade sets "records here start"
to the earliest of its first recorded Reg 44 visit and the day the home was added, where
that is later than the registration date. The manager can clear or change it on Home
settings.

Released revisions are never edited: add a new one instead.
"""

from datetime import date, datetime

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
        f"UPDATE staff SET care_started_on = start_date, dates_to_confirm = :yes WHERE {CARE}").bindparams(yes=True))
    op.execute(sa.text(
        "UPDATE staff SET managing_started_on = COALESCE(role_start_date, start_date), dates_to_confirm = :yes "
        "WHERE role = 'registered_manager'").bindparams(yes=True))
    _records_start()


def _as_date(value: object) -> date | None:
    """A stored date or timestamp as a date (SQLite returns text, PostgreSQL date/datetime objects)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _records_start() -> None:
    conn = op.get_bind()
    homes = conn.execute(sa.text("SELECT id, registration_date FROM homes")).fetchall()
    for home_id, registered in homes:
        first_visit = conn.execute(sa.text("SELECT MIN(visited_on) FROM reg44_visits WHERE home_id = :id"),
                                   {"id": home_id}).scalar()
        added = conn.execute(sa.text("SELECT MIN(at) FROM audit_log WHERE table_name = 'homes' AND action = 'insert' "
                                     "AND record_id = :rid"), {"rid": str(home_id)}).scalar()
        known = [d for d in (_as_date(first_visit), _as_date(added)) if d is not None]
        registered_on = _as_date(registered)
        if not known or registered_on is None:
            continue
        start = min(known).replace(day=1)
        if start > registered_on:
            update = sa.text("UPDATE homes SET records_start = :start WHERE id = :id").bindparams(
                sa.bindparam("start", type_=sa.Date))  # the Date type writes it as each backend stores dates
            conn.execute(update, {"start": start, "id": home_id})


def downgrade() -> None:
    with op.batch_alter_table("homes") as batch:
        batch.drop_column("secure")
        batch.drop_column("records_start")
        batch.drop_column("local_authority")
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("dates_to_confirm")
        batch.drop_column("managing_started_on")
        batch.drop_column("care_started_on")
