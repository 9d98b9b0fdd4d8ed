"""Children named as the app writes them, 'CZ (C08)', on the incidents template: read when both name one child."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from carehome_desk.importing.incidents import import_incidents
from carehome_desk.importing.incidents_sheets import CHILDREN, INCIDENTS
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.ids import HomeId
from carehome_desk.store import Store
from tests.importing.conftest import audit_count, fill


def row(spec: object, **cells: object) -> list[object]:
    """A row by header, so the test does not depend on the columns' order."""
    return [cells.get(c.header) for c in spec.columns]  # type: ignore[attr-defined]


def incident(ref: str, hour: int, children: str) -> list[object]:
    return row(INCIDENTS, **{"Incident ref": ref, "Date": "01/11/2026", "Time": f"{hour:02d}:00", "Type": "Other",
                             "Children": children, "Location": "Lounge", "Summary": f"Incident {ref}."})


CHILD_ROWS = [row(CHILDREN, Reference="C08", Initials="CZ", **{"Date of birth": "01/05/2011",
                                                              "Admission date": "10/01/2025"}),
              row(CHILDREN, Reference="C06", Initials="BX", **{"Date of birth": "03/09/2012",
                                                              "Admission date": "10/02/2025"})]


def stored_child(store: Store, home_id: HomeId) -> None:
    """OK (C04), already on the register before the file is imported."""
    store.children.add(home_id, ChildDetails("C04", "OK", date(2010, 2, 1), date(2024, 6, 1)))


def test_initials_and_reference_together_are_read_as_the_one_child(store: Store, home_id: HomeId,
                                                                   incidents_template: Path) -> None:
    stored_child(store, home_id)
    path = fill(incidents_template, {"Children": CHILD_ROWS, "Incidents": [
        incident("A", 9, "CZ (C08)"),
        incident("B", 10, "C.Z. ( c08 ), BX (C06)"),  # dots, spaces and case aside; two children
        incident("C", 11, "OK (C04)"),  # a child already recorded, not on the Children sheet
        incident("D", 12, "C06"),  # the reference alone, as before
    ]})
    result = import_incidents(store, path, home_id)
    assert result.errors == [] and result.written
    refs = {c.id: c.reference for c in store.children.list(home_id)}
    assert sorted((i.summary, tuple(sorted(refs[c] for c in i.child_ids))) for i in store.incidents.list(home_id)) == [
        ("Incident A.", ("C08",)), ("Incident B.", ("C06", "C08")), ("Incident C.", ("C04",)),
        ("Incident D.", ("C06",))]
    before = audit_count(store)
    again = import_incidents(store, path, home_id)
    assert again.errors == [] and not again.written and again.sheets["Incidents"].unchanged == 4
    assert audit_count(store) == before


def test_initials_and_reference_of_different_children_are_refused_naming_both(store: Store, home_id: HomeId,
                                                                             incidents_template: Path) -> None:
    stored_child(store, home_id)
    path = fill(incidents_template, {"Children": CHILD_ROWS, "Incidents": [
        incident("A", 9, "CZ (C06)"),
        incident("B", 10, "XY (C08)"),
        incident("C", 11, "CZ (C99)"),
        incident("D", 12, "CZ (C08)"),
    ]})
    result = import_incidents(store, path, home_id)
    assert [str(e) for e in result.errors] == [
        "Incidents row 2, column 'Children': 'CZ (C06)': the initials and the reference are of different children: "
        "C06 is BX (C06), and CZ is CZ (C08). Check which child it was and give their reference alone (for example "
        "C08 or C06).",
        "Incidents row 3, column 'Children': 'XY (C08)': C08 is CZ (C08), not XY. Check which child it was and give "
        "their reference alone (for example C08).",
        "Incidents row 4, column 'Children': 'CZ (C99)': no child has the reference C99, on the Children sheet or "
        "already recorded.",
    ]
    assert not result.written and store.incidents.list(home_id) == []
