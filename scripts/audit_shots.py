"""Screenshots of the audit trail's check on Change history: all intact, and after edits made outside the app.

Called from screenshots.py (``screenshots.py audit`` takes just these). The findings picture is
taken on a copy of the demo edited with plain SQL, as someone with the file could.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from carehome_desk.store import Store
from carehome_desk.ui.history.history_page import HistoryPage
from carehome_desk.ui.main_window import MainWindow


def prepare(window: MainWindow, app: QApplication) -> None:
    """On Change history, wait for the audit trail check so the picture shows its result."""
    page = window.current_page()
    if isinstance(page, HistoryPage):
        page.trail.wait()
        app.processEvents()


def _shot(app: QApplication, db: Path, now: datetime, work: Path, out: Path) -> None:
    store = Store.open(db, clock=lambda: now)
    window = MainWindow(store, QSettings(str(work / "audit-window.ini"), QSettings.Format.IniFormat))
    window.resize(1366, 768)
    window.show()
    page = next(p for p in window.pages if isinstance(p, HistoryPage))
    window.nav.setCurrentRow(window.pages.index(page))
    app.processEvents()
    prepare(window, app)
    window.grab().save(str(out))
    window.close()
    store.close()


def shoot(app: QApplication, docs: Path, work: Path, demo: Path, now: datetime) -> None:
    """Write docs/audit-verified.png and docs/audit-findings.png."""
    clean = work / "audit-clean.sqlite3"
    shutil.copy(demo, clean)
    _shot(app, clean, now, work, docs / "audit-verified.png")
    tampered = work / "audit-tampered.sqlite3"
    shutil.copy(demo, tampered)
    con = sqlite3.connect(tampered)
    con.execute("UPDATE audit_log SET user_label = 'Someone Else', at = '2026-01-05 09:00:00.000000' WHERE id = 40")
    con.execute("DELETE FROM audit_log WHERE id = 120")
    con.execute("UPDATE incidents SET summary = 'Nothing of note happened.' WHERE id = 2")
    con.execute("INSERT INTO staff (id, home_id, full_name, role, role_title, start_date, contract, lives_at_home, "
                "staff_ref, dates_to_confirm, version, archive_reason) VALUES (901, 1, 'Ghost Worker', "
                "'residential_worker', '', '2026-01-05', 'permanent', 0, '', 0, 1, '')")
    con.commit()
    con.close()
    _shot(app, tampered, now, work, docs / "audit-findings.png")
