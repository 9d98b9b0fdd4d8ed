"""The responsible individual's all-homes summary: one line per home, the worst news first to hand."""

from __future__ import annotations

from typing import Any

from carehome_desk.services.dashboard_tile import HomeSummary
from carehome_desk.models.dates import format_uk
from carehome_desk.models.percent import percent_text
from carehome_desk.models.home import Judgement
from carehome_desk.models.status import Status
from carehome_desk.ui.widgets.record_table_model import Column, RecordTableModel
from carehome_desk.ui.widgets.status_style import STATUS_COLOURS


def _count(status: Status, value: Any) -> str | None:
    """A status colour on a count only when there is something to count."""
    return STATUS_COLOURS[status] if value else None


def _inspection(s: HomeSummary) -> str:
    grade = s.home.last_inspection_grades.get(Judgement.OVERALL)
    if s.home.last_inspection_date is None:
        return "None recorded"
    return f"{format_uk(s.home.last_inspection_date)} · {grade.label if grade else 'grade not recorded'}"


COLUMNS: list[Column[HomeSummary]] = [
    Column("Home", lambda s: f"{s.home.name} ({s.home.urn})", sort_key=lambda s: s.home.name),
    Column("Manager", lambda s: s.home.registered_manager or "—", header_tooltip="Registered manager"),
    Column("Workforce", lambda s: "—" if s.workforce_percent is None else percent_text(s.workforce_percent),
           sort_key=lambda s: -1.0 if s.workforce_percent is None else s.workforce_percent, align_right=True,
           header_tooltip="Share of every current staff member's requirements in date or due soon, "
                          "as on the home's tile"),
    Column("Overdue", lambda s: str(s.overdue), sort_key=lambda s: s.overdue, align_right=True,
           background=lambda s: _count(Status.OVERDUE, s.overdue),
           header_tooltip="Items past their deadline, across every register"),
    Column("Missing", lambda s: str(s.missing), sort_key=lambda s: s.missing, align_right=True,
           background=lambda s: _count(Status.MISSING, s.missing),
           header_tooltip="Items with no record at all (a check, a course, a visit)"),
    Column("Due soon", lambda s: str(s.due_soon), sort_key=lambda s: s.due_soon, align_right=True,
           background=lambda s: _count(Status.DUE_SOON, s.due_soon),
           header_tooltip="Items falling due within the home's warning window"),
    Column("Restraints", lambda s: str(s.restraints_30), sort_key=lambda s: s.restraints_30,
           align_right=True, header_tooltip="Restraints in the last 30 days"),
    Column("Missing / away", lambda s: str(s.missing_30), sort_key=lambda s: s.missing_30,
           align_right=True, header_tooltip="Missing-from-care and away-without-authorisation episodes in the last "
           "30 days"),
    Column("Actions open", lambda s: str(s.open_actions), sort_key=lambda s: s.open_actions, align_right=True),
    Column("Last inspection", _inspection, sort_key=lambda s: s.home.last_inspection_date, tooltip=_inspection,
           header_tooltip="Date of the last full inspection and its overall grade"),
]


class HomesSummaryTableModel(RecordTableModel[HomeSummary]):
    """All-homes rows through the columns above."""

    def __init__(self, parent: Any = None):
        super().__init__(COLUMNS, parent)
