"""The window's side of a database password: create protected, unlock, set or change it, show the recovery key.

The application controller (``ui/app.py``) calls these; the work itself is ``store/protection.py``.
``kdf`` is passed through explicitly (tests use a cheap one); None means the real default.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.models.home import HomeDetails
from carehome_desk.store import Store, StoreError
from carehome_desk.store.errors import WrongPasswordError
from carehome_desk.store.integrity import window_check
from carehome_desk.store.protection import (
    KdfParams,
    change_password,
    is_protected,
    keys_path,
    protect,
    validate_new_password,
)
from carehome_desk.ui.settings.current_password_dialog import CurrentPasswordDialog
from carehome_desk.ui.widgets.new_password_fields import NewPasswordFields
from carehome_desk.ui.settings.recovery_key_dialog import RecoveryKeyDialog
from carehome_desk.ui.widgets.style import heading
from carehome_desk.ui.settings.unlock_dialog import UnlockDialog
from carehome_desk.ui.settings.welcome_dialog import LOST_BOTH


def create_protected_home(partial: Path, path: Path, details: HomeDetails, password: str,
                          kdf: KdfParams | None = None, *, manager_started: date | None = None) -> str:
    """A new encrypted database at ``path`` holding the home; returns the recovery key.

    Encrypted from its first byte (no clear copy ever exists), built as ``partial`` and renamed
    last, key file first, so a failure leaves nothing that would stop the welcome showing again.
    """
    recovery = protect(partial, password, kdf=kdf)
    with Store.open(partial, password=password) as store:
        store.homes.add(details, manager_started=manager_started)
    os.replace(keys_path(partial), keys_path(path))
    os.replace(partial, path)
    return recovery


def remove_partial(partial: Path) -> None:
    """Clear away what a failed set-up left."""
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm"), keys_path(partial)):
        leftover.unlink(missing_ok=True)


def needs_password(path: Path | None) -> bool:
    """True when ``path`` is a protected database file (it opens only with its password)."""
    return path is not None and path.exists() and is_protected(path)


def unlock_and_open(target: str | Path, path: Path, parent: QWidget | None,
                    kdf: KdfParams | None = None) -> Store | None:
    """Ask for the password (or the recovery key and a new password) and open; None if cancelled."""

    def recover(recovery_key: str, new_password: str) -> Store:
        change_password(path, recovery_key, new_password, recovery=True, kdf=kdf)
        return Store.open(target, password=new_password, check=window_check(path))

    dialog: UnlockDialog[Store] = UnlockDialog(
        path.name, lambda pw: Store.open(target, password=pw, check=window_check(path)), recover, parent)
    dialog.exec()
    store = dialog.result_value
    dialog.deleteLater()
    return store


def show_recovery_key(recovery_key: str, home_name: str, parent: QWidget | None) -> None:
    """The recovery key, once; returns when the manager has ticked that it is printed or written down."""
    dialog = RecoveryKeyDialog(recovery_key, home_name, parent)
    dialog.exec()
    dialog.deleteLater()


class NewPasswordDialog(QDialog):
    """File → Set a password… on a database without one: the new password twice, and what losing it means."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Set a password")
        self.password: str | None = None
        self.fields = NewPasswordFields("the records", validate=validate_new_password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Encrypt the records")
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Set a password"))
        text = QLabel("The database is encrypted with the password: an encrypted copy is made and checked, "
                      "then the unencrypted file is removed. The window reopens afterwards.\n\n" + LOST_BOTH)
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addWidget(self.fields)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _ok(self) -> None:
        if self.fields.problem():
            return
        self.password = self.fields.text()
        self.fields.clear()
        self.accept()


class ChangePasswordDialog(CurrentPasswordDialog):
    """File → Change password…: the current password, then the new one twice. Only the key is re-sealed."""

    def __init__(self, path: Path, parent: QWidget | None = None, *, kdf: KdfParams | None = None):
        super().__init__("Change the password", "&Change password", parent)
        self.path, self.kdf = path, kdf
        self.fields = NewPasswordFields("the records", validate=validate_new_password)
        form = QFormLayout()
        form.addRow("C&urrent password", self.current)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Change the password"))
        note = QLabel("The records stay as they are; only the new password opens them from now on. "
                      "The recovery key you printed keeps working.")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.fields)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def _ok(self) -> None:
        if not self.ok_button.isEnabled() or self.fields.problem():
            return
        try:
            change_password(self.path, self.current.text(), self.fields.text(), kdf=self.kdf)
        except WrongPasswordError as exc:
            self.wrong_password(exc)
            return
        except StoreError as exc:
            self.show_error(str(exc))
            return
        self.current.clear()
        self.fields.clear()
        self.accept()
