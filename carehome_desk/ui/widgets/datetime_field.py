"""A UK date box and an HH:MM (24-hour) box read together as one aware UK local time."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QWidget

from carehome_desk.models.dates import UK, DateFormatError
from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.ui.widgets.style import set_invalid

_TIME = re.compile(r"^\s*(\d{1,2})\s*[:.h]?\s*(\d{2})\s*$")


def parse_time(text: str) -> time:
    """'13:05', '1305', '9.05' → a time; raises DateFormatError with a plain message otherwise."""
    match = _TIME.match(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise DateFormatError(f"“{text.strip()}” is not a time. Use HH:MM on the 24-hour clock, for example 14:05.")


class DateTimeField(QWidget):
    """Date (DD/MM/YYYY, with a calendar) and time (HH:MM); both empty is no time.

    A time shown from the record and left as it was comes back exactly as stored (seconds and
    all), so opening and saving a record never moves a step across its deadline.
    """

    edited = Signal()

    def __init__(self, today: date, now: Callable[[], datetime] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.date = DateField(today)
        self.time = QLineEdit()
        self.time.setPlaceholderText("HH:MM")
        self.time.setMaxLength(5)
        self.time.setFixedWidth(self.time.fontMetrics().horizontalAdvance("00:000") + 18)
        self.time.setToolTip("Time on the 24-hour clock, UK local time (GMT or BST)")
        self._loaded: tuple[str, str, datetime | None] = ("", "", None)
        self._now = now
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.date)
        layout.addWidget(self.time)
        self.now_button: QToolButton | None = None
        if now is not None:
            self.now_button = QToolButton()
            self.now_button.setText("Now")
            self.now_button.setToolTip("Fill in the current date and time")
            self.now_button.clicked.connect(self.set_now)
            layout.addWidget(self.now_button)
        layout.addStretch(1)
        self.date.edited.connect(self.edited.emit)
        self.time.textEdited.connect(lambda _t: self.edited.emit())
        self.time.editingFinished.connect(self._tidy)
        self.setFocusProxy(self.date)
        self.setTabOrder(self.date.line, self.time)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt naming
        """Name both boxes, so a screen reader says which date and which time."""
        super().setAccessibleName(name)
        self.date.setAccessibleName(f"{name}: date")
        self.time.setAccessibleName(f"{name}: time")
        if self.now_button is not None:  # not one of many buttons all heard as just "Now"
            self.now_button.setAccessibleName(f"{name}: now")

    def set_invalid(self, invalid: bool) -> None:
        """Mark both boxes (FieldForm calls this when the field has a problem)."""
        set_invalid(self.date.line, invalid)
        set_invalid(self.time, invalid)

    def set_value(self, moment: datetime | None) -> None:
        """Show a time in UK local time (or nothing)."""
        if moment is None:
            self.date.set_value(None)
            self.time.setText("")
        else:
            local = moment.astimezone(UK)
            self.date.set_value(local.date())
            self.time.setText(f"{local:%H:%M}")
        self._loaded = (self.date.text(), self.time.text(), moment)

    def text(self) -> str:
        """The raw text of both boxes, for 'has anything changed?' checks."""
        return f"{self.date.text()} {self.time.text()}".strip()

    def value(self) -> datetime | None:
        """The time typed as an aware UK datetime; None when both boxes are empty.

        Raises DateFormatError with a message for the field when either box cannot be read or
        one is filled without the other.
        """
        if (self.date.text(), self.time.text()) == self._loaded[:2]:
            return self._loaded[2]
        day = self.date.value()
        text = self.time.text().strip()
        if day is None and not text:
            return None
        if day is None:
            raise DateFormatError("Enter the date as well as the time (DD/MM/YYYY).")
        if not text:
            raise DateFormatError("Enter the time as well as the date (HH:MM, 24-hour).")
        return datetime.combine(day, parse_time(text), tzinfo=UK)

    def set_now(self) -> None:
        """Fill in the current time (to the minute)."""
        if self._now is None:
            return
        local = self._now().astimezone(UK)
        self.date.set_value(local.date())
        self.time.setText(f"{local:%H:%M}")
        self.edited.emit()

    def _tidy(self) -> None:
        # '1305' becomes '13:05' once the box is left; unreadable text stays for the user to fix.
        try:
            value = parse_time(self.time.text()) if self.time.text().strip() else None
        except DateFormatError:
            return
        tidy = f"{value:%H:%M}" if value else ""
        if tidy != self.time.text():
            self.time.setText(tidy)
            self.edited.emit()
