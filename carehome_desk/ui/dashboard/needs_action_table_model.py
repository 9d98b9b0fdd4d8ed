"""The dashboard's backlog: every overdue, missing and due-soon item, grouped by area, most urgent first.

A group's heading is a row of its own (``item`` None) spanning the table, so arrows, Enter and
the record role work as on any table; Enter on a heading folds or unfolds its group.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from carehome_desk.models.dates import UK, format_uk, format_uk_moment
from carehome_desk.services.dashboard_backlog import BacklogGroup
from carehome_desk.ui.widgets.record_table_model import Column, ModelIndex, RecordTableModel
from carehome_desk.ui.widgets.status_style import BASIS_SHORT, STATUS_COLOURS, requirement_tooltip

if TYPE_CHECKING:
    from carehome_desk.services.due import DueItem

HEADING_TINT = "#E4E8EE"  # a group's heading row: neutral, never a status colour


@dataclass(frozen=True)
class NeedsRow:
    """One item and its place in the list the core sorted (most urgent first), or a group's heading."""

    rank: int
    item: DueItem | None
    group: str = ""
    counts: str = ""  # a heading's counts: '26 · 3 overdue · 23 due soon'

    @property
    def heading(self) -> bool:
        """True for a group's heading row."""
        return self.item is None


def _cell(text: Callable[[DueItem], str]) -> Callable[[NeedsRow], str]:
    """A column's text for an item row; '' on a heading row (whose text is in the first column)."""
    return lambda r: text(r.item) if r.item is not None else ""


def due_text(item: DueItem) -> str:
    """'03/12/2026', or '23/11/2026 14:05' for a deadline counted in hours (UK time)."""
    r = item.requirement
    if r.due_at is not None:
        return format_uk_moment(r.due_at)
    return format_uk(r.due) or "—"


def _due_key(row: NeedsRow) -> tuple[datetime, int]:
    if row.item is None:
        return datetime.min, row.rank
    r = row.item.requirement
    if r.due_at is not None:
        return r.due_at.astimezone(UK).replace(tzinfo=None), row.rank
    return (datetime.combine(r.due, time(23, 59)) if r.due else datetime.max), row.rank


def _tip(row: NeedsRow) -> str:
    if row.item is None:
        return f"{row.group}: {row.counts}. Press Enter to fold or unfold the group."
    return f"{requirement_tooltip(row.item.requirement)}\nHome: {row.item.home.name}"


def _status(row: NeedsRow) -> str:
    if row.item is None:
        return f"{row.group} ({row.counts})"
    return row.item.requirement.status.label


COLUMNS: list[Column[NeedsRow]] = [
    # The status column sorts by the core's order, which puts the most urgent first.
    Column("Status", _status, sort_key=lambda r: r.rank,
           background=lambda r: STATUS_COLOURS[r.item.requirement.status] if r.item is not None else HEADING_TINT,
           tooltip=_tip),
    Column("Due", _cell(due_text), sort_key=_due_key, tooltip=_tip,
           header_tooltip="DD/MM/YYYY; deadlines counted in hours (incident steps) show the time too"),
    Column("Home", _cell(lambda i: i.home.name)),
    Column("Area", _cell(lambda i: i.requirement.area)),
    Column("Who or what", _cell(lambda i: i.requirement.subject), tooltip=_tip),
    Column("What is needed", _cell(lambda i: i.requirement.requirement), tooltip=_tip),
    Column("Rule", _cell(lambda i: f"{i.requirement.source} ({BASIS_SHORT[i.requirement.basis]})"),
           tooltip=_tip, header_tooltip="Where the rule comes from, and whether it is law or your own policy"),
]
HOME_COLUMN = 2


class NeedsActionTableModel(RecordTableModel[NeedsRow]):
    """Needs-action rows through the columns above (the Home column shows in the all-homes view)."""

    def __init__(self, parent: Any = None):
        super().__init__(COLUMNS, parent)
        self._bold = QFont()
        self._bold.setBold(True)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole and index.isValid() and self.record(index.row()).heading:
            return self._bold
        return super().data(index, role)

    def set_items(self, items: list[DueItem]) -> None:
        """Show these items in the order given (no group headings)."""
        self.set_rows([NeedsRow(rank, item) for rank, item in enumerate(items)])

    def set_groups(self, groups: list[BacklogGroup]) -> None:
        """Each group's heading, then its items: the rank follows the rows, so sorting by status keeps them."""
        rows: list[NeedsRow] = []
        for group in groups:
            rows.append(NeedsRow(len(rows), None, group.name, group.counts))
            for item in group.items:
                rows.append(NeedsRow(len(rows), item, group.name))
        self.set_rows(rows)

    def update_groups(self, groups: list[BacklogGroup]) -> None:
        """``set_groups``, telling the views only of the rows that differ: a row's rank is its place in the
        list, so a row that only moved down (an item came in above it) is the same row."""
        rows: list[NeedsRow] = []
        for group in groups:
            rows.append(NeedsRow(len(rows), None, group.name, group.counts))
            for item in group.items:
                rows.append(NeedsRow(len(rows), item, group.name))
        self.update_rows(rows, lambda a, b: (a.item, a.group, a.counts) == (b.item, b.group, b.counts))

    def items(self) -> list[DueItem]:
        """The items shown (headings left out), in the model's order."""
        return [item for row in range(self.rowCount()) if (item := self.record(row).item) is not None]
