"""Where a save's milliseconds go: many saves in one process, each with a timeline of its phases.

The same saves as the bench's save row (scripts/bench_floor.py, job "save": an incident, then a
training record, each timed until every figure on show is redrawn), with these recorded for each save,
as milliseconds from the moment it started:

- the write (the repository's ``add``), and inside it the SQL statements and the COMMIT;
- the -wal file's size and its checkpoint sequence number before and after (a checkpoint inside the
  commit resets the -wal);
- each job the dashboard's worker ran (the series, the tiles, anything else queued: idle work);
- each chart sent to the chart process and back;
- each cycle collection in this process (generation, thread, how long, what it freed) and, with
  ``--child-gc``, in the chart process (through a sitecustomize of this script's own on its path);
- the objects the cycle collector tracks once the window has settled.

    .venv/bin/python scripts/save_phases.py bench-out/demo-scale10.sqlite3 --saves 50 [--json out.jsonl]

The database is copied first (the copy is saved into). Prints a summary: the distribution of the
save times and, for the slowest saves, what landed inside them.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import struct
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if "PYTHONPATH" not in os.environ and str(ROOT) not in sys.path:  # else the copy of the app it names
    sys.path.insert(0, str(ROOT))

_CHILD_SITE = r'''
import gc, os, time, threading
_log = open(os.environ["SAVE_PHASES_CHILD_GC"], "a", buffering=1)
_started = {}
def _gc(phase, info):
    if phase == "start":
        _started[threading.get_ident()] = time.time()
    else:
        began = _started.pop(threading.get_ident(), None)
        if began is not None:
            _log.write(f"{began!r} {time.time()!r} {info['generation']} {info['collected']}\n")
gc.callbacks.append(_gc)
import importlib.abc, importlib.machinery, sys
class _Hook(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "carehome_desk.ui.dashboard.chart_render":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        load = spec.loader.exec_module
        def exec_module(module):
            load(module)
            render = module.Renderer.render
            def timed(self, name, spec, size):
                began, reused = time.time(), self.reused
                try:
                    return render(self, name, spec, size)
                finally:
                    _log.write(f"render {began!r} {time.time()!r} {self.reused - reused}\n")
            module.Renderer.render = timed
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, _Hook())
'''


class Timeline:
    """Events of the save being timed: (milliseconds since it started, what, detail)."""

    def __init__(self) -> None:
        self.t0: float | None = None
        self.events: list[tuple[float, str, Any]] = []
        self.lock = threading.Lock()

    def mark(self, what: str, detail: Any = None, at: float | None = None) -> None:
        if self.t0 is None:
            return
        now = time.perf_counter() if at is None else at
        with self.lock:
            self.events.append(((now - self.t0) * 1000, what, detail))


def wal_state(db: Path) -> tuple[int, int]:
    """(-wal size in bytes, its checkpoint sequence number), (0, -1) when there is none."""
    wal = Path(str(db) + "-wal")
    try:
        with open(wal, "rb") as f:
            head = f.read(32)
        size = wal.stat().st_size
    except FileNotFoundError:
        return 0, -1
    return size, struct.unpack(">I", head[12:16])[0] if len(head) >= 16 else -1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--saves", type=int, default=50, help="rounds of an incident and a training record")
    parser.add_argument("--json", type=Path, help="write every save's timeline here, one JSON line each")
    parser.add_argument("--child-gc", action="store_true", help="log the chart process's cycle collections too")
    parser.add_argument("--kinds", default="incident,training")
    parser.add_argument("--pause", type=float, default=0.0,
                        help="seconds of idle window before each save (the idle work of other homes may run then)")
    parser.add_argument("--size", help="the window's size, WIDTHxHEIGHT (else as the bench opens it)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="save-phases-"))
    db = work / "saves.sqlite3"
    shutil.copyfile(args.db, db)
    os.environ.setdefault("CAREHOME_DESK_HOME", str(work / "userdata"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    child_log = work / "child-gc.log"
    if args.child_gc:
        site = work / "site"
        site.mkdir()
        (site / "sitecustomize.py").write_text(_CHILD_SITE, encoding="utf-8")
        os.environ["PYTHONPATH"] = os.pathsep.join([str(site), *filter(None, [os.environ.get("PYTHONPATH")])])
        os.environ["SAVE_PHASES_CHILD_GC"] = str(child_log)
    load_before = os.getloadavg()
    size = tuple(int(n) for n in args.size.split("x")) if args.size else None
    saves = run(db, args.saves, args.kinds.split(","), size, args.pause)
    load_after = os.getloadavg()
    child = []
    if args.child_gc and child_log.exists():
        child = [line.split() for line in child_log.read_text().splitlines()]
    for save in saves:  # the chart process's collections and drawings (wall clock) into each save's timeline
        for got in child:
            if got[0] == "render":
                began, ended, reused = float(got[1]), float(got[2]), int(got[3])
                what, detail = "child render", {"ms": (ended - began) * 1000, "layout kept": bool(reused)}
            else:
                began, ended = float(got[0]), float(got[1])
                what, detail = "child gc", {"gen": int(got[2]), "ms": (ended - began) * 1000, "collected": int(got[3])}
                if detail["gen"] == 0 and detail["ms"] < 1:
                    continue
            if save["wall0"] <= began <= save["wall0"] + save["ms"] / 1000:
                save["events"].append(((began - save["wall0"]) * 1000, what, detail))
        save["events"].sort(key=lambda e: e[0])
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            for save in saves:
                out.write(json.dumps(save) + "\n")
    report(saves, load_before, load_after)
    shutil.rmtree(work, ignore_errors=True)


def run(db: Path, rounds: int, kinds: list[str], size: tuple[int, ...] | None,
        pause: float = 0.0) -> list[dict[str, Any]]:
    from datetime import timedelta

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import event

    app = QApplication([])
    from carehome_desk.models.incidents import IncidentDetails, IncidentType
    from carehome_desk.models.training import TrainingRecord
    from carehome_desk.store import Store
    from carehome_desk.store.errors import ValidationError
    from carehome_desk.ui.dashboard import dashboard_worker
    from carehome_desk.ui.dashboard.chart_process import ChartDrawer
    from carehome_desk.ui.main_window import MainWindow

    line = Timeline()

    # -- hooks: the cycle collector, SQL, the worker's jobs, the chart process ---------------------------
    gc_started: dict[int, float] = {}

    def on_gc(phase: str, info: dict[str, int]) -> None:
        now = time.perf_counter()
        if phase == "start":
            gc_started[threading.get_ident()] = now
            return
        began = gc_started.pop(threading.get_ident(), now)
        if info["generation"] >= 1 or (now - began) > 0.002:
            line.mark("gc", {"gen": info["generation"], "ms": (now - began) * 1000, "collected": info["collected"],
                             "thread": threading.current_thread().name}, at=began)

    gc.callbacks.append(on_gc)

    original_run = dashboard_worker.BackgroundWork.run

    def traced_run(self: Any, fn: Any, on_done: Any, on_error: Any = None) -> int:
        name = getattr(getattr(fn, "func", fn), "__qualname__", repr(fn))
        line.mark("job queued", name)

        def job() -> Any:
            line.mark("job start", name)
            try:
                return fn()
            finally:
                line.mark("job end", name)

        def done(result: Any) -> None:
            line.mark("job answered", name)
            on_done(result)

        return original_run(self, job, done, on_error)

    dashboard_worker.BackgroundWork.run = traced_run  # type: ignore[method-assign]
    original_render = ChartDrawer.render

    def traced_render(self: Any, name: str, spec: Any, size: Any) -> Any:
        line.mark("chart sent", name)
        try:
            return original_render(self, name, spec, size)
        finally:
            line.mark("chart back", name)

    ChartDrawer.render = traced_render  # type: ignore[method-assign]

    store = Store.open(db, create=False)
    sql_ms = [0.0]
    started: dict[int, float] = {}

    @event.listens_for(store.engine, "before_cursor_execute")
    def _before(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        started[id(cursor)] = time.perf_counter()
        if statement.startswith(("INSERT INTO audit_log", "INSERT INTO incidents", "INSERT INTO training")):
            line.mark("sql", statement.split("(")[0].strip())

    @event.listens_for(store.engine, "after_cursor_execute")
    def _after(conn: Any, cursor: Any, *rest: Any) -> None:
        began = started.pop(id(cursor), None)
        if began is not None and threading.current_thread() is threading.main_thread():
            sql_ms[0] += (time.perf_counter() - began) * 1000

    @event.listens_for(store.engine, "commit")
    def _commit(conn: Any) -> None:
        if threading.current_thread() is threading.main_thread():
            line.mark("commit")

    ini = str(Path(os.environ["CAREHOME_DESK_HOME"]) / "window.ini")
    w = MainWindow(store, QSettings(ini, QSettings.Format.IniFormat))
    w.nav.setCurrentRow(0)
    if size:
        w.resize(size[0], size[1])
    w.show()
    page = w.dashboard

    original_submit, original_apply = page._submit, page._apply

    def traced_submit() -> None:
        line.mark("submit")
        original_submit()

    def traced_apply(result: Any) -> None:
        line.mark("apply", sorted(p.value for p in result.request.parts))
        original_apply(result)

    page._debounce.timeout.disconnect()
    page._debounce.timeout.connect(traced_submit)
    page._apply = traced_apply  # type: ignore[method-assign]
    from PySide6.QtCore import QEvent, QObject

    class Resized(QObject):
        def eventFilter(self, watched: Any, got: Any) -> bool:  # noqa: N802 - Qt naming
            if got.type() == QEvent.Type.Resize:
                line.mark("chart resized", (watched.name, got.oldSize().toTuple(), got.size().toTuple()))
            return False

    resized = Resized()
    for chart in page.charts.charts.values():
        chart.drawn.connect(lambda name=chart.name: line.mark("chart shown", name))
        chart.installEventFilter(resized)

    def settled() -> bool:
        return (page.charts_drawn() and page.up_to_date()
                and not any(c.busy() for c in page.charts.charts.values()))

    def wait(done: Any, limit: float = 120.0) -> None:
        deadline = time.perf_counter() + limit
        while not done():
            if time.perf_counter() > deadline:
                raise SystemExit("gave up waiting")
            app.processEvents()
            time.sleep(0.001)

    wait(settled)
    print(f"window {w.width()}×{w.height()}, charts {page.charts.charts[next(iter(page.charts.charts))].width()} px wide, "
          f"tracked objects {len(gc.get_objects())}, set aside {gc.get_freeze_count()}", flush=True)
    home = w.current_home()
    if home is None:
        raise SystemExit("the database has no home to save into")
    child = store.children.list(home)[0]
    people = store.staff.list(home)
    course = store.workforce.courses()[0]
    saves: list[dict[str, Any]] = []
    for i in range(rounds):
        for kind in kinds:
            if pause:
                line.t0, line.events = time.perf_counter(), []
                idle_until = time.perf_counter() + pause
                wait(lambda: time.perf_counter() > idle_until, pause + 5)
                idle_jobs = [e for e in line.events if e[1] == "job start"]
                # Started in the idle time and still running now: a save would wait for it.
                running = [e for e in line.events if e[1] == "job start"
                           and not any(f[1] == "job end" and f[0] >= e[0] for f in line.events)]
                idle_events = list(line.events)
                line.t0 = None
            wal_before = wal_state(db)
            counts_before = gc.get_count()
            sql_ms[0] = 0.0
            line.events = []
            line.t0 = t = time.perf_counter()
            wall0 = time.time()
            if kind == "incident":
                _, changes = store.incidents.add(home, IncidentDetails(
                    IncidentType.COMPLAINT, store.now() - timedelta(hours=1 + i), (child.id,),
                    f"Bench {i}: a complaint about the evening meal"))
            else:
                for back in range(i + 1, i + 60):
                    try:
                        _, changes = store.workforce.add_training(TrainingRecord(
                            people[i % len(people)].id, course.id, store.today() - timedelta(days=back)))
                        break
                    except ValidationError:
                        continue
            line.mark("written")
            w.broadcast(changes)
            app.processEvents()
            wait(settled, 60)
            seconds = time.perf_counter() - t
            line.t0 = None
            saves.append({"kind": kind, "round": i, "ms": seconds * 1000, "wall0": wall0, "sql_ms": sql_ms[0],
                          "wal_before": wal_before, "wal_after": wal_state(db), "gc_count_before": counts_before,
                          "tracked": len(gc.get_objects()), "events": list(line.events),
                          "idle_jobs": len(idle_jobs) if pause else 0, "busy_at_save": len(running) if pause else 0,
                          "idle_events": idle_events if pause else []})
    page.shutdown()
    store.close()
    return saves


def report(saves: list[dict[str, Any]], load_before: tuple[float, ...], load_after: tuple[float, ...]) -> None:
    print(f"load average before {load_before[0]:.2f} {load_before[1]:.2f}, after {load_after[0]:.2f} "
          f"{load_after[1]:.2f}")
    for kind in sorted({s["kind"] for s in saves}):
        mine = [s for s in saves if s["kind"] == kind]
        ms = sorted(s["ms"] for s in mine)
        q = statistics.quantiles(ms, n=4) if len(ms) >= 4 else [ms[0], statistics.median(ms), ms[-1]]
        print(f"{kind}: {len(ms)} saves, median {statistics.median(ms):.0f} ms, quartiles {q[0]:.0f}–{q[2]:.0f} ms, "
              f"max {ms[-1]:.0f} ms, over 100 ms: {sum(m > 100 for m in ms)}")
        gen2 = [s for s in mine if any(e[1] in ("gc", "child gc") and e[2]["gen"] == 2 for e in s["events"])]
        print(f"  saves with a generation-2 collection inside (here or in the chart process): {len(gen2)}; "
              f"median of those {statistics.median([s['ms'] for s in gen2]) if gen2 else 0:.0f} ms")
        ckpt = [s for s in mine if s["wal_after"][1] != s["wal_before"][1] or s["wal_after"][0] < s["wal_before"][0]]
        print(f"  saves with a WAL checkpoint inside: {len(ckpt)}; -wal size at the end "
              f"{mine[-1]['wal_after'][0] / 1024:.0f} KiB; tracked objects at the end {mine[-1]['tracked']}")
        for s in sorted(mine, key=lambda s: -s["ms"])[:3]:
            print(f"  slow save, round {s['round']}: {s['ms']:.0f} ms (SQL on the GUI thread {s['sql_ms']:.1f} ms)")
            for at, what, detail in s["events"]:
                print(f"    {at:7.1f} ms  {what}  {detail if detail is not None else ''}")
    typical = [s for s in saves if s["kind"] == "incident"]
    if typical:
        s = sorted(typical, key=lambda s: s["ms"])[len(typical) // 2]
        print(f"a median incident save, round {s['round']}: {s['ms']:.0f} ms")
        for at, what, detail in s["events"]:
            print(f"    {at:7.1f} ms  {what}  {detail if detail is not None else ''}")


if __name__ == "__main__":
    main()
