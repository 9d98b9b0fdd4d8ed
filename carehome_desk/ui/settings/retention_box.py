"""Home settings → Records past their retention period: a count and a table, for the manager's review.

Nothing is deleted or archived from here (models/retention.py says which periods, and why).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QGroupBox, QHeaderView, QTableView, QVBoxLayout, QWidget
from sqlalchemy.exc import SQLAlchemyError

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.counted import counted
from carehome_desk.models.dates import format_uk
from carehome_desk.models.ids import HomeId
from carehome_desk.models.retention import PastRetention
from carehome_desk.store import Store, StoreError
from carehome_desk.ui.widgets.record_table_model import Column, RecordTableModel
from carehome_desk.ui.widgets.sort_proxy import RecordSortProxy
from carehome_desk.ui.widgets.style import role_label

log = logging.getLogger(__name__)

COLUMNS: list[Column[PastRetention]] = [
    Column("Record", lambda r: f"{r.register}: {r.record}", lambda r: (r.register, r.record)),
    Column("Why it is past retention", lambda r: r.reason, tooltip=lambda r: r.reason),
    Column("Past since", lambda r: format_uk(r.since), lambda r: r.since),
    Column("Basis", lambda r: r.basis.label, lambda r: r.basis.value,
           header_tooltip="Law: a period the regulations set. Provider policy: your own setting above."),
]
#: Writes that can change what is past retention (a leaver's later entries count too).
WATCHES = (Register.CHILDREN, Register.INCIDENTS, Register.STAFF, Register.SETTINGS, Register.TRAINING,
           Register.SUPERVISION, Register.DBS, Register.CHECKS, Register.QUALIFICATIONS)
HINT = ("Listed for your review, with your data protection lead: carehome-desk never deletes a record by "
        "itself. Case records are kept 75 years from the child's birth (Reg 36) and the home's other records "
        "15 years from their last entry (Reg 37). Incidents go with the case records of the children they name; "
        "complaints, Reg 44/45/46 reports and an incident naming no child have no end in law and are never listed.")


class RetentionBox(QGroupBox):
    """The count and the table of a home's records past their retention period."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__("Records past their retention period", parent)
        self.store = store
        self.home_id: HomeId | None = None
        self._stale = False
        self.count = role_label("", "hint")
        self.count.setAccessibleName("How many records are past their retention period")
        self.model: RecordTableModel[PastRetention] = RecordTableModel(COLUMNS, self)
        self.proxy = RecordSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Records past their retention period")
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Record and reason wrap onto more lines; the date and basis keep to one.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, self.fontMetrics().horizontalAdvance("Staff: Graham Holt (Night worker), left") + 16)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())  # wrapped text: taller rows
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setMinimumHeight(260)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count)
        layout.addWidget(self.table)
        layout.addWidget(role_label(HINT, "hint"))

    def set_home(self, home_id: HomeId | None) -> None:
        """Show this home's review."""
        self.home_id = home_id
        self.reload()

    def reload(self) -> None:
        """Read the review again, as of today."""
        self._stale = False
        try:
            rows = self.store.retention.review(self.home_id, self.store.today()) if self.home_id is not None else []
        except (StoreError, SQLAlchemyError):
            # A damaged database (the read-only banner says so): the rest of Home settings stays usable.
            log.exception("The retention review could not be read")
            self.model.set_rows([])
            self.table.hide()
            self.count.setText("The retention review could not be read from this database.")
            return
        self.model.set_rows(rows)
        self.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # the longest past first
        self.table.resizeRowsToContents()
        if not rows:
            self.count.setText("No record of this home is past its retention period.")
        else:
            self.count.setText(f"{counted(len(rows), 'record')} past the retention period: "
                               "review each; nothing is deleted.")
        self.table.setVisible(bool(rows))

    def on_changes(self, changes: Changes) -> None:
        """Read again when a write touched children, incidents, staff or the policy values."""
        if changes.touches(*WATCHES):
            if self.isVisible():
                self.reload()
            else:
                self._stale = True  # read when next shown, not on every save elsewhere

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        if self._stale:
            self.reload()
