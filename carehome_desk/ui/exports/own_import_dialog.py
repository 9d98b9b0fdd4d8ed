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
from dataclasses import replace
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

from carehome_desk.importing.own.mapping import IGNORE, Layout, Mapping, SheetMap
from carehome_desk.importing.own.tables import SourceFile, Table
from carehome_desk.importing.result import ImportFileError, WorkbookProtected
from carehome_desk.models.ids import HomeId
from carehome_desk.progress import Progress
from carehome_desk.store import Store, StoreError
from carehome_desk.ui.exports.own_import_check import CheckStep
from carehome_desk.ui.exports.own_import_columns import ColumnsStep
from carehome_desk.ui.exports.own_import_logic import full_width, remembered_on, sheet_map_at
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
        self.mapping: Mapping | None = None
        self.sheet_maps: dict[str, SheetMap] = {}  # every sheet's columns, ticked or not (ticking back keeps edits)
        self.found_rows: dict[str, int] = {}
        self.remembered_note = ""
        self.result: Any = None  # the last OwnImportResult
        self.checked_ok = False
        self._advance = False  # Next was pressed while the file was being read
        self.courses = store.workforce.courses()
        self.fields: list[Any] = []
        self.runner = JobRunner(self)
        self.runner.finished.connect(self._finished)
        self._after: Callable[[JobOutcome], None] = lambda _outcome: None

        home = store.homes.get(home_id) if home_id is not None else None
        self.title = heading(STEP_TITLES[FILE], size_delta=4)
        into = f"Into {home.name} ({home.urn}). " if home else ""
        self.intro = role_label(into + "Your own training matrix, staff list or incident log, in whatever columns it "
                                "has. Nothing is saved until you press Import on the last step.", "hint")
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
        self.file_step.layout_changed.connect(self._layout_changed)
        self.file_step.sheets.itemChanged.connect(self._sheets_ticked)
        self.preview_step.header_changed.connect(self._header_changed)
        self.columns_step.changed.connect(self._mapping_edited)
        self.check_step.answered.connect(self.check)
        self.check_step.check_button.clicked.connect(self.check)

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
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        width = min(1100, screen.width() - 40) if screen else 1100
        height = min(720, screen.height() - 60) if screen else 720
        self.resize(max(width, 780), max(height, 480))

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
        self._start(f"Reading {Path(path).name}", lambda _progress: _read_file(Path(path), password or None), self._read)

    def _read(self, outcome: JobOutcome) -> None:
        self.source = outcome.result
        self.file_step.show_password(bool(self.file_step.password_edit.text()))
        notes = list(self.source.notes) + [n for t in self.source.tables for n in t.notes]
        self.file_step.notes.setText("\n".join(notes))
        if not any(t.rows for t in self.source.tables):
            self._unreadable(f"{self.source.path.name} has no rows to import: nothing was written.")
            return
        self._map_afresh()
        advance, self._advance = self._advance, False
        if self.remembered_note and not self.checked_ok:
            self._say(self.remembered_note)
            self.stack.setCurrentIndex(CHECK)  # next month's file: straight to the check
        elif advance:
            self.next()

    def _unreadable(self, sentence: str) -> None:
        self.source, self.mapping, self.sheet_maps = None, None, {}
        self.file_step.show_sheets(None, set())
        self.banner.hide()
        self._say(sentence, error=True)
        self._update_buttons()

    def _map_afresh(self) -> None:
        """The remembered mapping for this layout, or the app's suggestion."""
        from carehome_desk.importing.own.engine import find_header_row, remembered_mapping, suggest, targets
        from carehome_desk.importing.own.mapping import layout_key

        source, layout = self.source, self.file_step.layout()
        if source is None:
            return
        self.fields = targets(layout, self.courses)
        self.found_rows = {t.sheet: find_header_row(t, layout) for t in source.tables if t.rows}
        remembered = remembered_mapping(self.store, source, layout)
        self.remembered_note = ""
        if remembered is not None:
            mapping = remembered
            tables = {t.sheet: t for t in source.tables}
            for sheet in mapping.sheets:
                if sheet.sheet in tables:
                    full_width(sheet, tables[sheet.sheet])
            first = next((s for s in mapping.sheets if s.sheet in tables), None)
            when = remembered_on(self.store, layout_key(tables[first.sheet], first.header_row)) if first else None
            self.remembered_note = (f"Mapped as last time ({when:%d/%m/%Y}): check and import." if when
                                    else "Mapped as last time: check and import.")
            ticked = {s.sheet for s in mapping.sheets if s.sheet in tables}
        else:
            mapping = suggest(source, layout, self.courses)
            ticked = {s.sheet for s in mapping.sheets if any(c.target != IGNORE for c in s.columns)
                      and not self._table(s.sheet).hidden_sheet} or {s.sheet for s in mapping.sheets[:1]}
        self.sheet_maps = {s.sheet: s for s in mapping.sheets}
        self.mapping = replace(mapping, sheets=[])
        self.checked_ok = False
        self.file_step.sheets.blockSignals(True)
        self.file_step.show_sheets(source, ticked)
        self.file_step.sheets.blockSignals(False)
        self._sheets_ticked()
        self.banner.setText(self.remembered_note)
        self.banner.setVisible(bool(self.remembered_note))
        if not self.remembered_note:
            self._say(f"Read {source.path.name}. Tick the sheets to import, then press Next.")

    def _table(self, sheet: str) -> Table:
        assert self.source is not None
        return next(t for t in self.source.tables if t.sheet == sheet)

    def _sheets_ticked(self, *_args: object) -> None:
        from carehome_desk.importing.own.engine import find_header_row

        if self.mapping is None or self.source is None:
            return
        sheets = []
        for name in self.file_step.ticked():
            if name not in self.sheet_maps:
                table = self._table(name)
                self.sheet_maps[name] = sheet_map_at(self.source, table, self.mapping.layout, self.courses,
                                                     find_header_row(table, self.mapping.layout))
            sheets.append(self.sheet_maps[name])
        self.mapping.sheets = sheets
        current = self.sheet_combo.currentText()
        self.sheet_combo.clear()
        self.sheet_combo.addItems([s.sheet for s in sheets])
        self.sheet_combo.setCurrentIndex(max(self.sheet_combo.findText(current), 0))
        self._mapping_edited()

    def _layout_changed(self) -> None:
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
        if self.stack.currentIndex() == PREVIEW:
            self.preview_step.show_table(table, sheet.header_row if sheet else 1,
                                         self.found_rows.get(sheet.sheet) if sheet else None)
        elif self.stack.currentIndex() == COLUMNS and sheet is not None and table is not None \
                and self.mapping is not None:
            from carehome_desk.importing.own.engine import column_kinds

            self.columns_step.show_sheet(self.mapping, table, column_kinds(table, sheet.header_row), self.fields)

    def _header_changed(self, row: int) -> None:
        sheet = self.shown_sheet()
        if sheet is None or self.source is None or self.mapping is None:
            return
        table = self._table(sheet.sheet)
        fresh = sheet_map_at(self.source, table, self.mapping.layout, self.courses, row)
        self.sheet_maps[sheet.sheet] = fresh
        self.mapping.sheets = [fresh if s.sheet == sheet.sheet else s for s in self.mapping.sheets]
        self.preview_step.show_table(table, row, self.found_rows.get(sheet.sheet))
        self._mapping_edited()

    def _mapping_edited(self) -> None:
        """Any change to the mapping makes the last check out of date."""
        if self.checked_ok or self.result is not None:
            self.result, self.checked_ok = None, False
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
        (self.import_button if step == CHECK else self.next_button).setDefault(True)
        (self.next_button if step == CHECK else self.import_button).setDefault(False)
        self._update_buttons()
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
        if self.source is None or self.mapping is None or self.home_id is None or self.runner.is_running():
            return
        source, mapping, home_id = self.source, self.mapping, self.home_id
        self.check_step.say(f"Checking {source.path.name}…")
        self._start(f"Checking {source.path.name}", lambda progress: _run(
            self.store, home_id, source, mapping, progress, dry_run=True), self._checked)

    def run_import(self, *, skip_bad_rows: bool) -> None:
        """Import in one transaction; then remember the mapping for this layout."""
        if self.source is None or self.mapping is None or self.home_id is None or self.runner.is_running():
            return
        source, mapping, home_id = self.source, self.mapping, self.home_id
        self.check_step.say(f"Importing {source.path.name}…")
        self._start(f"Importing {source.path.name}", lambda progress: _run(
            self.store, home_id, source, mapping, progress, skip_bad_rows=skip_bad_rows), self._imported)

    def _import_all(self) -> None:
        self.run_import(skip_bad_rows=False)

    def _import_good_rows(self) -> None:
        self.run_import(skip_bad_rows=True)

    def _checked(self, outcome: JobOutcome) -> None:
        result = outcome.result
        self.result = result
        self.check_step.show_result(result, self.mapping)
        self.checked_ok = not result.blocked and not result.cancelled
        self._update_buttons()
        if result.cancelled:
            self.check_step.say("Check stopped before the end. Nothing was written.")
        elif result.blocked:
            self.check_step.say("Not ready to import: see why below. Go Back to the columns, or answer the "
                                "questions about dates.", error=True)
        elif result.errors:
            problems = len(result.errors)
            self.check_step.say(f"{problems} problem{'s' if problems != 1 else ''} found (listed below). Nothing "
                                "is saved yet. Fix them in the file and press Check again, or import the good rows "
                                "only." if result.would_change else f"{problems} problems, and no good rows to "
                                "import.", error=True)
        else:
            self.check_step.say("Checked: nothing is saved yet. Press Import to save these records."
                                if result.would_change else
                                "Everything in this file is already recorded: there is nothing to import.")
        if self.import_button.isEnabled():
            self.import_button.setFocus()
        elif result.ambiguous and not result.errors:
            self.check_step.tabs.setCurrentIndex(1)

    def _imported(self, outcome: JobOutcome) -> None:
        result, remembered = outcome.result
        self.result = result
        self.check_step.show_result(result, self.mapping)
        if result.written:
            self.changed.emit(result.changes | remembered)
            added = sum(c.added for c in result.sheets.values())
            updated = sum(c.updated for c in result.sheets.values())
            self.check_step.say(f"{result.outcome('import the good rows only')} {added} added, {updated} updated. "
                                "The mapping is remembered for next time.")
            self.import_button.setEnabled(False)
            self.good_rows_button.setEnabled(False)
            self.close_button.setFocus()
            return
        self.check_step.say(result.outcome("press 'Import the good rows only'"), error=bool(result.errors))
        self._update_buttons()

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
            self.file_step.show_password(True)
            self.file_step.password_edit.setFocus()
            self._unreadable(f"That password does not open {name}: type it again and press Enter."
                             if error.wrong_password else
                             f"{name} is protected with a password: type it below and press Enter.")
            self.file_step.show_password(True)
            return
        if isinstance(error, (ImportFileError, StoreError, OSError, ValueError)):
            text = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            sentence = text.rstrip(".") + ": nothing was written." if text else "The file could not be read."
            if self.stack.currentIndex() == FILE or self.source is None:
                self._unreadable(sentence if name in sentence else f"{name} could not be read. {sentence}")
            else:
                self.check_step.say(sentence, error=True)
            return
        if error is not None:
            self._say("Something went wrong, so it stopped; nothing was written.", error=True)
            self.check_step.say("Something went wrong, so it stopped; nothing was written.", error=True)
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
        notes = self.file_step.notes
        extra = [n for n in (self.source.notes if self.source else [])]
        notes.setText("\n".join([text, *extra]))
        notes.setProperty("role", "error" if error else "hint")
        notes.style().unpolish(notes)
        notes.style().polish(notes)

    def reject(self) -> None:
        """Close, unless a job is still running (Cancel it first)."""
        if self.runner.is_running():
            return
        super().reject()


def _read_file(path: Path, password: str | None) -> SourceFile:
    from carehome_desk.importing.own.readers import read_source

    return read_source(path, password)


def _run(store: Store, home_id: HomeId, source: SourceFile, mapping: Mapping, progress: Progress, *,
         dry_run: bool = False, skip_bad_rows: bool = False) -> Any:
    """The engine's import (a dry run, or the real one followed by remembering the mapping)."""
    from carehome_desk.importing.own.engine import import_own, remember_mapping
    from carehome_desk.models.changes import Changes

    result = import_own(store, home_id, source, mapping, dry_run=dry_run, skip_bad_rows=skip_bad_rows,
                        progress=progress)
    if dry_run:
        return result
    remembered = remember_mapping(store, source, mapping) if result.written else Changes()
    return result, remembered


def open_own_import_dialog(window: Any) -> OwnImportDialog:
    """File → Import from my own spreadsheet…: the dialog for the window's home, its writes broadcast."""
    dialog = OwnImportDialog(window.store, window.current_home(), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.changed.connect(window.broadcast)
    dialog.open()
    return dialog
