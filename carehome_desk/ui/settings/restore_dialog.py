"""File → Restore from backup…: choose a backup, see what it holds and its checks, then confirm.

The dialog only chooses and checks; the application controller (``ui/app.py``) closes the store,
puts the backup in place (``store/restore.py``: the current file is kept beside it first) and
reopens. Nothing here changes a file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.models.dates import UK
from carehome_desk.store import Store, StoreError
from carehome_desk.store.auto_backup import BackupInfo, backups_folder, list_backups
from carehome_desk.store.errors import PasswordNeededError, WrongPasswordError
from carehome_desk.store.restore import (
    BackupReport,
    UnlockedBackup,
    before_restore_name,
    inspect_backup,
    other_database_warning,
    other_homes_warning,
)
from carehome_desk.ui.widgets.style import heading, role_label

#: The registers shown with their counts, in the order a manager thinks of them; every table is in the tooltip.
SHOWN = {"homes": "homes", "staff": "staff", "training_records": "training records",
         "supervision_sessions": "supervisions", "children": "children", "incidents": "incidents",
         "notifications": "notifications", "reg44_visits": "Reg 44 visits", "reg45_reviews": "Reg 45 reviews",
         "inspections": "inspections", "actions": "actions"}


def counts_text(counts: dict[str, int]) -> str:
    """The main registers' counts as one readable line: 'homes 1 · staff 15 · … · incidents 264 · …'."""
    return " · ".join(f"{label} {counts[name]}" for name, label in SHOWN.items() if name in counts)


def all_counts_text(counts: dict[str, int]) -> str:
    """Every table's count, one a line (the tooltip)."""
    return "\n".join(f"{name.replace('_', ' ')}: {n}" for name, n in sorted(counts.items()))


def item_text(info: BackupInfo) -> str:
    """One line of the list: when, how taken, and whether it passed its check when taken."""
    local = info.taken_at.astimezone(UK)
    kind = "automatic" if info.automatic else "by hand"
    state = "checked when taken" if info.verified else "not checked when taken"
    other = "  ·  ANOTHER DATABASE'S BACKUP" if info.other_database else ""
    return f"{local:%d/%m/%Y %H:%M}  ·  {kind}  ·  {state}{other}"


#: How many of a backup's audit problems the dialog lists before counting the rest.
SHOWN_PROBLEMS = 5


def trail_problems_text(report: BackupReport) -> str | None:
    """The problems the audit trail's check found in the backup (verify's own sentences), the first few listed
    and the rest counted; None when the trail is intact or was never chained."""
    problems = report.problems
    if not problems:
        return None
    n = len(problems)
    listed = "\n".join(f"• {text}" for text in problems[:SHOWN_PROBLEMS])
    more = f"\n… and {n - SHOWN_PROBLEMS} more." if n > SHOWN_PROBLEMS else ""
    return (f"The backup's audit trail reports {n} problem{'' if n == 1 else 's'}: records in it may have been "
            f"changed outside the app.\n{listed}{more}")


