"""The window's backups: the restore dialog, restore through the window, the backup on close, the daily
check, the second folder in Home settings and the dashboard's notice."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from carehome_desk.store import Store
from carehome_desk.store.auto_backup import backups_folder, list_backups, record_off_pc_copy, second_backups_folder
from carehome_desk.store.backup import backup_sqlite
from carehome_desk.store.protection import protect
from carehome_desk.ui.app import AppController
from carehome_desk.ui.settings.auto_backup import AutoBackups, backup_due
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.settings.restore_dialog import RestoreDialog
from carehome_desk.ui.widgets.page import PageId
from tests.store.backup_data import CHEAP, corrupt_middle, demo_copy
from tests.ui.conftest import discard_all


def when_modal(kind: type[QDialog], action: Callable[[QDialog], None]) -> None:
    """Act on a modal dialog of ``kind`` once it shows (exec() blocks the test until it closes)."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(20, act)
            return
        action(dialog)

    QTimer.singleShot(0, act)


@pytest.fixture
def controller(qsettings: QSettings) -> Iterator[AppController]:
    c = AppController(qsettings, kdf=CHEAP)
    yield c
    if c.window is not None:
        discard_all(c.window)
        c.window.close()
    c.shutdown()


def two_backups(db: Path) -> tuple[Path, Path]:
    folder = backups_folder(db)
    older = backup_sqlite(db, folder / "carehome-20261120-090000.sqlite3",
                          now=datetime(2026, 11, 20, 9, tzinfo=timezone.utc))
    newer = backup_sqlite(db, folder / "carehome-20261121-090000.sqlite3",
                          now=datetime(2026, 11, 21, 9, tzinfo=timezone.utc))
    return older, newer


