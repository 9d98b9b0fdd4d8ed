"""The staff record form (Schedule 4 para 2), for a new person or an existing one: Save (Ctrl+S) or Revert."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from carehome_desk.models.changes import Changes
from carehome_desk.models.ids import HomeId
from carehome_desk.models.qualifications import QualificationKind
from carehome_desk.models.staff import Contract, StaffDetails, StaffMember, StaffRole, validate_staff
from carehome_desk.store import Store
from carehome_desk.ui.workforce.clock_date_fields import (
    CARE_HINT, CARE_LABEL, MANAGING_HINT, MANAGING_LABEL, ClockDateFields, kind_for,
)
from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.ui.widgets.field_form import (
    FORM_MAX_WIDTH, FieldForm, FormScrollArea, as_read, every_problem, read_date,
)
from carehome_desk.ui.widgets.saving import message_lines, save_form, save_row, saved_at, say_in, show_edit_state

CARE_DEFAULT, CARE_YES, CARE_NO = 0, 1, 2


class StaffDetailsTab(QWidget):
    """Edit one staff record, or fill in a new one; problems show at their fields and nothing is saved."""

    # Made by save_row() and message_lines() (widgets.saving.EditingForm).
    save_button: QPushButton
    revert_button: QPushButton
    state: QLabel
    conflict: QLabel
    reload_button: QPushButton  # offered when the record was archived elsewhere
    general: QLabel

    #: Emitted with (StaffMember, Changes) after a save.
    saved = Signal(object, object)
    #: Emitted whenever the form goes from saved to edited or back.
    dirty_changed = Signal(bool)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.member: StaffMember | None = None
        self.home_id: HomeId | None = None
        self._loaded: tuple[object, ...] = ()
        self._loading = False
        self._was_dirty = False
        today = store.today()

        self.full_name = QLineEdit()
        self.full_name.setMaxLength(200)
        self.staff_ref = QLineEdit()
        self.staff_ref.setMaxLength(64)
        self.role = QComboBox()
        for role in StaffRole:
            self.role.addItem(role.label, role.value)
        self.role_title = QLineEdit()
        self.role_title.setMaxLength(200)
        self.role_title.setPlaceholderText("Optional: the provider's own title, e.g. ‘Senior RSW’")
        self.care_role = QComboBox()
        self.care_role.addItems(["As the role says", "Yes: a care role", "No: not a care role"])
        # Its first item's text follows the role chosen: let the box grow with it.
        self.care_role.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.contract = QComboBox()
        for contract in Contract:
            self.contract.addItem(contract.label, contract.value)
        self.hours = QLineEdit()
        self.hours.setMaxLength(6)
        self.hours.setPlaceholderText("e.g. 37.5")
        self.lives_at_home = QCheckBox("Lives at the home")
        self.start_date = DateField(today)
        self.role_start = DateField(today)
        self.leaving_date = DateField(today)
        self.induction = DateField(today)
        self.probation = DateField(today)
        self.clock = ClockDateFields(today, self.start_date, self.role_start, self)

        person = QGroupBox("Person and role")
        self.form = FieldForm()
        person.setLayout(self.form.layout)
        self.form.add("full_name", "F&ull name", self.full_name)
        self.form.add("staff_ref", "Staff &reference", self.staff_ref)
        self.form.add("role", "R&ole", self.role)
        self.form.add("role_title", "Role title", self.role_title)
        self.form.add("care_role", "&Care role", self.care_role,
                      hint="Care roles need the Level 3 Diploma within 2 years of first starting in a care role "
                           "(reg 32(4)).")
        self.form.add("contract", "Contract", self.contract)
        self.form.add("hours_per_week", "Hours per week", self.hours)
        self.form.add("lives_at_home", "", self.lives_at_home)
        dates_box = QGroupBox("Dates")
        self.dates = FieldForm()
        dates_box.setLayout(self.dates.layout)
        self.dates.layout.addRow(self.clock.notice)
        self.dates.add("start_date", "Started at the home", self.start_date)
        self.dates.add("role_start_date", "Started in this role", self.role_start,
                       hint="Leave empty if the same as the start date.")
        # The dates Level 3 / Level 5 count from: only the one the role on screen needs is shown.
        self.dates.add("care_started_on", CARE_LABEL, self.clock.care, hint=CARE_HINT)
        self.dates.add("managing_started_on", MANAGING_LABEL, self.clock.managing, hint=MANAGING_HINT)
        for field in (self.clock.care, self.clock.managing):
            field.setAccessibleName(field.accessibleName().replace("\n", " "))
        self.clock.attach(self.dates.set_row_visible)
        self.clock.confirm_requested.connect(self.confirm_dates)
        self.dates.add("leaving_date", "Leavin&g date", self.leaving_date,
                       hint="Leavers stay in the record; they drop out of compliance after this date.")
        self.dates.add("induction_completed", "&Induction completed", self.induction,
                       hint="Reg 33(2)(a): appropriate induction.")
        self.dates.add("probation_completed", "Probation completed", self.probation,
                       hint="Reg 33(2)(b): permanent appointments are subject to probation.")

        message_lines(self)
        buttons = save_row(self)

        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addWidget(self.conflict)
        column.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(person)
        column.addWidget(dates_box)
        column.addWidget(self.general)
        column.addStretch(1)
        inner.setMaximumWidth(FORM_MAX_WIDTH)  # long input lines are hard to read on wide screens
        scroll = FormScrollArea(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        # Save and Revert stay in view below the scrolling form, even on a 768-pixel-high screen.
        outer.addLayout(buttons)

        for line in (self.full_name, self.staff_ref, self.role_title, self.hours):
            line.textEdited.connect(self._edited)
        for combo in (self.role, self.care_role, self.contract):
            combo.currentIndexChanged.connect(self._edited)
        self.lives_at_home.toggled.connect(self._edited)
        for field in (self.start_date, self.role_start, self.leaving_date, self.induction, self.probation,
                      self.clock.care, self.clock.managing):
            field.edited.connect(self._edited)
        self.role.currentIndexChanged.connect(self._role_changed)
        self.care_role.currentIndexChanged.connect(self._role_changed)
        self._update_state()

    # ---- loading -------------------------------------------------------------------------

    @property
    def is_new(self) -> bool:
        """True while the form holds a person not yet saved."""
        return self.member is None and self.home_id is not None

    def show_member(self, member: StaffMember | None, home_id: HomeId | None,
                    role: StaffRole = StaffRole.RESIDENTIAL_WORKER) -> None:
        """Show a saved record, or an empty form for a new person in ``home_id`` (in ``role``) when member is None."""
        same = member is not None and self.member is not None and member.id == self.member.id
        self.member = member
        self.home_id = home_id
        self._loading = True
        try:
            m = member
            self.full_name.setText(m.full_name if m else "")
            self.staff_ref.setText(m.staff_ref if m else "")
            self.role.setCurrentIndex(self.role.findData((m.role if m else role).value))
            self.role_title.setText(m.role_title if m else "")
            care = None if m is None else m.care_role
            self.care_role.setCurrentIndex(CARE_DEFAULT if care is None else CARE_YES if care else CARE_NO)
            self.contract.setCurrentIndex(self.contract.findData((m.contract if m else Contract.PERMANENT).value))
            hours = m.hours_per_week if m else None
            self.hours.setText("" if hours is None else f"{hours:g}")
            self.lives_at_home.setChecked(bool(m and m.lives_at_home))
            self.start_date.set_value(m.start_date if m else None)
            self.role_start.set_value(m.role_start_date if m else None)
            self.leaving_date.set_value(m.leaving_date if m else None)
            self.induction.set_value(m.induction_completed if m else None)
            self.probation.set_value(m.probation_completed if m else None)
            self.clock.load(m, self._kind_on_screen())
        finally:
            self._loading = False
        self._loaded = self._snapshot() if member is not None else ()
        self._show_problems({})
        self.conflict.hide()
        self.reload_button.hide()
        if not same:  # a reload after saving keeps "Saved at …" in view
            self.state.setText("New person: fill in the form and save" if self.is_new else "")
        self._role_changed()
        self._update_state()

    def _kind_on_screen(self) -> QualificationKind | None:
        care_index = self.care_role.currentIndex()
        return kind_for(StaffRole(self.role.currentData()),
                        None if care_index == CARE_DEFAULT else care_index == CARE_YES)

    def _role_changed(self, *_args: object) -> None:
        if not self._loading:
            self.clock.set_kind(self._kind_on_screen())
        role = StaffRole(self.role.currentData())
        default = "care role" if role.default_care_role else "not a care role"
        self.care_role.setItemText(CARE_DEFAULT, f"As the role says ({default})")
        self.role_title.setPlaceholderText("Required: name the role" if role is StaffRole.OTHER
                                           else "Optional: the provider's own title, e.g. ‘Senior RSW’")

    # ---- editing -------------------------------------------------------------------------

    def _snapshot(self) -> tuple[object, ...]:
        return (self.full_name.text(), self.staff_ref.text(), self.role.currentIndex(), self.role_title.text(),
                self.care_role.currentIndex(), self.contract.currentIndex(), self.hours.text(),
                self.lives_at_home.isChecked(), self.start_date.text(), self.role_start.text(),
                self.leaving_date.text(), self.induction.text(), self.probation.text(), *self.clock.texts())

    def has_unsaved_changes(self) -> bool:
        """True when the form differs from the saved record, or holds a new person with anything typed."""
        if self.is_new:
            return bool(self.full_name.text().strip() or self.start_date.text().strip())
        return self.member is not None and self._snapshot() != self._loaded

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self._update_state()

    def _update_state(self) -> None:
        dirty = self.has_unsaved_changes()
        show_edit_state(self, dirty, is_new=self.is_new)
        if dirty != self._was_dirty:
            self._was_dirty = dirty
            self.dirty_changed.emit(dirty)

    def _collect(self, confirm: bool = False) -> tuple[StaffDetails | None, dict[str, str]]:
        problems: dict[str, str] = {}
        start = read_date(self.start_date, "start_date", problems)
        role_start = read_date(self.role_start, "role_start_date", problems)
        leaving = read_date(self.leaving_date, "leaving_date", problems)
        induction = read_date(self.induction, "induction_completed", problems)
        probation = read_date(self.probation, "probation_completed", problems)
        if start is None and "start_date" not in problems:
            problems["start_date"] = "Enter the date they started at the home."
        care_started, managing_started = self.clock.values(problems)
        hours: float | None = None
        if self.hours.text().strip():
            try:
                hours = float(self.hours.text().strip().replace(",", "."))
            except ValueError:
                problems["hours_per_week"] = "Hours per week must be a number, for example 37.5."
        care_index = self.care_role.currentIndex()
        # A guessed date stays to confirm until the manager says it is right (Confirm) or corrects
        # it: saving hours or a leaving date is not a look at the date, so must not settle it.
        to_confirm = (self.member is not None and self.member.dates_to_confirm
                      and not confirm and not self.clock.corrected())
        today = self.store.today()

        def typed(stand_in: date) -> StaffDetails:  # a stand-in for each date not read: its problem is there
            def stand(value: date | None, key: str) -> date | None:
                return as_read(value, key, problems, stand_in)
            return StaffDetails(
                full_name=self.full_name.text(), role=StaffRole(self.role.currentData()),
                start_date=start or stand_in, care_role=None if care_index == CARE_DEFAULT else care_index == CARE_YES,
                role_title=self.role_title.text(), role_start_date=stand(role_start, "role_start_date"),
                leaving_date=stand(leaving, "leaving_date"), contract=Contract(self.contract.currentData()),
                hours_per_week=hours, lives_at_home=self.lives_at_home.isChecked(), staff_ref=self.staff_ref.text(),
                induction_completed=stand(induction, "induction_completed"),
                probation_completed=stand(probation, "probation_completed"),
                care_started_on=stand(care_started, "care_started_on"),
                managing_started_on=stand(managing_started, "managing_started_on"),
                dates_to_confirm=to_confirm,
            )

        every = every_problem(problems, lambda stand_in: validate_staff(typed(stand_in), today))
        return (None if every else typed(today)), every

    def _show_problems(self, problems: dict[str, str]) -> None:
        rest = self.form.show_problems(problems)
        rest = self.dates.show_problems(rest, focus=len(rest) == len(problems))
        self.general.setText(" ".join(f"⚠ {m}" for m in rest.values()))
        self.general.setVisible(bool(rest))

    def confirm_dates(self) -> bool:
        """Save the record as shown, so a guessed first-care or first-managing date counts as confirmed."""
        return self.save(confirm=True)

    def save(self, confirm: bool = False) -> bool:
        """Validate and save; on any problem nothing is saved and each message shows at its field.

        ``confirm`` saves even with no edits, when the record's dates are marked as a guess, and
        clears that mark; otherwise it is cleared only when the guessed date was corrected.
        """
        guessed = confirm and self.member is not None and self.member.dates_to_confirm
        if self.home_id is None or (not self.is_new and not self.has_unsaved_changes() and not guessed):
            return True
        home_id, saved_member = self.home_id, self.member

        def write(details: StaffDetails) -> tuple[StaffMember, Changes]:
            if saved_member is None:
                return self.store.staff.add(home_id, details)
            values = {f.name: getattr(details, f.name) for f in fields(StaffDetails)}
            return self.store.staff.update(replace(saved_member, **values))

        saved = save_form(self, lambda: self._collect(confirm), write, self._show_problems, say_in(self.general),
                          forms=lambda: (self.form, self.dates), offer=self.reload_button)
        if saved is None:
            return False
        member, changes = saved
        self.show_member(member, self.home_id)
        self.state.setText(saved_at(self.store))
        self.saved.emit(member, changes)
        return True

    def discard(self) -> None:
        """Throw away edits: show the saved record again (a new person's form is emptied)."""
        self.show_member(self.member, self.home_id)
