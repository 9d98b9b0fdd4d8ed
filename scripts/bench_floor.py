"""Issue 20's rows of `make bench`: the window against bare Qt, paired A B A B in fresh processes.

Each measured process and its baseline run alternately, each in a fresh Python process with
offscreen Qt; a run's time is taken from outside, from just before the process is started to the
moment it reports that it has reached its mark (so Python's own start-up is in both), and the
ratio is taken within each pair, so the machine's drift over a minute cancels. The table gives
the median ratio and its spread. The save, keystroke and all-homes rows have no bare twin: they
are times inside one process, against the issue's targets in milliseconds.

    .venv/bin/python scripts/bench.py floor [--scales 1 10] [--pairs 7] [--rows window dashboard save keys all-homes]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench_days import kept_ahead
from bench_homes import HOMES_JOBS

#: The first lines of every job: report the moment a mark is reached as wall-clock time, which the
#: parent compares with the moment it started the process.
_HEAD = r"""
import json, resource, sys, time
def report(extra=None, **more):
    print(json.dumps({"at": time.time(), "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "extra": extra, **more}), flush=True)
"""

_WINDOW = r"""
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
store = Store.open(Path(sys.argv[1]), create=False)
w = MainWindow(store, QSettings(sys.argv[2], QSettings.Format.IniFormat))
w.nav.setCurrentRow(0)  # the dashboard, whatever the last run left
w.show()
page = w.dashboard
def wait(done, limit=120.0):
    deadline = time.perf_counter() + limit
    while not done():
        if time.perf_counter() > deadline:
            raise SystemExit("gave up waiting")
        app.processEvents(); time.sleep(0.001)
"""

JOBS = {
    # (a) The baseline: a process that shows an empty main window.
    "bare_window": _HEAD + r"""
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QLabel("baseline")); w.resize(1280, 800); w.show()
app.processEvents()
report()
""",
    # (a) The window on show with the dashboard's tiles filled in, started as `carehome-desk --db FILE` starts
    # it (carehome_desk.start.main, with the user's data folder): the tiles from the last run's snapshot when
    # its key matches. With "cold" the snapshot is deleted first, so the window waits for the store and worker.
    "window_tiles": _HEAD + r"""
import os
from pathlib import Path
if sys.argv[3:] == ["cold"]:
    (Path(os.environ["CAREHOME_DESK_HOME"]) / "start-snapshot.json").unlink(missing_ok=True)
from carehome_desk.ui import app_first_frame  # before Qt, as the command imports its own modules first
from PySide6.QtCore import QTimer
def shown(window):
    def mark():  # on the next turn, after whatever else the tiles' arrival started in this one
        window.repaint()  # the tiles painted
        report(first_frame=not window.attached)
        os._exit(0)
    QTimer.singleShot(0, mark)
app_first_frame.TILES_SHOWN.append(shown)
from carehome_desk.start import main
main(["--db", sys.argv[1]])
""",
    # (b) The baseline: a window with a 2×2 matplotlib figure drawn on a FigureCanvasQTAgg.
    "chart_window": _HEAD + r"""
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
fig = Figure(figsize=(10, 6.6), layout="constrained")
for i, ax in enumerate(fig.subplots(2, 2).flat):
    months = list(range(12))
    if i % 2:
        ax.plot(months, [(m * 7 + i) % 11 for m in months], marker="o", label="a")
    else:
        ax.bar(months, [(m * 5 + i) % 9 for m in months], label="b")
    ax.set_title(f"Chart {i + 1}"); ax.legend()
w = QMainWindow(); canvas = FigureCanvasQTAgg(fig); w.setCentralWidget(canvas); w.resize(1280, 800); w.show()
canvas.draw()
app.processEvents()
report()
""",
    # (b) The dashboard with every chart on show, started as `carehome-desk --db FILE` starts it: the chart
    # process started before Qt is imported, the first frame from the last run's snapshot when its key matches
    # (with the charts kept for it), the store attached. The hook is put in as the app imports its first-frame
    # module, so nothing here imports Qt before the command does.
    "dashboard_charts": _HEAD + r"""
import importlib.abc, importlib.machinery, os
if sys.argv[3:] == ["cold"]:  # no snapshot and no kept charts: the store, the worker and the chart process first
    from pathlib import Path
    for name in ("start-snapshot.json", "start-charts.json"):
        (Path(os.environ["CAREHOME_DESK_HOME"]) / name).unlink(missing_ok=True)
def shown(window):
    from PySide6.QtCore import QTimer
    page, first_frame = window.dashboard, not window.attached
    def mark():  # on the next turn, once the last picture is in its label
        window.repaint()  # every chart painted
        report(first_frame=first_frame, chart_process=page.charts.drawer.in_process())
        os._exit(0)
    def drawn():
        if window.attached and page.charts_drawn():
            QTimer.singleShot(0, mark)
    def watch():  # the charts section is made on the turn after a first frame (build_rest), else with the page
        if not getattr(page, "built", True):
            QTimer.singleShot(1, watch)
            return
        for chart in page.charts.charts.values():
            chart.drawn.connect(drawn)
        drawn()  # every chart may be on show already
    watch()
class Hook(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "carehome_desk.ui.app_first_frame":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        load = spec.loader.exec_module
        def exec_module(module):
            load(module)
            module.TILES_SHOWN.append(shown)
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, Hook())
from carehome_desk.start import main
main(["--db", sys.argv[1]])
""",
    # (c) Saves, each timed until every figure on show that reads what it changed is redrawn.
    "save": _HEAD + _WINDOW + r"""
from datetime import timedelta
from carehome_desk.models.incidents import IncidentDetails, IncidentType
from carehome_desk.models.training import TrainingRecord
def settled():
    return (page.charts_drawn() and page.up_to_date()
            and not any(c.busy() if hasattr(c, 'busy') else c._pending is not None
                    for c in page.charts.charts.values()))
wait(settled)
home = w.current_home()
child = store.children.list(home)[0]
people = store.staff.list(home)
course = store.workforce.courses()[0]
times = {"incident": [], "training": []}
for i in range(int(sys.argv[3])):
    for kind in times:
        t = time.perf_counter()
        if kind == "incident":
            _, changes = store.incidents.add(home, IncidentDetails(
                IncidentType.COMPLAINT, store.now() - timedelta(hours=1 + i), (child.id,),
                f"Bench {i}: a complaint about the evening meal"))
        else:
            from carehome_desk.store.errors import ValidationError
            for back in range(i + 1, i + 60):  # the demo may hold one on that day already: the next free day
                try:
                    _, changes = store.workforce.add_training(TrainingRecord(
                        people[i % len(people)].id, course.id, store.today() - timedelta(days=back)))
                    break
                except ValidationError:
                    continue
        w.broadcast(changes)  # what a page does after it saves
        app.processEvents()
        wait(settled, 60)
        times[kind].append(time.perf_counter() - t)
report(times=times)
""",
    # (d) Key presses posted every 25 ms from the moment the window shows, for 5 s: how late each is handled.
    "keys": _HEAD + r"""
import threading
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit
app = QApplication([])
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
w = MainWindow(Store.open(Path(sys.argv[1]), create=False), QSettings(sys.argv[2], QSettings.Format.IniFormat))
w.nav.setCurrentRow(0)
box = QLineEdit(w)  # a field of the window's own, so the key is answered where typing would be
box.setGeometry(0, 0, 1, 1)
sent, handled = {}, {}
class Clock(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.KeyPress:
            handled.setdefault(event.text(), time.perf_counter())
        return False
clock = Clock(); box.installEventFilter(clock)
w.show(); app.processEvents()
start = time.perf_counter()
def typist():
    # The moment the key is pressed is the scheduled one, so a late start of this thread counts too.
    for n in range(200):
        due = start + n * 0.025
        time.sleep(max(0.0, due - time.perf_counter()))
        key = chr(0x4E00 + n)  # a distinct character per press
        sent[key] = due
        QApplication.postEvent(box, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, key))
typing = threading.Thread(target=typist); typing.start()
while typing.is_alive() or len(handled) < len(sent):
    app.processEvents(); time.sleep(0.001)
    if time.perf_counter() - start > 30:
        break
delays = sorted(handled.get(k, time.perf_counter()) - t for k, t in sent.items())
report(worst=delays[-1], p95=delays[int(len(delays) * 0.95)], median=delays[len(delays) // 2],
       charts=w.dashboard.charts_drawn())
""",
}
JOBS.update({name: _HEAD + _WINDOW + body for name, body in HOMES_JOBS.items()})

#: How long the all-homes view's second row lets the dashboard stay idle first (seconds).
ALL_HOMES_IDLE = 5


def run(job: str, *args: str) -> dict[str, object]:
    """One fresh process; `seconds` is from its start to its report (or as it reports itself).

    Each run is a process group of its own, ended whole once the run has reported: a process it started
    (the dashboard's chart process) cannot go on using the machine during the next run, its pair's twin.
    """
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CAREHOME_DESK_HOME=str(OUT / "userdata"))
    started = time.time()
    # From the checkout's root: `python -c` puts the working directory first on sys.path, so the
    # code measured is this checkout's wherever the bench is started from.
    proc = subprocess.Popen([sys.executable, "-c", JOBS[job], *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, cwd=OUT.parent, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=600)
    finally:
        _end_group(proc.pid)
    if proc.returncode != 0:
        return {"seconds": None, "extra": (err.strip().splitlines() or ["failed"])[-1]}
    got: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    got.setdefault("seconds", float(got["at"]) - started)  # type: ignore[arg-type]
    return got


def _end_group(group: int) -> None:
    """Kill what is left of a run's process group and wait (up to 2 s) until none of it is left."""
    import signal

    deadline = time.perf_counter() + 2
    try:
        os.killpg(group, signal.SIGKILL)
        while time.perf_counter() < deadline:
            os.killpg(group, 0)
            time.sleep(0.005)
    except (ProcessLookupError, PermissionError):
        return


OUT = Path(__file__).resolve().parent.parent / "bench-out"


def spread(values: list[float], unit: str = "×") -> str:
    if len(values) < 4:
        return f"range {min(values):.2f}–{max(values):.2f}{unit}"
    q1, _, q3 = statistics.quantiles(values, n=4)
    return f"quartiles {q1:.2f}–{q3:.2f}{unit}, range {min(values):.2f}–{max(values):.2f}{unit}"


def paired(job: str, base: str, args: tuple[str, ...], pairs: int,
           before: Callable[[], None] | None = None) -> tuple[list[float], list[float]]:
    """(measured seconds, baseline seconds), pair by pair, A B A B …; a pair with a failed run is left out.
    ``before``: run before each measured run, not timed."""
    got: list[float] = []
    bare: list[float] = []
    prepare = before or (lambda: None)
    prepare()
    run(job, *args)  # warm the page cache once, not counted
    for _ in range(pairs):
        prepare()
        a, b = run(job, *args), run(base)
        if a["seconds"] is None or b["seconds"] is None:
            print(f"  a run failed: {a['extra'] if a['seconds'] is None else b['extra']}", flush=True)
            continue
        got.append(float(a["seconds"]))  # type: ignore[arg-type]
        bare.append(float(b["seconds"]))  # type: ignore[arg-type]
    return got, bare


#: The rows `--rows` can pick, in the order they run.
ROWS = ("window", "dashboard", "save", "keys", "all-homes")


def floor(db: Path, scale: int, pairs: int, saves: int, rows: tuple[str, ...] = ROWS) -> list[str]:
    """The table rows for one scale (only those named in ``rows``)."""
    ini = str(OUT / f"floor-{scale}.ini")
    lines = []

    def ratio_row(name: str, job: str, base: str, base_name: str, target: float, extra: tuple[str, ...] = (),
                  before: Callable[[], None] | None = None) -> None:
        got, bare = paired(job, base, (str(db), ini, *extra), pairs, before)
        if not got:
            lines.append(f"| {scale} | {name} | — | {base_name}: — | — | — | every run failed |")
            return
        ratios = [a / b for a, b in zip(got, bare)]
        median = statistics.median(ratios)
        lines.append(f"| {scale} | {name} | {statistics.median(got):.3f} s | {base_name}: "
                     f"{statistics.median(bare):.3f} s | **{median:.2f}×** | {spread(ratios)} ({len(ratios)} pairs) "
                     f"| ≤ {target}×: {'met' if median <= target else 'missed'} |")
        print(lines[-1], flush=True)

    if "window" in rows:
        ratio_row("first window shown, tiles filled", "window_tiles", "bare_window", "bare QMainWindow", 2)
        ratio_row("first window, tiles filled, no snapshot (cold)", "window_tiles", "bare_window", "bare QMainWindow",
                  2, extra=("cold",))
        ratio_row("first window, first start of the day (tiles kept ahead the day before)", "window_tiles",
                  "bare_window", "bare QMainWindow", 2, before=lambda: kept_ahead(db, ini, OUT))
    if "dashboard" in rows:
        ratio_row("dashboard, charts drawn", "dashboard_charts", "chart_window", "2×2 figure on FigureCanvasQTAgg",
                  1.3)
        ratio_row("dashboard, charts drawn, nothing kept (cold)", "dashboard_charts", "chart_window",
                  "2×2 figure on FigureCanvasQTAgg", 1.3, extra=("cold",))
    if "save" in rows:
        lines += _saves(db, scale, ini, saves)
    if "keys" in rows:
        lines += _keys(db, scale, ini, pairs)
    if scale >= 100 and "all-homes" in rows:
        lines += _all_homes(db, scale, ini)
    return lines


def _saves(db: Path, scale: int, ini: str, saves: int) -> list[str]:
    lines: list[str] = []
    scratch = Path(str(db) + ".save")
    import shutil

    shutil.copyfile(db, scratch)
    target = {1: 100, 10: 100}.get(scale, 200)
    saved = run("save", str(scratch), ini, str(saves))
    for kind in ("incident", "training"):
        times = (saved.get("times") or {}).get(kind) if saved["seconds"] is not None else None  # type: ignore[union-attr]
        if not times:
            lines.append(f"| {scale} | a save ({kind}) until every figure on show is redrawn | — | — | — | — | "
                         f"{saved.get('extra')} |")
            continue
        ms = [t * 1000 for t in times]
        lines.append(f"| {scale} | a save ({kind}) until every figure on show is redrawn | {statistics.median(ms):.0f} ms "
                     f"| — | — | {spread(ms, ' ms')} ({len(ms)} saves) | ≤ {target} ms: "
                     f"{'met' if statistics.median(ms) <= target else 'missed'} |")
        print(lines[-1], flush=True)
    scratch.unlink(missing_ok=True)
    return lines


def _keys(db: Path, scale: int, ini: str, pairs: int) -> list[str]:
    lines: list[str] = []
    worst = []
    for _ in range(max(1, pairs // 2)):
        keyed = run("keys", str(db), ini)
        if keyed["seconds"] is not None:
            worst.append(float(keyed["worst"]) * 1000)  # type: ignore[arg-type]
    if worst:
        lines.append(f"| {scale} | worst key-press delay in the first 5 s after the window shows | "
                     f"{statistics.median(worst):.0f} ms | — | — | {spread(worst, ' ms')} ({len(worst)} runs) | "
                     f"≤ 50 ms: {'met' if statistics.median(worst) <= 50 else 'missed'} |")
        print(lines[-1], flush=True)
    return lines


def _all_homes(db: Path, scale: int, ini: str) -> list[str]:
    lines: list[str] = []
    scratch = Path(str(db) + ".homes")  # the job saves an incident: the cached demo stays as built
    import shutil

    views = []
    for _ in range(3):
        shutil.copyfile(db, scratch)
        views.append(run("all_homes", str(scratch), ini))
    scratch.unlink(missing_ok=True)
    done = [v for v in views if v["seconds"] is not None]
    secs = [float(v["seconds"]) for v in done]  # type: ignore[arg-type]
    if secs:
        lines.append(f"| {scale} | all-homes view: every home's row and the needs list | "
                     f"{statistics.median(secs):.3f} s | — | — | {spread(secs, ' s')} ({len(secs)} runs) | "
                     f"≤ 1 s: {'met' if statistics.median(secs) <= 1 else 'missed'} |")
        print(lines[-1], flush=True)
    idle = []
    for _ in range(3):
        shutil.copyfile(db, scratch)
        idle.append(run("all_homes_idle", str(scratch), ini, str(ALL_HOMES_IDLE)))
    scratch.unlink(missing_ok=True)
    waited = [float(v["seconds"]) for v in idle if v["seconds"] is not None]  # type: ignore[arg-type]
    if waited:
        lines.append(f"| {scale} | all-homes view opened after the dashboard was on show and idle {ALL_HOMES_IDLE} s | "
                     f"{statistics.median(waited):.3f} s | — | — | {spread(waited, ' s')} ({len(waited)} runs) | "
                     f"≤ 1 s: {'met' if statistics.median(waited) <= 1 else 'missed'} |")
        print(lines[-1], flush=True)
    for key, name in (("after_save", "all-homes view: a save at another home until its row and items are shown"),
                      ("again", "all-homes view opened again after a save at another home")):
        got = [float(v[key]) for v in done if v.get(key) is not None]  # type: ignore[arg-type]
        if got:
            lines.append(f"| {scale} | {name} | {statistics.median(got):.3f} s | — | — | {spread(got, ' s')} "
                         f"({len(got)} runs) | — |")
            print(lines[-1], flush=True)
    return lines


HEADER = ["", "Issue 20, paired: each measured process and its baseline run alternately (A B A B …), each a fresh "
          "process with offscreen Qt, timed from its start to the mark; ratio = measured ÷ baseline within each pair.",
          "", "| scale | measurement | median | baseline (median) | ratio, median of pairs | spread | target |",
          "|---|---|---|---|---|---|---|"]
