"""Add or edit an action, and mark one done: problems show at their fields and nothing is saved until all are right."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from carehome_desk.models.calendar_math import add_months
from carehome_desk.models.changes import Changes
from carehome_desk.models.dates import format_uk
from carehome_desk.models.home import Home
from carehome_desk.models.quality import Action, ActionSource, ActionStatus, validate_action
from carehome_desk.store import Store, ValidationError
from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.ui.widgets.field_form import RecordDialog, as_read, every_problem, read_date
from carehome_desk.ui.quality.quality_common import slack_at_bottom

REGULATION_HINT = ("An Ofsted requirement cites its regulation (Reg 35(3)(b)); a recommendation its Guide "
                   "paragraph (Guide 15.4).")


def new_action(home: Home, owner: str, today: date, **values: object) -> Action:
    """A blank action for a home: owned by ``owner``, due in three months unless told otherwise."""
    base = Action(home.id, "", owner, add_months(today, 3))
    return replace(base, **values)  # type: ignore[arg-type]


def _short_text(lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class ActionDialog(RecordDialog):
    """An action's what, who, when, status and source; an Ofsted requirement must name its regulation."""

    def __init__(self, store: Store, action: Action, parent: QWidget | None = None, intro: str = ""):
        editing = bool(action.id)
        super().__init__("Edit action" if editing else "New action",
                         intro or "Say what needs doing, who owns it and by when. Overdue actions appear in "
                         "the dashboard's Needs action list and are marked Overdue on the action plan.", parent)
        self.store = store
        self.action = action
        self.saved: Action | None = None
        today = store.today()
        self.title_box = _short_text(2)
        self.owner = QLineEdit()
        self.owner.setMaxLength(200)
        self.due = DateField(today)
        self.status = QComboBox()
        for status in ActionStatus:
            self.status.addItem(status.label, status.value)
        self.completed = DateField(today)
        self.source = QComboBox()
        for source in ActionSource:
            self.source.addItem(source.label, source.value)
        self.regulation = QLineEdit()
        self.regulation.setMaxLength(100)
        self.source_ref = QLineEdit()
        self.source_ref.setMaxLength(200)
        self.source_ref.setPlaceholderText("e.g. visit 04/09/2026, inspection 09/04/2026 or a criterion (HP3)")
        self.note = _short_text(2)
        self.fields.add("title", "&What needs doing", self.title_box)
        self.fields.add("owner", "&Owner", self.owner)
        self.fields.add("due", "&Due by", self.due)
        self.fields.add("status", "S&tatus", self.status)
        self.fields.add("completed_on", "Done o&n", self.completed, hint="Only for a done action.")
        self.fields.add("source", "So&urce", self.source)
        self.fields.add("regulation", "&Regulation or Guide paragraph", self.regulation, hint=REGULATION_HINT)
        self.fields.add("source_ref", "&From", self.source_ref)
        self.fields.add("note", "Not&e", self.note)
        self.title_box.setPlainText(action.title)
        self.owner.setText(action.owner)
        self.due.set_value(action.due)
        self.status.setCurrentIndex(self.status.findData(action.status.value))
        self.completed.set_value(action.completed_on)
        self.source.setCurrentIndex(self.source.findData(action.source.value))
        self.regulation.setText(action.regulation)
        self.source_ref.setText(action.source_ref)
        self.note.setPlainText(action.note)
        self._set_aside = ""  # the Done on date while the status is not Done
        self.status.currentIndexChanged.connect(self._status_changed)
        self.setMinimumWidth(640)
        slack_at_bottom(self, self.buttons)
        self.title_box.setFocus()

    def _status_changed(self, _index: int) -> None:
        # Choosing Done fills in today, which is when most actions are marked done; the date stays editable.
        # Leaving Done puts the date aside (only a done action has one), so Save never blames the manager for a
        # date the dialog filled in; choosing Done again brings back the date put aside.
        if self.status.currentData() == ActionStatus.DONE.value:
            if not self.completed.text().strip():
                self.completed.line.setText(self._set_aside or format_uk(self.store.today()))
        elif self.completed.text().strip():
            self._set_aside = self.completed.text()
            self.completed.set_value(None)

    def on_screen(self) -> tuple[Action, dict[str, str]]:
        """The action as typed, and any problems reading it."""
        problems: dict[str, str] = {}
        due = read_date(self.due, "due", problems)
        if due is None and "due" not in problems:
            problems["due"] = "Enter the date it is due by."
        completed = read_date(self.completed, "completed_on", problems)
        status = ActionStatus(self.status.currentData())
        if completed is not None and status is not ActionStatus.DONE:
            problems["completed_on"] = "Only a done action has a completion date: set the status to Done, or clear it."
        today = self.store.today()

        def typed(stand_in: date) -> Action:  # the stand-in for a date not read: its problem is there
            return replace(self.action, title=" ".join(self.title_box.toPlainText().split()),
                           owner=self.owner.text().strip(), due=due or stand_in, status=status,
                           completed_on=as_read(completed, "completed_on", problems, stand_in),
                           source=ActionSource(self.source.currentData()), regulation=self.regulation.text().strip(),
                           source_ref=self.source_ref.text().strip(), note=self.note.toPlainText().strip())

        # The title, owner and regulation are said with a date that cannot be read, and nothing is said that
        # rests on the unreadable date (every_problem).
        every = every_problem(problems, lambda stand_in: validate_action(typed(stand_in), today))
        return replace(typed(today), due=due or self.action.due), every

    def write(self) -> Changes:
        action, problems = self.on_screen()
        if problems:
            raise ValidationError(problems)
        self.saved, changes = self.store.quality.save_action(action)
        return changes


class MarkDoneDialog(RecordDialog):
    """Mark an action done on a date (today unless told otherwise)."""

    def __init__(self, store: Store, action: Action, parent: QWidget | None = None):
        super().__init__("Mark action done", f"{action.title}\nDue {format_uk(action.due)}; owner {action.owner}.",
                         parent)
        self.store = store
        self.action = action
        self.completed = DateField(store.today())
        self.completed.set_value(store.today())
        self.note = QLineEdit()
        self.note.setMaxLength(1000)
        self.note.setText(action.note)
        self.fields.add("completed_on", "Done &on", self.completed)
        self.fields.add("note", "&Note", self.note, hint="What was done, briefly; the evidence stays in your files.")
        self.completed.setFocus()

    def write(self) -> Changes:
        problems: dict[str, str] = {}
        done = read_date(self.completed, "completed_on", problems)
        if done is None and "completed_on" not in problems:
            problems["completed_on"] = "Enter the date it was done."
        if problems:
            raise ValidationError(problems)
        action = replace(self.action, status=ActionStatus.DONE, completed_on=done, note=self.note.text().strip())
        return self.store.quality.save_action(action)[1]
