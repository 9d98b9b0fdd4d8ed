"""The chart process when things go wrong: junk on its pipe, a hang, a folder that shadows a library, and what
it is given. Each time the charts are still drawn (here, when the process cannot), the log says so in plain
words, and the process never sees the records' address or a password. What happens on its pipe is tried both
ways the app can wait for a reply: on the pipe itself (POSIX), and through the wire's thread (as on Windows).
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from carehome_desk.paths import DB_ENV
from carehome_desk.ui.dashboard import chart_process
from carehome_desk.ui.dashboard.chart_process import ChartDrawer, ChartProcess
from carehome_desk.ui.dashboard.chart_render import Picture, Renderer
from carehome_desk.ui.main_window import MainWindow
from tests.ui.dashboard.test_chart_process import INCIDENTS, SIZE, gone
from tests.ui.dashboard.wire_ways import WAYS, wait_the_way

#: Only a guard so that a broken fallback fails the test instead of hanging the suite; nothing is timed.
NEVER = 120.0


@pytest.fixture(params=WAYS)
def drawer(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[ChartDrawer]:
    """A drawer with its chart process, whose replies are waited for on the pipe (POSIX) or, as on Windows,
    through the wire's thread with ``select`` refusing pipes."""
    wait_the_way(request.param, monkeypatch)
    d = ChartDrawer("process")
    assert d.process is not None and d.process.wire is not None
    assert d.process.wire.on_thread == (request.param == "thread")
    yield d
    d.stop()


def pid_of(drawer: ChartDrawer) -> int:
    assert drawer.process is not None and drawer.process.pid is not None
    return drawer.process.pid


def render_guarded(drawer: ChartDrawer) -> Picture:
    """``drawer.render`` on a thread of its own (as the dashboard does), failing rather than waiting for ever."""
    answer: list[object] = []
    thread = threading.Thread(target=lambda: answer.append(_try(drawer)), daemon=True)
    thread.start()
    thread.join(NEVER)
    assert not thread.is_alive(), "the window would wait for ever for this chart"
    assert isinstance(answer[0], Picture), answer[0]
    return answer[0]


def _try(drawer: ChartDrawer) -> object:
    try:
        return drawer.render("Incidents", INCIDENTS, SIZE)
    except Exception as exc:  # noqa: BLE001 - reported by the test
        return exc


def reply_pipe(drawer: ChartDrawer) -> Path:
    """The chart process's end of the pipe its replies come back on (whichever descriptor it now has)."""
    assert drawer.process is not None and drawer.process.process is not None
    assert drawer.process.process.stdout is not None
    ours = os.fstat(drawer.process.process.stdout.fileno())
    pid = pid_of(drawer)
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            theirs = fd.stat()
        except OSError:
            continue
        if (theirs.st_dev, theirs.st_ino) == (ours.st_dev, ours.st_ino):
            return fd
    raise AssertionError("the chart process has no replies pipe")


@pytest.mark.parametrize("junk", [b"N.", b"I42\n.", b"Traceback (most recent call last):\n",
                                  pickle.dumps(("ok", "not a picture"))])
def test_junk_on_the_chart_processs_pipe_means_drawing_here_and_a_plain_note_in_the_log(
        drawer: ChartDrawer, caplog: pytest.LogCaptureFixture, junk: bytes) -> None:
    expected = Renderer().render("Incidents", INCIDENTS, SIZE)
    assert drawer.render("Incidents", INCIDENTS, SIZE).rgba == expected.rgba  # drawn there first
    pid = pid_of(drawer)
    with open(reply_pipe(drawer), "wb") as pipe:  # as if something else in that process wrote to it
        pipe.write(junk)
    with caplog.at_level(logging.INFO):
        picture = render_guarded(drawer)
    assert picture.rgba == expected.rgba and picture.summary == expected.summary
    assert not drawer.in_process() and gone(pid)  # not asked again: its replies can no longer be trusted
    assert "drawing charts in this process" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_library_printing_in_the_chart_process_does_not_spoil_its_replies(drawer: ChartDrawer) -> None:
    expected = Renderer().render("Incidents", INCIDENTS, SIZE)
    drawer.render("Incidents", INCIDENTS, SIZE)
    with open(f"/proc/{pid_of(drawer)}/fd/1", "wb") as stdout:  # the process's standard output, as C code prints
        stdout.write(b"Fontconfig warning: ignoring UTF-8: not a valid region tag\n")
    assert render_guarded(drawer).rgba == expected.rgba
    assert drawer.in_process()  # still drawn there


