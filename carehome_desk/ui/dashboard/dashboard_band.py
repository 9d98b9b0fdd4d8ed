"""The "Next 72 hours" band: incident steps counted in hours, overdue first, with a countdown each minute.

The worker brings every open hour-counted step once per save; the band cuts them to the next 72
hours and rewrites the countdowns from the clock every minute, without asking the database again.
Enter or double-click on a row opens that incident on the Incidents page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from carehome_desk.services.dashboard_clocks import WINDOW_HOURS, ClockItem, Clocks, countdown, within
from carehome_desk.ui.widgets.width_watch import WidthWatch
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE, Column, RecordTableModel
from carehome_desk.ui.widgets.status_style import BASIS_SHORT
from carehome_desk.ui.widgets.style import heading, role_label

TICK_MS = 60_000
#: Said only of the next 72 hours: a step due later (a child's 5-day reg 35 talk, say) may well be open.
NOTHING_IN_72 = "Nothing falls due in the next 72 hours."
NO_INCIDENTS = "No incidents recorded yet. Reg 35, Reg 40, return interview and LADO clocks appear here."
#: Overdue cells: vermillion tint, the word 'overdue' carries the meaning; due ones orange.
OVERDUE_TINT = "#F6C9AE"
DUE_TINT = "#FBE3B0"


class ClockTableModel(RecordTableModel[ClockItem]):
    """The band's rows; the countdown column reads ``self.now``, moved on by ``tick``."""

    def __init__(self, parent: Any = None):
        columns: list[Column[ClockItem]] = [
            Column("Time left", lambda c: countdown(c.due_at, self.now),
                   background=lambda c: OVERDUE_TINT if c.overdue(self.now) else DUE_TINT,
                   tooltip=lambda c: f"Due {c.due_words} (UK time)"),
            Column("Due", lambda c: c.due_words),
            Column("Step", lambda c: c.step, tooltip=lambda c: f"{c.step}\n{c.source}"),
            Column("Incident", lambda c: c.incident_words, tooltip=lambda c: c.incident_words),
            Column("Rule", lambda c: f"{c.source} ({BASIS_SHORT[c.basis]})", tooltip=lambda c: c.source),
        ]
        super().__init__(columns, parent)
        self.now = datetime.min  # set by the band before any row is shown

    def tick(self, now: datetime) -> None:
        """New countdown words (and colours) for every row, keeping the selection."""
        self.now = now
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))

    def items(self) -> list[ClockItem]:
        """The rows, in order."""
        return [self.record(r) for r in range(self.rowCount())]


class ClockBand(QWidget):
    """The band: a heading, the rows (or one calm line), and a minute tick."""

    #: (area, incident id, requirement key): the same signal the needs-action list sends.
    open_requested = Signal(str, int, str)
    #: The set of rows changed (a step came into the window): the backlog below leaves them out.
    rows_changed = Signal()

    def __init__(self, clock: Callable[[], datetime], parent: QWidget | None = None):
        super().__init__(parent)
        self.clock = clock
        self._all: list[ClockItem] = []
        self._known = False  # an answer from the worker has arrived
        self._waiting = ""  # what the calm line says until then
        self._has_incidents = False
        self.model = ClockTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.fit = WidthWatch(self.table, self.model)
        self.table.setAccessibleName("Next 72 hours")
        self.table.setAccessibleDescription("Incident steps with a legal clock, overdue first then soonest. "
                                            "Press Enter to open the incident.")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.activated.connect(self._activated)
        self.count = QLabel()
        self.count.setAccessibleName("Next 72 hours count")
        self.count.setStyleSheet("QLabel { font-weight: bold; }")
        self.calm = role_label("", "hint")
        self.calm.setAccessibleName("Next 72 hours")
        self.calm.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(heading("Next 72 hours", size_delta=3))
        top.addWidget(self.count)
        # The calm line beside the heading, not under it: the backlog starts higher at 1366×768.
        top.addSpacing(8)
        top.addWidget(self.calm, 1, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self._show()

    def set_clocks(self, clocks: Clocks) -> None:
        """Every open hour-counted step (the worker's answer); shown cut to the next 72 hours."""
        self._all = list(clocks.items)
        self._known = True
        self._has_incidents = clocks.incidents > 0
        if not self.tick():  # new rows were shown (and sized) by the tick; else the words may still change
            self._show()

    def set_loading(self, words: str) -> None:
        """Until the worker answers (for a home just chosen too): no rows, and the words say why."""
        self._all, self._known, self._waiting = [], False, words
        self.model.set_rows([])
        self._show()

    def shown_keys(self) -> set[tuple[int, str]]:
        """(incident id, requirement key) of each row on show: the backlog leaves these out."""
        return {(c.incident_id, c.requirement_key) for c in self.model.items()}

    def tick(self) -> bool:
        """Move the countdowns on; rebuild the rows only if a step came into (or left) the window (True)."""
        now = self.clock()
        rows = within(self._all, now, WINDOW_HOURS)
        if rows != self.model.items():
            current = self.table.currentIndex()
            self.model.now = now
            self.model.set_rows(rows)
            self._show()
            if current.isValid() and rows:
                self.table.setCurrentIndex(self.model.index(min(current.row(), len(rows) - 1), 0))
            self.rows_changed.emit()
            return True
        self.model.tick(now)
        self._update_count()
        return False

    def _update_count(self) -> None:
        items = self.model.items()
        late = sum(c.overdue(self.model.now) for c in items)
        parts = [f"{late} overdue"] if late else []
        if len(items) - late:
            parts.append(f"{len(items) - late} due")
        self.count.setText(" · ".join(parts))

    def _show(self) -> None:
        rows = self.model.rowCount()
        self.table.setVisible(rows > 0)
        self.calm.setVisible(rows == 0 and (self._known or bool(self._waiting)))
        self.calm.setText(self._waiting if not self._known else NOTHING_IN_72 if self._has_incidents else NO_INCIDENTS)
        self._update_count()
        if rows:
            self._fit_columns()
            shown = min(rows, 5)  # compact: the backlog stays in view at 1366×768; more rows scroll
            self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height()
                                      + shown * self.table.verticalHeader().defaultSectionSize()
                                      + 2 * self.table.frameWidth() + 2)

    def _fit_columns(self, *, always: bool = False) -> None:
        # Sized again only when a column's widest words (or the room) changed: sizing asks every cell.
        if not self.fit.changed(self.table.viewport().width()) and not always:
            return
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        # Only when the words do not all fit: the step and the incident give way first, the rule last.
        if header.length() > self.table.viewport().width():
            for column, cap in ((2, 300), (3, 300)):
                if header.sectionSize(column) > cap:
                    header.resizeSection(column, cap)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        # Only when the room across changed: the band grows taller as its rows are first shown, which
        # would otherwise size every column twice in that turn.
        if self.model.rowCount() and event.oldSize().width() != event.size().width():
            self._fit_columns(always=True)

    def _activated(self, index: QModelIndex) -> None:
        item = index.data(RECORD_ROLE)
        if isinstance(item, ClockItem):
            self.open_requested.emit("Incident", item.incident_id, item.requirement_key)
