"""Closing the window, or showing another home, with unsaved edits on two pages: one question names each
page's record, and Save all / Discard all / Cancel deal with every one of them (none is lost unasked)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.workforce.record_training_dialog import RecordTrainingDialog
from tests.conftest import oak_lodge
from tests.ui.boxes import answer_next_box
from tests.ui.incident_data import Home, add_children_and_incidents
from tests.ui.incidents.test_incidents_page import incidents_page, type_in, when
from tests.ui.workforce.test_staff_page import retype, staff_page
from tests.ui.workforce_data import Workforce, add_workforce

STAFF_LINE = "Staff: Sarah Whitfield"
INCIDENT_LINE = "Incidents: Accident or injury — 01/09/2026 16:30"


@pytest.fixture
def records(home_store: Store) -> tuple[Workforce, Home]:
    return add_workforce(home_store), add_children_and_incidents(home_store)


def edit_two_pages(qtbot, window: MainWindow, records: tuple[Workforce, Home]) -> None:  # type: ignore[no-untyped-def]
    """Staff: Sarah Whitfield's hours to 30; Incidents: the accident's location to 'Garden shed'; neither saved."""
    staff, home = records
    page = staff_page(window)
    assert page.show_person(staff.checked)
    retype(qtbot, page.panel.details.hours, "30")
    incidents = incidents_page(window)
    assert incidents.show_incident(home.accident)
    type_in(qtbot, incidents.editor.form.location, "Garden shed")
    assert [p.title for p in window.pages if p.has_unsaved_changes()] == ["Staff", "Incidents"]


def saved_hours(window: MainWindow, records: tuple[Workforce, Home]) -> float | None:
    return window.store.staff.get(records[0].checked).hours_per_week


def saved_location(window: MainWindow, records: tuple[Workforce, Home]) -> str:
    return window.store.incidents.get(records[1].accident).location


def test_cancel_keeps_the_window_open_and_both_edits_on_screen(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                records: tuple[Workforce, Home]) -> None:
    before = (saved_hours(window, records), saved_location(window, records))
    edit_two_pages(qtbot, window, records)
    seen = answer_next_box("Cancel")
    assert not window.close()
    assert len(seen) == 1  # one question, naming both records
    assert STAFF_LINE in seen[0] and INCIDENT_LINE in seen[0] and "2 pages" in seen[0]
    assert window.isVisible()
    assert staff_page(window).panel.details.hours.text() == "30"
    assert incidents_page(window).editor.form.location.text() == "Garden shed"
    assert (saved_hours(window, records), saved_location(window, records)) == before


def test_save_all_saves_both_pages_then_closes(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                               records: tuple[Workforce, Home]) -> None:
    edit_two_pages(qtbot, window, records)
    seen = answer_next_box("Save all")
    assert window.close()
    assert seen and INCIDENT_LINE in seen[0]
    assert saved_hours(window, records) == 30
    assert saved_location(window, records) == "Garden shed"  # the second page's edit is not lost
    assert not any(p.has_unsaved_changes() for p in window.pages)


def test_discard_all_throws_both_away_then_closes(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                  records: tuple[Workforce, Home]) -> None:
    before = (saved_hours(window, records), saved_location(window, records))
    edit_two_pages(qtbot, window, records)
    seen = answer_next_box("Discard all")
    assert window.close()
    assert seen and STAFF_LINE in seen[0]
    assert (saved_hours(window, records), saved_location(window, records)) == before
    assert not any(p.has_unsaved_changes() for p in window.pages)


def test_save_all_stops_at_a_page_that_cannot_be_saved_and_shows_its_problem(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, records: tuple[Workforce, Home]) -> None:
    edit_two_pages(qtbot, window, records)
    incidents = incidents_page(window)
    form = incidents.editor.form
    when(qtbot, form.occurred, "22/11/2026", "11:00")  # after 'now': refused by the store's rules
    staff_page(window)  # the manager is elsewhere when closing
    answer_next_box("Save all")
    assert not window.close()
    assert window.isVisible() and window.current_page() is incidents  # taken to the page to put right
    error = form.common.errors["occurred_at"]
    assert error.isVisible() and "future" in error.text()
    assert saved_hours(window, records) == 30  # the page before it was saved
    assert saved_location(window, records) != "Garden shed"  # this one was not, and its typing is kept
    assert form.location.text() == "Garden shed" and incidents.has_unsaved_changes()
    message = window.statusBar().currentMessage()
    assert message == "Saved Staff. Incidents: not saved — put right what is marked."


def test_one_page_with_edits_is_asked_about_by_its_record(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                          records: tuple[Workforce, Home], monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    page = staff_page(window)
    assert page.show_person(records[0].checked)
    retype(qtbot, page.panel.details.hours, "30")
    asked: list[str] = []

    def cancel(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", cancel)
    assert not window.close()
    assert asked == ["The changes to Sarah Whitfield on the Staff page are not saved yet. Save them now?"]


def test_another_home_is_shown_only_once_both_pages_are_dealt_with(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                   records: tuple[Workforce, Home]) -> None:
    first = window.current_home()
    other, changes = window.store.homes.add(oak_lodge(name="Willow House", urn="SC765432"))
    window.broadcast(changes)
    edit_two_pages(qtbot, window, records)
    seen = answer_next_box("Cancel")
    window.home_combo.setCurrentIndex(window.home_combo.findData(int(other.id)))
    assert seen and STAFF_LINE in seen[0] and INCIDENT_LINE in seen[0]
    assert window.current_home() == first  # Cancel: the selector goes back, the edits stay
    assert incidents_page(window).editor.form.location.text() == "Garden shed"
    assert staff_page(window).panel.details.hours.text() == "30"

    answer_next_box("Save all")
    window.home_combo.setCurrentIndex(window.home_combo.findData(int(other.id)))
    assert window.current_home() == other.id
    assert saved_hours(window, records) == 30 and saved_location(window, records) == "Garden shed"


# ---- Edit › New record (Ctrl+N) ---------------------------------------------------------------

ADDS = {"Staff", "Training", "Children", "Incidents", "Quality"}


def test_new_record_is_offered_only_on_pages_that_add_records(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                              records: tuple[Workforce, Home]) -> None:
    action = window.new_action
    assert action is not None
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        title = window.nav.item(row).text()
        assert action.isEnabled() == (title in ADDS), title
    # A page that adds records says so; the menu item follows what each page can do.
    from carehome_desk.ui.widgets.page import Page
    for page in window.pages:
        assert page.makes_new_records == (type(page).new_record is not Page.new_record), page.title


def test_ctrl_n_does_nothing_where_greyed_and_starts_a_record_where_offered(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                             records: tuple[Workforce, Home]) -> None:
    ctrl = Qt.KeyboardModifier.ControlModifier
    checks = window.nav.findItems("Recruitment checks", Qt.MatchFlag.MatchExactly)[0]
    window.nav.setCurrentItem(checks)
    qtbot.keyClick(window, Qt.Key.Key_N, ctrl)
    assert window.current_page().title == "Recruitment checks" and not window.current_page().has_unsaved_changes()

    page = staff_page(window)
    qtbot.keyClick(window, Qt.Key.Key_N, ctrl)
    assert page.panel.heading.text() == "New member of staff" and page.panel.details.is_new

    training = window.nav.findItems("Training", Qt.MatchFlag.MatchExactly)[0]
    window.nav.setCurrentItem(training)
    qtbot.keyClick(window, Qt.Key.Key_N, ctrl)
    dialog = window.current_page().dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, RecordTrainingDialog) and dialog.isVisible()
    dialog.reject()

    children = window.nav.findItems("Children", Qt.MatchFlag.MatchExactly)[0]
    window.nav.setCurrentItem(children)
    qtbot.keyClick(window, Qt.Key.Key_N, ctrl)
    assert window.current_page().heading.text() == "New child"  # type: ignore[attr-defined]
