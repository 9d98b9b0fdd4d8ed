"""A UK date box and an HH:MM (24-hour) box read together as one aware UK local time."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timezone

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QToolButton, QVBoxLayout, QWidget

from carehome_desk.models.dates import UK, DateFormatError, uk_clock_change_note
from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.ui.widgets.style import role_label, set_invalid

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

    A time at a clock change says under the boxes how it is read (uk_clock_change_note), as it is
    typed: one the clocks skipped in March, and one they passed twice in October, where the first
    (BST) is taken unless "Second (GMT)" under the note is ticked.
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
        self._loaded_second = False
        self._now = now
        self.second = QCheckBox("Second (GMT)")
        self.second.setToolTip("The clocks went back: this time happened twice. Tick for the second one (GMT).")
        self.second.hide()
        self.note = role_label("", "hint")
        self.note.hide()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        layout = QHBoxLayout()
        layout.setSpacing(6)
        outer.addLayout(layout)
        outer.addWidget(self.note)
        outer.addWidget(self.second)  # under the note that offers it, so the row is no wider
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
        self.date.line.textChanged.connect(lambda _t: self._show_note())
        self.time.textChanged.connect(lambda _t: self._show_note())
        self.second.toggled.connect(self._second_toggled)
        self.time.editingFinished.connect(self._tidy)
        self.setFocusProxy(self.date)
        self.setTabOrder(self.date.line, self.time)
        self.setTabOrder(self.now_button or self.time, self.second)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt naming
        """Name both boxes, so a screen reader says which date and which time."""
        super().setAccessibleName(name)
        self.date.setAccessibleName(f"{name}: date")
        self.time.setAccessibleName(f"{name}: time")
        if self.now_button is not None:  # not one of many buttons all heard as just "Now"
            self.now_button.setAccessibleName(f"{name}: now")
        self.second.setAccessibleName(f"{name}: the second time (GMT)")

    def set_invalid(self, invalid: bool) -> None:
        """Mark both boxes (FieldForm calls this when the field has a problem)."""
        set_invalid(self.date.line, invalid)
        set_invalid(self.time, invalid)

    def set_value(self, moment: datetime | None) -> None:
        """Show a time in UK local time (or nothing)."""
        if moment is None:
            self.date.set_value(None)
            self.time.setText("")
            self._set_second(False)
        else:
            self._show_local(moment)
        self._loaded = (self.date.text(), self.time.text(), moment)
        self._loaded_second = self._second_taken()

    def text(self) -> str:
        """The raw text of both boxes, for 'has anything changed?' checks (and the second time's tick)."""
        return f"{self.date.text()} {self.time.text()}{' GMT' if self._second_taken() else ''}".strip()

    def value(self) -> datetime | None:
        """The time typed as an aware UK datetime; None when both boxes are empty.

        Raises DateFormatError with a message for the field when either box cannot be read or
        one is filled without the other.
        """
        if (self.date.text(), self.time.text()) == self._loaded[:2] and self._second_taken() == self._loaded_second:
            return self._loaded[2]
        day = self.date.value()
        text = self.time.text().strip()
        if day is None and not text:
            return None
        if day is None:
            raise DateFormatError("Enter the date as well as the time (DD/MM/YYYY).")
        if not text:
            raise DateFormatError("Enter the time as well as the date (HH:MM, 24-hour).")
        return datetime.combine(day, parse_time(text), tzinfo=UK).replace(fold=1 if self._second_taken() else 0)

    def set_now(self) -> None:
        """Fill in the current time (to the minute)."""
        if self._now is None:
            return
        self._show_local(self._now())
        self.edited.emit()

    def _second_toggled(self, _on: bool) -> None:
        self._show_note()
        self.edited.emit()

    def _show_local(self, moment: datetime) -> None:
        local = moment.astimezone(UK)  # fold=1 for the second of a doubled time
        self.date.set_value(local.date())
        self.time.setText(f"{local:%H:%M}")
        self._set_second(local.fold == 1)

    def _set_second(self, on: bool) -> None:
        self.second.blockSignals(True)
        self.second.setChecked(on)
        self.second.blockSignals(False)
        self._show_note()

    def _wall_time(self) -> datetime | None:
        """The date and time as typed (the first of a doubled time), or None while they cannot be read."""
        try:
            day = self.date.value()
            clock = parse_time(self.time.text()) if self.time.text().strip() else None
        except DateFormatError:
            return None
        return datetime.combine(day, clock, tzinfo=UK) if day is not None and clock is not None else None

    def _second_taken(self) -> bool:
        wall = self._wall_time()
        return self.second.isChecked() and wall is not None and _happens_twice(wall)

    def _show_note(self) -> None:
        """Say how a time at a clock change is read; offer the second of a doubled time."""
        wall = self._wall_time()
        twice = wall is not None and _happens_twice(wall)
        self.second.setVisible(twice)
        note = uk_clock_change_note(wall.replace(fold=1 if self._second_taken() else 0)) if wall else None
        if twice and not self.second.isChecked():
            note = f"{note} Tick “Second (GMT)” for the second."
        self.note.setText(note or "")
        self.note.setVisible(bool(note))
        self._fit_note()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        """Keep the whole note in view at the width the form gives."""
        super().resizeEvent(event)
        self._fit_note()

    def _fit_note(self) -> None:
        # A wrapped label's height hint assumes a width of its own; the form's rows follow minimum heights.
        height = self.note.heightForWidth(self.width()) if self.note.text() else 0
        if height > 0 and height != self.note.minimumHeight():
            self.note.setMinimumHeight(height)

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


def _happens_twice(wall: datetime) -> bool:
    """A UK wall time the clocks pass twice (October's 01:00–01:59), not one they skip (March's)."""
    first, second = wall.replace(fold=0), wall.replace(fold=1)
    real = first.astimezone(timezone.utc).astimezone(UK).replace(tzinfo=None) == first.replace(tzinfo=None)
    return real and first.utcoffset() != second.utcoffset()
