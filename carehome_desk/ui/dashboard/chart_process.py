"""The dashboard's charts drawn in a second process, so matplotlib never runs in the window's process.

Importing matplotlib (about a third of a second) and drawing a chart (a tenth of a second
each) are Python work that holds the interpreter lock: on a thread of the window's process
they delay the key presses and clicks the window is answering. ``ChartProcess`` starts
``python -m`` this module, which imports matplotlib on the second core while the window opens: the
``carehome-desk`` command starts it in its first moments, before Qt is imported (``start_early``),
and the dashboard takes that process over (``adopt``), or starts one of its own; the dashboard
sends each chart's figures and size and gets back its pixels (``chart_render``). The process
imports neither Qt nor the store.

If the process cannot be started, has gone, does not answer within ``REPLY_WAIT`` seconds, or
sends anything but a reply, ``render`` raises ``ChartProcessGone``, the process is ended, and the
dashboard draws in its own process from then on (and logs why, in a line of its own). ``stop`` ends
the process (the window calls it when it closes; ``atexit`` too); the process also ends by itself as
soon as the app has gone (it watches the app's process id, and its requests pipe closing), so a
killed app leaves none behind.

Requests are pickled over the child's standard input; replies come back framed (chart_wire.py) over
a copy of its standard output, whose own descriptor then points at nothing, so a library printing
there cannot spoil a reply. The process is started with ``-P`` (the folder the app was started in is
not searched for modules) and without the records' address or any password in its environment.
"""

from __future__ import annotations

import atexit
import gc
import logging
import os
import pickle
import subprocess
import sys
import threading
import time
import traceback
import weakref
from pathlib import Path
from typing import IO, Any, NoReturn

from carehome_desk.ui.dashboard.chart_render import ChartSpec, Picture, Renderer, Size
from carehome_desk.ui.dashboard.chart_wire import PARENT_ENV, NoReply, Wire, child_environment, write_reply

log = logging.getLogger(__name__)

#: How long to wait for the process to end once killed.
STOP_WAIT = 5.0
#: How long the chart process waits for another drawing before collecting the last ones' reference cycles.
COLLECT_AFTER = 0.02
#: How long a chart may take to come back (the first waits for matplotlib to load, on a busy machine too)
#: before the process is given up on and the charts are drawn here.
REPLY_WAIT = 30.0


class ChartProcessGone(Exception):
    """The chart process could not be started, has stopped, or died while drawing."""


