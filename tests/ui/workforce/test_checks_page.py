"""The recruitment checks page: the vetting summary, its reg 32(7) flag, and the way to a person's checks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from carehome_desk.models.recruitment import CheckKind
from carehome_desk.store import Store
from carehome_desk.ui.workforce.checks_page import ChecksPage
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.workforce.staff_page import StaffPage
from tests.ui.workforce_data import Workforce, add_workforce


@pytest.fixture
def staffed(home_store: Store) -> Workforce:
    return add_workforce(home_store)


def checks_page(window: MainWindow) -> ChecksPage:
    page = next(p for p in window.pages if isinstance(p, ChecksPage))
    window.nav.setCurrentRow(window.pages.index(page))
    assert window.current_page() is page
    return page


def headers(page: ChecksPage) -> list[str]:
    return [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]


def row_of(page: ChecksPage, person: str) -> int:
    return next(r for r in range(page.proxy.rowCount()) if page.proxy.index(r, 0).data() == person)


def test_columns_name_the_schedule_2_paragraph_and_practice_checks(staffed: Workforce, window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page = checks_page(window)
    names = headers(page)
    assert names[:3] == ["Person", "Reg 32(7)", "Started"]
    assert "ID\nSch 2 para 1" in names and "Ref 2\nSch 2 para 3" in names and "History\nSch 2 para 6" in names
    assert "RTW\n(practice)" in names and "Health\n(practice)" in names
    tip = page.model.headerData(names.index("DBS\nSch 2 para 2"), Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "Enhanced DBS certificate" in tip and "Law" in tip
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)


def test_a_missing_reference_shows_missing_and_the_reg_32_7_flag(staffed: Workforce, window: MainWindow) -> None:
    page = checks_page(window)
    names = headers(page)
    people = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert people == ["Bethany Reid", "Marcus Okafor", "Sarah Whitfield"]  # the leaver is not listed
    row = row_of(page, "Marcus Okafor")
    ref2 = page.proxy.index(row, names.index("Ref 2\nSch 2 para 3"))
    assert ref2.data() == "Missing"
    assert ref2.data(Qt.ItemDataRole.BackgroundRole).name().upper() == "#CC79A7"
    flag = page.proxy.index(row, names.index("Reg 32(7)"))
    assert flag.data() == "Flagged"
    assert flag.data(Qt.ItemDataRole.BackgroundRole).name().upper() == "#D55E00"
    assert "Ref 2" in flag.data(Qt.ItemDataRole.ToolTipRole)
    assert page.proxy.index(row, names.index("ID\nSch 2 para 1")).data().startswith("✓ ")
    assert page.proxy.index(row_of(page, "Sarah Whitfield"), names.index("Reg 32(7)")).data() == "Clear"
    assert page.flags.isVisible() and "Marcus Okafor is working before every Schedule 2 check" in page.flags.text()
    page.only_gaps.setChecked(True)
    assert page.proxy.rowCount() == 1
    assert page.count.text() == "3 people · 1 with a check missing · 1 shown: 1 with a check missing"


def test_not_applicable_shows_na(staffed: Workforce, window: MainWindow) -> None:
    from carehome_desk.models.recruitment import RecruitmentCheck

    window.store.workforce.save_check(RecruitmentCheck(staffed.cook, CheckKind.REASON_FOR_LEAVING, not_applicable=True,
                                                       note="No earlier work with children"))
    page = checks_page(window)
    assert page.proxy.index(row_of(page, "Bethany Reid"), headers(page).index("Leaving\nSch 2 para 4")).data() == "N/A"


def test_double_click_opens_the_persons_checks_tab(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = checks_page(window)
    index = page.proxy.index(row_of(page, "Marcus Okafor"), 5)
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # QTest needs the
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # first press too
    staff = window.current_page()
    assert isinstance(staff, StaffPage)
    assert staff.selected_row().member.id == staffed.new_starter
    assert staff.panel.tabs.currentWidget() is staff.panel.checks
    assert staff.panel.checks.flag.isVisible()


def test_enter_on_a_row_does_the_same_and_saving_a_check_updates_the_summary(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = checks_page(window)
    page.table.setFocus()
    page.table.setCurrentIndex(page.proxy.index(row_of(page, "Marcus Okafor"), 3))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    staff = window.current_page()
    assert isinstance(staff, StaffPage)
    row = staff.panel.checks.rows[CheckKind.REFERENCE_SECOND]
    row.done.setChecked(True)
    row.date.line.setText("21/11/2026")
    row.verified_by.setText("Priya Fairbairn")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        assert staff.save()
    page = checks_page(window)
    assert page.proxy.index(row_of(page, "Marcus Okafor"), headers(page).index("Reg 32(7)")).data() == "Clear"
    assert not page.flags.isVisible()
