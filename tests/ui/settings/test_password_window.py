"""The window's side of the database password: set-up, recovery key, unlock, set/change, lock screen."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QTextEdit, QWidget

from carehome_desk.models.children import ChildDetails
from carehome_desk.models.settings import ProviderSettings, validate_settings
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import Store
from carehome_desk.store.protection import KdfParams, is_protected, protect
from carehome_desk.ui.app import AppController
from carehome_desk.ui.settings.home_page import HomePage
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.settings.password_flow import ChangePasswordDialog, NewPasswordDialog
from carehome_desk.ui.settings.recovery_key_dialog import RecoveryKeyDialog
from carehome_desk.ui.settings.unlock_dialog import UnlockDialog
from carehome_desk.ui.settings.welcome_dialog import WelcomeDialog
from tests.conftest import Clock, oak_lodge
from tests.ui.conftest import discard_all

CHEAP = KdfParams(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "correct horse battery"
CHILD_REF = "KX-4471"
STAFF_NAME = "Priya Zebedee"


def when_modal(kind: type[QDialog], action: Callable[[QDialog], None]) -> None:
    """Act on a modal dialog of ``kind`` once it shows (exec() blocks the test until it closes)."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(20, act)
            return
        action(dialog)

    QTimer.singleShot(0, act)


def tick_and_continue(shown: list[str]) -> Callable[[QDialog], None]:
    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, RecoveryKeyDialog)
        shown.append(dialog.key_label.text())
        dialog.reject()  # Esc: refused until the box is ticked
        assert dialog.isVisible() and not dialog.continue_button.isEnabled()
        dialog.done_tick.setChecked(True)
        dialog.continue_button.click()
    return act


@pytest.fixture
def controller(qsettings: QSettings) -> Iterator[AppController]:
    c = AppController(qsettings, kdf=CHEAP)
    yield c
    if c.window is not None:
        discard_all(c.window)
        c.window.close()
    c.shutdown()


def protected_db(path: Path, clock: Clock | None = None) -> Path:
    protect(path, PASSWORD, kdf=CHEAP)
    with Store.open(path, password=PASSWORD, clock=clock) as store:
        (home, _) = store.homes.add(oak_lodge())
        store.children.add(home.id, ChildDetails(CHILD_REF, "ZQ", date(2011, 1, 1), date(2025, 1, 5)))
        store.staff.add(home.id, StaffDetails(STAFF_NAME, StaffRole.RESIDENTIAL_WORKER, date(2026, 1, 5)))
    return path


def test_set_up_with_a_password_creates_an_encrypted_file_and_shows_the_recovery_key(
        qtbot, controller: AppController, data_home: Path) -> None:  # type: ignore[no-untyped-def]
    target = data_home / "carehome.sqlite3"

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, WelcomeDialog)
        dialog.setup_button.click()
        assert "recovery key is lost" in dialog.lost_both.text()
        dialog.name.setText("Hawthorn House")
        dialog.urn.setText("SC246810")
        dialog.password_fields.password.setText("short")
        dialog.password_fields.confirm.setText("short")
        dialog.create_button.click()  # refused: under 10 characters
        assert dialog.isVisible() and "at least 10" in dialog.password_fields.error.text()
        dialog.password_fields.password.setText(PASSWORD)
        dialog.password_fields.confirm.setText(PASSWORD + "x")
        dialog.create_button.click()  # refused: the two differ
        assert dialog.isVisible() and "not the same" in dialog.password_fields.error.text()
        dialog.password_fields.confirm.setText(PASSWORD)
        dialog.create_button.click()

    shown: list[str] = []
    when_modal(WelcomeDialog, fill)
    when_modal(RecoveryKeyDialog, tick_and_continue(shown))
    assert controller.start(target, explicit=False)
    qtbot.addWidget(controller.window)
    assert shown and len(shown[0]) > 30
    assert controller.store is not None and controller.store.protected and is_protected(target)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(target).execute("SELECT name FROM sqlite_master").fetchall()
    assert b"Hawthorn House" not in target.read_bytes()
    assert not list(target.parent.glob("*.new*"))  # nothing left of the partial file
    with Store.open(target, recovery_key=shown[0]) as again:  # the key shown opens it
        assert [h.name for h in again.homes.list()] == ["Hawthorn House"]


