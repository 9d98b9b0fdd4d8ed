"""Staff at 150% display scaling on a 1366×768 laptop (a window about 911 px wide in Qt's pixels): the list
and the record take the whole width in turn, so what is overdue stays in view; wider windows keep both side by side."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.workforce.staff_page import StaffPage
from carehome_desk.ui.workforce.staff_table_model import NEEDS_ACTION_HEADING, column_index

PEOPLE = ("Oluwaseun Adebayo-Fitzgerald", "Naomi Whitfield", "Jo Li")


def staff_at(qtbot, window: MainWindow, store: Store, width: int, height: int) -> StaffPage:  # type: ignore[no-untyped-def]
    (home,) = store.homes.list()
    for name in PEOPLE:
        store.staff.add(home.id, StaffDetails(full_name=name, role=StaffRole.RESIDENTIAL_WORKER,
                                              start_date=date(2024, 3, 1)))
    window.resize(width, height)
    page = window.staff_page
    assert isinstance(page, StaffPage)
    window.nav.setCurrentRow(window.pages.index(page))
    qtbot.wait_until(lambda: page.model.rowCount() == len(PEOPLE))
    return page


def in_view(page: StaffPage, column: int) -> bool:
    header = page.table.horizontalHeader()
    return (page.table.isVisible()
            and header.sectionViewportPosition(column) + header.sectionSize(column) <= page.table.viewport().width())


def test_a_narrow_window_shows_the_list_whole_then_the_record_across_the_width(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                              home_store: Store) -> None:
    page = staff_at(qtbot, window, home_store, 911, 600)
    qtbot.wait_until(lambda: page.narrow)
    needs = column_index(NEEDS_ACTION_HEADING)
    # The list alone: Name, Role and what is overdue in view; the filters below the filter box, nothing cut off.
    assert not page.record_side.isVisible()
    qtbot.wait_until(lambda: in_view(page, needs))
    qtbot.wait_until(lambda: page.filter.width() >= 250)  # the layout settles on the next turn
    assert page.count.width() >= page.count.sizeHint().width()
    # Enter opens the highlighted person across the width, the keyboard in their record.
    page.table.setFocus()
    page.table.setCurrentIndex(page.proxy.index(1, 0))
    shown = page.proxy.index(1, 0).data()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.record_side.isVisible() and not page.table.isVisible()
    assert page.panel.heading.text() == shown
    assert page.panel.isAncestorOf(window.focusWidget())
    # Back (the button, or Alt+Left) to the list, on the same person.
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert page.table.isVisible() and not page.record_side.isVisible()
    assert page.table.hasFocus() and page.table.currentIndex().data() == shown
    # A click opens a person too; "All staff" goes back.
    rect = page.table.visualRect(page.proxy.index(0, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.record_side.isVisible() and page.back_button.isVisible()
    assert page.panel.isAncestorOf(window.focusWidget())  # not left on the hidden list
    page.back_button.click()
    assert page.table.isVisible()
    # Ctrl+N's empty form is on show, not hidden behind the list.
    page.new_record()
    assert page.record_side.isVisible() and page.panel.details.is_new


def test_a_person_asked_for_by_name_opens_in_a_narrow_window(qtbot, window: MainWindow, home_store: Store) -> None:  # type: ignore[no-untyped-def]
    page = staff_at(qtbot, window, home_store, 911, 600)
    qtbot.wait_until(lambda: page.narrow)
    member = next(m for m in home_store.staff.list() if m.full_name == "Jo Li")
    assert page.show_person(member.id, "training")  # as a dashboard line or an incident's link asks
    assert page.record_side.isVisible() and page.panel.heading.text() == "Jo Li"


def test_wider_windows_keep_the_list_and_the_record_side_by_side(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                 home_store: Store) -> None:
    page = staff_at(qtbot, window, home_store, 911, 600)
    qtbot.wait_until(lambda: page.narrow)
    page.table.setCurrentIndex(page.proxy.index(0, 0))
    for width, height in ((1366, 768), (1920, 1080)):
        window.resize(width, height)
        qtbot.wait_until(lambda: not page.narrow)
        assert page.table.isVisible() and page.record_side.isVisible() and not page.back_button.isVisible()
        assert page.toolbar.indexOf(page.count) >= 0 and page.narrow_row.count() == 0  # one toolbar row again
        assert in_view(page, column_index(NEEDS_ACTION_HEADING))


def test_ctrl_f_on_a_record_brings_the_list_back_with_the_keyboard_in_its_filter(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                                 home_store: Store) -> None:
    page = staff_at(qtbot, window, home_store, 911, 600)
    qtbot.wait_until(lambda: page.narrow)
    page.table.setFocus()
    page.table.setCurrentIndex(page.proxy.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.record_side.isVisible() and page.panel.isAncestorOf(window.focusWidget())
    # Ctrl+F from the record: the list back in view (as "◀ All staff" brings it), the keyboard in its filter,
    # and what is typed there seen filtering the list.
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.table.isVisible() and not page.record_side.isVisible()
    assert page.filter.isVisible() and page.filter.hasFocus()
    qtbot.keyClicks(window.focusWidget(), "Whit")
    assert page.filter.text() == "Whit" and page.proxy.rowCount() == 1
    assert page.proxy.index(0, 0).data() == "Naomi Whitfield"
