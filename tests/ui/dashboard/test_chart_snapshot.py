"""The dashboard's charts kept from the last run: drawn in the first frame for the very same records only.

Real SQLite files and the application controller as `carehome-desk` runs it (as the start snapshot's
tests). A first start keeps the charts' figures once every chart is drawn; the next start draws them
before the store is open, and the worker's figures, the same, draw nothing again. Another home's or
another state's charts, a damaged file, or an encrypted file mean the charts wait for the worker.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from carehome_desk import start_snapshot
from carehome_desk.services.dashboard_data import CHARTS
from carehome_desk.store.protection import protect
from carehome_desk.ui.app import AppController
from carehome_desk.ui.dashboard import chart_snapshot
from carehome_desk.ui.dashboard.chart_render import ChartSpec
from carehome_desk.ui.dashboard.chart_widget import ChartWidget
from carehome_desk.ui.main_window import MainWindow
from tests.ui.test_start_snapshot import CHEAP, controllers, plain_db  # noqa: F401 - fixtures used by name

CHART_WAIT_MS = 30_000
two_cores = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="with one core the charts wait for the store")


def first_run(qtbot, make: Callable[[], AppController], path: Path) -> None:  # type: ignore[no-untyped-def]
    """Start as usual, wait for the tiles and the charts to be kept, close."""
    controller = make()
    assert controller.start(path, explicit=True)
    assert controller.window is not None and controller.window.attached
    controller.window.nav.setCurrentRow(0)
    qtbot.waitUntil(lambda: start_snapshot.snapshot_path().exists() and chart_snapshot.charts_path().exists(),
                    timeout=CHART_WAIT_MS)
    controller.window.close()
    controller.shutdown()
    controller.window = None


def charts(window: MainWindow) -> list[ChartWidget]:
    return [window.dashboard.charts.charts[part] for part in CHARTS]


def watch_first_charts(window: MainWindow) -> list[bool]:
    """What the page's ``show_first_charts`` answers when the first frame's sections are built (a spy: the
    call itself is the page's own)."""
    answers: list[bool] = []
    page, real = window.dashboard, window.dashboard.show_first_charts

    def spy(key: dict[str, object], home_id: int) -> bool:
        answers.append(real(key, home_id))
        return answers[-1]

    page.show_first_charts = spy  # type: ignore[method-assign]
    return answers


@two_cores
def test_the_next_start_draws_the_kept_charts_before_the_store_and_the_workers_figures_draw_nothing_again(  # type: ignore[no-untyped-def]
        qtbot, controllers, plain_db: Path) -> None:
    first_run(qtbot, controllers, plain_db)
    kept = json.loads(chart_snapshot.charts_path().read_text(encoding="utf-8"))
    # The tiles' key with the day: the charts are kept for their day only.
    assert kept["key"]["day"] == start_snapshot.uk_today().isoformat()
    assert start_snapshot.file_key(kept["key"]) == json.loads(start_snapshot.snapshot_path().read_text(encoding="utf-8"))["key"]
    assert set(kept["charts"]) == {part.value for part in CHARTS}
    assert stat.S_IMODE(chart_snapshot.charts_path().stat().st_mode) == 0o600

    controller = controllers()
    assert controller.start(plain_db, explicit=True)
    window = controller.window
    assert window is not None and not window.attached
    sent = watch_first_charts(window)
    # Asked of the chart process once the sections are built and laid out, from the figures kept.
    qtbot.waitUntil(lambda: window.attached and bool(sent), timeout=CHART_WAIT_MS)
    assert sent == [True]
    qtbot.waitUntil(lambda: window.dashboard.charts_drawn(), timeout=CHART_WAIT_MS)
    first_pictures = [chart.summary for chart in charts(window)]
    qtbot.waitUntil(lambda: window.dashboard.up_to_date() and not any(c.busy() for c in charts(window)),
                    timeout=CHART_WAIT_MS)
    # The worker's figures for these records are the kept ones: no chart was drawn a second time.
    assert [chart.draws for chart in charts(window)] == [1, 1, 1, 1]
    assert [chart.summary for chart in charts(window)] == first_pictures
    assert [chart.drawn_spec for chart in charts(window)] == [chart_snapshot.spec_from_json(kept["charts"][p.value])
                                                              for p in CHARTS]


@two_cores
@pytest.mark.parametrize("tamper", ["another home", "another state", "damaged"])
def test_charts_kept_for_other_records_or_damaged_wait_for_the_worker(  # type: ignore[no-untyped-def]
        qtbot, controllers, plain_db: Path, caplog: pytest.LogCaptureFixture, tamper: str) -> None:
    first_run(qtbot, controllers, plain_db)
    file = chart_snapshot.charts_path()
    kept = json.loads(file.read_text(encoding="utf-8"))
    if tamper == "another home":
        kept["home_id"] += 1
    elif tamper == "another state":
        kept["key"]["audit"] = [0, "not this file's newest row"]
    else:
        kept["charts"]["incidents"]["months"] = ["not a day"]
    file.write_text(json.dumps(kept), encoding="utf-8")

    controller = controllers()
    assert controller.start(plain_db, explicit=True)
    window = controller.window
    assert window is not None and not window.attached  # the tiles' first frame still shows
    sent = watch_first_charts(window)
    qtbot.waitUntil(lambda: window.attached and bool(sent), timeout=CHART_WAIT_MS)
    assert sent == [False]  # the charts wait for the worker's figures
    assert ("start charts ignored" in caplog.text) == (tamper == "damaged")
    qtbot.waitUntil(lambda: window.attached and window.dashboard.charts_drawn(), timeout=CHART_WAIT_MS)


def test_an_encrypted_file_never_keeps_its_charts(qtbot, controllers, plain_db: Path) -> None:  # type: ignore[no-untyped-def]
    first_run(qtbot, controllers, plain_db)  # kept while the file was clear
    assert chart_snapshot.charts_path().exists()
    protect(plain_db, "correct horse battery", kdf=CHEAP)
    controller = controllers()
    assert controller.open(plain_db, password="correct horse battery")
    window = controller.window
    assert window is not None
    window.nav.setCurrentRow(0)
    qtbot.waitUntil(lambda: window.dashboard.charts_drawn() and window.dashboard.up_to_date(),
                    timeout=CHART_WAIT_MS)
    assert not chart_snapshot.charts_path().exists()  # the clear file's figures are gone too


def test_kept_figures_read_back_as_the_same_charts(data_home: Path, caplog: pytest.LogCaptureFixture) -> None:
    months = [date(2026, 1, 1), date(2026, 2, 1)]
    specs = {
        "incidents": ChartSpec("incidents", "last 2 months", months=months, labels=["Jan 26", "Feb 26"],
                               values={"Complaint": [1, 0.5]}),
        "grades": ChartSpec("grades", "last 2 months", days=[date(2026, 1, 9)],
                            values={"Overall experiences": [2.0, None]}, first=months[0], last=date(2026, 2, 28),
                            grade_ticks={1.0: "Inadequate", 2.5: "Good"}),
    }
    key = {"file": "home.sqlite3", "audit": [7, "abc"], "day": "2026-02-14"}
    chart_snapshot.save(key, 3, specs)
    assert chart_snapshot.load(key, 3) == specs
    assert chart_snapshot.load(key, 4) == {} and chart_snapshot.load({**key, "day": "2026-02-15"}, 3) == {}
    chart_snapshot.charts_path().write_text("{not json", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert chart_snapshot.load(key, 3) == {}
    assert "start charts ignored" in caplog.text


def test_a_chart_given_the_figures_it_shows_is_not_drawn_again(qtbot) -> None:  # type: ignore[no-untyped-def]
    from carehome_desk.ui.dashboard.chart_process import ChartDrawer

    drawer = ChartDrawer("inline")
    chart = ChartWidget("Incidents", drawer)
    qtbot.addWidget(chart)
    chart.resize(480, 330)
    spec = ChartSpec("incidents", "last 2 months", months=[date(2026, 1, 1)], labels=["Jan 26"],
                     values={"Complaint": [1.0]})
    chart.show_pictures()
    chart.draw(spec)
    assert chart.draws == 1 and chart.drawn_spec == spec
    chart.draw(ChartSpec(spec.kind, spec.words, list(spec.months), list(spec.labels), {"Complaint": [1]}))
    assert chart.draws == 1  # the same figures (1 is 1.0): nothing drawn
    chart.draw(ChartSpec(spec.kind, spec.words, list(spec.months), list(spec.labels), {"Complaint": [2.0]}))
    assert chart.draws == 2 and "2" in chart.summary
    drawer.stop()
