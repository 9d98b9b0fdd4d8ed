"""Staff involved in an incident are linked to the staff register, not typed as free text.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

Until now "Staff involved" was one line of names separated by commas, so a typo split one
person in two and nothing could show a staff member's restraints beside their physical
intervention training. This revision adds the link table incident_staff (incident, staff
member) and moves the names already typed onto it: each name (split at commas, semicolons
and new lines, after trying the register's names that themselves hold a comma) that matches
exactly one staff member of the same home by full name, case and spacing ignored, becomes a
link (records archived as entered in error are left out; leavers are matched); the names
that match nobody, or more than one person, stay in the text column, which now holds only
people not on the register (agency staff, visitors).

The links and the changed incidents get baseline rows in the audit trail (store/seal.py's
rebaseline), so the verifier sees the upgrade's changes as made by the upgrade.

Released revisions are never edited: add a new one instead.
"""

import re
from collections import defaultdict
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def upgrade() -> None:
    op.create_table(
        "incident_staff",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("incident_id", sa.Integer,
                  sa.ForeignKey("incidents.id", name="fk_incident_staff_incident_id_incidents"), nullable=False),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id", name="fk_incident_staff_staff_id_staff"),
                  nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_incident_staff"),
        sa.UniqueConstraint("incident_id", "staff_id", name="uq_incident_staff_incident_staff"),
    )
    op.create_index("ix_incident_staff_incident_id", "incident_staff", ["incident_id"])
    op.create_index("ix_incident_staff_staff_id", "incident_staff", ["staff_id"])
    if _move_names():
        from carehome_desk.store.seal import UPGRADE_USER, rebaseline
        from carehome_desk.store.writer import Writer

        rebaseline(Writer(op.get_bind(), UPGRADE_USER, datetime.now(timezone.utc)))


def _parts(text: str) -> tuple[str, ...]:
    return tuple(_key(n) for n in re.split(r"[,;\n]", text) if n.strip())


def _link(text: str, names: dict[tuple[str, ...], list[int]]) -> tuple[list[int], list[str]]:
    """The staff a typed line names (one person each), and the rest as written; a register name that holds a
    comma ("Kerr, Sam") is tried before the line is split at it: the longest run of parts that is a name wins."""
    pieces = [n for n in re.split(r"[,;\n]", text) if n.strip()]
    keys = [_key(n) for n in pieces]
    longest = max((len(k) for k in names), default=1)
    linked: list[int] = []
    others: list[str] = []
    at = 0
    while at < len(pieces):
        size = next((n for n in range(min(longest, len(pieces) - at), 0, -1) if tuple(keys[at:at + n]) in names), 1)
        found = names.get(tuple(keys[at:at + size]), [])
        name = ", ".join(" ".join(p.split()) for p in pieces[at:at + size])
        at += size
        if len(found) == 1:
            if found[0] not in linked:
                linked.append(found[0])
        elif _key(name) not in {_key(o) for o in others}:
            others.append(name)
    return linked, others


def _move_names() -> int:
    """Names that match one staff member of the incident's home become links; returns incidents changed.

    Records archived as entered in error are left out (a duplicate must neither be linked nor make the real
    person's name look shared); leavers are real people and are matched.
    """
    conn = op.get_bind()
    people: dict[int, dict[tuple[str, ...], list[int]]] = defaultdict(lambda: defaultdict(list))
    for staff_id, home_id, full_name in conn.execute(sa.text(
            "SELECT id, home_id, full_name FROM staff WHERE archived_at IS NULL")):
        people[home_id][_parts(full_name)].append(staff_id)
    changed = 0
    rows = conn.execute(sa.text("SELECT id, home_id, staff_involved FROM incidents WHERE staff_involved <> ''"))
    for incident_id, home_id, text in rows.fetchall():
        linked, others = _link(text, people[home_id])
        if not linked:
            continue
        for staff_id in linked:
            conn.execute(sa.text("INSERT INTO incident_staff (incident_id, staff_id) VALUES (:i, :s)"),
                         {"i": incident_id, "s": staff_id})
        conn.execute(sa.text("UPDATE incidents SET staff_involved = :t WHERE id = :i"),
                     {"t": ", ".join(others), "i": incident_id})
        changed += 1
    return changed


def downgrade() -> None:
    conn = op.get_bind()
    names = conn.execute(sa.text(
        "SELECT l.incident_id, s.full_name FROM incident_staff l JOIN staff s ON s.id = l.staff_id "
        "ORDER BY l.incident_id, l.id")).fetchall()
    by_incident: dict[int, list[str]] = defaultdict(list)
    for incident_id, full_name in names:
        by_incident[incident_id].append(full_name)
    for incident_id, linked in by_incident.items():
        text = conn.execute(sa.text("SELECT staff_involved FROM incidents WHERE id = :i"), {"i": incident_id}).scalar()
        conn.execute(sa.text("UPDATE incidents SET staff_involved = :t WHERE id = :i"),
                     {"t": ", ".join([*linked, *([text] if text else [])]), "i": incident_id})
    op.drop_index("ix_incident_staff_staff_id", table_name="incident_staff")
    op.drop_index("ix_incident_staff_incident_id", table_name="incident_staff")
    op.drop_table("incident_staff")
