"""The dashboard: needs action as 'due' lists it, tiles that follow saves, charts drawn after the window."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog

from carehome_desk.services.dashboard_backlog import backlog, group_of
from carehome_desk.services.due import due_items
from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.incidents import IncidentDetails, IncidentType, RestraintDetails
from carehome_desk.models.training import TrainingRecord
from carehome_desk.store import Store
from carehome_desk.ui.dashboard import dashboard_page
from carehome_desk.ui.dashboard.chart_widget import LOADING
from carehome_desk.services.dashboard_data import Part, Request, compute
from carehome_desk.ui.dashboard.dashboard_page import DashboardPage
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.dashboard.needs_action_table_model import HOME_COLUMN
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE
from carehome_desk.ui.workforce.staff_page import StaffPage
from carehome_desk.ui.workforce.staff_table_model import NEEDS_ACTION_HEADING, column_index
from carehome_desk.ui.widgets.status_style import STATUS_COLOURS
from carehome_desk.ui.widgets.page import PageId
from tests.conftest import FIXED_NOW, oak_lodge
from tests.ui.workforce_data import TODAY, Workforce, add_workforce

CHART_WAIT_MS = 30_000  # the first matplotlib import on a cold machine can take a while


@pytest.fixture
def staffed(home_store: Store) -> Workforce:
    """The known workforce, some training, and a restraint whose reg 35 steps are due within hours."""
    workforce = add_workforce(home_store)
    fire = workforce.course(home_store, "Fire safety")
    home_store.workforce.add_training(TrainingRecord(workforce.checked, fire.id, date(2025, 9, 14)))
    home_store.workforce.add_training(TrainingRecord(workforce.cook, fire.id, date(2026, 4, 3)))
    child, _ = home_store.children.add(workforce.home_id, ChildDetails("C-1", "AB", date(2011, 1, 1),
                                                                       date(2025, 1, 5)))
    for hours_ago in (20, 24 * 40):
        at = FIXED_NOW - timedelta(hours=hours_ago)
        home_store.incidents.add(workforce.home_id, IncidentDetails(IncidentType.RESTRAINT, at, (child.id,), "Hold",
                                                                    details=RestraintDetails(), notifiable=False,
                                                                    reg40_rationale="Brief hold: not serious"))
    return workforce


def loaded(qtbot, window: MainWindow) -> DashboardPage:  # type: ignore[no-untyped-def]
    """The dashboard on show with every queued recompute answered."""
    page = window.dashboard
    window.nav.setCurrentRow(window.pages.index(page))
    assert window.current_page() is page
    qtbot.waitUntil(lambda: bool(page.tiles.widgets) and not page.work.pending() and not page._queued
                    and not page._debounce.isActive() and not page.filling(), timeout=10_000)
    return page


def shown_rows(page: DashboardPage) -> list[tuple[object, ...]]:
    """The backlog's item rows (group headings left out), in order."""
    proxy = page.needs.proxy
    rows = []
    for r in range(proxy.rowCount()):
        item = proxy.index(r, 0).data(RECORD_ROLE).item
        if item is None:
            continue
        rows.append((int(item.home.id), item.requirement.key, item.requirement.subject,
                     proxy.index(r, 0).data(), proxy.index(r, 5).data()))
    return rows


def band_rows(page: DashboardPage) -> list[tuple[int, str]]:
    """(incident id, requirement key) of each Next 72 hours row, in order."""
    return [(c.incident_id, c.requirement_key) for c in page.band.model.items()]


