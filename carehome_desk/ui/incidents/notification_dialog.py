"""'Record notification': one reg 40 notification sent, to whom, under which paragraph, when, how, and Ofsted's reference."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from carehome_desk.models.changes import Changes
from carehome_desk.models.incidents import Incident, Notification, Recipient, Reg40
from carehome_desk.models.recipients import NotifyContext, required_recipients
from carehome_desk.store import Store, ValidationError
from carehome_desk.ui.widgets.datetime_field import DateTimeField
from carehome_desk.ui.widgets.field_form import RecordDialog

METHODS = ("Ofsted online form (Tell Ofsted about an incident)", "Email", "Secure email",
           "Phone, confirmed in writing", "Letter")


class NotificationDialog(RecordDialog):
    """Recipient (those still to tell first), paragraph, sent at (UK time), method and reference.

    ``context``: the incident's children's placing authorities and the home, for reg 40(1)'s recipients.
    """

    def __init__(self, store: Store, incident: Incident, context: NotifyContext, parent: QWidget | None = None):
        super().__init__("Record notification", "Reg 40(5): a notification is made, or confirmed, in writing. "
                         "Record each one when it is sent.", parent)
        self.store = store
        self.incident = incident
        sent = {n.recipient for n in incident.notifications}
        needed = required_recipients(incident.reg40_paragraphs, context)
        order = [r for r in needed if r not in sent] + [r for r in needed if r in sent]
        order += [r for r in Recipient if r not in order]
        self.recipient = QComboBox()
        for recipient in order:
            self.recipient.addItem(recipient.label, recipient.value)
        self.recipient_name = QComboBox()
        self.recipient_name.setEditable(True)
        self.recipient_name.addItems(list(incident.other_recipients))
        self.recipient_name.setCurrentText("")
        self.recipient_name.setMinimumContentsLength(28)
        self.paragraph = QComboBox()
        for paragraph in incident.reg40_paragraphs or tuple(Reg40):
            self.paragraph.addItem(paragraph.label, paragraph.value)
        self.sent_at = DateTimeField(store.today(), store.now)
        self.sent_at.set_value(None)
        self.sent_at.set_now()
        self.method = QComboBox()
        self.method.setEditable(True)
        self.method.addItems(list(METHODS))
        self.reference = QLineEdit()
        self.reference.setMaxLength(100)
        self.fields.add("recipient", "&Recipient", self.recipient)
        self.fields.add("recipient_name", "&Name", self.recipient_name,
                        hint="For another relevant person (reg 2): who they are.")
        self.fields.add("paragraph", "Reg 40 &paragraph", self.paragraph)
        self.fields.add("sent_at", "&Sent at", self.sent_at, hint="UK local time. Guide 14.13: within 24 hours.")
        self.fields.add("method", "&How", self.method)
        self.fields.add("reference", "Ofsted r&eference", self.reference,
                        hint="The reference on Ofsted's acknowledgement; inspectors match notifications by it.")
        self.recipient.currentIndexChanged.connect(self._recipient_changed)
        self._recipient_changed()
        self.recipient.setFocus()

    def _recipient_changed(self, *_args: object) -> None:
        other = self.recipient.currentData() == Recipient.OTHER.value
        self.fields.set_row_visible("recipient_name", other)
        self.fields.set_row_visible("reference", self.recipient.currentData() == Recipient.OFSTED.value)

    def write(self) -> Changes:
        problems: dict[str, str] = {}
        sent_at = None
        try:
            sent_at = self.sent_at.value()
        except ValueError as exc:
            problems["sent_at"] = str(exc)
        if sent_at is None and "sent_at" not in problems:
            problems["sent_at"] = "Enter when it was sent (date and time)."
        if problems or sent_at is None:
            raise ValidationError(problems)
        recipient = Recipient(self.recipient.currentData())
        note = Notification(
            incident_id=self.incident.id, recipient=recipient, paragraph=Reg40(self.paragraph.currentData()),
            sent_at=sent_at, method=self.method.currentText().strip(),
            reference=self.reference.text().strip() if recipient is Recipient.OFSTED else "",
            recipient_name=self.recipient_name.currentText().strip() if recipient is Recipient.OTHER else "")
        return self.store.incidents.add_notification(note)[1]

