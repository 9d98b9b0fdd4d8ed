"""make bench: time and peak memory of the things a manager waits for, against bare baselines.

Builds demo databases at scale 1, 10 and 100 (cached in bench-out/), then runs each
measurement in a fresh Python process so peak memory is that job's alone. Prints a table and
writes bench-out/results.md; copy it into docs/performance.md with the machine it ran on.

    .venv/bin/python scripts/bench.py [main] [encryption] [--scales 1 10 100] [--repeat 3] [--pairs 10]

With no part named, every part runs (`make bench`); `scripts/bench.py encryption` runs only the
scale-10 clear-against-encrypted rows (issue 14), which are paired: the clear and the encrypted run
alternate in fresh processes and the table gives the median of the per-pair ratios and their spread.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench-out"
TODAY = "22/11/2026"
#: What can be run alone: `scripts/bench.py encryption` runs only the encryption rows.
PARTS = {
    "main": "export, window, dashboard, keystroke and save at each of --scales, against bare baselines",
    "encryption": "scale 10, clear against an SQLCipher copy, paired (issue 14)",
    "own-import": "a manager's own 300-staff × 30-course matrix: read, mapped and imported (issue 19; target 3 s)",
}

JOBS = {
    # Each job prints one JSON line: {"seconds": …, "peak_mb": …, "extra": …}.
    "export": r"""
import json, resource, sys, time
from pathlib import Path
from carehome_desk.store import Store
from carehome_desk.export.evidence_pack import PackOptions, export_pack
import openpyxl  # imported before the clock starts, as in the raw dump
store = Store.open(Path(sys.argv[1]), create=False)
out = Path(sys.argv[2])
if len(sys.argv) > 3 and sys.argv[3] == "prestarted":
    # As from the Evidence pack page, which starts the writer when it opens: ready before Export is clicked.
    from carehome_desk.export import writer_process
    writer_process.prestart()
    writer_process._spare.ready.wait(30)
    sys.argv[3] = "auto"
t = time.perf_counter()
result = export_pack(store, PackOptions(out, writer=sys.argv[3] if len(sys.argv) > 3 else "auto"))
seconds = time.perf_counter() - t
from openpyxl import load_workbook
wb = load_workbook(out, read_only=True)
# Cells actually written: read-only rows are padded to the widest row, so count non-empty values.
cells = sum(v is not None for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row)
# Peak memory: this process plus the writer process (the largest child), as both are resident at once.
peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"seconds": seconds, "peak_mb": peak / 1024, "extra": cells}))
""",
    "raw_dump": r"""
import json, resource, sys, time
from datetime import date, datetime
from openpyxl import Workbook
cells = int(sys.argv[2]); width = 12
rows = cells // width
t = time.perf_counter()
wb = Workbook(write_only=True)
ws = wb.create_sheet("dump")
for r in range(rows):
    ws.append(["Some text %d" % r, r, date(2026, 1, 1 + r % 28), "More text", "x" * 20, r * 2, "Overdue",
               datetime(2026, 1, 1, 12, 0), "Name Surname", "Reg 35(3)(a)", 3.5, "Yes"])
wb.save(sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - t,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "extra": rows * width}))
""",
    "same_dump": r"""
import json, resource, sys, time
from openpyxl import Workbook, load_workbook
# The pack's own cell values, read back before the clock starts, each row without its trailing blanks.
source = load_workbook(sys.argv[2], read_only=True)
sheets = []
for ws in source.worksheets:
    rows = []
    for row in ws.iter_rows(values_only=True):
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        rows.append(row)
    sheets.append((ws.title, rows))
cells = sum(v is not None for _, rows in sheets for row in rows for v in row)
t = time.perf_counter()
wb = Workbook(write_only=True)
for title, rows in sheets:
    ws = wb.create_sheet(title)
    for row in rows:
        ws.append(row)
wb.save(sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - t,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "extra": cells}))
""",
    "window": r"""
