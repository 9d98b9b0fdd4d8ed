"""Training: the staff × courses matrix, filterable by status; a cell opens 'Record training' for it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QLabel, QLineEdit, QPushButton, QStackedWidget, QVBoxLayout, QWidget,
)

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.counted import counted
from carehome_desk.models.ids import CourseId, StaffId
from carehome_desk.models.staff import StaffMember
from carehome_desk.models.status import Status
from carehome_desk.models.training import Course
from carehome_desk.models.workforce import first_aiders
from carehome_desk.store import Store
from carehome_desk.ui.workforce.course_catalogue_dialog import CourseCatalogueDialog
from carehome_desk.ui.widgets.frozen_table_view import FrozenColumnTableView
from carehome_desk.ui.widgets.page import IMPORT_MENU, Page, PageId
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE
from carehome_desk.ui.workforce.record_training_dialog import RecordTrainingDialog
from carehome_desk.ui.widgets.register_page import setup_table, shown_words
from carehome_desk.ui.widgets.status_style import LEGEND
from carehome_desk.ui.widgets.style import heading, role_label
from carehome_desk.ui.widgets.two_rows import TwoRows
from carehome_desk.ui.workforce.training_matrix_model import (
    CELL_ROLE,
    STATUS_FILTERS,
    MatrixFilterProxy,
    MatrixRow,
    TrainingMatrixModel,
    build_matrix,
)


def first_aid_text(count: int) -> str:
    """The reg 31 footer: a count, since without a rota we cannot check who is on duty."""
    return (f"{counted(count, 'first-aider')} with in-date first aid (reg 31 needs one on duty at all times; "
            "check the rota)")


def _status_counts(rows: list[MatrixRow]) -> dict[Status, int]:
    counts = {status: 0 for status in Status}
    for row in rows:
        for cell in row.cells:
            if cell.status is not None:
                counts[cell.status] += 1
    return counts


def _figures(counts: dict[Status, int]) -> list[str]:
    return [f"{counts[Status.OVERDUE]:,} overdue", f"{counts[Status.DUE_SOON]:,} due soon",
            f"{counts[Status.MISSING]:,} missing"]


class TrainingMatrixPage(Page):
    """Rows are current staff, columns the courses anyone needs; double-click or Enter records training."""

    page_id = PageId.TRAINING
    title = page_id.value
    makes_new_records = True
    watches = (Register.STAFF, Register.COURSES, Register.TRAINING, Register.SETTINGS)
    #: Asks the window to open a person on the Staff page: (staff id, tab name).
    person_requested = Signal(int, str)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.staff: list[StaffMember] = []
        self.courses: list[Course] = []
        self.dialog: QDialog | None = None
        self.model = TrainingMatrixModel(self)
        self.proxy = MatrixFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.record_button = QPushButton("&Record training…")
        self.record_button.setToolTip("Record a completed course (Ctrl+N)")
        self.record_button.clicked.connect(self.new_record)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by name (Ctrl+F)")
        self.filter.setAccessibleName("Filter people")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_changed)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Show people with")
        for label, _statuses in STATUS_FILTERS:
            self.status_filter.addItem(label)
        self.status_filter.currentIndexChanged.connect(self._status_chosen)
        self.courses_button = QPushButton("&Courses…")
        self.courses_button.setToolTip("The course catalogue: who needs what, and how often")
        self.courses_button.clicked.connect(self.open_catalogue)
        self.count = role_label("", "hint")
        self.count.setWordWrap(False)
        self.count.setToolTip("The whole home's figures; after “shown”, those of the people the filter and Show list")

        self.table = FrozenColumnTableView()
        setup_table(self.table, self.proxy, "Training matrix: people by course", rows=False, stretch_last=False)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.activated.connect(self._activated)
        self.table.frozen.activated.connect(self._activated)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QStackedWidget()
        self.body.addWidget(self.empty)
        self.body.addWidget(self.table)
        self.footer = QLabel()
        self.footer.setAccessibleName("First-aiders")
        self.footer.setWordWrap(True)

        show = QLabel("&Show:")
        show.setBuddy(self.status_filter)
        # Narrow (a laptop at 150%), the count goes on a row of its own rather than squeeze the filter box.
        self.toolbar = TwoRows([self.record_button, self.filter, show, self.status_filter, self.courses_button],
                               [self.count], stretch=self.filter)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.title))
        layout.addWidget(role_label(f"{LEGEND}. Double-click a cell, or select it and press Enter, to record "
                                    "training; hover for the rule behind it.", "hint"))
        layout.addWidget(self.toolbar)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.footer)

    # ---- loading -------------------------------------------------------------------------

    def set_home(self, home_id) -> None:  # type: ignore[no-untyped-def]
        """Show another home (read now if on show, else when next shown)."""
        self.home_id = home_id
        self.refresh()

    def reload(self) -> None:
        """Work out every cell once, keeping the current cell where it was."""
        current = self.table.currentIndex()
        keep = current.data(CELL_ROLE) if current.isValid() else None
        keep_column = current.column()
        keep_row = current.data(Qt.ItemDataRole.DisplayRole) if current.isValid() and current.column() == 0 else None
        columns: list[Course] = []
        rows: list[MatrixRow] = []
        aiders = 0
        if self.home_id is None:
            self.staff, self.courses = [], []
        else:
            today = self.store.today()
            settings = self.store.settings.get()
            snap = self.store.workforce.snapshot(self.home_id)
            self.staff = snap.current_staff(today)
            self.courses = snap.active_courses()
            columns, rows = build_matrix(snap, settings, today)
            aiders = first_aiders(snap, settings, today)
        self.model.set_matrix(columns, rows)
        self._size_columns()
        self._update_count()
        self.footer.setText(first_aid_text(aiders) if rows else "")
        self.record_button.setEnabled(bool(self.staff))
        if not rows:
            self.empty.setText(f"No staff yet — add people on the Staff page (New…), or bring in your staff list with "
                               f"{IMPORT_MENU}; their training shows here."
                               if self.home_id is not None else "No home selected.")
        self.body.setCurrentIndex(1 if rows else 0)
        if keep is not None:
            self._restore(keep)
        elif keep_row is not None and keep_column == 0:
            matches = self.proxy.match(self.proxy.index(0, 0), Qt.ItemDataRole.DisplayRole, keep_row, 1,
                                       Qt.MatchFlag.MatchExactly)
            if matches:
                self.table.setCurrentIndex(matches[0])

    def _restore(self, key: tuple[StaffId, CourseId]) -> None:
        staff_id, course_id = key
        rows = [r for r in range(self.model.rowCount()) if self.model.rows[r].member.id == staff_id]
        columns = [c + 1 for c, course in enumerate(self.model.courses) if course.id == course_id]
        if rows and columns:
            index = self.proxy.mapFromSource(self.model.index(rows[0], columns[0]))
            if index.isValid():
                self.table.setCurrentIndex(index)

    def _size_columns(self) -> None:
        # Fixed widths from font metrics, not resizeColumnsToContents: measuring 9,000 cells is slow.
        metrics = self.table.fontMetrics()
        cell = max(metrics.horizontalAdvance("Overdue 00/00/0000"),
                   max((metrics.horizontalAdvance(line) for c in range(1, self.model.columnCount())
                        for line in str(self.model.headerData(c, Qt.Orientation.Horizontal)).split("\n")), default=0))
        header = self.table.horizontalHeader()
        header.setDefaultSectionSize(cell + 16)
        names = max((metrics.horizontalAdvance(r.member.full_name) for r in self.model.rows), default=80)
        self.table.setColumnWidth(0, max(names, metrics.horizontalAdvance("Person")) + 24)
        for column in range(1, self.model.columnCount()):
            self.table.setColumnWidth(column, cell + 16)

    def _update_count(self) -> None:
        """The whole home's figures, as on every register, then those of the people the filters show."""
        rows = self.model.rows
        shown = [self.proxy.index(r, 0).data(RECORD_ROLE) for r in range(self.proxy.rowCount())]
        home, in_view = _status_counts(rows), _status_counts(shown)
        self.count.setText(f"{counted(len(rows), 'person')} · " + " · ".join(_figures(home))
                           + shown_words(len(shown), len(rows), _figures(in_view), "nothing overdue, due soon or missing"))

    # ---- filters and actions ---------------------------------------------------------------

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_count()

    def _status_chosen(self, index: int) -> None:
        self.proxy.set_statuses(STATUS_FILTERS[index][1])
        self._update_count()

    def focus_filter(self) -> None:
        """Ctrl+F lands in the filter box."""
        self.filter.setFocus()
        self.filter.selectAll()

    def _activated(self, index: QModelIndex) -> None:
        key = index.data(CELL_ROLE)
        if key is None:  # the person column: open their record
            row = index.data(RECORD_ROLE)
            if row is not None:
                self.person_requested.emit(int(row.member.id), "training")
            return
        staff_id, course_id = key
        self.record_training(staff_id, course_id)

    def new_record(self) -> None:
        """Ctrl+N: record training for the selected cell's person and course, or a blank form."""
        index = self.table.currentIndex()
        key = index.data(CELL_ROLE) if index.isValid() else None
        row = index.data(RECORD_ROLE) if index.isValid() else None
        if key is not None:
            self.record_training(*key)
        else:
            self.record_training(row.member.id if row is not None else None, None)

    def record_training(self, staff_id: StaffId | None, course_id: CourseId | None) -> None:
        """Open 'Record training' pre-filled with a person and course."""
        if not self.staff:
            return
        dialog = RecordTrainingDialog(self.store, self.staff, self.courses, staff_id, course_id, parent=self)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._saved(dialog.changes))
        dialog.open()

    def _saved(self, changes: Changes) -> None:
        self.changed.emit(changes)
        self.status_message.emit("Training recorded.")
        self.table.setFocus()

    def open_catalogue(self) -> None:
        """The course catalogue; every save there updates the matrix straight away."""
        dialog = CourseCatalogueDialog(self.store, parent=self)
        self.dialog = dialog
        dialog.changed.connect(self.changed.emit)
        dialog.open()
