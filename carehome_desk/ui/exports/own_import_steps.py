"""The first two steps of importing a manager's own spreadsheet: the file (what it is, which sheets,
a password), and a preview of its first rows with the header row marked and changeable."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.importing.own.mapping import Layout
from carehome_desk.importing.own.tables import SourceFile, Table, column_letter
from carehome_desk.models.counted import counted
from carehome_desk.models.training import Course
from carehome_desk.ui.exports.own_import_logic import LAYOUT_HINTS, PREVIEW_ROWS, cell_text
from carehome_desk.ui.widgets.style import role_label

ModelIndex = QModelIndex | QPersistentModelIndex
HEADER_TINT = QColor("#CFE6F7")  # a light tint of Okabe–Ito blue: the header row (also said in words)
HIDDEN_TINT = QColor("#E6E6E6")  # hidden columns and rows, greyed (also said in the headings)
ABOVE_TINT = QColor("#F4F4F4")


class FileStep(QWidget):
    """Step 1: choose the file, say what it is, tick the sheets, type a password if it has one."""

    #: The path line was changed and confirmed (Enter or leaving it): read the file again.
    path_entered = Signal()
    layout_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("Type or paste the file's full path, or press Choose file…")
        self.path_edit.setAccessibleName("File to import")
        self.path_edit.editingFinished.connect(self.path_entered)
        self.choose_button = QPushButton("&Choose file…")
        self.choose_button.setToolTip("Excel (.xlsx, .xlsm, .xls), LibreOffice (.ods) or .csv")
        path_label = QLabel("&File:")
        path_label.setBuddy(self.path_edit)
        file_row = QHBoxLayout()
        file_row.addWidget(path_label)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)

        self.layout_group = QButtonGroup(self)
        kinds = QVBoxLayout()
        kinds.addWidget(QLabel("What the file holds:"))
        for index, (kind, text) in enumerate(((Layout.MATRIX, "Training &matrix"), (Layout.STAFF, "&Staff list"),
                                                (Layout.INCIDENTS, "Incident &log"))):
            radio = QRadioButton(f"{text}: {LAYOUT_HINTS[kind]}")
            radio.setAccessibleName(kind.label)
            radio.setProperty("layout", kind.value)
            self.layout_group.addButton(radio, index)
            kinds.addWidget(radio)
        self.layout_group.button(0).setChecked(True)
        self.layout_group.idToggled.connect(self._layout_toggled)

        self.sheets = QListWidget()
        self.sheets.setAccessibleName("Sheets to import")
        self.sheets.setToolTip("Space ticks or unticks the sheet")
        self.sheets.setMaximumHeight(120)
        sheets_label = QLabel("S&heets to import (tick each one that holds records):")
        sheets_label.setBuddy(self.sheets)

        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName("Workbook password")
        self.password_edit.setPlaceholderText("Only if the workbook asks for one; it is not saved")
        self.password_label = QLabel("&Password:")
        self.password_label.setBuddy(self.password_edit)
        self.password_edit.editingFinished.connect(self.path_entered)
        password_row = QFormLayout()
        password_row.addRow(self.password_label, self.password_edit)

        self.notes = role_label("", "hint")
        self.notes.setAccessibleName("What reading the file found")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(file_row)
        layout.addLayout(kinds)
        layout.addWidget(sheets_label)
        layout.addWidget(self.sheets)
        layout.addLayout(password_row)
        layout.addWidget(self.notes)
        layout.addStretch(1)
        self.show_password(False)

    def chosen_layout(self) -> Layout:
        """What the manager says the file holds."""
        button = self.layout_group.checkedButton()
        return Layout(button.property("layout")) if button is not None else Layout.MATRIX

    def set_layout(self, layout: Layout) -> None:
        for button in self.layout_group.buttons():
            if button.property("layout") == layout.value:
                button.setChecked(True)

    def guess(self, source: SourceFile, courses: Sequence[Course]) -> str:
        """Choose what the file holds from its headers (the manager can still change it); the sentence saying so."""
        from carehome_desk.importing.own.engine import guess_layout

        guessed = guess_layout(source, courses)
        if guessed is None:
            return ""
        self.layout_group.blockSignals(True)
        self.set_layout(guessed)
        self.layout_group.blockSignals(False)
        return f"Looks like {'an' if guessed is Layout.INCIDENTS else 'a'} {guessed.label.lower()} — change it if not."

    def say(self, text: str, source: SourceFile | None, *, error: bool = False) -> None:
        """A sentence about the file, and below it what reading found (a .csv's encoding and separator)."""
        found = [*source.notes, *(n for t in source.tables for n in t.notes)] if source else []
        self.notes.setText("\n".join([text, *found]))
        self.notes.setProperty("role", "error" if error else "hint")
        self.notes.style().unpolish(self.notes)
        self.notes.style().polish(self.notes)

    def show_password(self, shown: bool) -> None:
        self.password_label.setVisible(shown)
        self.password_edit.setVisible(shown)

    def show_sheets(self, source: SourceFile | None, ticked: set[str], header_rows: dict[str, int] | None = None) -> None:
        """List the file's sheets, ticking ``ticked``, each with its rows below the header row found (a hidden
        sheet says so)."""
        from carehome_desk.importing.own.sheet import data_rows

        self.sheets.clear()
        for table in source.tables if source else []:
            below = sum(1 for _ in data_rows(table, (header_rows or {}).get(table.sheet, 1)))
            text = f"{table.sheet} ({counted(below, 'row')} below the header row"
            text += ", hidden in the file)" if table.hidden_sheet else ")"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, table.sheet)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if table.sheet in ticked else Qt.CheckState.Unchecked)
            self.sheets.addItem(item)
        if self.sheets.count():
            self.sheets.setCurrentRow(0)

    def ticked(self) -> list[str]:
        """The sheets ticked, in the file's order."""
        return [self.sheets.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.sheets.count())
                if self.sheets.item(i).checkState() == Qt.CheckState.Checked]

    def _layout_toggled(self, _id: int, on: bool) -> None:
        if on:
            self.layout_changed.emit()


