"""The manager's review: a note (lessons, actions) and a Sign off button; unreviewed incidents say so."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from carehome_desk.models.counted import counted
from carehome_desk.models.incidents import Incident
from carehome_desk.ui.widgets.field_form import FieldForm
from carehome_desk.ui.incidents.incident_detail_fields import text_box
from carehome_desk.ui.incidents.incident_text import local_text
from carehome_desk.ui.widgets.style import role_label


class ReviewPanel(QGroupBox):
    """Sign-off for a saved incident; the note can be updated later (each change is in the audit trail)."""

    #: Asks the editor to sign off with the note typed (saving any edits to the incident first).
    sign_off_requested = Signal()
    edited = Signal()

    def __init__(self, review_days: int = 7, parent: QWidget | None = None):
        super().__init__("Manager review", parent)
        self.review_days = review_days
        self.incident: Incident | None = None
        self._loaded = ""
        self.state = role_label("", "hint")
        self.state.setAccessibleName("Review state")
        self.note = text_box(3)
        self.note.setPlaceholderText("What was learned, and any actions (who, by when)")
        self.form = FieldForm()
        self.form.add("review_note", "Review note", self.note)
        self.sign_button = QPushButton("Si&gn off")
        self.sign_button.setToolTip("Record your review of this incident with the note above")
        self.sign_button.clicked.connect(self.sign_off_requested.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(self.form.layout)
        layout.addLayout(buttons)
        self.note.textChanged.connect(self.edited.emit)

    def show_incident(self, incident: Incident | None) -> None:
        """Show a saved incident's review (a new incident is reviewed once saved)."""
        same = incident is not None and self.incident is not None and incident.id == self.incident.id
        keep = self.note.toPlainText() if same and self.has_unsaved_changes() else None
        self.incident = incident
        self._loaded = incident.review_note if incident else ""
        self.note.blockSignals(True)
        self.note.setPlainText(keep if keep is not None else self._loaded)
        self.note.blockSignals(False)
        self.form.show_problems({})
        self.note.setEnabled(incident is not None)
        self.sign_button.setEnabled(incident is not None)
        if incident is None:
            self.state.setText("Save the incident first; then sign it off here.")
        elif incident.reviewed_at is None:
            self.state.setText(f"Not reviewed yet. Provider policy: within {counted(self.review_days, 'day')} "
                               "(Guide 9.36 and 9.59 ask for regular scrutiny).")
            self.sign_button.setText("Si&gn off")
        else:
            self.state.setText(f"Signed off by {incident.reviewed_by} on {local_text(incident.reviewed_at)}.")
            self.sign_button.setText("Update si&gn-off")

    def has_unsaved_changes(self) -> bool:
        """True when a note has been typed but not signed off."""
        return self.incident is not None and self.note.toPlainText().strip() != self._loaded.strip()

    def discard(self) -> None:
        """Put the saved note back."""
        self.note.setPlainText(self._loaded)

    def show_problems(self, problems: dict[str, str], focus: bool = True) -> dict[str, str]:
        """The note's message, if any; the rest come back."""
        return self.form.show_problems(problems, focus)
