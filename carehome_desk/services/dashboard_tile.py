"""The dashboard's plain values (a tile, a chart's series, a home's summary line): no store, no Qt, no core
figures, so the window's first frame can be built and shown before any of those is imported."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from carehome_desk.models.home import Grade, Home
from carehome_desk.models.status import Status

if TYPE_CHECKING:  # a type hint only: the due rules are not loaded for it
    from carehome_desk.services.due import DueItem


@dataclass(frozen=True)
class Tile:
    """One dashboard tile: a headline figure, a line of detail, what it counts, and where it leads."""

    key: str
    title: str
    value: str
    detail: str
    counts: str
    status: Status | None = None  # drives the colour; the words carry the meaning
    opens: str = ""  # the page a click opens, e.g. 'Training' or 'Incidents'
    filter: str = ""  # the filter that page applies, e.g. 'needs_action'
    target: int | None = None  # a rate tile's on-time target (%), the provider's setting

    def to_dict(self) -> dict[str, Any]:
        """As kept in the start snapshot (plain JSON values)."""
        return {"key": self.key, "title": self.title, "value": self.value, "detail": self.detail,
                "counts": self.counts, "status": self.status.value if self.status is not None else None,
                "opens": self.opens, "filter": self.filter, "target": self.target}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Tile:
        """Back from the start snapshot; a field of the wrong kind raises ValueError or TypeError."""
        status = raw.get("status")
        fields = [raw[k] for k in ("key", "title", "value", "detail", "counts", "opens", "filter")]
        if not all(isinstance(v, str) for v in fields):
            raise TypeError("a tile's words are not text")
        key, title, value, detail, counts, opens, filter_key = fields
        target = raw.get("target")
        if target is not None and (not isinstance(target, int) or isinstance(target, bool)):
            raise TypeError("a tile's target is not a whole number")
        return cls(key, title, value, detail, counts, Status(status) if status is not None else None, opens,
                   filter_key, target)


@dataclass(frozen=True)
class Series:
    """Chart data: month labels (en-GB) and named series of values."""

    months: list[date]
    values: dict[str, list[float]]

    @property
    def labels(self) -> list[str]:
        """'Jan 26' style month labels."""
        return [m.strftime("%b %y") for m in self.months]


GRADE_SCORE = {Grade.INADEQUATE: 1.0, Grade.REQUIRES_IMPROVEMENT: 2.0, Grade.GOOD: 3.0, Grade.OUTSTANDING: 4.0}


@dataclass(frozen=True)
class HomeSummary:
    """One row of the responsible individual's all-homes summary."""

    home: Home
    workforce_percent: float | None
    overdue: int
    missing: int
    due_soon: int
    restraints_30: int
    missing_30: int
    open_actions: int


def home_counts(items: list[DueItem]) -> Counter[Status]:
    """How many of a home's needs-action items are overdue, missing and due soon: the one rule the
    all-homes row and the home's own list (with its Next 72 hours band) both count by."""
    return Counter(i.requirement.status for i in items)
