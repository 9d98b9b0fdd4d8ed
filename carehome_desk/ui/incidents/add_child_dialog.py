"""'Add child…' from inside an incident: the Children page's own form in a box, so a draft is never a dead end."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from carehome_desk.models.changes import Changes
from carehome_desk.models.children import Child
from carehome_desk.models.ids import HomeId
from carehome_desk.store import Store
from carehome_desk.ui.children.child_form import ChildForm
from carehome_desk.ui.widgets.saving import ask_to_discard


class AddChildDialog(QDialog):
    """A new register entry; Save (Ctrl+S or Alt+S) admits the child and closes; Escape closes without saving."""

    def __init__(self, store: Store, home_id: HomeId, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Add a child to the register")
        self.child: Child | None = None
        self.changes: Changes | None = None
        self.form = ChildForm(store)
        self.form.show_child(None, home_id)
        self.form.saved.connect(self._saved)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        self.resize(max(self.form.needed_width(), 520), 620)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.form.save)
        self.form.reference.setFocus()

    def reject(self) -> None:
        """Escape or closing: ask first when something is typed (Discard / Keep editing)."""
        if self.child is None and self.form.has_unsaved_changes() and not ask_to_discard(
                self, "Throw away this child's entry? Nothing has been saved."):
            return
        super().reject()

    def _saved(self, child: Child, changes: Changes) -> None:
        self.child, self.changes = child, changes
        self.accept()
