"""Home settings → Records past their retention period (issue 15 part 6)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from carehome_desk.store import Store
from carehome_desk.ui.settings.home_page import HomePage
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.settings.retention_box import RetentionBox
from carehome_desk.ui.widgets.page import PageId
from tests.retention_data import EXPECTED, add_old_records


def show_home_settings(window: MainWindow) -> RetentionBox:
    page = window.page(PageId.HOME_SETTINGS)
    assert isinstance(page, HomePage)
    window.nav.setCurrentRow(window.pages.index(page))
    return page.retention


def test_the_section_counts_and_lists_records_past_retention_with_why_and_since(
        qtbot, qtmodeltester, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    home = home_store.homes.list()[0]
    add_old_records(home_store, home.id)
    box = show_home_settings(window)
    box.reload()
    qtmodeltester.check(box.model)
    assert box.count.text() == "7 records past the retention period: review each; nothing is deleted."
    assert box.table.isVisible()
    shown = [[box.proxy.index(row, col).data() for col in range(4)] for row in range(box.proxy.rowCount())]
    assert [row[2] for row in shown] == [since.strftime("%d/%m/%Y") for _, _, since, _ in EXPECTED]
    assert shown[1][0] == "Children: C-1960 (AB), born 10/05/1948, left 31/07/1964"
    assert "75 years from the date of birth (Reg 36(2)–(5)" in shown[1][1] and shown[1][3] == "Law"
    assert shown[0][3] == "Provider policy"
    # Sorting by the record keeps every row (and nothing is ever deleted from here).
    box.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert box.proxy.rowCount() == 7


def test_a_longer_personnel_policy_takes_a_leaver_off_the_list(
        qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    home = home_store.homes.list()[0]
    add_old_records(home_store, home.id)
    box = show_home_settings(window)
    box.reload()
    page = window.page(PageId.HOME_SETTINGS)
    assert isinstance(page, HomePage)
    page.policy.spins["personnel_file_years"].setValue(10)
    assert page.policy.save()
    assert box.count.text().startswith("6 records")  # Moira Keane left in 2019: kept until 2029 now
    assert "Moira Keane" not in " ".join(box.model.record(r).record for r in range(box.model.rowCount()))


def test_a_home_with_nothing_past_retention_says_so(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    box = show_home_settings(window)
    assert box.count.text() == "No record of this home is past its retention period."
    assert not box.table.isVisible()