def test_a_chart_process_that_hangs_is_ended_and_the_chart_is_drawn_here(
        drawer: ChartDrawer, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = Renderer().render("Incidents", INCIDENTS, SIZE)
    drawer.render("Incidents", INCIDENTS, SIZE)  # with the usual wait: the first loads matplotlib there
    assert drawer.in_process()
    monkeypatch.setattr(chart_process, "REPLY_WAIT", 1.0, raising=False)
    pid = pid_of(drawer)
    os.kill(pid, signal.SIGSTOP)  # alive, but answers nothing
    try:
        with caplog.at_level(logging.INFO):
            picture = render_guarded(drawer)
    finally:
        if not gone(pid):
            os.kill(pid, signal.SIGCONT)
    assert picture.rgba == expected.rgba
    assert not drawer.in_process() and gone(pid)
    assert "did not answer" in caplog.text and "drawing charts in this process" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_the_chart_process_does_not_import_from_the_folder_the_app_was_started_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shadow = tmp_path / "started-here" / "matplotlib"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('a folder named matplotlib where the app was started')\n")
    monkeypatch.chdir(shadow.parent)
    drawer = ChartDrawer("process")
    try:
        picture = drawer.render("Incidents", INCIDENTS, SIZE)
        assert "10 incidents" in picture.summary
        assert drawer.in_process()  # drawn there: the folder's matplotlib was never imported
    finally:
        drawer.stop()


def test_the_chart_process_is_not_given_the_records_address_or_a_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DB_ENV, "postgresql://desk:s3cret-word@db.example/desk")
    monkeypatch.setenv("PGPASSWORD", "an0ther-secret")
    process = ChartProcess()
    try:
        assert process.pid is not None
        assert process.render("Incidents", INCIDENTS, SIZE).width == SIZE.width  # running: what it was given is final
        environ = Path(f"/proc/{process.pid}/environ").read_bytes()
        command = Path(f"/proc/{process.pid}/cmdline").read_bytes()
    finally:
        process.stop()
    for secret in (b"s3cret-word", b"an0ther-secret", b"db.example"):
        assert secret not in environ and secret not in command
    assert b"PATH=" in environ  # the rest of the environment is as the app's


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="with one core the window draws its charts itself")
def test_closing_the_window_while_a_chart_is_drawn_logs_no_error(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, caplog: pytest.LogCaptureFixture) -> None:
    page = window.dashboard
    drawer = page.charts.drawer
    pid = pid_of(drawer)
    os.kill(pid, signal.SIGSTOP)  # the chart being drawn stays unfinished until the window closes
    try:
        window.nav.setCurrentRow(window.pages.index(page))
        qtbot.waitUntil(lambda: any(chart.busy() and chart.ready for chart in page.charts.charts.values()),
                        timeout=30_000)
        with caplog.at_level(logging.INFO):
            window.close()
    finally:
        if not gone(pid):
            os.kill(pid, signal.SIGCONT)
    assert gone(pid)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text  # an ordinary close