import json, os, resource, sys, time
t0 = time.perf_counter()
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
w = MainWindow(Store.open(Path(sys.argv[1]), create=False), QSettings(sys.argv[2], QSettings.Format.IniFormat))
w.show()
app.processEvents()
print(json.dumps({"seconds": time.perf_counter() - t0,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "extra": None}))
""",
    "plain_window": r"""
import json, resource, time
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QLabel("baseline")); w.resize(1280, 800); w.show()
app.processEvents()
print(json.dumps({"seconds": time.perf_counter() - t0,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "extra": None}))
""",
    "dashboard": r"""
import json, resource, sys, time
t0 = time.perf_counter()
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
w = MainWindow(Store.open(Path(sys.argv[1]), create=False), QSettings(sys.argv[2], QSettings.Format.IniFormat))
w.show()
page = next((p for p in w.pages if type(p).__name__ == "DashboardPage"), None)
if page is None:
    print(json.dumps({"seconds": None, "peak_mb": None, "extra": "no dashboard page yet"})); sys.exit()
w.nav.setCurrentRow(w.pages.index(page))
ready = getattr(page, "charts_drawn", None)
deadline = time.perf_counter() + 120
while time.perf_counter() < deadline and not (ready() if ready else False):
    app.processEvents(); time.sleep(0.005)
print(json.dumps({"seconds": time.perf_counter() - t0,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "extra": None if ready else "page has no charts_drawn(): time is to first show only"}))
""",
    "save_refresh": r"""
import json, resource, sys, time
from datetime import timedelta
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from carehome_desk.store import Store
from carehome_desk.models.incidents import IncidentDetails, IncidentType
from carehome_desk.ui.main_window import MainWindow
store = Store.open(Path(sys.argv[1]), create=False)
w = MainWindow(store, QSettings(sys.argv[2], QSettings.Format.IniFormat))
w.show()
page = w.dashboard
w.nav.setCurrentRow(w.pages.index(page))

def settle(limit: float) -> None:
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline and not (page.charts_drawn() and page.up_to_date()):
        app.processEvents(); time.sleep(0.002)

settle(120)
home = w.current_home()
child = store.children.list(home)[0]
t = time.perf_counter()
_, changes = store.incidents.add(home, IncidentDetails(IncidentType.COMPLAINT, store.now() - timedelta(hours=1),
                                                       (child.id,), "Bench: a complaint about the evening meal"))
w.broadcast(changes)  # what a page does after it saves
app.processEvents()
settle(60)
print(json.dumps({"seconds": time.perf_counter() - t, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "extra": "includes the dashboard's 150 ms pause that merges a burst of saves"}))
""",
    "filter_keystroke": r"""
import json, resource, sys, time
from pathlib import Path
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
app = QApplication([])
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
w = MainWindow(Store.open(Path(sys.argv[1]), create=False), QSettings(sys.argv[2], QSettings.Format.IniFormat))
w.show()
page = next((p for p in w.pages if type(p).__name__ == "IncidentsPage"), None)
if page is None:
    print(json.dumps({"seconds": None, "peak_mb": None, "extra": "no incidents page yet"})); sys.exit()
# The dashboard works out its figures on a worker thread when the window opens; typing while it
# does shares the interpreter with it. Time the keystrokes themselves, once it has finished.
deadline = time.perf_counter() + 120
while time.perf_counter() < deadline and not (w.dashboard.charts_drawn() and w.dashboard.up_to_date()):
    app.processEvents(); time.sleep(0.005)
w.nav.setCurrentRow(w.pages.index(page)); app.processEvents()
page.focus_filter(); box = app.focusWidget()
times = []
for ch in "restraint":
    t = time.perf_counter(); QTest.keyClick(box, ch); app.processEvents(); times.append(time.perf_counter() - t)
