"""The demo's incidents name their staff through the staff register, so each person's Incidents tab is filled."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from carehome_desk.demo import DemoOptions, build_demo
from carehome_desk.models.incidents import IncidentType, RestraintDetails
from carehome_desk.store import Store


def test_demo_restraints_link_the_staff_who_used_the_measure(tmp_path: Path) -> None:
    path = build_demo(tmp_path / "demo.sqlite3", DemoOptions(scale=1, seed=3, today=date(2026, 11, 22)))
    with Store.open(path) as store:
        (home,) = store.homes.list()
        names = {m.id: m.full_name for m in store.staff.list(home.id)}
        restraints = [i for i in store.incidents.list(home.id) if i.type is IncidentType.RESTRAINT]
        assert restraints
        for incident in restraints:
            assert incident.staff_ids and incident.staff_involved == ""
            assert isinstance(incident.details, RestraintDetails)
            assert incident.details.used_by in {names[s] for s in incident.staff_ids}
        assert store.audit.verify().intact
