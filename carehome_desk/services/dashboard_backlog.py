"""The dashboard's backlog: the needs-action list grouped by area, groups ordered by their most urgent item."""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from carehome_desk.models.status import Status

if TYPE_CHECKING:
    from carehome_desk.services.due import DueItem

#: The group each requirement area falls in, in the manager's words (unlisted areas are their own group).
GROUPS = {"Incident": "Incidents", "Recruitment check": "Recruitment checks and DBS", "DBS": "Recruitment checks and DBS",
          "Training": "Training", "Qualification": "Qualifications", "Supervision": "Supervision and appraisal",
          "Appraisal": "Supervision and appraisal", "Action": "Quality: actions, Reg 44 and Reg 45",
          "Reg 44": "Quality: actions, Reg 44 and Reg 45", "Reg 45": "Quality: actions, Reg 44 and Reg 45"}


def group_of(item: DueItem) -> str:
    """The backlog group an item belongs to."""
    return GROUPS.get(item.requirement.area, item.requirement.area)


@dataclass(frozen=True)
class BacklogGroup:
    """One area's items, most urgent first."""

    name: str
    items: tuple[DueItem, ...]

    @property
    def counts(self) -> str:
        """'26 · 3 overdue · 23 due soon'."""
        by = Counter(i.requirement.status for i in self.items)
        words = [f"{by[s]} {s.label.lower()}" for s in Status if s.needs_action and by[s]]
        return " · ".join([str(len(self.items)), *words])


def backlog(items: list[DueItem], leave_out: Collection[tuple[int, int, str]] = ()) -> list[BacklogGroup]:
    """``items`` (already most urgent first, as ``due_items`` sorts them) grouped by area.

    Groups come in the order of their most urgent item, which is their first. ``leave_out``:
    (home id, subject id, requirement key) of items shown elsewhere (the Next 72 hours band).
    """
    groups: dict[str, list[DueItem]] = {}
    for item in items:
        r = item.requirement
        if (int(item.home.id), r.subject_id, r.key) in leave_out:
            continue
        groups.setdefault(group_of(item), []).append(item)
    return [BacklogGroup(name, tuple(rows)) for name, rows in groups.items()]
