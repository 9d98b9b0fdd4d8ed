"""The dashboard's period: last 3 / 6 / 12 months, since the last inspection, or two UK dates."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from carehome_desk.models.dates import DateFormatError, format_uk
from carehome_desk.models.home import Home
from carehome_desk.services.dashboard_data import PeriodKind, PeriodSpec
from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.ui.widgets.style import role_label, set_invalid

CHOICES: list[tuple[str, PeriodSpec | None]] = [
    ("Last 3 months", PeriodSpec(PeriodKind.MONTHS, 3)),
    ("Last 6 months", PeriodSpec(PeriodKind.MONTHS, 6)),
    ("Last 12 months", PeriodSpec(PeriodKind.MONTHS, 12)),
    ("Since the last inspection", PeriodSpec(PeriodKind.INSPECTION)),
    ("Custom dates…", None),
]
DEFAULT = 2
INSPECTION, CUSTOM = 3, 4


class PeriodSelector(QWidget):
    """A choice of period; ``changed`` fires with a valid PeriodSpec, never with a half-typed date."""

    changed = Signal(object)

    def __init__(self, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self._today = today
        self.combo = QComboBox()
        self.combo.setAccessibleName("Period")
        self.combo.setToolTip("The period the charts cover and the tiles compare against the one before")
        for text, _spec in CHOICES:
            self.combo.addItem(text)
        self.combo.setCurrentIndex(DEFAULT)
        self.combo.currentIndexChanged.connect(self._chosen)
        label = QLabel("&Period:")
        label.setBuddy(self.combo)
        self.start = DateField(today)
        self.start.setAccessibleName("Period from")
        self.end = DateField(today)
        self.end.setAccessibleName("Period to")
        self.start.line.returnPressed.connect(self.apply_custom)
        self.end.line.returnPressed.connect(self.apply_custom)
        self.apply = QPushButton("Show")
        self.apply.setToolTip("Show the dashboard for these dates")
        self.apply.clicked.connect(self.apply_custom)
        self.from_label = QLabel("from")
        self.to_label = QLabel("to")
        self.error = role_label("", "error")
        self.error.setWordWrap(False)
        self.error.setAccessibleName("Period problem")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.combo)
        for widget in (self.from_label, self.start, self.to_label, self.end, self.apply):
            layout.addWidget(widget)
        layout.addWidget(self.error)
        self._custom_visible(False)
        self.spec = CHOICES[DEFAULT][1] or PeriodSpec()

    def set_home(self, home: Home | None, today: date) -> None:
        """Name the last inspection in the choice (or grey it out when none is recorded)."""
        self._today = today
        item = self.combo.model().item(INSPECTION)  # type: ignore[attr-defined]
        when = home.last_inspection_date if home is not None else None
        item.setText(f"Since the last inspection ({format_uk(when)})" if when else
                     "Since the last inspection (none recorded)")
        item.setEnabled(when is not None)
        if when is None and self.combo.currentIndex() == INSPECTION:
            self.combo.setCurrentIndex(DEFAULT)

    def _custom_visible(self, visible: bool) -> None:
        for widget in (self.from_label, self.start, self.to_label, self.end, self.apply):
            widget.setVisible(visible)
        if not visible:
            self._show_error("")

    def _chosen(self, index: int) -> None:
        spec = CHOICES[index][1]
        self._custom_visible(spec is None)
        if spec is None:
            if not self.start.text():
                self.start.set_value(self._today.replace(day=1, month=1))
                self.end.set_value(self._today)
            self.start.setFocus()
            return
        self.spec = spec
        self.changed.emit(spec)

    def _show_error(self, text: str, field: DateField | None = None) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        for box in (self.start, self.end):
            set_invalid(box.line, box is field)

    def apply_custom(self) -> bool:
        """Use the two dates typed; say what is wrong with them at the field instead."""
        try:
            start = self.start.value()
        except DateFormatError as exc:
            self._show_error(str(exc), self.start)
            return False
        try:
            end = self.end.value()
        except DateFormatError as exc:
            self._show_error(str(exc), self.end)
            return False
        if start is None or end is None:
            self._show_error("Enter both dates.", self.start if start is None else self.end)
            return False
        if start > end:
            self._show_error("The start date is after the end date.", self.start)
            return False
        if end > self._today:
            self._show_error("The end date is in the future: choose today or earlier.", self.end)
            return False
        self._show_error("")
        self.spec = PeriodSpec(PeriodKind.CUSTOM, start=start, end=end)
        self.changed.emit(self.spec)
        return True
