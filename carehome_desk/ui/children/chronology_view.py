"""A child's chronology: admission, every incident and leaving in date order, filterable by type."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget

from carehome_desk.models.children import Child
from carehome_desk.models.chronology import ChronologyEntry, chronology
from carehome_desk.models.counted import counted
from carehome_desk.models.dates import UK, format_uk
from carehome_desk.models.deadlines import utc
from carehome_desk.models.incidents import Incident, IncidentType
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE, Column, RecordTableModel
from carehome_desk.ui.widgets.register_page import setup_table
from carehome_desk.ui.widgets.sort_proxy import RecordSortProxy
from carehome_desk.ui.widgets.style import role_label

LIFE_EVENTS = ("admission", "leaving")


def entry_when(entry: ChronologyEntry) -> str:
    """Admission and leaving by date; incidents by date and UK time."""
    local = entry.at.astimezone(UK)
    if entry.kind in LIFE_EVENTS:
        return format_uk(local.date())
    return f"{format_uk(local.date())} {local:%H:%M}"


COLUMNS: list[Column[ChronologyEntry]] = [
    Column("When", entry_when, sort_key=lambda e: utc(e.at), header_tooltip="UK local time"),
    Column("What", lambda e: e.title),
    Column("Details", lambda e: e.text, tooltip=lambda e: e.text + (
        "\nDouble-click or press Enter to open it on the Incidents page." if e.incident_id else "")),
]


class ChronologyModel(RecordTableModel[ChronologyEntry]):
    """Chronology lines through the columns above."""

    def __init__(self, parent: Any = None):
        super().__init__(COLUMNS, parent)


class ChronologyProxy(RecordSortProxy):
    """Everything, only admission and leaving, or one incident type."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.kinds: tuple[str, ...] = ()

    def set_kinds(self, kinds: tuple[str, ...]) -> None:
        """Show only these kinds ('admission', 'leaving' or incident type values); empty shows all."""
        self.refilter(lambda: setattr(self, "kinds", kinds))

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        entry = self.sourceModel().index(source_row, 0, source_parent).data(RECORD_ROLE)
        if entry is None or (self.kinds and entry.kind not in self.kinds):
            return False
        return super().filterAcceptsRow(source_row, source_parent)


class ChronologyView(QWidget):
    """The table, a type filter and a count; incident lines open on the Incidents page."""

    #: Asks for an incident to be opened (its id).
    incident_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = ChronologyModel(self)
        self.proxy = ChronologyProxy(self)
        self.proxy.setSourceModel(self.model)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Show in the chronology")
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        self.count = role_label("", "hint")
        self.count.setWordWrap(False)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        # The details wrap, so the chronology reads as a story rather than a row of cut-off lines.
        setup_table(self.table, self.proxy, "Chronology", wrap=True)
        # Fitting rows to wrapped text must not squeeze one-line rows below the usual height.
        rows = self.table.verticalHeader()
        rows.setMinimumSectionSize(rows.defaultSectionSize())
        self.table.horizontalHeader().sectionResized.connect(self._fit_rows_later)
        self._fit_pending = False
        self.table.activated.connect(self._activated)
        top = QHBoxLayout()
        show = QLabel("Sh&ow:")
        show.setBuddy(self.kind)
        top.addWidget(show)
        top.addWidget(self.kind)
        top.addStretch(1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(role_label("Schedule 3 (paras 14, 15, 22) asks each child's record to hold every missing "
                                    "episode, every measure of control or restraint, and accidents and serious "
                                    "illness. Double-click an incident to open it.", "hint"))
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def show_child(self, child: Child | None, incidents: list[Incident]) -> None:
        """Build the child's chronology from the home's incidents; the type list offers only types present."""
        entries = chronology(child, incidents) if child is not None else []
        self.model.set_rows(entries)
        present = {e.kind for e in entries}
        keep = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem("Everything", None)
        self.kind.addItem("Admission and leaving", "life")
        for kind in IncidentType:
            if kind.value in present:
                self.kind.addItem(kind.label, kind.value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(keep)) if keep is not None else 0)
        self.kind.blockSignals(False)
        self._kind_chosen()
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        self._fit_rows_later()

    def _fit_rows_later(self, *_args: object) -> None:
        if not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self, self._fit_rows)

    def _fit_rows(self) -> None:
        self._fit_pending = False
        self.table.resizeRowsToContents()

    def _kind_chosen(self, *_args: object) -> None:
        data = self.kind.currentData()
        self.proxy.set_kinds(() if data is None else LIFE_EVENTS if data == "life" else (data,))
        incidents = sum(1 for r in range(self.model.rowCount()) if self.model.record(r).incident_id is not None)
        shown = self.proxy.rowCount()
        text = counted(incidents, "incident")
        if shown != self.model.rowCount():
            text += f" · {counted(shown, 'line')} shown"
        self.count.setText(text)
        self._fit_rows_later()

    def choose(self, kind: IncidentType | str | None) -> None:
        """Pick a filter: an incident type, 'life' for admission and leaving, or None for everything."""
        value = kind.value if isinstance(kind, IncidentType) else kind
        self.kind.setCurrentIndex(max(0, self.kind.findData(value)) if value is not None else 0)

    def _activated(self, index: QModelIndex) -> None:
        entry = index.data(RECORD_ROLE)
        if entry is not None and entry.incident_id is not None:
            self.incident_requested.emit(int(entry.incident_id))

    def lines(self) -> list[tuple[str, str]]:
        """(when, what) for each line shown, in order."""
        return [(self.proxy.index(r, 0).data(), self.proxy.index(r, 1).data()) for r in range(self.proxy.rowCount())]
