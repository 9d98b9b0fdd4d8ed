"""Starting the window: display check, logging, one copy per database, welcome, then the window."""

from __future__ import annotations

import logging
import os
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING

from carehome_desk.ui import pyside_first  # noqa: F401 - before any Qt module (it says why)
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from carehome_desk import __version__
from carehome_desk.models.dates import UK
from carehome_desk.paths import data_dir, default_db_path, resources_dir
from carehome_desk.services.bulk import release_replaced
from carehome_desk.store.errors import StoreError
from carehome_desk.ui.app_first_frame import FirstFrame, tiles_shown
from carehome_desk.ui.app_requests import FileRequests
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.server_connect import ServerConnect
from carehome_desk.ui.widgets.error_dialog import install_excepthook
from carehome_desk.ui.widgets.enter_key import install_enter_presses_buttons
from carehome_desk.ui.widgets.focus_ring import install_focus_ring
from carehome_desk.ui.widgets.style import APP_STYLE

if TYPE_CHECKING:  # the store (and SQLAlchemy) are imported once the first frame is on screen
    from carehome_desk.models.home import HomeDetails
    from carehome_desk.store import Store
    from carehome_desk.store.protection import KdfParams
    from carehome_desk.store.writer_lock import WriterLock
    from carehome_desk.ui.settings.auto_backup import AutoBackups

log = logging.getLogger("carehome_desk")
DEMO_FILENAME = "demo.sqlite3"


def open_errors() -> tuple[type[Exception], ...]:
    """What opening or creating a database can raise that the manager is told about."""
    from sqlalchemy.exc import SQLAlchemyError

    return StoreError, OSError, SQLAlchemyError


def sqlite_path(target: str | Path) -> Path | None:
    """The file behind a target (None for a server's address)."""
    if isinstance(target, Path):
        return target
    from carehome_desk.store.engine import sqlite_path as file_of

    return file_of(target)


def setup_logging() -> None:
    """Log to a private rotating file in the data folder (full tracebacks, never record content)."""
    from carehome_desk.app_log import setup_file_logging

    setup_file_logging()


def window_settings() -> QSettings:
    """Window geometry and last choices, in an ini file in the data folder."""
    return QSettings(str(data_dir() / "window.ini"), QSettings.Format.IniFormat)


