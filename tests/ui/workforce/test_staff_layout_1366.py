"""At 1366×768 the Staff list shows Name and Role in full, and a person's training rules are readable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.workforce.staff_page import StaffPage
from tests.conftest import FIXED_NOW

LONG_NAME = "Oluwaseun Adebayo-Fitzgerald"


def laptop(qtbot, window: MainWindow, store: Store, name: str = LONG_NAME) -> StaffPage:  # type: ignore[no-untyped-def]
    (home,) = store.homes.list()
    started = FIXED_NOW.date().replace(year=2024)
    store.staff.add(home.id, StaffDetails(full_name=name, role=StaffRole.RESIDENTIAL_WORKER, start_date=started))
    store.staff.add(home.id, StaffDetails(full_name="Jo Li", role=StaffRole.OTHER, role_title="Cook",
                                          start_date=started))
    window.resize(1366, 768)
    page = window.staff_page
    assert isinstance(page, StaffPage)
    window.nav.setCurrentRow(window.pages.index(page))
    page.reload()
    qtbot.wait_until(lambda: page.model.rowCount() == 2)
    return page


def shown_in_full(page: StaffPage, column: int, text: str) -> bool:
    header = page.table.horizontalHeader()
    margin = page.table.style().pixelMetric(page.table.style().PixelMetric.PM_FocusFrameHMargin) + 1  # as Qt pads
    fits = page.table.fontMetrics().horizontalAdvance(text) + 2 * margin <= header.sectionSize(column)
    in_view = header.sectionViewportPosition(column) + header.sectionSize(column) <= page.table.viewport().width()
    return fits and in_view


def test_name_and_role_are_in_view_and_in_full(qtbot, window: MainWindow, home_store: Store) -> None:  # type: ignore[no-untyped-def]
    page = laptop(qtbot, window, home_store)
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert headers[:2] == ["Name", "Role"]
    assert shown_in_full(page, 0, LONG_NAME)
    assert shown_in_full(page, 1, "Residential childcare worker")



def test_what_is_overdue_and_the_reg_32_7_flag_stay_in_view(qtbot, window: MainWindow, home_store: Store) -> None:  # type: ignore[no-untyped-def]
    page = laptop(qtbot, window, home_store, name="Naomi Whitfield")
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    header = page.table.horizontalHeader()
    flag, overdue = headers.index("Reg 32(7)"), headers.index("Overdue /\nmissing")
    assert header.sectionViewportPosition(flag) + header.sectionSize(flag) <= page.table.viewport().width()
    # The overdue count starts in view; a long "1 overdue · 4 missing" may run under the scroll bar.
    margin = page.table.style().pixelMetric(page.table.style().PixelMetric.PM_FocusFrameHMargin) + 1
    first = page.table.fontMetrics().horizontalAdvance("1 overdue") + 2 * margin
    assert header.sectionViewportPosition(overdue) + first <= page.table.viewport().width()


def test_the_training_rule_comes_before_the_detail_and_is_not_cut_to_a_word(qtbot, window: MainWindow, home_store: Store) -> None:  # type: ignore[no-untyped-def]
    page = laptop(qtbot, window, home_store)
    member = next(m for m in home_store.staff.list() if m.full_name == LONG_NAME)
    assert page.show_person(member.id, "training")
    table = page.panel.training.requirement_table
    model = page.panel.training.requirements
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    rule = headers.index("Rule")
    assert rule < headers.index("Detail")
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "First aid")
    # The citation, whole and in view beside the open record; the rule's words are in the tooltip.
    text = model.index(row, rule).data()
    assert text.startswith("Reg 31(2)(a) (")
    header = table.horizontalHeader()
    margin = table.style().pixelMetric(table.style().PixelMetric.PM_FocusFrameHMargin) + 1
    width = table.fontMetrics().horizontalAdvance(text) + 2 * margin
    assert width <= header.sectionSize(rule)
    assert header.sectionViewportPosition(rule) + width <= table.viewport().width()
    assert "a suitably qualified first aider" in model.index(row, rule).data(Qt.ItemDataRole.ToolTipRole)


@pytest.fixture
def text_150(qapp):  # type: ignore[no-untyped-def]
    """150% text size: the application's font half as large again, as the display settings make it."""
    normal = QFont(qapp.font())
    large = QFont(normal)
    large.setPointSizeF(normal.pointSizeF() * 1.5)
    qapp.setFont(large)
    yield
    qapp.setFont(normal)


def test_at_150_percent_text_what_is_overdue_is_whole_beside_the_open_record(  # type: ignore[no-untyped-def]
        qtbot, text_150: None, window: MainWindow, home_store: Store) -> None:
    page = laptop(qtbot, window, home_store, name="Naomi Whitfield")
    assert page.table.font().pointSizeF() >= 1.5 * 9  # the large text reached the list
    member = next(m for m in home_store.staff.list() if m.full_name == "Naomi Whitfield")
    assert page.show_person(member.id, "details")  # the record open beside the list, as a manager works
    qtbot.wait_until(lambda: page.table.viewport().width() < window.width() // 2)
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    overdue = headers.index("Overdue /\nmissing")
    header = page.table.horizontalHeader()
    qtbot.wait_until(lambda: header.sectionViewportPosition(overdue) + header.sectionSize(overdue)
                     <= page.table.viewport().width())
    assert shown_in_full(page, overdue, "Overdue /")  # the heading, whole
    for row in range(page.proxy.rowCount()):
        index = page.proxy.index(row, overdue)
        text = index.data()
        # The count a manager acts on first is whole; a longer "4 overdue · 18 missing" is elided at its end,
        # and the tooltip lists every item.
        assert shown_in_full(page, overdue, text.split(" · ")[0]), text
        counted = sum(int(part.split()[0]) for part in text.split(" · ") if part[0].isdigit())
        assert len(index.data(Qt.ItemDataRole.ToolTipRole).splitlines()) == counted
    role = headers.index("Role")
    # The role may be elided to make room; its full words stay in the tooltip.
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.index(r, 0).data() == "Naomi Whitfield")
    assert page.proxy.index(row, role).data(Qt.ItemDataRole.ToolTipRole) == "Residential childcare worker"


def every_column_in_view(page: StaffPage) -> bool:
    header = page.table.horizontalHeader()
    last = header.count() - 1
    return (page.table.horizontalScrollBar().maximum() == 0
            and header.sectionViewportPosition(last) + header.sectionSize(last) <= page.table.viewport().width())


def test_with_nobody_selected_the_list_uses_the_room_and_every_column_is_in_view(qtbot, window: MainWindow, home_store: Store) -> None:  # type: ignore[no-untyped-def]
    page = laptop(qtbot, window, home_store)
    assert page.detail_stack.currentIndex() == 0 and not page.narrow
    qtbot.wait_until(lambda: every_column_in_view(page))
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert headers[-3:] == ["Level 3/5", "Care role", "Started"]  # the columns that hid behind a scroll bar
    assert page.placeholder.isVisible()  # still saying what to do, beside the list
    # Once someone is opened, their record gets its room back and the list scrolls sideways again.
    member = next(m for m in home_store.staff.list() if m.full_name == LONG_NAME)
    listed = page.splitter.sizes()[0]
    assert page.show_person(member.id, "details")
    qtbot.wait_until(lambda: page.record_side.width() >= page.panel.minimumSizeHint().width())
    assert page.splitter.sizes()[0] < listed
