"""Requirement statuses shared by every register: a word first, a colour second."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum


class Status(str, Enum):
    """Where a requirement stands today."""

    OVERDUE = "overdue"
    MISSING = "missing"
    DUE_SOON = "due_soon"
    IN_DATE = "in_date"

    @property
    def label(self) -> str:
        """The word shown on screen and in exports."""
        return _LABELS[self]

    @property
    def urgency(self) -> int:
        """0 is most urgent; for sorting 'needs action' lists."""
        return _URGENCY[self]

    @property
    def needs_action(self) -> bool:
        """True for overdue, missing and due soon."""
        return self is not Status.IN_DATE


_LABELS = {Status.OVERDUE: "Overdue", Status.MISSING: "Missing", Status.DUE_SOON: "Due soon", Status.IN_DATE: "In date"}
_URGENCY = {Status.OVERDUE: 0, Status.MISSING: 1, Status.DUE_SOON: 2, Status.IN_DATE: 3}


class Basis(str, Enum):
    """Whether a rule is the law, statutory guidance, or the provider's own policy."""

    LAW = "law"
    GUIDANCE = "guidance"
    PRACTICE = "practice"

    @property
    def label(self) -> str:
        """How the basis is described beside a rule."""
        return {"law": "Law", "guidance": "Statutory guidance", "practice": "Provider policy (practice, not law)"}[self.value]


def classify(due: date, today: date, window_days: int) -> Status:
    """Overdue after the due day; due soon from ``window_days`` before it up to the day itself."""
    if today > due:
        return Status.OVERDUE
    if (due - today).days <= window_days:
        return Status.DUE_SOON
    return Status.IN_DATE


@dataclass(frozen=True)
class Requirement:
    """One thing one person must have, and where it stands today."""

    subject_id: int
    subject: str
    area: str
    requirement: str
    status: Status
    due: date | None
    source: str
    basis: Basis
    detail: str = ""
    key: str = ""
    due_at: datetime | None = None  # for deadlines counted in hours (incidents)

    @property
    def sort_key(self) -> tuple[int, date, str, str]:
        """Most urgent first, then the earliest due date, then name and requirement."""
        return (self.status.urgency, self.due or date.min, self.subject, self.requirement)
