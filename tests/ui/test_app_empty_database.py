"""The window and a database file that is there but empty (0 bytes): refused in a message that says so, the
file left alone; the welcome (and a new database) is for a file that does not exist yet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from carehome_desk.store.protection import KdfParams
from carehome_desk.ui.app import AppController

CHEAP = KdfParams(time_cost=1, memory_cost=8, parallelism=1)


def test_the_window_refuses_an_empty_file_and_leaves_it_alone(qsettings: QSettings, db_path: Path,
                                                              monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db_path.touch()
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, text: shown.append((title, text)))
    controller = AppController(qsettings, kdf=CHEAP)
    try:
        assert not controller.start(db_path, explicit=True)
    finally:
        controller.shutdown()
    assert shown == [("Could not open the database",
                      f"{db_path} is empty (0 bytes): it holds no records, so it was not opened and nothing was "
                      "changed. If your records should be in it, restore it from a backup (no good backup of it was "
                      "found beside it or in the backups folder); if you meant to start a new home, delete the empty "
                      "file and set the home up again.")]
    assert db_path.stat().st_size == 0
    assert not Path(f"{db_path}-wal").exists()
