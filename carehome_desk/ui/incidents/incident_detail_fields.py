"""The fields of one incident type, built from its specs, read back into its details dataclass."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.models.dates import DateFormatError
from carehome_desk.models.ids import StaffId
from carehome_desk.models.incidents import Details, RestraintDetails, RiskLevel, prohibited_sanction_warnings
from carehome_desk.models.staff import StaffMember
from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.ui.widgets.datetime_field import DateTimeField
from carehome_desk.ui.widgets.field_form import FieldForm
from carehome_desk.ui.incidents.incident_detail_specs import SECTIONS, Spec
from carehome_desk.ui.widgets.style import role_label, set_invalid
from carehome_desk.ui.widgets.wrap_check import WrapCheck

POLICE_CALLED = ("Called out by the home", "Attended or involved without a call from the home")


def text_box(lines: int = 3) -> QPlainTextEdit:
    """A few lines of free text; Tab moves on rather than typing a tab."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class MinutesField(QWidget):
    """A whole number of minutes, or empty."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.line = QLineEdit()
        self.line.setMaxLength(5)
        self.line.setPlaceholderText("e.g. 5")
        self.line.setFixedWidth(self.line.fontMetrics().horizontalAdvance("0000000") + 16)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)
        layout.addWidget(QLabel("minutes"))
        layout.addStretch(1)
        self.setFocusProxy(self.line)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt naming
        super().setAccessibleName(name)
        self.line.setAccessibleName(name)

    def set_invalid(self, invalid: bool) -> None:
        set_invalid(self.line, invalid)


class MomentField(DateTimeField):
    """A date and a time, for an event a clock starts from; an older record's day without its time is kept.

    Records made before the time was asked for hold only the day: it is shown with the time box
    empty and saved back unchanged until someone adds the time. A new or changed date needs its time.
    """

    def __init__(self, today: date, now: Any, parent: QWidget | None = None):
        super().__init__(today, now, parent)
        self._day: date | None = None

    def set_moment(self, moment: datetime | None, day: date | None) -> None:
        """Show the recorded time, or (an older record) just its day."""
        self.set_value(moment)
        self._day = day if moment is None else None
        if self._day is not None:
            self.date.set_value(self._day)
            self._loaded = (self.date.text(), "", None)
        self.time.setPlaceholderText("HH:MM?" if self._day is not None else "HH:MM")

    def moment(self) -> tuple[datetime | None, date | None]:
        """(time, None) as entered; (None, day) for an older record's day left as it was.

        Raises DateFormatError as DateTimeField.value does, so a date typed now needs its time.
        """
        if self._day is not None and (self.date.text(), self.time.text()) == self._loaded[:2]:
            return None, self._day
        return self.value(), None


class NameBox(QComboBox):
    """A name typed freely, with the staff ticked as involved offered in its list (Reg 35's "used by", "present")."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = self.lineEdit()
        assert line is not None
        line.setMaxLength(200)
        line.setPlaceholderText("Type, or press Alt+Down to choose from the staff ticked above")

    def text(self) -> str:
        """The name or names as typed or chosen."""
        return self.currentText()

    def setText(self, text: str) -> None:  # noqa: N802 - as QLineEdit
        """Show a name without changing the choices."""
        self.setEditText(text)

    def offer(self, names: list[str]) -> None:
        """Offer these names, keeping what is typed."""
        typed = self.currentText()
        self.blockSignals(True)
        try:
            self.clear()
            self.addItems(names)
            self.setEditText(typed)
        finally:
            self.blockSignals(False)


NAME_KEYS = ("used_by", "others_present")


def day_field(key: str) -> str:
    """The older day-only field kept beside a moment: started_at -> started_on."""
    return key.removesuffix("_at") + "_on"


class DetailFields(QWidget):
    """One group box per section of the type's details; empty for types with no extra fields."""

    edited = Signal()

    def __init__(self, kind: type | None, today: date, now: Any, staff: list[StaffMember],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        self.forms: list[FieldForm] = []
        self.widgets: dict[str, QWidget] = {}
        self.specs: dict[str, Spec] = {}
        self.boxes: list[QGroupBox] = []
        self._staff = sorted(staff, key=lambda m: m.full_name.casefold())
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.warning = role_label("", "banner")
        self.warning.setAccessibleName("Check against reg 19")
        self.warning.hide()
        self.exempt = role_label("Exempt: reg 35(4) — planned restraint used routinely under the child's EHC "
                                 "plan is not subject to these steps.", "hint")
        self.exempt.hide()
        for number, section in enumerate(SECTIONS.get(kind, ()) if kind else ()):
            box = QGroupBox(section.title)
            form = FieldForm()
            box.setLayout(form.layout)
            if section.intro:
                form.layout.addRow(role_label(section.intro, "hint"))
            if kind is RestraintDetails and number == 1:
                form.layout.addRow(self.exempt)
            for spec in section.specs:
                widget = self._make(spec, today, now)
                holder = form.add(spec.key, "" if spec.kind == "check" else spec.label, widget, spec.hint)
                if spec.kind == "check":
                    widget.setAccessibleName(spec.label)
                self.widgets[spec.key] = widget
                self.specs[spec.key] = spec
                if spec.key == "sanction":
                    box_layout = holder.layout()
                    assert isinstance(box_layout, QVBoxLayout)
                    box_layout.insertWidget(1, self.warning)
            self.forms.append(form)
            self.boxes.append(box)
            layout.addWidget(box)
        if "ehc_plan_planned" in self.widgets:
            self.widgets["ehc_plan_planned"].toggled.connect(self._exempt_changed)  # type: ignore[attr-defined]
        if "sanction" in self.widgets:
            self.widgets["sanction"].textChanged.connect(self.update_warnings)  # type: ignore[attr-defined]
            self.widgets["reparation"].toggled.connect(self.update_warnings)  # type: ignore[attr-defined]
        if "staff_id" in self.widgets:
            self.widgets["staff_id"].currentIndexChanged.connect(self._staff_chosen)  # type: ignore[attr-defined]

    # ---- building ----------------------------------------------------------------------------

    def _make(self, spec: Spec, today: date, now: Any) -> QWidget:
        widget: QWidget
        if spec.key in NAME_KEYS:
            widget = NameBox()
            widget.editTextChanged.connect(self._edited)
        elif spec.kind == "text":
            widget = text_box()
            widget.textChanged.connect(self._edited)
        elif spec.kind == "minutes":
            widget = MinutesField()
            widget.line.textEdited.connect(self._edited)
        elif spec.kind == "moment":
            widget = MomentField(today, now)
            widget.edited.connect(self._edited)
        elif spec.kind == "datetime":
            widget = DateTimeField(today, now)
            widget.edited.connect(self._edited)
        elif spec.kind == "date":
            widget = DateField(today)
            widget.edited.connect(self._edited)
        elif spec.kind == "check":
            widget = WrapCheck(spec.label)
            widget.toggled.connect(self._edited)
        elif spec.kind in ("risk", "police_called", "staff"):
            widget = QComboBox()
            if spec.kind == "risk":
                for level in RiskLevel:
                    widget.addItem(level.value.capitalize(), level.value)
            elif spec.kind == "police_called":
                widget.addItems(list(POLICE_CALLED))
            else:
                widget.addItem("Not on the staff list", None)
                for member in self._staff:
                    widget.addItem(member.full_name, int(member.id))
            widget.currentIndexChanged.connect(self._edited)
        else:
            widget = QLineEdit()
            widget.setMaxLength(100 if spec.key.endswith("reference") else 200)
            widget.textEdited.connect(self._edited)
        return widget

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self.edited.emit()

    def refresh_staff(self, staff: list[StaffMember]) -> None:
        """The staff register changed elsewhere: list it again in the staff choice, keeping who is chosen."""
        combo = self.widgets.get("staff_id")
        self._staff = sorted(staff, key=lambda m: m.full_name.casefold())
        if not isinstance(combo, QComboBox):
            return
        chosen = combo.currentData()
        combo.blockSignals(True)
        try:
            combo.clear()
            combo.addItem("Not on the staff list", None)
            for member in self._staff:
                combo.addItem(member.full_name, int(member.id))
            combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen is not None else 0)
        finally:
            combo.blockSignals(False)

    def offer_names(self, names: list[str]) -> None:
        """The staff ticked as involved, offered in the boxes that name who used a measure and who was there."""
        for key in NAME_KEYS:
            widget = self.widgets.get(key)
            if isinstance(widget, NameBox):
                widget.offer(names)

    def _exempt_changed(self, exempt: bool) -> None:
        self.exempt.setVisible(exempt)
        for key in ("record_made_at", "staff_spoken_at", "signed_by", "child_spoken_at", "child_comments"):
            self.widgets[key].setEnabled(not exempt)

    def _staff_chosen(self, _index: int) -> None:
        combo = self.widgets["staff_id"]
        assert isinstance(combo, QComboBox)
        name = self.widgets["staff_name"]
        assert isinstance(name, QLineEdit)
        if not self._loading and combo.currentData() is not None:
            name.setText(combo.currentText())

    def update_warnings(self, *_args: object) -> None:
        """Reg 19 prompts for the sanction as typed: a prompt to check, never a block."""
        text = self.widgets["sanction"]
        tick = self.widgets["reparation"]
        assert isinstance(text, QPlainTextEdit) and isinstance(tick, WrapCheck)
        found = prohibited_sanction_warnings(text.toPlainText(), tick.isChecked())
        self.warning.setVisible(bool(found))
        self.warning.setText("Check this is allowed — it may be a prohibited measure:\n" + "\n".join(
            f"• {label}" for label in found) + "\nThis is a prompt, not a block: save if you are sure it is allowed."
                             if found else "")

    # ---- values ------------------------------------------------------------------------------

    def load(self, details: Details) -> None:
        """Show a type's details (None shows its defaults)."""
        if self.kind is None:
            return
        d = details if isinstance(details, self.kind) else self.kind()
        self._loading = True
        try:
            for key, spec in self.specs.items():
                widget = self.widgets[key]
                if isinstance(widget, MomentField):
                    widget.set_moment(getattr(d, key), getattr(d, day_field(key)))
                else:
                    self._set(widget, spec.kind, getattr(d, key))
        finally:
            self._loading = False
        if "ehc_plan_planned" in self.widgets:
            self._exempt_changed(bool(getattr(d, "ehc_plan_planned")))
        if "sanction" in self.widgets:
            self.update_warnings()

    def _set(self, widget: QWidget, kind: str, value: Any) -> None:
        if isinstance(widget, NameBox):
            widget.setText(value or "")
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")
        elif isinstance(widget, MinutesField):
            widget.line.setText("" if value is None else str(value))
        elif isinstance(widget, DateTimeField | DateField):
            widget.set_value(value)
        elif isinstance(widget, WrapCheck):
            widget.setChecked(bool(value))
        elif isinstance(widget, QComboBox):
            if kind == "police_called":
                widget.setCurrentIndex(0 if value else 1)
            elif kind == "risk":
                widget.setCurrentIndex(max(0, widget.findData(value.value)))
            else:
                widget.setCurrentIndex(max(0, widget.findData(int(value))) if value is not None else 0)
        elif isinstance(widget, QLineEdit):
            widget.setText(value or "")

    def collect(self, problems: dict[str, str]) -> Details:
        """The details as entered; unreadable values are left out with a message in ``problems``."""
        if self.kind is None:
            return None
        values: dict[str, Any] = {}
        for key, spec in self.specs.items():
            widget = self.widgets[key]
            if isinstance(widget, NameBox):
                values[key] = widget.text().strip()
            elif isinstance(widget, QPlainTextEdit):
                values[key] = widget.toPlainText().strip()
            elif isinstance(widget, MinutesField):
                text = widget.line.text().strip()
                if text and not text.isdigit():
                    problems[key] = "Give the duration in whole minutes, for example 5."
                values[key] = int(text) if text.isdigit() else None
            elif isinstance(widget, MomentField):
                try:
                    values[key], values[day_field(key)] = widget.moment()
                except DateFormatError as exc:
                    problems[key] = str(exc)
                    values[key] = values[day_field(key)] = None
            elif isinstance(widget, DateTimeField | DateField):
                try:
                    values[key] = widget.value()
                except DateFormatError as exc:
                    problems[key] = str(exc)
                    values[key] = None
            elif isinstance(widget, WrapCheck):
                values[key] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                if spec.kind == "police_called":
                    values[key] = widget.currentIndex() == 0
                elif spec.kind == "risk":
                    values[key] = RiskLevel(widget.currentData())
                else:
                    values[key] = StaffId(int(widget.currentData())) if widget.currentData() is not None else None
            elif isinstance(widget, QLineEdit):
                values[key] = widget.text().strip()
        result: Details = self.kind(**values)
        return result

    def snapshot(self) -> tuple[object, ...]:
        """What is on screen, to tell whether anything was edited."""
        out: list[object] = []
        for widget in self.widgets.values():
            if isinstance(widget, NameBox):
                out.append(widget.text())
            elif isinstance(widget, QPlainTextEdit):
                out.append(widget.toPlainText())
            elif isinstance(widget, MinutesField):
                out.append(widget.line.text())
            elif isinstance(widget, DateTimeField | DateField | QLineEdit):
                out.append(widget.text())
            elif isinstance(widget, WrapCheck):
                out.append(widget.isChecked())
            elif isinstance(widget, QComboBox):  # by value where there is one: a list refilled keeps its meaning
                out.append(widget.currentIndex() if widget.currentData() is None else widget.currentData())
        return tuple(out)

    def show_problems(self, problems: dict[str, str], focus: bool = True) -> dict[str, str]:
        """Show messages at these fields; return the ones no field here owns."""
        rest = problems
        for form in self.forms:
            before = len(rest)
            rest = form.show_problems(rest, focus=focus)
            focus = focus and len(rest) == before
        return rest

