"""Screenshots for issue 15 (offscreen Qt, the demo home): the read-only banner on a damaged database,
and Home settings' retention review.

    .venv/bin/python scripts/integrity_shots.py     # writes docs/read-only-banner.png, docs/retention-review.png

Standalone, like screenshots.py (same fixed day and seed), so the picture only changes when the screen does.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time as clock
from datetime import date, datetime, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
work = Path(tempfile.mkdtemp(prefix="carehome-integrity-shots-"))
screen = work / "screen.json"
screen.write_text(json.dumps({"screens": [{"name": "desk", "x": 0, "y": 0, "width": 1920, "height": 1080,
                                           "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
os.environ["CAREHOME_DESK_USER"] = "Priya Fairbairn"
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from carehome_desk import paths  # noqa: E402
from carehome_desk.demo import DemoOptions, build_demo  # noqa: E402
from carehome_desk.models.dates import UK  # noqa: E402
from carehome_desk.store import Store  # noqa: E402
from carehome_desk.ui.main_window import MainWindow  # noqa: E402
from carehome_desk.ui.widgets.style import APP_STYLE  # noqa: E402
from carehome_desk.ui.widgets.page import PageId
from tests.damaged_files import damage_middle  # noqa: E402
from tests.retention_data import add_old_records  # noqa: E402

TODAY = date(2026, 11, 22)
NOW = datetime.combine(TODAY, time(9, 12), tzinfo=UK)


def settle(app: QApplication, until: object = None, limit: float = 10.0) -> None:
    """Let the window (and the check's worker thread) finish."""
    end = clock.monotonic() + limit
    while clock.monotonic() < end:
        app.processEvents()
        if until is None or until():  # type: ignore[operator]
            break
        clock.sleep(0.02)
    app.processEvents()


def read_only_banner(app: QApplication) -> Path:
    """The banner, on the dashboard of a demo home whose file has a damaged page."""
    db = build_demo(work / "carehome.sqlite3", DemoOptions(today=TODAY))
    backups = paths.data_dir() / "backups"
    backups.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(db, backups / "carehome-20261121-173000.sqlite3")  # last night's good backup
    damage_middle(db)
    store = Store.open(db, clock=lambda: NOW, check="later")
    window = MainWindow(store, QSettings(str(work / "window.ini"), QSettings.Format.IniFormat))
    window.resize(1366, 768)
    window.show()
    settle(app, window.integrity_banner.isVisible)
    window.nav.setCurrentRow(window.pages.index(window.staff_page))  # a page whose records are still readable
    settle(app, limit=0.5)
    out = DOCS / "read-only-banner.png"
    window.grab().save(str(out))
    window.close()
    store.close()
    return out


def retention_review(app: QApplication) -> Path:
    """Home settings scrolled to the records past their retention period (older records added to the demo)."""
    from PySide6.QtWidgets import QScrollArea

    db = build_demo(work / "retention.sqlite3", DemoOptions(today=TODAY))
    store = Store.open(db, clock=lambda: NOW)
    add_old_records(store, store.homes.list()[0].id)
    window = MainWindow(store, QSettings(str(work / "window-retention.ini"), QSettings.Format.IniFormat))
    window.resize(1366, 768)
    window.show()
    page = window.page(PageId.HOME_SETTINGS)
    assert page is not None
    window.nav.setCurrentRow(window.pages.index(page))
    settle(app, limit=0.5)
    scroll = page.findChild(QScrollArea)
    scroll.ensureWidgetVisible(page.retention, 0, 0)  # type: ignore[attr-defined]
    scroll.verticalScrollBar().setValue(page.retention.y() - 20)  # type: ignore[attr-defined]
    settle(app, limit=0.3)
    out = DOCS / "retention-review.png"
    window.grab().save(str(out))
    window.close()
    store.close()
    return out


def main() -> int:
    paths.init(work)
    app = QApplication(sys.argv[:1])
    app.setStyleSheet(APP_STYLE)
    DOCS.mkdir(exist_ok=True)
    print(read_only_banner(app))
    print(retention_review(app))
    return 0


if __name__ == "__main__":
    sys.exit(main())
