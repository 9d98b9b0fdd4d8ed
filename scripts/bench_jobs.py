"""The jobs scripts/bench.py times, each the source of a fresh Python process (so its peak memory is its own).

Each prints one JSON line: seconds, peak_mb and extra. Kept apart from bench.py, which runs and reports them.
"""

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
                  "extra": "the dashboard recomputes on the next event-loop turn (no fixed pause)"}))
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
