"""'Last 12 months' is one period in the whole window: the dashboard's choice, the Incidents log a rate tile
opens and the evidence pack's button cover the same days (from the day after the same date a year ago, to
today), so their counts agree."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from carehome_desk.models.children import ChildDetails
from carehome_desk.models.dates import UK
from carehome_desk.models.incidents import IncidentDetails, IncidentType
from carehome_desk.store import Store
from carehome_desk.ui.exports.evidence_pack_page import EvidencePackPage
from carehome_desk.ui.incidents.incidents_page import IncidentsPage
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.widgets.page import PageId
from carehome_desk.ui.widgets.period_selector import CHOICES
from tests.conftest import Clock, oak_lodge
from tests.ui.conftest import discard_all

#: today → the first day of its last 12 months. Across 29 February: 12 months before 29/02/2028 is 28/02/2027.
CASES = {
    date(2026, 12, 7): date(2025, 12, 8),
    date(2028, 2, 29): date(2027, 3, 1),
    date(2027, 2, 28): date(2026, 3, 1),
}


def at_noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=UK).astimezone(timezone.utc)


@pytest.fixture(params=list(CASES), ids=lambda d: d.strftime("%d-%m-%Y"))
def today(request: pytest.FixtureRequest) -> date:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def dated_window(qtbot, tmp_path: Path, today: date) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """A home whose only missing-from-care episodes are on the period's first day and the day before it."""
    store = Store.open(tmp_path / "home.sqlite3", user="tester", clock=Clock(at_noon(today)))
    home, _ = store.homes.add(oak_lodge())
    child, _ = store.children.add(home.id, ChildDetails("C-1", "AB", date(2012, 5, 1), date(2020, 1, 6)))
    first = CASES[today]
    for day in (first, date.fromordinal(first.toordinal() - 1)):
        store.incidents.add(home.id, IncidentDetails(IncidentType.MISSING, at_noon(day), (child.id,),
                                                     "Did not come back from school", notifiable=False,
                                                     reg40_rationale="Back within the hour"))
    w = MainWindow(store, QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w, before_close_func=discard_all)
    w.show()
    qtbot.waitExposed(w)
    yield w
    store.close()


def test_the_dashboard_and_the_pack_mean_the_same_last_12_months(qtbot, dated_window: MainWindow,  # type: ignore[no-untyped-def]
                                                                  today: date) -> None:
    first = CASES[today]
    since = first.strftime("%d/%m/%Y")
    page = dated_window.dashboard
    dated_window.open_page(PageId.DASHBOARD)
    assert CHOICES[page.period.combo.currentIndex()][0] == "Last 12 months"
    qtbot.waitUntil(lambda: bool(page.tiles.widgets) and not page.work.pending() and not page._queued
                    and not page._debounce.isActive() and not page.filling(), timeout=10_000)
    assert page._range is not None
    assert (page._range.period.start, page._range.period.end) == (first, today)
    missing = page.tiles.tile("missing")
    assert missing is not None
    # One episode on the period's first day counts; the one the day before does not.
    assert missing.detail.text().startswith(f"1 since {since}"), missing.detail.text()
    assert f"since {since}" in page.charts.title.text()

    # The rate tiles open the Incidents log over the same 12 months.
    dated_window.open_page(PageId.INCIDENTS)
    log = dated_window.current_page()
    assert isinstance(log, IncidentsPage) and log.apply_filter("rhi_offered")
    assert log.filters.date_from.text() == since
    assert dated_window.statusBar().currentMessage() == (
        "Incidents: 0 returns from missing or away in the last 12 months, the returns the Return interviews offered "
        "rate counts, offered or not.")  # neither episode has a return recorded

    dated_window.open_page(PageId.EVIDENCE_PACK)
    pack = dated_window.current_page()
    assert isinstance(pack, EvidencePackPage)
    pack.last_year.click()
    assert (pack.start.text(), pack.end.text()) == (since, today.strftime("%d/%m/%Y"))
    pack.preview()
    lines = [pack.preview_list.item(i).text() for i in range(pack.preview_list.count())]
    assert any(line.startswith("Missing and away: 1 row —") for line in lines), lines
