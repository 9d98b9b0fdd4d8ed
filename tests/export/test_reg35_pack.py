"""The pack's Restraint log says when a record's reg 35(3)(a) particulars are missing, as the steps panel does."""

from __future__ import annotations

from datetime import datetime, timedelta

from carehome_desk.export.pack_incidents import restraint_cells
from carehome_desk.models.dates import UK
from carehome_desk.models.deadlines import restraint_steps
from carehome_desk.models.ids import ChildId, IncidentId
from carehome_desk.models.incidents import Incident, IncidentType, RestraintDetails
from tests.reg35_particulars import complete

START = datetime(2026, 11, 2, 10, 0, tzinfo=UK)
NOW = START + timedelta(days=3)


def cells(details: RestraintDetails) -> list[object]:
    incident = Incident(type=IncidentType.RESTRAINT, occurred_at=START, child_ids=(ChildId(1),), summary="s",
                        location="Lounge", details=details, id=IncidentId(1))
    return restraint_cells(details, {s.key: s for s in restraint_steps(incident, NOW)})


def test_a_record_time_with_particulars_missing_is_overdue_and_says_what_is_missing() -> None:
    row = cells(complete(duration_minutes=None, effect="", record_made_at=START + timedelta(hours=2)))
    assert "Overdue — not complete: missing duration, effect" in row


def test_no_record_time_and_particulars_missing_names_them() -> None:
    assert "Overdue — missing: injuries" in cells(complete(injuries=""))


def test_a_complete_record_reads_done_on_time_alone() -> None:
    row = cells(complete(record_made_at=START + timedelta(hours=23, minutes=59)))
    assert "Done on time" in row and not any(isinstance(c, str) and "missing" in c for c in row)
