"""Home settings' backups group: where automatic backups go, the second folder off the PC, and Back up there now."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from carehome_desk.models.counted import counted
from carehome_desk.models.dates import UK
from carehome_desk.store import Store, StoreError
from carehome_desk.store.auto_backup import AutoBackupResult, backups_folder, last_off_pc_copy, list_backups
from carehome_desk.ui.widgets.runner import JobOutcome, JobRunner
from carehome_desk.ui.widgets.style import role_label


class BackupBox(QGroupBox):
    """The second backup folder (a USB stick or a network share), chosen with a folder picker."""

    changed = Signal(object)
    #: A backup was taken here (Back up there now): the dashboard's notice follows.
    backed_up = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__("Backups", parent)
        self.store = store
        self.runner = JobRunner(self)
        self.runner.finished.connect(self._backed_up)
        self.where = role_label("", "hint")
        self.folder = QLabel()
        self.folder.setWordWrap(True)
        self.folder.setAccessibleName("Second backup folder")
        self.state = role_label("", "hint")
        self.state.setAccessibleName("Second backup folder state")
        self.choose = QPushButton("Choose second f&older…")
        self.choose.setToolTip("A USB stick or a network share: each automatic backup is copied there too")
        self.choose.clicked.connect(self.choose_folder)
        self.stop = QPushButton("Stop using it")
        self.stop.clicked.connect(lambda: self._set(None))
        self.now = QPushButton("Bac&k up there now")
        self.now.setToolTip("Take a checked backup now, on this PC and in the second folder")
        self.now.clicked.connect(self.backup_now)
        row = QHBoxLayout()
        for button in (self.choose, self.stop, self.now):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(self.folder)
        layout.addWidget(self.state)
        layout.addLayout(row)
        layout.addWidget(role_label("How many of each are kept is set under Provider policy above. To put one "
                                    "back, choose File → Restore from backup…", "hint"))
        self.reload()

    def reload(self) -> None:
        """Show the folders and when a copy last reached each."""
        path = self.store.path
        if path is None:
            self.setEnabled(False)
            self.where.setText("This database is on a server: it is backed up with the server's own tools.")
            return
        newest = next(iter(list_backups(path)), None)
        last = f" The newest was taken {_when(newest.taken_at)}." if newest else " None has been taken yet."
        policy = self.store.settings.get()
        self.where.setText(f"A backup is taken when the window closes and once a day while it is open, checked, and "
                           f"kept in {backups_folder(path)} on this PC: the newest of each of the last "
                           f"{counted(policy.backups_daily, 'day')}, {counted(policy.backups_weekly, 'week')} and "
                           f"{counted(policy.backups_monthly, 'month')}.{last}")
        second = self.store.settings.second_backup_folder()
        self.stop.setEnabled(second is not None)
        self.now.setEnabled(True)
        if second is None:
            self.folder.setText("Second folder: none. A copy off this PC (a USB stick kept elsewhere, or a network "
                                "share) survives a lost, stolen or broken PC.")
            self.state.setText("")
            return
        self.folder.setText(f"Second folder: {second}")
        copied = last_off_pc_copy(path, second)
        self.state.setText(f"The newest copy there was made {_when(copied)}." if copied
                           else "No backup has reached it yet.")

    def choose_folder(self) -> None:
        """Pick the second folder with the system's folder picker."""
        start = str(self.store.settings.second_backup_folder() or Path.home())
        chosen = QFileDialog.getExistingDirectory(self, "Choose the second backup folder", start)
        if chosen:
            self._set(Path(chosen))

    def backup_now(self) -> None:
        """Take a checked backup now, on this PC and in the second folder (off the GUI thread)."""
        if self.runner.is_running() or self.store.path is None:
            return
        store = self.store
        self.now.setEnabled(False)
        self.state.setText("Backing up…")
        self.runner.start("Backing up", lambda _progress: store.automatic_backup())

    def _backed_up(self, outcome: JobOutcome) -> None:
        self.reload()
        if outcome.error is not None:
            self.state.setText(f"No backup was made: {outcome.error}" if isinstance(outcome.error, StoreError)
                               else "No backup was made: an unexpected error was written to the log file.")
            return
        result: AutoBackupResult = outcome.result
        if result.second_problem:
            self.state.setText(result.second_problem)
        elif result.second_copy is not None:
            self.state.setText(f"Backed up, checked, and copied to {result.second_copy.parent}.")
        else:
            self.state.setText(f"Backed up and checked: {result.path.name}.")
        self.backed_up.emit()

    def _set(self, folder: Path | None) -> None:
        if folder is not None and self.store.path is not None and folder.resolve() == backups_folder(
                self.store.path).resolve():
            self.state.setText("That is the backups folder on this PC: choose a USB stick or a network share.")
            return
        try:
            changes = self.store.settings.set_second_backup_folder(folder)
        except StoreError as exc:
            self.state.setText(f"Not saved: {exc}")
            return
        self.reload()
        self.changed.emit(changes)


def _when(at: object) -> str:
    from datetime import datetime

    assert isinstance(at, datetime)
    local = at.astimezone(UK)
    return f"on {local:%d/%m/%Y} at {local:%H:%M}"