times.sort()
print(json.dumps({"seconds": times[-1], "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "extra": f"slowest of {len(times)} keystrokes (median {times[len(times) // 2] * 1000:.0f} ms), "
                           "typed after the dashboard's start-up work"}))
""",
    # Encryption at rest (issue 14): the same work on the clear demo and on an SQLCipher copy of it.
    "protect": r"""
import json, os, shutil, sys, time
from pathlib import Path
from carehome_desk.store.keys import DEFAULT_KDF, KdfParams, keys_path
from carehome_desk.store.protection import password_from_file, protect
source, target = Path(sys.argv[1]), Path(sys.argv[2])
for old in (target, keys_path(target), Path(str(target) + "-wal"), Path(str(target) + "-shm")):
    old.unlink(missing_ok=True)
shutil.copyfile(source, target)
# A cheap Argon2id for the paired rows, so the one-off key derivation does not hide the per-page cost.
kdf = DEFAULT_KDF if sys.argv[4] == "default" else KdfParams(time_cost=1, memory_cost=1024, parallelism=1)
t = time.perf_counter()
protect(target, password_from_file(Path(sys.argv[3])), kdf=kdf)
print(json.dumps({"seconds": time.perf_counter() - t, "peak_mb": None, "extra": str(kdf)}))
""",
    "open": r"""
import json, resource, sys, time
from pathlib import Path
from carehome_desk.store import Store
from carehome_desk.store.protection import is_protected, password_from_file, unlock
db = Path(sys.argv[1])
password = password_from_file(Path(sys.argv[2])) if len(sys.argv) > 2 else None
derive = None
if password is not None:
    t = time.perf_counter()
    unlock(db, password=password)  # Argon2id alone: what each unlock, and each lock-screen try, costs
    derive = time.perf_counter() - t
t = time.perf_counter()
store = Store.open(db, create=False, password=password)  # derives the key again, then opens and checks
with store.engine.connect() as conn:
    conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").fetchone()
seconds = time.perf_counter() - t
assert store.protected == (password is not None) == is_protected(db)
print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "extra": derive}))
""",
    "cli_export": r"""
import json, os, resource, subprocess, sys, time
# `carehome-desk export` as a scheduled job runs it, start to finish (Python's start-up included).
# The database's password comes through CAREHOME_DESK_PASSWORD_FILE, not --password-file, which on
# export would also encrypt the pack: both packs are left unprotected so that only the store differs.
env = dict(os.environ)
env.pop("CAREHOME_DESK_PASSWORD_FILE", None)
if len(sys.argv) > 3:
    env["CAREHOME_DESK_PASSWORD_FILE"] = sys.argv[3]
t = time.perf_counter()
proc = subprocess.run([sys.executable, "-m", "carehome_desk", "export", "--db", sys.argv[1], "--out", sys.argv[2]],
                      env=env, capture_output=True, text=True)
seconds = time.perf_counter() - t
if proc.returncode != 0:
    sys.exit(proc.stderr.strip() or f"export exited {proc.returncode}")
with open(sys.argv[2], "rb") as pack:
    if pack.read(2) != b"PK":  # a protected pack is an OLE container, not a zip
        sys.exit("the pack was written protected: the comparison would not be fair")
# Largest of the command and its writer process (both are reaped by the time it returns).
print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "extra": proc.stdout.strip().splitlines()[0]}))
""",
    "dashboard_figures": r"""
import json, resource, sys, time
from datetime import date
from pathlib import Path
from carehome_desk.store import Store
from carehome_desk.store.protection import password_from_file
from carehome_desk.services.dashboard_data import Part, PeriodSpec, Request, compute
# What the dashboard's worker thread computes (services/dashboard_data.compute), without Qt: "one" is
# the request the page makes when the window opens (the home on show, every part but the
# all-homes table), "all" the one the All homes button makes (every home's row and needs list).
password = password_from_file(Path(sys.argv[3])) if len(sys.argv) > 3 else None
store = Store.open(Path(sys.argv[1]), create=False, password=password)
assert store.protected == (password is not None)
home = store.homes.list()[0]
today = date(2026, 11, 22)
if sys.argv[2] == "all":
    request = Request(home.id, today, PeriodSpec(), frozenset({Part.HOMES, Part.NEEDS}), all_homes=True)
