"""Step 4 of importing a manager's own spreadsheet: the check (a dry run) in full.

What is in the way (blocked), what would change sheet by sheet, every problem by sheet, row and
column, dates that could be read either way (with the manager's answer per column), and what was
noticed but is not imported (colours, hidden columns, words such as "booked").
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.models.counted import counted, noun_for
from carehome_desk.importing.own.mapping import DAY_FIRST, MONTH_FIRST, ColumnMap, Mapping
from carehome_desk.importing.own.tables import column_letter
from carehome_desk.importing.result import RowError, SheetCounts
from carehome_desk.ui.exports.import_dialog import PROBLEM_COLUMNS, _count_columns
from carehome_desk.ui.exports.own_import_logic import for_window
from carehome_desk.ui.widgets.record_table_model import Column, RecordTableModel
from carehome_desk.ui.widgets.style import role_label
from carehome_desk.ui.workforce.dbs_tab import small_table

if TYPE_CHECKING:
    from carehome_desk.importing.own.engine import AmbiguousDate, OwnImportResult

TODO, PROBLEMS, DATES, NOTICED = range(4)  # the tabs
UNDECIDED, AS_READ, MONTH = "undecided", "as-read", "month-first"
ORDER_CHOICES = (
    (UNDECIDED, "Not decided yet"),
    (AS_READ, "These dates are right as read (day first)"),
    (MONTH, "This column is month first"),
)


def count_columns(held_back: bool, result: OwnImportResult | None) -> list[Column[tuple[str, SheetCounts]]]:
    """The template import's counts, by register ('Goes into': Staff, DBS, Training…, not the file's sheets); a
    register's 'Not imported' that no problem row explains says where the reason is (the things to do first)."""
    columns = _count_columns(held_back)
    columns[0] = Column("Goes into", columns[0].text, header_tooltip="The app's register the rows are imported into")
    why = "see To do first" if result is not None and result.blocked and not result.errors else ""

    def failed(row: tuple[str, SheetCounts]) -> str:
        return f"{row[1].failed} ({why})" if why and row[1].failed else str(row[1].failed)

    def reason(row: tuple[str, SheetCounts]) -> str:
        return f"Not imported until the things under 'To do first' are done ({row[0]})" if why and row[1].failed \
            else ""

    columns[4] = Column(columns[4].header, failed, columns[4].sort_key, reason, align_right=True)
    return columns


def find_column(mapping: Mapping, sheet: str, column: str) -> ColumnMap | None:
    """The mapped column an engine message names: by header, by letter, or 'F 'Header''."""
    for sheet_map in mapping.sheets:
        if sheet_map.sheet != sheet:
            continue
        for col in sheet_map.columns:
            letter = column_letter(col.index)
            if column in (col.header, letter, f"{letter} '{col.header}'", f"column {letter} '{col.header}'"):
                return col
    return None


def answer(column: ColumnMap) -> str:
    if column.date_order == MONTH_FIRST:
        return MONTH
    return AS_READ if column.dates_confirmed else UNDECIDED


def apply_answer(column: ColumnMap, choice: str) -> None:
    column.date_order = MONTH_FIRST if choice == MONTH else DAY_FIRST
    column.dates_confirmed = choice != UNDECIDED


def _long(d: date) -> str:
    return f"{d.day} {d:%B %Y}" if isinstance(d, date) else str(d)


