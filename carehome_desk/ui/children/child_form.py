"""A child's register entry (Schedule 4 para 1): reference and initials, the full name optional. Save or Revert."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QLineEdit, QPushButton, QStyle, QVBoxLayout, QWidget

from carehome_desk.models.changes import Changes
from carehome_desk.models.children import Child, ChildDetails, LegalStatus, validate_child
from carehome_desk.models.ids import HomeId
from carehome_desk.store import Store
from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.ui.widgets.field_form import (
    FORM_MAX_WIDTH, FieldForm, FormScrollArea, as_read, every_problem, read_date,
)
from carehome_desk.ui.widgets.saving import message_lines, save_form, save_row, saved_at, say_in, show_edit_state

ENDINGS: tuple[tuple[str, bool | None], ...] = (("Not recorded", None), ("Planned ending", True),
                                                 ("Unplanned ending", False))
FULL_NAME_HINT = ("Optional. Shown only on this form: lists, chronologies and change history use the reference "
                  "and initials, and exports never include names unless you ask for them.")


class ChildForm(QWidget):
    """Edit one child's entry, or fill in a new one; problems show at their fields and nothing is saved."""

    # Made by save_row() and message_lines() (widgets.saving.EditingForm).
    save_button: QPushButton
    revert_button: QPushButton
    state: QLabel
    conflict: QLabel
    reload_button: QPushButton  # offered when the record was archived elsewhere
    general: QLabel

    #: Emitted with (Child, Changes) after a save.
    saved = Signal(object, object)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.child: Child | None = None
        self.home_id: HomeId | None = None
        self._loaded: tuple[object, ...] = ()
        self._loading = False
        today = store.today()
        self.reference = QLineEdit()
        self.reference.setMaxLength(32)
        self.reference.setPlaceholderText("e.g. C11")
        self.initials = QLineEdit()
        self.initials.setMaxLength(8)
        self.initials.setPlaceholderText("e.g. AB")
        self.full_name = QLineEdit()
        self.full_name.setMaxLength(200)
        self.full_name.setPlaceholderText("Optional")
        self.date_of_birth = DateField(today)
        self.admission_date = DateField(today)
        self.admission_planned = QComboBox()
        self.admission_planned.addItems(["Planned admission", "Emergency admission"])
        self.placing_authority = QLineEdit()
        self.placing_authority.setMaxLength(200)
        self.legal_status = QComboBox()
        for status in LegalStatus:
            self.legal_status.addItem(status.label, status.value)
        # The longest wording (remand) would set the whole form's width; the list still opens full width.
        self.legal_status.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.legal_status.setMinimumContentsLength(24)
        self.leaving_date = DateField(today)
        self.ending_planned = QComboBox()
        for text, _value in ENDINGS:
            self.ending_planned.addItem(text)

        who = QGroupBox("The child")
        self.form = FieldForm()
        who.setLayout(self.form.layout)
        self.form.add("reference", "&Reference", self.reference,
                      hint="Used instead of the name everywhere in carehome-desk.")
        self.form.add("initials", "&Initials", self.initials)
        self.form.add("full_name", "F&ull name", self.full_name, hint=FULL_NAME_HINT)
        self.form.add("date_of_birth", "Date of &birth", self.date_of_birth)
        placement = QGroupBox("Placement (Schedule 4 register)")
        self.placement = FieldForm()
        placement.setLayout(self.placement.layout)
        self.placement.add("admission_date", "&Admitted on", self.admission_date)
        self.placement.add("admission_planned", "Ad&mission", self.admission_planned)
        self.placement.add("placing_authority", "&Placing authority", self.placing_authority)
        self.placement.add("legal_status", "&Legal status", self.legal_status)
        self.placement.add("leaving_date", "Lef&t on", self.leaving_date,
                           hint="Children who have left stay in the record; hidden from the list unless shown.")
        self.placement.add("ending_planned", "En&ding", self.ending_planned)

        message_lines(self)
        buttons = save_row(self)
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addWidget(self.conflict)
        column.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(who)
        column.addWidget(placement)
        column.addWidget(self.general)
        column.addStretch(1)
        inner.setMaximumWidth(FORM_MAX_WIDTH)
        self._inner = inner
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(FormScrollArea(inner))
        outer.addLayout(buttons)

        for line in (self.reference, self.initials, self.full_name, self.placing_authority):
            line.textEdited.connect(self._edited)
        for combo in (self.admission_planned, self.legal_status, self.ending_planned):
            combo.currentIndexChanged.connect(self._edited)
        for field in (self.date_of_birth, self.admission_date, self.leaving_date):
            field.edited.connect(self._edited)
        self._update_state()

    def needed_width(self) -> int:
        """The narrowest width that shows the form without scrolling sideways."""
        return self._inner.minimumSizeHint().width() + self.style().pixelMetric(
            QStyle.PixelMetric.PM_ScrollBarExtent) + 8

    @property
    def is_new(self) -> bool:
        """True while the form holds a child not yet saved."""
        return self.child is None and self.home_id is not None

    def show_child(self, child: Child | None, home_id: HomeId | None) -> None:
        """Show a saved entry, or an empty form for a new child in ``home_id`` when child is None."""
        same = child is not None and self.child is not None and child.id == self.child.id
        self.child, self.home_id = child, home_id
        self._loading = True
        try:
            c = child
            self.reference.setText(c.reference if c else "")
            self.initials.setText(c.initials if c else "")
            self.full_name.setText(c.full_name if c else "")
            self.date_of_birth.set_value(c.date_of_birth if c else None)
            self.admission_date.set_value(c.admission_date if c else None)
            self.admission_planned.setCurrentIndex(0 if c is None or c.admission_planned else 1)
            self.placing_authority.setText(c.placing_authority if c else "")
            self.legal_status.setCurrentIndex(self.legal_status.findData((c.legal_status if c else
                                                                          LegalStatus.SECTION_31).value))
            self.leaving_date.set_value(c.leaving_date if c else None)
            self.ending_planned.setCurrentIndex([v for _t, v in ENDINGS].index(c.ending_planned if c else None))
        finally:
            self._loading = False
        self._loaded = self._snapshot() if child is not None else ()
        self._show_problems({})
        self.conflict.hide()
        self.reload_button.hide()
        if not same:
            self.state.setText("New child: fill in the form and save" if self.is_new else "")
        self._update_state()

    def _snapshot(self) -> tuple[object, ...]:
        return (self.reference.text(), self.initials.text(), self.full_name.text(), self.date_of_birth.text(),
                self.admission_date.text(), self.admission_planned.currentIndex(), self.placing_authority.text(),
                self.legal_status.currentIndex(), self.leaving_date.text(), self.ending_planned.currentIndex())

    def has_unsaved_changes(self) -> bool:
        """True when the form differs from the saved entry, or holds a new child with anything typed."""
        if self.is_new:
            return bool(self.reference.text().strip() or self.initials.text().strip())
        return self.child is not None and self._snapshot() != self._loaded

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self._update_state()

    def _update_state(self) -> None:
        show_edit_state(self, self.has_unsaved_changes(), is_new=self.is_new)

    def _collect(self) -> tuple[ChildDetails | None, dict[str, str]]:
        problems: dict[str, str] = {}
        born = read_date(self.date_of_birth, "date_of_birth", problems)
        admitted = read_date(self.admission_date, "admission_date", problems)
        left = read_date(self.leaving_date, "leaving_date", problems)
        if born is None and "date_of_birth" not in problems:
            problems["date_of_birth"] = "Enter the child's date of birth."
        if admitted is None and "admission_date" not in problems:
            problems["admission_date"] = "Enter the date the child was admitted."
        today = self.store.today()

        def typed(stand_in: date) -> ChildDetails:  # a stand-in for each date not read: its problem is there
            return ChildDetails(
                reference=self.reference.text(), initials=self.initials.text(), date_of_birth=born or stand_in,
                admission_date=admitted or stand_in, placing_authority=self.placing_authority.text(),
                legal_status=LegalStatus(self.legal_status.currentData()),
                admission_planned=self.admission_planned.currentIndex() == 0,
                leaving_date=as_read(left, "leaving_date", problems, stand_in),
                ending_planned=ENDINGS[self.ending_planned.currentIndex()][1], full_name=self.full_name.text())

        every = every_problem(problems, lambda stand_in: validate_child(typed(stand_in), today))
        return (None if every else typed(today)), every

    def _show_problems(self, problems: dict[str, str]) -> None:
        rest = self.form.show_problems(problems)
        rest = self.placement.show_problems(rest, focus=len(rest) == len(problems))
        self.general.setText(" ".join(f"⚠ {m}" for m in rest.values()))
        self.general.setVisible(bool(rest))

    def save(self) -> bool:
        """Validate and save; on any problem nothing is saved and each message shows at its field."""
        if self.home_id is None or (not self.is_new and not self.has_unsaved_changes()):
            return True
        home_id, saved_child = self.home_id, self.child

        def write(details: ChildDetails) -> tuple[Child, Changes]:
            if saved_child is None:
                return self.store.children.add(home_id, details)
            values = {f.name: getattr(details, f.name) for f in fields(ChildDetails)}
            return self.store.children.update(replace(saved_child, **values))

        saved = save_form(self, self._collect, write, self._show_problems, say_in(self.general),
                          " Your typing is kept: Revert shows the saved version.",
                          forms=lambda: (self.form, self.placement), offer=self.reload_button)
        if saved is None:
            return False
        child, changes = saved
        self.show_child(child, self.home_id)
        self.state.setText(saved_at(self.store))
        self.saved.emit(child, changes)
        return True

    def discard(self) -> None:
        """Throw away edits: show the saved entry again (a new child's form is emptied)."""
        self.show_child(self.child, self.home_id)
