"""Form rows with a message line under each field, and a small Save/Cancel dialog built on them.

One message per problem, at the field that caused it: calm, not clutter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.models.changes import Changes
from carehome_desk.models.dates import DateFormatError
from carehome_desk.store import ConflictError, StoreError, ValidationError
from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.ui.widgets.style import role_label, set_invalid

#: Forms stop growing here: long lines of input are hard to read on a wide screen.
FORM_MAX_WIDTH = 820


class FieldForm:
    """A QFormLayout whose fields each carry a hidden message label, shown when that field has a problem."""

    def __init__(self, layout: QFormLayout | None = None):
        self.layout = layout if layout is not None else QFormLayout()
        self.layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.errors: dict[str, QLabel] = {}
        self.inputs: dict[str, QWidget] = {}
        self.captions: dict[str, QLabel] = {}
        self.shown: dict[str, str] = {}  # the messages on show, by field

    def add(self, key: str, label: str, widget: QWidget, hint: str = "") -> QWidget:
        """Add a labelled field (``&`` marks the Alt-key) with its message line; a hint shows under it."""
        error = role_label("", "error")
        error.hide()
        plain = label.replace("&", "")
        error.setAccessibleName(f"{plain} problem")
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        if isinstance(widget, QLineEdit | QPlainTextEdit) or getattr(widget, "full_width", False):
            box.addWidget(widget)
        else:  # combo boxes, dates and tick boxes keep their natural width
            box.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft)
        if hint:
            box.addWidget(role_label(hint, "hint"))
            widget.setAccessibleDescription(hint)
        box.addWidget(error)
        holder = QWidget()
        holder.setLayout(box)
        # The holder takes the form's full width so hints and messages wrap at the form's edge.
        holder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        caption = QLabel(label)
        caption.setBuddy(widget)
        widget.setAccessibleName(plain)
        self.layout.addRow(caption, holder)
        self.errors[key] = error
        self.inputs[key] = widget
        self.captions[key] = caption
        return holder

    def set_row_visible(self, key: str, visible: bool) -> None:
        """Show or hide a field with its caption."""
        self.layout.setRowVisible(self.captions[key], visible)

    def show_problems(self, problems: dict[str, str], focus: bool = True) -> dict[str, str]:
        """Show each message at its field (clearing the rest); returns problems no field here owns."""
        for key, label in self.errors.items():
            message = problems.get(key)
            label.setText(f"⚠ {message}" if message else "")
            label.setVisible(bool(message))
            widget = self.inputs[key]
            if hasattr(widget, "set_invalid"):  # compound fields (date and time) mark each of their boxes
                widget.set_invalid(bool(message))
            else:
                set_invalid(widget.line if isinstance(widget, DateField) else widget, bool(message))
        placed = [k for k in self.errors if k in problems]
        self.shown = {k: problems[k] for k in placed}
        if placed and focus:
            self.inputs[placed[0]].setFocus()
        return {k: v for k, v in problems.items() if k not in self.errors}


    def name(self, key: str) -> str:
        """The field's caption as read, or (a tick box, which carries its own text) its accessible name."""
        return self.captions[key].text().replace("&", "") or self.inputs[key].accessibleName()


class MarkedForm(Protocol):
    """Fields with message lines, and which of them show a problem (FieldForm, or a page's own rows)."""

    errors: dict[str, QLabel]
    inputs: dict[str, QWidget]
    shown: dict[str, str]

    def name(self, key: str) -> str: ...


@dataclass(frozen=True)
class Marked:
    """A field showing a problem: its control, its message line, its name and the message."""

    widget: QWidget
    error: QLabel
    name: str
    message: str


