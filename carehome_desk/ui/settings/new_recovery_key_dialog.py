"""File → New recovery key…: the current password, then a new recovery key shown once (for a lost printed key)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from carehome_desk.store import StoreError
from carehome_desk.store.errors import WrongPasswordError
from carehome_desk.store.protection import replace_recovery_key
from carehome_desk.ui.settings.current_password_dialog import CurrentPasswordDialog
from carehome_desk.ui.settings.recovery_key_dialog import RecoveryKeyDialog
from carehome_desk.ui.widgets.style import heading


class NewRecoveryKeyDialog(CurrentPasswordDialog):
    """Asks for the current password; on OK the database gets a new recovery key (``recovery_key``)."""

    def __init__(self, path: Path, parent: QWidget | None = None):
        super().__init__("New recovery key", "&Make a new recovery key", parent)
        self.path = path
        self.recovery_key: str | None = None
        note = QLabel("Use this when the printed recovery key is lost or may have been seen by someone else. "
                      "A new key is shown once, to print and keep in the office safe; the old key stops "
                      "opening these records. Backups taken before today keep their own key file, so they "
                      "still open with the old key or with the password of their day.")
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("C&urrent password", self.current)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("A new recovery key"))
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def _ok(self) -> None:
        if not self.ok_button.isEnabled():
            return
        try:
            self.recovery_key = replace_recovery_key(self.path, self.current.text())
        except WrongPasswordError as exc:
            self.wrong_password(exc)
            return
        except (StoreError, OSError) as exc:
            self.show_error(f"No new key was made: {exc}")
            return
        self.current.clear()
        self.accept()


def replace_lost_recovery_key(path: Path, home_name: str, parent: QWidget | None) -> str | None:
    """The whole flow: ask for the password, make the key, show it once. Returns the key (None if cancelled)."""
    ask = NewRecoveryKeyDialog(path, parent)
    ask.exec()
    key = ask.recovery_key
    ask.deleteLater()
    if key is not None:
        shown = RecoveryKeyDialog(key, home_name, parent)
        shown.exec()
        shown.deleteLater()
    return key