else:
    request = Request(home.id, today, PeriodSpec(), frozenset(set(Part) - {Part.HOMES}))
t = time.perf_counter()
result = compute(store, request)
seconds = time.perf_counter() - t
assert set(result.values) == set(request.parts), result.values.keys()
print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "extra": None}))
""",
}


def run(job: str, *args: str) -> dict[str, object]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CAREHOME_DESK_HOME=str(OUT / "userdata"))
    proc = subprocess.run([sys.executable, "-c", JOBS[job], *args], capture_output=True, text=True, env=env,
                          timeout=1800)
    if proc.returncode != 0:
        return {"seconds": None, "peak_mb": None, "extra": proc.stderr.strip().splitlines()[-1:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def own_import(repeat: int) -> list[str]:
    """Issue 19: scripts/own_import_benchmark.py in fresh processes, the best of ``repeat`` runs."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CAREHOME_DESK_HOME=str(OUT / "userdata"),
               PYTHONPATH=str(ROOT))
    runs = []
    for _ in range(repeat):
        proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "own_import_benchmark.py"), "--json"],
                              capture_output=True, text=True, env=env, timeout=600)
        if proc.returncode == 0:
            runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    got = min(runs, key=lambda r: r["seconds"]) if runs else {"seconds": None, "peak_mb": None, "extra": "failed"}
    lines = ["", "| measurement | time | peak memory | note |", "|---|---|---|---|",
             f"| own training matrix: read, suggest, import | {fmt(got['seconds'])} | {fmt(got['peak_mb'], 'MB')} | "
             f"{got['extra']} |"]
    for line in lines:
        print(line, flush=True)
    return lines


def best(job: str, repeat: int, *args: str) -> dict[str, object]:
    runs = [run(job, *args) for _ in range(repeat)]
    timed = [r for r in runs if r["seconds"] is not None]
    return min(timed, key=lambda r: r["seconds"]) if timed else runs[0]  # type: ignore[arg-type,return-value]


def demo(scale: int) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"demo-scale{scale}.sqlite3"
    if not path.exists():
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "carehome_desk", "demo", "--db", str(path), "--scale", str(scale),
                        "--today", TODAY], check=True, stdout=subprocess.DEVNULL)
        print(f"built scale {scale} demo in {time.perf_counter() - t:.1f} s", flush=True)
    return path


def _copy(db: Path) -> bool:
    """A scratch copy for the job that saves, so the cached demo stays as built."""
    import shutil

    shutil.copyfile(db, str(db) + ".save")
    return True


def fmt(value: object, unit: str = "s") -> str:
    if value is None:
        return "—"
    return f"{value:.3f} {unit}" if unit == "s" else f"{value:.0f} MB"


