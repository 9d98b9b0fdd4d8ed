"""Import from a spreadsheet: choose the workbook, see a dry run, then import (all, or the good rows only).

The import itself is the core function the CLI uses; it runs off the GUI thread through the
JobRunner. Nothing is written until the manager presses Import, and that write is one
transaction: a cancel or a failure part-way writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.importing.result import ImportFileError, ImportResult, RowError, SheetCounts, WorkbookProtected
from carehome_desk.models.counted import counted
from carehome_desk.models.ids import HomeId
from carehome_desk.progress import Progress
from carehome_desk.store import Store, StoreError
from carehome_desk.ui.workforce.dbs_tab import small_table
from carehome_desk.ui.widgets.error_dialog import show_unexpected_error
from carehome_desk.ui.widgets.record_table_model import Column, RecordTableModel
from carehome_desk.ui.widgets.runner import JobOutcome, JobRunner
from carehome_desk.ui.widgets.style import heading, role_label

WRAP_ROWS = 300  # up to this many problems get rows tall enough for the whole message


@dataclass(frozen=True)
class ImportKind:
    """One workbook the app can import: how to run it and how to write its blank template."""

    key: str
    label: str
    template_name: str
    run: Callable[..., ImportResult]
    write_template: Callable[[Path], None]


def _workforce(store: Store, path: Path, home_id: HomeId, **kw: Any) -> ImportResult:
    from carehome_desk.importing.workforce import import_workforce  # openpyxl loads only when used

    return import_workforce(store, path, home_id, **kw)


def _workforce_template(path: Path) -> None:
    from carehome_desk.importing.workforce import write_workforce_template

    write_workforce_template(path)


def _incidents(store: Store, path: Path, home_id: HomeId, **kw: Any) -> ImportResult:
    from carehome_desk.importing.incidents import import_incidents

    return import_incidents(store, path, home_id, **kw)


def _incidents_template(path: Path) -> None:
    from carehome_desk.importing.incidents import write_incidents_template

    write_incidents_template(path)


def _quality(store: Store, path: Path, home_id: HomeId, **kw: Any) -> ImportResult:
    from carehome_desk.importing.quality import import_quality

    return import_quality(store, path, home_id, **kw)


def _quality_template(path: Path) -> None:
    from carehome_desk.importing.quality import write_quality_template

    write_quality_template(path)


KINDS = (
    ImportKind("workforce", "Staff, training and recruitment checks (workforce workbook)", "workforce-template.xlsx",
               _workforce, _workforce_template),
    ImportKind("incidents", "Children and incidents (incidents workbook)", "incidents-template.xlsx", _incidents,
               _incidents_template),
    ImportKind("quality", "Reg 44 visits, Reg 45 reviews and inspections (quality workbook)", "quality-template.xlsx",
               _quality, _quality_template),
)


def _count_columns(held_back: bool) -> list[Column[tuple[str, SheetCounts]]]:
    would = "Would " if held_back else ""
    return [
        Column("Sheet", lambda r: r[0]),
        Column(f"{would}add".capitalize(), lambda r: str(r[1].added), lambda r: r[1].added, align_right=True),
        Column(f"{would}update".capitalize(), lambda r: str(r[1].updated), lambda r: r[1].updated, align_right=True),
        Column("Unchanged", lambda r: str(r[1].unchanged), lambda r: r[1].unchanged, align_right=True),
        Column("Not imported", lambda r: str(r[1].failed), lambda r: r[1].failed, align_right=True),
    ]


PROBLEM_COLUMNS: list[Column[RowError]] = [
    Column("Sheet", lambda e: e.sheet),
    Column("Row", lambda e: str(e.row) if e.row is not None else "", lambda e: e.row or 0, align_right=True),
    Column("Column", lambda e: e.column or ""),
    Column("Problem", lambda e: e.message[:1].upper() + e.message[1:], tooltip=str),
]


class ImportDialog(QDialog):
    """Pick a workbook, check it (a dry run), and import it into the home on show."""

    #: Emitted with the store's Changes after an import wrote something.
    changed = Signal(object)

    def __init__(self, store: Store, home_id: HomeId | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import from a spreadsheet")
        self.store, self.home_id = store, home_id
        self.path: Path | None = None
        self.password: str | None = None  # a protected workbook's, asked for when needed; kept only while open
        self.import_result: ImportResult | None = None
        self.runner = JobRunner(self)
        self.runner.finished.connect(self._finished)
        self._after: Callable[[JobOutcome], None] = lambda _outcome: None

        home = store.homes.get(home_id) if home_id is not None else None
        into = (f"Into {home.name} ({home.urn}). " if home else "")
        self.intro = role_label(into + "The file is checked first and nothing is saved until you press Import. "
                                "Importing the same file again changes nothing.", "hint")
        self.kind_group = QButtonGroup(self)
        kind_box = QVBoxLayout()
        kind_box.addWidget(QLabel("What the workbook holds:"))
        for index, kind in enumerate(KINDS):
            radio = QRadioButton(kind.label)
            radio.setAccessibleName(kind.label)
            self.kind_group.addButton(radio, index)
            kind_box.addWidget(radio)
        self.kind_group.button(0).setChecked(True)
        self.kind_group.idToggled.connect(self._kind_toggled)

        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText("No file chosen yet")
        self.file_edit.setAccessibleName("Workbook")
        self.choose_button = QPushButton("&Choose file…")
        self.choose_button.clicked.connect(self.choose_file)
        self.recheck_button = QPushButton("Check &again")
        self.recheck_button.setToolTip("Check the file again after changing it in Excel")
        self.recheck_button.clicked.connect(self.check)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.recheck_button)

        self.status = role_label("", "hint")
        self.status.setAccessibleName("Outcome")
        self.counts_model: RecordTableModel[tuple[str, SheetCounts]] = RecordTableModel(_count_columns(True), self)
        self.counts_table = small_table(self.counts_model, "What would change, sheet by sheet")
        self.counts_table.horizontalHeader().setStretchLastSection(False)
        self.counts_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.problems_label = QLabel("Problems")
        bold = QFont(self.problems_label.font())
        bold.setBold(True)
        self.problems_label.setFont(bold)
        self.problems_model: RecordTableModel[RowError] = RecordTableModel(PROBLEM_COLUMNS, self)
        self.problems_table = small_table(self.problems_model, "Problems found, by sheet, row and column")
        self.problems_table.setWordWrap(True)
        self.copy_button = QPushButton("Cop&y the problems")
        self.copy_button.setToolTip("Copy the list to paste into an email or a note")
        self.copy_button.clicked.connect(self._copy_problems)
        self.notes = role_label("", "hint")

        self.template_buttons = []
        templates = QHBoxLayout()
        for kind in KINDS:
            button = QPushButton(f"Save blank {kind.key} template…")
            button.setProperty("kind", kind.key)
            button.setToolTip("A workbook with the exact headers this import reads, and instructions")
            button.clicked.connect(self._template_clicked)
            templates.addWidget(button)
            self.template_buttons.append(button)
        templates.addStretch(1)
        self.import_button = QPushButton("&Import")
        self.import_button.clicked.connect(self._import_all)
        self.good_rows_button = QPushButton("Import the &good rows only")
        self.good_rows_button.setToolTip("Save every row without a problem; the rows listed are left out")
        self.good_rows_button.clicked.connect(self._import_good_rows)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        for button in (self.import_button, self.good_rows_button, self.close_button):
            templates.addWidget(button)
        for button in self.findChildren(QPushButton):  # Enter imports, never re-opens the file picker
            button.setAutoDefault(False)
        self.import_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Import from a spreadsheet", size_delta=4))
        layout.addWidget(self.intro)
        layout.addLayout(kind_box)
        layout.addLayout(file_row)
        layout.addWidget(self.status)
        layout.addWidget(self.counts_table)
        problems_head = QHBoxLayout()
        problems_head.addWidget(self.problems_label)
        problems_head.addStretch(1)
        problems_head.addWidget(self.copy_button)
        layout.addLayout(problems_head)
        layout.addWidget(self.problems_table, 1)
        layout.addWidget(self.notes)
        layout.addLayout(templates)
        self.resize(1040, 640)  # room for three template buttons and both import buttons on one row
        self._show(None)
        if home is None:
            self._say("Set up your home first (File → Set up my own home…): records are imported into a home.",
                      error=True)
            self.choose_button.setEnabled(False)

    # ---- what the manager does -------------------------------------------------------------

    def kind(self) -> ImportKind:
        """The workbook chosen with the radio buttons."""
        return KINDS[max(self.kind_group.checkedId(), 0)]

    def choose_file(self) -> None:
        """Pick the workbook, then check it at once (a dry run)."""
        from PySide6.QtWidgets import QFileDialog

        start = str(self.path.parent) if self.path else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "Choose the workbook to import", start,
                                              "Excel workbooks (*.xlsx);;All files (*)")
        if not name:
            return
        self.path, self.password = Path(name), None
        self.file_edit.setText(str(self.path))
        self.check()

    def check(self) -> None:
        """Read and check the file without writing anything; show what would change."""
        if self.path is None or self.home_id is None:
            return
        kind, path, home_id = self.kind(), self.path, self.home_id
        self._say(f"Checking {path.name}…")
        password = self.password
        self._start(f"Checking {path.name}", lambda progress: kind.run(
            self.store, path, home_id, dry_run=True, progress=progress, password=password), self._checked)

    def run_import(self, *, skip_bad_rows: bool) -> None:
        """Import the file (all of it, or the good rows only) in one transaction."""
        if self.path is None or self.home_id is None:
            return
        kind, path, home_id = self.kind(), self.path, self.home_id
        self._say(f"Importing {path.name}…")
        password = self.password
        self._start(f"Importing {path.name}", lambda progress: kind.run(
            self.store, path, home_id, skip_bad_rows=skip_bad_rows, progress=progress, password=password),
            self._imported)

    def save_template(self, kind: ImportKind) -> None:
        """Save a blank workbook with the headers the importer reads."""
        from carehome_desk.ui.widgets.save_name import ask_save_path

        start = (self.path.parent if self.path else Path.home()) / kind.template_name
        target = ask_save_path(self, f"Save the blank {kind.key} template", str(start), "Excel workbooks (*.xlsx)",
                               ".xlsx")
        if target is None:
            return
        from carehome_desk.out_files import OutFileRefused, check_out_file

        try:  # never over the database or a backup (one named .xlsx); the dialog asked before replacing a file
            check_out_file(target, self.store.path, "template", suffix=".xlsx", kind="an Excel workbook")
            kind.write_template(target)
        except OutFileRefused as exc:
            self._say(f"{str(exc)[:1].upper()}{str(exc)[1:]}", error=True)
            return
        except OSError as exc:
            self._say(f"The template could not be saved: {exc.strerror or exc}. Nothing was written.", error=True)
            return
        self._say(f"Saved the blank {kind.key} template to {target}. Fill it in, then choose it here to import it.")

    # Bound methods, not lambdas, as slots: PySide6 6.12 miscounts references when plain Python callables
    # are connected to signals (a 'bool_dealloc' crash at exit after enough emits).
    def _kind_toggled(self, _id: int, on: bool) -> None:
        if on and self.path is not None:
            self.check()

    def _template_clicked(self) -> None:
        key = self.sender().property("kind")
        self.save_template(next(k for k in KINDS if k.key == key))

    def _import_all(self) -> None:
        self.run_import(skip_bad_rows=False)

    def _import_good_rows(self) -> None:
        self.run_import(skip_bad_rows=True)

    # ---- running the job -------------------------------------------------------------------

    def _start(self, title: str, job: Callable[[Progress], ImportResult],
               after: Callable[[JobOutcome], None]) -> None:
        self._after = after
        self._set_busy(True)
        self.runner.start(title, job)

    def _ask_password(self, error: WorkbookProtected) -> bool:
        """Ask for a protected workbook's password; True when one was typed (the check then runs again)."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        name = self.path.name if self.path else "The workbook"
        prompt = (f"That password does not open {name}. Type it again:" if error.wrong_password
                  else f"{name} is protected with a password. Type it to open the workbook (it is not saved):")
        text, ok = QInputDialog.getText(self, "Workbook password", prompt, QLineEdit.EchoMode.Password)
        if not ok or not text:
            return False
        self.password = text
        return True

    def _finished(self, outcome: JobOutcome) -> None:
        self._set_busy(False)
        if isinstance(outcome.error, WorkbookProtected) and self._ask_password(outcome.error):
            self.check()
            return
        if isinstance(outcome.error, (ImportFileError, StoreError, OSError)):
            self._show(None)
            error = outcome.error
            self._say(f"{error.strerror or error}: nothing was written." if isinstance(error, OSError)
                      else str(error), error=True)
            return
        if outcome.error is not None:
            self._show(None)
            self._say("Something went wrong, so the import stopped; nothing was written.", error=True)
            show_unexpected_error(outcome.trace, self)
            return
        self._after(outcome)

    def _checked(self, outcome: JobOutcome) -> None:
        result: ImportResult = outcome.result
        self._show(result)
        (self.problems_table if result.errors else self.import_button).setFocus()
        if result.cancelled:
            self._say("Check stopped before the end. Nothing was written.")
            return
        problems = len(result.errors)
        if not problems:
            self._say("Checked: nothing is saved yet. Press Import to save these records." if result.would_change
                      else "Everything in this file is already recorded: there is nothing to import.")
            return
        listed = f"{counted(problems, 'problem')} found (listed below)"
        self._say(f"{listed}. Nothing is saved yet. Fix them in the file and press Check again, or import only "
                  "the good rows." if result.would_change else f"{listed}, and no good rows to import. Fix them in "
                  "the file and press Check again.", error=True)

    def _imported(self, outcome: JobOutcome) -> None:
        result: ImportResult = outcome.result
        self._show(result)
        if result.written:
            self.changed.emit(result.changes)
            added = sum(c.added for c in result.sheets.values())
            updated = sum(c.updated for c in result.sheets.values())
            self._say(f"{result.outcome('import the good rows only')} {added} added, {updated} updated.")
            self.import_button.setEnabled(False)
            self.good_rows_button.setEnabled(False)
            return
        self._say(result.outcome("press 'Import the good rows only'"), error=bool(result.errors))

    # ---- showing the outcome ---------------------------------------------------------------

    def _show(self, result: ImportResult | None) -> None:
        self.import_result = result
        held_back = result is None or result.dry_run or result.cancelled or not result.written
        self.counts_model = RecordTableModel(_count_columns(held_back), self)
        self.counts_table.setModel(self.counts_model)
        self.counts_model.set_rows(list(result.sheets.items()) if result else [])
        errors = result.errors if result else []
        self.problems_model.set_rows(errors)
        self.problems_label.setText(f"Problems ({len(errors)})" if errors else "Problems: none")
        self.copy_button.setEnabled(bool(errors))
        if len(errors) <= WRAP_ROWS:
            self.problems_table.resizeRowsToContents()
        for column, width in enumerate((130, 50, 170)):
            self.problems_table.setColumnWidth(column, width)
        for column in range(1, 5):
            self.counts_table.setColumnWidth(column, 120)
        rows = max(self.counts_model.rowCount(), 1)  # tall enough for every sheet, no empty space below
        self.counts_table.setFixedHeight(self.counts_table.horizontalHeader().sizeHint().height()
                                         + rows * self.counts_table.verticalHeader().defaultSectionSize()
                                         + 2 * self.counts_table.frameWidth())
        self.notes.setText("\n".join(result.notes) if result else "")
        self.notes.setVisible(bool(result and result.notes))
        ready = result is not None and result.dry_run and not result.cancelled and result.would_change
        self.import_button.setEnabled(ready and not errors)
        self.import_button.setToolTip("Fix the problems listed first, or import the good rows only" if errors
                                      else "Save every row in one go")
        self.good_rows_button.setVisible(bool(errors))
        self.good_rows_button.setEnabled(ready and bool(errors))
        self.recheck_button.setEnabled(self.path is not None)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setProperty("role", "error" if error else "hint")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.choose_button, self.recheck_button, self.import_button, self.good_rows_button,
                       self.close_button, *self.template_buttons, *self.kind_group.buttons()):
            widget.setEnabled(not busy)

    def _copy_problems(self) -> None:
        if self.import_result is not None:
            QApplication.clipboard().setText("\n".join(str(e) for e in self.import_result.errors))

    def reject(self) -> None:
        """Close, unless a check or an import is still running (Cancel it first)."""
        if self.runner.is_running():
            return
        super().reject()


def open_import_dialog(window: Any) -> ImportDialog:
    """File → Import from a spreadsheet…: the dialog for the window's home, its writes broadcast."""
    dialog = ImportDialog(window.store, window.current_home(), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # a fresh dialog each time; none pile up
    dialog.changed.connect(window.broadcast)
    dialog.open()
    return dialog