def test_demo_says_it_is_not_password_protected(qtbot, controller: AppController, data_home: Path) -> None:  # type: ignore[no-untyped-def]
    when_modal(WelcomeDialog, lambda d: d.demo_button.click())  # type: ignore[attr-defined]
    assert controller.start(data_home / "carehome.sqlite3", explicit=False)
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    assert "not password-protected" in window.demo_banner.text() and window.demo_banner.isVisible()
    assert not window.lock() and not window.window_lock.locked


def test_unlock_refuses_a_wrong_password_slows_repeats_and_opens_with_the_right_one(
        qtbot, controller: AppController, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    protected_db(db_path)
    seen: dict[str, object] = {}

    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, UnlockDialog)
        dialog.password.setText("not the password")
        dialog.unlock_button.click()
        seen["message"] = dialog.error.text()
        assert dialog.isVisible() and dialog.unlock_button.isEnabled()  # the first tries are not slowed
        dialog.throttle.failures = 3
        dialog.unlock_button.click()  # the fourth wrong try in a row: a wait, on a timer
        seen["slowed"] = not dialog.unlock_button.isEnabled() and dialog.throttle.timer.isActive()
        seen["wait"] = dialog.error.text()
        dialog.throttle.timer.timeout.emit()  # the wait is over: never a lockout
        dialog.password.setText(PASSWORD)
        dialog.unlock_button.click()

    when_modal(UnlockDialog, answer)
    assert controller.open(db_path)
    qtbot.addWidget(controller.window)
    message = str(seen["message"])
    assert "not right" in message and message.count(". ") == 0  # one sentence
    assert seen["slowed"] and "try again in 1 second" in str(seen["wait"])
    assert controller.store is not None and controller.store.protected


def test_cancelling_the_unlock_opens_nothing(controller: AppController, db_path: Path) -> None:
    protected_db(db_path)
    when_modal(UnlockDialog, lambda d: d.reject())
    assert not controller.open(db_path)
    assert controller.store is None and controller.lock is None


def test_the_recovery_key_sets_a_new_password_and_opens(qtbot, controller: AppController, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    recovery = protect(db_path, PASSWORD, kdf=CHEAP)
    with Store.open(db_path, password=PASSWORD) as store:
        store.homes.add(oak_lodge())

    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, UnlockDialog)
        dialog.use_recovery.click()
        dialog.recovery_key.setText("AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA")
        dialog.new_password.password.setText("a brand new password")
        dialog.new_password.confirm.setText("a brand new password")
        dialog.recover_button.click()
        assert dialog.isVisible() and dialog.recovery_error.isVisible()
        dialog.recovery_key.setText(recovery)
        dialog.new_password.password.setText("a brand new password")
        dialog.new_password.confirm.setText("a brand new password")
        dialog.recover_button.click()

    when_modal(UnlockDialog, answer)
    assert controller.open(db_path)
    qtbot.addWidget(controller.window)
    controller.shutdown()
    controller.window = controller.store = controller.lock = None
    with Store.open(db_path, password="a brand new password") as again:
        assert again.homes.list()


