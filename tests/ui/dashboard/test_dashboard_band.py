"""The Next 72 hours band, the grouped backlog and the Getting started list, on the real window."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtCore import QPoint, Qt

from carehome_desk.models.children import ChildDetails
from carehome_desk.models.ids import HomeId
from carehome_desk.models.incidents import IncidentDetails, IncidentType, RestraintDetails
from tests.reg35_particulars import complete
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import Store
from carehome_desk.ui.dashboard.dashboard_band import NO_INCIDENTS, NOTHING_IN_72, TICK_MS
from carehome_desk.ui.dashboard.dashboard_page import DashboardPage
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.widgets.page import PageId
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE
from tests.conftest import FIXED_NOW, Clock
from tests.ui.dashboard.test_dashboard_page import loaded

TODAY = date(2026, 11, 22)


def _home(store: Store) -> HomeId:
    (home,) = store.homes.list()
    return home.id


def _restraint(store: Store, home: HomeId, hours_ago: float) -> int:
    child, _ = store.children.add(home, ChildDetails(f"C{hours_ago:.0f}", "AB", date(2011, 1, 1), date(2025, 1, 5)))
    incident, _ = store.incidents.add(home, IncidentDetails(
        IncidentType.RESTRAINT, FIXED_NOW - timedelta(hours=hours_ago), (child.id,), "Held to stop a punch",
        location="Lounge", details=RestraintDetails(),
        notifiable=False, reg40_rationale="Brief hold, no injury: not serious"))  # reg 40 decided: reg 35's clocks only
    return int(incident.id)


def fresh(qtbot, window: MainWindow) -> DashboardPage:  # type: ignore[no-untyped-def]
    """The dashboard with every figure worked out again (records were added after the window opened)."""
    page = loaded(qtbot, window)
    page.reload()
    qtbot.waitUntil(page.up_to_date, timeout=10_000)
    return page


def test_the_restraint_due_tomorrow_is_the_first_row_seen_despite_26_training_gaps(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, window: MainWindow) -> None:
    home = _home(home_store)
    for n in range(4):
        home_store.staff.add(home, StaffDetails(f"Worker {n}", StaffRole.RESIDENTIAL_WORKER, date(2025, 1, 6)))
    incident = _restraint(home_store, home, 1)  # 09:00 today (GMT): the record is due 09:00 tomorrow
    window.resize(1366, 768)
    page = fresh(qtbot, window)
    training = dict(page.needs.groups())["Training"]
    assert int(training.split(" ")[0]) >= 26  # the training gaps are all still listed, lower down
    band = page.band.model
    assert (band.index(0, 0).data(), band.index(0, 1).data(), band.index(0, 2).data()) == \
        ("23 hours left", "23/11/2026 09:00", "Record made")
    assert "Reg 35(3)(a)" in band.index(0, 4).data() and band.record(0).incident_id == incident
    # Seen first: the band is the first section, and its first row is on screen at 1366×768 without scrolling.
    content = page.scroll_area.widget()
    assert page.band.mapTo(content, QPoint(0, 0)).y() < page.needs.mapTo(content, QPoint(0, 0)).y()
    first_row = page.band.table.visualRect(band.index(0, 0))
    bottom = page.band.table.viewport().mapTo(window, first_row.bottomLeft()).y()
    assert page.band.table.isVisible() and bottom < window.height()
    # The same step is not repeated in the backlog; its count says where it is.
    keys = [(i.requirement.subject_id, i.requirement.key) for i in page.needs.model.items()]
    assert (incident, "incident:reg35_record") not in keys
    assert "in the Next 72 hours above" in page.needs.counts.text()


def test_enter_on_a_band_row_opens_the_incident(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    home = _home(home_store)
    _restraint(home_store, home, 60)
    wanted = _restraint(home_store, home, 20)
    page = fresh(qtbot, window)
    rows = [page.band.model.record(r) for r in range(page.band.model.rowCount())]
    row = next(r for r, c in enumerate(rows) if c.incident_id == wanted)
    assert row > 0  # the older restraint's overdue steps come first
    assert page.band.model.index(0, 0).data().startswith("Overdue by")
    page.band.table.setFocus()
    assert page.band.table.hasFocus()
    page.band.table.setCurrentIndex(page.band.model.index(0, 0))
    for _ in range(row):
        qtbot.keyClick(page.band.table, Qt.Key.Key_Down)
    assert page.band.table.currentIndex().row() == row
    qtbot.keyClick(page.band.table, Qt.Key.Key_Return)
    incidents = window.page(PageId.INCIDENTS)
    assert window.current_page() is incidents
    assert incidents is not None and int(incidents._shown) == wanted  # type: ignore[attr-defined]


def test_countdowns_move_on_each_minute_without_asking_the_database(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, window: MainWindow, clock: Clock) -> None:
    _restraint(home_store, _home(home_store), 23)  # the record is due in 1 hour
    page = fresh(qtbot, window)
    band = page.band
    assert band.timer.isActive() and band.timer.interval() == TICK_MS
    assert band.model.index(0, 0).data() == "1 hour left"
    jobs = page._jobs
    clock.advance(minutes=61)
    band.tick()  # what the minute timer does
    assert band.model.index(0, 0).data() == "Overdue by 1 minute"
    assert band.count.text().startswith("1 overdue")
    assert page._jobs == jobs and not page.work.pending()  # no recompute was asked for


def test_nothing_due_says_so_calmly_and_an_empty_home_says_nothing_is_recorded(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, window: MainWindow) -> None:
    page = loaded(qtbot, window)
    assert not page.band.table.isVisible() and page.band.calm.text() == NO_INCIDENTS
    assert "all clear" not in page.band.calm.text().lower()
    home = _home(home_store)
    _restraint(home_store, home, 24 * 30)
    incident = home_store.incidents.list(home)[0]
    done = FIXED_NOW - timedelta(days=29)
    _, changes = home_store.incidents.update(replace(incident, details=complete(
        record_made_at=done, staff_spoken_at=done, signed_by="Sam Patel", child_spoken_at=done)))
    window.broadcast(changes)
    qtbot.waitUntil(lambda: page.band.calm.text() == NOTHING_IN_72, timeout=10_000)
    assert page.band.calm.isVisible() and not page.band.table.isVisible()


def test_nothing_in_72_hours_does_not_claim_no_step_is_open(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, window: MainWindow) -> None:
    """Only the child's 5-day reg 35(3)(c) step is open (due in about 118 hours): the band says nothing
    falls due in the next 72 hours, not that no step is open; the step is in the list below."""
    home = _home(home_store)
    incident_id = _restraint(home_store, home, 2)
    incident = home_store.incidents.get(incident_id)  # type: ignore[arg-type]
    done = FIXED_NOW - timedelta(hours=1)
    home_store.incidents.update(replace(incident, details=complete(
        record_made_at=done, staff_spoken_at=done, signed_by="Sam Patel")))
    page = fresh(qtbot, window)
    assert page.band.calm.isVisible() and not page.band.table.isVisible()
    assert page.band.calm.text() == "Nothing falls due in the next 72 hours."
    open_steps = [(i.requirement.subject_id, i.requirement.key) for i in page.needs.model.items()]
    assert (incident_id, "incident:reg35_child") in open_steps


def test_empty_home_tiles_and_the_getting_started_list(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = loaded(qtbot, window)
    for key in ("workforce", "level3", "level5", "actions"):
        tile = page.tiles.tile(key)
        assert tile is not None and tile.value.text() == "No data yet" and not tile.word.isVisible(), key
    setup = page.setup
    qtbot.waitUntil(setup.isVisible, timeout=10_000)
    assert setup.ticked()["children"] is False and "children" in setup.buttons
    qtbot.mouseClick(setup.buttons["children"], Qt.MouseButton.LeftButton)
    assert window.current_page() is window.page(PageId.CHILDREN)
    window.nav.setCurrentRow(window.pages.index(page))
    _, changes = home_store.children.add(_home(home_store), ChildDetails("C01", "AB", date(2011, 1, 1),
                                                                         date(2026, 11, 1)))
    window.broadcast(changes)
    qtbot.waitUntil(lambda: setup.ticked().get("children") is True, timeout=10_000)
    assert "children" not in setup.buttons and "Children added" in setup.done_line.text()
    # Hidden by the manager, and still hidden when the dashboard works everything out again.
    qtbot.mouseClick(setup.hide_button, Qt.MouseButton.LeftButton)
    assert not setup.isVisible()
    page.reload()
    qtbot.waitUntil(page.up_to_date, timeout=10_000)
    assert setup.checklist is not None and setup.checklist.hidden and not setup.isVisible()


def test_set_a_password_from_the_list_asks_the_window_for_its_dialog(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = loaded(qtbot, window)
    qtbot.waitUntil(page.setup.isVisible, timeout=10_000)
    with qtbot.waitSignal(window.password_requested, timeout=2000):
        qtbot.mouseClick(page.setup.buttons["password"], Qt.MouseButton.LeftButton)


def test_a_step_coming_into_the_72_hours_moves_from_the_backlog_to_the_band(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, window: MainWindow, clock: Clock) -> None:
    incident = _restraint(home_store, _home(home_store), 1)
    page = fresh(qtbot, window)
    child_step = (incident, "incident:reg35_child")  # 5 calendar days: beyond the window today
    assert child_step not in page.band.shown_keys()
    assert child_step in [(i.requirement.subject_id, i.requirement.key) for i in page.needs.model.items()]
    jobs = page._jobs
    clock.advance(days=2, hours=1)
    page.band.tick()
    assert child_step in page.band.shown_keys()
    assert child_step not in [(i.requirement.subject_id, i.requirement.key) for i in page.needs.model.items()]
    assert page._jobs == jobs  # cut again from what the page holds, with no new read


def test_enter_on_an_area_heading_folds_and_unfolds_it(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    home = _home(home_store)
    for n in range(2):
        home_store.staff.add(home, StaffDetails(f"Worker {n}", StaffRole.RESIDENTIAL_WORKER, date(2025, 1, 6)))
    page = fresh(qtbot, window)
    table, proxy = page.needs.table, page.needs.proxy
    headings = [r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(RECORD_ROLE).item is None]
    first, second = headings[0], headings[1]
    name = proxy.index(first, 0).data(RECORD_ROLE).group
    assert table.columnSpan(first, 0) == proxy.columnCount()
    table.setFocus()
    table.setCurrentIndex(proxy.index(first, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert name in page.needs.folded
    assert all(table.isRowHidden(r) for r in range(first + 1, second))
    qtbot.keyClick(table, Qt.Key.Key_Down)  # the arrow skips the folded rows to the next heading
    assert table.currentIndex().row() == second
    qtbot.keyClick(table, Qt.Key.Key_Up)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert name not in page.needs.folded and not table.isRowHidden(first + 1)