class ChartProcess:
    """A chart-drawing process: ``render`` and ``png`` send one request and wait for its answer
    (call them off the GUI thread, except for a rare PNG save); one request at a time."""

    def __init__(self, layouts: Path | None = None) -> None:
        self.layouts = layouts
        self._lock = threading.Lock()
        self.stopped = False
        #: True once the process could not be started or has stopped: nothing more is sent to it.
        self.gone = False
        try:
            command = [sys.executable, "-P", "-m", __name__, *([str(layouts)] if layouts is not None else [])]
            self.process: subprocess.Popen[bytes] | None = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                env=child_environment(os.environ, os.getpid()))
        except OSError as exc:
            log.warning("Drawing the dashboard's charts in this process: no chart process could be started (%s).",
                        exc)
            self.process = None
            self.gone = True
        self.wire: Wire | None = None
        if self.process is not None and self.process.stdin is not None and self.process.stdout is not None:
            self.wire = Wire(self.process.stdin, self.process.stdout)
        _running.add(self)

    @property
    def pid(self) -> int | None:
        """The process's id, or None if none was started."""
        return self.process.pid if self.process is not None else None

    def alive(self) -> bool:
        """True while the process is there to draw."""
        return not self.stopped and not self.gone and self.process is not None and self.process.poll() is None

    def _ask(self, request: tuple[Any, ...]) -> Any:
        with self._lock:
            process, wire = self.process, self.wire
            if self.stopped or self.gone or process is None or wire is None:
                raise ChartProcessGone("the chart process is not running")
            try:
                verb, answer = wire.ask(request, REPLY_WAIT)
            except (OSError, ValueError, NoReply) as exc:
                self.gone = True
                self._end(process)
                if not self.stopped:
                    log.warning("%s; drawing charts in this process.", _why(exc, process))
                raise ChartProcessGone("the chart process has stopped") from exc
        if verb == "failed":  # a defect in the drawing: the same code would fail here too
            raise RuntimeError(f"A chart could not be drawn:\n{answer}")
        return answer

    def render(self, name: str, spec: ChartSpec, size: Size) -> Picture:
        """The chart's pixels, drawn in the process."""
        picture = self._ask(("render", name, spec, size))
        if not isinstance(picture, Picture) or len(picture.rgba) != picture.width * picture.height * 4:
            self._refuse()
        return picture

    def png(self, name: str, spec: ChartSpec, size: Size) -> bytes:
        """The chart as PNG bytes, drawn in the process."""
        data = self._ask(("png", name, spec, size))
        if not isinstance(data, bytes):
            self._refuse()
        return data

    def _refuse(self) -> NoReturn:
        """A reply that is not what was asked for: nothing more is asked of this process."""
        with self._lock:
            self.gone = True
            if self.process is not None:
                self._end(self.process)
        if not self.stopped:
            log.warning("The chart process sent something that is not a chart; drawing charts in this process.")
        raise ChartProcessGone("the chart process sent something that is not a chart")

    def stop(self) -> None:
        """End the process (at once: it holds nothing that needs saving)."""
        self.stopped = True
        process = self.process
        if process is not None:
            self._end(process)
        _running.discard(self)

    def _end(self, process: subprocess.Popen[bytes]) -> None:
        try:
            if process.poll() is None:
                process.kill()
            process.wait(STOP_WAIT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.warning("The chart process did not end when asked (%s).", exc)
        if self.wire is not None:
            self.wire.close()


def _why(exc: BaseException, process: subprocess.Popen[bytes]) -> str:
    """Why no chart came back, in a line for the log."""
    if isinstance(exc, NoReply) and exc.late:
        return f"The chart process did not answer within {REPLY_WAIT:g} seconds and was ended"
    if isinstance(exc, NoReply) and not exc.ended:
        return f"The chart process {exc} and was ended"
    return f"The chart process stopped (exit code {process.poll()})"


_running: weakref.WeakSet[ChartProcess] = weakref.WeakSet()


def stop_all() -> None:
    """End every chart process still running (the app is exiting)."""
    for chart_process in list(_running):
        chart_process.stop()


atexit.register(stop_all)

#: The chart process the program started in its first moments, until a dashboard takes it.
_early: ChartProcess | None = None


def second_core() -> bool:
    """True when there is a second core for a chart process to draw on."""
    return (os.cpu_count() or 1) >= 2


def start_early(layouts: Path | None) -> ChartProcess | None:
    """Start the chart process now, before the window's modules load, so matplotlib is imported while
    the window starts; the dashboard takes it over (``adopt``). None with one core (drawn in the app)."""
    global _early
    if _early is None and second_core():
        _early = ChartProcess(layouts)
    return _early


def adopt(layouts: Path | None) -> ChartProcess | None:
    """The process ``start_early`` started, handed to one dashboard only; None when there is none, or it
    has stopped, or it keeps its layouts in another file (then it is ended)."""
    global _early
    process, _early = _early, None
    if process is None:
        return None
    if process.layouts != layouts or not process.alive():
        process.stop()
        return None
    return process


def stop_early() -> None:
    """End the early process if no dashboard took it (the window never opened: a refused lock, a wrong
    password, an error)."""
    global _early
    process, _early = _early, None
    if process is not None:
        process.stop()


class ChartDrawer:
    """Draws the dashboard's charts in a chart process when there is one (``how``: ``auto`` starts one
    when there is a second core to run it on, ``process`` always, ``inline`` never), else here.
    ``layouts``: the file that keeps the charts' layouts between sessions (see ``chart_render``)."""

    def __init__(self, how: str = "auto", layouts: Path | None = None):
        if how not in ("auto", "process", "inline"):
            raise ValueError(f"unknown way of drawing charts: {how!r}")
        wanted = how == "process" or (how == "auto" and second_core())
        self.process: ChartProcess | None = (adopt(layouts) or ChartProcess(layouts)) if wanted else None
        self._layouts = layouts
        self._here: Renderer | None = None
        self._here_lock = threading.Lock()
        self.stopped = False

    def in_process(self) -> bool:
        """True while charts are drawn by the chart process (not in this one)."""
        return self.process is not None and self.process.alive()

    def _local(self) -> Renderer:
        with self._here_lock:
            if self._here is None:
                self._here = Renderer(self._layouts)
            return self._here

    def warm_up(self) -> None:
        """Load matplotlib here (off the GUI thread) unless the chart process draws."""
        if not self.in_process():
            self._local().warm_up()

    def render(self, name: str, spec: ChartSpec, size: Size) -> Picture:
        """The chart's pixels, from the chart process or drawn here if it has gone."""
        if self.stopped:
            raise ChartProcessGone("the charts have been stopped")
        if self.process is not None and not self.process.gone:
            try:
                return self.process.render(name, spec, size)
            except ChartProcessGone:
                if self.stopped:
                    raise
        return self._local().render(name, spec, size)

    def png(self, name: str, spec: ChartSpec, size: Size) -> bytes:
        """The chart as PNG bytes, from the chart process or drawn here if it has gone."""
        if self.process is not None and not self.process.gone and not self.stopped:
            try:
                return self.process.png(name, spec, size)
            except ChartProcessGone:
                pass
        return self._local().png(name, spec, size)

    def stop(self) -> None:
        """End the chart process; nothing more is drawn."""
        self.stopped = True
        if self.process is not None:
            self.process.stop()


def nothing_waiting(requests: IO[bytes], within: float = 0.0) -> bool:
    """False when a request can be read from the pipe ``requests`` now or within ``within`` seconds (asked with
    ``select`` on POSIX, and with ``PeekNamedPipe`` on Windows, whose ``select`` takes sockets only); True when
    none came or that cannot be told."""
    try:
        if sys.platform == "win32":
            import _winapi
            import msvcrt

            handle, deadline = msvcrt.get_osfhandle(requests.fileno()), time.monotonic() + within
            while not _winapi.PeekNamedPipe(handle, 0)[0]:
                if time.monotonic() >= deadline:
                    return True
                time.sleep(0.002)
            return False
        import select

        return not select.select([requests], [], [], within)[0]
    except (OSError, ValueError):
        return True


def serve(requests: IO[bytes], replies: IO[bytes], layouts: Path | None = None) -> None:
    """The chart process: warm matplotlib up, then answer requests until the pipe closes. The warm-up's
    drawing is left out when a chart is already asked for (the first frame's kept charts).

    Each drawing leaves matplotlib's artists behind in reference cycles. Left to the cycle collector's own
    timing, a full pass came inside a drawing every few dozen (35–48 ms, walking the ~75,000 objects of matplotlib
    from its import); so what the warm-up made is set aside from the collector's passes (``gc.freeze``: they
    live as long as the process), and the drawings' cycles are collected once a reply is sent and nothing else
    is asked for within ``COLLECT_AFTER`` (the charts of a first frame or a resize come one after another, each
    sent as the last comes back: none waits behind a collection), while the app puts the picture on show.
    The warm-up drawing's own cycles are collected before the rest is set aside (set aside, they would stay for
    the life of the process), unless a chart is already asked for: then no warm-up drawing was made, and the
    first chart does not wait behind a collection."""
    renderer = Renderer(layouts)
    renderer.warm_up(idle=lambda: nothing_waiting(requests))
    if nothing_waiting(requests):
        gc.collect()
    gc.freeze()
    while True:
        try:
            verb, name, spec, size = pickle.load(requests)
        except EOFError:
            return  # the app has closed the pipe: nothing more to draw
        try:
            answer: Any = renderer.render(name, spec, size) if verb == "render" else renderer.png(name, spec, size)
            reply: tuple[str, Any] = ("ok", answer)
        except Exception:  # a defect: the app logs it with the details
            reply = ("failed", traceback.format_exc())
        write_reply(replies, reply)
        if nothing_waiting(requests, within=COLLECT_AFTER):
            gc.collect()


def _end_with(parent: int) -> None:
    """End this process as soon as the app that started it has gone, even in the middle of importing
    matplotlib (the closed pipe is only noticed when the next request is read), and at once if it went
    while this process was starting."""
    while os.getppid() == parent:
        time.sleep(0.02)
    os._exit(0)


def _replies_pipe() -> IO[bytes]:
    """The replies' pipe: a copy of standard output, which then points where standard error does (nowhere), so
    nothing printed in this process (by Python or by a library's own code) can land in a reply."""
    sys.stdout.flush()
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return replies


if __name__ == "__main__":
    _replies = _replies_pipe()
    if os.name == "posix":
        os.umask(0o077)
        _app = os.environ.get(PARENT_ENV, "")
        threading.Thread(target=_end_with, args=(int(_app) if _app.isdigit() else os.getppid(),),
                         daemon=True).start()
    serve(sys.stdin.buffer, _replies, Path(sys.argv[1]) if len(sys.argv) > 1 else None)
