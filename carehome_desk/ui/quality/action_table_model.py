"""The action plan as a table: what, who, when, where it stands (word then colour) and where it came from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

from carehome_desk.models.dates import format_uk
from carehome_desk.models.quality import Action
from carehome_desk.ui.quality.quality_common import ActionState, action_state, source_text
from carehome_desk.ui.widgets.record_table_model import Column, RecordTableModel
from carehome_desk.ui.widgets.sort_proxy import RecordSortProxy


@dataclass(frozen=True)
class ActionRow:
    """One action with its state worked out for today."""

    action: Action
    state: ActionState
    source: str


def build_action_rows(actions: list[Action], today: date, window_days: int) -> list[ActionRow]:
    """Rows for every action."""
    return [ActionRow(a, action_state(a, today, window_days), source_text(a)) for a in actions]


def _tip(r: ActionRow) -> str:
    lines = [r.action.title, r.state.sentence, f"Owner: {r.action.owner}", f"From: {r.source}"]
    if r.action.note:
        lines.append(f"Note: {r.action.note}")
    return "\n".join(lines)


ACTION_COLUMNS: list[Column[ActionRow]] = [
    Column("Action", lambda r: r.action.title, tooltip=_tip),
    Column("Owner", lambda r: r.action.owner),
    Column("Due", lambda r: format_uk(r.action.due), sort_key=lambda r: r.action.due),
    Column("Status", lambda r: r.state.word, sort_key=lambda r: (r.state.urgency, r.action.due),
           background=lambda r: r.state.colour, tooltip=lambda r: r.state.sentence,
           header_tooltip="Overdue and due soon are worked out from the due date; done late means completed "
                          "after it."),
    # The source (with the regulation or Guide paragraph) before the mostly empty "Done on", so a laptop
    # shows it rather than "Reg" or "Ofst" at the window's edge.
    Column("Source", lambda r: r.source, tooltip=_tip,
           header_tooltip="Where the action came from, with the regulation an Ofsted requirement cites or the "
                          "Guide paragraph of a recommendation."),
    Column("Done on", lambda r: format_uk(r.action.completed_on), sort_key=lambda r: r.action.completed_on),
]
SOURCE = [c.header for c in ACTION_COLUMNS].index("Source")


class ActionTableModel(RecordTableModel[ActionRow]):
    """The action plan."""

    def __init__(self, parent: Any = None):
        super().__init__(ACTION_COLUMNS, parent)

    def row_of(self, action_id: int) -> int:
        """The row showing an action, or -1."""
        return next((i for i in range(self.rowCount()) if int(self.record(i).action.id) == action_id), -1)


class ActionShow(str, Enum):
    """Which actions the table shows."""

    OPEN = "open"
    OVERDUE = "overdue"
    ALL = "all"

    @property
    def label(self) -> str:
        """In words."""
        return {"open": "Open (not done or dropped)", "overdue": "Overdue only", "all": "All actions"}[self.value]


class ActionFilterProxy(RecordSortProxy):
    """Sorts on raw values; filters by text on any column and by open / overdue / all."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.show = ActionShow.OPEN

    def set_show(self, show: ActionShow) -> None:
        """Show open, overdue or all actions."""
        self.refilter(lambda: setattr(self, "show", show))

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        if isinstance(model, ActionTableModel) and 0 <= source_row < model.rowCount():
            row = model.record(source_row)
            if self.show is ActionShow.OPEN and row.action.status.closed:
                return False
            if self.show is ActionShow.OVERDUE and not row.state.overdue:
                return False
        return super().filterAcceptsRow(source_row, source_parent)
