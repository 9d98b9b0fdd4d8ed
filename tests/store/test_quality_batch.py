"""Quality records saved together in one transaction (the import's path), and archived records read back."""

from __future__ import annotations

from datetime import date

import pytest

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.home import Grade, Judgement
from carehome_desk.models.quality import Finding, Inspection, InspectionKind, Reg44Visit, Reg45Review
from carehome_desk.store import Store, ValidationError
from tests.conftest import oak_lodge


def test_a_batch_saves_everything_with_its_actions_and_the_homes_last_inspection(store: Store) -> None:
    home, _ = store.homes.add(oak_lodge())
    audit_before = len(store.audit.entries())
    with store.quality.batch() as batch:
        batch.save_visit(Reg44Visit(home.id, "Margaret Ellis", date(2026, 10, 5), recommendations=("Fix the rota",)),
                         owner="Priya")
        batch.save_review(Reg45Review(home.id, date(2026, 4, 1), date(2026, 9, 30), date(2026, 10, 10)))
        batch.save_inspection(Inspection(home.id, date(2026, 10, 20), InspectionKind.FULL,
                                         {Judgement.OVERALL: Grade.GOOD},
                                         findings=(Finding("Supervise monthly", True, "Reg 33(4)(b)"),)),
                              owner="Priya")
    assert batch.changes == Changes.of(Register.QUALITY, Register.HOMES)
    assert [a.title for a in store.quality.actions(home.id)] == ["Fix the rota", "Supervise monthly"]
    after = store.homes.get(home.id)
    assert after.last_inspection_date == date(2026, 10, 20)
    assert after.last_inspection_grades == {Judgement.OVERALL: Grade.GOOD}
    # visit, action, review, inspection, action, home: every write audited
    assert len(store.audit.entries()) == audit_before + 6


def test_a_bad_record_late_in_a_batch_rolls_back_the_ones_before_it(store: Store) -> None:
    home, _ = store.homes.add(oak_lodge())
    audit_before = len(store.audit.entries())
    with pytest.raises(ValidationError), store.quality.batch() as batch:
        batch.save_visit(Reg44Visit(home.id, "Margaret Ellis", date(2026, 10, 5), recommendations=("A",)),
                         owner="Priya")
        batch.save_inspection(Inspection(home.id, date(2026, 10, 20), findings=(Finding("No reg", True),)))
    assert store.quality.visits(home.id) == [] and store.quality.actions(home.id) == []
    assert len(store.audit.entries()) == audit_before


def test_archived_records_are_read_back_with_their_reason(store: Store) -> None:
    home, _ = store.homes.add(oak_lodge())
    visit, _ = store.quality.save_visit(Reg44Visit(home.id, "Margaret Ellis", date(2026, 10, 5)))
    store.quality.save_visit(Reg44Visit(home.id, "Margaret Ellis", date(2026, 11, 5)))
    store.quality.archive("reg44_visits", int(visit.id), "Typed for the wrong home")
    archived = store.quality.archived(home.id)
    assert archived.visits == [(visit, "Typed for the wrong home")]
    assert archived.reviews == [] and archived.inspections == []
    assert [v.visited_on for v in store.quality.visits(home.id)] == [date(2026, 11, 5)]
