"""'New incident': choose the type first, so the form asks only for that type's fields."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from carehome_desk.models.incidents import IncidentType

#: A few words under each type, so the right one is picked first time (missing and away are counted apart).
TYPE_HINTS = {
    IncidentType.RESTRAINT: "Any measure of control, discipline or restraint (reg 35)",
    IncidentType.MISSING: "Whereabouts unknown",
    IncidentType.AWAY: "Whereabouts known, but away without permission",
    IncidentType.ALLEGATION: "Against a member of staff: LADO within one working day",
    IncidentType.CP_ENQUIRY: "Section 47 enquiry started or concluded",
    IncidentType.SANCTION: "Checked against reg 19's prohibited measures",
    IncidentType.COMPLAINT: "Reg 39: the action taken and the outcome",
    IncidentType.SEARCH: "Of a child, their room or belongings",
}


class IncidentTypeDialog(QDialog):
    """A list of incident types; Enter or double-click chooses, Esc cancels."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("New incident")
        self.list = QListWidget()
        self.list.setAccessibleName("Incident type")
        for kind in IncidentType:
            hint = TYPE_HINTS.get(kind)
            item = QListWidgetItem(f"{kind.label} — {hint}" if hint else kind.label)
            item.setData(Qt.ItemDataRole.UserRole, kind.value)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        label = QLabel("What kind of incident is it? The form then asks only for what that type needs.")
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.list.setMinimumHeight(self.list.sizeHintForRow(0) * (self.list.count() + 1))
        self.setMinimumWidth(self.list.sizeHintForColumn(0) + 60)

    def chosen(self) -> IncidentType | None:
        """The type picked."""
        item = self.list.currentItem()
        return IncidentType(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def choose(self, kind: IncidentType) -> None:
        """Highlight a type (the keyboard's Up/Down do the same)."""
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == kind.value:
                self.list.setCurrentRow(row)
