"""While the first figures are worked out the dashboard says it is loading, never 'No home yet'.

The worker is held at a gate (the real ``compute`` runs once it opens), so what the window shows
before the answer is looked at deterministically, with no timing involved.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel

from carehome_desk.services.dashboard_data import Request, Result
from carehome_desk.services.due import due_items
from carehome_desk.store import Store
from carehome_desk.ui.dashboard import dashboard_page
from carehome_desk.ui.dashboard.dashboard_band import NO_INCIDENTS
from carehome_desk.ui.dashboard.dashboard_page import NO_HOME, WORKING, DashboardPage
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE
from tests.conftest import Clock
from tests.ui.conftest import discard_all
from tests.ui.workforce_data import TODAY, add_workforce


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Hold every dashboard computation until the test opens the gate (opened at the end in any case)."""
    opened = threading.Event()
    real = dashboard_page.compute

    def held(store: Store, request: Request) -> Result:
        opened.wait(60)  # a safety net only: the test opens the gate
        return real(store, request)

    monkeypatch.setattr(dashboard_page, "compute", held)
    yield opened
    opened.set()


def open_window(qtbot, store: Store, qsettings: QSettings, gate: threading.Event) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(store, qsettings)
    def before_close(w: MainWindow) -> None:
        gate.set()  # first: the window waits for a running job before the store closes
        discard_all(w)

    qtbot.addWidget(window, before_close_func=before_close)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.dashboard.work.pending() > 0)  # asked, and held at the gate
    return window


def words_on_show(window: MainWindow) -> list[str]:
    return [label.text() for label in window.findChildren(QLabel) if label.isVisible() and label.text()]


def answered(page: DashboardPage) -> bool:
    return bool(page.tiles.widgets) and not page.work.pending() and page.up_to_date()


def test_a_home_loading_says_so_then_shows_its_rows(qtbot, home_store: Store, qsettings: QSettings,  # type: ignore[no-untyped-def]
                                                    gate: threading.Event) -> None:
    add_workforce(home_store)
    window = open_window(qtbot, home_store, qsettings, gate)
    page = window.dashboard
    assert window.current_page() is page

    before = words_on_show(window)
    assert not [w for w in before if "No home yet" in w], before
    assert page.headline.isVisible() and page.headline.text() == "Loading Oak Lodge…"
    assert page.band.calm.isVisible() and page.band.calm.text() == WORKING
    assert not page.band.table.isVisible()
    assert page.needs.empty.isVisible() and page.needs.empty.text() == WORKING
    assert not page.needs.table.isVisible() and page.needs.model.rowCount() == 0
    assert page.busy.text() == "Updating…"

    gate.set()
    qtbot.waitUntil(lambda: answered(page), timeout=20_000)
    after = words_on_show(window)
    assert not [w for w in after if "No home yet" in w or w == WORKING or w.startswith("Loading")], after
    assert not page.headline.isVisible()
    assert page.band.calm.text() == NO_INCIDENTS  # no incidents in this home
    every = due_items(home_store, TODAY)
    shown = [page.needs.proxy.index(r, 0).data(RECORD_ROLE)
             for r in range(page.needs.proxy.rowCount())]
    keys = [(row.item.requirement.subject_id, row.item.requirement.key) for row in shown if row.item is not None]
    assert every and sorted(keys) == sorted((i.requirement.subject_id, i.requirement.key) for i in every)
    assert page.needs.table.isVisible() and not page.needs.empty.isVisible()


@pytest.fixture
def empty_store(db_path: Path, clock: Clock) -> Iterator[Store]:
    """A database with no home in it yet."""
    s = Store.open(db_path, user="tester", clock=clock)
    yield s
    s.close()


def test_no_home_says_working_then_no_home_yet(qtbot, empty_store: Store, qsettings: QSettings,  # type: ignore[no-untyped-def]
                                                gate: threading.Event) -> None:
    window = open_window(qtbot, empty_store, qsettings, gate)
    page = window.dashboard
    # Before the worker has looked, the page does not claim there is no home.
    assert page.headline.isVisible() and page.headline.text() == WORKING
    assert not [w for w in words_on_show(window) if "No home yet" in w]

    gate.set()
    qtbot.waitUntil(lambda: not page.work.pending() and page.up_to_date(), timeout=20_000)
    assert page.headline.isVisible() and page.headline.text() == NO_HOME
    assert not page.needs.isVisible() and not page.band.isVisible()