def test_the_dialog_lists_backups_newest_first_and_shows_what_the_chosen_one_holds(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = demo_copy(tmp_path)
    older, newer = two_backups(db)
    corrupt_middle(older)
    with Store.open(db) as store:
        staff = len(store.staff.list(include_archived=True))
        dialog = RestoreDialog(store)
        qtbot.addWidget(dialog)
        assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == [
            "21/11/2026 09:00  ·  by hand  ·  checked when taken", "20/11/2026 09:00  ·  by hand  ·  checked when taken"]
        assert dialog.taken.text() == "21/11/2026 at 09:00"
        assert dialog.integrity.text().startswith("Passed")
        assert f"staff {staff}" in dialog.records.text() and "audit log" not in dialog.records.text()
        assert dialog.audit.text().endswith("changes, all intact")  # verify ran on the copy
        assert dialog.restore_button.isEnabled() and not dialog.password_row.isVisibleTo(dialog)
        dialog.list.setCurrentRow(1)  # the damaged one: its check now says so, and it cannot be restored
        assert dialog.integrity.text().startswith("FAILED") and not dialog.restore_button.isEnabled()


def test_restore_through_the_window_brings_the_data_back_and_keeps_the_current_file(  # type: ignore[no-untyped-def]
        qtbot, controller: AppController, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = demo_copy(tmp_path)
    _older, newer = two_backups(db)
    assert controller.open(db)
    assert controller.window is not None and controller.store is not None
    lock = controller.lock
    member = controller.store.staff.list()[0]
    controller.store.staff.archive(member.id, "entered in error")
    before = len(controller.store.staff.list())
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    when_modal(RestoreDialog, lambda d: d.restore_button.click())  # type: ignore[attr-defined]
    assert controller.restore_requested()
    assert controller.lock is lock and lock is not None and lock.held  # never let go while swapping
    assert len(controller.store.staff.list()) == before + 1  # the data is back
    (kept,) = tmp_path.glob("carehome.before-restore-*.sqlite3")
    with Store.open(kept, create=False) as store:
        assert len(store.staff.list()) == before
    assert "Restored the backup taken 21/11/2026" in controller.window.statusBar().currentMessage()
    assert [b.path for b in list_backups(db)][0] == newer  # no backup was taken on the way


def test_a_protected_backup_under_another_password_asks_for_it(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = demo_copy(tmp_path)
    other = demo_copy(tmp_path, "other.sqlite3")
    protect(other, "the other password", kdf=CHEAP)
    with Store.open(other, password="the other password") as store:
        backup = store.backup(tmp_path / "elsewhere" / "other.sqlite3")
    with Store.open(db) as store:
        dialog = RestoreDialog(store, preselect=backup)
        qtbot.addWidget(dialog)
        assert dialog.password_row.isVisibleTo(dialog) and not dialog.restore_button.isEnabled()
        dialog.password.setText("not it at all")
        dialog.password.returnPressed.emit()
        assert "not right" in dialog.error.text() or "does not open" in dialog.error.text()
        dialog.password.setText("the other password")
        dialog.password.returnPressed.emit()
        assert dialog.integrity.text().startswith("Passed") and dialog.restore_button.isEnabled()
        assert dialog.unlocked is not None and not dialog.unlocked.keep_current_keys


def test_closing_the_window_takes_a_checked_backup(qtbot, controller: AppController, db_path: Path,  # type: ignore[no-untyped-def]
                                                   home_store: Store) -> None:
    home_store.close()
    assert controller.open(db_path)
    assert controller.window is not None
    controller.window.close()
    (taken,) = list_backups(db_path)
    assert taken.automatic and taken.verified


def test_the_daily_backup_runs_in_the_background_once_a_day(qtbot, window: MainWindow, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2026, 11, 22, 10, tzinfo=timezone.utc)
    assert backup_due(None, now) and backup_due(now - timedelta(days=1), now)
    assert not backup_due(now.replace(hour=0, minute=1), now)
    auto = AutoBackups(window.store, window)
    with qtbot.waitSignal(auto.backed_up, timeout=10000):
        auto.check()
    assert len(list_backups(db_path)) == 1
    auto.check()  # taken today already: nothing more
    assert auto.work.pending() == 0 and len(list_backups(db_path)) == 1
    auto.stop()


def test_home_settings_chooses_a_second_folder_and_backs_up_there(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    box = window.page(PageId.HOME_SETTINGS).backups  # type: ignore[union-attr]
    assert "Second folder: none" in box.folder.text()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(stick))
    box.choose.click()
    assert window.store.settings.second_backup_folder() == stick
    with qtbot.waitSignal(box.backed_up, timeout=10000):
        box.now.click()
    assert "copied to" in box.state.text()
    mine = second_backups_folder(stick, window.store.path, window.store.settings.database_id())  # type: ignore[arg-type]
    assert len(list_backups(window.store.path, mine)) == 1  # type: ignore[arg-type]
    stick.rename(tmp_path / "unplugged")
    with qtbot.waitSignal(box.backed_up, timeout=10000):
        box.now.click()
    assert "cannot be reached" in box.state.text()


def test_the_dashboard_warns_when_no_copy_has_left_the_pc_for_a_week(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                     tmp_path: Path) -> None:
    notice = window.dashboard.backup_notice
    window.dashboard.refresh_backup_notice()
    assert notice.isVisibleTo(window) and "this PC only" in notice.text() and notice.property("role") == "hint"
    stick = tmp_path / "usb"
    window.broadcast(window.store.settings.set_second_backup_folder(stick))
    assert notice.property("role") == "banner" and "yet" in notice.text()
    db = window.store.path
    assert db is not None
    record_off_pc_copy(db, stick, window.store.now() - timedelta(days=2))
    window.dashboard.refresh_backup_notice()
    assert not notice.isVisibleTo(window)
    record_off_pc_copy(db, stick, window.store.now() - timedelta(days=9))
    window.dashboard.refresh_backup_notice()
    assert notice.isVisibleTo(window) and "13/11/2026, 9 days ago" in notice.text()


def test_a_restore_that_fails_reopens_the_records_as_they_were(  # type: ignore[no-untyped-def]
        qtbot, controller: AppController, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from carehome_desk.store import StoreError
    from carehome_desk.store import restore as restore_module

    db = demo_copy(tmp_path)
    two_backups(db)
    assert controller.open(db)
    assert controller.store is not None
    staff = len(controller.store.staff.list())
    raw = db.read_bytes()

    def broken(*args: object, **kwargs: object) -> None:
        raise StoreError("The backup could not be put in place (disk full). The database is as it was.")

    said: list[str] = []
    monkeypatch.setattr(restore_module, "restore_backup", broken)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: said.append(f"{title}: {text}"))
    when_modal(RestoreDialog, lambda d: d.restore_button.click())  # type: ignore[attr-defined]
    assert not controller.restore_requested()
    assert said == ["Nothing was restored: The backup could not be put in place (disk full). The database is as it was."]
    assert controller.window is not None and controller.store is not None and controller.lock is not None
    assert len(controller.store.staff.list()) == staff and db.read_bytes() == raw


def test_a_backup_from_before_the_password_goes_back_encrypted_and_the_window_reopens(  # type: ignore[no-untyped-def]
        qtbot, controller: AppController, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from carehome_desk.store.protection import is_protected, protect

    db = demo_copy(tmp_path)
    _older, newer = two_backups(db)  # clear: taken before the password was set
    protect(db, "correct horse battery", kdf=CHEAP)
    store = Store.open(db, password="correct horse battery")
    controller._show(store, None)  # as after the unlock dialog
    assert controller.window is not None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)

    def choose_newest(dialog: QDialog) -> None:
        assert isinstance(dialog, RestoreDialog) and "Oak Lodge" in dialog.homes.text()
        assert not dialog.other_home.isVisible()  # the same home
        dialog.restore_button.click()

    when_modal(RestoreDialog, choose_newest)
    assert controller.restore_requested()
    assert is_protected(db) and not db.read_bytes().startswith(b"SQLite format 3")
    assert controller.store is not None and controller.store.protected  # reopened with the key in hand
    assert "encrypted as it was put back" in controller.window.statusBar().currentMessage()
