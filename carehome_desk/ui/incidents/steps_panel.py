"""The statutory steps checklist: each step's status word in its colour, due time, countdown and source."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from carehome_desk.models.deadlines import Step
from carehome_desk.models.incidents import IncidentType
from carehome_desk.ui.incidents.incident_text import STEP_COLOURS, source_text, step_timing
from carehome_desk.ui.widgets.style import role_label

#: What a new incident's checklist will hold, before it is saved and timed.
PREVIEW = {
    IncidentType.RESTRAINT: "Once saved: the record within 24 hours, the staff member spoken to and the record "
                            "signed within 48 hours, the child spoken to within 5 days (reg 35(3)), then the "
                            "manager's review.",
    IncidentType.MISSING: "Once saved: the return home interview, offered within 72 hours of the return, then the "
                          "manager's review.",
    IncidentType.AWAY: "Once saved: the return home interview, offered within 72 hours of the return, then the "
                       "manager's review.",
    IncidentType.ALLEGATION: "Once saved: the LADO referral within one working day, then the manager's review.",
}


def missing_text(step: Step) -> str:
    """The line naming a record's missing reg 35(3)(a) particulars, or "" when the step has none."""
    if step.key != "reg35_record" or not step.note:
        return ""
    if step.note.startswith("Record started"):
        return step.note
    return f"Not complete — {step.note[0].lower()}{step.note[1:]} (reg 35(3)(a))"


def status_chip(text: str, colour: str) -> QLabel:
    """A status word on its colour: black text reads on every palette tint."""
    chip = QLabel(text)
    chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
    chip.setStyleSheet(f"QLabel {{ background: {colour}; color: black; padding: 2px 8px; border-radius: 3px; }}")
    chip.setMinimumWidth(chip.fontMetrics().horizontalAdvance("Done on time") + 20)
    return chip


class StepsPanel(QGroupBox):
    """One row per step; ``show_steps`` again (after a save, or each minute) to bring it up to date."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Statutory steps and deadlines", parent)
        self.setAccessibleName("Statutory steps checklist")
        self.steps: list[Step] = []
        self.rows: list[tuple[QLabel, QLabel, QLabel, QLabel]] = []
        self._holders: list[QWidget] = []
        #: The "not complete: missing ..." line under a reg 35 record step, one a step that has one.
        self.missing_labels: list[QLabel] = []
        self.hint = role_label("", "hint")
        self.list = QVBoxLayout()
        self.list.setSpacing(8)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(self.list)

    def show_steps(self, steps: list[Step], now: datetime, note: str = "") -> None:
        """Show the steps as they stand at ``now``; ``note`` replaces them when there are none."""
        self.steps = list(steps)
        for holder in self._holders:
            self.list.removeWidget(holder)
            holder.hide()  # gone from the screen now, not when the event loop next runs
            holder.deleteLater()
        self._holders, self.rows, self.missing_labels = [], [], []
        self.hint.setText(note if not steps else "UK local time; the countdowns refresh every minute.")
        for step in steps:
            chip = status_chip(step.status.label, STEP_COLOURS[step.status])
            chip.setAccessibleName(f"{step.name}: {step.status.label}")
            name = QLabel(f"<b>{step.name}</b>")
            name.setWordWrap(True)
            timing_text = step_timing(step, now)
            missing = missing_text(step)
            if step.note and step.note not in timing_text and not missing:
                timing_text = f"{timing_text}. {step.note}" if timing_text else step.note
            timing = QLabel(timing_text)
            timing.setWordWrap(True)
            timing.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            source = role_label(source_text(step), "hint")
            words = QVBoxLayout()
            words.setSpacing(1)
            labels = [name, timing]
            if missing:
                # The particulars still to fill, on their own line in the error style: the step
                # stays due (then overdue) until they are all there.
                gap = role_label(missing, "error")
                gap.setAccessibleName(f"{step.name}: {missing}")
                gap.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                labels.append(gap)
                self.missing_labels.append(gap)
            for label in (*labels, source):
                words.addWidget(label)
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(chip, 0, Qt.AlignmentFlag.AlignTop)
            row.addLayout(words, 1)
            holder = QWidget()
            holder.setLayout(row)
            self.list.addWidget(holder)
            self._holders.append(holder)
            self.rows.append((chip, name, timing, source))

    def texts(self) -> list[tuple[str, str, str]]:
        """(status word, step, timing) for each row, as shown — for tests and screen readers alike."""
        return [(chip.text(), name.text().replace("<b>", "").replace("</b>", ""), timing.text())
                for chip, name, timing, _source in self.rows]
