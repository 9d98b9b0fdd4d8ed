"""A row of controls that moves its second part onto a row of its own when the page is too narrow for one.

150% text on a 1366×768 laptop leaves a page about 700 px wide: a filter row laid out for 1000 px
would squeeze its fields ("DD/MM/Y", "All childr"); two rows keep every field at its usual width.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget


class TwoRows(QWidget):
    """``first`` then ``second`` side by side where the width allows them at their usual sizes; otherwise
    ``second`` on a row below. Tab order is the widgets' own (make them in reading order). ``stretch`` (one
    of ``first``, a filter box say) takes the room to spare, else the rows end in a stretch."""

    def __init__(self, first: list[QWidget], second: list[QWidget], parent: QWidget | None = None, *,
                 stretch: QWidget | None = None):
        super().__init__(parent)
        self.parts = (first, second)
        self.stretch = stretch
        self.first_row = QHBoxLayout()
        self.second_row = QHBoxLayout()
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.addLayout(self.first_row)
        rows.addLayout(self.second_row)  # empty (no height, no spacing) while on one row
        self.two_rows = True
        self._arrange(False)

    def _width(self, widgets: list[QWidget]) -> int:
        return sum(w.sizeHint().width() for w in widgets) + max(self.first_row.spacing(), 6) * max(len(widgets) - 1, 0)

    def one_row_width(self) -> int:
        """The width every control needs side by side at its usual size."""
        return self._width(self.parts[0] + self.parts[1])

    def _arrange(self, two_rows: bool) -> None:
        if two_rows == self.two_rows:
            return
        for row in (self.first_row, self.second_row):
            while row.count():
                row.takeAt(0)  # the widgets stay where they are in the widget tree; only their places change
        first, second = self.parts
        for widget in first + ([] if two_rows else second):
            self.first_row.addWidget(widget, 1 if widget is self.stretch else 0)
        if self.stretch is None:
            self.first_row.addStretch(1)
        if two_rows:
            for widget in second:
                self.second_row.addWidget(widget)
            self.second_row.addStretch(1)
        self.two_rows = two_rows

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self._arrange(event.size().width() < self.one_row_width())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and self.isVisible():  # a control's size changed (a count's
            self._arrange(self.width() < self.one_row_width())  # words grew, say): one row may no longer do
        return super().event(event)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        """As narrow as two rows allow, even while on one: the controls move down rather than widen the page."""
        return QSize(max(self._width(part) for part in self.parts), super().minimumSizeHint().height())