def test_band_and_backlog_together_are_due_row_for_row(qtbot, staffed: Workforce, window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page = loaded(qtbot, window)
    every = due_items(window.store, TODAY)
    band = band_rows(page)
    in_band = [i for i in every if (i.requirement.subject_id, i.requirement.key) in band]
    # The old restraint's three steps, overdue; yesterday's record (4 h left) and staff step (28 h left).
    assert len(in_band) == len(band) == 5
    # The backlog: everything else, grouped by area, the groups in the order of their most urgent item.
    rest = [i for i in every if i not in in_band]
    groups: dict[str, list[tuple[object, ...]]] = {}
    for i in rest:
        groups.setdefault(group_of(i), []).append((int(i.home.id), i.requirement.key, i.requirement.subject,
                                                    i.requirement.status.label, i.requirement.requirement))
    assert rest and shown_rows(page) == [row for rows in groups.values() for row in rows]
    assert [name for name, _ in page.needs.groups()] == list(groups)
    assert page.needs.groups()[0][1].startswith(str(len(next(iter(groups.values())))))
    qtmodeltester.check(page.needs.model)
    qtmodeltester.check(page.band.model)
    assert window.nav.item(0).text() == "Dashboard"
    proxy = page.needs.proxy
    first = proxy.index(1, 0)  # row 0 is the first group's heading
    assert QColor(first.data(Qt.ItemDataRole.BackgroundRole)) == QColor(STATUS_COLOURS[first.data(RECORD_ROLE)
                                                                                        .item.requirement.status])
    dues = [proxy.index(r, 1).data() for r in range(proxy.rowCount()) if proxy.index(r, 0).data(RECORD_ROLE).item]
    assert all(len(d) in (1, 10, 16) for d in dues), dues  # —, DD/MM/YYYY, or DD/MM/YYYY HH:MM
    # Hour deadlines in UK time, in the band: the October restraint's record was due 24 hours after 10:00
    # GMT+0, i.e. 11:00 British Summer Time; the one from yesterday 14:00 is due today at 14:00 (GMT again).
    band_dues = [page.band.model.index(r, 1).data() for r in range(page.band.model.rowCount())]
    assert band_dues[0] == "14/10/2026 11:00" and "22/11/2026 14:00" in band_dues
    hour = band_dues.index("22/11/2026 14:00")
    assert page.band.model.index(hour, 0).data() == "4 hours left"
    assert page.band.model.index(hour, 2).data() == "Record made"
    assert "Reg 35(3)(a)" in page.band.model.index(hour, 4).data() and "(law)" in page.band.model.index(hour, 4).data()
    # The child's 5-day step (26/11 14:00) is beyond 72 hours: it stays in the backlog.
    assert "26/11/2026 14:00" in dues
    assert page.needs.table.isColumnHidden(HOME_COLUMN)  # one home: no home column
    counts = page.needs.counts.text()
    assert "missing" in counts and "5 of them in the Next 72 hours above" in counts


def test_a_save_elsewhere_refreshes_only_what_it_touched(qtbot, staffed: Workforce, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = loaded(qtbot, window)
    asked: list[frozenset[Part]] = []
    real = dashboard_page.compute

    def spy(store, request):  # type: ignore[no-untyped-def]
        asked.append(request.parts)
        return real(store, request)

    monkeypatch.setattr(dashboard_page, "compute", spy)
    tile = page.tiles.tile("workforce")
    assert tile is not None
    before = tile.detail.text()
    assert ("Sarah Whitfield", "First aid") in [(i.requirement.subject, i.requirement.requirement)
                                                 for i in page.needs.model.items()]
    first_aid = staffed.course(window.store, "First aid")
    _, changes = window.store.workforce.add_training(TrainingRecord(staffed.checked, first_aid.id, date(2026, 11, 18)))
    window.data_changed.emit(changes)
    qtbot.waitUntil(lambda: tile.detail.text() != before, timeout=10_000)
    qtbot.waitUntil(lambda: ("Sarah Whitfield", "First aid") not in
                    [(i.requirement.subject, i.requirement.requirement) for i in page.needs.model.items()])
    assert page.tiles.tile("workforce") is tile  # updated in place: keyboard focus would stay put
    # Not the incident charts or the grades; the tiles and list in one job, the chart's series in another
    # (first once the charts are on show: see test_a_save_asks_for_the_chart_series_first_once_charts_show).
    # Not the all-homes table either, while it is not on show (and the list is this home's only).
    assert set(asked) == {frozenset({Part.TILES, Part.NEEDS}), frozenset({Part.TRAINING})} and len(asked) == 2
    # A burst of saves is one recompute; a change to the audit trail alone is none.
    for _ in range(5):
        window.data_changed.emit(Changes.of(Register.INCIDENTS))
    window.data_changed.emit(Changes(frozenset({Register.AUDIT})))
    qtbot.waitUntil(lambda: len(asked) == 4 and not page.work.pending(), timeout=10_000)
    qtbot.wait(300)
    assert set(asked[2:]) == {frozenset({Part.TILES, Part.NEEDS, Part.CLOCKS}),
                              frozenset({Part.INCIDENTS, Part.RESTRAINT})}


def test_a_save_asks_for_the_chart_series_first_once_charts_show(  # type: ignore[no-untyped-def]
        qtbot, staffed: Workforce, window: MainWindow, monkeypatch) -> None:
    """Opening, the tiles and the list are asked for first; once the charts are on show a save asks for the
    chart's series first (the chart is drawn elsewhere while the worker works out the tiles and the list)."""
    page = loaded(qtbot, window)
    qtbot.waitUntil(lambda: page.charts_drawn() and page.up_to_date(), timeout=30_000)
    asked: list[frozenset[Part]] = []
    real = dashboard_page.compute

    def spy(store, request):  # type: ignore[no-untyped-def]
        asked.append(request.parts)
        return real(store, request)

    monkeypatch.setattr(dashboard_page, "compute", spy)
    window.data_changed.emit(Changes.of(Register.INCIDENTS))
    qtbot.waitUntil(lambda: len(asked) == 2 and page.up_to_date(), timeout=10_000)
    assert asked == [frozenset({Part.INCIDENTS, Part.RESTRAINT}), frozenset({Part.TILES, Part.NEEDS, Part.CLOCKS})]


def test_charts_draw_after_the_tiles_to_a_real_picture(qtbot, staffed: Workforce, window: MainWindow, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = loaded(qtbot, window)
    qtbot.waitUntil(page.charts_drawn, timeout=CHART_WAIT_MS)
    assert page.timings["shown"] <= page.timings["tiles"] <= page.timings["charts"]
    for part, chart in page.charts.charts.items():
        assert chart.ready and not chart.placeholder.isVisible()
        image = chart.grab().toImage()
        assert image.width() > 200 and image.height() > 200
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
        assert len(colours) > 3, part  # not a blank or single-colour picture
        assert chart.summary and chart.accessibleDescription() == chart.summary
    incidents = page.charts.charts[Part.INCIDENTS]
    assert "2 incidents" in incidents.summary  # two restraints in the last 12 months
    grades = page.charts.charts[Part.GRADES]
    assert "No self-evaluation recorded yet" in grades.summary  # an empty state that says what to do
    out = tmp_path / "incidents"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PNG pictures (*.png)"))
    saved = incidents.save_png()
    assert saved == tmp_path / "incidents.png" and saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_period_selector_drives_charts_and_comparisons(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = loaded(qtbot, window)
    restraints = page.tiles.tile("restraints")
    # The last 12 months up to 22/11/2026, as the evidence pack counts them: from the day after 22/11/2025.
    assert restraints is not None and "since 23/11/2025" in restraints.detail.text()
    page.period.combo.setCurrentIndex(0)  # last 3 months
    qtbot.waitUntil(lambda: "since 23/08/2026" in restraints.detail.text(), timeout=10_000)
    assert page._range is not None and page._range.months == 4  # August's last days to this month's first 22
    assert "last 3 months" in page.charts.title.text()
    inspection = page.period.combo.itemText(3)
    assert inspection == "Since the last inspection (22/04/2026)"
    page.period.combo.setCurrentIndex(4)  # custom: dates checked at the field, no dialog
    assert page.period.start.isVisible() and page.period.end.isVisible()
    page.period.start.set_value(date(2026, 10, 1))
    page.period.end.set_value(date(2026, 9, 1))
    assert not page.period.apply_custom()
    assert page.period.error.text() == "The start date is after the end date."
    page.period.start.line.setText("31/02/2026")
    assert not page.period.apply_custom() and "not a real date" in page.period.error.text()
    page.period.start.set_value(date(2026, 6, 1))
    page.period.end.set_value(date(2026, 10, 31))
    qtbot.keyClick(page.period.end.line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "from 01/06/2026 to 31/10/2026" in restraints.detail.text(), timeout=10_000)
    assert page._range is not None and page._range.months == 5 and not page.period.error.isVisible()


def test_clicking_or_entering_a_tile_opens_its_page(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = loaded(qtbot, window)
    tile = page.tiles.tile("workforce")
    assert tile is not None and tile.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert tile.accessibleName().startswith("Workforce compliance: ") and "Overdue" in tile.accessibleName()
    assert "Every requirement of every current member of staff" in tile.toolTip()
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    staff = window.current_page()
    assert isinstance(staff, StaffPage)
    # The Staff page's "filter" for this tile: the people with most overdue or missing items first.
    assert staff.table.horizontalHeader().sortIndicatorSection() == column_index(NEEDS_ACTION_HEADING)
    urgent = [len(staff.proxy.index(r, 0).data(RECORD_ROLE).urgent) for r in range(staff.proxy.rowCount())]
    assert urgent == sorted(urgent, reverse=True) and urgent[0] > 0
    window.nav.setCurrentRow(window.pages.index(page))
    level5 = page.tiles.tile("level5")
    assert level5 is not None
    level5.setFocus()
    qtbot.keyClick(level5, Qt.Key.Key_Return)
    assert window.current_page() is staff


def test_enter_on_an_item_opens_the_persons_record(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = loaded(qtbot, window)
    proxy = page.needs.proxy
    row = next(r for r in range(proxy.rowCount())
               if (proxy.index(r, 4).data(), proxy.index(r, 5).data()) == ("Sarah Whitfield", "First aid"))
    page.needs.table.setFocus()
    page.needs.table.setCurrentIndex(proxy.index(row, 0))
    qtbot.keyClick(page.needs.table, Qt.Key.Key_Return)
    staff = window.current_page()
    assert isinstance(staff, StaffPage)
    assert staff.selected_row() is not None and staff.selected_row().member.id == staffed.checked
    assert staff.panel.tabs.currentWidget() is staff.panel.training


def test_several_homes_show_the_all_homes_view(qtbot, staffed: Workforce, window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page = loaded(qtbot, window)
    assert not page.all_homes_button.isVisible()
    willow, changes = window.store.homes.add(oak_lodge(name="Willow House", urn="SC765432"))
    window.broadcast(changes)
    qtbot.waitUntil(page.all_homes_button.isVisible, timeout=10_000)
    mine = shown_rows(page)
    assert {r[0] for r in mine} == {int(staffed.home_id)}  # the selected home only
    qtbot.mouseClick(page.all_homes_button, Qt.MouseButton.LeftButton)
    assert page.homes.isVisible() and not page.tiles.isVisible() and not page.charts.isVisible()
    qtbot.waitUntil(page.up_to_date, timeout=10_000)  # every home is worked out only when this view opens
    qtmodeltester.check(page.homes.model)
    names = [page.homes.proxy.index(r, 0).data() for r in range(page.homes.proxy.rowCount())]
    assert names == ["Oak Lodge (SC123456)", "Willow House (SC765432)"]
    # Every home's items, none left out for a band (the band is one home's, and hidden here), grouped by area.
    everyone = [(int(i.home.id), i.requirement.key, i.requirement.subject)
                for group in backlog(due_items(window.store, TODAY)) for i in group.items]
    assert [r[:3] for r in shown_rows(page)] == everyone
    assert not page.band.isVisible()
    assert {r[0] for r in everyone} == {int(staffed.home_id), int(willow.id)}
    assert not page.needs.table.isColumnHidden(HOME_COLUMN)
    assert page.subtitle.text().startswith("All homes (2)")
    willow_row = page.homes.proxy.index(names.index("Willow House (SC765432)"), 0)
    page.homes.table.activated.emit(willow_row)
    assert window.current_home() == willow.id and not page.all_homes_button.isChecked()
    qtbot.waitUntil(lambda: page.subtitle.text().startswith("Willow House"), timeout=10_000)
    qtbot.waitUntil(lambda: {r[0] for r in shown_rows(page)} == {int(willow.id)}, timeout=10_000)


def test_an_empty_home_says_what_to_do(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = loaded(qtbot, window)
    workforce = page.tiles.tile("workforce")
    assert workforce is not None and workforce.value.text() == "No data yet"
    assert workforce.detail.text() == "Add staff on the Staff page or File → Import…"
    qtbot.waitUntil(page.charts_drawn, timeout=CHART_WAIT_MS)
    training = page.charts.charts[Part.TRAINING].summary
    assert "No training recorded yet — open the Training matrix" in training
    assert "No incidents in this period" in page.charts.charts[Part.INCIDENTS].summary


def test_activating_a_record_the_window_has_no_page_for_says_so(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    loaded(qtbot, window)
    window.open_page("No such page", "")
    assert window.current_page() is window.dashboard
    assert "not in this version yet" in window.statusBar().currentMessage()


def test_matplotlib_loads_only_after_the_dashboard_is_on_screen(tmp_path: Path) -> None:
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from PySide6.QtCore import QSettings\n"
        "from carehome_desk.demo import build_demo, DemoOptions\n"
        "from carehome_desk.store import Store\n"
        "from carehome_desk.ui.main_window import MainWindow\n"
        "from carehome_desk.ui.dashboard.dashboard_tiles import TileGrid\n"
        "seen = []\n"
        "real = TileGrid.set_tiles\n"
        "def spy(self, tiles):\n"
        "    seen.append('matplotlib' in sys.modules)\n"
        "    real(self, tiles)\n"
        "TileGrid.set_tiles = spy\n"
        "app = QApplication([])\n"
        "db = build_demo(Path(sys.argv[1]), DemoOptions())\n"
        "w = MainWindow(Store.open(db), QSettings(sys.argv[1] + '.ini', QSettings.Format.IniFormat))\n"
        "before = 'matplotlib' in sys.modules\n"
        "w.show(); app.processEvents()\n"
        "page = w.dashboard\n"
        "loading = all(c.placeholder.text() == 'Charts loading…' for c in page.charts.charts.values())\n"
        "end = time.monotonic() + 60\n"
        "while not page.charts_drawn() and time.monotonic() < end:\n"
        "    app.processEvents(); time.sleep(0.005)\n"
        "print(before, loading, seen[:1], page.charts_drawn(), 'matplotlib' in sys.modules)\n"
        "w.close()\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "demo.sqlite3")], capture_output=True,
                            text=True, env=env, timeout=180)
    assert result.returncode == 0, result.stderr
    # Not before the window; placeholders first; the tiles filled before matplotlib; then the charts,
    # drawn by the chart process: matplotlib never loads in the window's process.
    assert result.stdout.split("\n")[0] == "False True [False] True False", result.stdout + result.stderr
    assert LOADING == "Charts loading…"


def test_needs_action_activation_ignores_an_invalid_index(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = loaded(qtbot, window)
    with qtbot.assertNotEmitted(page.open_requested):
        page.needs._activated(QModelIndex())


def test_an_item_on_another_page_goes_to_its_show_record_with_the_key(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    loaded(qtbot, window)
    quality = window.page(PageId.QUALITY)
    assert quality is not None
    asked: list[tuple[int, str]] = []
    quality.show_record = lambda record_id, key="": asked.append((record_id, key)) or True  # type: ignore[method-assign]
    window.open_record("Reg 44", 0, "reg44:visit:2026-06")  # no record yet: the key still says which tab
    assert window.current_page() is quality and asked == [(0, "reg44:visit:2026-06")]
    window.open_record("Action", 5, "action:5")
    assert asked[1:] == [(5, "action:5")]


def test_every_page_in_the_window_is_named_once_and_titled_by_its_name(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ids = [page.page_id for page in window.pages]
    assert None not in ids and len(set(ids)) == len(ids)
    assert all(page.title == page.page_id for page in window.pages)
    assert all(window.page(page_id) is page for page_id, page in zip(ids, window.pages, strict=True))


def test_a_one_home_answer_arriving_in_the_all_homes_view_is_asked_again_for_every_home(  # type: ignore[no-untyped-def]
        qtbot, staffed: Workforce, window: MainWindow) -> None:
    page = loaded(qtbot, window)
    willow, changes = window.store.homes.add(oak_lodge(name="Willow House", urn="SC765432"))
    window.broadcast(changes)
    qtbot.waitUntil(page.all_homes_button.isVisible, timeout=10_000)
    page.all_homes_button.setChecked(True)
    qtbot.waitUntil(page.up_to_date, timeout=10_000)
    # The race: the manager left the view (one home asked for), came back before the answer arrived.
    page._jobs += 1
    late = Request(staffed.home_id, TODAY, page.period.spec, frozenset({Part.NEEDS}), page._jobs, all_homes=False)
    page._asked[Part.NEEDS] = late.job
    page._apply(compute(window.store, late))
    qtbot.waitUntil(page.up_to_date, timeout=10_000)
    assert {r[0] for r in shown_rows(page)} == {int(staffed.home_id), int(willow.id)}


def test_a_homes_needs_counts_are_its_all_homes_row(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """One rule for 'due soon' (and overdue, missing): the home's own heading counts the steps shown in the
    Next 72 hours band too, as its all-homes row does, and says how many of them are up there."""
    page = loaded(qtbot, window)
    _, changes = window.store.homes.add(oak_lodge(name="Willow House", urn="SC765432"))
    window.broadcast(changes)
    qtbot.waitUntil(page.all_homes_button.isVisible, timeout=10_000)
    qtbot.waitUntil(page.up_to_date, timeout=10_000)
    own = page.needs.counts.text()
    in_band = len(page.band.shown_keys())
    assert in_band > 0 and page.needs.left_out == in_band
    qtbot.mouseClick(page.all_homes_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.up_to_date, timeout=10_000)
    proxy = page.homes.proxy
    oak = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == "Oak Lodge (SC123456)")
    header = {proxy.headerData(c, Qt.Orientation.Horizontal): c for c in range(proxy.columnCount())}
    row = {name: int(proxy.index(oak, header[name]).data()) for name in ("Overdue", "Missing", "Due soon")}
    assert row["Due soon"] > 0
    words = " · ".join(f"{n} {name.lower()}" for name, n in row.items() if n)
    assert own == f"{words} · {in_band} of them in the Next 72 hours above"


def test_a_save_at_one_home_reaches_the_all_homes_view_as_that_homes_alone(  # type: ignore[no-untyped-def]
        qtbot, staffed: Workforce, window: MainWindow, monkeypatch) -> None:
    page = loaded(qtbot, window)
    willow, changes = window.store.homes.add(oak_lodge(name="Willow House", urn="SC765432"))
    window.broadcast(changes)
    qtbot.waitUntil(page.all_homes_button.isVisible, timeout=10_000)
    page.all_homes_button.setChecked(True)
    child, changes = window.store.children.add(willow.id, ChildDetails("W-1", "WH", date(2012, 3, 1),
                                                                       date(2025, 6, 1)))
    window.broadcast(changes)
    qtbot.waitUntil(page.up_to_date, timeout=10_000)
    asked: list[Request] = []
    made: list[str] = []  # the slices each compute worked out from the store
    real = dashboard_page.compute

    def spy(store, request):  # type: ignore[no-untyped-def]
        asked.append(request)
        result = real(store, request)
        made.extend(page.slices.made)
        return result
    monkeypatch.setattr(dashboard_page, "compute", spy)
    _, changes = window.store.incidents.add(willow.id, IncidentDetails(
        IncidentType.COMPLAINT, FIXED_NOW - timedelta(hours=1), (child.id,), "About the food"))
    window.broadcast(changes)
    qtbot.waitUntil(lambda: bool(asked) and page.up_to_date(), timeout=10_000)
    assert asked[0].changed_homes == {willow.id} and asked[0].changed is not None
    # Only Willow's incidents were read again; what is shown is what a compute from nothing lists.
    assert made.count("records") == 1 and "snapshot" not in made
    everyone = [(int(i.home.id), i.requirement.key, i.requirement.subject)
                for group in backlog(due_items(window.store, TODAY)) for i in group.items]
    qtbot.waitUntil(lambda: [r[:3] for r in shown_rows(page)] == everyone, timeout=10_000)
    assert any(r[0] == int(willow.id) for r in everyone)