def encryption(pairs: int) -> list[str]:
    """Scale 10, clear against encrypted (issue 14: target ≤ 1.15×), paired A B A B in one run.

    Each pair runs the clear job then the encrypted one, each in a fresh process, and the ratio
    is taken within the pair, so the VM's drift over minutes cancels; the median of the ratios is
    the figure, the quartiles and the range its spread. The encrypted copy's password is sealed
    with a cheap Argon2id; the real derivation is timed on its own below the table.
    """
    scale = 10
    clear = demo(scale)
    password = OUT / "bench-password.txt"
    password.write_text("bench password for the encrypted copy\n", encoding="utf-8")
    password.chmod(0o600)
    secret = OUT / f"demo-scale{scale}-encrypted.sqlite3"
    real = OUT / f"demo-scale{scale}-encrypted-default-kdf.sqlite3"
    for target, kdf in ((secret, "cheap"), (real, "default")):
        made = run("protect", str(clear), str(target), str(password), kdf)
        if made["seconds"] is None:
            raise SystemExit(f"could not protect a copy of the scale-{scale} demo: {made['extra']}")
        print(f"encrypted a copy of the scale {scale} demo in {made['seconds']:.1f} s ({made['extra']})", flush=True)
    jobs = [
        ("evidence pack export, `carehome-desk export` start to finish", "cli_export",
         (str(clear), str(OUT / "pack-clear.xlsx")), (str(secret), str(OUT / "pack-encrypted.xlsx"), str(password)),
         "a fresh command each time (Python start-up, imports, writer process, 10 homes read); pack unprotected "
         "in both, the password given through CAREHOME_DESK_PASSWORD_FILE"),
        ("dashboard figures, the home on show", "dashboard_figures", (str(clear), "one"),
         (str(secret), "one", str(password)),
         "services/dashboard_data.compute as the window asks when it opens (tiles, needs list, four charts), "
         "first call in a fresh process, store opened before the clock"),
        ("dashboard figures, all homes", "dashboard_figures", (str(clear), "all"), (str(secret), "all", str(password)),
         "the All homes view: every home's summary row and needs list"),
    ]
    times: dict[str, list[tuple[float, float]]] = {name: [] for name, *_ in jobs}
    memory: dict[str, tuple[object, object]] = {}
    failed: dict[str, int] = {name: 0 for name, *_ in jobs}
    started = time.perf_counter()
    for i in range(pairs):
        for name, job, a_args, b_args, _ in jobs:
            a = run(job, *a_args)
            b = run(job, *b_args)
            if a["seconds"] is None or b["seconds"] is None:
                failed[name] += 1
                print(f"  {name}: a run failed: {a['extra'] if a['seconds'] is None else b['extra']}", flush=True)
                continue
            times[name].append((a["seconds"], b["seconds"]))  # type: ignore[arg-type]
            memory[name] = (a["peak_mb"], b["peak_mb"])
        print(f"  pair {i + 1}/{pairs} done ({time.perf_counter() - started:.0f} s)", flush=True)

    def spread(values: list[float]) -> str:
        if len(values) < 4:
            return f"range {min(values):.2f}–{max(values):.2f}×"
        q1, _, q3 = statistics.quantiles(values, n=4)
        return f"quartiles {q1:.2f}–{q3:.2f}×, range {min(values):.2f}–{max(values):.2f}×"

    lines = ["", f"Encryption at rest, scale {scale}: clear ÷ SQLCipher 4, {pairs} pairs run A B A B, each run a "
             "fresh process; ratio = encrypted ÷ clear within each pair (target ≤ 1.15×)", "",
             "| scale | measurement | clear (median) | encrypted (median) | ratio, median of pairs | spread of the "
             "ratios | peak memory, clear / encrypted | note |", "|---|---|---|---|---|---|---|---|"]
    for name, _, _, _, note in jobs:
        got = times[name]
        if not got:
            lines.append(f"| {scale} | {name} | — | — | — | — | — | every run failed |")
            continue
        ratios = [b / a for a, b in got]
        mem_a, mem_b = memory[name]
        lost = f"; {failed[name]} pair(s) failed and left out" if failed[name] else ""
        lines.append(f"| {scale} | {name} | {fmt(statistics.median(a for a, _ in got))} | "
                     f"{fmt(statistics.median(b for _, b in got))} | {statistics.median(ratios):.2f}× | "
                     f"{spread(ratios)} ({len(got)} pairs) | {fmt(mem_a, 'MB')} / {fmt(mem_b, 'MB')} | {note}{lost} |")
    # The one-off cost of unlocking with the real Argon2id (DEFAULT_KDF), once each, fresh processes.
    opened = [("clear", run("open", str(clear))), ("encrypted, cheap Argon2id", run("open", str(secret), str(password))),
              ("encrypted, real Argon2id", run("open", str(real), str(password)))]
    lines += ["", "Opening the store (fresh process each, run once): `Store.open` plus a first query, which for an "
              "encrypted file includes deriving the key from the password; before it, in the same process, the "
              "derivation alone (`protection.unlock`, what each lock-screen try costs) is timed on its own.", "",
              "| scale | file | Store.open, first query included | Argon2id derivation alone |", "|---|---|---|---|"]
    for label, result in opened:
        derive = result["extra"] if isinstance(result["extra"], float) else None
        lines.append(f"| {scale} | {label} | {fmt(result['seconds'])} | {fmt(derive)} |")
    for line in lines:
        print(line, flush=True)
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("parts", nargs="*", metavar="PART",
                        help=f"which rows to run: {', '.join(PARTS)} (default: all of them)")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pairs", type=int, default=10, help="clear/encrypted pairs for the encryption rows")
    args = parser.parse_args()
    unknown = [p for p in args.parts if p not in PARTS]
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}: choose from {', '.join(PARTS)}")
    parts = args.parts or list(PARTS)
    lines = [f"Machine: {platform.node()} — {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
             f"Python {platform.python_version()}, {platform.system()} {platform.release()}; run {date.today()}"]
    if "main" in parts:
        lines += ["", "| scale | measurement | time | peak memory | baseline | ratio | note |",
                  "|---|---|---|---|---|---|---|"]
    for scale in args.scales if "main" in parts else []:
        db = demo(scale)
        ini = str(OUT / f"window-{scale}.ini")
        export = best("export", args.repeat, str(db), str(OUT / f"pack-{scale}.xlsx"))
        inline = best("export", args.repeat, str(db), str(OUT / f"pack-inline-{scale}.xlsx"), "inline")
        warm = best("export", args.repeat, str(db), str(OUT / f"pack-warm-{scale}.xlsx"), "prestarted")
        dump = best("raw_dump", args.repeat, str(OUT / f"dump-{scale}.xlsx"), str(export.get("extra") or 1000))
        same = best("same_dump", args.repeat, str(OUT / f"same-{scale}.xlsx"), str(OUT / f"pack-{scale}.xlsx"))
        window = best("window", args.repeat, str(db), ini)
        plain = best("plain_window", args.repeat)
        dashboard = best("dashboard", 1, str(db), ini)
        keystroke = best("filter_keystroke", 1, str(db), ini)
        save = best("save_refresh", 1, str(db) + ".save", ini) if _copy(db) else {"seconds": None, "peak_mb": None}

        def ratio(a: dict[str, object], b: dict[str, object]) -> str:
            if a["seconds"] is None or b["seconds"] is None:
                return "—"
            return f"{a['seconds'] / b['seconds']:.2f}×"  # type: ignore[operator]

        rows = [
            ("export of the pack", warm, "raw write-only dump of the pack's own cell values", same,
             f"{export.get('extra')} cells; as the window and the command line run it: the writer process is "
             "started when the Evidence pack page opens, or before the command opens the database"),
            ("export of the pack", warm, "raw write-only dump of as many short synthetic cells", dump,
             "the same export against the synthetic dump"),
            ("export, writer started at the click", export, "raw write-only dump of the pack's own cell values", same,
             "no head start: the writer process starts up while the registers are read"),
            ("export, writer started at the click", export, "raw write-only dump of as many short synthetic cells",
             dump, ""),
            ("export, written in one process", inline, "raw write-only dump of the pack's own cell values", same,
             "as on a one-core machine"),
            ("first window shown", window, "plain window", plain, ""),
            ("dashboard fully drawn", dashboard, "plain window", plain, dashboard.get("extra") or ""),
            ("filter keystroke, incident log", keystroke, "—", {"seconds": None}, keystroke.get("extra") or ""),
            ("save plus dashboard refresh", save, "—", {"seconds": None}, save.get("extra") or ""),
        ]
        for name, got, base_name, base, note in rows:
            line = (f"| {scale} | {name} | {fmt(got['seconds'])} | {fmt(got['peak_mb'], 'MB')} | {base_name}: "
                    f"{fmt(base['seconds'])} | {ratio(got, base)} | {note} |")
            print(line, flush=True)
            lines.append(line)
    if "encryption" in parts:
        lines += encryption(args.pairs)
    if "own-import" in parts:
        lines += own_import(args.repeat)
    (OUT / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nWritten to {OUT / 'results.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