def display_problem() -> str | None:
    """On Linux with no display, say so plainly instead of letting Qt abort."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("carehome-desk: there is no display to open the window on. Run it from a desktop session, "
            "or use the command line (carehome-desk --help) for headless work.")


class AppController(FirstFrame, ServerConnect, FileRequests):
    """Owns the open store, its lock and its window; switches database on request."""

    def __init__(self, settings: QSettings, *, kdf: KdfParams | None = None):
        self.settings = settings
        #: Argon2id cost for passwords set here; None is the real default (tests pass a cheap one).
        self.kdf = kdf
        self.store: Store | None = None
        self.window: MainWindow | None = None
        self.lock: WriterLock | None = None
        self.auto_backups: AutoBackups | None = None
        self._backup_on_close = True  # off while the window closes to restore, protect or reopen the same file
        #: Where the manager's own database belongs (the demo never lives there).
        self.real_target: str | Path = default_db_path()
        #: Sets the application's style sheet (run_app's; tests leave it None): at once, or for a first frame
        #: once it is painted (an application-wide sheet makes every widget's polish dearer; style.py).
        self.app_style: Callable[[], None] | None = None

    # -- choosing what to open ---------------------------------------------------------------

    def initial_target(self, target: str | Path, explicit: bool) -> str | Path:
        """An explicit --db wins; otherwise the last database opened, if it still exists."""
        if explicit or os.environ.get("CAREHOME_DESK_DB"):
            return target
        last = self.settings.value("app/last_database")
        if last and Path(str(last)).exists():
            return Path(str(last))
        return target

    def start(self, target: str | Path, explicit: bool) -> bool:
        """Open the window, asking first with the welcome dialog when there is no database yet."""
        self.real_target = target
        target = self.initial_target(target, explicit)
        if isinstance(target, Path) and target.exists() and self.first_frame(target):
            if self.app_style is not None:
                QTimer.singleShot(0, self.app_style)  # the next turn, the first frame painted: before the rest is made
            QTimer.singleShot(0, lambda: self.attach_store(target))  # the next turn: the store, then its pages
            return True
        if self.app_style is not None:
            self.app_style()
        path = sqlite_path(target)
        if path is not None and not path.exists():
            from carehome_desk.ui.settings.welcome_dialog import DEMO, SETUP, WelcomeDialog

            dialog = WelcomeDialog(datetime.now(timezone.utc).astimezone(UK).date())  # the UK date, as the store
            if not dialog.exec():
                return False
            if dialog.choice == DEMO:
                return self.open_demo(data_dir() / DEMO_FILENAME)
            if dialog.choice == SETUP and dialog.details is not None:
                return self.create_home(path, dialog.details, dialog.password, manager_started=dialog.manager_start)
            return False
        return self.open(target)

    def open_demo(self, path: Path) -> bool:
        """Build the demo (if not already there) and open it."""
        from carehome_desk.demo import DemoOptions, build_demo

        if not path.exists():
            try:
                build_demo(path, DemoOptions())
            except open_errors() as exc:
                QMessageBox.critical(self.window, "Could not create the demo home", str(exc))
                return False
        return self.open(path)

    def create_home(self, path: Path, details: HomeDetails, password: str | None = None, *,
                    manager_started: date | None = None) -> bool:
        """Create a new database with the manager's home in it, then open it.

        Built under a temporary name and renamed at the end, so a failure leaves no empty
        database behind (which would stop the welcome from ever showing again). With a
        ``password`` it is encrypted from the start and the recovery key is shown once. With
        ``manager_started`` the registered manager named becomes a staff record with the home.
        """
        from carehome_desk.store import Store
        from carehome_desk.ui.settings import password_flow

        if path.exists():
            QMessageBox.critical(self.window, "Could not set up the home",
                                 f"{path} already exists: open it with File → Open database… instead.")
            return False
        partial = path.with_name(path.name + ".new")
        password_flow.remove_partial(partial)  # from a set-up stopped midway
        recovery = None
        try:
            if password is not None:
                recovery = password_flow.create_protected_home(partial, path, details, password, self.kdf,
                                                               manager_started=manager_started)
            else:
                with Store.open(partial) as store:
                    store.homes.add(details, manager_started=manager_started)
                os.replace(partial, path)
        except open_errors() as exc:
            password_flow.remove_partial(partial)
            QMessageBox.critical(self.window, "Could not set up the home", str(exc))
            return False
        if recovery is not None:
            password_flow.show_recovery_key(recovery, details.name, self.window)
        return self.open(path, password=password)

    # -- opening ----------------------------------------------------------------------------

    def _take_lock(self, target: str | Path) -> WriterLock | None:
        from carehome_desk.store.writer_lock import DatabaseInUse, take_writer_lock

        # The same lock as the command line's writing commands (store/writer_lock.py), so a window
        # and an import never write into one file at once; None for a server database.
        try:
            return take_writer_lock(target)
        except DatabaseInUse as exc:
            raise StoreError(
                f"carehome-desk is already open on {exc.path.name}, in another window or a command such as an "
                "import. Switch to that window or let the command finish; two copies editing one file at once "
                "could overwrite each other's work.") from None

    def open(self, target: str | Path, *, password: str | None = None) -> bool:
        """Open a database in a new main window, closing the current one if that succeeds.

        A protected file asks for its password (unless given) in the unlock dialog first.
        """
        from carehome_desk.store import Store
        from carehome_desk.store.integrity import window_check
        from carehome_desk.ui.settings import password_flow

        early = self.window is not None and not self.window.attached  # the first frame, waiting for its store
        if self.window is not None and not early and not self.window.confirm_unsaved():
            return False
        # Only a file has a writer lock to keep; two server databases are never "the same file".
        same_file = self.store is not None and self.store.path is not None and sqlite_path(target) == self.store.path
        lock = None
        try:
            lock = self.lock if same_file else self._take_lock(target)
            path = sqlite_path(target)
            if password is None and password_flow.needs_password(path):
                assert path is not None
                opened = password_flow.unlock_and_open(target, path, self.window, self.kdf)
            else:
                opened = Store.open(target, password=password, check=window_check(path))
        except open_errors() as exc:
            if lock is not None and not same_file:
                lock.release()
            QMessageBox.critical(self.window, "Could not open the database", str(exc))
            return False
        if opened is None:  # the unlock dialog was cancelled
            if lock is not None and not same_file:
                lock.release()
            return False
        if early:
            self._attach(opened, lock)
            return True
        self._close_current(keep_lock=same_file, backup=not same_file)
        self._show(opened, lock)
        return True

    def _connect(self, window: MainWindow) -> None:
        window.setup_requested.connect(self.setup_requested)
        window.open_requested.connect(self.open_requested)
        window.connect_requested.connect(self.connect_requested)
        window.backup_requested.connect(self.backup_requested)
        window.password_requested.connect(self.password_requested)
        window.restore_requested.connect(self.restore_requested)
        window.dashboard.tiles_current.connect(self._keep_snapshot)
        window.dashboard.tiles_shown.connect(lambda: tiles_shown(window))

    def _start_backups(self, store: Store) -> None:
        from carehome_desk.ui.settings.auto_backup import AutoBackups

        assert self.window is not None
        self.auto_backups = AutoBackups(store, self.window)
        self.auto_backups.message.connect(self._backup_message)
        self.auto_backups.backed_up.connect(self._backed_up)
        self.window.about_to_close.connect(self._window_closing)
        self.auto_backups.start()
        if store.path is not None:
            self.settings.setValue("app/last_database", str(store.path))

    def _show(self, store: Store, lock: WriterLock | None) -> None:
        """A main window on ``store``, which now owns ``lock``."""
        self.store, self.lock = store, lock
        self.window = MainWindow(store, self.settings)
        self._connect(self.window)
        self._start_backups(store)
        self.window.show()

    def _backup_message(self, text: str) -> None:
        """An automatic backup's news, on the status bar while a window is open."""
        if self.window:
            self.window.statusBar().showMessage(text, 10000)

    def _backed_up(self) -> None:
        """An automatic backup was made: the dashboard's backup notice reads again."""
        if self.window:
            self.window.dashboard.refresh_backup_notice()

    def _window_closing(self) -> None:
        if self.auto_backups is not None:
            if self._backup_on_close:
                self.auto_backups.backup_on_close()  # verified, rotated, and to the second folder if set
            self.auto_backups.stop()

    def _close_current(self, *, keep_lock: bool = False, backup: bool = True) -> None:
        self._backup_on_close = backup
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
        self._backup_on_close = True
        self.auto_backups = None
        if self.store is not None:
            self.store.close()
        if self.lock is not None and not keep_lock:
            self.lock.release()
        self.window = self.store = self.lock = None
        release_replaced()  # what the closed window and store set aside from the cycle collector goes back to it

    def shutdown(self) -> None:
        """Release the database and its lock."""
        if self.auto_backups is not None:
            try:
                self.auto_backups.stop()  # a daily backup under way finishes before the store closes
            except RuntimeError:
                pass  # its window, and it with it, is already gone
        if self.store is not None:
            self.store.close()
        if self.lock is not None:
            self.lock.release()

    # -- menu requests ----------------------------------------------------------------------

    def setup_requested(self) -> None:
        """From the demo: create the manager's own database. Otherwise: add a home here."""
        from carehome_desk.ui.settings.welcome_dialog import WelcomeDialog

        assert self.window is not None and self.store is not None
        # From the demo the home goes into a new database, encrypted with a password; otherwise into this one.
        dialog = WelcomeDialog(self.store.today(), self.window, setup_only=True, ask_password=self.window.is_demo)
        accepted = dialog.exec()
        details, password, manager_started = dialog.details, dialog.password, dialog.manager_start
        dialog.deleteLater()
        if not accepted or details is None:
            return
        if self.window.is_demo:
            path = sqlite_path(self.real_target) or default_db_path()
            if path.exists():
                QMessageBox.information(self.window, "Your database already exists",
                                        f"Opening your own database at {path} instead.")
                self.open(path)
                return
            self.create_home(path, details, password, manager_started=manager_started)
            return
        try:
            home, changes = self.store.homes.add(details, manager_started=manager_started)
        except StoreError as exc:
            QMessageBox.warning(self.window, "Home not added", str(exc))
            return
        self.window.broadcast(changes)
        self.window.select_home(home.id)

    def password_requested(self) -> None:
        """File → Set a password… (encrypts this database) or Change password…"""
        from carehome_desk.store import Store
        from carehome_desk.store.integrity import window_check
        from carehome_desk.store.protection import protect
        from carehome_desk.ui.settings import password_flow

        assert self.store is not None and self.window is not None
        path = self.store.path
        if path is None or self.window.is_demo:
            return
        if self.store.protected:
            change = password_flow.ChangePasswordDialog(path, self.window, kdf=self.kdf)
            if change.exec():
                self.window.statusBar().showMessage("Password changed. Use the new one from now on.", 10000)
            change.deleteLater()
            return
        ask = password_flow.NewPasswordDialog(self.window)
        accepted, password = ask.exec(), ask.password
        ask.deleteLater()
        if not accepted or password is None or not self.window.confirm_unsaved():
            return
        # protect() needs the file to itself: close the window and store, keep the writer lock, reopen.
        lock = self.lock
        self._close_current(keep_lock=True, backup=False)  # a clear backup now would be left unprotected
        try:
            recovery = protect(path, password, kdf=self.kdf)
        except (StoreError, OSError) as exc:
            QMessageBox.critical(None, "No password was set", str(exc))
            password = None  # reopen the file as it was
            recovery = None
        try:
            store = Store.open(path, password=password, check=window_check(path))
        except open_errors() as exc:
            if lock is not None:
                lock.release()
            QMessageBox.critical(None, "Could not open the database", str(exc))
            return
        if recovery is not None:
            password_flow.show_recovery_key(recovery, "", None)
        self._show(store, lock)

    def restore_requested(self, backup: Path | None = None) -> bool:
        """File → Restore from backup… (or the read-only banner's newest good ``backup``): choose and check in
        the dialog, then close the store, put the backup in place (the current file kept beside it), reopen."""
        from carehome_desk.store import Store
        from carehome_desk.store.restore import restore_backup
        from carehome_desk.ui.settings.restore_dialog import RestoreDialog

        assert self.store is not None and self.window is not None
        if self.store.path is None:
            QMessageBox.information(self.window, "Restore", "This database is on a server: ask whoever runs it.")
            return False
        dialog = RestoreDialog(self.store, self.window, preselect=backup)
        accepted, chosen, unlocked = dialog.exec(), dialog.chosen, dialog.unlocked
        dialog.deleteLater()
        if not accepted or chosen is None or unlocked is None or not self.window.confirm_unsaved():
            return False
        old, path, lock = self.store, self.store.path, self.lock
        self._close_current(keep_lock=True, backup=False)
        try:
            result = restore_backup(path, chosen, unlocked, now=old.now())  # the kept file's name as the dialog said
        except (StoreError, OSError) as exc:
            QMessageBox.critical(None, "Nothing was restored", str(exc))
            result = None
        try:
            store = (Store.open(path, user=old.user, clock=old.clock, create=False,
                                data_key=unlocked.encrypt_with or unlocked.key)
                     if result is not None else old.reopen())
        except open_errors() as exc:
            if lock is not None:
                lock.release()
            kept = f" The records it replaced are kept in {result.kept}." if result and result.kept else ""
            QMessageBox.critical(None, "Could not open the database", f"{exc}{kept}")
            return False
        self._show(store, lock)
        if result is None:
            return False
        kept = f"; the records it replaced are kept in {result.kept.name}" if result.kept else ""
        message = f"Restored the backup taken {result.report.taken_words}{kept}."
        if unlocked.key is not None and not unlocked.keep_current_keys:
            message += " The records now open with the password in use when the backup was taken (or the recovery key)."
        elif unlocked.encrypt_with is not None:
            message += " It was taken before the password was set, so it was encrypted as it was put back."
        self.window.statusBar().showMessage(message, 30000)
        return True


def run_app(target: str | Path, *, explicit: bool) -> int:
    """Open the window; returns the process exit code."""
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    setup_logging()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("carehome-desk")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "carehome-desk.svg")))
    install_focus_ring(app)
    install_enter_presses_buttons(app)
    install_excepthook()
    controller = AppController(window_settings())
    controller.app_style = lambda: app.setStyleSheet(APP_STYLE)
    if not controller.start(target, explicit):
        controller.shutdown()
        return 0 if controller.window is None else 1
    QTimer.singleShot(0, lambda: log.info("carehome-desk %s window shown", __version__))
    code = app.exec()
    controller.shutdown()
    return code
