"""Change history: the audit trail, so a manager (or inspector) can see who changed what, when."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.models.audit import AuditEntry
from carehome_desk.models.changes import Register
from carehome_desk.store import Store
from carehome_desk.services.history_words import (
    ACTION_LABELS,
    RecordNames,
    changed_text,
    describe,
    learn_certificates,
    record_label,
    when,
)
from carehome_desk.ui.widgets.column_fit import fit_columns
from carehome_desk.ui.widgets.page import Page, PageId
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE, Column, RecordTableModel
from carehome_desk.ui.widgets.sort_proxy import RecordSortProxy
from carehome_desk.ui.widgets.style import heading, role_label
from carehome_desk.ui.history.trail_check import TrailCheck

LIMIT = 10_000
RECORD = 3  # the Record column, below

def columns(names: RecordNames) -> list[Column[AuditEntry]]:
    """The trail's columns; records are named from ``names`` (filled in on each reload)."""
    return [
        Column("When", when, sort_key=lambda e: (e.at, e.id)),
        Column("Who", lambda e: e.user),
        Column("Change", lambda e: ACTION_LABELS[e.action]),
        Column("Record", lambda e: record_label(e, names), tooltip=lambda e: record_label(e, names)),
        Column("Fields changed", changed_text, tooltip=changed_text),
    ]


class HistoryPage(Page):
    """Every audited change, newest first, filterable; the selected change in full below."""

    page_id = PageId.HISTORY
    title = page_id.value
    watches = (Register.AUDIT,)  # every write adds to the trail

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.names = RecordNames()
        self.model: RecordTableModel[AuditEntry] = RecordTableModel(columns(self.names), self)
        self.proxy = RecordSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by person, record, field or archive reason (Ctrl+F)")
        self.filter.setAccessibleName("Filter changes")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_changed)
        self.count = role_label("", "hint")
        self.count.setWordWrap(False)  # '12 of 2,199 changes' on one line beside the filter
        self.no_match = role_label("", "hint")  # said when the filter leaves nothing, with what to do
        self.no_match.setWordWrap(True)
        self.no_match.hide()
        self.total = ""  # '2,199 changes', or 'the newest 10,000 changes'

        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Change history")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Selected change in full")
        self.details.setPlaceholderText("Select a change to see what it was before and after.")
        self.trail = TrailCheck(store, self)

        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.title))
        intro = QLabel("Every save is recorded here with who made it and what changed. "
                       "Records the law says to keep are archived, never deleted.")
        intro.setWordWrap(True)  # one line wide, not a minimum width: the page fits 150% scaling on a laptop
        layout.addWidget(intro)
        layout.addWidget(self.trail.label)
        layout.addLayout(top)
        layout.addWidget(self.no_match)
        layout.addWidget(splitter, 1)

    def reload(self) -> None:
        """Read the newest changes (all homes: the trail belongs to the whole database)."""
        entries = self.store.audit.entries(limit=LIMIT)
        self.names.refresh(self.store)  # the columns hold this object, so it is refilled in place
        learn_certificates(self.names, entries)
        self.model.set_rows(entries)
        # A long record name gives way (whole in its tooltip) rather than push what changed out of view.
        fit_columns(self.table, limits={RECORD: 640}, minimums={RECORD: 240}, squeeze=[RECORD])
        self.total = f"{len(entries):,} change{'' if len(entries) == 1 else 's'}" if len(entries) < LIMIT \
            else f"the newest {LIMIT:,} changes"
        self._show_count()
        self.trail.start()  # off the GUI thread: the line updates when the check is done

    def shutdown(self) -> None:
        """Let the audit trail check finish before the store closes."""
        self.trail.shutdown()

    def focus_filter(self) -> None:
        """Ctrl+F lands in the filter box."""
        self.filter.setFocus()
        self.filter.selectAll()

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._show_count()

    def _show_count(self) -> None:
        """'2,199 changes'; filtered, what is shown of them ('12 of 2,199 changes'), and a word when none is."""
        needle = self.filter.text().strip()
        shown = self.proxy.rowCount()
        self.count.setText(f"{shown:,} of {self.total}" if needle else self.total[:1].upper() + self.total[1:])
        self.no_match.setText(
            f"No change matches “{needle}”. Check the spelling, or try a person, a record's name, a field or "
            "an archive's reason; clear the filter to see every change." if needle and not shown else "")
        self.no_match.setVisible(bool(needle) and not shown)

    def _selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        entry = indexes[0].data(RECORD_ROLE) if indexes else None
        self.details.setPlainText(describe(entry, self.names) if entry else "")
