"""The dashboard's sections: the needs-action list, the all-homes table and the grid of charts."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.services.dashboard_tile import GRADE_SCORE, HomeSummary, Series, home_counts
from carehome_desk.services.dashboard_backlog import backlog
from carehome_desk.models.status import Status
from carehome_desk.ui.dashboard.chart_process import ChartDrawer
from carehome_desk.ui.dashboard.chart_render import ChartSpec
from carehome_desk.ui.dashboard.chart_widget import ChartWidget, Runner
from carehome_desk.services.dashboard_data import CHARTS, ChartRange, Part
from carehome_desk.ui.dashboard.homes_summary_table_model import HomesSummaryTableModel
from carehome_desk.ui.dashboard.needs_action_table_model import HOME_COLUMN, NeedsActionTableModel, NeedsRow
from carehome_desk.ui.widgets.width_watch import WidthWatch
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE
from carehome_desk.ui.widgets.sort_proxy import RecordSortProxy
from carehome_desk.ui.widgets.style import heading, role_label

if TYPE_CHECKING:
    from carehome_desk.services.due import DueItem

NOTHING_DUE = ("Nothing is overdue, missing or due soon. Items appear here as deadlines come near "
               "(the warning window is set in Home settings).")
#: Widest a long text column may start (the rest shows in its tooltip); the last column stretches.
WIDTH_CAPS = {2: 160, 3: 150, 4: 220, 5: 420}
MAX_VISIBLE_ROWS = 12
#: Rows measured to size a column to its contents: those on show before scrolling (Qt's default,
#: 1000, blocked typing for a twentieth of a second at a big home); longer text shows in its tooltip.
MEASURED_ROWS = MAX_VISIBLE_ROWS


def _section_heading(text: str) -> QLabel:
    return heading(text, size_delta=3)


def _table(name: str) -> QTableView:
    table = QTableView()
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.setAccessibleName(name)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setResizeContentsPrecision(MEASURED_ROWS)
    return table


def _fit_height(table: QTableView, rows: int, minimum: int = 3) -> None:
    """Tall enough for the rows (up to MAX_VISIBLE_ROWS, then it scrolls), so the page reads as one."""
    shown = max(minimum, min(rows, MAX_VISIBLE_ROWS))
    row = table.verticalHeader().defaultSectionSize()
    wide = table.horizontalHeader().length() > table.viewport().width()
    bar = table.horizontalScrollBar().sizeHint().height() if wide else 0
    table.setFixedHeight(table.horizontalHeader().sizeHint().height() + shown * row + bar + 2 * table.frameWidth())




def counts_text(items: list[DueItem]) -> str:
    """'6 overdue · 1 missing · 30 due soon', counted by the all-homes row's rule (``home_counts``)."""
    counts = home_counts(items)
    return " · ".join(f"{counts[s]} {s.label.lower()}" for s in Status if s.needs_action and counts[s])


