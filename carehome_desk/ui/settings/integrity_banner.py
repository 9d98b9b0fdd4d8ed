"""The read-only banner: the database failed its integrity check on open, so nothing can be saved.

The check itself (store/integrity.py) runs here on a worker thread when Store.open left it for later
(a check expected to cost more than 50 ms); the store holds every write until it has passed. When it
fails, the banner says so at the top of the window, offers the newest good backup with its date, and
shows the details (and where the log is) on request.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from carehome_desk.paths import log_dir
from carehome_desk.store import Store
from carehome_desk.store.backup_search import FoundBackup
from carehome_desk.store.integrity import IntegrityReport, write_refusal

log = logging.getLogger(__name__)

_STYLE = ("QFrame#integrityBanner { background: #FBE3D6; border: 2px solid #D55E00; border-radius: 4px; }"
          "QFrame#integrityBanner QLabel { background: transparent; border: none; }")


def banner_text(report: IntegrityReport, backup: FoundBackup | None) -> str:
    """What the banner says, in plain words."""
    if report.busy or report.not_run:  # nothing is known to be wrong with the file: no restore is offered
        return write_refusal(report)
    text = (f"This database failed its integrity check at {report.time_text()}: some of it may be damaged. "
            "Nothing can be saved until it is restored. What you see may be incomplete; nothing has been "
            "changed.")
    if backup is not None:
        return text + f" The newest good backup was taken on {backup.when_text()}."
    return text + " No good backup was found in the backups folder or beside the database file."


class _Outcome(QObject):
    """Carries the worker thread's result to the GUI thread (a queued signal)."""

    done = Signal(object, object)  # IntegrityReport | None, FoundBackup | None


class IntegrityBanner(QFrame):
    """Hidden while the database is sound; after a failed check, the warning and its two buttons."""

    #: The manager asked to restore this backup (a Path); the main window's restore_from_backup takes it.
    restore_requested = Signal(object)
    #: The check has finished (ok or not), with its IntegrityReport.
    checked = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.backup: FoundBackup | None = None
        self.report: IntegrityReport | None = None
        self.setObjectName("integrityBanner")
        self.setStyleSheet(_STYLE)
        self.setAccessibleName("Database damaged")
        self.title = QLabel("<b>Read-only: this database may be damaged</b>")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.restore_button = QPushButton()
        self.restore_button.setAccessibleName("Restore the newest good backup")
        self.restore_button.clicked.connect(self._restore_clicked)
        self.details_button = QPushButton("Show details and the log…")
        self.details_button.clicked.connect(self.show_details)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.details_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._outcome = _Outcome(self)
        self._outcome.done.connect(self._finished)
        self.hide()

    def start(self) -> None:
        """Run the check on a worker thread (unless it already passed), and the search for a good backup
        if it failed: each backup is checked too, which takes as long again per file."""
        if self.store.path is None:
            return  # a server database: it checks itself
        if self.store.integrity is not None and self.store.integrity.ok:
            self._finished(self.store.integrity, None)
            return
        outcome = self._outcome
        store = self.store

        def work() -> None:
            try:
                report = store.run_integrity_check()
                backup = self._find_backup(report)
            except Exception:  # noqa: BLE001 - logged; the store still holds writes until a check passes
                log.exception("The integrity check could not run")
                report, backup = None, None
            try:
                outcome.done.emit(report, backup)
            except RuntimeError:
                pass  # the window closed while the check ran

        threading.Thread(target=work, name="integrity-check", daemon=True).start()

    def _find_backup(self, report: IntegrityReport | None) -> FoundBackup | None:
        if report is None or report.ok or report.busy or report.not_run:
            return None
        return self.store.newest_good_backup()

    def _finished(self, report: IntegrityReport | None, backup: FoundBackup | None) -> None:
        self.report, self.backup = report, backup
        if report is None:
            return
        if report.ok:
            self.hide()
        else:
            log.error("%s failed its integrity check: %s", self.store.describe(), "; ".join(report.problems))
            self.message.setText(banner_text(report, backup))
            self.restore_button.setVisible(backup is not None)
            if backup is not None:
                self.restore_button.setText(f"Restore the backup of {backup.when_text()}…")
            self.show()
        self.checked.emit(report)

    def _restore_clicked(self) -> None:
        if self.backup is not None:
            self.restore_requested.emit(self.backup.path)

    def details_text(self) -> str:
        """The file, what SQLite found, the newest good backup and where the log is."""
        report = self.report
        if report is None:
            return ""
        found = "\n".join(f"• {line}" for line in report.problems) or "• (no detail given)"
        backup = (f"{self.backup.path} (taken {self.backup.when_text()})" if self.backup is not None
                  else "none found")
        return (f"Database: {self.store.describe()}\nChecked: {report.when_text()} (SQLite quick check)\n\n"
                f"What the check found:\n{found}\n\nNewest good backup: {backup}\n"
                f"Log files: {log_dir()}\n\nNothing has been written to the file since it was opened.")

    def show_details(self) -> None:
        """The details box (it can be copied for support)."""
        QMessageBox.information(self.window(), "Integrity check: details", self.details_text())


def start_later(banner: IntegrityBanner) -> None:
    """Start the check once the event loop runs, i.e. right after the window shows."""
    QTimer.singleShot(0, banner, banner.start)
