"""Incidents at 150% display scaling on a 1366×768 laptop (a window about 911×512 in Qt's pixels, the demo
banner on): the log and the incident take the whole page in turn, as Staff does when narrow, so the incident is
not squeezed into one form row below the log; 1366×768 and 1920×1080 at 100% keep the log above the incident."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from carehome_desk.models.incidents import IncidentType
from carehome_desk.store import Store
from carehome_desk.ui.incidents.incidents_page import LOG_ROWS, IncidentsPage
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.widgets.screen_fit import FRAME, WANTED_MINIMUM, fitted_minimum
from tests.ui.incident_data import Home, add_children_and_incidents


@pytest.fixture
def home(home_store: Store) -> Home:
    return add_children_and_incidents(home_store)


def incidents_at(qtbot, window: MainWindow, width: int, height: int) -> IncidentsPage:  # type: ignore[no-untyped-def]
    """The window on a screen of ``width``×``height`` (Qt's pixels), as large as its free area allows."""
    window.demo_banner.show()  # two lines on a laptop at 150%, as on the demo home
    free = QRect(0, 0, width, height)
    window.setMinimumSize(fitted_minimum(free))  # what the window does on such a screen (offscreen, Qt's own)
    window.resize(window.minimumSize().expandedTo(QSize(width, height) - FRAME))
    page = next(p for p in window.pages if isinstance(p, IncidentsPage))
    window.nav.setCurrentRow(window.pages.index(page))
    qtbot.wait_until(lambda: page.model.rowCount() == 4 and page.isVisible())
    return page


def row_of(page: IncidentsPage, incident_id: int) -> int:
    return page.proxy.mapFromSource(page.model.index(page.model.row_of(incident_id), 0)).row()


def test_a_short_window_shows_the_log_then_the_incident_across_the_page(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                       home: Home) -> None:
    page = incidents_at(qtbot, window, 911, 512)
    qtbot.wait_until(lambda: page.narrow)
    assert page.table.isVisible() and not page.record_side.isVisible()
    # Enter opens the highlighted incident in place of the log, the keyboard in its form.
    page.table.setFocus()
    page.table.setCurrentIndex(page.proxy.index(row_of(page, home.accident), 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.record_side.isVisible() and not page.table.isVisible() and page.back_button.isVisible()
    assert not page.filters.isVisible()  # the log's filters go with it: the record gets their rows
    assert page.editor.incident is not None and page.editor.incident.id == home.accident
    assert page.editor.isAncestorOf(window.focusWidget())
    # The whole height the log and the incident shared: not the row or two left below the log.
    qtbot.wait_until(lambda: page.record_side.height() >= page.splitter.height() - 2)
    # Alt+Left: back to the log, on the same incident.
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert page.table.isVisible() and not page.record_side.isVisible()
    assert page.table.hasFocus() and page.table.currentIndex().row() == row_of(page, home.accident)
    # A click opens an incident too, "◀ All incidents" goes back.
    rect = page.table.visualRect(page.proxy.index(row_of(page, home.police), 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.record_side.isVisible() and page.editor.incident is not None and page.editor.incident.id == home.police
    assert page.editor.isAncestorOf(window.focusWidget())  # not left on the hidden log
    assert page.back_button.text() == "◀ All incidents"
    page.back_button.click()
    assert page.table.isVisible() and not page.record_side.isVisible() and page.filters.isVisible()


def test_edits_survive_going_back_to_the_log(qtbot, window: MainWindow, home: Home,  # type: ignore[no-untyped-def]
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    page = incidents_at(qtbot, window, 911, 512)
    qtbot.wait_until(lambda: page.narrow)
    page.table.setFocus()
    page.table.setCurrentIndex(page.proxy.index(row_of(page, home.accident), 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    page.editor.form.summary.setPlainText("Fell off a bike on the drive; grazed knee, cleaned and dressed.")
    page.show_list()
    assert page.has_unsaved_changes()  # still there behind the log
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # the same incident again: the typing is as left
    assert page.editor.form.summary.toPlainText().startswith("Fell off a bike on the drive")
    page.show_list()
    asked: list[str] = []

    def cancel(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", cancel)
    page.table.setCurrentIndex(page.proxy.index(row_of(page, home.police), 0))  # moving on asks first
    assert len(asked) == 1 and "not saved yet" in asked[0]
    assert page.table.currentIndex().row() == row_of(page, home.accident)  # Cancel: stays on the incident
    assert page.editor.form.summary.toPlainText().startswith("Fell off a bike on the drive")


def test_an_incident_asked_for_elsewhere_or_a_new_one_opens_across_the_page(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                           home: Home,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    page = incidents_at(qtbot, window, 911, 512)
    qtbot.wait_until(lambda: page.narrow)
    assert page.show_record(int(home.police))  # as a dashboard line asks
    assert page.record_side.isVisible() and not page.table.isVisible()
    assert page.editor.incident is not None and page.editor.incident.id == home.police
    page.show_list()
    page.table.setFocus()
    page.start_new(IncidentType.ACCIDENT)  # Ctrl+N, once the type is chosen
    assert page.record_side.isVisible() and page.editor.is_new
    assert page.editor.isAncestorOf(window.focusWidget())
    page.discard()
    # An incident archived from its record: back to the log, not an empty page with "◀ All incidents".
    assert page.show_record(int(home.accident))
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args, **_kwargs: ("Entered twice", True))
    assert page.archive_shown()
    assert page.table.isVisible() and not page.record_side.isVisible()
    assert page.model.row_of(int(home.accident)) < 0


def test_a_laptop_or_desktop_screen_keeps_the_log_above_the_incident(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                     home: Home) -> None:
    page = incidents_at(qtbot, window, 911, 512)
    qtbot.wait_until(lambda: page.narrow)
    page.table.setCurrentIndex(page.proxy.index(0, 0))
    window.setMinimumSize(WANTED_MINIMUM)
    for width, height in ((1366, 720), (1366, 768), (1920, 1080)):  # 720: under a Windows taskbar
        window.resize(QSize(width, height) - FRAME)
        qtbot.wait_until(lambda: not page.narrow)
        assert page.table.isVisible() and page.record_side.isVisible() and not page.back_button.isVisible()
        assert page.filters.isVisible()
        assert page.detail_stack.currentIndex() == 1  # the selected incident below the log
        row = page.table.rowHeight(0)
        qtbot.wait_until(lambda: page.table.viewport().height() >= LOG_ROWS * row)
        # A click selects, it does not hide the log; Enter puts the keyboard in the form beside it.
        rect = page.table.visualRect(page.proxy.index(1, 0))
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert page.table.isVisible() and page.record_side.isVisible()
        page.table.setFocus()
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
        assert page.table.isVisible() and page.editor.isAncestorOf(window.focusWidget())


def test_ctrl_f_on_an_incident_brings_the_log_back_with_the_keyboard_in_its_filter(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                                   home: Home) -> None:
    page = incidents_at(qtbot, window, 911, 512)
    qtbot.wait_until(lambda: page.narrow)
    page.table.setFocus()
    page.table.setCurrentIndex(page.proxy.index(row_of(page, home.police), 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.record_side.isVisible() and page.editor.isAncestorOf(window.focusWidget())
    # Ctrl+F from the incident's form: the log back in view (as "◀ All incidents" brings it), the keyboard in its
    # filter, and what is typed there seen filtering the log.
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.table.isVisible() and page.filters.isVisible() and not page.record_side.isVisible()
    assert page.filter.isVisible() and page.filter.hasFocus()
    qtbot.keyClicks(window.focusWidget(), "police")
    assert page.filter.text() == "police" and page.proxy.rowCount() == 1
    assert page.table.currentIndex().row() == row_of(page, home.police)  # still on the incident it was on
