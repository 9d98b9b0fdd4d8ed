"""PySide6's import check, quick (ui/pyside_import_check.py) against PySide6's own: paired fresh processes.

Each run is a fresh Python process with offscreen Qt that loads PySide6 as the window's start does
(ui/pyside_first.py) and then times, inside the process: importing the store (SQLAlchemy), importing the
main window's modules, and, once the window is built on the demo database, opening two pages for the first
time (their modules imported and the pages built, as a click on the navigation list does); at the end it
says how much source text linecache holds. The "own" runs give PySide6 its own check back before any of
that; "quick" and "own" runs alternate, so the machine's drift cancels.

    .venv/bin/python scripts/bench_import_check.py [--pairs 9]   (after `scripts/bench.py` has built bench-out/)
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_JOB = r"""
import json, sys, time
clock = time.perf_counter
from carehome_desk.ui import pyside_first
feature = sys.modules["__feature__"]
if sys.argv[1] == "own":
    feature._mod_uses_pyside = feature._mod_uses_pyside.pyside_check
times = {"in the check, all told": 0.0}
def timed(check):
    def timed_check(module):
        start = clock()
        try:
            return check(module)
        finally:
            times["in the check, all told"] += clock() - start
    return timed_check
feature._mod_uses_pyside = timed(feature._mod_uses_pyside)
start = clock()
from carehome_desk.store import Store
times["import the store"] = clock() - start
start = clock()
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from carehome_desk.ui.main_window import MainWindow
times["import the window"] = clock() - start
app = QApplication([])
from pathlib import Path
store = Store.open(Path(sys.argv[2]), create=False)
window = MainWindow(store, QSettings(sys.argv[3], QSettings.Format.IniFormat))
from carehome_desk.ui.widgets.page import PageId
for page_id in (PageId.QUALITY, PageId.CHILDREN):
    start = clock()
    window.page_set.at(window.page_set.row(page_id))
    times[f"first open of {page_id.value}"] = clock() - start
import linecache
times["source kept by linecache (MB of text)"] = sum(len(line) for entry in linecache.cache.values()
                                                    if len(entry) == 4 for line in entry[2]) / 1e6
print(json.dumps(times))
"""


def run(variant: str, db: Path, settings: Path) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", _JOB, variant, str(db), str(settings)], capture_output=True,
                            text=True, env=env, cwd=ROOT, timeout=300, check=True)
    times: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=9)
    args = parser.parse_args()
    demo = ROOT / "bench-out" / "demo-scale1.sqlite3"
    if not demo.exists():
        raise SystemExit(f"No demo database at {demo}: run scripts/bench.py first.")
    got: dict[str, dict[str, list[float]]] = {"own": {}, "quick": {}}
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.sqlite3"
        with sqlite3.connect(demo) as source, sqlite3.connect(db) as copy:
            source.backup(copy)  # with what the write-ahead log holds
        for _ in range(args.pairs):
            for variant in ("own", "quick"):
                for what, seconds in run(variant, db, Path(folder) / "settings.ini").items():
                    got[variant].setdefault(what, []).append(seconds)
    print(f"| step | PySide6's own check | quick check | saved, median of the pairs ({args.pairs} pairs) |")
    print("|---|---|---|---|")
    for what, own in got["own"].items():
        mine = got["quick"][what]
        saved = statistics.median(a - b for a, b in zip(own, mine))
        scale, unit = (1, "") if "MB" in what else (1000, " ms")
        print(f"| {what} | {statistics.median(own) * scale:.1f}{unit} | {statistics.median(mine) * scale:.1f}{unit} "
              f"| {saved * scale:.1f}{unit} |")


if __name__ == "__main__":
    main()
