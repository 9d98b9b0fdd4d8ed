"""A person's incidents beside their physical intervention training: restraints while it had run out are flagged."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from carehome_desk.models.children import Child
from carehome_desk.models.counted import counted
from carehome_desk.models.dates import UK, format_uk
from carehome_desk.models.ids import ChildId
from carehome_desk.models.staff import StaffMember
from carehome_desk.models.staff_incidents import (
    TRAINING_SOURCE,
    StaffIncidentLine,
    restraint_course,
    staff_incident_lines,
)
from carehome_desk.models.status import Requirement
from carehome_desk.models.training import Course, TrainingRecord
from carehome_desk.store import Store
from carehome_desk.ui.widgets.record_table_model import Column, RecordTableModel
from carehome_desk.ui.widgets.style import role_label
from carehome_desk.ui.workforce.dbs_tab import small_table

NONE_YET = "No incidents name this person as involved."
FLAG_COLOUR = "#E69F00"  # orange: look at this; the words say why
TYPE_COLUMN, TYPE_WIDTH = 1, 150  # "Restraint / measure of control" would push the training column out of view


def incident_columns(kids: dict[ChildId, Child]) -> list[Column[StaffIncidentLine]]:
    """Date, type, child, their part and the training flag, in words."""
    def children(line: StaffIncidentLine) -> str:
        return ", ".join(kids[c].named() if c in kids else "?" for c in line.incident.child_ids)

    return [
        Column("Date", lambda ln: f"{ln.incident.occurred_at.astimezone(UK):%d/%m/%Y %H:%M}",
               sort_key=lambda ln: ln.incident.occurred_at),
        Column("Type", lambda ln: ln.incident.type.label, tooltip=lambda ln: ln.incident.type.label),
        Column("Restraint training", lambda ln: ln.flag or ("In date" if ln.incident.type.value == "restraint"
                                                             else ""),
               background=lambda ln: FLAG_COLOUR if ln.flag else None, tooltip=lambda ln: ln.flag,
               header_tooltip="Physical intervention training on the day of a restraint: " + TRAINING_SOURCE),
        Column("Child", children),
        Column("Role", lambda ln: ln.role),
    ]


class StaffIncidentsTab(QWidget):
    """The incidents a person was involved in (double-click or Enter opens one), under their restraint training."""

    #: An incident's id, to open it on the Incidents page.
    incident_requested = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.kids: dict[ChildId, Child] = {}
        self.training = role_label("", "hint")
        self.training.setAccessibleName("Physical intervention training")
        self.summary = role_label("", "hint")
        self.lines: RecordTableModel[StaffIncidentLine] = RecordTableModel(incident_columns(self.kids), self)
        self.table: QTableView = small_table(self.lines, "Incidents this person was involved in")
        self.table.activated.connect(self._open)
        self.table.doubleClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Physical intervention (restraint) training</b>"))
        layout.addWidget(self.training)
        layout.addWidget(QLabel("<b>Incidents</b> (newest first; double-click or Enter opens one)"))
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def show_member(self, member: StaffMember | None, requirements: list[Requirement],
                    records: list[TrainingRecord], courses: list[Course]) -> None:
        """Read the person's incidents and show them beside their restraint training."""
        if member is None:
            self.lines.set_rows([])
            self.training.setText("")
            self.summary.setText("")
            return
        course = restraint_course(courses)
        self.kids.clear()
        self.kids.update({c.id: c for c in self.store.children.list(member.home_id, include_archived=True)})
        lines = staff_incident_lines(member, self.store.incidents.for_staff(member.id), records, course)
        self.lines.set_rows(lines)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(TYPE_COLUMN, min(self.table.columnWidth(TYPE_COLUMN), TYPE_WIDTH))  # the tooltip has it all
        self.training.setText(_training_text(course, requirements, records))
        flagged = sum(1 for ln in lines if ln.flag)
        restraints = sum(1 for ln in lines if ln.incident.type.value == "restraint")
        if not lines:
            self.summary.setText(NONE_YET)
        else:
            self.summary.setText(f"{counted(len(lines), 'incident')}, {counted(restraints, 'restraint')}"
                                 + (f" · {flagged} while their training had run out or before any was recorded"
                                    if flagged else ""))

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.incident_requested.emit(int(self.lines.record(index.row()).incident.id))


def _training_text(course: Course | None, requirements: list[Requirement], records: list[TrainingRecord]) -> str:
    if course is None:
        return ("The course catalogue has no physical intervention course, so restraints cannot be checked "
                "against training. Add one in the course catalogue.")
    req = next((r for r in requirements if r.key == f"course:{int(course.id)}"), None)
    done = [r for r in records if r.course_id == course.id]
    last = max(done, key=lambda r: (r.completed, int(r.id))) if done else None
    parts = [course.name]
    if req is not None:
        parts.append(req.status.label + (f" (due {format_uk(req.due)})" if req.due else ""))
    elif last is None:
        parts.append("Not recorded")
    parts.append(f"last completed {format_uk(last.completed)}" if last else "never recorded")
    return " · ".join(parts) + f". {TRAINING_SOURCE}."
