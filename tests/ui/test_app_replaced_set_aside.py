"""Opening another database replaces the window and store: what the old window set aside from the cycle collector
(``gc.freeze``, once its first figures were on show) is given back, so its pages and kept records can be freed."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from carehome_desk.store import Store
from carehome_desk.ui.app import AppController
from tests.conftest import Clock, oak_lodge
from tests.ui.conftest import discard_all
from tests.ui.dashboard.test_dashboard_page import loaded


@pytest.fixture
def controller(qsettings: QSettings) -> Iterator[AppController]:
    gc.unfreeze()
    c = AppController(qsettings)
    yield c
    if c.window is not None:
        c.window.close()
    c.shutdown()
    gc.unfreeze()  # nothing left set aside for later tests


def database(path: Path) -> Path:
    with Store.open(path, user="tester", clock=Clock()) as store:
        store.homes.add(oak_lodge())
    return path


class Node:
    """One half of a reference cycle: only the cycle collector frees it."""

    other: object = None


def test_opening_another_database_gives_the_old_window_s_objects_back(  # type: ignore[no-untyped-def]
        qtbot, controller: AppController, tmp_path: Path) -> None:
    held = Node()
    held.other = held  # stands in for the old window's own cycles (its pages, signals' slots, kept records)
    assert controller.open(database(tmp_path / "first.sqlite3"))
    first = controller.window
    assert first is not None
    qtbot.addWidget(first, before_close_func=discard_all)
    page = loaded(qtbot, first)
    qtbot.waitUntil(page.up_to_date, timeout=10_000)
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=10_000)  # set aside at its first settle
    assert not any(o is held for o in gc.get_objects())  # set aside with the window
    gone = weakref.ref(held)
    del held  # garbage once the window goes, but out of the collector's reach while set aside
    gc.collect()
    assert gone() is not None
    assert controller.open(database(tmp_path / "second.sqlite3"))
    assert controller.window is not first
    assert gone() is None  # given back to the collector and collected with the window's replacement
    assert gc.get_freeze_count() == 0  # the new window sets its own aside at its own first settle