class NeedsActionSection(QWidget):
    """The backlog: every overdue, missing and due-soon item by area, most urgent first; Enter opens it.

    Items on show in the Next 72 hours band above are left out of the rows here (``leave_out``): one
    deadline, one place, and the band's live countdown is the better view of it. The heading's counts
    count them all the same (they are exactly what `carehome-desk due` and the all-homes row count
    for the home) and say how many of them are up there.
    """

    #: (area, subject id, requirement key) of the item to open.
    open_requested = Signal(str, int, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = NeedsActionTableModel(self)
        self.proxy = RecordSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = _table("Needs action")
        self.table.setModel(self.proxy)
        # Grouped by area: the order is the point, so headers do not re-sort it. The model's rows come
        # in that order (a row's rank is its place), so the proxy keeps the source order: no sort pass
        # over thousands of rows in the all-homes view. Widths come from the rows on show (``MEASURED_ROWS``),
        # not from every row: measuring 200 held the first answer's turn for a twentieth of a second at a
        # big home; longer words show in full in their tooltip.
        self.table.setSortingEnabled(False)
        self.proxy.sort(-1)
        self.table.activated.connect(self._activated)
        self.counts = QLabel()
        self.counts.setAccessibleName("Needs action counts")
        # Wrapped only when the page is narrower than its words, so they never set the page's width: unwrapped, a
        # count gaining a digit made the whole page (every chart with it) a few pixels wider, and every chart was
        # drawn again. It takes the rest of the heading's line (a wrapping label alone would wrap at ~270 px).
        self.counts.setWordWrap(True)
        hint = role_label("By area, the area with the most urgent item first. Select a line and press Enter (or "
                          "double-click) to open the record; Enter on an area's heading folds it.", "hint")
        hint.setWordWrap(True)
        self.empty = role_label(NOTHING_DUE, "hint")
        self.empty.setAccessibleName("Nothing needs action")
        top = QHBoxLayout()
        top.addWidget(_section_heading("Needs action"))
        top.addWidget(self.counts, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        self.empty.hide()
        self.folded: set[str] = set()
        self.left_out = 0
        self.fit = WidthWatch(self.table, self.model)
        self._shown: tuple[object, ...] | None = None  # what set_items last showed

    def set_loading(self, words: str) -> None:
        """Before the first answer: no rows and no counts, and the words say the list is on its way."""
        self.model.set_groups([])
        self._shown = None
        self.counts.setText("")
        self.table.hide()
        self.empty.setText(words)
        self.empty.show()

    def set_items(self, items: list[DueItem], *, show_home: bool,
                  leave_out: Collection[tuple[int, int, str]] = ()) -> None:
        """Show the items (already most urgent first) grouped by area, and size the table to them."""
        groups = backlog(items, leave_out)
        shown = [i for g in groups for i in g.items]
        # The items themselves, not only the rows: one in the band above that turns overdue changes the counts.
        if self._shown == (groups, show_home, tuple(items)):
            return  # a save that left the list as it was: nothing to fill, nothing to size
        self._shown = (groups, show_home, tuple(items))
        self.left_out = len(items) - len(shown)
        self.model.update_groups(groups)  # only the rows that differ: the rest keep their place
        self.table.setColumnHidden(HOME_COLUMN, not show_home)
        # The counts are the home's whole list, as the all-homes row and `due` count it (``home_counts``):
        # the band's items are counted here too, and the words say how many of them are up there.
        text = counts_text(items)
        if self.left_out:
            text += f" · {self.left_out} of them in the Next 72 hours above"
        self.counts.setText(text)
        self.counts.setStyleSheet("QLabel { font-weight: bold; }")
        self.table.setVisible(bool(shown))
        self.empty.setVisible(not shown)
        self.empty.setText(NOTHING_DUE if not self.left_out else
                           "Nothing else is overdue, missing or due soon: what is due is in the Next 72 hours above.")
        self.table.clearSpans()
        # Sized to the words only when a column's widest words changed (sizing asks every cell).
        if self.fit.changed(show_home):
            self.table.resizeColumnsToContents()
            header = self.table.horizontalHeader()
            for column, cap in WIDTH_CAPS.items():
                if header.sectionSize(column) > cap:
                    header.resizeSection(column, cap)
            words = max(self.table.fontMetrics().horizontalAdvance(s.label) for s in Status)
            header.resizeSection(0, words + 24)  # a heading's words span the row; the status words set the width
        columns = self.model.columnCount()
        for row in range(self.proxy.rowCount()):
            record = self.proxy.index(row, 0).data(RECORD_ROLE)
            if isinstance(record, NeedsRow) and record.heading:
                self.table.setSpan(row, 0, 1, columns)
        self._apply_folds()

    def _apply_folds(self) -> None:
        rows = 0
        for row in range(self.proxy.rowCount()):
            record = self.proxy.index(row, 0).data(RECORD_ROLE)
            hidden = isinstance(record, NeedsRow) and not record.heading and record.group in self.folded
            self.table.setRowHidden(row, hidden)
            rows += not hidden
        _fit_height(self.table, rows)

    def fold(self, group: str, folded: bool | None = None) -> None:
        """Fold (hide the items of) or unfold a group; None toggles."""
        now = group not in self.folded if folded is None else folded
        if now:
            self.folded.add(group)
        else:
            self.folded.discard(group)
        self._apply_folds()

    def groups(self) -> list[tuple[str, str]]:
        """(name, counts) of each group heading, in order."""
        out = []
        for row in range(self.proxy.rowCount()):
            record = self.proxy.index(row, 0).data(RECORD_ROLE)
            if isinstance(record, NeedsRow) and record.heading:
                out.append((record.group, record.counts))
        return out

    def _activated(self, index: QModelIndex) -> None:
        row = index.data(RECORD_ROLE)
        if isinstance(row, NeedsRow) and row.item is None:
            self.fold(row.group)
            return
        if isinstance(row, NeedsRow) and row.item is not None:
            r = row.item.requirement
            self.open_requested.emit(r.area, int(r.subject_id), r.key)


class HomesSection(QWidget):
    """The responsible individual's view: a line per home; Enter or double-click shows that home."""

    home_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = HomesSummaryTableModel(self)
        self.proxy = RecordSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = _table("All homes")
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.activated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_section_heading("All homes"))
        layout.addWidget(role_label("Workforce: requirements in date or due soon. Restraints and missing or away "
                                    "episodes: the last 30 days. Double-click a home, or select it and press Enter, "
                                    "to see its own dashboard.", "hint"))
        layout.addWidget(self.table)

    def set_rows(self, rows: list[HomeSummary]) -> None:
        """Show one line per home."""
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        _fit_height(self.table, len(rows), minimum=1)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        _fit_height(self.table, self.model.rowCount(), minimum=1)  # room for a scroll bar only if needed

    def _activated(self, index: QModelIndex) -> None:
        row = index.data(RECORD_ROLE)
        if isinstance(row, HomeSummary):
            self.home_requested.emit(int(row.home.id))


CHART_NAMES = {
    Part.INCIDENTS: "Incidents per month, by type",
    Part.RESTRAINT: "Restraints and missing episodes per month",
    Part.TRAINING: "Required training in date",
    Part.GRADES: "Self-evaluation grades by judgement area",
}
TWO_COLUMNS_FROM = 900  # px of section width; below it the charts stack in one column


#: Each grade's place on the grades chart's y axis, and its words.
GRADE_TICKS = {score: grade.label for grade, score in GRADE_SCORE.items()}


def chart_spec(part: Part, data: object, chart_range: ChartRange) -> ChartSpec:
    """One chart's figures (the worker's series for it) over the period's months, as plain data."""
    if part is Part.GRADES:  # what services.dashboard.evaluation_grades returns
        days, grades = cast("tuple[list[date], dict[str, list[float | None]]]", data)
        return ChartSpec(part.value, chart_range.words, days=days, values=dict(grades),
                         first=chart_range.first_month, last=chart_range.end, grade_ticks=GRADE_TICKS)
    assert isinstance(data, Series)
    return ChartSpec(part.value, chart_range.words, months=data.months, labels=data.labels, values=data.values)


class ChartsSection(QWidget):
    """The four trend charts, two abreast when there is room; drawn by ``drawer`` (by default one
    started with the section: a chart process when there is a second core), stopped with ``stop``."""

    def __init__(self, parent: QWidget | None = None, *, drawer: ChartDrawer | None = None):
        super().__init__(parent)
        self.title = _section_heading("Trends")
        self.drawer = drawer or ChartDrawer()
        self.charts = {part: ChartWidget(CHART_NAMES[part], self.drawer) for part in CHARTS}
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(role_label("Right-click a chart to save it as a picture (for a Reg 45 report, for "
                                    "instance).", "hint"))
        layout.addLayout(self.grid)
        self._columns = 0
        self._reflow()
        # Rendering a chart takes a tenth of a second or more: on the page's drawing thread (``runner``) when it
        # gives one, every waiting chart sent at once (drawn there one after another, each put on show as it
        # comes, while this thread does whatever else is due); else one per event-loop turn on the GUI thread,
        # so clicks and keys are handled between them.
        self.runner: Runner | None = None
        self._queue: list[ChartWidget] = []
        self._turn = QTimer(self)
        self._turn.setSingleShot(True)
        self._turn.setInterval(0)
        self._turn.timeout.connect(self._render_next)
        for chart in self.charts.values():
            chart.scheduler = self._schedule

    def _schedule(self, chart: ChartWidget) -> None:
        if chart not in self._queue:
            self._queue.append(chart)
        if self.runner is not None:
            self._render_next()  # off this thread anyway: sent now, not a turn later behind other answers
        elif not self._turn.isActive():
            self._turn.start()

    def _render_next(self) -> None:
        if self.runner is not None:
            while self._queue:
                self._queue.pop(0).render_off(self.runner, self._after_render)
            return
        if self._queue:
            self._queue.pop(0).render_now()
            self._after_render()

    def _after_render(self) -> None:
        if self._queue and not self._turn.isActive():
            self._turn.start()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt naming
        super().showEvent(event)
        if self.runner is not None and self._queue:
            # Sent in the first of the next turn's posted events, not on its timers: the first frame's next
            # turn opens the store, and the charts kept for it are drawn meanwhile.
            QTimer.singleShot(0, self, self._laid_out_first)

    def _laid_out_first(self) -> None:
        """Finish the window's layout (two charts abreast, or one), then send the waiting charts at their sizes."""
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        if self._queue:
            self._turn.stop()
            self._render_next()

    def show_pictures(self) -> None:
        """Swap every chart's placeholder for its picture; pending drawings queue up."""
        for chart in self.charts.values():
            chart.show_pictures()

    def warm_up(self) -> None:
        """Load matplotlib in this process if no chart process draws (off the GUI thread)."""
        self.drawer.warm_up()

    def draw(self, part: Part, data: object, chart_range: ChartRange) -> None:
        """Draw one chart's figures (the worker's series for it) over the period's months."""
        self.charts[part].draw(chart_spec(part, data, chart_range))

    def stop(self) -> None:
        """Draw nothing more and end the chart process (the window is closing)."""
        self._queue.clear()
        self._turn.stop()
        self.drawer.stop()

    def set_period(self, words: str) -> None:
        """Name the period in the section heading."""
        self.title.setText(f"Trends — {words}")

    def _reflow(self) -> None:
        columns = 2 if self.width() >= TWO_COLUMNS_FROM else 1
        if columns == self._columns:
            return
        self._columns = columns
        for index, chart in enumerate(self.charts.values()):
            self.grid.removeWidget(chart)
            self.grid.addWidget(chart, index // columns, index % columns)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self._reflow()
