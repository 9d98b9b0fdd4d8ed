"""A planned admission entered ahead: on the register as arriving, not counted as living here; references clash
whatever the capitals."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from carehome_desk.models.incidents import IncidentType
from carehome_desk.store import Store
from carehome_desk.ui.children.children_page import ChildrenPage
from carehome_desk.ui.incidents.incidents_page import IncidentsPage
from carehome_desk.ui.main_window import MainWindow
from tests.ui.incident_data import Home, add_children_and_incidents


@pytest.fixture
def home(home_store: Store) -> Home:
    return add_children_and_incidents(home_store)


def children_page(window: MainWindow) -> ChildrenPage:
    page = next(p for p in window.pages if isinstance(p, ChildrenPage))
    window.nav.setCurrentRow(window.pages.index(page))
    return page


def column(page: ChildrenPage, header: str) -> list[str]:
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    c = headers.index(header)
    return [page.proxy.index(r, c).data() for r in range(page.proxy.rowCount())]


def type_new_child(qtbot, window: MainWindow, reference: str, admitted: str, emergency: bool = False) -> ChildrenPage:  # type: ignore[no-untyped-def]
    page = children_page(window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = page.form
    qtbot.keyClicks(form.reference, reference)
    qtbot.keyClicks(form.initials, "GH")
    qtbot.keyClicks(form.date_of_birth.line, "12/12/2012")
    qtbot.keyClicks(form.admission_date.line, admitted)
    form.admission_planned.setCurrentIndex(1 if emergency else 0)
    qtbot.keyClicks(form.placing_authority, "Wellcombe County Council")
    qtbot.keyClick(form.placing_authority, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    return page


def test_a_planned_admission_next_week_is_arriving_and_not_living_here(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = children_page(window)
    assert page.count.text().startswith("2 living here")
    page = type_new_child(qtbot, window, "C04", "30/11/2026")
    child = next(c for c in window.store.children.list() if c.reference == "C04")
    assert child.admission_date == date(2026, 11, 30)
    assert window.statusBar().currentMessage() == "Saved the register entry for GH (C04)."
    assert page.count.text() == "2 living here · 1 arriving 30/11/2026 · 1 has left, not shown"
    assert column(page, "Reference") == ["C01", "C03", "C04"]  # listed, though not living here yet
    assert column(page, "Admitted")[-1] == "arriving 30/11/2026"
    assert page.subheading.text().startswith("Age 13 · arriving 30/11/2026 (planned)")

    incidents = next(p for p in window.pages if isinstance(p, IncidentsPage))
    window.nav.setCurrentRow(window.pages.index(incidents))
    incidents.ensure_loaded()
    choices = [incidents.filters.child_filter.itemText(i) for i in range(incidents.filters.child_filter.count())]
    assert "GH (C04) (arriving 30/11/2026)" in choices  # not "(left)"
    incidents.start_new(IncidentType.ACCIDENT)
    form = incidents.editor.form
    assert [form.child_list.item(r).text() for r in range(form.child_list.count())] == ["AB (C01)", "EF (C03)"]


def test_an_emergency_admission_cannot_be_in_the_future(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = type_new_child(qtbot, window, "C04", "30/11/2026", emergency=True)
    assert page.form.placement.errors["admission_date"].text().startswith(
        "⚠ The admission date is in the future: an emergency admission is recorded once the child has arrived")
    assert all(c.reference != "C04" for c in window.store.children.list())


def test_a_reference_in_other_capitals_is_refused_at_the_field(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = type_new_child(qtbot, window, "c01", "20/11/2026")
    assert page.form.form.errors["reference"].text() == (
        "⚠ Another child, AB, already has the reference C01: capitals and spaces do not make a reference different.")
    assert sorted(c.reference for c in window.store.children.list(include_archived=True)) == ["C01", "C02", "C03"]
