"""Screenshots of File → Import from my own spreadsheet, each step, on a wide messy training matrix.

    .venv/bin/python scripts/own_import_shots.py            # docs/import-own-1-file.png … -5-next-month.png
    .venv/bin/python scripts/own_import_shots.py --scale 1.5  # the same at 150% (into a temporary folder)

Offscreen Qt at 1366×768 (a manager's laptop) on the demo home, with a fixed 'today'.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from datetime import date, datetime, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DOCS = ROOT / "docs"
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--scale", type=float, default=1.0, help="device pixel ratio (1.5 for 150%% scaling)")
parser.add_argument("--out", type=Path, default=None, help="folder for the pictures (default: docs/)")
ARGS = parser.parse_args()
work = Path(tempfile.mkdtemp(prefix="carehome-own-import-shot-"))
screen = work / "screen.json"
screen.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
                                           "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
if ARGS.scale != 1.0:  # as Windows display scaling: text and controls grow, the window gets 1366×768 / scale
    os.environ["QT_SCALE_FACTOR"] = str(ARGS.scale)
os.environ["CAREHOME_DESK_USER"] = "Priya Fairbairn"

from PySide6.QtCore import QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from carehome_desk import paths  # noqa: E402
from carehome_desk.demo import DemoOptions, build_demo  # noqa: E402
from carehome_desk.importing.own.mapping import IGNORE  # noqa: E402
from carehome_desk.models.dates import UK  # noqa: E402
from carehome_desk.store import Store  # noqa: E402
from carehome_desk.ui.exports.own_import_dialog import CHECK, COLUMNS, PREVIEW, OwnImportDialog  # noqa: E402
from carehome_desk.ui.widgets.style import APP_STYLE  # noqa: E402
from tests.ui.exports.own_import_data import write_matrix  # noqa: E402

TODAY = date(2026, 11, 22)
#: The demo home's own people, as its manager's matrix names them ("RCW", "Senior").
STAFF = [("Priya Fairbairn", "Registered manager", date(2021, 10, 10)), ("Ellie Patel", "Deputy manager", date(2022, 8, 9)),
         ("Naomi Whitfield", "Senior", date(2020, 11, 15)), ("Josh Kerr", "Senior", date(2023, 4, 28)),
         ("Callum Patel", "RCW", date(2023, 11, 3)), ("Callum Lam", "RCW", date(2024, 1, 21)),
         ("Naomi Kerr", "RCW", date(2025, 9, 20)), ("Sarah Carter", "RCW", date(2025, 2, 1)),
         ("Zara Begum", "RCW", date(2024, 8, 18)), ("Kwame Patel", "RCW", date(2024, 9, 20))]
MEDICATION: list[object] = ["13/04/2025", "04/13/2025", "03/04/2025", date(2024, 11, 7), "12/05/2025", None,
                            "Apr-25", "booked 12/05", "N/A", date(2025, 1, 20)]


def settle(app: QApplication) -> None:
    for _ in range(6):
        app.processEvents()


def wait(dialog: OwnImportDialog) -> None:
    if dialog.runner.is_running():
        loop = QEventLoop()
        dialog.runner.finished.connect(loop.quit)
        loop.exec()


def main() -> int:
    paths.init(work)
    app = QApplication(sys.argv[:1])
    app.setStyleSheet(APP_STYLE)
    db = build_demo(work / "demo.sqlite3", DemoOptions(today=TODAY))
    now = datetime.combine(TODAY, time(10, 0), tzinfo=UK)
    store = Store.open(db, clock=lambda: now)
    matrix = write_matrix(work / "Training matrix 2025.xlsx", staff=STAFF, medication=MEDICATION, filled=16)
    out = ARGS.out or DOCS
    out.mkdir(parents=True, exist_ok=True)
    dialog = OwnImportDialog(store, store.homes.list()[0].id)
    dialog.show()
    dialog.set_path(matrix)
    wait(dialog)
    settle(app)
    dialog.file_step.path_edit.setText(str(Path("C:/Users/priya/Documents") / matrix.name))  # as her PC shows it
    dialog.loaded = (dialog.file_step.path_edit.text(), "")
    shots = [("import-own-1-file.png", None)]
    dialog.grab().save(str(out / shots[0][0]))
    print(f"{dialog.width()}×{dialog.height()} logical, at {ARGS.scale:g}×")
    for name, step in (("import-own-2-header.png", PREVIEW), ("import-own-3-columns.png", COLUMNS)):
        dialog.stack.setCurrentIndex(step)
        if step == COLUMNS:
            view = dialog.columns_step.view
            view.selectRow(next((r for r in range(view.model().rowCount())
                                 if not dialog.columns_step.model.record(r).confirmed), 0))
        settle(app)
        dialog.grab().save(str(out / name))
    # As the manager would: the right guesses confirmed, the wrong ones left out, the mixed dates as read.
    assert dialog.mapping is not None
    for sheet in dialog.mapping.sheets:
        for column in sheet.columns:
            if not column.confirmed:
                column.confirmed = True
                if column.header in ("Team Teach refresher", "Fire marshal", "Pool safety"):
                    column.target = IGNORE
    dialog.stack.setCurrentIndex(CHECK)
    wait(dialog)
    combo = dialog.check_step.order_combos[0]
    combo.setCurrentIndex(1)
    combo.activated.emit(1)
    wait(dialog)
    dialog.check_step.tabs.setCurrentIndex(1)
    settle(app)
    dialog.grab().save(str(out / "import-own-4-check.png"))
    print(dialog.check_step.status.text())
    dialog.run_import(skip_bad_rows=True)
    wait(dialog)
    print(dialog.check_step.status.text())
    dialog.close()

    # Next month: the same layout, mapped as last time, opens on the check.
    later = write_matrix(work / "Training matrix December.xlsx", staff=STAFF, first_aid="20/11/2026",
                         medication=[date(2026, 11, 2)] * len(STAFF), filled=16)
    dialog = OwnImportDialog(store, store.homes.list()[0].id)
    dialog.show()
    dialog.set_path(later)
    wait(dialog)
    wait(dialog)
    settle(app)
    dialog.grab().save(str(out / "import-own-5-next-month.png"))
    print(dialog.check_step.status.text())
    dialog.close()
    store.close()
    print(f"Screenshots written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
