"""Dialogs for a DBS certificate (add or correct) and an Update Service status check."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from carehome_desk.models.changes import Changes
from carehome_desk.models.dates import format_uk
from carehome_desk.models.dbs import (
    DbsCertificate,
    DbsLevel,
    DbsStatusCheck,
    StatusResult,
    Workforce,
    validate_certificate,
    validate_status_check,
)
from carehome_desk.models.ids import StaffId
from carehome_desk.store import Store, ValidationError
from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.ui.widgets.field_form import RecordDialog, every_problem, read_date


class CertificateDialog(RecordDialog):
    """Record a DBS certificate's number and date (never its content), or correct one."""

    def __init__(self, store: Store, staff_id: StaffId, certificate: DbsCertificate | None = None,
                 parent: QWidget | None = None):
        super().__init__("Correct DBS certificate" if certificate else "Add DBS certificate",
                         "Record the certificate number and issue date only; do not record anything the "
                         "certificate discloses. "
                         "Schedule 2 para 2 needs an enhanced certificate with the children's barred list check.",
                         parent)
        self.store = store
        self.staff_id = staff_id
        self.certificate = certificate
        today = store.today()
        self.number = QLineEdit()
        self.number.setMaxLength(20)
        self.number.setPlaceholderText("12 digits")
        self.issued = DateField(today)
        self.level = QComboBox()
        for level in DbsLevel:
            self.level.addItem(level.label, level.value)
        self.workforce = QComboBox()
        for workforce in Workforce:
            self.workforce.addItem(workforce.label, workforce.value)
        self.barred = QCheckBox("Children's barred list checked")
        self.update_service = QCheckBox("Subscribed to the DBS Update Service")
        self.note = QLineEdit()
        self.note.setMaxLength(500)
        self.fields.add("certificate_number", "Certificate &number", self.number)
        self.fields.add("issue_date", "&Issue date", self.issued)
        self.fields.add("level", "&Level", self.level)
        self.fields.add("workforce", "&Workforce", self.workforce)
        self.fields.add("barred_list_children", "", self.barred)
        self.fields.add("update_service", "", self.update_service,
                        hint="With the Update Service, status checks online can stand in for a new certificate.")
        self.fields.add("note", "N&ote", self.note)
        c = certificate
        self.number.setText(c.certificate_number if c else "")
        self.issued.set_value(c.issue_date if c else None)
        self.level.setCurrentIndex(self.level.findData((c.level if c else DbsLevel.ENHANCED).value))
        self.workforce.setCurrentIndex(self.workforce.findData((c.workforce if c else Workforce.CHILD).value))
        self.barred.setChecked(c.barred_list_children if c else True)
        self.update_service.setChecked(c.update_service if c else False)
        self.note.setText(c.note if c else "")

    def write(self) -> Changes:
        problems: dict[str, str] = {}
        issued = read_date(self.issued, "issue_date", problems)
        if issued is None and "issue_date" not in problems:
            problems["issue_date"] = "Enter the date the certificate was issued."
        today = self.store.today()

        def typed(stand_in: date) -> DbsCertificate:  # the stand-in for a date not read: its problem is there
            return DbsCertificate(
                staff_id=self.staff_id, certificate_number=self.number.text().strip(), issue_date=issued or stand_in,
                level=DbsLevel(self.level.currentData()), workforce=Workforce(self.workforce.currentData()),
                barred_list_children=self.barred.isChecked(), update_service=self.update_service.isChecked(),
                note=self.note.text().strip(),
            )

        # The number's problem is said with the date's, not only once the date is right.
        every = every_problem(problems, lambda stand_in: validate_certificate(typed(stand_in), today))
        if every:
            raise ValidationError(every)
        cert = typed(today)
        if self.certificate is not None:
            return self.store.workforce.update_certificate(replace(cert, id=self.certificate.id))
        return self.store.workforce.add_certificate(cert)[1]


class StatusCheckDialog(RecordDialog):
    """Record an online Update Service status check on a certificate."""

    def __init__(self, store: Store, certificate: DbsCertificate, parent: QWidget | None = None):
        super().__init__("Add Update Service status check",
                         f"Certificate {certificate.certificate_number}, issued {format_uk(certificate.issue_date)}.",
                         parent)
        self.store = store
        self.certificate = certificate
        self.checked_on = DateField(store.today())
        self.checked_on.set_value(store.today())
        self.outcome = QComboBox()
        for result in StatusResult:
            self.outcome.addItem(result.label, result.value)
        self.checked_by = QLineEdit()
        self.checked_by.setMaxLength(200)
        self.checked_by.setText(store.user)
        self.note = QLineEdit()
        self.note.setMaxLength(500)
        self.fields.add("checked_on", "&Checked on", self.checked_on)
        self.fields.add("result", "&Result", self.outcome)
        self.fields.add("checked_by", "Checked &by", self.checked_by)
        self.fields.add("note", "N&ote", self.note)

    def write(self) -> Changes:
        problems: dict[str, str] = {}
        when = read_date(self.checked_on, "checked_on", problems)
        if when is None and "checked_on" not in problems:
            problems["checked_on"] = "Enter the date of the status check."
        today = self.store.today()

        def typed(stand_in: date) -> DbsStatusCheck:  # the stand-in for a date not read: its problem is there
            return DbsStatusCheck(certificate_id=self.certificate.id, checked_on=when or stand_in,
                                  result=StatusResult(self.outcome.currentData()),
                                  checked_by=self.checked_by.text().strip(), note=self.note.text().strip())

        every = every_problem(problems, lambda stand_in: validate_status_check(
            typed(stand_in), self.certificate.issue_date, today))
        if every:
            raise ValidationError(every)
        return self.store.workforce.add_status_check(typed(today))[1]
