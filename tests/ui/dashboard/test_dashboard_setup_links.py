"""Getting started: each button is named for its line and lands on the page and tab where that step is done."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from carehome_desk.models.children import ChildDetails
from carehome_desk.models.quality import Inspection
from carehome_desk.models.staff import StaffRole
from carehome_desk.store import Store
from carehome_desk.ui.dashboard.dashboard_page import DashboardPage
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.quality.quality_page import QualityPage
from carehome_desk.ui.widgets.page import PageId
from carehome_desk.ui.workforce.staff_page import StaffPage
from tests.ui.dashboard.test_dashboard_page import loaded


def _never_inspected(qtbot, store: Store, window: MainWindow) -> DashboardPage:  # type: ignore[no-untyped-def]
    """The dashboard of a home with no inspection recorded, so every link on the list is offered."""
    (home,) = store.homes.list()
    _, changes = store.homes.update(home.id, replace(home.details, last_inspection_date=None,
                                                     last_inspection_grades={}), expect_version=home.version)
    window.broadcast(changes)
    page = loaded(qtbot, window)
    page.reload()
    qtbot.waitUntil(page.up_to_date, timeout=10_000)
    qtbot.waitUntil(page.setup.isVisible, timeout=10_000)
    return page


def _back(window: MainWindow, page: DashboardPage) -> None:
    window.nav.setCurrentRow(window.pages.index(page))


def test_each_button_is_named_for_its_line(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    setup = _never_inspected(qtbot, home_store, window).setup
    words = {key: button.text() for key, button in setup.buttons.items()}
    assert words["manager"] == "Add the manager…"
    assert words["reg44"] == "Reg 44 visits…"
    assert words["inspection"] == "Inspections…"


def test_add_the_manager_opens_a_new_staff_record_as_registered_manager(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, window: MainWindow) -> None:
    setup = _never_inspected(qtbot, home_store, window).setup
    qtbot.mouseClick(setup.buttons["manager"], Qt.MouseButton.LeftButton)
    staff = window.page(PageId.STAFF)
    assert isinstance(staff, StaffPage) and window.current_page() is staff
    details = staff.panel.details
    assert details.is_new and StaffRole(details.role.currentData()) is StaffRole.REGISTERED_MANAGER
    assert not staff.has_unsaved_changes()  # nothing typed yet: leaving asks nothing


def test_reg44_and_inspections_open_their_quality_tabs(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, window: MainWindow) -> None:
    page = _never_inspected(qtbot, home_store, window)
    quality = window.page(PageId.QUALITY)
    assert isinstance(quality, QualityPage)
    qtbot.mouseClick(page.setup.buttons["reg44"], Qt.MouseButton.LeftButton)
    assert window.current_page() is quality and quality.current_tab() is quality.reg44
    _back(window, page)
    qtbot.mouseClick(page.setup.buttons["inspection"], Qt.MouseButton.LeftButton)
    assert window.current_page() is quality and quality.current_tab() is quality.inspections


def test_an_inspection_recorded_where_the_button_lands_ticks_the_line(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, window: MainWindow) -> None:
    page = _never_inspected(qtbot, home_store, window)
    assert page.setup.ticked()["inspection"] is False
    (home,) = home_store.homes.list()
    _, changes = home_store.quality.save_inspection(Inspection(home.id, date(2026, 3, 4)))
    window.broadcast(changes)
    qtbot.waitUntil(lambda: page.setup.ticked().get("inspection") is True, timeout=10_000)


def test_items_read_as_their_words_with_a_box_or_a_tick(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, window: MainWindow) -> None:
    (home,) = home_store.homes.list()
    home_store.children.add(home.id, ChildDetails("C01", "AB", date(2011, 1, 1), date(2026, 11, 1)))
    setup = _never_inspected(qtbot, home_store, window).setup
    labels = {w.text(): w for w in setup.findChildren(QLabel) if setup.grid.indexOf(w) >= 0}
    assert "☐ Staff added" in labels and not any("To do" in text for text in labels)
    assert labels["☐ Staff added"].accessibleName() == "To do: Staff added"
    done = setup.done_line
    assert done.text() == "Done: ✓ Children added"
    assert done.accessibleDescription() == "Done: Children added"
