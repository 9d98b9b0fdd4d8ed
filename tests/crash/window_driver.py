"""The window, driven offscreen for the crash test: open the real main window on a database, fill the
Staff form and save it, several times, saying after each save what the database holds.

Run as ``python -m tests.crash.window_driver DB SAVES [PASSWORD_FILE]`` with QT_QPA_PLATFORM=offscreen.
Each save prints one line ``saved N {counts}`` once the window has said it is saved, so the harness
knows which saves were confirmed before it killed the process.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from carehome_desk.store import Store
from carehome_desk.store.connect import table_counts
from carehome_desk.store.protection import password_from_file
from carehome_desk.store.writer_lock import take_writer_lock
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.workforce.staff_page import StaffPage
from carehome_desk.models.staff import StaffRole


def counts(store: Store) -> dict[str, int]:
    """Rows per table, read through the store's own connection."""
    with store.read() as conn:
        return table_counts(conn.connection.dbapi_connection)  # type: ignore[arg-type]


def main(argv: list[str]) -> int:
    db, saves = Path(argv[0]), int(argv[1])
    password = password_from_file(Path(argv[2])) if len(argv) > 2 else None
    app = QApplication([])
    lock = take_writer_lock(db)  # as the app does: the window is the database's one writer
    store = Store.open(db, create=False, password=password, user="crash test")
    window = MainWindow(store, QSettings(str(db.parent / "window.ini"), QSettings.Format.IniFormat))
    window.show()
    page = window.staff_page
    assert isinstance(page, StaffPage)
    window.nav.setCurrentRow(window.pages.index(page))
    app.processEvents()
    print("ready", flush=True)
    for n in range(1, saves + 1):
        page.new_record()
        details = page.panel.details
        QTest.keyClicks(details.full_name, f"Crash Test {n:03d}")  # typed, as the manager would
        details.role.setCurrentIndex(details.role.findData(StaffRole.RESIDENTIAL_WORKER.value))
        QTest.keyClicks(details.start_date.line, "03/04/2026")
        QTest.keyClicks(details.hours, "37.5")
        window.save_current()  # Ctrl+S
        app.processEvents()
        state = details.state.text()  # type: ignore[attr-defined]  # the form's state line (set in its __init__)
        if not state.startswith("Saved at"):
            print(f"not saved: {state}", file=sys.stderr, flush=True)
            return 1
        print(f"saved {n} {json.dumps(counts(store), sort_keys=True)}", flush=True)
    window.close()
    store.close()
    del lock
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
