"""The dashboard's needs-action list: every overdue, missing and due-soon item, most urgent first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from carehome_desk.services.due import DueItem
from carehome_desk.models.dates import UK, format_uk
from carehome_desk.ui.widgets.record_table_model import Column, RecordTableModel
from carehome_desk.ui.widgets.status_style import BASIS_SHORT, STATUS_COLOURS, requirement_tooltip


@dataclass(frozen=True)
class NeedsRow:
    """One item and its place in the list the core sorted (most urgent first)."""

    rank: int
    item: DueItem


def due_text(item: DueItem) -> str:
    """'03/12/2026', or '23/11/2026 14:05' for a deadline counted in hours (UK time)."""
    r = item.requirement
    if r.due_at is not None:
        return r.due_at.astimezone(UK).strftime("%d/%m/%Y %H:%M")
    return format_uk(r.due) or "—"


def _due_key(row: NeedsRow) -> tuple[datetime, int]:
    r = row.item.requirement
    if r.due_at is not None:
        return r.due_at.astimezone(UK).replace(tzinfo=None), row.rank
    return (datetime.combine(r.due, time(23, 59)) if r.due else datetime.max), row.rank


def _tip(row: NeedsRow) -> str:
    return f"{requirement_tooltip(row.item.requirement)}\nHome: {row.item.home.name}"


COLUMNS: list[Column[NeedsRow]] = [
    # The status column sorts by the core's order, which puts the most urgent first.
    Column("Status", lambda r: r.item.requirement.status.label, sort_key=lambda r: r.rank,
           background=lambda r: STATUS_COLOURS[r.item.requirement.status], tooltip=_tip),
    Column("Due", lambda r: due_text(r.item), sort_key=_due_key, tooltip=_tip,
           header_tooltip="DD/MM/YYYY; deadlines counted in hours (incident steps) show the time too"),
    Column("Home", lambda r: r.item.home.name),
    Column("Area", lambda r: r.item.requirement.area),
    Column("Who or what", lambda r: r.item.requirement.subject, tooltip=_tip),
    Column("What is needed", lambda r: r.item.requirement.requirement, tooltip=_tip),
    Column("Rule", lambda r: f"{r.item.requirement.source} ({BASIS_SHORT[r.item.requirement.basis]})",
           tooltip=_tip, header_tooltip="Where the rule comes from, and whether it is law or your own policy"),
]
HOME_COLUMN = 2


class NeedsActionTableModel(RecordTableModel[NeedsRow]):
    """Needs-action rows through the columns above (the Home column shows in the all-homes view)."""

    def __init__(self, parent: Any = None):
        super().__init__(COLUMNS, parent)

    def set_items(self, items: list[DueItem]) -> None:
        """Show these items in the order given."""
        self.set_rows([NeedsRow(rank, item) for rank, item in enumerate(items)])

    def items(self) -> list[DueItem]:
        """The items shown, in the model's order."""
        return [self.record(row).item for row in range(self.rowCount())]