def scroll_area_of(widget: QWidget) -> QScrollArea | None:
    """The nearest scroll area whose contents hold ``widget``, if any."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            contents = parent.widget()
            if contents is not None and contents.isAncestorOf(widget):
                return parent
        parent = parent.parentWidget()
    return None


def marked_fields(forms: Iterable[MarkedForm]) -> list[Marked]:
    """The fields showing a problem, in on-screen order: down each scroll area (or window), the areas in the
    order their forms are given (a form column before the panel beside it), left to right within a line."""
    found: list[tuple[int, int, int, Marked]] = []
    areas: list[QWidget] = []
    for form in forms:
        for key, message in form.shown.items():
            widget, error = form.inputs[key], form.errors[key]
            if error.isHidden() or not widget.isVisibleTo(widget.window()):
                continue
            area = scroll_area_of(widget)
            frame = area.widget() if area is not None else None
            frame = frame if frame is not None else widget.window()
            if frame not in areas:
                areas.append(frame)
            at = widget.mapTo(frame, QPoint(0, 0))
            found.append((areas.index(frame), at.y(), at.x(), Marked(widget, error, form.name(key), message)))
    found.sort(key=lambda f: f[:3])
    return [f[3] for f in found]


def reveal(widget: QWidget, *also: QWidget) -> None:
    """Scroll the area holding ``widget`` so that it (and ``also``, its message line say) is in view.

    Messages just shown have no place yet: layouts are settled first, and a FormScrollArea keeps the
    field in view while it refits wrapped text (which moves everything below it).
    """
    area = scroll_area_of(widget)
    if area is None:
        return
    for _ in range(3):  # a layout settling can ask its parent to settle in turn
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    if isinstance(area, FormScrollArea):
        area.keep_in_view(widget, *also)
    else:
        for w in (*also, widget):
            area.ensureWidgetVisible(w, 8, 8)


class FormScrollArea(QScrollArea):
    """A frameless scroll area whose form keeps every wrapped hint and message at its full height.

    QScrollArea sizes its widget from minimumSizeHint, which counts a word-wrapped label as one
    line, and QFormLayout under-reports the height of a field with wrapped text beneath it: on a
    768-pixel-high screen the rows were squeezed until hints and messages overlapped. Each time the
    form is laid out, every visible wrapped label is given the height its text needs at its width.
    """

    def __init__(self, widget: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        # Not a Tab stop of its own (an unnamed stop a screen reader calls "scroll area"): Tab goes to its
        # fields, and the area scrolls to show each one as it takes the focus.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWidget(widget)
        widget.installEventFilter(self)
        self._pending = False
        self._rounds = 0  # fits in a row that changed something; a scroll bar coming and going could loop
        self._in_view: tuple[QWidget, ...] = ()  # a field to keep in view until the form has settled

    def keep_in_view(self, widget: QWidget, *also: QWidget) -> None:
        """Scroll so ``widget`` (and ``also``, shown first, then the field itself) is in view, now and after
        the fits its new message sets off."""
        self._in_view = (*also, widget)
        self._ensure()
        self._schedule()

    def _ensure(self) -> None:
        contents = self.widget()
        for w in self._in_view:
            if contents is not None and contents.isAncestorOf(w) and w.isVisibleTo(self):
                self.ensureWidgetVisible(w, 8, 8)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self._rounds = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self.widget() and event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            self._schedule()
        return False

    def _schedule(self) -> None:
        if not self._pending and self._rounds < 8:
            self._pending = True
            QTimer.singleShot(0, self, self._fit)  # cancelled if the form is closed first

    def _fit(self) -> None:
        self._pending = False
        widget = self.widget()
        if widget is None:
            return
        changed = False
        for label in widget.findChildren(QLabel):
            if not (label.wordWrap() and label.isVisible() and label.width() > 0):
                continue
            # QLabel.heightForWidth never reports less than the label's own minimum height, so a
            # minimum set at a narrow width would stick after the window grows: clear it and measure
            # again whenever the width or the text has changed since the last fit.
            key = f"{label.width()}|{label.text()}"
            if label.property("fitted") == key:
                continue
            before = label.minimumHeight()
            label.setMinimumHeight(0)
            need = label.heightForWidth(label.width())
            label.setMinimumHeight(max(need, 0))
            label.setProperty("fitted", key)
            changed = changed or label.minimumHeight() != before
        self._rounds = self._rounds + 1 if changed else 0
        if self._in_view:
            layout = widget.layout()
            if changed and layout is not None:  # the labels' new heights take their places now, not next pass
                layout.activate()
            self._ensure()
            if not changed:
                self._in_view = ()


def hint_of(holder: QWidget) -> QWidget | None:
    """The hint beneath a field that ``FieldForm.add`` was given a hint for (the holder's second item)."""
    layout = holder.layout()
    item = layout.itemAt(1) if layout is not None else None
    return item.widget() if item is not None else None


def read_date(field: DateField, key: str, problems: dict[str, str]) -> date | None:
    """The date in a field, or None with the reason added to ``problems`` when it cannot be read."""
    try:
        return field.value()
    except DateFormatError as exc:
        problems[key] = str(exc)
        return None


#: What a date that cannot be read (or a required date left blank) stands in as while the record's own
#: checks run: once long before and once long after any date a record holds, so a check comparing another
#: date (or today) with it goes one way with the first and the other way with the second.
STAND_INS = (date(1900, 1, 1), date(2999, 12, 31))


def as_read(value: date | None, key: str, read: Mapping[str, str], stand_in: date) -> date | None:
    """``value``, or ``stand_in`` when the field ``key`` could not be read (its problem is in ``read``)."""
    return stand_in if key in read else value


def every_problem(read: dict[str, str], check: Callable[[date], dict[str, str]]) -> dict[str, str]:
    """Every problem on the form at once: what could not be read, with the record's own checks.

    ``check`` runs the model's validate_* on the record as typed, with ``stand_in`` for each date that
    could not be read (see ``as_read``). A message that rests on the stand-in would say something untrue,
    so while anything is standing in the check runs with each of ``STAND_INS`` and a message is kept only
    when every run gives it, word for word, at the same field: a date judged on its own, or against one
    that was read, is marked now; one compared with the unreadable date waits until that is read.
    A reading problem wins over a check on the same field.
    """
    first, *others = [check(stand_in) for stand_in in (STAND_INS if read else STAND_INS[:1])]
    kept = {key: message for key, message in first.items() if all(run.get(key) == message for run in others)}
    return {**kept, **read}


class RecordDialog(QDialog):
    """A small form: Save (Enter or Ctrl+S) writes through the store; Esc closes without saving.

    Subclasses fill ``self.fields`` and implement ``write()``, raising ValidationError with
    field problems; nothing is saved unless every field is right.
    """

    def __init__(self, title: str, intro: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.fields = FieldForm()
        self.general = role_label("", "error")
        self.general.setAccessibleName("Problem")
        self.general.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.try_save)
        self.changes = Changes()
        layout = QVBoxLayout(self)
        if intro:
            layout.addWidget(role_label(intro, "hint"))
        layout.addLayout(self.fields.layout)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self._tab_order_set = False
        #: What a subclass lays out below the form (a list editor, say): Tab reaches it before Save.
        self.tab_after_fields: list[QWidget] = []

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        """On first show: Tab runs through the fields in form order, then Save and Cancel; focus in the first."""
        super().showEvent(event)
        if self._tab_order_set:
            return
        self._tab_order_set = True
        # Qt's Tab order is creation order, and the buttons are made here before a subclass adds its
        # fields: left alone, a dialog would open on Save and Tab would reach the fields last.
        fields = [w for w in self.fields.inputs.values() if w.focusPolicy() != Qt.FocusPolicy.NoFocus
                  or w.focusProxy() is not None]
        chain = fields + self.tab_after_fields + list(self.buttons.buttons())
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)
        chosen = self.focusWidget()  # a dialog may start further down (the date, with the person filled in)
        first = next((w for w in fields if w.isEnabled() and w.isVisibleTo(self)), None)
        if first is not None and (chosen is None or chosen in self.buttons.buttons()):
            first.setFocus(Qt.FocusReason.TabFocusReason)

    def fit_height(self) -> None:
        """Grow to the height the layout needs at this width, now that messages have appeared.

        A dialog sizes itself from its minimum size hint, which counts a wrapped label as one
        line: a message appearing above a wrapped hint squeezed the rows until the two overlapped.
        """
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        need = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
        if need > self.height():
            self.resize(self.width(), need)

    @property
    def save_button(self) -> QWidget:
        """The Save button."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def write(self) -> Changes:
        """Validate and save through the store; raise ValidationError with field problems."""
        raise NotImplementedError

    def try_save(self) -> bool:
        """Save and close, or show what is wrong and keep the dialog open."""
        try:
            changes = self.write()
        except ValidationError as exc:
            rest = self.fields.show_problems(exc.problems)
            self.general.setText(" ".join(f"⚠ {m}" for m in rest.values()))
            self.general.setVisible(bool(rest))
            self.fit_height()
            return False
        except StoreError as exc:
            self.fields.show_problems({})
            # A refusal because of someone else's save or archiving says "not saved" itself.
            self.general.setText(f"⚠ {exc}" if isinstance(exc, ConflictError) else f"⚠ Not saved: {exc}")
            self.general.show()
            self.fit_height()
            return False
        self.changes = changes
        self.accept()
        return True
