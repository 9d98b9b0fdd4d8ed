"""Screenshot of File → Import from a spreadsheet: the dry-run preview of an incidents workbook with one bad row.

    .venv/bin/python scripts/import_shots.py        # writes docs/import-preview.png

Offscreen Qt on the demo home, with a fixed 'today', so the picture only changes when the dialog does.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import date, datetime, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
work = Path(tempfile.mkdtemp(prefix="carehome-import-shot-"))
screen = work / "screen.json"
screen.write_text(json.dumps({"screens": [{"name": "desk", "x": 0, "y": 0, "width": 1920, "height": 1080,
                                           "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
os.environ["CAREHOME_DESK_USER"] = "Priya Fairbairn"

import openpyxl  # noqa: E402
from PySide6.QtCore import QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from carehome_desk import paths  # noqa: E402
from carehome_desk.demo import DemoOptions, build_demo  # noqa: E402
from carehome_desk.importing.incidents import write_incidents_template  # noqa: E402
from carehome_desk.models.dates import UK  # noqa: E402
from carehome_desk.store import Store  # noqa: E402
from carehome_desk.ui.exports.import_dialog import ImportDialog  # noqa: E402
from carehome_desk.ui.widgets.style import APP_STYLE  # noqa: E402

TODAY = date(2026, 11, 22)
ROWS: dict[str, list[list[object]]] = {
    "Children": [["C-101", "JM", "14/02/2011", "03/03/2026", "Northmoor County Council", "Care order", "✓"],
                 ["C-102", "RT", "09/09/2012", "17/06/2026", "Kettleby City Council", "s20", "✗"]],
    "Incidents": [
        ["26-01", "12/03/2026", "19:40", "Restraint", "C-101", "Lounge", "Threw a chair at staff; held briefly.",
         "Sam Kerr; Jo Lam", "no", None, "Managed within the home.", "13/03/2026", "Priya Fairbairn",
         "Debrief held; behaviour plan updated."],
        ["26-02", "28/03/2026", "23:40", "Missing from care", "C-101", "Community", "Not in bedroom at the night check.",
         "Jo Lam", "yes", "40(4)(e) Other serious incident", "Missing overnight; police involved."],
        ["26-03", "20/06/2026", "16:15", "Away", "C-102", "Friend's house", "Stayed at a friend's without permission."],
        ["26-04", "29/03/2026", "01:30", "Self-harm", "C-102", "Bedroom", "Superficial cuts found; first aid given."],
        ["26-05", "14/09/2026", "15:30", "Complaint", None, "Office", "Complained that pocket money was late."],
    ],
    "Restraint": [["26-01", "Threw a chair at staff", "Two-person standing hold", 3, "Verbal de-escalation",
                   "Sam Kerr", "Jo Lam", "Settled", "None", "None", "✗", "12/03/2026 21:00", "13/03/2026 10:00",
                   "Priya Fairbairn", "13/03/2026 16:30"]],
    "Missing and away": [["26-03", "20/06/2026 22:10", "✓", None, None, "20/06/2026 17:00", "Low"]],
    "Notifications": [["26-02", "Ofsted", None, "40(4)(e)", "29/03/2026 09:00", "Ofsted online form", "NOT-58213"]],
}


def settle(app: QApplication) -> None:
    """Let deferred layout work finish before a grab."""
    for _ in range(6):
        app.processEvents()


def main() -> int:
    paths.init(work)
    app = QApplication(sys.argv[:1])
    app.setStyleSheet(APP_STYLE)
    db = build_demo(work / "demo.sqlite3", DemoOptions(today=TODAY))
    now = datetime.combine(TODAY, time(10, 0), tzinfo=UK)
    store = Store.open(db, clock=lambda: now)
    book = work / "incidents-2026.xlsx"
    write_incidents_template(book)
    wb = openpyxl.load_workbook(book)
    for sheet, rows in ROWS.items():
        for row in rows:
            wb[sheet].append(row)
    wb.save(book)

    home = store.homes.list()[0]
    dialog = ImportDialog(store, home.id)
    dialog.kind_group.button(1).setChecked(True)
    dialog.path = book
    dialog.file_edit.setText(str(Path("C:/Users/priya/Documents") / book.name))  # as a manager's PC shows it
    dialog.show()
    loop = QEventLoop()
    dialog.runner.finished.connect(loop.quit)  # a Qt slot: PySide 6.12 miscounts references for plain callables
    dialog.check()
    loop.exec()
    settle(app)
    DOCS.mkdir(exist_ok=True)
    dialog.grab().save(str(DOCS / "import-preview.png"))
    print(dialog.status.text())
    dialog.close()
    store.close()
    print(f"Screenshot written to {DOCS / 'import-preview.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
