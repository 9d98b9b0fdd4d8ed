"""Every record in the audit trail is named in words: no table of the schema shows as its raw name."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from carehome_desk import cli
from carehome_desk.models.audit import TABLE_LABELS, AuditAction, AuditEntry
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.dates import UK
from carehome_desk.models.ids import AuditId
from carehome_desk.models.incidents import IncidentDetails, IncidentType
from carehome_desk.models.settings import POLICY_HELP
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.services.history_words import RecordNames, record_label
from carehome_desk.store import Store
from carehome_desk.store.schema import metadata
from tests.conftest import oak_lodge


def _sample(column: sa.Column[Any]) -> Any:
    """A plausible stored value for the column, as the trail's JSON holds it (ids point at record 3)."""
    kind = column.type
    if column.name.endswith(("_at", "_utc")):
        return "2026-11-21T18:00:00+00:00"
    if isinstance(kind, sa.Date):
        return "2026-10-24"
    if isinstance(kind, sa.Boolean):
        return True
    if isinstance(kind, sa.Float):
        return 37.5
    if isinstance(kind, sa.Integer):
        return 3
    if isinstance(kind, sa.JSON):
        return []
    return "Some words"


@pytest.mark.parametrize("table", sorted(metadata.tables))
def test_every_table_in_the_schema_is_named_in_words(table: str) -> None:
    names = RecordNames(staff={3: "Zara Begum"}, courses={3: "Fire safety"}, children={3: "AB (C01)"},
                        incidents={3: "Police involvement 21/11/2026 18:00"}, homes={3: "Oak Lodge"})
    after = {c.name: _sample(c) for c in metadata.tables[table].columns}
    if table == "incidents":  # the trail holds the incident's own fields, not its columns
        after |= {"type": "police", "occurred_at": "2026-11-21T18:00:00+00:00"}
    record_id = next(iter(POLICY_HELP)) if table == "settings" else "7"
    entry = AuditEntry(AuditId(1), datetime(2026, 11, 22, tzinfo=timezone.utc), "tester", table, record_id,
                       AuditAction.INSERT, None, after)

    label = record_label(entry, names)

    assert table in TABLE_LABELS, f"{table} has no words in the trail's labels"
    kind, _, name = label.partition(": ")
    assert kind == TABLE_LABELS[table] and table not in label
    assert name and not name.isdigit(), f"{table} is named only by its number: {label!r}"


def test_history_names_the_staff_involved_in_an_incident(  # type: ignore[no-untyped-def]
        capsys, store: Store, db_path: Path) -> None:
    home, _ = store.homes.add(oak_lodge())
    zara, _ = store.staff.add(home.id, StaffDetails("Zara Begum", StaffRole.RESIDENTIAL_WORKER, date(2024, 1, 8)))
    child, _ = store.children.add(home.id, ChildDetails("C01", "AB", date(2011, 3, 4), date(2025, 1, 10),
                                                       "Northmoor County Council"))
    store.incidents.add(home.id, IncidentDetails(IncidentType.ACCIDENT, datetime(2026, 11, 21, 18, 0, tzinfo=UK),
                                                 (child.id,), "Fell in the garden.", "Garden",
                                                 staff_ids=(zara.id,)))

    code = cli.main(["history", "--db", str(db_path), "--limit", "100"])
    out, err = capsys.readouterr()

    assert code == 0, err
    assert "incident_staff" not in out
    (line,) = [x for x in out.splitlines() if "Staff involved in incident" in x]
    assert line.endswith("| Added | Staff involved in incident: Zara Begum — Accident or injury 21/11/2026 18:00"), line
