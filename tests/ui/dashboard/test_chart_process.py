"""The dashboard's charts drawn in a chart process: the picture arrives, a dead process falls back to
drawing here, and the process ends with the window (and with the app if it is killed). The drawer's cases
run both ways the app waits for a reply: on the pipe itself, and through the wire's thread (as on Windows)."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from carehome_desk.kept_files import settle
from carehome_desk.services.dashboard_data import Part
from carehome_desk.ui.dashboard.chart_process import ChartDrawer, ChartProcessGone
from carehome_desk.ui.dashboard.chart_render import ChartSpec, Renderer, Size
from carehome_desk.ui.main_window import MainWindow
from tests.ui.dashboard.wire_ways import WAYS, wait_the_way

MONTHS = [date(2026, m, 1) for m in range(1, 7)]
INCIDENTS = ChartSpec("incidents", "last 6 months", months=MONTHS, labels=[f"{m:%b %y}" for m in MONTHS],
                      values={"Complaint": [1.0, 0.0, 2.0, 0.0, 1.0, 3.0], "Restraint": [0.0, 1.0, 0.0, 0.0, 2.0, 0.0]})
SIZE = Size(480, 330, 1.0, 96.0)
CHART_WAIT_MS = 30_000


@pytest.fixture(params=WAYS)
def drawer(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[ChartDrawer]:
    """A drawer with its chart process, waiting for its replies on the pipe or, as on Windows, on a thread."""
    wait_the_way(request.param, monkeypatch)
    d = ChartDrawer("process")
    assert d.process is not None and d.process.wire is not None
    assert d.process.wire.on_thread == (request.param == "thread")
    yield d
    d.stop()


def gone(pid: int) -> bool:
    """True once process ``pid`` has ended (reaped, or a zombie nobody has reaped yet)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


def test_the_chart_process_draws_the_same_picture_as_this_process(drawer: ChartDrawer) -> None:
    assert drawer.in_process() and drawer.process is not None and drawer.process.pid != os.getpid()
    there = drawer.render("Incidents", INCIDENTS, SIZE)
    here = Renderer().render("Incidents", INCIDENTS, SIZE)
    assert (there.width, there.height) == (480, 330) and len(there.rgba) == 480 * 330 * 4
    assert there.summary == here.summary and "10 incidents" in there.summary
    assert there.rgba == here.rgba  # the same figures, drawn the same way
    png = drawer.png("Incidents", INCIDENTS, SIZE)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_dead_chart_process_falls_back_to_drawing_here_and_says_so(drawer: ChartDrawer,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    assert drawer.process is not None and drawer.process.pid is not None
    os.kill(drawer.process.pid, signal.SIGKILL)
    drawer.process.process.wait()  # type: ignore[union-attr]
    with caplog.at_level(logging.WARNING):
        picture = drawer.render("Incidents", INCIDENTS, SIZE)
    assert "10 incidents" in picture.summary and len(picture.rgba) == 480 * 330 * 4
    assert not drawer.in_process() and drawer.process.gone
    assert "chart process stopped" in caplog.text
    assert drawer.render("Incidents", INCIDENTS, SIZE).summary == picture.summary  # and goes on drawing here


def test_a_defect_in_a_drawing_comes_back_as_an_error_with_its_traceback(drawer: ChartDrawer) -> None:
    with pytest.raises(RuntimeError, match="KeyError"):
        drawer.render("Odd", ChartSpec("no such chart", "words"), SIZE)
    assert drawer.in_process()  # one bad drawing does not end the process


def test_a_stopped_drawer_draws_nothing_more_and_its_process_has_ended(drawer: ChartDrawer) -> None:
    assert drawer.process is not None and drawer.process.pid is not None
    pid = drawer.process.pid
    drawer.stop()
    assert gone(pid)
    with pytest.raises(ChartProcessGone):
        drawer.render("Incidents", INCIDENTS, SIZE)


def test_drawing_inline_starts_no_process_and_draws_the_same_picture() -> None:
    inline = ChartDrawer("inline")
    assert inline.process is None and not inline.in_process()
    picture = inline.render("Incidents", INCIDENTS, SIZE)
    assert picture.rgba == Renderer().render("Incidents", INCIDENTS, SIZE).rgba and "10 incidents" in picture.summary
    inline.stop()
    with pytest.raises(ChartProcessGone):
        inline.render("Incidents", INCIDENTS, SIZE)  # stopped: nothing more, here either


def test_unknown_ways_of_drawing_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown way of drawing charts"):
        ChartDrawer("somewhere")


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="with one core the window draws its charts itself")
def test_the_window_draws_its_charts_in_the_process_and_ends_it_when_closed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.dashboard
    window.nav.setCurrentRow(window.pages.index(page))
    drawer = page.charts.drawer
    assert drawer.process is not None and drawer.process.pid is not None
    pid = drawer.process.pid
    qtbot.waitUntil(page.charts_drawn, timeout=CHART_WAIT_MS)
    assert drawer.in_process()  # every chart came from the process, none fell back
    chart = page.charts.charts[Part.TRAINING]
    assert chart.ready and "Required training in date" in chart.summary
    window.close()
    assert gone(pid)


