"""'Record training': one completed course for one person, with the expiry worked out from the catalogue."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QVBoxLayout, QWidget

from carehome_desk.models.changes import Changes
from carehome_desk.models.dates import DateFormatError, format_uk
from carehome_desk.models.ids import CourseId, StaffId
from carehome_desk.models.staff import StaffMember
from carehome_desk.models.training import Course, TrainingRecord, validate_training
from carehome_desk.store import Store, ValidationError
from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.ui.widgets.field_form import RecordDialog, as_read, every_problem, read_date
from carehome_desk.ui.widgets.style import role_label


class RecordTrainingDialog(RecordDialog):
    """Choose the person and course (pre-filled from where it was opened), the date, and who ran it."""

    def __init__(self, store: Store, staff: list[StaffMember], courses: list[Course],
                 staff_id: StaffId | None = None, course_id: CourseId | None = None, parent: QWidget | None = None):
        super().__init__("Record training", "Record a course once it is completed. The expiry comes from the "
                         "course's renewal interval unless you set it by hand.", parent)
        self.store = store
        self.courses = {int(c.id): c for c in courses}
        today = store.today()
        self.person = QComboBox()
        for member in staff:
            self.person.addItem(member.full_name, int(member.id))
        self.course = QComboBox()
        for course in courses:
            self.course.addItem(course.name, int(course.id))
        self.completed = DateField(today)
        self.completed.set_value(today)
        self.expiry = DateField(today)
        self.provider = QLineEdit()
        self.provider.setMaxLength(200)
        self.provider.setPlaceholderText("e.g. St John Ambulance, in-house")
        self.certificate = QLineEdit()
        self.certificate.setMaxLength(200)
        self.expiry_hint = role_label("", "hint")
        self.fields.add("staff_id", "&Person", self.person)
        self.fields.add("course_id", "&Course", self.course)
        self.fields.add("completed", "Co&mpleted on", self.completed)
        holder = self.fields.add("expiry_override", "&Expires on", self.expiry)
        box = holder.layout()
        assert isinstance(box, QVBoxLayout)
        box.insertWidget(1, self.expiry_hint)
        self.fields.add("provider", "Training p&rovider", self.provider)
        self.fields.add("certificate_ref", "Certificate re&ference", self.certificate)
        if staff_id is not None:
            self.person.setCurrentIndex(max(0, self.person.findData(int(staff_id))))
        if course_id is not None:
            self.course.setCurrentIndex(max(0, self.course.findData(int(course_id))))
        self.course.currentIndexChanged.connect(self._update_hint)
        self.completed.edited.connect(self._update_hint)
        self._update_hint()
        self.completed.setFocus()

    def chosen_course(self) -> Course | None:
        """The course picked."""
        data = self.course.currentData()
        return self.courses.get(int(data)) if data is not None else None

    def _update_hint(self, *_args: object) -> None:
        course = self.chosen_course()
        if course is None:
            self.expiry_hint.setText("")
            return
        try:
            completed = self.completed.value()
        except DateFormatError:
            completed = None
        if course.renewal_months is None:
            text = f"{course.name} does not need renewing; leave empty."
        elif completed is None:
            text = f"Leave empty to use the course interval ({course.interval_text})."
        else:
            expiry = TrainingRecord(StaffId(0), course.id, completed).expiry(course)
            text = f"Leave empty for {format_uk(expiry)} ({course.interval_text}, {course.source})."
        self.expiry_hint.setText(text)

    def write(self) -> Changes:
        problems: dict[str, str] = {}
        completed = read_date(self.completed, "completed", problems)
        expiry = read_date(self.expiry, "expiry_override", problems)
        if completed is None and "completed" not in problems:
            problems["completed"] = "Enter the date the course was completed."
        if self.person.currentData() is None:
            problems["staff_id"] = "Choose the person."
        course = self.chosen_course()
        if course is None:
            problems["course_id"] = "Choose the course."
        today = self.store.today()

        def typed(stand_in: date) -> TrainingRecord:  # the stand-in for a date not read: its problem is there
            return TrainingRecord(
                staff_id=StaffId(int(self.person.currentData() or 0)), course_id=course.id if course else CourseId(0),
                completed=completed or stand_in, expiry_override=as_read(expiry, "expiry_override", problems, stand_in),
                provider=self.provider.text().strip(), certificate_ref=self.certificate.text().strip())

        # The course's own checks (a completion in the future, an expiry before it) are said with any date
        # that cannot be read, not only once it has been typed again.
        every = every_problem(problems, lambda stand_in: validate_training(typed(stand_in), course, today)
                              if course is not None else {})
        if every or course is None:
            raise ValidationError(every)
        return self.store.workforce.add_training(typed(today))[1]