class RestoreDialog(QDialog):
    """Lists the backups newest first; shows the chosen one's date, record counts and checks; confirms."""

    def __init__(self, store: Store, parent: QWidget | None = None, *, preselect: Path | None = None):
        super().__init__(parent)
        assert store.path is not None
        self.store = store
        self.database = store.path
        self.other_warning: str | None = None  # set when a backup is shown of another database, or other homes
        self.trail_warning: str | None = None  # set when a backup is shown whose audit trail reports problems
        self.chosen: Path | None = None
        self.report: BackupReport | None = None
        self.unlocked: UnlockedBackup | None = None
        self.setWindowTitle("Restore from backup")
        self.setMinimumWidth(640)

        self.list = QListWidget()
        self.list.setAccessibleName("Backups, newest first")
        self.list.currentItemChanged.connect(lambda item, _old: self.choose(item.data(Qt.ItemDataRole.UserRole))
                                             if item is not None else None)
        other = QPushButton("Choose another &file…")
        other.clicked.connect(self._choose_file)

        self.taken = QLabel()
        self.integrity = QLabel()
        self.integrity.setWordWrap(True)
        self.audit = QLabel()
        self.audit.setWordWrap(True)
        self.records = QLabel()
        self.records.setWordWrap(True)
        self.homes = QLabel()
        self.homes.setWordWrap(True)
        self.other_home = role_label("", "error")
        self.other_home.setWordWrap(True)
        self.other_home.hide()
        self.trail_problems = role_label("", "error")
        self.trail_problems.setWordWrap(True)
        self.trail_problems.setAccessibleName("Problems in the backup's audit trail")
        self.trail_problems.hide()
        self.file = role_label("", "hint")
        box = QGroupBox("The chosen backup")
        details = QFormLayout(box)
        for label, widget in (("Taken:", self.taken), ("Integrity check:", self.integrity),
                              ("Audit trail:", self.audit), ("Homes:", self.homes), ("Records:", self.records),
                              ("File:", self.file)):
            widget.setAccessibleName(label.rstrip(":"))
            details.addRow(label, widget)
        details.addRow(self.other_home)
        details.addRow(self.trail_problems)

        self.password_note = role_label("This backup was taken under another password: type the password in use "
                                        "then, or the recovery key.", "hint")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password of the backup")
        open_button = QPushButton("&Open it")
        open_button.clicked.connect(self._try_password)
        self.password.returnPressed.connect(self._try_password)
        self.password_row = QWidget()
        row = QHBoxLayout(self.password_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.password, 1)
        row.addWidget(open_button)
        self.error = role_label("", "error")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("&Restore this backup…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Restore from backup"))
        layout.addWidget(role_label(f"Backups of {self.database.name}, newest first, from {backups_folder(self.database)}. "
                                    "The one you choose is checked again now; the current records are kept beside "
                                    "the database before anything is replaced.", "hint"))
        self.list.setMinimumHeight(self.list.fontMetrics().height() * 8)
        layout.addWidget(self.list, 1)
        layout.addWidget(other, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(box)
        layout.addWidget(self.password_note)
        layout.addWidget(self.password_row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._fill(preselect)

    def _fill(self, preselect: Path | None) -> None:
        backups = list_backups(self.database, database_id=self.store.settings.database_id())
        for info in backups:
            item = QListWidgetItem(item_text(info))
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            self.list.addItem(item)
        rows = [b.path for b in backups]
        if preselect is not None and preselect not in rows:
            self._add_file(preselect)
        elif backups:
            self.list.setCurrentRow(rows.index(preselect) if preselect is not None else 0)
        else:
            self._show(None, "No backups here yet: choose a file with Choose another file…")

    def _add_file(self, path: Path) -> None:
        """Put a backup from elsewhere at the top of the list and choose it (the list drives what is shown)."""
        item = QListWidgetItem(f"{path.name}  ·  chosen from {path.parent}")
        item.setData(Qt.ItemDataRole.UserRole, str(path))
        self.list.insertItem(0, item)
        self.list.setCurrentRow(0)

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Choose a backup", str(backups_folder(self.database)),
                                              "carehome-desk backups (*.sqlite3 *.sqlite *.db);;All files (*)")
        if name:
            self._add_file(Path(name))

    def choose(self, name: str) -> None:
        """Check the backup at ``name`` now and show what it holds (asking for its password if needed)."""
        self.chosen = Path(name)
        self.file.setText(str(self.chosen))
        try:
            self.unlocked = self.store.unlock_backup(self.chosen)
        except PasswordNeededError:
            self.unlocked = None
            self._show(None, "", needs_password=True)
            return
        except StoreError as exc:
            self._show(None, str(exc))
            return
        self._inspect()

    def _try_password(self) -> None:
        text = self.password.text()
        if not text or self.chosen is None:
            return
        # Tried as a password first; if it is not one and looks like a recovery key (40 letters and digits in
        # groups), as the recovery key: a long hyphenated passphrase is a password too.
        looks_like_key = len("".join(ch for ch in text if ch.isalnum())) == 40 and "-" in text
        try:
            try:
                self.unlocked = self.store.unlock_backup(self.chosen, password=text)
            except WrongPasswordError:
                if not looks_like_key:
                    raise
                self.unlocked = self.store.unlock_backup(self.chosen, recovery_key=text)
        except StoreError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.password.clear()
        self._inspect()

    def _inspect(self) -> None:
        assert self.unlocked is not None and self.chosen is not None
        self._show(inspect_backup(self.chosen, self.unlocked.key), "")

    def _show(self, report: BackupReport | None, problem: str, *, needs_password: bool = False) -> None:
        self.report = report
        self.password_note.setVisible(needs_password)
        self.password_row.setVisible(needs_password)
        self.error.setText(problem)
        self.error.setVisible(bool(problem))
        current = tuple((h.name, h.urn) for h in self.store.homes.list(include_archived=True))
        # another database's backup is said first (the command line's check); else other homes in this one's
        self.other_warning = None if report is None else (
            other_database_warning(report, self.database, self.store.settings.database_id(), current)
            or other_homes_warning(report, current))
        self.other_home.setText(f"⚠ {self.other_warning}" if self.other_warning else "")
        self.other_home.setVisible(self.other_warning is not None)
        self.trail_warning = None if report is None else trail_problems_text(report)
        self.trail_problems.setText(f"⚠ {self.trail_warning}" if self.trail_warning else "")
        self.trail_problems.setVisible(self.trail_warning is not None)
        if report is None:
            for label in (self.taken, self.integrity, self.audit, self.homes, self.records):
                label.setText("—")
            self.restore_button.setEnabled(False)
            return
        self.taken.setText(report.taken_words + (" (automatic)" if report.record and report.record.automatic else ""))
        if report.integrity.ok:
            self.integrity.setText("Passed: a full integrity check of the backup, run just now.")
        else:
            self.integrity.setText(f"FAILED: {report.integrity.detail}. This backup cannot be restored.")
        self.audit.setText(report.verify or "Taken before the audit trail was chained: it is sealed when restored.")
        self.homes.setText(report.homes_words)
        self.records.setText(counts_text(report.counts) or "—")
        self.records.setToolTip(all_counts_text(report.counts))
        self.restore_button.setEnabled(report.integrity.ok)

    def _confirm(self) -> None:
        if self.report is None or not self.report.integrity.ok:
            return
        kept = before_restore_name(self.database, self.store.now())
        answer = QMessageBox.question(
            self, "Restore this backup?",
            (f"{self.other_warning}\n\n" if self.other_warning else "")
            + (f"{self.trail_warning}\n\n" if self.trail_warning else "")
            + f"Replace the records with the backup taken {self.report.taken_words}? Everything recorded since then "
            f"is set aside: the current file is kept as {kept.name} beside the database.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.accept()
