"""Take the screenshots in docs/ from the real window on the demo home (offscreen Qt).

    .venv/bin/python scripts/screenshots.py            # writes docs/*.png
    .venv/bin/python scripts/screenshots.py staff training recruitment-checks   # just those pages
    .venv/bin/python scripts/screenshots.py dashboard   # also its trends, and all homes on a 3-home demo
    .venv/bin/python scripts/screenshots.py children incidents
    .venv/bin/python scripts/screenshots.py quality    # each tab, the comparison and the dialogs
    .venv/bin/python scripts/screenshots.py password   # set-up with a password, recovery key, lock screen
    .venv/bin/python scripts/screenshots.py audit      # Change history's audit trail check: intact, and findings
    .venv/bin/python scripts/screenshots.py restore    # File → Restore from backup…

Uses a fixed 'today' and seed so the pictures only change when the screens do.
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
work = Path(tempfile.mkdtemp(prefix="carehome-shots-"))
screen = work / "screen.json"
screen.write_text(json.dumps({"screens": [{"name": "desk", "x": 0, "y": 0, "width": 1920, "height": 1080,
                                           "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
os.environ["CAREHOME_DESK_USER"] = "Priya Fairbairn"

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from carehome_desk import paths  # noqa: E402
from carehome_desk.demo import DemoOptions, build_demo  # noqa: E402
from carehome_desk.models.dates import UK  # noqa: E402
from carehome_desk.store import Store  # noqa: E402
from carehome_desk.ui.main_window import MainWindow  # noqa: E402
from carehome_desk.ui.widgets.style import APP_STYLE  # noqa: E402
from carehome_desk.ui.settings.welcome_dialog import WelcomeDialog  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import audit_shots  # noqa: E402
import dashboard_shots  # noqa: E402
import incident_shots  # noqa: E402
import password_shots  # noqa: E402
import quality_shots  # noqa: E402
import restore_shots  # noqa: E402
import workforce_shots  # noqa: E402


TODAY = date(2026, 11, 22)


def slug(title: str) -> str:
    """'Recruitment checks' -> 'recruitment-checks'."""
    return title.lower().replace(" ", "-")


def main() -> int:
    only = set(sys.argv[1:])
    paths.init(work)
    app = QApplication(sys.argv[:1])
    app.setStyleSheet(APP_STYLE)
    DOCS.mkdir(exist_ok=True)
    if not only or "password" in only:
        password_shots.shoot(app, DOCS, work, TODAY)
    if not only or "restore" in only:
        restore_shots.shoot(app, DOCS, work, TODAY)
    if only <= {"password", "restore"} and only:
        print(f"Screenshots written to {DOCS}")
        return 0
    db = build_demo(work / "demo.sqlite3", DemoOptions(today=TODAY))
    # The same fixed day as the demo, so statuses (and pictures) do not drift with the calendar.
    now = datetime.combine(TODAY, time(10, 0), tzinfo=UK)
    store = Store.open(db, clock=lambda: now)
    window = MainWindow(store, QSettings(str(work / "window.ini"), QSettings.Format.IniFormat))
    DOCS.mkdir(exist_ok=True)
    for width, height in ((1366, 768), (1920, 1080)):
        window.resize(width, height)
        window.show()
        for row, page in enumerate(window.pages):
            if only and slug(page.title) not in only:
                continue
            window.nav.setCurrentRow(row)
            workforce_shots.settle(app)
            if page is window.staff_page:
                workforce_shots.pick_person(window, "details")
                workforce_shots.settle(app)
            incident_shots.prepare(window, app)
            dashboard_shots.prepare(window, app)
            audit_shots.prepare(window, app)
            window.grab().save(str(DOCS / f"{slug(page.title)}-{width}x{height}.png"))
            if slug(page.title) == "quality":  # and each of its tabs
                quality_shots.shoot_tabs(app, window, DOCS, f"{width}x{height}")
    if not only or "dashboard" in only:
        dashboard_shots.shoot(app, window, DOCS, work, TODAY)
    if not only or only & {"staff", "training", "recruitment-checks"}:
        workforce_shots.shoot(app, window, DOCS)
    if not only or "incidents" in only:
        incident_shots.shoot(app, window, DOCS)
    if not only or "quality" in only:
        quality_shots.shoot(app, window, DOCS)
    if not only or "audit" in only:
        audit_shots.shoot(app, DOCS, work, db, now)
    if only:
        window.close()
        store.close()
        print(f"Screenshots written to {DOCS}")
        return 0
    # An edit refused at the field: what a manager sees after typing a wrong URN.
    window.resize(1366, 768)
    home_page = next(page for page in window.pages if slug(page.title) == "home-settings")
    window.nav.setCurrentRow(window.pages.index(home_page))
    home_page.urn.setText("SC12")
    home_page.save()
    app.processEvents()
    window.grab().save(str(DOCS / "home-settings-invalid-urn.png"))
    home_page.discard()
    dialog = WelcomeDialog(date(2026, 11, 22))
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(DOCS / "welcome.png"))
    window.close()
    store.close()
    print(f"Screenshots written to {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
