"""Dashboard screenshots for scripts/screenshots.py: the demo home's dashboard once its charts have
drawn, its trends, and the all-homes view on a three-home demo. Qt must already be set up."""

from __future__ import annotations

import time
from datetime import date, datetime, time as clock_time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from carehome_desk.demo import DemoOptions, build_demo
from carehome_desk.models.dates import UK
from carehome_desk.models.home import HomeDetails
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow

SIZES = ((1366, 768), (1920, 1080))


def wait_until_drawn(app: QApplication, window: MainWindow, timeout: float = 30.0) -> None:
    """Let the dashboard's worker finish and every chart draw at its size (or give up after ``timeout`` s)."""
    page = window.dashboard
    end = time.monotonic() + timeout
    def busy() -> bool:  # a chart redrawn at a new size (in the chart process) counts too
        return any(chart.busy() for chart in page.charts.charts.values()) if getattr(page, "built", True) else True

    while time.monotonic() < end and (not page.charts_drawn() or page.work.pending() or not page.up_to_date()
                                      or busy()):
        app.processEvents()
        time.sleep(0.01)
    for _ in range(6):
        app.processEvents()


def prepare(window: MainWindow, app: QApplication) -> None:
    """Before the page loop grabs the dashboard: wait for the charts, and start at the top."""
    if window.current_page() is window.dashboard:
        wait_until_drawn(app, window)
        window.dashboard.scroll_area.verticalScrollBar().setValue(0)
        app.processEvents()


def _trends(app: QApplication, window: MainWindow, path: Path) -> None:
    page = window.dashboard
    page.scroll_area.verticalScrollBar().setValue(page.charts.y())
    app.processEvents()
    window.grab().save(str(path))
    page.scroll_area.verticalScrollBar().setValue(0)


def shoot(app: QApplication, window: MainWindow, docs: Path, work: Path, today: date) -> None:
    """The trends half of the demo home's dashboard, then the all-homes view on a three-home demo."""
    window.nav.setCurrentRow(window.pages.index(window.dashboard))
    for width, height in SIZES:
        window.resize(width, height)
        wait_until_drawn(app, window)
        _trends(app, window, docs / f"dashboard-trends-{width}x{height}.png")
    db = build_demo(work / "demo-3.sqlite3", DemoOptions(scale=3, today=today))
    now = datetime.combine(today, clock_time(10, 0), tzinfo=UK)
    store = Store.open(db, clock=lambda: now)
    several = MainWindow(store, QSettings(str(work / "window-3.ini"), QSettings.Format.IniFormat))
    several.nav.setCurrentRow(several.pages.index(several.dashboard))
    for width, height in SIZES:
        several.resize(width, height)
        several.show()
        wait_until_drawn(app, several)
        several.dashboard.all_homes_button.setChecked(True)
        wait_until_drawn(app, several)  # every home is worked out when the view opens
        several.grab().save(str(docs / f"dashboard-all-homes-{width}x{height}.png"))
        several.dashboard.all_homes_button.setChecked(False)
    several.close()
    store.close()
    _new_home(app, docs, work, today)


def _new_home(app: QApplication, docs: Path, work: Path, today: date) -> None:
    """A home just set up (nothing recorded yet): No data yet tiles and the Getting started list."""
    now = datetime.combine(today, clock_time(10, 0), tzinfo=UK)
    store = Store.open(work / "new-home.sqlite3", clock=lambda: now)
    store.homes.add(HomeDetails("Rowan House", "SC654321", registered_manager="Sam Patel"))
    window = MainWindow(store, QSettings(str(work / "window-new.ini"), QSettings.Format.IniFormat))
    window.nav.setCurrentRow(window.pages.index(window.dashboard))
    window.resize(1366, 768)
    window.show()
    wait_until_drawn(app, window)
    window.grab().save(str(docs / "dashboard-new-home.png"))
    window.close()
    store.close()
