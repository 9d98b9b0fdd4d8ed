"""A person's DBS certificates and Update Service status checks, with the recheck status on top."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.models.dates import format_uk
from carehome_desk.models.dbs import DbsCertificate, DbsStatusCheck
from carehome_desk.models.staff import StaffMember
from carehome_desk.models.status import Requirement
from carehome_desk.store import Store
from carehome_desk.ui.workforce.dbs_dialogs import CertificateDialog, StatusCheckDialog
from carehome_desk.ui.widgets.record_table_model import Column, RecordTableModel
from carehome_desk.ui.widgets.status_style import StatusBanner
from carehome_desk.ui.widgets.style import role_label

CERTIFICATE_COLUMNS: list[Column[DbsCertificate]] = [
    Column("Number", lambda c: c.certificate_number),
    Column("Issued", lambda c: format_uk(c.issue_date), sort_key=lambda c: c.issue_date),
    Column("Level", lambda c: c.level.label),
    Column("Workforce", lambda c: c.workforce.label),
    Column("Barred list", lambda c: "Checked" if c.barred_list_children else "Not checked"),
    Column("Update Service", lambda c: "Yes" if c.update_service else "No"),
    Column("Note", lambda c: c.note),
]
STATUS_CHECK_COLUMNS: list[Column[DbsStatusCheck]] = [
    Column("Checked on", lambda s: format_uk(s.checked_on), sort_key=lambda s: s.checked_on),
    Column("Result", lambda s: s.result.label),
    Column("By", lambda s: s.checked_by),
    Column("Note", lambda s: s.note),
]


def small_table(model: RecordTableModel, name: str) -> QTableView:  # type: ignore[type-arg]
    """A read-only, row-selecting table for a short list inside a tab."""
    table = QTableView()
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)  # one line a row; the full text is in each cell's tooltip
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


def saved_words(dialog: CertificateDialog | StatusCheckDialog) -> str:
    """What a DBS dialog saved: 'DBS certificate 001234567890', 'the Update Service check of 22/11/2026 on …'."""
    if isinstance(dialog, CertificateDialog):
        return f"DBS certificate {dialog.number.text().strip()}"
    when = dialog.checked_on.value()
    on = f" of {format_uk(when)}" if when is not None else ""
    return f"the Update Service check{on} on certificate {dialog.certificate.certificate_number}"


class DbsTab(QWidget):
    """Certificates newest first; the selected one's status checks below; add or correct either."""

    #: Emitted with Changes after a save.
    changed = Signal(object)
    #: The status bar's words after a save ("Saved DBS certificate … for …").
    saved_message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.member: StaffMember | None = None
        self.dialog: QDialog | None = None
        self.banner = StatusBanner()
        self.certificates: RecordTableModel[DbsCertificate] = RecordTableModel(CERTIFICATE_COLUMNS, self)
        self.certificate_table = small_table(self.certificates, "DBS certificates")
        self.certificate_table.doubleClicked.connect(lambda _i: self.edit_certificate())
        self.checks: RecordTableModel[DbsStatusCheck] = RecordTableModel(STATUS_CHECK_COLUMNS, self)
        self.check_table = small_table(self.checks, "Update Service status checks")
        self.add_button = QPushButton("&Add certificate…")
        self.add_button.clicked.connect(self.add_certificate)
        self.edit_button = QPushButton("&Correct certificate…")
        self.edit_button.clicked.connect(self.edit_certificate)
        self.add_check_button = QPushButton("Add stat&us check…")
        self.add_check_button.clicked.connect(self.add_status_check)
        self.checks_heading = QLabel("<b>Update Service status checks</b>")
        self.checks_hint = role_label("", "hint")

        top = QHBoxLayout()
        top.addWidget(QLabel("<b>Certificates</b>"))
        top.addStretch(1)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        lower = QHBoxLayout()
        lower.addWidget(self.checks_heading)
        lower.addStretch(1)
        lower.addWidget(self.add_check_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.certificate_table, 3)
        layout.addLayout(lower)
        layout.addWidget(self.checks_hint)
        layout.addWidget(self.check_table, 2)
        self.certificate_table.selectionModel().currentRowChanged.connect(self._certificate_chosen)
        self.show_member(None, [], {}, None)

    def show_member(self, member: StaffMember | None, certificates: list[DbsCertificate],
                    status_checks: dict[int, list[DbsStatusCheck]], requirement: Requirement | None) -> None:
        """Show a person's certificates (newest first) and the DBS status the rules give."""
        self.member = member
        self._status_checks = status_checks
        keep = self.selected_certificate()
        rows = sorted(certificates, key=lambda c: (c.issue_date, c.id), reverse=True)
        self.certificates.set_rows(rows)
        self.certificate_table.resizeColumnsToContents()
        self.banner.show_requirement(requirement)
        self.add_button.setEnabled(member is not None)
        if rows:
            ids = [c.id for c in rows]
            self.certificate_table.selectRow(ids.index(keep.id) if keep is not None and keep.id in ids else 0)
        self._certificate_chosen()

    def selected_certificate(self) -> DbsCertificate | None:
        """The certificate selected in the table (the newest by default)."""
        index = self.certificate_table.currentIndex()
        if not index.isValid() or index.row() >= self.certificates.rowCount():
            return None
        return self.certificates.record(index.row())

    def _certificate_chosen(self, *_args: QModelIndex) -> None:
        cert = self.selected_certificate()
        self.edit_button.setEnabled(cert is not None)
        self.add_check_button.setEnabled(cert is not None)
        checks = sorted(self._status_checks.get(cert.id, []), key=lambda s: s.checked_on, reverse=True) if cert else []
        self.checks.set_rows(checks)
        self.check_table.resizeColumnsToContents()
        if cert is None:
            self.checks_hint.setText("No certificate recorded yet: add one with Add certificate…")
        elif not cert.update_service:
            self.checks_hint.setText(f"Certificate {cert.certificate_number} is not on the Update Service; "
                                     "status checks apply only to subscribed certificates.")
        else:
            self.checks_hint.setText(f"Checks on certificate {cert.certificate_number}, newest first.")

    def _open(self, dialog: CertificateDialog | StatusCheckDialog) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._saved(dialog))
        dialog.open()

    def _saved(self, dialog: CertificateDialog | StatusCheckDialog) -> None:
        self.changed.emit(dialog.changes)
        if self.member is not None:
            self.saved_message.emit(f"Saved {saved_words(dialog)} for {self.member.full_name}.")

    def add_certificate(self) -> None:
        """Open the dialog for a new certificate."""
        if self.member is not None:
            self._open(CertificateDialog(self.store, self.member.id, parent=self))

    def edit_certificate(self) -> None:
        """Open the selected certificate to correct it."""
        cert = self.selected_certificate()
        if self.member is not None and cert is not None:
            self._open(CertificateDialog(self.store, self.member.id, cert, parent=self))

    def add_status_check(self) -> None:
        """Record an Update Service check on the selected certificate."""
        cert = self.selected_certificate()
        if cert is not None:
            self._open(StatusCheckDialog(self.store, cert, parent=self))
