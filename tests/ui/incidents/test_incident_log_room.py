"""With no incident open, the log takes the page's height instead of leaving it to an empty record pane; on a
narrow page the log's status columns stay in view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from carehome_desk.models.incidents import IncidentDetails, IncidentType
from carehome_desk.store import Store
from carehome_desk.ui.incidents.incidents_page import IncidentsPage
from carehome_desk.ui.main_window import MainWindow
from tests.ui.incident_data import Home, add_children_and_incidents, uk


@pytest.fixture
def busy(home_store: Store) -> Home:
    """Seventeen incidents: more than the log shows beside an open one."""
    home = add_children_and_incidents(home_store)
    for day in range(1, 13):
        home_store.incidents.add(home.home_id, IncidentDetails(
            IncidentType.ACCIDENT, uk(f"{day:02d}/10/2026", "16:30"), (home.current,), "Tripped on the stairs."))
    home_store.incidents.add(home.home_id, IncidentDetails(  # the longest type's words
        IncidentType.EXPLOITATION, uk("20/10/2026", "21:00"), (home.current,), "Seen getting into a car with older men."))
    return home


def rows_in_view(page: IncidentsPage) -> int:
    return page.table.viewport().height() // page.table.rowHeight(0)


def test_the_log_takes_the_height_until_an_incident_is_opened(qtbot, busy: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.resize(1366, 768)
    page = next(p for p in window.pages if isinstance(p, IncidentsPage))
    window.nav.setCurrentRow(window.pages.index(page))
    assert page.proxy.rowCount() == 17 and page.detail_stack.currentIndex() == 0 and not page.narrow
    qtbot.wait_until(lambda: rows_in_view(page) >= 12)  # not 5 rows above a blank half-page
    assert page.placeholder.isVisible()  # the hint still says what to do, under the log
    log_alone = page.splitter.sizes()[0]
    page.table.selectRow(0)
    assert page.detail_stack.currentIndex() == 1
    qtbot.wait_until(lambda: page.splitter.sizes()[0] < log_alone)
    log, record = page.splitter.sizes()
    assert record > log and rows_in_view(page) >= 3  # the incident gets the room; the log keeps a few rows


def test_on_a_narrow_page_the_type_gives_way_so_steps_reg_40_and_reviewed_stay_in_view(  # type: ignore[no-untyped-def]
        qtbot, busy: Home, window: MainWindow) -> None:
    window.setMinimumSize(0, 0)
    window.resize(1000, 700)  # a narrow window: the log about 750 px wide
    page = next(p for p in window.pages if isinstance(p, IncidentsPage))
    window.nav.setCurrentRow(window.pages.index(page))
    table, header = page.table, page.table.horizontalHeader()
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert headers[-3:] == ["Steps", "Reg 40", "Reviewed"]

    def statuses_in_view() -> bool:
        last = header.count() - 1
        return header.sectionViewportPosition(last) + header.sectionSize(last) <= table.viewport().width()

    qtbot.wait_until(statuses_in_view)
    assert table.horizontalScrollBar().maximum() == 0
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.index(r, 1).data().startswith("Child sexual"))
    cell = page.proxy.index(row, 1)
    words = cell.data()
    assert header.sectionSize(1) < table.fontMetrics().horizontalAdvance(words)  # cut to fit…
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == words  # …and whole in its tooltip
    # With the room for it, the type is whole again.
    window.resize(1920, 1080)
    qtbot.wait_until(lambda: header.sectionSize(1) >= table.fontMetrics().horizontalAdvance(words))
