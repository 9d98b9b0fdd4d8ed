from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from tests.conftest import Clock, oak_lodge


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def home_store(db_path: Path, clock: Clock) -> Iterator[Store]:
    s = Store.open(db_path, user="tester", clock=clock)
    s.homes.add(oak_lodge())
    yield s
    s.close()


@pytest.fixture
def window(qtbot, home_store: Store, qsettings: QSettings) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    w = MainWindow(home_store, qsettings)
    qtbot.addWidget(w, before_close_func=discard_all)
    w.show()
    qtbot.waitExposed(w)
    yield w


def discard_all(w: MainWindow) -> None:
    """Throw away edits a test left, so closing never waits on an 'unsaved changes' question."""
    for page in w.pages:
        page.discard()
