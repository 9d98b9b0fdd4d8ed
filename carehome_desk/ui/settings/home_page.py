"""Home settings: the home's details and last full inspection, edited with inline validation."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QListWidget, QMessageBox, QPlainTextEdit,
    QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.dates import DateFormatError, format_uk
from carehome_desk.models.home import URN_HELP, Grade, Home, HomeDetails, Judgement, validate_home
from carehome_desk.store import Store, StoreError
from carehome_desk.models.dates import UK
from carehome_desk.ui.settings.backup_box import BackupBox
from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.models.field_labels import NOT_SHOWN, field_label
from carehome_desk.ui.widgets.page import Page, PageId
from carehome_desk.ui.settings.policy_box import PolicyBox
from carehome_desk.ui.settings.retention_box import RetentionBox
from carehome_desk.ui.widgets.saving import save_form, save_row, saved_at
from carehome_desk.ui.widgets.side_or_below import SideOrBelow
from carehome_desk.ui.widgets.style import heading, role_label, set_invalid



class _Fields:
    """The page's own field rows as the shared saving code reads them (widgets.field_form.MarkedForm)."""

    def __init__(self, errors: dict[str, QLabel], inputs: dict[str, QWidget]):
        self.errors, self.inputs = errors, inputs
        self.captions: dict[str, QLabel] = {}
        self.shown: dict[str, str] = {}

    def name(self, key: str) -> str:
        caption = self.captions.get(key)
        return caption.text().replace("&", "") if caption is not None else self.inputs[key].accessibleName()


