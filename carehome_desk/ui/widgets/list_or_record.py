"""A register's list and its open record, side by side (or one above the other) when the page has the room,
and each across the whole page in turn when it has not (150% display scaling on a 1366×768 laptop).

In turn (``narrow``): Enter, double-click or a click on a row opens the record with the keyboard in it; the
back button or Alt+Left returns to the list on the same record. Edits stay in the record until the manager
moves to another one, where the page's own unsaved-changes question applies.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QPushButton, QVBoxLayout, QWidget


class ListOrRecord(QObject):
    """Owns ``record_side`` (the back button above the record) and shows the list, the record, or both."""

    #: The page went from both in view to one at a time (True), or back (False).
    narrowed = Signal(bool)

    def __init__(self, page: QWidget, table: QAbstractItemView, record: QWidget, *, back: str, where: str,
                 focus_record: Callable[[], None]):
        """``back``: the button's words ("◀ All staff"); ``where``: the list in a manager's words ("the staff
        list"); ``focus_record``: puts the keyboard in the record's first field or tab."""
        super().__init__(page)
        self.table = table
        #: What serves the list alone (its filters), put away with it while the record is across the page.
        self.list_only: list[QWidget] = []
        self._focus_record = focus_record
        self.narrow = False  # too little room for both: the list or the record, in turn
        self.record_open = False  # narrow: the record (not the list) on show
        self.back_button = QPushButton(back)
        self.back_button.setToolTip(f"Back to {where} (Alt+Left)")
        self.back_button.setAccessibleName(f"Back to {where}")
        self.back_button.clicked.connect(self.show_list)
        self.back_button.hide()
        QShortcut(QKeySequence("Alt+Left"), page, self.show_list, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.record_side = QWidget()
        side = QVBoxLayout(self.record_side)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        side.addWidget(record, 1)
        table.activated.connect(lambda _index: self.open(focus=True))
        table.clicked.connect(self._clicked)

    def arrange(self, narrow: bool) -> None:
        """Both in view, or (narrow) the list or the opened record across the whole page."""
        changed = narrow != self.narrow
        self.narrow = narrow
        if changed:
            self.narrowed.emit(narrow)
        self.back_button.setVisible(narrow)
        for widget in (self.table, *self.list_only):
            widget.setVisible(not narrow or not self.record_open)
        self.record_side.setVisible(not narrow or self.record_open)

    def open(self, *, focus: bool = False) -> None:
        """Bring the record forward (narrow: in place of the list); ``focus``: the keyboard into it.

        Narrow, the keyboard goes into the record anyway when it was on the list, now hidden."""
        focus = focus or (self.narrow and self.table.hasFocus())
        self.record_open = True
        self.arrange(self.narrow)
        if focus:
            self._focus_record()

    def _clicked(self, _index: QModelIndex) -> None:
        if self.narrow:  # the record is not beside the list: a click opens it, as Enter does (the list,
            self.open(focus=True)  # hidden now, must not keep the keyboard)

    def show_list(self) -> None:
        """Narrow: back from the record to the list, on the record shown (its edits stay until it is left)."""
        if not self.narrow:
            return
        self.record_open = False
        self.arrange(True)
        self.table.setFocus()
