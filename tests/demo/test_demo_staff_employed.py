"""A believable demo home: incidents name only staff employed that day, and restraints are made by staff
whose physical intervention training was in date, with one deliberate exception for the manager to find."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from carehome_desk.demo import DemoOptions, build_demo
from carehome_desk.models.dates import UK
from carehome_desk.models.staff_incidents import restraint_course, staff_incident_lines
from carehome_desk.store import Store


@pytest.mark.parametrize(("seed", "today"), [(3, date(2026, 11, 22)), (2015, date(2025, 2, 28))])
def test_demo_links_only_employed_staff_and_flags_at_most_one_restraint(tmp_path: Path, seed: int,
                                                                        today: date) -> None:
    path = build_demo(tmp_path / "demo.sqlite3", DemoOptions(scale=1, seed=seed, today=today))
    with Store.open(path) as store:
        (home,) = store.homes.list()
        members = store.staff.list(home.id, include_archived=True)
        course = restraint_course(store.workforce.courses())
        outside = []
        flagged = []
        for member in members:
            incidents = store.incidents.for_staff(member.id)
            for incident in incidents:
                day = incident.occurred_at.astimezone(UK).date()
                if day < member.start_date or (member.leaving_date is not None and day > member.leaving_date):
                    outside.append((member.full_name, day))
            lines = staff_incident_lines(member, incidents, store.workforce.training_for(member.id), course)
            flagged += [(member.full_name, line.role, line.flag) for line in lines if line.flag]
        assert store.incidents.list(home.id)
        assert outside == []
        assert len(flagged) <= 1, flagged
