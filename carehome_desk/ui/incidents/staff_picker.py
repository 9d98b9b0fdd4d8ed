"""Staff involved, chosen from the home's staff register: a tick list with a type-to-filter box.

Keyboard: type in the filter box to narrow the list, Down (or Tab) moves into the list, Space
ticks or unticks the person under the cursor, Up from the first row goes back to the filter.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QSizePolicy, QVBoxLayout, QWidget

from carehome_desk.models.ids import StaffId
from carehome_desk.models.staff import StaffMember
from carehome_desk.ui.widgets.style import role_label

NAME_ROLE = Qt.ItemDataRole.UserRole + 1  # the full name alone, without the role shown beside it
EMPTY = "No staff on the register yet: add them on the Staff page, or name people below."


class StaffPicker(QWidget):
    """Current staff of the home (leavers only when already chosen), each with a tick box."""

    edited = Signal()
    full_width = True  # FieldForm gives it the form's width, as a line of text

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Type to filter")
        self.filter.setToolTip("Type part of a name, then Down to the list and Space to tick")
        self.filter.setAccessibleName("Filter staff involved")
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Staff involved")
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.empty = role_label(EMPTY, "hint")
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(self.empty)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusProxy(self.filter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # so "Staff &involved" (its label's Alt-key) reaches it
        self.setTabOrder(self.filter, self.list)
        self.filter.textChanged.connect(self._apply_filter)
        self.filter.installEventFilter(self)
        self.list.installEventFilter(self)
        self.list.itemChanged.connect(lambda _item: self.edited.emit())

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt naming
        """Name the list and its filter box."""
        super().setAccessibleName(name)
        self.list.setAccessibleName(name)
        self.filter.setAccessibleName(f"Filter {name.lower()}")

    def set_staff(self, staff: list[StaffMember], chosen: tuple[StaffId, ...], today: date) -> None:
        """List the current staff and anyone in ``chosen``; tick ``chosen``."""
        self.list.blockSignals(True)
        try:
            self.list.clear()
            shown = [m for m in staff if m.is_current(today) or m.id in chosen]
            for member in sorted(shown, key=lambda m: m.full_name.casefold()):
                label = member.full_name + (f" — {member.role_name}" if member.role_name else "")
                if not member.is_current(today):
                    label += " — has left"
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, int(member.id))
                item.setData(NAME_ROLE, member.full_name)
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                              | Qt.ItemFlag.ItemIsSelectable)
                item.setCheckState(Qt.CheckState.Checked if member.id in chosen else Qt.CheckState.Unchecked)
                self.list.addItem(item)
        finally:
            self.list.blockSignals(False)
        self.empty.setVisible(self.list.count() == 0)
        self.list.setVisible(self.list.count() > 0)
        self.filter.setVisible(self.list.count() > 0)
        rows = min(max(self.list.count(), 2), 6)
        self.list.setFixedHeight(self.list.sizeHintForRow(0) * rows + 6 if self.list.count() else 40)
        self._apply_filter(self.filter.text())

    def refill(self, staff: list[StaffMember], today: date) -> None:
        """The register changed elsewhere: list it again, keeping the ticks."""
        self.set_staff(staff, self.chosen(), today)

    def chosen(self) -> tuple[StaffId, ...]:
        """The staff ticked."""
        return tuple(sorted(StaffId(int(self.list.item(r).data(Qt.ItemDataRole.UserRole)))
                            for r in range(self.list.count())
                            if self.list.item(r).checkState() == Qt.CheckState.Checked))

    def chosen_names(self) -> list[str]:
        """The names of the staff ticked, in list order."""
        return [str(self.list.item(r).data(NAME_ROLE)) for r in range(self.list.count())
                if self.list.item(r).checkState() == Qt.CheckState.Checked]

    def set_checked(self, staff_id: StaffId, checked: bool = True) -> None:
        """Tick (or untick) one person."""
        for r in range(self.list.count()):
            item = self.list.item(r)
            if int(item.data(Qt.ItemDataRole.UserRole)) == int(staff_id):
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _apply_filter(self, text: str) -> None:
        words = text.casefold().split()
        first = None
        for r in range(self.list.count()):
            item = self.list.item(r)
            hidden = not all(w in item.text().casefold() for w in words)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        current = self.list.currentItem()
        if first is not None and (current is None or current.isHidden()):
            self.list.setCurrentItem(first)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        """Down from the filter goes into the list; Space ticks; Up from the top row goes back to the filter."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.filter and key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                    and self.list.count():
                self.list.setFocus(Qt.FocusReason.TabFocusReason)
                if self.list.currentItem() is None or self.list.currentItem().isHidden():
                    self._apply_filter(self.filter.text())
                return True
            if watched is self.list and key == Qt.Key.Key_Space:
                item = self.list.currentItem()
                if item is not None and not item.isHidden():
                    checked = item.checkState() == Qt.CheckState.Checked
                    item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
                return True
            if watched is self.list and key == Qt.Key.Key_Up and self._at_first_visible():
                self.filter.setFocus(Qt.FocusReason.BacktabFocusReason)
                return True
        return super().eventFilter(watched, event)

    def _at_first_visible(self) -> bool:
        for r in range(self.list.count()):
            if not self.list.item(r).isHidden():
                return self.list.currentRow() == r
        return True
