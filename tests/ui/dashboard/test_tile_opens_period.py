"""A dashboard tile opens the Incidents log over the dashboard's period, not a fixed 12 months or 90 days: the
log shows exactly the incidents the tile's figure counts, and the status bar says over which days."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from carehome_desk.models.children import ChildDetails
from carehome_desk.models.incidents import IncidentDetails, IncidentType, MissingDetails, RestraintDetails
from carehome_desk.store import Store
from carehome_desk.ui.dashboard.dashboard_page import DashboardPage
from carehome_desk.ui.incidents.incidents_page import IncidentsPage
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.widgets.page import PageId
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE
from tests.conftest import Clock, oak_lodge
from tests.ui.conftest import discard_all
from tests.ui.test_last_12_months import at_noon

TODAY = date(2026, 12, 7)
#: Missing from care: (day, returned). Last 6 months are 08/06/2026 to today.
MISSING = [(date(2026, 12, 1), True), (date(2026, 9, 15), True), (date(2026, 8, 20), False),
           (date(2026, 5, 10), True), (date(2026, 1, 1), True)]
RESTRAINTS = [date(2026, 12, 3), date(2026, 7, 10), date(2026, 6, 15), date(2026, 6, 7), date(2026, 2, 2)]


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    store = Store.open(tmp_path / "home.sqlite3", user="tester", clock=Clock(at_noon(TODAY)))
    home, _ = store.homes.add(oak_lodge())
    child, _ = store.children.add(home.id, ChildDetails("C-1", "AB", date(2012, 5, 1), date(2020, 1, 6)))
    for day, returned in MISSING:
        at = at_noon(day)
        store.incidents.add(home.id, IncidentDetails(
            IncidentType.MISSING, at, (child.id,), "Did not come back from school", notifiable=False,
            reg40_rationale="Back within the day",
            details=MissingDetails(returned_at=at + timedelta(hours=5) if returned else None,
                                   rhi_offered_at=at + timedelta(days=1) if day.month == 12 else None)))
    for day in RESTRAINTS:
        at = at_noon(day)
        store.incidents.add(home.id, IncidentDetails(IncidentType.RESTRAINT, at, (child.id,), "Hold",
                                                     details=RestraintDetails(record_made_at=at + timedelta(hours=1))))
    w = MainWindow(store, QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w, before_close_func=discard_all)
    w.show()
    qtbot.waitExposed(w)
    yield w
    store.close()


def settled(page: DashboardPage, start: date, end: date) -> bool:
    return (page._range is not None and (page._range.period.start, page._range.period.end) == (start, end)
            and not page.work.pending() and not page._queued and not page._debounce.isActive()
            and not page.filling())


def click_tile(qtbot, w: MainWindow, key: str) -> tuple[str, IncidentsPage]:  # type: ignore[no-untyped-def]
    """Click the tile on the dashboard; its detail line, and the page that opened."""
    w.open_page(PageId.DASHBOARD)
    tile = w.dashboard.tiles.tile(key)
    assert tile is not None
    detail = tile.detail.text()
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    page = w.current_page()
    assert isinstance(page, IncidentsPage)
    return detail, page


def test_last_6_months_tiles_open_the_log_over_the_same_days(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.dashboard
    window.open_page(PageId.DASHBOARD)
    page.period.combo.setCurrentIndex(1)  # Last 6 months
    qtbot.waitUntil(lambda: settled(page, date(2026, 6, 8), TODAY), timeout=10_000)

    detail, log = click_tile(qtbot, window, "restraints")
    assert detail.startswith("3 since 08/06/2026"), detail  # not 07/06's, nor February's
    assert log.proxy.rowCount() == 3
    assert (log.filters.date_from.text(), log.filters.date_to.text()) == ("08/06/2026", "")
    assert window.statusBar().currentMessage() == (
        "Incidents: 3 restraints since 08/06/2026, as the Restraints tile's second figure counts them (its "
        "headline counts the last 30 days).")

    detail, log = click_tile(qtbot, window, "rhi_offered")
    assert detail.startswith("50% (1 of 2) since 08/06/2026"), detail  # two returns; August's has none yet
    assert log.proxy.rowCount() == 2
    assert log.filters.date_from.text() == "08/06/2026"
    assert window.statusBar().currentMessage().startswith("Incidents: 2 returns from missing or away since "
                                                          "08/06/2026, the returns the Return interviews")

    detail, log = click_tile(qtbot, window, "missing")
    assert detail.startswith("3 since 08/06/2026"), detail
    assert log.proxy.rowCount() == 3  # the episode with no return yet is one of them


def test_a_custom_period_opens_the_log_from_its_first_to_its_last_day(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.dashboard
    window.open_page(PageId.DASHBOARD)
    page.period.combo.setCurrentIndex(4)  # Custom dates…
    page.period.start.set_value(date(2026, 4, 1))
    page.period.end.set_value(date(2026, 6, 30))
    assert page.period.apply_custom()
    qtbot.waitUntil(lambda: settled(page, date(2026, 4, 1), date(2026, 6, 30)), timeout=10_000)

    detail, log = click_tile(qtbot, window, "restraint_steps_on_time")
    counted = re.search(r"\((\d+) of (\d+)\)", detail)
    assert counted is not None and detail.endswith("from 01/04/2026 to 30/06/2026"), detail
    assert log.proxy.rowCount() == 2  # 07/06 and 15/06: July's, December's and February's are outside
    assert (log.filters.date_from.text(), log.filters.date_to.text()) == ("01/04/2026", "30/06/2026")
    assert window.statusBar().currentMessage().startswith(
        "Incidents: 2 restraints from 01/04/2026 to 30/06/2026, whose Reg 35 steps")

    detail, log = click_tile(qtbot, window, "missing")
    assert detail.startswith("1 from 01/04/2026 to 30/06/2026"), detail
    assert log.proxy.rowCount() == 1
    assert log.proxy.index(0, 0).data(RECORD_ROLE).incident.occurred_at == at_noon(date(2026, 5, 10))
    assert window.statusBar().currentMessage().startswith(
        "Incidents: 1 missing or away episode from 01/04/2026 to 30/06/2026, as the Missing and away tile's")
