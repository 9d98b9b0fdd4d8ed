"""The shell: navigation, home selector, change broadcasts, geometry, unsaved-changes guard."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import Store
from carehome_desk.ui.history.history_page import HistoryPage
from carehome_desk.ui.settings.home_page import HomePage
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.workforce.staff_page import StaffPage
from tests.conftest import oak_lodge


def home_page(window: MainWindow) -> HomePage:
    """The Home settings page, opened (pages read their records when first shown)."""
    page = next(page for page in window.pages if isinstance(page, HomePage))
    window.nav.setCurrentRow(window.pages.index(page))
    return page


def test_navigation_lists_only_working_pages(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == ["Dashboard", "Staff", "Training", "Recruitment checks", "Children", "Incidents", "Quality",
                      "Evidence pack", "Home settings", "Change history"]
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)  # Ctrl+number follows the list
    assert isinstance(window.current_page(), HomePage)
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)  # the tenth page
    assert isinstance(window.current_page(), HistoryPage)
    assert window.windowTitle() == "carehome-desk"
    assert not window.demo_banner.isVisible()


def test_home_selector_appears_with_a_second_home(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert not window.home_combo.isVisible()
    home, changes = window.store.homes.add(oak_lodge(name="Willow House", urn="SC765432"))
    window.broadcast(changes)
    assert window.home_combo.isVisible() and window.home_combo.count() == 2
    window.select_home(home.id)
    assert home_page(window).heading.text() == "Willow House"


def test_history_page_shows_new_changes_and_filters(qtbot, window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    history = next(page for page in window.pages if isinstance(page, HistoryPage))
    window.nav.setCurrentRow(window.pages.index(history))
    before = history.proxy.rowCount()
    assert before == len(window.store.audit.entries())
    _, changes = window.store.homes.add(oak_lodge(name="Willow House", urn="SC765432"))
    window.broadcast(changes)
    assert history.proxy.rowCount() == before + 1
    qtmodeltester.check(history.model)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert history.filter.hasFocus()
    qtbot.keyClicks(history.filter, "willow house")
    assert history.proxy.rowCount() == 1
    history.table.selectRow(0)
    assert "Willow House" in history.details.toPlainText()


def test_hidden_pages_read_nothing_until_shown_then_catch_up(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    staff = next(page for page in window.pages if isinstance(page, StaffPage))
    window.show()
    assert window.current_page() is not staff and staff._reloads == 0  # the window opened without reading it
    member, changes = window.store.staff.add(window.current_home(), StaffDetails(
        "Priya Shah", StaffRole.RESIDENTIAL_WORKER, date(2026, 1, 5)))
    window.broadcast(changes)
    assert staff._reloads == 0  # a write elsewhere marks it, it does not read it
    window.nav.setCurrentRow(window.pages.index(staff))
    assert staff._reloads == 1 and staff.model.row_of(int(member.id)) >= 0
    window.broadcast(changes)  # on show, a change is read at once
    assert staff._reloads == 2


def test_geometry_and_page_are_remembered(qtbot, home_store: Store, qsettings: QSettings) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(home_store, qsettings)
    qtbot.addWidget(first)
    first.show()
    first.setGeometry(QRect(40, 50, 1000, 700))
    first.nav.setCurrentRow(1)
    first.close()
    second = MainWindow(home_store, qsettings)
    qtbot.addWidget(second)
    assert second.size().width() == 1000 and second.size().height() == 700
    assert second.nav.currentRow() == 1


def test_closing_with_unsaved_edits_asks_and_cancel_keeps_them(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = home_page(window)
    page.name.setText("Unsaved Name")
    asked: list[str] = []

    def answer(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    assert not window.close()
    assert asked and "not saved" in asked[0]
    assert page.name.text() == "Unsaved Name"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    assert window.close()
    assert window.store.homes.list()[0].name == "Unsaved Name"
