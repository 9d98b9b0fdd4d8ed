"""Supervision and appraisal (reg 33): what is due, the sessions held, and a dialog to add one."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from carehome_desk.models.changes import Changes
from carehome_desk.models.dates import format_uk
from carehome_desk.models.staff import StaffMember
from carehome_desk.models.status import Requirement
from carehome_desk.models.supervision import Session, SessionKind, validate_session
from carehome_desk.store import Store, ValidationError
from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.ui.workforce.dbs_tab import small_table
from carehome_desk.ui.widgets.field_form import RecordDialog, every_problem, read_date
from carehome_desk.ui.widgets.record_table_model import Column, RecordTableModel
from carehome_desk.ui.widgets.status_style import StatusBanner
from carehome_desk.ui.widgets.style import role_label

SESSION_COLUMNS: list[Column[Session]] = [
    Column("Date", lambda s: format_uk(s.held_on), sort_key=lambda s: s.held_on),
    Column("Kind", lambda s: s.kind.label),
    Column("Given by", lambda s: s.supervisor),
    Column("Note", lambda s: s.note, tooltip=lambda s: s.note),
]


def default_supervisor(store: Store, member: StaffMember) -> str:
    """Who usually holds a session: the home's registered manager, or for the manager themself the responsible
    individual; blank (the field's hint asks for a name) when the home's settings do not name them."""
    home = store.homes.get(member.home_id)
    manager, individual = (" ".join(name.split()) for name in (home.registered_manager, home.responsible_individual))
    if manager.casefold() == " ".join(member.full_name.split()).casefold():
        return individual
    return manager


class SessionDialog(RecordDialog):
    """Record a supervision or an appraisal once it has happened."""

    def __init__(self, store: Store, member: StaffMember, kind: SessionKind, parent: QWidget | None = None):
        super().__init__(f"Add {kind.label.lower()}: {member.full_name}",
                         "Record it once it has happened. Keep the note short: the full record stays in "
                         "the supervision file.", parent)
        self.store = store
        self.member = member
        self.kind = QComboBox()
        for k in SessionKind:
            self.kind.addItem(k.label, k.value)
        self.kind.setCurrentIndex(self.kind.findData(kind.value))
        self.held_on = DateField(store.today())
        self.held_on.set_value(store.today())
        self.supervisor = QLineEdit()
        self.supervisor.setMaxLength(200)
        # A person Ofsted can read, not the computer's login name ("office", "root").
        self.supervisor.setText(default_supervisor(store, member))
        self.supervisor.setPlaceholderText("The name of the person who held it")
        self.note = QLineEdit()
        self.note.setMaxLength(1000)
        self.fields.add("kind", "&Kind", self.kind)
        self.fields.add("held_on", "&Date", self.held_on)
        self.fields.add("supervisor", "&Given by", self.supervisor)
        self.fields.add("note", "&Note", self.note)
        self.supervisor.setFocus()

    def write(self) -> Changes:
        problems: dict[str, str] = {}
        held = read_date(self.held_on, "held_on", problems)
        if held is None and "held_on" not in problems:
            problems["held_on"] = "Enter the date it was held."
        today = self.store.today()

        def typed(stand_in: date) -> Session:  # the stand-in for a date not read: its problem is there
            return Session(staff_id=self.member.id, kind=SessionKind(self.kind.currentData()), held_on=held or stand_in,
                           supervisor=self.supervisor.text().strip(), note=self.note.text().strip())

        every = every_problem(problems, lambda stand_in: validate_session(typed(stand_in), self.member, today))
        if every:
            raise ValidationError(every)
        return self.store.workforce.add_session(typed(today))[1]


class SupervisionTab(QWidget):
    """Next supervision, appraisal, induction and probation with their sources; sessions newest first."""

    #: Emitted with Changes after a save.
    changed = Signal(object)
    #: The status bar's words after a save ("Saved the supervision of … held on …").
    saved_message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.member: StaffMember | None = None
        self.current = False
        self.dialog: QDialog | None = None
        # Four statuses at most: banners show each one in full, its rule included, without scrolling.
        self.banners = [StatusBanner() for _ in range(4)]
        self.requirements: list[Requirement] = []
        self.sessions: RecordTableModel[Session] = RecordTableModel(SESSION_COLUMNS, self)
        self.session_table = small_table(self.sessions, "Supervisions and appraisals held")
        self.supervision_button = QPushButton("Add &supervision…")
        self.supervision_button.clicked.connect(lambda: self.add_session(SessionKind.SUPERVISION))
        self.appraisal_button = QPushButton("Add &appraisal…")
        self.appraisal_button.clicked.connect(lambda: self.add_session(SessionKind.APPRAISAL))
        top = QHBoxLayout()
        top.addWidget(QLabel("<b>What is due</b>"))
        top.addStretch(1)
        top.addWidget(self.supervision_button)
        top.addWidget(self.appraisal_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        for banner in self.banners:
            layout.addWidget(banner)
        layout.addWidget(role_label("Induction and probation dates are recorded on the Details tab. How often "
                                    "supervision falls due is provider policy, not law.", "hint"))
        layout.addWidget(QLabel("<b>Sessions held</b> (newest first)"))
        layout.addWidget(self.session_table, 1)
        self.show_member(None, [], [], False)

    def show_member(self, member: StaffMember | None, requirements: list[Requirement], sessions: list[Session],
                    current: bool) -> None:
        """Show what is due and the sessions held."""
        self.member, self.current = member, current
        due = [r for r in requirements if r.area == "Supervision"]
        self.requirements = due
        for index, banner in enumerate(self.banners):
            req = due[index] if index < len(due) else None
            banner.show_requirement(req, title=req.requirement if req else "")
        self.sessions.set_rows(sorted(sessions, key=lambda s: (s.held_on, s.id), reverse=True))
        self.session_table.resizeColumnsToContents()
        for button in (self.supervision_button, self.appraisal_button):
            button.setEnabled(member is not None)

    def add_session(self, kind: SessionKind) -> None:
        """Open the dialog to record a supervision or an appraisal."""
        if self.member is None:
            return
        dialog = SessionDialog(self.store, self.member, kind, parent=self)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._saved(dialog))
        dialog.open()

    def _saved(self, dialog: SessionDialog) -> None:
        self.changed.emit(dialog.changes)
        kind = SessionKind(dialog.kind.currentData()).label.lower()
        held = dialog.held_on.value()
        when = f", held on {format_uk(held)}" if held is not None else ""
        self.saved_message.emit(f"Saved the {kind} of {dialog.member.full_name}{when}.")