def test_set_a_password_converts_the_open_database(qtbot, controller: AppController, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    with Store.open(db_path) as store:
        store.homes.add(oak_lodge(name="Willow Brook"))
    assert controller.open(db_path)

    def set_it(dialog: QDialog) -> None:
        assert isinstance(dialog, NewPasswordDialog)
        dialog.fields.password.setText(PASSWORD)
        dialog.fields.confirm.setText(PASSWORD)
        dialog.ok_button.click()

    shown: list[str] = []
    when_modal(NewPasswordDialog, set_it)
    when_modal(RecoveryKeyDialog, tick_and_continue(shown))
    controller.password_requested()
    assert controller.window is not None and controller.store is not None
    qtbot.addWidget(controller.window)
    assert shown and controller.store.protected and is_protected(db_path)
    assert b"Willow Brook" not in db_path.read_bytes()
    assert [h.name for h in controller.store.homes.list()] == ["Willow Brook"]

    def change(dialog: QDialog) -> None:
        assert isinstance(dialog, ChangePasswordDialog)
        dialog.current.setText("wrong wrong wrong")
        dialog.fields.password.setText("the second password")
        dialog.fields.confirm.setText("the second password")
        dialog.ok_button.click()
        assert dialog.isVisible() and "not right" in dialog.error.text()
        dialog.current.setText(PASSWORD)
        dialog.ok_button.click()

    when_modal(ChangePasswordDialog, change)
    controller.password_requested()
    controller.store.check_password("the second password")


@pytest.fixture
def locked_window(qtbot, db_path: Path, clock: Clock, qsettings: QSettings) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    protected_db(db_path, clock)
    store = Store.open(db_path, password=PASSWORD, clock=clock)
    window = MainWindow(store, qsettings)
    qtbot.addWidget(window, before_close_func=discard_all)
    window.show()
    qtbot.waitExposed(window)
    yield window
    store.close()


def visible_texts(window: QWidget) -> list[str]:
    """Every text a sighted user could read in the window now: labels, fields, and table cells."""
    texts: list[str] = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        for name in ("text", "toPlainText", "currentText", "title"):
            getter = getattr(widget, name, None)
            if callable(getter):
                try:
                    value = getter()
                except TypeError:
                    continue
                if isinstance(value, str):
                    texts.append(value)
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            root = widget.rootIndex()
            try:
                columns = model.columnCount(root)
            except TypeError:  # a list widget's model keeps it private: one column
                columns = 1
            for row in range(model.rowCount(root)):
                for column in range(columns):
                    texts.append(str(model.data(model.index(row, column, root), Qt.ItemDataRole.DisplayRole)))
        if isinstance(widget, QTextEdit):
            texts.append(widget.toPlainText())
    return texts


def test_idle_time_locks_the_window_and_hides_every_record(qtbot, locked_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window = locked_window
    assert window.window_lock.idle.minutes == 5 and window.window_lock.idle.timer.isActive()  # the default policy
    children = next(page for page in window.pages if page.title == "Children")
    window.nav.setCurrentRow(window.pages.index(children))
    assert any(CHILD_REF in text for text in visible_texts(window))  # the check can see records
    window.window_lock.idle.timer.timeout.emit()  # the idle time has passed
    assert window.window_lock.locked and window.window_lock.lock_screen.isVisible()
    texts = visible_texts(window)
    assert not any(CHILD_REF in text or "Zebedee" in text for text in texts)
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    focusable = [w for w in window.findChildren(QWidget)
                 if w.isVisible() and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert set(focusable) <= {window.window_lock.lock_screen.password, window.window_lock.lock_screen.unlock_button}
    window.window_lock.lock_screen.password.setText("not the password")
    window.window_lock.lock_screen.unlock_button.click()
    assert window.window_lock.locked and "not right" in window.window_lock.lock_screen.error.text()
    window.window_lock.lock_screen.password.setText(PASSWORD)
    window.window_lock.lock_screen.unlock_button.click()
    assert not window.window_lock.locked and window.menuBar().isVisible()
    assert any(CHILD_REF in text for text in visible_texts(window))


def test_typed_edits_survive_lock_and_unlock(qtbot, locked_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window = locked_window
    home_page = next(page for page in window.pages if isinstance(page, HomePage))
    window.nav.setCurrentRow(window.pages.index(home_page))
    home_page.name.setFocus()
    home_page.name.end(False)
    qtbot.keyClicks(home_page.name, " Annexe")
    assert home_page.has_unsaved_changes()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # Ctrl+L
    assert window.window_lock.locked and not home_page.name.isVisible()
    qtbot.keyClicks(window.window_lock.lock_screen.password, PASSWORD)
    qtbot.keyClick(window.window_lock.lock_screen.password, Qt.Key.Key_Return)
    assert not window.window_lock.locked
    assert home_page.name.isVisible() and home_page.name.text() == "Oak Lodge Annexe"
    assert home_page.has_unsaved_changes()
    with Store.open(window.store.path, password=PASSWORD) as other:  # nothing was written meanwhile
        assert [h.name for h in other.homes.list()] == ["Oak Lodge"]


def test_an_unprotected_database_does_not_lock(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert not window.window_lock.idle.timer.isActive()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not window.window_lock.locked
    assert "Set a password" in window.statusBar().currentMessage()


def test_lock_after_minutes_is_a_policy_value_where_0_means_never() -> None:
    assert ProviderSettings().lock_after_minutes == 5
    assert ProviderSettings.from_mapping({"lock_after_minutes": 0}).lock_after_minutes == 0
    assert ProviderSettings.from_mapping({"due_soon_days": 0}).due_soon_days == 30
    assert validate_settings(ProviderSettings(lock_after_minutes=0)) == {}
    assert "lock_after_minutes" in validate_settings(ProviderSettings(lock_after_minutes=500))


def test_a_policy_change_applies_to_the_idle_watch(qtbot, locked_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window = locked_window
    changes = window.store.settings.save(ProviderSettings(lock_after_minutes=0))
    window.broadcast(changes)
    assert not window.window_lock.idle.timer.isActive()
    window.broadcast(window.store.settings.save(ProviderSettings(lock_after_minutes=1)))
    assert window.window_lock.idle.timer.isActive() and window.window_lock.idle.timer.interval() == 60_000


def test_a_dialog_open_when_the_window_locks_is_covered_and_keeps_what_was_typed(
        qtbot, locked_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout

    window = locked_window
    dialog = QDialog(window)
    dialog.setWindowTitle(f"Training for {STAFF_NAME}")
    field = QLineEdit(f"Restraint debrief for {CHILD_REF}", dialog)
    QVBoxLayout(dialog).addWidget(field)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert any(CHILD_REF in text for text in visible_texts(dialog))
    window.window_lock.idle.timer.timeout.emit()  # the idle time passes with the dialog open
    texts = visible_texts(dialog)
    assert dialog.isVisible() and not field.isVisible()
    assert not any(CHILD_REF in text or "Zebedee" in text for text in texts)
    (cover,) = [c for c in window.window_lock._covers if c.dialog is dialog]
    focusable = [w for w in dialog.findChildren(QWidget) if w.isVisible() and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert set(focusable) <= {cover.screen.password, cover.screen.unlock_button}
    cover.screen.password.setText("not the password")
    cover.screen.unlock_button.click()
    assert window.window_lock.locked and not field.isVisible()
    qtbot.keyClicks(cover.screen.password, PASSWORD)
    qtbot.keyClick(cover.screen.password, Qt.Key.Key_Return)  # the dialog's own lock screen unlocks everything
    assert not window.window_lock.locked and window.menuBar().isVisible()
    assert field.isVisible() and field.text() == f"Restraint debrief for {CHILD_REF}"
    assert dialog.windowTitle() == f"Training for {STAFF_NAME}"
    dialog.close()


def test_a_modal_dialog_stays_open_through_a_lock_and_its_answer_counts(
        qtbot, locked_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout

    window = locked_window
    dialog = QDialog(window)
    field = QLineEdit(CHILD_REF, dialog)
    QVBoxLayout(dialog).addWidget(field)
    seen: list[bool] = []

    def lock_then_unlock_from_the_main_window_then_accept(d: QDialog) -> None:
        assert window.window_lock.lock()
        seen.append(d.isVisible() and not field.isVisible())
        window.window_lock.lock_screen.password.setText(PASSWORD)
        window.window_lock.lock_screen.unlock_button.click()
        seen.append(field.isVisible())
        d.accept()

    when_modal(QDialog, lock_then_unlock_from_the_main_window_then_accept)
    assert dialog.exec() == QDialog.DialogCode.Accepted  # locking did not end it as if cancelled
    assert seen == [True, True] and field.text() == CHILD_REF


def test_file_new_recovery_key_replaces_a_lost_key_after_the_password(
        qtbot, locked_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from carehome_desk.store.errors import WrongPasswordError
    from carehome_desk.store.protection import change_password, unlock
    from carehome_desk.ui.settings.new_recovery_key_dialog import NewRecoveryKeyDialog

    window = locked_window
    path = window.store.path
    action = next(a for a in window.findChildren(QAction) if a.text() == "New recovery &key…")
    shown: list[str] = []

    def wrong_then_right(dialog: QDialog) -> None:
        assert isinstance(dialog, NewRecoveryKeyDialog)
        dialog.current.setText("not the password")
        dialog.ok_button.click()
        assert dialog.isVisible() and "not right" in dialog.error.text()
        assert dialog.ok_button.isEnabled()  # the first few tries are not slowed
        dialog.current.setText(PASSWORD)
        dialog.ok_button.click()
        when_modal(RecoveryKeyDialog, tick_and_continue(shown))

    when_modal(NewRecoveryKeyDialog, wrong_then_right)
    action.trigger()
    (new_key,) = shown
    assert unlock(path, recovery_key=new_key) == unlock(path, password=PASSWORD)
    change_password(path, new_key, "set with the new key", recovery=True, kdf=CHEAP)
    with pytest.raises(WrongPasswordError):
        unlock(path, password=PASSWORD)


def test_an_unprotected_database_has_no_recovery_key_to_replace(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert not [a for a in window.findChildren(QAction) if "recovery" in a.text().lower()]
