"""Opening a protected database: its password, or the recovery key and a new password; wrong tries slowed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.models.counted import counted
from carehome_desk.store import StoreError
from carehome_desk.store.errors import WrongPasswordError
from carehome_desk.ui.widgets.new_password_fields import NewPasswordFields
from carehome_desk.ui.widgets.style import heading, role_label

T = TypeVar("T")


class Throttle(QObject):
    """Counts wrong tries in a row and keeps a button disabled for ``wrong_password_delay`` after each.

    Never blocks the event loop and never locks anyone out for good: the button comes back on a timer.
    """

    def __init__(self, buttons: list[QPushButton], parent: QObject | None = None):
        super().__init__(parent)
        self.buttons = buttons
        self.failures = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._release)

    def failed(self) -> float:
        """One more wrong try: the seconds to wait before the next (0 for the first few)."""
        from carehome_desk.store.protection import wrong_password_delay  # the window's lock screen: SQLAlchemy later

        self.failures += 1
        delay = wrong_password_delay(self.failures)
        if delay > 0:
            for button in self.buttons:
                button.setEnabled(False)
            self.timer.start(int(delay * 1000))
        return delay

    def succeeded(self) -> None:
        """The right password: start counting again."""
        self.failures = 0
        self.timer.stop()
        self._release()

    def _release(self) -> None:
        for button in self.buttons:
            button.setEnabled(True)


def wrong_message(exc: StoreError, delay: float) -> str:
    """The store's one sentence, and how long to wait when the next try is slowed."""
    text = str(exc)
    if delay > 0:
        seconds = int(delay)
        text += f" You can try again in {counted(seconds, 'second')}."
    return text


class UnlockDialog(QDialog, Generic[T]):
    """Asks for the password of a protected database; ``result_value`` is what ``open_with`` returned.

    ``open_with(password)`` opens the database (raising WrongPasswordError when wrong);
    ``recover(recovery_key, new_password)`` sets a new password with the recovery key and opens it.
    """

    def __init__(self, name: str, open_with: Callable[[str], T], recover: Callable[[str, str], T],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Unlock the records")
        self._open_with, self._recover = open_with, recover
        self.result_value: T | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self._password_page(name))
        self.pages.addWidget(self._recovery_page())
        # Enter presses the shown page's own button: a dialog has one default, so it moves with the page.
        self.pages.currentChanged.connect(
            lambda index: (self.unlock_button if index == 0 else self.recover_button).setDefault(True))
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.throttle = Throttle([self.unlock_button, self.recover_button], self)
        self.setMinimumWidth(520)

    def _password_page(self, name: str) -> QWidget:
        page = QWidget()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.error = role_label("", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox()
        self.unlock_button = buttons.addButton("&Unlock", QDialogButtonBox.ButtonRole.AcceptRole)
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_password)
        self.use_recovery = buttons.addButton("Use the &recovery key instead", QDialogButtonBox.ButtonRole.ActionRole)
        self.use_recovery.clicked.connect(lambda: self._show_page(1))
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Password", self.password)
        layout = QVBoxLayout(page)
        layout.addWidget(heading("Unlock the records"))
        intro = QLabel(f"The records in {name} are protected. Type the password to open them.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(buttons)
        return page

    def _recovery_page(self) -> QWidget:
        from carehome_desk.store.protection import validate_new_password

        page = QWidget()
        self.recovery_key = QLineEdit()
        self.recovery_key.setAccessibleName("Recovery key")
        self.recovery_key.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.new_password = NewPasswordFields("the records", validate=validate_new_password)
        self.recovery_error = role_label("", "error")
        self.recovery_error.setWordWrap(True)
        self.recovery_error.hide()
        buttons = QDialogButtonBox()
        self.recover_button = buttons.addButton("Set the new password and &open",
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.recover_button.clicked.connect(self.try_recovery)
        buttons.addButton("&Back to the password", QDialogButtonBox.ButtonRole.ActionRole).clicked.connect(
            lambda: self._show_page(0))
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow("Recovery &key", self.recovery_key)
        layout = QVBoxLayout(page)
        layout.addWidget(heading("Use the recovery key"))
        intro = QLabel("Type the recovery key printed when the password was set, then choose a new password. "
                       "The recovery key keeps working afterwards.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.new_password)
        layout.addWidget(self.recovery_error)
        layout.addStretch(1)
        layout.addWidget(buttons)
        return page

    def _show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        (self.password if index == 0 else self.recovery_key).setFocus()

    def try_password(self) -> None:
        """Unlock: open with the typed password, or say why not."""
        self._attempt(lambda: self._open_with(self.password.text()), self.error, self.password)

    def try_recovery(self) -> None:
        """Set the new password with the recovery key and open."""
        if self.new_password.problem():
            return
        self._attempt(lambda: self._recover(self.recovery_key.text(), self.new_password.text()),
                      self.recovery_error, self.recovery_key)

    def _attempt(self, action: Callable[[], T], error: QLabel, field: QLineEdit) -> None:
        if not self.unlock_button.isEnabled():
            return  # still waiting after wrong tries (Enter pressed in the field)
        try:
            value = action()
        except WrongPasswordError as exc:
            error.setText(f"⚠ {wrong_message(exc, self.throttle.failed())}")
            error.show()
            field.selectAll()
            field.setFocus()
            return
        except StoreError as exc:
            error.setText(f"⚠ {exc}")
            error.show()
            return
        self.throttle.succeeded()
        self.result_value = value
        self.password.clear()
        self.new_password.clear()
        self.recovery_key.clear()
        self.accept()
