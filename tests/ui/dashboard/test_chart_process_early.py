"""The chart process started in the program's first moments: the dashboard takes it over, it is ended
when no window opens, and a command-line command starts none."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from carehome_desk.paths import data_dir
from carehome_desk.start import main
from carehome_desk.store import Store
from carehome_desk.ui.dashboard import chart_process
from carehome_desk.ui.dashboard.chart_process import ChartDrawer, ChartProcess
from carehome_desk.ui.dashboard.chart_render import LAYOUTS_FILE
from carehome_desk.ui.main_window import MainWindow
from tests.ui.conftest import discard_all
from tests.ui.dashboard.test_chart_process import CHART_WAIT_MS, INCIDENTS, SIZE, gone

two_cores = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="with one core no chart process is started")


@pytest.fixture(autouse=True)
def no_early_process_left() -> Iterator[None]:
    yield
    chart_process.stop_early()


@two_cores
def test_the_dashboard_takes_over_the_process_started_with_the_program(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, qsettings: QSettings, data_home: Path) -> None:
    early = chart_process.start_early(data_dir() / LAYOUTS_FILE)
    assert early is not None and early.alive() and early.pid is not None
    window = MainWindow(home_store, qsettings)
    qtbot.addWidget(window, before_close_func=discard_all)
    drawer = window.dashboard.charts.drawer
    assert drawer.process is early  # the same process: none of its own
    assert chart_process.adopt(data_dir() / LAYOUTS_FILE) is None  # handed over once only
    window.show()
    window.nav.setCurrentRow(window.pages.index(window.dashboard))
    qtbot.waitUntil(window.dashboard.charts_drawn, timeout=CHART_WAIT_MS)
    assert drawer.in_process()  # every chart came from the early process
    window.close()
    assert gone(early.pid)


@two_cores
def test_an_early_process_for_other_layouts_or_one_that_died_is_ended_and_not_taken(tmp_path: Path) -> None:
    other = chart_process.start_early(tmp_path / "other.json")
    assert other is not None and other.pid is not None
    drawer = ChartDrawer("process", layouts=tmp_path / LAYOUTS_FILE)
    try:
        assert drawer.process is not other and gone(other.pid)
        assert drawer.render("Incidents", INCIDENTS, SIZE).summary  # its own process draws
    finally:
        drawer.stop()
    dead = chart_process.start_early(tmp_path / LAYOUTS_FILE)
    assert dead is not None and dead.process is not None
    dead.process.kill()
    dead.process.wait()
    drawer = ChartDrawer("process", layouts=tmp_path / LAYOUTS_FILE)
    try:
        assert drawer.process is not dead and drawer.in_process()
    finally:
        drawer.stop()


def test_stopping_the_early_process_when_no_window_took_it_ends_it(tmp_path: Path) -> None:
    early = chart_process.start_early(tmp_path / LAYOUTS_FILE)
    chart_process.stop_early()
    if early is not None:  # one core: none was started
        assert early.pid is not None and gone(early.pid) and not early.alive()
    assert chart_process.adopt(tmp_path / LAYOUTS_FILE) is None


#: `carehome-desk --db FILE` in a fresh process whose window never opens (the manager is told why in a
#: message box, stood in for here): prints the exit code, whether a chart process was started, whether it
#: had ended by the time the command returned, and what the manager was told.
NEVER_OPENS = """
import sys
from PySide6.QtWidgets import QMessageBox
told = []
QMessageBox.critical = staticmethod(lambda _parent, _title, text, *_a, **_k: told.append(text))
from carehome_desk.ui.dashboard import chart_process
started = []
real = chart_process.start_early
def spy(layouts):
    started.append(real(layouts))
    return started[-1]
chart_process.start_early = spy
from carehome_desk.start import main
code = main(["--db", sys.argv[1]])
process = started[0] if started else None
print(code, process is not None and process.pid is not None,
      process is not None and process.process is not None and process.process.poll() is not None, flush=True)
print(told[0] if told else "nothing said", flush=True)
"""


@two_cores
@pytest.mark.parametrize("why", ["another copy has it open", "not a database"])
def test_no_chart_process_is_left_when_the_window_never_opens(home_store: Store, db_path: Path, tmp_path: Path,
                                                              why: str) -> None:
    from carehome_desk.store.writer_lock import take_writer_lock

    home_store.close()
    lock = None
    if why == "not a database":
        db_path.write_bytes(b"a letter, saved with the wrong name" * 100)
    else:
        lock = take_writer_lock(db_path, wait=0)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CAREHOME_DESK_HOME=str(tmp_path / "fresh-userdata"))
    try:
        result = subprocess.run([sys.executable, "-c", NEVER_OPENS, str(db_path)], capture_output=True, text=True,
                                env=env, timeout=120, cwd=Path(__file__).resolve().parents[3])
    finally:
        if lock is not None:
            lock.release()
    assert result.returncode == 0, result.stderr
    started_and_ended, told = result.stdout.splitlines()[:2]
    assert started_and_ended == "0 True True"  # started at once, ended before the command returned
    assert ("already open" in told) if lock is not None else ("Could not" in told or "database" in told)


def test_a_command_line_command_starts_no_chart_process(home_store: Store, db_path: Path, data_home: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    home_store.close()
    started: list[object] = []
    real = ChartProcess.__init__

    def spy(self: ChartProcess, layouts: Path | None = None) -> None:
        started.append(layouts)
        real(self, layouts)

    monkeypatch.setattr(ChartProcess, "__init__", spy)
    assert main(["--db", str(db_path), "homes"]) == 0
    assert "Oak Lodge" in capsys.readouterr().out
    assert started == [] and chart_process.adopt(data_dir() / LAYOUTS_FILE) is None


def test_the_warm_up_drawing_is_left_out_when_a_chart_is_already_asked_for() -> None:
    read, write = os.pipe()
    with os.fdopen(read, "rb") as requests, os.fdopen(write, "wb") as app:
        assert chart_process.nothing_waiting(requests)
        app.write(b"x")
        app.flush()
        assert not chart_process.nothing_waiting(requests)
