"""The demo's restraint records hold every reg 35(3)(a) particular: no false "not complete" alarms."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from carehome_desk.demo import DemoOptions, build_demo
from carehome_desk.models.dates import UK
from carehome_desk.models.deadlines import reg35_missing, restraint_steps
from carehome_desk.models.incidents import IncidentType
from carehome_desk.store import Store

TODAY = date(2026, 11, 22)


def test_every_demo_restraint_is_complete_and_its_record_step_never_says_missing(tmp_path: Path) -> None:
    path = build_demo(tmp_path / "demo.sqlite3", DemoOptions(scale=2, today=TODAY))
    now = datetime.combine(TODAY, time(12, 0), tzinfo=UK)
    with Store.open(path, create=False) as store:
        restraints = [i for h in store.homes.list() for i in store.incidents.list(h.id)
                      if i.type is IncidentType.RESTRAINT]
    assert len(restraints) > 5
    assert [(int(i.id), reg35_missing(i)) for i in restraints if reg35_missing(i)] == []
    notes = [restraint_steps(i, now)[0].note for i in restraints]
    assert not any("Missing" in n or "not complete" in n for n in notes)
