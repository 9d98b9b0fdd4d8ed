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


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal message box nobody answers would hang the suite: fail the test instead.

    A test that expects a box replaces the method again with its own answer.
    """
    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

    def unexpected(name: str):  # type: ignore[no-untyped-def]
        def fail(*args, **kwargs):  # type: ignore[no-untyped-def]
            texts = [a for a in args if isinstance(a, str)]
            raise AssertionError(f"unexpected QMessageBox.{name}: {texts}")
        return fail

    for name in ("question", "warning", "critical", "information", "about"):
        monkeypatch.setattr(QMessageBox, name, unexpected(name))
    for name in ("getOpenFileName", "getSaveFileName", "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, unexpected(name))
    for name in ("getText", "getItem"):
        monkeypatch.setattr(QInputDialog, name, unexpected(name))
