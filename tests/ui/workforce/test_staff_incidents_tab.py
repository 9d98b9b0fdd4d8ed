"""The staff record's Incidents tab: the person's incidents beside their physical intervention training."""

from __future__ import annotations

from datetime import date

from carehome_desk.models.children import ChildDetails
from carehome_desk.models.incidents import IncidentDetails, IncidentType, RestraintDetails
from carehome_desk.models.training import TrainingRecord
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.workforce.staff_incidents_tab import FLAG_COLOUR, NONE_YET
from carehome_desk.ui.workforce.staff_page import StaffPage
from tests.ui.incident_data import uk
from tests.ui.workforce_data import add_workforce


def test_the_incidents_tab_lists_a_restraint_and_flags_expired_training(qtbot, home_store: Store, window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    staffed = add_workforce(home_store)
    course = staffed.course(home_store, "Physical intervention and de-escalation")
    person = staffed.checked
    home_store.workforce.add_training(TrainingRecord(person, course.id, date(2025, 3, 1)))  # expired 01/03/2026
    child, _ = home_store.children.add(staffed.home_id, ChildDetails("C01", "AB", date(2011, 3, 4), date(2025, 1, 10)))
    name = home_store.staff.get(person).full_name
    add = home_store.incidents.add
    old, _ = add(staffed.home_id, IncidentDetails(IncidentType.RESTRAINT, uk("10/02/2026", "09:00"), (child.id,), "a",
                                                  staff_ids=(person,), details=RestraintDetails(used_by=name)))
    new, _ = add(staffed.home_id, IncidentDetails(IncidentType.RESTRAINT, uk("20/11/2026", "09:00"), (child.id,), "b",
                                                  staff_ids=(person,), details=RestraintDetails(others_present=name)))
    add(staffed.home_id, IncidentDetails(IncidentType.ACCIDENT, uk("21/11/2026", "09:00"), (child.id,), "not theirs"))
    page = window.staff_page
    window.nav.setCurrentRow(window.pages.index(page))
    assert isinstance(page, StaffPage) and page.show_person(person, "incidents")
    tab = page.panel.incidents
    assert page.panel.tabs.currentWidget() is tab
    qtmodeltester.check(tab.lines)
    rows = [[tab.lines.index(r, c).data() for c in range(tab.lines.columnCount())] for r in range(tab.lines.rowCount())]
    assert rows == [
        ["20/11/2026 09:00", "Restraint / measure of control", "Training expired 01/03/2026", "AB (C01)", "Present"],
        ["10/02/2026 09:00", "Restraint / measure of control", "In date", "AB (C01)", "Used the measure"],
    ]
    assert tab.lines.record(0).incident.id == new.id and tab.lines.record(1).incident.id == old.id
    assert tab.training.text().startswith("Physical intervention and de-escalation · Overdue")
    assert "1 while their training had run out" in tab.summary.text()
    # Enter on a row opens it on the Incidents page.
    tab.table.setCurrentIndex(tab.lines.index(1, 0))
    tab.table.activated.emit(tab.lines.index(1, 0))
    assert window.current_page() is window.incidents_page
    assert window.incidents_page.editor.incident is not None and window.incidents_page.editor.incident.id == old.id
    _ = FLAG_COLOUR


def test_a_person_in_no_incident_is_told_so(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    staffed = add_workforce(home_store)
    page = window.staff_page
    window.nav.setCurrentRow(window.pages.index(page))
    assert isinstance(page, StaffPage) and page.show_person(staffed.checked, "incidents")
    assert page.panel.incidents.summary.text() == NONE_YET