class PreviewModel(QAbstractTableModel):
    """The first rows of a sheet exactly as in the file: spreadsheet row numbers and column letters."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.table: Table | None = None
        self.header_row = 1
        self._rows = 0

    def show(self, table: Table | None, header_row: int) -> None:
        self.beginResetModel()
        self.table, self.header_row = table, header_row
        self._rows = min(len(table.rows), max(PREVIEW_ROWS, header_row + 5)) if table else 0
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.table is None else self.table.width

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        table = self.table
        if table is None or not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell_text(table.cell(row, col))
        if role == Qt.ItemDataRole.BackgroundRole:
            if row == self.header_row - 1:
                return HEADER_TINT
            if col in table.hidden_columns or row in table.hidden_rows:
                return HIDDEN_TINT
            fill = table.fills.get((row, col))
            if fill:  # the file's own colour, as the manager sees it there (reported, never imported)
                return QColor(f"#{fill}")
            return ABOVE_TINT if row < self.header_row - 1 else None
        if role == Qt.ItemDataRole.FontRole and row == self.header_row - 1:
            bold = QFont()
            bold.setBold(True)
            return bold
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        table = self.table
        if role != Qt.ItemDataRole.DisplayRole or table is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return column_letter(section) + (" (hidden)" if section in table.hidden_columns else "")
        words = []
        if section == self.header_row - 1:
            words.append("header")
        elif section < self.header_row - 1:
            words.append("above the headings")  # a title, a blank or a group heading: all left out alike
        if section in table.hidden_rows:
            words.append("hidden")
        return f"{section + 1}" + (f" ({', '.join(words)})" if words else "")


class PreviewStep(QWidget):
    """Step 2: the first rows, and the header row (found by the app, changeable)."""

    header_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.header_spin = QSpinBox()
        self.header_spin.setRange(1, 30)
        self.header_spin.setAccessibleName("Header row")
        self.header_spin.setToolTip("The row that names the columns; the rows above it are left out")
        header_label = QLabel("&Header row:")
        header_label.setBuddy(self.header_spin)
        self.header_hint = role_label("", "hint")
        head = QHBoxLayout()
        head.addWidget(header_label)
        head.addWidget(self.header_spin)
        head.addWidget(self.header_hint, 1)
        self.model = PreviewModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("The first rows of the sheet, as in the file")
        self.view.setTabKeyNavigation(False)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setDefaultSectionSize(110)
        self.view.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.header_spin.valueChanged.connect(self.header_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.view, 1)
        layout.addWidget(role_label("The header row is shaded blue and marked 'header'; rows above it (titles, "
                                    "group headings) are left out. Hidden columns and rows are shaded grey; other "
                                    "colours are the file's own (reported on the last step, not imported).", "hint"))

    def show_table(self, table: Table | None, header_row: int, found_row: int | None) -> None:
        self.header_spin.blockSignals(True)
        self.header_spin.setMaximum(max(1, min(30, len(table.rows) if table else 1)))
        self.header_spin.setValue(header_row)
        self.header_spin.blockSignals(False)
        self.model.show(table, header_row)
        self.view.clearSpans()
        for merged in table.merged if table else []:  # a title over several columns spans them, as in the file
            if merged.first_row < self.model.rowCount() and (merged.last_row > merged.first_row
                                                           or merged.last_col > merged.first_col):
                self.view.setSpan(merged.first_row, merged.first_col, merged.last_row - merged.first_row + 1,
                                  merged.last_col - merged.first_col + 1)
        self.view.resizeColumnsToContents()
        for col in range(self.model.columnCount()):
            self.view.setColumnWidth(col, max(70, min(self.view.columnWidth(col), 180)))
        if table is None:
            self.header_hint.setText("")
        elif found_row is not None and header_row == found_row:
            self.header_hint.setText(f"Found on row {found_row}. Change it if the column names are on another row.")
        else:
            self.header_hint.setText(f"You chose row {header_row}"
                                     + (f" (the app found row {found_row})." if found_row else "."))
