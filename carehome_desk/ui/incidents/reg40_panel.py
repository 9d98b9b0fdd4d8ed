"""The reg 40 panel: notifiable or not (with the reason either way), paragraphs, and who has been told."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.models.deadlines import Step, StepStatus, notification_steps
from carehome_desk.models.incidents import Incident, Recipient, Reg40
from carehome_desk.models.recipients import NotifyContext, not_needed, recipient_note, required_recipients
from carehome_desk.ui.widgets.field_form import FieldForm
from carehome_desk.ui.incidents.incident_detail_fields import text_box
from carehome_desk.ui.incidents.incident_text import STEP_COLOURS, local_text, step_timing
from carehome_desk.ui.incidents.steps_panel import status_chip
from carehome_desk.ui.widgets.style import role_label
from carehome_desk.ui.widgets.wrap_check import WrapCheck

DECISIONS: tuple[tuple[str, bool | None], ...] = (("Not decided yet", None), ("Notifiable", True),
                                                   ("Not notifiable", False))


def recipient_status(recipient: Recipient, steps: list[Step], now: datetime) -> tuple[str, str, str]:
    """(status word, colour, detail) for one required recipient across the chosen paragraphs."""
    mine = [s for s in steps if s.key.endswith(f":{recipient.value}")]
    if not mine:
        return "Not yet due", "#E8E8E8", "Due once the enquiry concludes" if steps else ""
    if all(s.status.done for s in mine):
        late = any(s.status is StepStatus.DONE_LATE for s in mine)
        return ("Sent late" if late else "Sent"), STEP_COLOURS[StepStatus.DONE_LATE if late else
                                                              StepStatus.DONE_ON_TIME], ""
    waiting = [s for s in mine if not s.status.done]
    worst = next((s for s in waiting if s.status is StepStatus.OVERDUE), waiting[0])
    detail = step_timing(worst, now)
    if len(mine) > 1 and len(waiting) < len(mine):
        detail = f"Sent for {len(mine) - len(waiting)} of {len(mine)} paragraphs. {detail}"
    return "Not sent", STEP_COLOURS[worst.status], detail


class WrapCheckList(QWidget):
    """A column of wrapping tick boxes, given the form's full width."""

    full_width = True


