"""The staff list: one row per person with the few facts a manager scans for, computed once per reload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

from carehome_desk.models.dates import format_uk
from carehome_desk.models.qualifications import CONFIRM_KEY, QualificationKind, QualificationStatus, required_kind
from carehome_desk.models.settings import ProviderSettings
from carehome_desk.models.staff import StaffMember, StaffRole
from carehome_desk.models.status import Requirement, Status
from carehome_desk.models.workforce import WorkforceSnapshot, reg_32_7_flags, staff_requirements
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE, Column, RecordTableModel
from carehome_desk.ui.widgets.sort_proxy import RecordSortProxy
from carehome_desk.ui.widgets.status_style import STATUS_COLOURS, requirement_tooltip


@dataclass(frozen=True)
class StaffRow:
    """A person and what the rules say about them today (leavers have no requirements)."""

    member: StaffMember
    current: bool
    qualification: Requirement | None
    requirements: tuple[Requirement, ...]
    flag: str | None
    qualification_note: str = ""

    @property
    def urgent(self) -> tuple[Requirement, ...]:
        """Overdue and missing items."""
        return tuple(r for r in self.requirements if r.status in (Status.OVERDUE, Status.MISSING))

    @property
    def due_soon(self) -> int:
        """How many items fall due within the warning window."""
        return sum(1 for r in self.requirements if r.status is Status.DUE_SOON)


def build_staff_rows(snap: WorkforceSnapshot, settings: ProviderSettings, today: date) -> list[StaffRow]:
    """Every staff record of the home (leavers too), with today's requirements for those still working."""
    flags = reg_32_7_flags(snap, today)
    rows = []
    for member in snap.staff:
        current = member.is_current(today)
        reqs = tuple(staff_requirements(snap, member, settings, today)) if current else ()
        qual = next((r for r in reqs if r.area == "Qualification" and r.key != CONFIRM_KEY), None)
        rows.append(StaffRow(member, current, qual, reqs, flags.get(member.id),
                             _qualification_note(snap, member)))
    return rows


def _qualification_note(snap: WorkforceSnapshot, member: StaffMember) -> str:
    kind = required_kind(member)
    if kind is None:
        return ""
    record = snap.qualifications.get(member.id, {}).get(kind)
    if record is None:
        return "not started"
    if record.is_equivalent:
        return "equivalent"
    return record.status.label.lower() if record.status is not QualificationStatus.NOT_STARTED else "not started"


def qualification_text(row: StaffRow) -> str:
    """One true statement, the worst first: 'Overdue · L3 enrolled', 'L3 not started · due 11/08/2026',
    'L3 achieved', 'Not required', or '—' for a leaver.

    A status word leads only when it asks for action. While the deadline is still ahead the cell
    says how far they have got and when it is due: "In date · L3 not started" read as both at once.
    """
    if not row.current:
        return "—"
    req = row.qualification
    if req is None:
        return "Not required"
    short = "L5" if req.key.endswith(QualificationKind.LEVEL5.value) else "L3"
    progress = f"{short} {row.qualification_note}".strip()
    if req.status.needs_action:
        text = f"{req.status.label} · {progress}"
    elif req.due is not None and row.qualification_note not in ("achieved", "equivalent"):
        text = f"{progress} · due {format_uk(req.due)}"
    else:
        text = progress
    if any(r.key == CONFIRM_KEY for r in row.requirements):
        text += " · confirm date"  # the due date counts from a date the upgrade or an import guessed
    return text


def needs_action_text(row: StaffRow) -> str:
    """'2 overdue · 1 missing', 'None', or when they left."""
    if not row.current:
        return f"Left {format_uk(row.member.leaving_date)}" if row.member.leaving_date else "Left"
    overdue = sum(1 for r in row.urgent if r.status is Status.OVERDUE)
    missing = len(row.urgent) - overdue
    parts = [f"{overdue} overdue"] if overdue else []
    if missing:
        parts.append(f"{missing} missing")
    return " · ".join(parts) or "None"