class HomePage(Page):
    """View and edit the current home's details; Save (Ctrl+S) or Revert."""

    # Made by save_row() and message_lines() (widgets.saving.EditingForm).
    save_button: QPushButton
    revert_button: QPushButton
    state: QLabel
    conflict: QLabel
    general: QLabel

    page_id = PageId.HOME_SETTINGS
    title = page_id.value
    HINTED = ("local_authority", "registration_date", "records_start")  # hints shown under the field

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self._home: Home | None = None
        self._loaded: tuple[object, ...] = ()
        self._loading = False
        self._errors: dict[str, QLabel] = {}
        self._inputs: dict[str, QWidget] = {}
        self._fields = _Fields(self._errors, self._inputs)
        self._touched: set[str] = set()

        today = store.today()
        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.urn = QLineEdit()
        self.urn.setMaxLength(16)
        self.urn.setPlaceholderText("SC123456")
        self.urn.setToolTip(URN_HELP)
        self.address = QPlainTextEdit()
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.address.fontMetrics().lineSpacing() * 5 + 12)
        self.manager = QLineEdit()
        self.manager.setMaxLength(200)
        self.ri = QLineEdit()
        self.ri.setMaxLength(200)
        self.registration = DateField(today)
        self.local_authority = QLineEdit()
        self.local_authority.setMaxLength(200)
        self.local_authority.setPlaceholderText("for example Leeds City Council")
        self.records_start = DateField(today)
        self.secure = QCheckBox("This is a secure children's home")
        self.inspection = DateField(today)
        self.grades: dict[Judgement, QComboBox] = {}
        for judgement in Judgement:
            combo = QComboBox()
            combo.addItem("Not recorded", None)
            for grade in Grade:
                combo.addItem(grade.label, grade.value)  # plain text: Qt turns str enums into str
            self.grades[judgement] = combo

        self.page_heading = heading(self.title)  # the page's own heading, as on every other page
        self.heading = heading("", size_delta=3)  # the home's name
        self.subheading = role_label("", "hint")
        self.conflict = role_label("", "banner")
        self.conflict.hide()

        details = QGroupBox("Home details")
        form = QFormLayout(details)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._row(form, "name", "&Name", self.name)
        self._row(form, "urn", "Ofsted &URN", self.urn, hint=URN_HELP)
        self._row(form, "address", "&Address", self.address)
        self._row(form, "registered_manager", "Registered &manager", self.manager)
        self._row(form, "responsible_individual", "Responsible &individual", self.ri)
        self._row(form, "local_authority", "&Local authority", self.local_authority,
                  hint="The council for the home's area (the host authority). Reg 40(1) and reg 41: it is "
                       "told of a death, admissions and discharges only when it is not the child's placing authority.")
        self._row(form, "registration_date", "Re&gistration date", self.registration,
                  hint="Reg 44(2): an independent person visits every month from registration; every month "
                       "without a visit is listed as Overdue.")
        self._row(form, "records_start", "Records here s&tart", self.records_start,
                  hint="Only for a home registered before you kept its records here: Reg 44 months are "
                       "counted from this date instead of the registration date.")
        self._row(form, "secure", "Se&cure home", self.secure,
                  hint="Reg 40(1)(f): after a death, a secure children's home also tells the Prisons and "
                       "Probation Ombudsman.")

        inspection = QGroupBox("Last full inspection")
        iform = QFormLayout(inspection)
        iform.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._row(iform, "last_inspection_date", "&Date", self.inspection)
        self.inspection.setAccessibleName("Last full inspection date")
        for judgement, combo in self.grades.items():
            self._row(iform, f"grade_{judgement.value}", judgement.label, combo)
        iform.addRow(role_label(
            "Grades in Ofsted's words (SCCIF). ‘How well children are helped and protected’ is a "
            "limiting judgement: if it is inadequate, the overall judgement is inadequate.", "hint"))

        buttons = save_row(self, "&Save changes", "&Revert")

        self.history = QListWidget()
        self.history.setAccessibleName("Recent changes to these details")
        self.history.setWordWrap(True)
        history_box = QGroupBox("Recent changes (audit trail)")
        history_layout = QVBoxLayout(history_box)
        history_layout.addWidget(self.history)
        history_layout.addWidget(role_label("Every save is kept with who made it. See all of them "
                                            "under Change history.", "hint"))

        left = QVBoxLayout()
        left.addWidget(self.heading)
        left.addWidget(self.subheading)
        left.addWidget(self.conflict)
        left.addWidget(details)
        left.addWidget(inspection)
        left.addLayout(buttons)
        self.policy = PolicyBox(store)
        self.policy.changed.connect(self.changed.emit)
        left.addWidget(self.policy)
        self.backups = BackupBox(store)
        self.backups.changed.connect(self.changed.emit)
        left.addWidget(self.backups)
        left.addStretch(1)
        form_column = QWidget()
        form_column.setLayout(left)
        form_column.setMaximumWidth(820)  # long lines of input are hard to read on wide screens
        # The audit trail beside the form; under it in a narrow window (150% on a laptop), not cut at the edge.
        self.columns = SideOrBelow(form_column, history_box, side_needs=300, side_width=440)
        # Records past their retention period, for review (issue 15): full width, its reasons are long.
        self.retention = RetentionBox(store)
        below = QVBoxLayout()
        below.addWidget(self.page_heading)
        below.addWidget(self.columns)
        below.addWidget(self.retention)
        inner = QWidget()
        inner.setLayout(below)
        scroll = QScrollArea()
        self.scroll_area = scroll
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not an unnamed Tab stop: its controls are
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        for widget in (self.name, self.urn, self.manager, self.ri, self.local_authority):
            widget.textEdited.connect(self._edited)
        # Inline validation: a field is checked as the user leaves it, not only on Save.
        for key, widget in (("name", self.name), ("urn", self.urn), ("registration_date", self.registration.line),
                            ("records_start", self.records_start.line),
                            ("last_inspection_date", self.inspection.line)):
            widget.editingFinished.connect(lambda key=key: self._check_field(key))
        self.address.textChanged.connect(self._edited)
        self.registration.edited.connect(self._edited)
        self.records_start.edited.connect(self._edited)
        self.secure.toggled.connect(self._edited)
        self.inspection.edited.connect(self._edited)
        for combo in self.grades.values():
            combo.currentIndexChanged.connect(self._edited)
        self._update_state()

    def _row(self, form: QFormLayout, key: str, label: str, widget: QWidget, hint: str | None = None) -> None:
        error = role_label("", "error")
        error.hide()
        error.setAccessibleName(f"{label.replace('&', '')} problem")
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(error)
        holder = QWidget()
        holder.setLayout(box)
        box.setContentsMargins(0, 0, 0, 0)
        caption = QLabel(label)
        caption.setBuddy(widget)
        widget.setAccessibleName(label.replace("&", ""))
        if hint:
            widget.setAccessibleDescription(hint)
            widget.setToolTip(hint)
            if key in self.HINTED:
                box.addWidget(role_label(hint, "hint"))
        form.addRow(caption, holder)
        self._fields.captions[key] = caption
        self._errors[key] = error
        self._inputs[key] = widget

    # ---- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        """Show the saved details of the current home."""
        self._home = self.store.homes.get(self.home_id) if self.home_id is not None else None
        self._loading = True
        try:
            home = self._home
            self.name.setText(home.name if home else "")
            self.urn.setText(home.urn if home else "")
            self.address.setPlainText(home.address if home else "")
            self.manager.setText(home.registered_manager if home else "")
            self.ri.setText(home.responsible_individual if home else "")
            self.registration.set_value(home.registration_date if home else None)
            self.local_authority.setText(home.local_authority if home else "")
            self.records_start.set_value(home.records_start if home else None)
            self.secure.setChecked(bool(home and home.secure))
            self.inspection.set_value(home.last_inspection_date if home else None)
            for judgement, combo in self.grades.items():
                grade = home.last_inspection_grades.get(judgement) if home else None
                combo.setCurrentIndex(max(0, combo.findData(grade.value)) if grade else 0)
        finally:
            self._loading = False
        self._loaded = self._snapshot()
        self._touched = set()
        self._show_problems({}, focus=False)
        self.conflict.hide()
        self._show_heading()
        self._load_history()
        self.retention.set_home(self.home_id)
        self._update_state()

    def on_changes(self, changes: Changes) -> None:
        """Reload when homes changed elsewhere, unless the user is mid-edit."""
        self.retention.on_changes(changes)
        if changes.touches(Register.HOMES) and self._details_dirty():
            self._merge_saved()
        elif changes.touches(Register.HOMES):
            self.refresh()
        elif changes.touches(Register.AUDIT):
            self._load_history()
        if changes.touches(Register.SETTINGS):
            self.backups.reload()  # the policy's kept counts, or the second folder

    def _merge_saved(self) -> None:
        """Another save changed this home while the manager is typing here (recording an inspection
        updates the last inspection): take the new saved version, keep every field they have changed."""
        mine, before = self._snapshot(), self._loaded
        self.reload()  # the newly saved details and version
        fresh = self._loaded
        self._apply_snapshot(tuple(m if m != b else f for m, b, f in zip(mine, before, fresh, strict=True)))
        self._update_state()

    def _apply_snapshot(self, values: tuple[object, ...]) -> None:
        """Put values in the form in ``_snapshot()`` order."""
        name, urn, address, manager, ri, registered, inspected, authority, records_start, secure, *grades = values
        self.name.setText(str(name))
        self.urn.setText(str(urn))
        self.address.setPlainText(str(address))
        self.manager.setText(str(manager))
        self.ri.setText(str(ri))
        self.registration.line.setText(str(registered))
        self.inspection.line.setText(str(inspected))
        self.local_authority.setText(str(authority))
        self.records_start.line.setText(str(records_start))
        self.secure.setChecked(bool(secure))
        for combo, index in zip(self.grades.values(), grades, strict=True):
            combo.setCurrentIndex(int(index))  # type: ignore[call-overload]

    def _show_heading(self) -> None:
        home = self._home
        self.heading.setText(home.name if home else "No home selected")
        if home:
            grade = home.last_inspection_grades.get(Judgement.OVERALL)
            inspected = (f"last full inspection {format_uk(home.last_inspection_date)}"
                         + (f": {grade.value}" if grade else "")) if home.last_inspection_date else "no full inspection recorded"
            self.subheading.setText(f"URN {home.urn} · {inspected}")
        else:
            self.subheading.setText("")

    def _load_history(self) -> None:
        self.history.clear()
        if self.home_id is None:
            return
        entries = self.store.audit.entries(table="homes", record_id=self.home_id, limit=30)
        for entry in entries:
            local = entry.at.astimezone(UK)
            if entry.action.value == "update":
                what = "changed " + ", ".join(field_label("homes", f) for f in entry.changed_fields()
                                              if f not in NOT_SHOWN)
            elif entry.action.value == "insert":
                what = "added the home"
            else:
                what = entry.action.value + "d the home"
            self.history.addItem(f"{format_uk(local.date())} {local:%H:%M} — {entry.user} {what}")
        if not entries:
            self.history.addItem("No changes recorded yet.")

    # ---- editing -------------------------------------------------------------------------

    def _snapshot(self) -> tuple[object, ...]:
        return (
            self.name.text(), self.urn.text(), self.address.toPlainText(), self.manager.text(), self.ri.text(),
            self.registration.text(), self.inspection.text(),
            self.local_authority.text(), self.records_start.text(), self.secure.isChecked(),
            *(combo.currentIndex() for combo in self.grades.values()),
        )

    def _details_dirty(self) -> bool:
        return self._home is not None and self._snapshot() != self._loaded

    def has_unsaved_changes(self) -> bool:
        """True when what is on screen differs from what was loaded (home details or policy)."""
        return self._details_dirty() or self.policy.has_unsaved_changes()

    def unsaved_record(self) -> str:
        """Which part holds the edits: the home's details, the provider policy, or both."""
        parts = [("home details", self._details_dirty()), ("provider policy", self.policy.has_unsaved_changes())]
        return " and ".join(name for name, dirty in parts if dirty)

    def _edited(self, *_args: object) -> None:
        if self._loading:
            return
        self._update_state()

    def _update_state(self) -> None:
        dirty = self._details_dirty()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        if dirty:
            self.state.setText("Unsaved changes")
        elif not self.state.text().startswith("Saved"):
            self.state.setText("")
        for widget in (*self._inputs.values(),):
            widget.setEnabled(self._home is not None)

    def _collect(self) -> tuple[HomeDetails | None, dict[str, str]]:
        problems: dict[str, str] = {}
        dates: dict[str, date | None] = {}
        for key, field in (("registration_date", self.registration), ("records_start", self.records_start),
                           ("last_inspection_date", self.inspection)):
            try:
                dates[key] = field.value()
            except DateFormatError as exc:
                problems[key] = str(exc)
                dates[key] = None
        grades = {j: g for j in self.grades if (g := self.grade_of(j)) is not None}
        details = HomeDetails(
            name=self.name.text(),
            urn=self.urn.text(),
            address=self.address.toPlainText(),
            registered_manager=self.manager.text(),
            responsible_individual=self.ri.text(),
            registration_date=dates["registration_date"],
            last_inspection_date=dates["last_inspection_date"],
            last_inspection_grades=grades,
            local_authority=self.local_authority.text(),
            records_start=dates["records_start"],
            secure=self.secure.isChecked(),
        )
        return details, problems

    def grade_of(self, judgement: Judgement) -> Grade | None:
        """The grade chosen on screen for a judgement (None: not recorded)."""
        value = self.grades[judgement].currentData()
        return Grade(value) if value else None

    def _show_problems(self, problems: dict[str, str], *, focus: bool = True) -> None:
        for key, label in self._errors.items():
            message = problems.get(key)
            label.setText(f"⚠ {message}" if message else "")
            label.setVisible(bool(message))
            widget = self._inputs[key]
            set_invalid(widget.line if isinstance(widget, DateField) else widget, bool(message))
        self._fields.shown = {k: problems[k] for k in self._errors if k in problems}
        if problems and focus:
            first = next(k for k in self._errors if k in problems)
            self._inputs[first].setFocus()

    def _check_field(self, key: str) -> None:
        if self._loading or self._home is None:
            return
        self._touched.add(key)
        details, problems = self._collect()
        assert details is not None
        problems = {**validate_home(details, self.store.today()), **problems}
        self._show_problems({k: v for k, v in problems.items() if k in self._touched}, focus=False)

    def save(self) -> bool:
        """Validate and save; on any problem the saved record is untouched and the form says why."""
        if self.policy.has_unsaved_changes() and not self.policy.save():
            return False
        if self._home is None or not self._details_dirty():
            return True
        current = self._home

        def store_failed(exc: StoreError) -> None:
            QMessageBox.warning(self, "Not saved", str(exc))

        saved = save_form(self, self._collect,
                          lambda details: self.store.homes.update(current.id, details, expect_version=current.version),
                          self._show_problems, store_failed, forms=lambda: (self._fields,))
        if saved is None:
            return False
        home, changes = saved
        self._home = home
        self.state.setText(saved_at(self.store))
        self.reload()
        self.changed.emit(changes)
        self.status_message.emit(f"Saved the details of {home.name}.")
        return True

    def discard(self) -> None:
        """Throw away edits and show the saved details."""
        self.state.setText("")
        self.policy.reload()
        self.reload()
