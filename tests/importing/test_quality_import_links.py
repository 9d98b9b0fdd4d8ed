"""Importing a visit whose recommendation was corrected keeps its one action, as the Quality page does."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from carehome_desk.importing.quality import import_quality, write_quality_template
from carehome_desk.models.ids import HomeId
from carehome_desk.models.quality import ActionStatus, Reg44Visit
from carehome_desk.models.recommendations import recommendation_actions
from carehome_desk.store import Store
from tests.importing.conftest import fill

FIRE, ROOM = "Check the fire log weekly", "Talk to AC about her room"


def test_a_corrected_line_keeps_its_action_and_a_removed_lines_action_stays_open(store: Store, home_id: HomeId,
                                                                                 tmp_path: Path) -> None:
    visit, _ = store.quality.save_visit(Reg44Visit(home_id, "Margaret Ellis", date(2026, 10, 5),
                                                   recommendations=(FIRE, ROOM)), owner="Priya Fairbairn")
    template = tmp_path / "quality.xlsx"
    write_quality_template(template)
    path = fill(template, {"Reg 44 visits": [["Margaret Ellis", "05/10/2026", None, None, None, None,
                                              "Check the fire log every week"]]})
    dry = import_quality(store, path, home_id, dry_run=True)
    assert not any("raised open" in note for note in dry.notes)  # nothing new would be raised
    result = import_quality(store, path, home_id)
    assert result.errors == [] and result.written
    actions = store.quality.actions(home_id)
    assert [(a.title, a.status, a.recommendation_no) for a in actions] == [
        (FIRE, ActionStatus.OPEN, 1), (ROOM, ActionStatus.OPEN, None)]
    (saved,) = store.quality.visits(home_id)
    assert [(t, a.title if a else None) for t, a in recommendation_actions(saved, actions)] == [
        ("Check the fire log every week", FIRE)]
    assert actions[1].note.endswith("this action was kept open.")