def test_the_chart_process_ends_when_the_app_is_killed() -> None:
    code = ("import os, sys\n"
            "from carehome_desk.ui.dashboard.chart_process import ChartProcess\n"
            "p = ChartProcess()\n"
            "print(p.pid, flush=True)\n"
            "os._exit(0)  # no clean-up: as if the app were killed\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    pid = int(result.stdout.strip())
    deadline = time.monotonic() + 60  # it notices once matplotlib has loaded and it reads its closed pipe
    while not gone(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone(pid)


def test_a_redraw_with_the_same_words_keeps_the_layout_and_the_picture_is_the_same_as_a_fresh_one() -> None:
    renderer = Renderer()
    renderer.render("Incidents", INCIDENTS, SIZE)
    one_more = ChartSpec(INCIDENTS.kind, INCIDENTS.words, INCIDENTS.months, INCIDENTS.labels,
                         {"Complaint": [1.0, 1.0, 2.0, 0.0, 1.0, 3.0], "Restraint": INCIDENTS.values["Restraint"]})
    kept = renderer.render("Incidents", one_more, SIZE)  # the busiest month and every word unchanged
    assert renderer.reused == 1
    assert kept.rgba == Renderer().render("Incidents", one_more, SIZE).rgba
    busier = ChartSpec(INCIDENTS.kind, INCIDENTS.words, INCIDENTS.months, INCIDENTS.labels,
                       {"Complaint": [1.0, 1.0, 2.0, 0.0, 1.0, 9.0], "Restraint": INCIDENTS.values["Restraint"]})
    relaid = renderer.render("Incidents", busier, SIZE)  # the y axis counts higher: laid out afresh
    assert renderer.reused == 1 and "17 incidents" in relaid.summary
    assert relaid.rgba == Renderer().render("Incidents", busier, SIZE).rgba


def test_layouts_kept_in_a_file_serve_the_next_session_and_a_broken_file_is_laid_out_afresh(tmp_path: Path) -> None:
    kept = tmp_path / "chart-layouts.json"
    first = Renderer(kept)
    before = first.render("Incidents", INCIDENTS, SIZE)
    settle()  # the layouts are written on a thread of their own
    assert first.reused == 0 and "Complaint" in kept.read_text(encoding="utf-8")
    assert "Oak Lodge" not in kept.read_text(encoding="utf-8")  # words on the chart only, never the home's
    next_session = Renderer(kept)
    again = next_session.render("Incidents", INCIDENTS, SIZE)
    assert next_session.reused == 1 and again.rgba == before.rgba
    kept.write_text("{not json", encoding="utf-8")
    broken = Renderer(kept)
    assert broken.render("Incidents", INCIDENTS, SIZE).rgba == before.rgba and broken.reused == 0


def test_the_window_keeps_the_charts_layouts_in_its_data_folder(qtbot, window: MainWindow, data_home: Path) -> None:  # type: ignore[no-untyped-def]
    data_home.mkdir(parents=True, exist_ok=True)  # the app's data folder, which the app always has
    page = window.dashboard
    window.nav.setCurrentRow(window.pages.index(page))
    qtbot.waitUntil(page.charts_drawn, timeout=CHART_WAIT_MS)
    kept = data_home / "chart-layouts.json"
    qtbot.waitUntil(kept.exists, timeout=CHART_WAIT_MS)
    assert "Required training in date" in kept.read_text(encoding="utf-8")