def needs_action_tooltip(row: StaffRow) -> str:
    """The overdue and missing items, one a line."""
    if not row.urgent:
        due = f"; {row.due_soon} due soon" if row.due_soon else ""
        return f"Nothing overdue or missing{due}." if row.current else "Leavers drop out of compliance checks."
    return "\n".join(f"{r.status.label}: {r.requirement} ({r.detail})" for r in row.urgent)


def _needs_action_colour(row: StaffRow) -> str | None:
    if any(r.status is Status.OVERDUE for r in row.urgent):
        return STATUS_COLOURS[Status.OVERDUE]
    return STATUS_COLOURS[Status.MISSING] if row.urgent else None


NEEDS_ACTION_HEADING = "Overdue /\nmissing"
LEVEL_HEADING = "Level 3/5"

#: Who they are, then what a manager acts on: what is overdue or missing first (it must stay whole in view beside
#: the open record on a 1366×768 laptop, even at 150% text size), then working before every check is done (a
#: breach of reg 32(7) in itself).
COLUMNS: list[Column[StaffRow]] = [
    Column("Name", lambda r: r.member.full_name, tooltip=lambda r: r.member.full_name),
    Column("Role", lambda r: r.member.role_name, tooltip=lambda r: r.member.role_name),
    Column(NEEDS_ACTION_HEADING, needs_action_text,  # two lines: the cells say "2 overdue", no wider
           sort_key=lambda r: (len(r.urgent), r.due_soon) if r.current else (-1, 0),
           tooltip=needs_action_tooltip, background=_needs_action_colour,
           header_tooltip="Items overdue or missing across qualifications, checks, DBS, training and supervision"),
    Column("Reg 32(7)", lambda r: "Flagged" if r.flag else "", tooltip=lambda r: r.flag or "",
           background=lambda r: STATUS_COLOURS[Status.OVERDUE] if r.flag else None,
           header_tooltip="Reg 32(7): working before every Schedule 2 check is complete"),
    Column(LEVEL_HEADING, qualification_text,
           sort_key=lambda r: (r.qualification.status.urgency if r.qualification else 9,
                               r.qualification.due if r.qualification and r.qualification.due else date.max),
           tooltip=lambda r: requirement_tooltip(r.qualification) if r.qualification else "",
           background=lambda r: STATUS_COLOURS[r.qualification.status]
           if r.qualification and r.qualification.status.needs_action else None,
           header_tooltip="Level 3 Diploma for care roles (reg 32(4)); Level 5 for the registered manager (reg 28)"),
    Column("Care role", lambda r: "Yes" if r.member.is_care_role else "No",
           header_tooltip="Care roles need the Level 3 Diploma (reg 32(4))"),
    Column("Started", lambda r: format_uk(r.member.start_date), sort_key=lambda r: r.member.start_date),
]


def column_index(heading: str) -> int:
    """Where a column is, by its heading: a dashboard tile's sort survives the columns being reordered."""
    return next(i for i, column in enumerate(COLUMNS) if column.header == heading)


class StaffTableModel(RecordTableModel[StaffRow]):
    """Staff rows through the columns above."""

    def __init__(self, parent: Any = None):
        super().__init__(COLUMNS, parent)

    def row_of(self, staff_id: int) -> int:
        """The source row showing a person, or -1."""
        for row in range(self.rowCount()):
            if int(self.record(row).member.id) == staff_id:
                return row
        return -1


class StaffFilterProxy(RecordSortProxy):
    """Text filter over every column, plus a role filter and 'show leavers' (hidden by default)."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.role: StaffRole | None = None
        self.show_leavers = False

    def set_role(self, role: StaffRole | None) -> None:
        """Only this role (None: every role)."""
        self.refilter(lambda: setattr(self, "role", role))

    def set_show_leavers(self, show: bool) -> None:
        """Show or hide people who have left."""
        self.refilter(lambda: setattr(self, "show_leavers", show))

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        row = model.index(source_row, 0, source_parent).data(RECORD_ROLE)
        if row is None:
            return False
        if not row.current and not self.show_leavers:
            return False
        if self.role is not None and row.member.role is not self.role:
            return False
        return super().filterAcceptsRow(source_row, source_parent)
