"""The incident log's filter bar: type, child, date range (UK days, inclusive) and status."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from carehome_desk.models.children import Child
from carehome_desk.models.dates import DateFormatError, format_uk
from carehome_desk.models.ids import ChildId
from carehome_desk.models.incidents import IncidentType
from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.ui.incidents.incident_table_model import STATUS_FILTERS, IncidentFilterProxy
from carehome_desk.ui.widgets.style import set_invalid
from carehome_desk.ui.widgets.two_rows import TwoRows


MISSING_OR_AWAY = "missing_or_away"
BOTH = (IncidentType.MISSING, IncidentType.AWAY)


def child_mark(child: Child, today: date) -> str:
    """' (archived)', ' (arriving 05/01/2027)', ' (left)', or nothing for a child living here."""
    if child.archived_at is not None:
        return " (archived)"
    if child.arriving(today):
        return f" (arriving {format_uk(child.admission_date)})"
    return "" if child.is_resident(today) else " (left)"


class IncidentFilterBar(QWidget):
    """Applies its choices to the log's proxy; ``applied`` follows every change."""

    applied = Signal()

    def __init__(self, proxy: IncidentFilterProxy, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.proxy = proxy
        self.type_filter = QComboBox()
        self.type_filter.setAccessibleName("Show type")
        self.type_filter.addItem("All types", None)
        # Ofsted counts missing and away apart, but a manager often wants both together.
        self.type_filter.addItem("Missing or away (both)", MISSING_OR_AWAY)
        for kind in IncidentType:
            self.type_filter.addItem(kind.label, kind.value)
        self.type_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.type_filter.setMinimumContentsLength(22)
        self.child_filter = QComboBox()
        self.child_filter.setAccessibleName("Show child")
        self.child_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status_filter = QComboBox()  # made before the dates: Tab goes as the filters read, Show then From
        self.status_filter.setAccessibleName("Show incidents")
        for label, _key in STATUS_FILTERS:
            self.status_filter.addItem(label)
        self.date_from = DateField(today)
        self.date_from.setAccessibleName("From date")
        self.date_to = DateField(today)
        self.date_to.setAccessibleName("To date")
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.clicked.connect(self.clear)
        for combo in (self.type_filter, self.child_filter, self.status_filter):
            combo.currentIndexChanged.connect(self.apply)
        for field in (self.date_from, self.date_to):
            field.edited.connect(self.apply)
            field.line.editingFinished.connect(self.apply)
        # Each caption with its field; what to show first, then the dates (Tab follows the rows either way).
        # Too narrow for one row (150% text on a laptop): the dates and Clear filters go on a row below.
        parts: tuple[list[QWidget], list[QWidget]] = ([], [])
        for caption, widget, part in (("T&ype:", self.type_filter, 0), ("&Child:", self.child_filter, 0),
                                      ("Sho&w:", self.status_filter, 0), ("Fro&m:", self.date_from, 1),
                                      ("&To:", self.date_to, 1)):
            caption_label = QLabel(caption)
            caption_label.setBuddy(widget)
            parts[part].extend((caption_label, widget))
        parts[1].append(self.clear_button)
        self.rows = TwoRows(*parts)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.rows)

    def fill_children(self, children: list[Child], today: date) -> None:
        """Every child given (the register, and archived entries incidents name), marked when not living here;
        the choice is kept."""
        current = self.child_filter.currentData()
        self.child_filter.blockSignals(True)
        self.child_filter.clear()
        self.child_filter.addItem("All children", None)
        for child in sorted(children, key=lambda c: c.reference):
            self.child_filter.addItem(child.label() + child_mark(child, today), int(child.id))
        self.child_filter.setCurrentIndex(max(0, self.child_filter.findData(current)) if current is not None else 0)
        self.child_filter.blockSignals(False)

    def apply(self, *_args: object) -> None:
        """Filter the log by the choices made (an unreadable date is marked and left out)."""
        kind = self.type_filter.currentData()
        child = self.child_filter.currentData()
        days = []
        for field in (self.date_from, self.date_to):
            try:
                days.append(field.value())
                set_invalid(field.line, False)
            except DateFormatError:
                days.append(None)
                set_invalid(field.line, True)
        kinds = BOTH if kind == MISSING_OR_AWAY else (IncidentType(kind),) if kind else ()
        self.proxy.set_filter(kinds=kinds,
                              child=ChildId(int(child)) if child is not None else None,
                              date_from=days[0], date_to=days[1],
                              status=STATUS_FILTERS[max(self.status_filter.currentIndex(), 0)][1])
        self.applied.emit()

    def choose(self, kind: IncidentType | str | None = None, date_from: date | None = None,
               status: str = "all", date_to: date | None = None) -> None:
        """Set the filters in one go (a type, MISSING_OR_AWAY or None; a first day; a status key; a last day)."""
        value = kind.value if isinstance(kind, IncidentType) else kind
        for combo, index in ((self.type_filter, self.type_filter.findData(value) if value else 0),
                             (self.child_filter, 0),
                             (self.status_filter, [k for _l, k in STATUS_FILTERS].index(status))):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        self.date_from.set_value(date_from)
        self.date_to.set_value(date_to)
        self.apply()

    def clear(self) -> None:
        """Every incident again."""
        for widget in (self.type_filter, self.child_filter, self.status_filter):
            widget.blockSignals(True)
            widget.setCurrentIndex(0)
            widget.blockSignals(False)
        self.date_from.set_value(None)
        self.date_to.set_value(None)
        self.apply()
