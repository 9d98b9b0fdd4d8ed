"""A person's training: each required course with its status word and colour, then every record kept."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from carehome_desk.models.counted import counted, noun_for
from carehome_desk.models.dates import format_uk
from carehome_desk.models.ids import CourseId
from carehome_desk.models.staff import StaffMember
from carehome_desk.models.status import Requirement
from carehome_desk.models.training import Course, TrainingRecord
from carehome_desk.store import Store
from carehome_desk.ui.workforce.dbs_tab import small_table
from carehome_desk.ui.widgets.record_table_model import Column, RecordTableModel
from carehome_desk.ui.workforce.record_training_dialog import RecordTrainingDialog
from carehome_desk.ui.widgets.column_fit import fit_columns
from carehome_desk.ui.widgets.status_style import requirement_columns
from carehome_desk.ui.widgets.style import role_label

COURSE, RULE = 0, [c.header for c in requirement_columns()].index("Rule")


def record_columns(courses: dict[int, Course]) -> list[Column[TrainingRecord]]:
    """Columns for training records; the course name and expiry come from the catalogue."""

    def course_of(t: TrainingRecord) -> Course | None:
        return courses.get(int(t.course_id))

    def expiry(t: TrainingRecord) -> date | None:
        course = course_of(t)
        return t.expiry(course) if course else t.expiry_override

    return [
        Column("Course", lambda t: c.name if (c := course_of(t)) else f"Course {t.course_id}"),
        Column("Completed", lambda t: format_uk(t.completed), sort_key=lambda t: t.completed),
        Column("Expires", lambda t: format_uk(expiry(t)) or "Does not expire", sort_key=expiry),
        Column("Provider", lambda t: t.provider),
        Column("Certificate", lambda t: t.certificate_ref),
    ]


class StaffTrainingTab(QWidget):
    """Status per course (double-click one to record it) and the records behind them."""

    #: Emitted with Changes after a save.
    changed = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.member: StaffMember | None = None
        self.staff: list[StaffMember] = []
        self.courses: list[Course] = []
        self.dialog: QDialog | None = None
        self.requirements: RecordTableModel[Requirement] = RecordTableModel(requirement_columns("Course"), self)
        self.requirement_table = small_table(self.requirements, "Training needed, by course")
        self.requirement_table.doubleClicked.connect(lambda index: self.record_training(
            self._course_of(self.requirements.record(index.row()))))
        self._course_ids: dict[str, CourseId] = {}
        self._course_by_id: dict[int, Course] = {}  # the record columns read names through this
        self.records: RecordTableModel[TrainingRecord] = RecordTableModel(record_columns(self._course_by_id), self)
        self.record_table = small_table(self.records, "Training records")
        self.record_button = QPushButton("&Record training…")
        self.record_button.setToolTip("Record a completed course for this person")
        self.record_button.clicked.connect(lambda: self.record_training(self._selected_course()))
        self.summary = role_label("", "hint")
        top = QHBoxLayout()
        top.addWidget(QLabel("<b>Courses this person needs</b> (most urgent first)"))
        top.addStretch(1)
        top.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.requirement_table, 3)
        layout.addWidget(QLabel("<b>Training records</b> (newest first)"))
        layout.addWidget(self.record_table, 2)
        self.show_member(None, [], [], [], [])

    def show_member(self, member: StaffMember | None, requirements: list[Requirement], records: list[TrainingRecord],
                    courses: list[Course], staff: list[StaffMember]) -> None:
        """Show a person's training requirements (in catalogue order) and records."""
        self.member, self.courses, self.staff = member, courses, staff
        self._course_ids = {f"course:{int(c.id)}": c.id for c in courses}
        # What needs doing first (overdue, missing, due soon), then the rest in catalogue order.
        training = sorted((r for r in requirements if r.area == "Training"), key=lambda r: r.status.urgency)
        self.requirements.set_rows(training)
        self._course_by_id.clear()
        self._course_by_id.update({int(c.id): c for c in courses})
        self.records.set_rows(sorted(records, key=lambda t: (t.completed, t.id), reverse=True))
        # Course names and rules can be long: each capped (the rest elided, in full in the tooltip).
        fit_columns(self.requirement_table, limits={COURSE: 220, RULE: 280}, minimums={COURSE: 150},
                    squeeze=[COURSE])
        fit_columns(self.record_table, maximum=240)
        self.record_button.setEnabled(member is not None and member in staff)
        needing = [r for r in training if r.status.needs_action]
        if member is None:
            self.summary.setText("")
        elif member not in staff:
            self.summary.setText("They have left: their training records are kept; nothing is due.")
        else:
            self.summary.setText(f"{len(needing)} of {counted(self.requirements.rowCount(), 'course')} "
                                 f"{noun_for(len(needing), 'needs', 'need')} action. "
                                 "Double-click a course to record it.")

    def _course_of(self, req: Requirement) -> CourseId | None:
        return self._course_ids.get(req.key)

    def _selected_course(self) -> CourseId | None:
        index = self.requirement_table.currentIndex()
        return self._course_of(self.requirements.record(index.row())) if index.isValid() else None

    def record_training(self, course_id: CourseId | None = None) -> None:
        """Open 'Record training' for this person, with a course chosen if one is given."""
        if self.member is None or self.member not in self.staff:
            return
        active = [c for c in self.courses if not c.archived]
        dialog = RecordTrainingDialog(self.store, self.staff, active, self.member.id, course_id, parent=self)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.changed.emit(dialog.changes))
        dialog.open()