#: `carehome-desk --db FILE` in a fresh process: once the window's tiles are on show it prints its chart
#: process's id and waits to be killed.
KILLED_APP = """
import sys, time
from carehome_desk.ui import app_first_frame
from carehome_desk.ui.dashboard import chart_process
def shown(window):
    drawer = window.dashboard.charts.drawer if window.dashboard.built else None
    process = drawer.process if drawer is not None else chart_process._early
    print(process.pid if process is not None else "none", flush=True)
    time.sleep(600)
app_first_frame.TILES_SHOWN.append(shown)
from carehome_desk.start import main
main(["--db", sys.argv[1]])
"""


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="with one core the window draws its charts itself")
def test_the_chart_process_ends_when_the_app_is_killed_outright(  # type: ignore[no-untyped-def]
        home_store, db_path: Path, data_home: Path) -> None:
    home_store.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CAREHOME_DESK_HOME=str(data_home),
               PYTHONPATH=os.pathsep.join(sys.path))
    app = subprocess.Popen([sys.executable, "-c", KILLED_APP, str(db_path)], stdout=subprocess.PIPE, env=env)
    try:
        assert app.stdout is not None
        pid = int(app.stdout.readline())
        assert not gone(pid)
    finally:
        app.send_signal(signal.SIGKILL)  # no clean-up of any kind
        app.wait()
    deadline = time.monotonic() + NEVER  # a guard, not a measure: it ends at once, or after matplotlib loads
    while not gone(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone(pid)


def waiting_in(pipe: int) -> int:
    """How many bytes sit unread in a pipe (either end)."""
    import fcntl
    import struct
    import termios

    return int(struct.unpack("i", fcntl.ioctl(pipe, termios.FIONREAD, b"\0\0\0\0"))[0])


def test_a_chart_process_killed_while_it_is_asked_for_a_chart_means_drawing_here(
        drawer: ChartDrawer, caplog: pytest.LogCaptureFixture) -> None:
    expected = Renderer().render("Incidents", INCIDENTS, SIZE)
    drawer.render("Incidents", INCIDENTS, SIZE)
    pid = pid_of(drawer)
    assert drawer.process is not None and drawer.process.process is not None
    assert drawer.process.process.stdin is not None
    requests = drawer.process.process.stdin.fileno()
    os.kill(pid, signal.SIGSTOP)
    answer: list[object] = []
    thread = threading.Thread(target=lambda: answer.append(_try(drawer)), daemon=True)
    with caplog.at_level(logging.INFO):
        thread.start()
        while not waiting_in(requests) and thread.is_alive():
            thread.join(0.01)  # until the request has been sent and not yet read
        os.kill(pid, signal.SIGKILL)  # it dies with the chart asked for
        thread.join(NEVER)
    assert not thread.is_alive()
    assert isinstance(answer[0], Picture) and answer[0].rgba == expected.rgba
    assert not drawer.in_process() and gone(pid)
    assert "chart process stopped" in caplog.text and "drawing charts in this process" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="with one core the window draws its charts itself")
def test_the_chart_process_has_no_way_into_the_records(window: MainWindow, db_path: Path) -> None:
    drawer = window.dashboard.charts.drawer
    drawer.render("Incidents", INCIDENTS, SIZE)  # running, started after the store was opened
    opened = []
    for fd in Path(f"/proc/{pid_of(drawer)}/fd").iterdir():
        try:
            opened.append(os.readlink(fd))
        except OSError:
            continue
    assert opened and not [name for name in opened if name.startswith(str(db_path))]
    assert str(db_path) not in Path(f"/proc/{pid_of(drawer)}/cmdline").read_text(errors="replace")


def test_the_chart_process_imports_the_same_copy_of_the_app_as_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Started with -P, it would otherwise import whichever copy is installed (another checkout, an older
    version), whose replies the window cannot read: every chart would be drawn in the window's process."""
    import carehome_desk

    monkeypatch.delenv("PYTHONPATH", raising=False)
    process = ChartProcess()
    try:
        assert process.pid is not None
        assert process.render("Incidents", INCIDENTS, SIZE).width == SIZE.width  # a reply it could read
        assert process.alive()  # drawn there, not here after it failed
        # Read once it has answered: straight after the start, the kernel may not have set up the new program's
        # environment yet (the pipe that tells Popen the start worked closes first), and the file reads empty.
        environ = Path(f"/proc/{process.pid}/environ").read_bytes().split(b"\0")
    finally:
        process.stop()
    path = next(v for v in environ if v.startswith(b"PYTHONPATH=")).split(b"=", 1)[1].decode()
    assert path.split(os.pathsep)[0] == str(Path(carehome_desk.__file__).resolve().parent.parent)
