"""The provider's course catalogue: who must do each course, how often, and on what authority."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.models.ids import CourseId
from carehome_desk.models.status import Basis
from carehome_desk.models.training import Course, RequiredFor
from carehome_desk.store import Store, StoreError, ValidationError
from carehome_desk.ui.workforce.dbs_tab import small_table
from carehome_desk.ui.widgets.field_form import FieldForm
from carehome_desk.ui.widgets.record_table_model import Column, RecordTableModel
from carehome_desk.ui.widgets.style import role_label

COURSE_COLUMNS: list[Column[Course]] = [
    Column("Course", lambda c: c.name + (" (archived)" if c.archived else "")),
    Column("Renew", lambda c: c.interval_text, sort_key=lambda c: c.renewal_months or 10_000),
    Column("Required for", lambda c: c.required_for.label),
    Column("Basis", lambda c: c.basis.value.capitalize(), tooltip=lambda c: f"{c.basis.label}: {c.source}"),
    Column("First aid", lambda c: "Yes" if c.first_aid else ""),
]


class CourseCatalogueDialog(QDialog):
    """List every course (archived ones marked); edit the selected one or add a new one."""

    #: Emitted with Changes after each save, so the matrix updates while the dialog stays open.
    changed = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Course catalogue")
        self.store = store
        self.course: Course | None = None
        self.model: RecordTableModel[Course] = RecordTableModel(COURSE_COLUMNS, self)
        self.table = small_table(self.model, "Courses")
        self.table.selectionModel().currentRowChanged.connect(self._chosen)

        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.never = QCheckBox("Done once, never renewed")
        self.months = QSpinBox()
        self.months.setRange(1, 120)
        self.months.setSuffix(" months")
        self.months.setAccessibleName("Renew every (months)")
        self.never.toggled.connect(lambda on: self.months.setEnabled(not on))
        renew = QWidget()
        renew_row = QHBoxLayout(renew)
        renew_row.setContentsMargins(0, 0, 0, 0)
        renew_row.addWidget(self.months)
        renew_row.addWidget(self.never)
        renew_row.addStretch(1)
        self.required_for = QComboBox()
        for value in RequiredFor:
            self.required_for.addItem(value.label, value.value)
        self.basis = QComboBox()
        for basis in Basis:
            self.basis.addItem(basis.label, basis.value)
        self.source = QPlainTextEdit()
        self.source.setTabChangesFocus(True)
        self.source.setFixedHeight(self.source.fontMetrics().lineSpacing() * 3 + 12)
        self.first_aid = QCheckBox("Counts as first aid (reg 31 first-aider count)")
        self.archived = QCheckBox("Archived: no longer required (records are kept)")
        box = QGroupBox("Course")
        self.fields = FieldForm()
        box.setLayout(self.fields.layout)
        self.fields.add("name", "&Name", self.name)
        self.fields.add("renewal_months", "&Renew every", renew)
        self.fields.inputs["renewal_months"] = self.months
        self.fields.add("required_for", "Required &for", self.required_for)
        self.fields.add("basis", "&Basis", self.basis)
        self.fields.add("source", "&Source", self.source,
                        hint="Cite the regulation or guidance, or say it is your own policy.")
        self.fields.add("first_aid", "", self.first_aid)
        self.fields.add("archived", "", self.archived)
        self.general = role_label("", "error")
        self.general.hide()
        self.state = role_label("", "hint")
        self.new_button = QPushButton("New co&urse")
        self.new_button.clicked.connect(self.new_course)
        self.save_button = QPushButton("Sa&ve course")
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        # Enter in a field saves the course (not New course, which would drop what was typed).
        self.new_button.setAutoDefault(False)
        self.save_button.setDefault(True)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.save_button)
        actions.addWidget(self.state, 1)
        right = QVBoxLayout()
        right.addWidget(box)
        right.addWidget(self.general)
        right.addLayout(actions)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addLayout(right, 2)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(role_label("Renewal intervals are your policy unless a course says otherwise: the law "
                                    "rarely sets one. Archive a course rather than deleting it; its records stay.",
                                    "hint"))
        layout.addLayout(body, 1)
        layout.addWidget(close)
        self.resize(1120, 620)
        self.reload()

    def reload(self, select: CourseId | None = None) -> None:
        """Read the catalogue again, keeping the selected course."""
        keep = select if select is not None else (self.course.id if self.course else None)
        courses = self.store.workforce.courses(include_archived=True)
        self.model.set_rows(courses)
        self.table.resizeColumnsToContents()
        ids = [c.id for c in courses]
        if keep in ids:
            self.table.selectRow(ids.index(keep))
        elif courses:
            self.table.selectRow(0)
        else:
            self.new_course()

    def _chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._show(self.model.record(current.row()))

    def _show(self, course: Course | None) -> None:
        self.course = course
        c = course or Course(name="")
        self.name.setText(c.name)
        self.never.setChecked(c.renewal_months is None)
        self.months.setValue(c.renewal_months or 12)
        self.required_for.setCurrentIndex(self.required_for.findData(c.required_for.value))
        self.basis.setCurrentIndex(self.basis.findData(c.basis.value))
        self.source.setPlainText(c.source if course else "Provider policy")
        self.first_aid.setChecked(c.first_aid)
        self.archived.setChecked(c.archived)
        self.fields.show_problems({})
        self.general.hide()
        self.state.setText("New course: fill in and save" if course is None else "")

    def new_course(self) -> None:
        """An empty form for a new course."""
        self.table.clearSelection()
        self._show(None)
        self.name.setFocus()

    def save(self) -> bool:
        """Save the course on the form; problems show at their fields."""
        base = self.course or Course(name="", position=self._next_position())
        course = replace(base, name=self.name.text(), renewal_months=None if self.never.isChecked() else self.months.value(),
                         required_for=RequiredFor(self.required_for.currentData()),
                         basis=Basis(self.basis.currentData()), source=self.source.toPlainText().strip(),
                         first_aid=self.first_aid.isChecked(), archived=self.archived.isChecked())
        try:
            saved, changes = self.store.workforce.save_course(course)
        except ValidationError as exc:
            rest = self.fields.show_problems(exc.problems)
            self.general.setText(" ".join(f"⚠ {m}" for m in rest.values()))
            self.general.setVisible(bool(rest))
            self.state.setText("Not saved: fix the marked fields")
            return False
        except StoreError as exc:
            self.general.setText(f"⚠ Not saved: {exc}")
            self.general.show()
            return False
        self.reload(saved.id)
        self.state.setText(f"Saved {saved.name}.")
        self.changed.emit(changes)
        return True

    def _next_position(self) -> int:
        rows = [self.model.record(r) for r in range(self.model.rowCount())]
        return max((c.position for c in rows), default=-1) + 1

