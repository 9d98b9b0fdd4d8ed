"""An incidents import finds a child by reference whatever the capitals, and refuses one two stored children share."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from carehome_desk.importing.incidents import import_incidents
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.ids import HomeId
from carehome_desk.store import Store
from carehome_desk.store.rows import to_row
from carehome_desk.store.schema import children
from tests.importing.conftest import fill

ROW = ["c-031 ", "AB", "01/05/2011", "10/01/2025", "Northmoor County Council", "Section 31 (care order)", "✓"]
INCIDENT = ["R1", "12/07/2026", "23:30", "Accident", "c-031", "Garden", "Fell off a bike."]


def test_a_reference_in_other_capitals_is_the_child_already_recorded(store: Store, home_id: HomeId,
                                                                    incidents_template: Path) -> None:
    child, _ = store.children.add(home_id, ChildDetails("C-031", "AB", date(2011, 5, 1), date(2025, 1, 10)))
    result = import_incidents(store, fill(incidents_template, {"Children": [ROW], "Incidents": [INCIDENT]}), home_id)
    assert result.errors == []
    (only,) = store.children.list(home_id)
    assert only.id == child.id and only.reference == "C-031"  # matched and kept as written, not added again
    (incident,) = store.incidents.list(home_id)
    assert incident.child_ids == (child.id,)


def test_a_reference_two_stored_children_share_in_other_capitals_is_refused(store: Store, home_id: HomeId,
                                                                           incidents_template: Path) -> None:
    store.children.add(home_id, ChildDetails("C-031", "AB", date(2011, 5, 1), date(2025, 1, 10)))
    with store.write() as w:  # as saved before references were compared whatever the capitals
        w.insert(children, {**to_row(ChildDetails("c-031", "ZZ", date(2011, 5, 1), date(2025, 1, 10)), skip=()),
                            "home_id": home_id, "version": 1, "archive_reason": ""})
    before = len(store.audit.entries())
    result = import_incidents(store, fill(incidents_template, {"Children": [ROW], "Incidents": [INCIDENT]}), home_id)
    assert [str(e) for e in result.errors] == [
        "Children row 2, column 'Reference': the children's register has both C-031 and c-031, so this row cannot "
        "say which child it means: give one of them another reference on the Children page first.",
        "Incidents row 2, column 'Children': 'c-031': the Children sheet's row 2 for them could not be imported."]
    assert len(store.audit.entries()) == before and store.incidents.list(home_id) == []
