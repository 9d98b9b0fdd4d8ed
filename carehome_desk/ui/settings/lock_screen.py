"""The lock screen: only a password field and Unlock (idle_watch.py brings it up after the idle minutes)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from carehome_desk.store import StoreError
from carehome_desk.store.errors import WrongPasswordError
from carehome_desk.ui.widgets.style import heading, role_label
from carehome_desk.ui.settings.unlock_dialog import Throttle, wrong_message


class LockScreen(QWidget):
    """Shown instead of every page while the window is locked; holds no record text at all."""

    unlocked = Signal()

    def __init__(self, check_password: Callable[[str], None], parent: QWidget | None = None):
        super().__init__(parent)
        self._check = check_password
        self.setObjectName("lockScreen")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.password.setMaximumWidth(320)
        self.password.returnPressed.connect(self.try_unlock)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.error = role_label("", "error")
        self.error.hide()
        self.throttle = Throttle([self.unlock_button], self)
        # Two set lines rather than word wrap: a wrapped label in a centred box is given one line's height.
        intro = QLabel("The records are hidden while no one is using this computer.\n"
                       "Type the password to carry on where you left off; unsaved work is kept.")
        form = QFormLayout()
        form.addRow("&Password", self.password)
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.addWidget(heading("carehome-desk is locked"))
        inner.addWidget(intro)
        inner.addLayout(form)
        inner.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignLeft)
        inner.addWidget(self.error)
        row = QHBoxLayout()  # centred by stretches, not alignment, so the box keeps its full height
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def reset(self) -> None:
        """Ready for the password: empty field with the focus, no old message."""
        self.password.clear()
        self.error.hide()
        self.password.setFocus()

    def try_unlock(self) -> None:
        """Check the typed password; unlock, or say why not and slow the next try."""
        if not self.unlock_button.isEnabled():
            return
        try:
            self._check(self.password.text())
        except WrongPasswordError as exc:
            self.error.setText(f"⚠ {wrong_message(exc, self.throttle.failed())}")
            self.error.show()
            self.password.selectAll()
            return
        except StoreError as exc:
            self.error.setText(f"⚠ {exc}")
            self.error.show()
            return
        self.throttle.succeeded()
        self.password.clear()
        self.error.hide()
        self.unlocked.emit()
