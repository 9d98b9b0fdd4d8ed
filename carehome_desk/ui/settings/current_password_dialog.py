"""A dialog that acts only with the current password: its field, an error line, and OK slowed after wrong tries.

Change password… and New recovery key… both start from it; each builds its own page around ``current``,
``error`` and ``buttons`` and does its work in ``_ok``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QWidget

from carehome_desk.store import StoreError
from carehome_desk.ui.widgets.style import role_label
from carehome_desk.ui.settings.unlock_dialog import Throttle, wrong_message


class CurrentPasswordDialog(QDialog):
    """The shared parts; subclasses lay them out and override ``_ok``."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.current = QLineEdit()
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.current.setAccessibleName("Current password")
        self.error = role_label("", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        self.throttle = Throttle([self.ok_button], self)
        self.setMinimumWidth(560)

    def _ok(self) -> None:
        raise NotImplementedError

    def wrong_password(self, exc: StoreError) -> None:
        """Say it was not right (and how long to wait when slowed); select the field for another try."""
        self.show_error(wrong_message(exc, self.throttle.failed()))
        self.current.selectAll()
        self.current.setFocus()

    def show_error(self, text: str) -> None:
        """One sentence under the fields."""
        self.error.setText(f"⚠ {text}")
        self.error.show()
