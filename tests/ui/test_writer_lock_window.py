"""The window and the command line share one writer lock: neither writes while the other has the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from carehome_desk import cli
from carehome_desk.store import Store
from carehome_desk.ui.app import AppController
from tests.conftest import oak_lodge
from tests.writer_lock_holder import kill, lock_held_elsewhere


@pytest.fixture
def controller(qsettings: QSettings):  # type: ignore[no-untyped-def]
    c = AppController(qsettings)
    yield c
    if c.window is not None:
        c.window.close()
    c.shutdown()


@pytest.fixture
def db(db_path: Path) -> Path:
    with Store.open(db_path, user="set-up") as store:
        store.homes.add(oak_lodge())
    return db_path


def test_the_window_refuses_while_a_command_holds_the_lock(qtbot, controller, db: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    with lock_held_elsewhere(db) as holder:  # as 'carehome-desk import' holds it while it runs
        assert not controller.open(db)
        assert controller.window is None and controller.lock is None
        assert len(shown) == 1 and "already open" in shown[0] and "command such as an import" in shown[0]
        kill(holder)
        assert controller.open(db)  # no stale lock once the command is gone
    qtbot.addWidget(controller.window)
    assert controller.lock is not None and controller.lock.held


def test_the_command_line_refuses_to_write_while_the_window_has_the_file(qtbot, controller, db: Path, tmp_path: Path,
                                                                        capsys) -> None:  # type: ignore[no-untyped-def]
    assert controller.open(db)
    qtbot.addWidget(controller.window)
    raw = db.read_bytes()
    code = cli.main(["home", "add", "--db", str(db), "--name", "Elm House", "--urn", "SC654321"])
    _, err = capsys.readouterr()
    assert code == 1 and "is open in carehome-desk on this PC (another window or command)" in err
    assert db.read_bytes() == raw
    assert cli.main(["due", "--db", str(db)]) == 0  # reading works alongside the window
    controller.window.close()
    controller.shutdown()
    controller.window = controller.store = controller.lock = None
    assert cli.main(["home", "add", "--db", str(db), "--name", "Elm House", "--urn", "SC654321"]) == 0
