"""The diploma a person must hold (Level 3 or Level 5): progress, equivalence and deferral, with the live status."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.models.dates import UK, format_uk
from carehome_desk.models.ids import QualificationId
from carehome_desk.models.qualifications import (
    DeferralReason,
    Qualification,
    QualificationKind,
    QualificationStatus,
    clock_basis,
    clock_start,
    qualification_requirement,
    relevant_date,
    required_kind,
    validate_qualification,
)
from carehome_desk.models.settings import ProviderSettings
from carehome_desk.models.staff import StaffMember
from carehome_desk.store import Store, StoreError, ValidationError
from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.ui.widgets.field_form import FORM_MAX_WIDTH, FieldForm, FormScrollArea, as_read, every_problem, read_date
from carehome_desk.ui.widgets.saving import revert_asking
from carehome_desk.ui.widgets.status_style import StatusBanner
from carehome_desk.ui.widgets.style import role_label


class QualificationTab(QWidget):
    """Record progress towards the required diploma; the status above it follows what is on screen."""

    #: Emitted with Changes after a save.
    changed = Signal(object)
    #: The status bar's words after a save ("Saved the Level 3 diploma for …").
    saved_message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.member: StaffMember | None = None
        self.kind: QualificationKind | None = None
        self.record: Qualification | None = None
        self.settings = ProviderSettings()
        self.today = store.today()
        self._loaded: tuple[object, ...] = ()
        self._loading = False

        self.title = role_label("", "hint")
        self.banner = StatusBanner()
        self.status = QComboBox()
        for status in QualificationStatus:
            self.status.addItem(status.label, status.value)
        self.enrolled = DateField(self.today)
        self.achieved = DateField(self.today)
        self.equivalent_name = QLineEdit()
        self.equivalent_name.setMaxLength(300)
        self.equivalent_name.setPlaceholderText("Only if an equivalent qualification was accepted instead")
        self.reasoning = QPlainTextEdit()
        self.reasoning.setTabChangesFocus(True)
        self.reasoning.setFixedHeight(self.reasoning.fontMetrics().lineSpacing() * 4 + 12)
        self.deferred_to = DateField(self.today)
        self.deferral_reason = QComboBox()
        self.deferral_reason.addItem("No deferral", None)
        for reason in DeferralReason:
            self.deferral_reason.addItem(reason.label.capitalize(), reason.value)
        self.deferral_note = QLineEdit()
        self.deferral_note.setMaxLength(500)

        progress = QGroupBox("Progress")
        self.progress_form = FieldForm()
        progress.setLayout(self.progress_form.layout)
        self.progress_form.add("status", "Stat&us", self.status)
        self.progress_form.add("enrolled_date", "En&rolled on", self.enrolled)
        self.progress_form.add("achieved_date", "A&chieved on", self.achieved)
        equivalence = QGroupBox("Equivalent qualification (Guide Annex A)")
        self.equivalence_form = FieldForm()
        equivalence.setLayout(self.equivalence_form.layout)
        self.equivalence_form.add("equivalent_name", "Qualificat&ion", self.equivalent_name)
        self.equivalence_form.add("equivalence_reasoning", "Wh&y it is equivalent", self.reasoning,
                                  hint="Record the decision and its reasoning; inspectors ask for it.")
        deferral = QGroupBox("Deferral of the relevant date")
        self.deferral_form = FieldForm()
        deferral.setLayout(self.deferral_form.layout)
        self.deferral_form.add("deferred_to", "Ne&w relevant date", self.deferred_to)
        self.deferral_form.add("deferral_reason", "Re&ason", self.deferral_reason,
                               hint="The regulations allow a deferral for a prolonged break or part-time working.")
        self.deferral_form.add("deferral_note", "N&ote", self.deferral_note)

        self.save_button = QPushButton("&Save")
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert")
        self.revert_button.clicked.connect(lambda: revert_asking(self, self.revert_button, "Throw away your unsaved changes to this qualification and show the saved version?"))
        self.state = role_label("", "hint")
        self.general = role_label("", "error")
        self.general.hide()
        self.button_bar = QWidget()
        buttons = QHBoxLayout(self.button_bar)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.state, 1)

        self.editor = QWidget()
        column = QVBoxLayout(self.editor)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(progress)
        column.addWidget(equivalence)
        column.addWidget(deferral)
        column.addWidget(self.general)
        self.not_required = role_label("", "hint")
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(self.title)
        layout.addWidget(self.banner)
        layout.addWidget(self.not_required)
        layout.addWidget(self.editor)
        layout.addStretch(1)
        inner.setMaximumWidth(FORM_MAX_WIDTH)  # long input lines are hard to read on wide screens
        scroll = FormScrollArea(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        # Save and Revert stay in view below the scrolling form, even on a 768-pixel-high screen.
        outer.addWidget(self.button_bar)

        for line in (self.equivalent_name, self.deferral_note):
            line.textEdited.connect(self._edited)
        self.reasoning.textChanged.connect(self._edited)
        for combo in (self.status, self.deferral_reason):
            combo.currentIndexChanged.connect(self._edited)
        for field in (self.enrolled, self.achieved, self.deferred_to):
            field.edited.connect(self._edited)
        self.show_member(None, None, ProviderSettings(), self.today)

    def show_member(self, member: StaffMember | None, record: Qualification | None, settings: ProviderSettings,
                    today: date) -> None:
        """Show the diploma this person needs (if any) and their saved record of it."""
        same = member is not None and self.member is not None and member.id == self.member.id
        self.member, self.settings, self.today = member, settings, today
        self.kind = required_kind(member) if member is not None else None
        self.record = record if record is not None and record.kind is self.kind else None
        self.editor.setVisible(self.kind is not None)
        self.button_bar.setVisible(self.kind is not None)
        self.not_required.setVisible(member is not None and self.kind is None)
        if member is not None and self.kind is None:
            self.not_required.setText(f"No diploma is required: {member.role_name} is not a care role. The Level 3 "
                                      "Diploma is for care roles (reg 32(4)); the Level 5 for the registered manager "
                                      "(reg 28).")
        if self.kind is not None and member is not None:
            # The same start the requirement counts from (first care role / first managing a home, any home).
            due = relevant_date(self.kind, clock_start(self.kind, member))
            where = "the Details tab" if not member.dates_to_confirm else "the Details tab (it was guessed: confirm it)"
            self.title.setText(f"{self.kind.full_title}. Relevant date {format_uk(due)}, "
                               f"{clock_basis(self.kind, member)}; the date is on {where}.")
        self.title.setVisible(self.kind is not None)
        q = self.record
        self._loading = True
        try:
            self.status.setCurrentIndex(self.status.findData((q.status if q else QualificationStatus.NOT_STARTED).value))
            self.enrolled.set_value(q.enrolled_date if q else None)
            self.achieved.set_value(q.achieved_date if q else None)
            self.equivalent_name.setText(q.equivalent_name if q else "")
            self.reasoning.setPlainText(q.equivalence_reasoning if q else "")
            self.deferred_to.set_value(q.deferred_to if q else None)
            reason = q.deferral_reason.value if q and q.deferral_reason else None
            self.deferral_reason.setCurrentIndex(max(0, self.deferral_reason.findData(reason)) if reason else 0)
            self.deferral_note.setText(q.deferral_note if q else "")
        finally:
            self._loading = False
        self._loaded = self._snapshot()
        self._show_problems({})
        if not same:  # a reload after saving keeps "Saved at …" in view
            self.state.setText("")
        self._refresh()

    def _snapshot(self) -> tuple[object, ...]:
        return (self.status.currentIndex(), self.enrolled.text(), self.achieved.text(), self.equivalent_name.text(),
                self.reasoning.toPlainText(), self.deferred_to.text(), self.deferral_reason.currentIndex(),
                self.deferral_note.text())

    def has_unsaved_changes(self) -> bool:
        """True when the form differs from the saved record."""
        return self.kind is not None and self._snapshot() != self._loaded

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self._refresh()

    def _on_screen(self, every: bool = False) -> tuple[Qualification | None, dict[str, str]]:
        """The record as typed and what cannot be read; with ``every``, the record's own checks too (all at once)."""
        problems: dict[str, str] = {}
        enrolled = read_date(self.enrolled, "enrolled_date", problems)
        achieved = read_date(self.achieved, "achieved_date", problems)
        deferred = read_date(self.deferred_to, "deferred_to", problems)
        if self.member is None or self.kind is None:
            return None, problems
        member, kind = self.member, self.kind
        reason = self.deferral_reason.currentData()

        def typed(stand_in: date | None) -> Qualification:  # a stand-in for each date not read (every_problem)
            def stand(value: date | None, key: str) -> date | None:
                return as_read(value, key, problems, stand_in) if stand_in is not None else value
            return Qualification(
                staff_id=member.id, kind=kind, status=QualificationStatus(self.status.currentData()),
                enrolled_date=stand(enrolled, "enrolled_date"), achieved_date=stand(achieved, "achieved_date"),
                equivalent_name=self.equivalent_name.text().strip(),
                equivalence_reasoning=self.reasoning.toPlainText().strip(), deferred_to=stand(deferred, "deferred_to"),
                deferral_reason=DeferralReason(reason) if reason else None,
                deferral_note=self.deferral_note.text().strip(),
                id=self.record.id if self.record else QualificationId(0),
            )

        if every:
            today = self.store.today()
            return typed(None), every_problem(problems, lambda stand_in: validate_qualification(typed(stand_in), today))
        return typed(None), problems

    def _refresh(self) -> None:
        """Recompute the status from what is on screen, so the effect of a deferral shows before saving."""
        dirty = self.has_unsaved_changes()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        if dirty:
            self.state.setText("Unsaved changes")
        elif self.state.text() == "Unsaved changes":
            self.state.setText("")
        if self.member is None or self.kind is None:
            self.banner.show_requirement(None)
            return
        shown, problems = self._on_screen()
        req = qualification_requirement(self.member, shown if not problems else self.record, self.today,
                                        self.settings.qualification_warning_days)
        self.banner.show_requirement(req, "As on screen, not saved yet." if dirty and not problems else "")

    def _show_problems(self, problems: dict[str, str]) -> None:
        rest = self.progress_form.show_problems(problems)
        rest = self.equivalence_form.show_problems(rest, focus=len(rest) == len(problems))
        rest = self.deferral_form.show_problems(rest, focus=len(rest) == len(problems))
        self.general.setText(" ".join(f"⚠ {m}" for m in rest.values()))
        self.general.setVisible(bool(rest))

    def save(self) -> bool:
        """Validate and save; nothing is saved while any field is wrong."""
        if not self.has_unsaved_changes():
            return True
        record, problems = self._on_screen(every=True)
        if problems or record is None:
            self._show_problems(problems)
            self.state.setText("Not saved: fix the marked fields")
            return False
        try:
            saved, changes = self.store.workforce.save_qualification(record)
        except ValidationError as exc:
            self._show_problems(exc.problems)
            self.state.setText("Not saved: fix the marked fields")
            return False
        except StoreError as exc:
            self.general.setText(f"⚠ Not saved: {exc}")
            self.general.show()
            return False
        assert self.member is not None
        self.show_member(self.member, saved, self.settings, self.today)
        self.state.setText(f"Saved at {self.store.now().astimezone(UK):%H:%M}")
        self.changed.emit(changes)
        self.saved_message.emit(f"Saved the {saved.kind.short} diploma for {self.member.full_name}.")
        return True

    def discard(self) -> None:
        """Show the saved record again."""
        self.show_member(self.member, self.record, self.settings, self.today)
