"""Step 3 of importing a manager's own spreadsheet: every column of the sheet and what it imports as.

One row per column (letter, header as in the file, sample values, what the cells look like, what
it imports as, whether that is confirmed). The selected column is changed below the list with
ordinary keyboard controls; Space or Enter on a row confirms a guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.models.counted import counted
from carehome_desk.importing.own.mapping import (
    COMPLETED,
    COURSE,
    EXPIRY,
    IGNORE,
    NEW_COURSE,
    ColumnMap,
    Layout,
    TICK_DEFAULTS,
    Mapping,
    SheetMap,
)
from carehome_desk.importing.own.suggest import NEW_COURSE_MONTHS
from carehome_desk.importing.own.tables import Table, column_letter
from carehome_desk.importing.own.targets import NOT_KEPT
from carehome_desk.importing.sheet_spec import Kind
from carehome_desk.ui.exports.own_import_logic import (
    ADD_COURSE,
    choice_key,
    choices,
    column_state,
    missing_required,
    samples,
    set_new_course,
    target_label,
)
from carehome_desk.ui.widgets.record_table_model import Column, RecordTableModel
from carehome_desk.ui.widgets.style import role_label
from carehome_desk.ui.workforce.dbs_tab import small_table

if TYPE_CHECKING:
    from carehome_desk.importing.own.engine import Target

_CONFIRM_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)
_EXAMPLES = {Kind.TICK: " (yes or no)", Kind.DATE: " (DD/MM/YYYY)", Kind.CHOICE: " (as the file would write it)"}
GUESS_TINT = "#F6D98A"  # a light orange (Okabe–Ito family) behind the words "Guess: …"


class _ConfirmKeys(QObject):
    """Space or Enter on a row of the column list confirms that column's guess (Enter never closes the step)."""

    def __init__(self, step: ColumnsStep):
        super().__init__(step)
        self.step = step

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in _CONFIRM_KEYS \
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            self.step.confirm_current()
            return True
        return False