class CheckStep(QWidget):
    """The dry run's outcome; an answer about a column's dates is written into the mapping and re-checked."""

    #: A column's date order was answered: check again.
    answered = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.mapping: Mapping | None = None
        self.result: OwnImportResult | None = None
        self._dates_for: Mapping | None = None
        self._seen: dict[tuple[str, str], list[AmbiguousDate]] = {}
        self.status = role_label("Press Check to read every row without saving anything.", "hint")
        self.status.setAccessibleName("Outcome")
        self.blocked = QListWidget()
        self.blocked.setAccessibleName("To do before importing")
        self.blocked.setWordWrap(True)
        self.counts_model: RecordTableModel[tuple[str, SheetCounts]] = RecordTableModel(count_columns(True, None),
                                                                                        self)
        self.counts_table = small_table(self.counts_model, "What would change, sheet by sheet")
        self.counts_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.counts_table.horizontalHeader().setStretchLastSection(False)
        self.check_button = QPushButton("Check &again")
        self.check_button.setToolTip("Read every row again (after changing the file in Excel, say)")
        head = QHBoxLayout()
        head.addWidget(self.status, 1)
        head.addWidget(self.check_button)

        self.tabs = QTabWidget()
        self.problems_model: RecordTableModel[RowError] = RecordTableModel(PROBLEM_COLUMNS, self)
        self.problems_table = small_table(self.problems_model, "Problems found, by sheet, row and column")
        self.problems_table.setWordWrap(True)
        self.copy_button = QPushButton("Cop&y the problems")
        self.copy_button.setToolTip("Copy the list to paste into an email or a note")
        self.copy_button.clicked.connect(self._copy)
        problems = QWidget()
        problems_layout = QVBoxLayout(problems)
        problems_layout.addWidget(self.problems_table, 1)
        copy_row = QHBoxLayout()
        copy_row.addStretch(1)
        copy_row.addWidget(self.copy_button)
        problems_layout.addLayout(copy_row)

        self.dates_area = QScrollArea()
        self.dates_area.setWidgetResizable(True)
        self.dates_area.setFocusPolicy(self.dates_area.focusPolicy().NoFocus)
        self.dates_body = QWidget()
        self.dates_grid = QGridLayout(self.dates_body)
        self.dates_area.setWidget(self.dates_body)
        self.order_combos: list[QComboBox] = []

        self.noticed = QListWidget()
        self.noticed.setAccessibleName("Noticed in the file, not imported")
        self.noticed.setWordWrap(True)
        self.tabs.addTab(self.blocked, "To do first")
        self.tabs.addTab(problems, "Problems")
        self.tabs.addTab(self.dates_area, "Dates to confirm")
        self.tabs.addTab(self.noticed, "Noticed, not imported")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.counts_table)
        layout.addWidget(self.tabs, 1)
        self.show_result(None, None)

    def show_result(self, result: OwnImportResult | None, mapping: Mapping | None) -> None:
        self.result, self.mapping = result, mapping
        held_back = result is None or result.dry_run or not result.written
        self.counts_model = RecordTableModel(count_columns(held_back, result), self)
        self.counts_table.setModel(self.counts_model)
        self.counts_model.set_rows(list(result.sheets.items()) if result else [])
        for column in range(1, 5):
            self.counts_table.setColumnWidth(column, 170 if column == 4 else 110)
        rows = max(self.counts_model.rowCount(), 1)
        self.counts_table.setFixedHeight(self.counts_table.horizontalHeader().sizeHint().height()
                                         + rows * self.counts_table.verticalHeader().defaultSectionSize()
                                         + 2 * self.counts_table.frameWidth())
        errors = result.errors if result else []
        self.problems_model.set_rows(errors)
        for column, width in enumerate((120, 50, 190)):
            self.problems_table.setColumnWidth(column, width)
        if len(errors) <= 300:
            self.problems_table.resizeRowsToContents()
        self.copy_button.setEnabled(bool(errors))
        blocked = result.blocked if result else []
        self.blocked.clear()
        self.blocked.addItems([for_window(b) for b in blocked])
        self.tabs.setTabVisible(TODO, bool(blocked))
        self.noticed.clear()
        self.noticed.addItems(result.reported if result else [])
        self._fill_dates(self._remembered_dates(result.ambiguous if result else []))
        self.tabs.setTabText(TODO, f"To do first ({len(blocked)})")
        self.tabs.setTabText(PROBLEMS, f"Problems ({len(errors)})" if errors else "Problems: none")
        self.tabs.setTabText(DATES, f"Dates to confirm ({counted(len(self.order_combos), 'column')})" if self.order_combos
                             else "Dates to confirm: none")
        reported = len(result.reported) if result else 0
        self.tabs.setTabText(NOTICED, f"Noticed, not imported ({reported})" if reported else "Noticed, not imported: none")

    def _remembered_dates(self, ambiguous: list[AmbiguousDate]) -> list[AmbiguousDate]:
        """This check's doubtful dates, and those of columns already answered (the engine lists a column no
        more once answered; it stays here so the answer can be changed)."""
        if self.mapping is not self._dates_for:
            self._dates_for, self._seen = self.mapping, {}
        for key in {(i.sheet, i.column) for i in ambiguous}:
            self._seen[key] = [i for i in ambiguous if (i.sheet, i.column) == key]
        listed = {(i.sheet, i.column) for i in ambiguous}
        kept = [i for key, items in self._seen.items() if key not in listed for i in items
                if self.mapping is not None and (column := find_column(self.mapping, *key)) is not None
                and answer(column) != UNDECIDED]
        return [*ambiguous, *kept]

    def _fill_dates(self, ambiguous: list[AmbiguousDate]) -> None:
        while self.dates_grid.count():
            taken = self.dates_grid.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.order_combos = []
        by_column: dict[tuple[str, str], list[AmbiguousDate]] = defaultdict(list)
        for item in ambiguous:
            by_column[(item.sheet, item.column)].append(item)
        if not by_column:
            self.dates_grid.addWidget(role_label("No column mixes day-first and month-first dates.", "hint"), 0, 0)
            return
        row = 0
        for (sheet, column_name), items in by_column.items():
            first = items[0]
            rows = ", ".join(str(i.row) for i in items[:8]) + (" …" if len(items) > 8 else "")
            text = (f"{sheet}, column {column_name}: {counted(len(items), 'date')} could be "
                    f"read either way ({noun_for(len(items), 'row')} {rows}). '{first.text}' is read as {_long(first.read_as)}; "
                    f"month first it would be {_long(first.other)}.")
            label = role_label(text, "hint")
            combo = QComboBox()
            combo.setAccessibleName(f"Date order in {sheet}, column {column_name}")
            for key, words in ORDER_CHOICES:
                combo.addItem(words, key)
            column = find_column(self.mapping, sheet, column_name) if self.mapping else None
            combo.setProperty("sheet", sheet)
            combo.setProperty("column", column_name)
            if column is not None:
                combo.setCurrentIndex(combo.findData(answer(column)))
            combo.activated.connect(self._order_chosen)
            self.dates_grid.addWidget(label, row, 0)
            self.dates_grid.addWidget(combo, row, 1)
            self.order_combos.append(combo)
            row += 1
        self.dates_grid.setRowStretch(row, 1)
        self.dates_grid.setColumnStretch(0, 1)

    def _order_chosen(self, index: int) -> None:
        combo = self.sender()
        if not isinstance(combo, QComboBox) or self.mapping is None:
            return
        column = find_column(self.mapping, combo.property("sheet"), combo.property("column"))
        if column is not None:
            apply_answer(column, combo.itemData(index))
            self.answered.emit()

    def say_outcome(self, result: OwnImportResult) -> None:
        """What the check found, in one or two sentences."""
        if result.cancelled:
            self.say("Check stopped before the end. Nothing was written.")
        elif result.blocked:
            todo = len(result.blocked)
            self.say(f"Not ready to import: {counted(todo, 'thing')} to do first (listed below). Go "
                     "Back to the columns, or answer the question about each column's dates.", error=True)
        elif result.errors:
            problems = counted(len(result.errors), "problem")
            self.say(f"{problems} found (listed below). Nothing is saved yet. Fix them in the file and press Check "
                     "again, or import the good rows only." if result.would_change else
                     f"{problems} found, and no good rows to import. Fix them in the file and press Check again.",
                     error=True)
        else:
            self.say("Checked: nothing is saved yet. Press Import to save these records." if result.would_change
                     else "Everything in this file is already recorded: there is nothing to import.")

    def say_imported(self, result: OwnImportResult) -> None:
        """What the import wrote (or why it wrote nothing)."""
        if result.written:
            added = sum(c.added for c in result.sheets.values())
            updated = sum(c.updated for c in result.sheets.values())
            self.say(f"{for_window(result.outcome('import the good rows only'))} {added} added, {updated} updated. The mapping "
                     "is remembered for next time.")
        else:
            self.say(for_window(result.outcome("press 'Import the good rows only'")), error=bool(result.errors))

    def say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setProperty("role", "error" if error else "hint")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def _copy(self) -> None:
        if self.result is not None:
            QApplication.clipboard().setText("\n".join(str(e) for e in self.result.errors))