class Reg40Panel(QGroupBox):
    """The decision is part of the incident (saved with it); notifications are recorded one by one."""

    edited = Signal()
    #: Asks the editor to open 'Record notification…' (saving any edits first).
    record_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Reg 40: notifying Ofsted and others", parent)
        self._loading = False
        self.incident: Incident | None = None
        self.context = NotifyContext()
        self.decision = QButtonGroup(self)
        decision_row = QHBoxLayout()
        decision_row.setContentsMargins(0, 0, 0, 0)
        for number, (text, _value) in enumerate(DECISIONS):
            button = QRadioButton(text)
            self.decision.addButton(button, number)
            decision_row.addWidget(button)
        decision_row.addStretch(1)
        decision_holder = QWidget()
        decision_holder.setLayout(decision_row)
        self.paragraphs: dict[Reg40, WrapCheck] = {p: WrapCheck(p.label) for p in Reg40}
        paragraph_box = QVBoxLayout()
        paragraph_box.setContentsMargins(0, 0, 0, 0)
        paragraph_box.setSpacing(2)
        for box in self.paragraphs.values():
            paragraph_box.addWidget(box)
        paragraph_holder = WrapCheckList()
        paragraph_holder.setLayout(paragraph_box)
        self.rationale = text_box(3)
        self.others = QLineEdit()
        self.others.setMaxLength(400)
        self.others.setPlaceholderText("e.g. Police (PC Shah); host local authority")
        self.form = FieldForm()
        self.form.add("notifiable", "Decision", decision_holder)
        decision_holder.setAccessibleName("Notifiable under reg 40")
        self.form.add("reg40_paragraphs", "Paragraphs", paragraph_holder)
        self.form.add("reg40_rationale", "Reason", self.rationale,
                      hint="Ofsted asks for the reason either way. Guide 14.11 gives examples of ‘serious’.")
        self.form.add("other_recipients", "Other people to tell", self.others,
                      hint="Anyone relevant to the child's care (reg 2), separated by semicolons.")
        self.recipients = QVBoxLayout()
        self.recipients.setSpacing(4)
        self._recipient_rows: list[QWidget] = []
        self.sent = role_label("", "hint")
        self.sent.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning = role_label("", "banner")
        self.warning.setAccessibleName("Ofsted reference missing")
        self.warning.hide()
        self.record_button = QPushButton("Rec&ord notification…")
        self.record_button.setToolTip("Record a notification sent under reg 40 (saves the incident first)")
        self.record_button.clicked.connect(self.record_requested.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form.layout)
        layout.addWidget(QLabel("<b>Who must be told</b> (without delay; Guide 14.13: within 24 hours)"))
        layout.addLayout(self.recipients)
        layout.addWidget(self.sent)
        layout.addWidget(self.warning)
        layout.addLayout(buttons)
        self.decision.idToggled.connect(self._changed)
        for box in self.paragraphs.values():
            box.toggled.connect(self._changed)
        self.rationale.textChanged.connect(self._changed)
        self.others.textEdited.connect(self._changed)

    # ---- values ------------------------------------------------------------------------------

    def load(self, notifiable: bool | None, paragraphs: tuple[Reg40, ...], rationale: str,
             others: tuple[str, ...]) -> None:
        """Show a saved decision (or an empty one)."""
        self._loading = True
        try:
            self.decision.button([v for _t, v in DECISIONS].index(notifiable)).setChecked(True)
            for paragraph, box in self.paragraphs.items():
                box.setChecked(paragraph in paragraphs)
            self.rationale.setPlainText(rationale)
            self.others.setText("; ".join(others))
        finally:
            self._loading = False
        self._enable()

    def notifiable(self) -> bool | None:
        """The decision as chosen."""
        return DECISIONS[max(self.decision.checkedId(), 0)][1]

    def chosen(self) -> tuple[Reg40, ...]:
        """The paragraphs ticked (only counted when notifiable)."""
        if self.notifiable() is not True:
            return ()
        return tuple(p for p, box in self.paragraphs.items() if box.isChecked())

    def other_recipients(self) -> tuple[str, ...]:
        """The other people named, split at semicolons."""
        return tuple(part.strip() for part in self.others.text().split(";") if part.strip())

    def snapshot(self) -> tuple[object, ...]:
        """What is on screen, to tell whether anything was edited."""
        return (self.decision.checkedId(), tuple(b.isChecked() for b in self.paragraphs.values()),
                self.rationale.toPlainText(), self.others.text())

    def show_problems(self, problems: dict[str, str], focus: bool = True) -> dict[str, str]:
        """Show messages at the decision's fields; return the rest."""
        return self.form.show_problems(problems, focus)

    def _changed(self, *_args: object) -> None:
        self._enable()
        if not self._loading:
            self.edited.emit()

    def _enable(self) -> None:
        yes = self.notifiable() is True
        for box in self.paragraphs.values():
            box.setEnabled(yes)

    # ---- who has been told -------------------------------------------------------------------

    def show_status(self, saved: Incident | None, now: datetime, context: NotifyContext) -> None:
        """Required recipients for the paragraphs ticked, each sent or not, from the saved notifications.

        ``context``: the placing authorities of the children ticked on the form and the home's own
        authority, which decide whether reg 40(1) needs the Secretary of State and the host authority.
        """
        self.incident = saved
        self.context = context
        for row in self._recipient_rows:
            self.recipients.removeWidget(row)
            row.hide()  # gone from the screen now, not when the event loop next runs
            row.deleteLater()
        self._recipient_rows = []
        paragraphs = self.chosen()
        notes = saved.notifications if saved else ()
        steps: list[Step] = []
        if saved is not None and paragraphs:
            steps = notification_steps(replace(saved, notifiable=True, reg40_paragraphs=paragraphs), now, context)
        if self.notifiable() is None:
            self._add_line("Decide whether the incident is notifiable, and say why either way.")
        elif self.notifiable() is False:
            self._add_line("Not notifiable: nobody needs telling under reg 40.")
        elif not paragraphs:
            self._add_line("Tick the paragraph it is notifiable under.")
        for recipient in required_recipients(paragraphs, context):
            if saved is None:
                word, colour, detail = "Not sent", STEP_COLOURS[StepStatus.DUE], "Save the incident, then record " \
                                                                                  "each notification."
            else:
                word, colour, detail = recipient_status(recipient, steps, now)
            why = next((n for p in paragraphs if (n := recipient_note(recipient, p, context))), "")
            if why:  # the answer rests on something not recorded: say what to record
                detail = f"{detail.rstrip('.')}. {why}." if detail else f"{why}."
            self._add_row(recipient.label, word, colour, detail)
        for recipient, why in not_needed(paragraphs, context):
            self._add_row(recipient.label, "Not needed", "#E8E8E8", f"{why}.")
        for name in self.other_recipients():
            told = any(n.recipient is Recipient.OTHER and n.recipient_name.casefold() == name.casefold()
                       for n in notes)
            self._add_row(name, "Sent" if told else "Not sent",
                          STEP_COLOURS[StepStatus.DONE_ON_TIME] if told else "#E8E8E8",
                          "" if told else "Relevant person (reg 2): tell them and record it.")
        self.sent.setText("\n".join(
            f"Sent: {n.recipient_name or n.recipient.label} — {local_text(n.sent_at)}"
            + (f" · {n.method}" if n.method else "") + (f" · reference {n.reference}" if n.reference else "")
            + f" · {n.paragraph.label.split(':')[0]}" for n in notes))
        self.sent.setVisible(bool(notes))
        unreferenced = [n for n in notes if n.recipient is Recipient.OFSTED and not n.reference.strip()]
        has_ref = any(n.recipient is Recipient.OFSTED and n.reference.strip() for n in notes)
        self.warning.setVisible(bool(unreferenced) and not has_ref)
        if unreferenced and not has_ref:
            self.warning.setText(
                f"⚠ No Ofsted reference is recorded for the notification sent {local_text(unreferenced[0].sent_at)}. "
                "When Ofsted acknowledges it, record the reference (Record notification… again, with the "
                "reference) so an inspector can match it.")
        self.record_button.setEnabled(self.notifiable() is True and bool(paragraphs))

    def _add_line(self, text: str) -> None:
        label = role_label(text, "hint")
        self.recipients.addWidget(label)
        self._recipient_rows.append(label)

    def _add_row(self, who: str, word: str, colour: str, detail: str) -> None:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        chip = status_chip(word, colour)
        chip.setAccessibleName(f"{who}: {word}")
        row.addWidget(chip, 0, Qt.AlignmentFlag.AlignTop)
        text = QLabel(f"<b>{who}</b>" + (f" — {detail}" if detail else ""))
        text.setWordWrap(True)
        row.addWidget(text, 1)
        holder = QWidget()
        holder.setLayout(row)
        self.recipients.addWidget(holder)
        self._recipient_rows.append(holder)

    def recipient_words(self) -> dict[str, str]:
        """Who → status word, as shown."""
        out: dict[str, str] = {}
        for holder in self._recipient_rows:
            labels = holder.findChildren(QLabel)
            if len(labels) == 2:
                out[labels[1].text().split("</b>")[0].replace("<b>", "")] = labels[0].text()
        return out
