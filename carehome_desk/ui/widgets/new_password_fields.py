"""A new password typed twice, hidden, with its problem shown beneath: for a protected pack (and set-up)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from carehome_desk.export.protect import MIN_LENGTH, TOO_SHORT
from carehome_desk.ui.widgets.style import role_label, set_invalid

MISMATCH = "The two passwords are not the same: type it again in both boxes."


class NewPasswordFields(QWidget):
    """Password and Again (echo mode Password), and a message when it is too short or they differ."""

    def __init__(self, what: str, parent: QWidget | None = None, *,
                 validate: Callable[[str], str | None] | None = None):
        super().__init__(parent)
        #: A further check of the password (the database's own rules), one sentence or None.
        self._validate = validate
        self.password = QLineEdit()
        self.password.setAccessibleName(f"Password for {what}")
        self.password.setPlaceholderText(f"At least {MIN_LENGTH} characters")
        self.confirm = QLineEdit()
        self.confirm.setAccessibleName(f"Password for {what}, again")
        self.confirm.setPlaceholderText("Type it again")
        for field in (self.password, self.confirm):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMaximumWidth(260)
            field.textEdited.connect(self._edited)
        self.error = role_label("", "error")
        self.error.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for label, field in (("Pass&word", self.password), ("Aga&in", self.confirm)):
            buddy = QLabel(label)
            buddy.setBuddy(field)
            row.addWidget(buddy)
            row.addWidget(field)
        row.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(row)
        box.addWidget(self.error)

    def text(self) -> str:
        """The password as typed."""
        return self.password.text()

    def problem(self) -> str | None:
        """Why the password cannot be used (shown at the fields), or None when it can."""
        if len(self.password.text()) < MIN_LENGTH:
            self._show(TOO_SHORT, self.password)
            return TOO_SHORT
        further = self._validate(self.password.text()) if self._validate is not None else None
        if further:
            self._show(further, self.password)
            return further
        if self.confirm.text() != self.password.text():
            self._show(MISMATCH, self.confirm)
            return MISMATCH
        self._show(None, None)
        return None

    def clear(self) -> None:
        """Forget what was typed (a password is kept no longer than it is needed)."""
        self.password.clear()
        self.confirm.clear()
        self._show(None, None)

    def _edited(self) -> None:
        if self.error.isVisible():
            self.problem()  # the message goes as soon as the fields are right

    def _show(self, problem: str | None, field: QLineEdit | None) -> None:
        self.error.setText(f"⚠ {problem}" if problem else "")
        self.error.setVisible(problem is not None)
        set_invalid(self.password, field is self.password)
        set_invalid(self.confirm, field is self.confirm)
