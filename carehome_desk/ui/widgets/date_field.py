"""A date box that reads UK dates as typed (3/4/26, 03.04.2026) and can be left empty."""

from __future__ import annotations

from typing import TYPE_CHECKING

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QMenu, QToolButton, QWidget

from carehome_desk.models.dates import DateFormatError, format_uk, parse_uk_date
from carehome_desk.ui.widgets.first_paint import DOWN_ARROW, NO_FOCUS, STRONG_FOCUS, set_qt_properties

if TYPE_CHECKING:
    from PySide6.QtWidgets import QCalendarWidget


class DateField(QWidget):
    """Line edit plus a calendar button. ``value()`` raises DateFormatError on bad text."""

    edited = Signal()

    def __init__(self, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self._today = today
        self.line = QLineEdit(self)
        self.line.setPlaceholderText("DD/MM/YYYY")
        self.line.setMaxLength(20)
        self.line.textEdited.connect(lambda _t: self.edited.emit())
        self.line.editingFinished.connect(self._tidy)
        self.button = QToolButton(self)
        self.button.setObjectName("calendarButton")
        set_qt_properties(self.button, arrowType=DOWN_ARROW, focusPolicy=NO_FOCUS)  # the dashboard's first frame has one
        self.button.setToolTip("Choose a date from a calendar")
        self.button.setAccessibleName("Choose date")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.button)
        self._calendar: QCalendarWidget | None = None  # made when first opened: a calendar is ~50 widgets
        menu.aboutToShow.connect(self._sync_calendar)
        self.button.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.line)
        # A label's Alt-key shortcut only moves the focus to a buddy that takes focus itself; the proxy then
        # hands it to the text box. (A widget with a focus proxy is not a Tab stop of its own.)
        set_qt_properties(self, focusPolicy=STRONG_FOCUS)
        # Room for DD/MM/YYYY and a little more, not the whole width of the form.
        self.line.setMinimumWidth(self.line.fontMetrics().horizontalAdvance("00/00/00000") + 16)
        self.setMaximumWidth(self.line.minimumWidth() + 80)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt naming
        """Name the text box itself, which is what a screen reader lands on."""
        super().setAccessibleName(name)
        self.line.setAccessibleName(name)

    def setAccessibleDescription(self, description: str) -> None:  # noqa: N802 - Qt naming
        """Describe the text box too (a field's hint), so a screen reader reads it where the focus lands."""
        super().setAccessibleDescription(description)
        self.line.setAccessibleDescription(description)

    def value(self) -> date | None:
        """The date typed, None when empty; raises DateFormatError when unreadable."""
        return parse_uk_date(self.line.text(), self._today)

    def set_value(self, value: date | None) -> None:
        """Show a date (or nothing)."""
        self.line.setText(format_uk(value))

    def text(self) -> str:
        """The raw text in the box."""
        return self.line.text()

    def _tidy(self) -> None:
        # Rewrite a readable date in the standard form (3/4/26 -> 03/04/2026); leave bad text
        # alone so the user can see and fix what they typed.
        try:
            value = self.value()
        except DateFormatError:
            return
        tidy = format_uk(value)
        if tidy != self.line.text():
            self.line.setText(tidy)
            self.edited.emit()

    @property
    def calendar(self) -> QCalendarWidget:
        """The calendar in the button's menu (made the first time it is wanted)."""
        if self._calendar is None:
            from PySide6.QtCore import Qt
            from PySide6.QtWidgets import QCalendarWidget, QWidgetAction  # with the first calendar (first_paint.py)

            menu = self.button.menu()
            calendar = self._calendar = QCalendarWidget(menu)
            calendar.setGridVisible(True)
            calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)  # UK weeks start on Monday
            action = QWidgetAction(menu)
            action.setDefaultWidget(calendar)
            menu.addAction(action)
            calendar.clicked.connect(self._picked)
            calendar.activated.connect(self._picked)
        return self._calendar

    def _sync_calendar(self) -> None:
        try:
            current = self.value() or self._today
        except DateFormatError:
            current = self._today
        self.calendar.setSelectedDate(QDate(current.year, current.month, current.day))

    def _picked(self, qdate: QDate) -> None:
        self.line.setText(format_uk(date(qdate.year(), qdate.month(), qdate.day())))
        self.button.menu().hide()
        self.edited.emit()
        self.line.setFocus()
