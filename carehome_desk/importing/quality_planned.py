"""What a quality import would write: the planned records, and the actions they would raise or mark done.

The counts use the same rules the quality batch follows when it writes (visit_follow_up,
inspection_follow_up, closed_on), so a dry run says what the import will do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from carehome_desk.models.quality import Action, Inspection, Reg44Visit, Reg45Review, finding_actions, inspection_follow_up
from carehome_desk.models.recommendations import recommendation_actions, visit_follow_up


def visit_actions_to_close(visit: Reg44Visit, done_on: date | None, actions: list[Action]) -> list[Action]:
    """The open actions raised from a visit's recommendations that 'Actions done on' would mark done."""
    if done_on is None:
        return []
    return [a for _, a in recommendation_actions(visit, actions) if a is not None and not a.status.closed]


def finding_actions_to_close(inspection: Inspection, done_on: Mapping[str, date],
                             actions: list[Action]) -> list[Action]:
    """The open actions raised from an inspection's findings that their 'Actions done on' would mark done."""
    return [a for f, a in finding_actions(inspection, actions)
            if a is not None and not a.status.closed and f.text.strip() in done_on]


@dataclass
class PlannedVisit:
    """A visit the file names, as it will be saved, and the day its actions were done (None: leave them open)."""

    record: Reg44Visit
    stored: Reg44Visit | None
    actions_done_on: date | None = None

    @property
    def changed(self) -> bool:
        """True when the visit itself is new or its details changed (not only its actions)."""
        return self.record != self.stored


@dataclass
class PlannedInspection:
    """An inspection the file names, as it will be saved (its findings from the findings sheet merged in).

    ``actions_done_on`` maps a finding's text (stripped) to the day its action was done.
    """

    record: Inspection
    stored: Inspection | None
    actions_done_on: dict[str, date] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        """True when the inspection itself is new or its details or findings changed (not only its actions)."""
        return self.record != self.stored


@dataclass(frozen=True)
class ActionCounts:
    """The actions for the registered manager an import raises open, raises as done, and marks done."""

    raised_open: int = 0
    raised_done: int = 0
    marked_done: int = 0

    def note(self, held_back: bool) -> str | None:
        """One line for the report ('would be' for a dry run or an import held back), or None if there are none."""
        if not (self.raised_open or self.raised_done or self.marked_done):
            return None
        would = "would be " if held_back else ""
        line = (f"Actions for the registered manager: {self.raised_open} {would}raised open, "
                f"{self.raised_done} {would}raised as done (Actions done on)")
        if self.marked_done:
            line += f", {self.marked_done} open one{'s' if self.marked_done != 1 else ''} {would}marked done"
        return line + "."


def count_actions(visits: list[PlannedVisit], inspections: list[PlannedInspection], actions: list[Action],
                  owner: str) -> ActionCounts:
    """What writing these visits and inspections does to the action plan, given the stored ``actions``."""
    raised_open = raised_done = marked_done = 0
    for v in visits:
        if v.changed and owner:
            raised = len(visit_follow_up(v.record, v.stored.recommendations if v.stored else (), owner))
            if v.actions_done_on is None:
                raised_open += raised
            else:
                raised_done += raised
        marked_done += len(visit_actions_to_close(v.record, v.actions_done_on, actions))
    for i in inspections:
        if i.changed and owner:
            for a in inspection_follow_up(i.record, actions, owner):
                if a.title.strip() in i.actions_done_on:
                    raised_done += 1
                else:
                    raised_open += 1
        marked_done += len(finding_actions_to_close(i.record, i.actions_done_on, actions))
    return ActionCounts(raised_open, raised_done, marked_done)


@dataclass
class WritePlan:
    """Every record the import would add or change, in the order it is written, and what it does to actions."""

    visits: list[PlannedVisit]
    reviews: list[Reg45Review]
    inspections: list[PlannedInspection]
    actions: ActionCounts = ActionCounts()

    def __len__(self) -> int:
        return len(self.visits) + len(self.reviews) + len(self.inspections)
