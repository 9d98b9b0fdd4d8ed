"""File → Import from my own spreadsheet: a training matrix, staff list or incident log in the
manager's own layout, mapped onto the app's records in four steps.

1. the file, what it holds, which sheets (and a password if it has one);
2. a preview of the first rows with the header row found, and changeable;
3. every column and what it imports as (guesses confirmed, new courses added, defaults typed);
4. the check: a dry run listing every problem by row and column; then Import, in one transaction.

The mapping is remembered for the file's layout, so next month's file opens straight on the check
("Mapped as last time"). Reading, checking and importing run off the GUI thread through the JobRunner.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.importing.own.mapping import Layout, Mapping, SheetMap
from carehome_desk.importing.own.tables import SourceFile, Table
from carehome_desk.importing.result import ImportFileError, WorkbookProtected
from carehome_desk.models.ids import HomeId
from carehome_desk.progress import Progress
from carehome_desk.store import Store, StoreError
from carehome_desk.ui.exports.own_import_check import DATES, NOTICED, PROBLEMS, TODO, CheckStep
from carehome_desk.ui.exports.own_import_columns import ColumnsStep
from carehome_desk.ui.exports.own_import_logic import defaults_asked
from carehome_desk.ui.exports.own_import_session import Session, plain_sentence, read_file, run_import
from carehome_desk.ui.exports.own_import_steps import FileStep, PreviewStep
from carehome_desk.ui.widgets.error_dialog import show_unexpected_error
from carehome_desk.ui.widgets.runner import JobOutcome, JobRunner
from carehome_desk.ui.widgets.style import heading, role_label

FILE, PREVIEW, COLUMNS, CHECK = range(4)
STEP_TITLES = ("1. The file", "2. Header row", "3. Columns", "4. Check and import")
FILE_FILTER = "Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv);;All files (*)"


class OwnImportDialog(QDialog):
    """Map a manager's own spreadsheet onto the app's records, check it, and import it."""

    #: Emitted with the store's Changes after an import wrote something.
    changed = Signal(object)

    def __init__(self, store: Store, home_id: HomeId | None, parent: QWidget | None = None,
                 layout: Layout = Layout.MATRIX):
        super().__init__(parent)
        self.setWindowTitle("Import from my own spreadsheet")
        self.store, self.home_id = store, home_id
        self.source: SourceFile | None = None
        self.loaded: tuple[str, str] | None = None  # (path, password) the source was read with
        self.guessed = ""  # 'Looks like a staff list…' when the file's headers chose what it holds
        self.session: Session | None = None
        self.mapping: Mapping | None = None  # the session's, while a file is open
        self.result: Any = None  # the last OwnImportResult
        self._advance = False  # Next was pressed while the file was being read
        self.courses = store.workforce.courses()
        self.runner = JobRunner(self)
        self.runner.finished.connect(self._finished)
        self._after: Callable[[JobOutcome], None] = lambda _outcome: None

        home = store.homes.get(home_id) if home_id is not None else None
        self.title = heading(STEP_TITLES[FILE], size_delta=4)
        into = f"Into {home.name} ({home.urn}). " if home else ""
        self.intro = role_label(into + "Nothing is saved until you press Import on the last step.", "hint")
        self.banner = role_label("", "banner")
        self.banner.setAccessibleName("Mapping")
        self.banner.hide()

        self.sheet_combo = QComboBox()
        self.sheet_combo.setAccessibleName("Sheet shown")
        self.sheet_label = QLabel("Shee&t:")
        self.sheet_label.setBuddy(self.sheet_combo)
        self.sheet_combo.activated.connect(self._sheet_shown)
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.sheet_label)
        sheet_row.addWidget(self.sheet_combo)
        sheet_row.addStretch(1)

        self.file_step = FileStep()
        self.file_step.set_layout(layout)
        self.preview_step = PreviewStep()
        self.columns_step = ColumnsStep()
        self.check_step = CheckStep()
        self.stack = QStackedWidget()
        for step in (self.file_step, self.preview_step, self.columns_step, self.check_step):
            self.stack.addWidget(step)
        self.file_step.choose_button.clicked.connect(self.choose_file)
        self.file_step.path_entered.connect(self._path_entered)
        self.file_step.path_edit.textChanged.connect(self._update_buttons)
        self.file_step.layout_changed.connect(self._layout_changed)
        self.file_step.sheets.itemChanged.connect(self._sheets_ticked)
        self.preview_step.header_changed.connect(self._header_changed)
        self.columns_step.changed.connect(self._mapping_edited)
        self.check_step.answered.connect(self.check)
        self.check_step.check_button.clicked.connect(self.check_again)

        self.back_button = QPushButton("< &Back")
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton("&Next >")
        self.next_button.clicked.connect(self.next)
        self.import_button = QPushButton("&Import")
        self.import_button.setToolTip("Save every row in one go")
        self.import_button.clicked.connect(self._import_all)
        self.good_rows_button = QPushButton("Import the good ro&ws only")
        self.good_rows_button.setToolTip("Save every row without a problem; the rows listed are left out")
        self.good_rows_button.clicked.connect(self._import_good_rows)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.good_rows_button, self.import_button,
                       self.close_button):
            buttons.addWidget(button)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter goes on (or imports), never re-opens the file picker

        layout_ = QVBoxLayout(self)
        layout_.addWidget(self.title)
        layout_.addWidget(self.intro)
        layout_.addWidget(self.banner)
        layout_.addLayout(sheet_row)
        layout_.addWidget(self.stack, 1)
        layout_.addLayout(buttons)
        self.stack.currentChanged.connect(self._step_shown)
        self._fit_screen()
        self._step_shown(FILE)
        self.file_step.path_edit.setFocus()
        if home is None:
            self._say("Set up your home first (File → Set up my own home…): records are imported into a home.",
                      error=True)
            self.file_step.choose_button.setEnabled(False)
            self.file_step.path_edit.setEnabled(False)

    def _fit_screen(self) -> None:
        """1100×720 where there is room; smaller on a 1366×768 laptop at 150% (910×512 to work in)."""
        self.setMinimumSize(780, 480)
        room = self.screen().availableGeometry()
        self.resize(max(min(1100, room.width() - 40), 780), max(min(720, room.height() - 60), 480))

    # ---- step 1: the file ------------------------------------------------------------------

    def choose_file(self) -> None:
        """The system's file picker; the file chosen is read at once."""
        from PySide6.QtWidgets import QFileDialog

        current = self.file_step.path_edit.text().strip()
        start = str(Path(current).parent) if current else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "Choose your spreadsheet", start, FILE_FILTER)
        if name:
            self.set_path(Path(name))

    def set_path(self, path: Path) -> None:
        """Read a file as if its path had been typed (the file picker's stand-in for tests and scripts)."""
        self.file_step.path_edit.setText(str(path))
        self.file_step.password_edit.clear()
        self._path_entered()

    def _path_entered(self) -> None:
        path = self.file_step.path_edit.text().strip().strip('"')
        password = self.file_step.password_edit.text()
        if not path or (path, password) == self.loaded or self.runner.is_running():
            return
        self.loaded = (path, password)
        self._say(f"Reading {Path(path).name}…")
        self._start(f"Reading {Path(path).name}", lambda _progress: read_file(Path(path), password or None), self._read)

    def _read(self, outcome: JobOutcome) -> None:
        source: SourceFile = outcome.result
        self.file_step.show_password(bool(self.file_step.password_edit.text()))
        if not any(t.rows for t in source.tables):
            self._unreadable(f"{source.path.name} has no rows to import: nothing was written.")
            return
        self.source = source
        self.guessed = self.file_step.guess(source, self.store.workforce.courses())
        self._map_afresh()
        advance, self._advance = self._advance, False
        if self.session is not None and self.session.remembered_note:  # next month's file: straight to the check
            if self.stack.currentIndex() == CHECK:
                self._step_shown(CHECK)
            self.stack.setCurrentIndex(CHECK)
        elif advance:
            self.next()

    def _unreadable(self, sentence: str) -> None:
        self.source, self.session, self.mapping, self.result = None, None, None, None
        self.file_step.show_sheets(None, set())
        self.banner.hide()
        self._say(sentence, error=True)
        self._update_buttons()

    def _map_afresh(self) -> None:
        """The remembered mapping for this layout, or the app's suggestion."""
        if self.source is None:
            return
        self.courses = self.store.workforce.courses()  # with any course an import here has just added
        session = Session.start(self.store, self.source, self.file_step.chosen_layout(), self.courses,
                                self.home_id)
        self.session, self.mapping = session, session.mapping
        self.result, self.columns_step.asked = None, set()
        self.file_step.sheets.blockSignals(True)
        self.file_step.show_sheets(self.source, session.ticked, session.found_rows)
        self.file_step.sheets.blockSignals(False)
        self._sheets_ticked()
        self.banner.setText(session.remembered_note)
        self.banner.setVisible(bool(session.remembered_note))
        guessed = f" {self.guessed}" if self.guessed else ""
        self._say(session.remembered_note or f"Read {self.source.path.name}.{guessed} Tick the sheets to import, "
                  "then press Next.")

    def _table(self, sheet: str) -> Table:
        assert self.session is not None
        return self.session.table(sheet)

    def _sheets_ticked(self, *_args: object) -> None:
        if self.session is None:
            return
        self.session.tick(self.file_step.ticked())
        current = self.sheet_combo.currentText()
        self.sheet_combo.clear()
        self.sheet_combo.addItems([s.sheet for s in self.session.mapping.sheets])
        self.sheet_combo.setCurrentIndex(max(self.sheet_combo.findText(current), 0))
        self._mapping_edited()

    def _layout_changed(self) -> None:
        self.guessed = ""  # the manager has said what the file holds
        if self.source is not None:
            self._map_afresh()

    # ---- steps 2 and 3: the sheet shown --------------------------------------------------

    def shown_sheet(self) -> SheetMap | None:
        if self.mapping is None:
            return None
        name = self.sheet_combo.currentText()
        return next((s for s in self.mapping.sheets if s.sheet == name), None)

    def _sheet_shown(self, *_args: object) -> None:
        sheet = self.shown_sheet()
        table = self._table(sheet.sheet) if sheet else None
        found = self.session.found_rows.get(sheet.sheet) if sheet and self.session else None
        if self.stack.currentIndex() == PREVIEW:
            self.preview_step.show_table(table, sheet.header_row if sheet else 1, found)
        elif self.stack.currentIndex() == COLUMNS and sheet is not None and table is not None \
                and self.mapping is not None:
            from carehome_desk.importing.own.engine import column_kinds

            self.columns_step.show_sheet(self.mapping, table, column_kinds(table, sheet.header_row),
                                        self.session.fields if self.session else [])

    def _header_changed(self, row: int) -> None:
        sheet = self.shown_sheet()
        if sheet is None or self.session is None:
            return
        self.session.set_header_row(sheet.sheet, row)
        self.preview_step.show_table(self._table(sheet.sheet), row, self.session.found_rows.get(sheet.sheet))
        self._mapping_edited()

    def _mapping_edited(self) -> None:
        """Any change to the mapping makes the last check out of date."""
        if self.result is not None:
            self.result = None
            self.check_step.show_result(None, self.mapping)
            self.check_step.say("The mapping changed since the last check: it runs again on the next step.")
        self._update_buttons()

    # ---- moving between steps --------------------------------------------------------------

    def next(self) -> None:
        step = self.stack.currentIndex()
        if step == FILE:
            self._path_entered()
            if self.runner.is_running():
                self._advance = True
                return
            if self.mapping is None or not self.mapping.sheets:
                if self.mapping is not None:
                    self._say("Tick at least one sheet to import.", error=True)
                return
        if step < CHECK:
            self.stack.setCurrentIndex(step + 1)

    def back(self) -> None:
        if self.stack.currentIndex() > FILE and not self.runner.is_running():
            self.stack.setCurrentIndex(self.stack.currentIndex() - 1)

    def _step_shown(self, step: int) -> None:
        self.title.setText(STEP_TITLES[step])
        several = self.mapping is not None and len(self.mapping.sheets) > 1
        self.sheet_label.setVisible(step in (PREVIEW, COLUMNS) and several)
        self.sheet_combo.setVisible(step in (PREVIEW, COLUMNS) and several)
        if step in (PREVIEW, COLUMNS):
            self._sheet_shown()
        self._update_buttons()  # shown first: a hidden button does not stay the default
        (self.next_button if step == CHECK else self.import_button).setDefault(False)
        (self.import_button if step == CHECK else self.next_button).setDefault(True)
        focus = {FILE: self.file_step.path_edit, PREVIEW: self.preview_step.header_spin,
                 COLUMNS: self.columns_step.view, CHECK: self.check_step.check_button}[step]
        focus.setFocus()
        if step == CHECK and self.mapping is not None and self.result is None and not self.runner.is_running():
            self.check()

    def _update_buttons(self) -> None:
        step = self.stack.currentIndex()
        result = self.result
        ready = (result is not None and result.dry_run and not result.cancelled and not result.blocked
                 and result.would_change)
        self.back_button.setEnabled(step > FILE)
        self.next_button.setVisible(step < CHECK)
        self.next_button.setEnabled(bool(self.file_step.path_edit.text().strip()) if step == FILE else True)
        self.import_button.setVisible(step == CHECK)
        self.import_button.setEnabled(bool(ready and not result.errors))
        self.good_rows_button.setVisible(step == CHECK and bool(result is not None and result.errors))
        self.good_rows_button.setEnabled(bool(ready and result.errors))

    # ---- step 4: check and import ----------------------------------------------------------

    def check(self) -> None:
        """A dry run of the whole import: nothing is written."""
        self._engine("Checking", self._checked, dry_run=True)

    def run_import(self, *, skip_bad_rows: bool) -> None:
        """Import in one transaction; then remember the mapping for this layout."""
        self._engine("Importing", self._imported, skip_bad_rows=skip_bad_rows)

    def _engine(self, doing: str, after: Callable[[JobOutcome], None], **options: bool) -> None:
        if self.source is None or self.mapping is None or self.home_id is None or self.runner.is_running():
            return
        source, mapping, home_id = self.source, self.mapping, self.home_id
        self.check_step.say(f"{doing} {source.path.name}…")
        self._start(f"{doing} {source.path.name}", lambda progress: run_import(
            self.store, home_id, source, mapping, progress, **options), after)

    def check_again(self) -> None:
        """Read the file again (changed in Excel since, say), then check it with the same mapping."""
        if self.loaded is None or self.runner.is_running():
            return
        path, password = Path(self.loaded[0]), self.loaded[1] or None
        self._start(f"Reading {path.name}", lambda _progress: read_file(path, password), self._read_again)

    def _read_again(self, outcome: JobOutcome) -> None:
        source: SourceFile = outcome.result
        if self.session is None or self.mapping is None or not {s.sheet for s in self.mapping.sheets} <= {
                t.sheet for t in source.tables}:
            self._read(outcome)  # its sheets are not what they were: map it afresh
            return
        self.source = self.session.source = source
        self.result = None
        self.check()

    def _import_all(self) -> None:
        self.run_import(skip_bad_rows=False)

    def _import_good_rows(self) -> None:
        self.run_import(skip_bad_rows=True)

    def _checked(self, outcome: JobOutcome) -> None:
        result = outcome.result
        self.result = result
        self.check_step.show_result(result, self.mapping)
        self._update_buttons()
        self.check_step.say_outcome(result)
        self.columns_step.asked = defaults_asked(result.blocked)  # offered on the Columns step from now on
        if self.import_button.isEnabled():
            self.import_button.setFocus()
        elif result.ambiguous and result.blocked:
            self.check_step.tabs.setCurrentIndex(DATES)  # the dates to answer first
            if self.check_step.order_combos:
                self.check_step.order_combos[0].setFocus()
        else:
            self.check_step.tabs.setCurrentIndex(TODO if result.blocked else PROBLEMS if result.errors
                                                 else NOTICED if result.reported else PROBLEMS)

    def _imported(self, outcome: JobOutcome) -> None:
        result, remembered = outcome.result
        self.result = result
        self.check_step.show_result(result, self.mapping)
        self.check_step.say_imported(result)
        self._update_buttons()  # a written result is no check: nothing more to import from it
        if result.written:
            self.changed.emit(result.changes | remembered)
            self.close_button.setFocus()

    # ---- running jobs ----------------------------------------------------------------------

    def _start(self, title: str, job: Callable[[Progress], Any], after: Callable[[JobOutcome], None]) -> None:
        self._after = after
        self._set_busy(True)
        self.runner.start(title, job)

    def _finished(self, outcome: JobOutcome) -> None:
        self._set_busy(False)
        error = outcome.error
        name = Path(self.loaded[0]).name if self.loaded else "The file"
        if isinstance(error, WorkbookProtected):
            self._unreadable(f"That password does not open {name}: type it again and press Enter."
                             if error.wrong_password else
                             f"{name} is protected with a password: type it below and press Enter.")
            self.file_step.show_password(True)
            self.file_step.password_edit.setFocus()
            return
        if isinstance(error, (ImportFileError, StoreError, OSError, ValueError)):
            if self.stack.currentIndex() == FILE or self.source is None:
                self._unreadable(plain_sentence(error, name))  # reading writes nothing: the reason is enough
            else:
                self.check_step.say(f"{plain_sentence(error, name)} Nothing was written.", error=True)
            return
        if error is not None:
            for say in (self._say, self.check_step.say):
                say("Something went wrong, so it stopped; nothing was written.", error=True)
            show_unexpected_error(outcome.trace, self)
            return
        self._after(outcome)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.back_button, self.next_button, self.import_button, self.good_rows_button,
                       self.close_button, self.file_step.choose_button, self.check_step.check_button):
            widget.setEnabled(not busy)
        if not busy:
            self._update_buttons()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.file_step.say(text, self.source, error=error)

    def reject(self) -> None:
        """Close, unless a job is still running (Cancel it first)."""
        if self.runner.is_running():
            return
        super().reject()


def open_own_import_dialog(window: Any) -> OwnImportDialog:
    """File → Import from my own spreadsheet…: the dialog for the window's home, its writes broadcast."""
    dialog = OwnImportDialog(window.store, window.current_home(), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.changed.connect(window.broadcast)
    dialog.open()
    return dialog
