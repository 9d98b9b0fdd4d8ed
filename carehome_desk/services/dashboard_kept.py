"""The dashboard's kept slices (see ``dashboard_slices``): what each read, and when each stops holding.

Light on purpose (no store, no rules): the dashboard page makes one ``SliceCache`` with the window,
which may be before the store and the core figures are loaded; only the figures' worker fills it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, TypeVar, cast

from carehome_desk.models.changes import Register
from carehome_desk.models.ids import HomeId, IncidentId, StaffId
from carehome_desk.services.bulk import release_set_aside

if TYPE_CHECKING:
    from carehome_desk.services.dashboard_slices import _StepsKept

T = TypeVar("T")


class Area(str, Enum):
    """What a slice reads."""

    WORKFORCE = "workforce"
    INCIDENTS = "incidents"
    QUALITY = "quality"
    SETTINGS = "settings"


#: The registers each area's slices read. A home's own details (its name, registration date,
#: local authority) are read by every area.
AREA_READS: dict[Area, frozenset[Register]] = {
    Area.WORKFORCE: frozenset({*Register.workforce(), Register.HOMES}),
    Area.INCIDENTS: frozenset({Register.INCIDENTS, Register.NOTIFICATIONS, Register.CHILDREN, Register.HOMES,
                               Register.SETTINGS}),
    Area.QUALITY: frozenset({Register.QUALITY, Register.HOMES, Register.SETTINGS}),
    Area.SETTINGS: frozenset({Register.SETTINGS}),
}


@dataclass
class _Kept:
    value: object
    area: Area
    since: datetime  # the moment it was worked out at
    until: datetime | None  # kept while the clock is not past this moment (None: until a save)


@dataclass
class SliceCache:
    """The slices kept since the last compute, and which were worked out afresh by the last one."""

    kept: dict[tuple[object, ...], _Kept] = field(default_factory=dict)
    day: date | None = None
    #: The names of the slices the last ``begin`` … compute worked out from the store (for tests and timing).
    made: list[str] = field(default_factory=list)
    #: Each home's incidents' steps as last worked out, kept through saves: see ``Slices.steps``.
    steps_by_incident: dict[HomeId, dict[IncidentId, _StepsKept]] = field(default_factory=dict)
    #: Each home's people's training counts for the training chart (``training_compliance_trend``'s memo).
    training_counts: dict[HomeId, dict[StaffId, tuple[object, list[tuple[int, int]]]]] = field(default_factory=dict)

    def begin(self, today: date, changed: frozenset[Register] | None,
              homes: frozenset[HomeId] | None = None) -> None:
        """Drop what a save changed (``None``: anything may have changed) or what a new day moves.

        ``homes``: the homes whose records the saves changed, when they said (``Changes.homes``): another
        home's slices stay. A slice of no one home (the settings) is dropped by its registers alone.
        """
        self.made = []
        if self.day is not None and today != self.day:
            release_set_aside()  # yesterday's records go: nothing set aside stays out of the collector's reach
        if changed is None or today != self.day:
            self.kept.clear()
            self.steps_by_incident.clear()
            self.training_counts.clear()
        elif changed:
            self.kept = {k: v for k, v in self.kept.items() if not AREA_READS[v.area] & changed
                         or (homes is not None and len(k) > 1 and k[1] not in homes)}
        self.day = today

    def get(self, key: tuple[object, ...], area: Area, now: datetime,
            make: Callable[[], tuple[T, datetime | None]]) -> T:
        """The kept slice under ``key`` if it still holds at ``now``; else work it out with ``make``."""
        kept = self.kept.get(key)
        if kept is not None and self._holds(kept, now):
            return cast(T, kept.value)
        value, until = make()
        self.put(key, area, now, value, until)
        return value

    def holds(self, key: tuple[object, ...], now: datetime) -> bool:
        """True when a slice is kept under ``key`` and still holds at ``now``."""
        kept = self.kept.get(key)
        return kept is not None and self._holds(kept, now)

    def put(self, key: tuple[object, ...], area: Area, now: datetime, value: object,
            until: datetime | None = None) -> None:
        """Keep a slice worked out (or read) at ``now`` by the caller: the all-homes view reads an area
        for every home at once and keeps each home's share under the key its own read would use."""
        self.kept[key] = _Kept(value, area, now, until)
        self.made.append(str(key[0]))

    @staticmethod
    def _holds(kept: _Kept, now: datetime) -> bool:
        from carehome_desk.models.deadlines import utc  # on the worker, with the rules

        return utc(kept.since) <= utc(now) and (kept.until is None or utc(now) <= utc(kept.until))