class ColumnsStep(QWidget):
    """The columns of one sheet and their targets; edits the Mapping in place and says so."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.mapping: Mapping | None = None
        self.table: Table | None = None
        self.kinds: list[str] = []
        self.fields: Sequence[Target] = []  # the engine's Targets for this layout
        self.sheet = ""
        self.asked: set[str] = set()  # fields the last check asked a value for every row for
        self._filling = False

        self.model: RecordTableModel[ColumnMap] = RecordTableModel(self._columns(), self)
        self.view = small_table(self.model, "Columns in the file and what each imports as")
        self.view.installEventFilter(_ConfirmKeys(self))
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        list_label = QLabel("&Columns in the file (Space or Enter confirms a guess):")
        list_label.setBuddy(self.view)

        self.target_combo = QComboBox()
        self.target_combo.setAccessibleName("Imports as")
        self.target_combo.setMaxVisibleItems(20)
        self.target_combo.activated.connect(self._target_chosen)
        self.cells_combo = QComboBox()
        self.cells_combo.setAccessibleName("Cells hold")
        self.cells_combo.addItem("Completion dates (the day the course was done)", COMPLETED)
        self.cells_combo.addItem("Expiry dates (worked back from the renewal interval)", EXPIRY)
        self.cells_combo.activated.connect(self._cells_chosen)
        self.course_name = QLineEdit()
        self.course_name.setAccessibleName("New course name")
        self.course_name.editingFinished.connect(self._new_course_edited)
        self.renewal = QSpinBox()
        self.renewal.setRange(0, 120)
        self.renewal.setSuffix(" months")
        self.renewal.setSpecialValueText("Never (done once)")
        self.renewal.setAccessibleName("Renewal interval of the new course")
        self.renewal.editingFinished.connect(self._new_course_edited)
        self.confirm_button = QPushButton("C&onfirm this column")
        self.confirm_button.setToolTip("The guess is right: import the column as shown")
        self.confirm_button.clicked.connect(self.confirm_current)

        form = QFormLayout()
        self.target_label = QLabel("Imports &as:")
        self.target_label.setBuddy(self.target_combo)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_combo, 1)
        target_row.addWidget(self.confirm_button)
        form.addRow(self.target_label, target_row)
        self.cells_label = QLabel("Cells &hold:")
        self.cells_label.setBuddy(self.cells_combo)
        form.addRow(self.cells_label, self.cells_combo)
        self.name_label = QLabel("Course na&me:")
        self.name_label.setBuddy(self.course_name)
        self.renewal_label = QLabel("&Renewal:")
        self.renewal_label.setBuddy(self.renewal)
        new_row = QHBoxLayout()
        new_row.addWidget(self.course_name, 2)
        new_row.addWidget(self.renewal_label)
        new_row.addWidget(self.renewal, 1)
        form.addRow(self.name_label, new_row)
        self.selected = role_label("", "hint")
        self.selected.setAccessibleName("The selected column")

        self.defaults_box = QWidget()
        self.defaults_form = QFormLayout(self.defaults_box)
        self.defaults_form.setContentsMargins(0, 0, 0, 0)
        self.default_edits: dict[str, QLineEdit | QComboBox] = {}
        self.summary = role_label("", "hint")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(list_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.selected)
        layout.addLayout(form)
        layout.addWidget(self.defaults_box)
        layout.addWidget(self.summary)

    def _columns(self) -> list[Column[ColumnMap]]:
        def kind(c: ColumnMap) -> str:
            return self.kinds[c.index] if 0 <= c.index < len(self.kinds) else ""

        def state(c: ColumnMap) -> str:
            return column_state(c, self.table)

        def imports_as(c: ColumnMap) -> str:
            text = target_label(c, self.fields)
            return text + (" (expiry dates)" if c.cells == EXPIRY and c.target.startswith((COURSE, NEW_COURSE)) else "")

        return [  # what the manager must read first on the left; the samples stretch on the right
            Column("Column", lambda c: column_letter(c.index)),
            Column("Header in the file", lambda c: c.header or "(no header)", tooltip=lambda c: c.header),
            Column("Imports as", imports_as, tooltip=imports_as),
            Column("Checked", state, background=lambda c: GUESS_TINT if not c.confirmed else None),
            Column("Looks like", kind),
            Column("Sample values", lambda c: samples(self.table, self._header_row(), c.index) if self.table else "",
                   tooltip=lambda c: samples(self.table, self._header_row(), c.index, 8) if self.table else ""),
        ]

    def _header_row(self) -> int:
        sheet = self._sheet_map()
        return sheet.header_row if sheet else 1

    def _sheet_map(self) -> SheetMap | None:
        if self.mapping is None:
            return None
        return next((s for s in self.mapping.sheets if s.sheet == self.sheet), None)

    # ---- filling ---------------------------------------------------------------------------

    def show_sheet(self, mapping: Mapping, table: Table, kinds: list[str], fields: Sequence[Target]) -> None:
        """Show one sheet's columns; edits go straight into ``mapping``."""
        self.mapping, self.table, self.kinds, self.fields, self.sheet = mapping, table, kinds, fields, table.sheet
        self._fill_choices(mapping.layout)
        sheet = self._sheet_map()
        self.model.set_rows(sheet.columns if sheet else [])
        widths = (58, 180, 230, 200, 110)
        for col, width in enumerate(widths):
            self.view.setColumnWidth(col, width)
        if self.model.rowCount():
            first_guess = next((r for r in range(self.model.rowCount()) if not self.model.record(r).confirmed), 0)
            self.view.selectRow(first_guess)
        self._row_changed()
        self._refresh_defaults()

    def _fill_choices(self, layout: Layout) -> None:
        model = QStandardItemModel(self.target_combo)
        for choice in choices(layout, self.fields):
            item = QStandardItem(choice.label)
            item.setData(choice.key, Qt.ItemDataRole.UserRole)
            if choice.heading:
                item.setFlags(Qt.ItemFlag.NoItemFlags)  # a group heading: the arrow keys pass over it
            model.appendRow(item)
        self._filling = True
        self.target_combo.setModel(model)
        self._filling = False

    def current(self) -> ColumnMap | None:
        row = self.view.currentIndex().row()
        return self.model.record(row) if 0 <= row < self.model.rowCount() else None

    def _row_changed(self, *_args: object) -> None:
        column = self.current()
        has = column is not None
        for widget in (self.target_combo, self.confirm_button):
            widget.setEnabled(has)
        if column is None:
            self.selected.setText("")
            self._show_course_fields(None)
            return
        self._filling = True
        index = self.target_combo.findData(choice_key(column), Qt.ItemDataRole.UserRole)
        self.target_combo.setCurrentIndex(max(index, 0))
        self.cells_combo.setCurrentIndex(self.cells_combo.findData(column.cells))
        self._filling = False
        hidden = self.table is not None and column.index in self.table.hidden_columns
        header = f"'{column.header}'" if column.header else "(no header)"
        words = f"Column {column_letter(column.index)} {header}"
        if hidden:
            words += " is hidden in the file"
        if not column.confirmed:
            words += f": the app guessed {target_label(column, self.fields)}. Press Space on the row or Confirm if right, " \
                     "or choose another below."
        self.selected.setText(words + ("" if words.endswith(".") else "."))
        self.confirm_button.setEnabled(not column.confirmed)
        self._show_course_fields(column)

    def _show_course_fields(self, column: ColumnMap | None) -> None:
        course = column is not None and column.target.startswith((COURSE, NEW_COURSE))
        new = column is not None and column.target.startswith(NEW_COURSE)
        self.cells_label.setVisible(course)
        self.cells_combo.setVisible(course)
        for widget in (self.name_label, self.course_name, self.renewal_label, self.renewal):
            widget.setVisible(new)
        if new and column is not None and self.mapping is not None:
            name = column.target[len(NEW_COURSE):]
            self.course_name.setText(name)
            self.renewal.setValue(self.mapping.new_courses.get(name) or 0)

    def _refresh_defaults(self) -> None:
        """A line for each needed field no column fills (a role for everyone, say)."""
        if self.mapping is None:
            return
        needed = missing_required(self.mapping, self.fields, self.asked)
        if [t.key for t in needed] != list(self.default_edits):
            while self.defaults_form.rowCount():
                self.defaults_form.removeRow(0)
            self.default_edits = {}
            for target in needed:
                edit = (self._tick_choice(target) if target.kind is Kind.TICK
                        else self._default_line(target, self.mapping.defaults.get(target.key, "")))
                edit.setAccessibleName(f"{target.label} for every row")
                edit.setProperty("key", target.key)
                self.defaults_form.addRow(f"{target.label} for every row:", edit)
                edit.show()  # added to a shown form: shown now, not after the next event loop turn
                self.default_edits[target.key] = edit
        self.defaults_box.setVisible(bool(needed))
        self._say_summary()

    def _default_line(self, target: Target, value: str) -> QLineEdit:
        edit = QLineEdit(value)
        edit.setPlaceholderText(f"The file has no {target.label} column: type one value for every row"
                                + _EXAMPLES.get(target.kind, ""))
        edit.editingFinished.connect(self._default_edited)
        return edit

    def _tick_choice(self, target: Target) -> QComboBox:
        """Yes / No / Not recorded for a yes/no field: nothing else means anything for every row."""
        assert self.mapping is not None
        combo = QComboBox()
        combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)  # a short answer: its own width
        combo.addItem("Choose…", "")
        for value in TICK_DEFAULTS:
            combo.addItem(value.capitalize(), value)
        combo.setToolTip(f"The file has no {target.label} column: one answer for every row. Not recorded leaves "
                         "it blank, and each row that needs it says so.")
        current = " ".join(self.mapping.defaults.get(target.key, "").lower().split())
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.currentIndexChanged.connect(self._default_edited)
        return combo

    def _say_summary(self) -> None:
        if self.mapping is None:
            return
        guesses = sum(1 for s in self.mapping.sheets for c in s.columns if not c.confirmed)
        used = sum(1 for s in self.mapping.sheets for c in s.columns if c.target not in NOT_KEPT | {IGNORE})
        unkept = [c.header or column_letter(c.index) for s in self.mapping.sheets for c in s.columns
                  if c.target in NOT_KEPT]
        text = f"{counted(used, 'column')} will be imported."
        if unkept:
            text += f" Not kept by the app: {', '.join(unkept)}."
        if guesses:
            text += f" {counted(guesses, 'guess')} to confirm (marked 'Guess')."
        self.summary.setText(text)
        self.summary.setProperty("role", "error" if guesses else "hint")
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)

    # ---- what the manager does -------------------------------------------------------------

    def confirm_current(self) -> None:
        column = self.current()
        if column is not None and not column.confirmed:
            column.confirmed = True
            self._updated()

    def choose(self, key: str) -> None:
        """Send the selected column to a field, a course, a new course (ADD_COURSE) or IGNORE."""
        column = self.current()
        if column is None or self.mapping is None:
            return
        if key == ADD_COURSE:
            if not column.target.startswith(NEW_COURSE):
                name = column.header or f"Column {column_letter(column.index)}"
                set_new_course(column, self.mapping, name, self.mapping.new_courses.get(name, NEW_COURSE_MONTHS))
        else:
            old = column.target
            column.target, column.confirmed = key, True
            if old.startswith(NEW_COURSE) and not any(
                    c.target == old for s in self.mapping.sheets for c in s.columns):
                self.mapping.new_courses.pop(old[len(NEW_COURSE):], None)
        self._updated()

    def _target_chosen(self, index: int) -> None:
        if not self._filling:
            self.choose(self.target_combo.itemData(index, Qt.ItemDataRole.UserRole))

    def _cells_chosen(self, index: int) -> None:
        column = self.current()
        if column is not None and not self._filling:
            column.cells = self.cells_combo.itemData(index)
            self._updated()

    def _new_course_edited(self) -> None:
        column = self.current()
        name = self.course_name.text().strip()
        if column is None or self.mapping is None or not column.target.startswith(NEW_COURSE) or not name:
            return
        months = self.renewal.value() or None
        if column.target != NEW_COURSE + name or self.mapping.new_courses.get(name) != months:
            set_new_course(column, self.mapping, name, months)
            self._updated()

    def _default_edited(self, *_args: object) -> None:
        edit = self.sender()
        if self.mapping is None or not isinstance(edit, QLineEdit | QComboBox):
            return
        key = edit.property("key")
        text = edit.text().strip() if isinstance(edit, QLineEdit) else str(edit.currentData() or "")
        if text:
            self.mapping.defaults[key] = text
        else:
            self.mapping.defaults.pop(key, None)
        self.changed.emit()

    def _updated(self) -> None:
        row = self.view.currentIndex().row()
        self.model.dataChanged.emit(self.model.index(0, 0),
                                    self.model.index(self.model.rowCount() - 1, self.model.columnCount() - 1))
        if row >= 0:
            self.view.selectRow(row)
        self._row_changed()
        self._refresh_defaults()
        self.changed.emit()

