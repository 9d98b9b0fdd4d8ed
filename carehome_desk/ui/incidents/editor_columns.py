"""The incident editor's columns: the form, and beside it the statutory steps, Reg 40 and the review.

Side by side while the editor has the width for both at their narrowest. With less (150% display scaling on a
1366×768 laptop leaves the editor about 660 px, where both columns had scrolled sideways) the steps, Reg 40 and
the review go under the form, in one column that scrolls up and down only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from carehome_desk.ui.widgets.field_form import FormScrollArea

#: The form's share of the width beside the steps (the form a little wider than the checklist).
FORM_SHARE, SIDE_SHARE = 11, 9


class EditorColumns(QSplitter):
    """``form_area`` (the form column, and the side column under it when ``stacked``) and ``side_area``."""

    def __init__(self, form_column: QWidget, side_column: QWidget, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.form_column, self.side_column = form_column, side_column
        holder = QWidget()  # what the form's area scrolls: the form column, then (stacked) the side column
        self._holder = QVBoxLayout(holder)
        self._holder.setContentsMargins(0, 0, 0, 0)
        self._holder.addWidget(form_column)
        self.form_area, self.side_area = FormScrollArea(holder), FormScrollArea(side_column)
        self.addWidget(self.form_area)
        self.addWidget(self.side_area)
        self.setChildrenCollapsible(False)
        self.setStretchFactor(0, FORM_SHARE)
        self.setStretchFactor(1, SIDE_SHARE)
        #: True while the side column is under the form (too narrow for both side by side).
        self.stacked = False
        self._pending = False
        # Another incident type (or a message) can change how narrow a column can go.
        form_column.installEventFilter(self)
        side_column.installEventFilter(self)

    def needs(self) -> tuple[int, int]:
        """The narrowest each column's area can be without scrolling sideways (its vertical scroll bar included)."""
        bar = self.form_area.verticalScrollBar().sizeHint().width()
        return (self.form_column.minimumSizeHint().width() + bar,
                self.side_column.minimumSizeHint().width() + bar)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.arrange()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.LayoutRequest and not self._pending:
            self._pending = True  # once the layouts have settled, not inside their own pass
            QTimer.singleShot(0, self, self.arrange)
        return False

    def arrange(self) -> None:
        """The side column beside the form when both fit their narrowest, else under it; beside, each at least
        at its narrowest."""
        self._pending = False
        total = self.width()
        form, side = self.needs()
        stack = total < form + side + self.handleWidth()
        if stack != self.stacked:
            self._restack(stack)
        if not stack:
            self._share(total - self.handleWidth(), form, side)

    def _restack(self, stack: bool) -> None:
        self.stacked = stack
        if stack:
            self.side_area.takeWidget()
            self._holder.addWidget(self.side_column)
        else:
            self._holder.removeWidget(self.side_column)
            self.side_area.setWidget(self.side_column)  # its area's filter on it stays from the start
        self.side_column.show()  # a widget given a new parent is hidden until shown
        self.side_area.setVisible(not stack)
        if not stack:  # back beside the form at the usual shares, not at what the hidden area last had
            room = self.width() - self.handleWidth()
            left = room * FORM_SHARE // (FORM_SHARE + SIDE_SHARE)
            self.setSizes([left, room - left])

    def _share(self, room: int, form: int, side: int) -> None:
        # The splitter shares by FORM_SHARE:SIDE_SHARE, which near the turning width could leave one column
        # short of its narrowest while the other has width to spare: the spare is shared instead.
        now = self.sizes()
        if len(now) == 2 and now[0] >= form and now[1] >= side:
            return
        spare = room - form - side
        left = form + spare * FORM_SHARE // (FORM_SHARE + SIDE_SHARE)
        self.setSizes([left, room - left])
