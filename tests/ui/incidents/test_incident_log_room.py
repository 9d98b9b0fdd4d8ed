"""With no incident open, the log takes the page's height instead of leaving it to an empty record pane."""

from __future__ import annotations

import pytest

from carehome_desk.models.incidents import IncidentDetails, IncidentType
from carehome_desk.store import Store
from carehome_desk.ui.incidents.incidents_page import IncidentsPage
from carehome_desk.ui.main_window import MainWindow
from tests.ui.incident_data import Home, add_children_and_incidents, uk


@pytest.fixture
def busy(home_store: Store) -> Home:
    """Sixteen incidents: more than the log shows beside an open one."""
    home = add_children_and_incidents(home_store)
    for day in range(1, 13):
        home_store.incidents.add(home.home_id, IncidentDetails(
            IncidentType.ACCIDENT, uk(f"{day:02d}/10/2026", "16:30"), (home.current,), "Tripped on the stairs."))
    return home


def rows_in_view(page: IncidentsPage) -> int:
    return page.table.viewport().height() // page.table.rowHeight(0)


def test_the_log_takes_the_height_until_an_incident_is_opened(qtbot, busy: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.resize(1366, 768)
    page = next(p for p in window.pages if isinstance(p, IncidentsPage))
    window.nav.setCurrentRow(window.pages.index(page))
    assert page.proxy.rowCount() == 16 and page.detail_stack.currentIndex() == 0 and not page.narrow
    qtbot.wait_until(lambda: rows_in_view(page) >= 12)  # not 5 rows above a blank half-page
    assert page.placeholder.isVisible()  # the hint still says what to do, under the log
    log_alone = page.splitter.sizes()[0]
    page.table.selectRow(0)
    assert page.detail_stack.currentIndex() == 1
    qtbot.wait_until(lambda: page.splitter.sizes()[0] < log_alone)
    log, record = page.splitter.sizes()
    assert record > log and rows_in_view(page) >= 3  # the incident gets the room; the log keeps a few rows
