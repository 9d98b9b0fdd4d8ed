"""A coming day's dashboard tiles, as they will be at that day's start: kept ahead for the next start's first frame.

The tiles read the day (every date rule: training expiry, the periods, the quality cycle) and, through
the incident steps, the moment they are judged at: a step still open is due up to its due moment and
overdue after it. Nothing else about the clock enters them. So a coming day's tiles are the dashboard's
own compute for that day (``dashboard_data.compute``, from nothing: no kept slices) judged at 00:00 UK
that day, which is what the store's clock gives for a day that is not its own (``due.judged_at``), and
they hold from that moment until the earliest due moment of a step still open then (the result's
``tiles_until``), while no save changes the records. No rule is worked out here.

Plain Python (no Qt): runs on the dashboard's worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from carehome_desk.models.ids import HomeId
from carehome_desk.services.dashboard_data import Part, PeriodSpec, Request, compute
from carehome_desk.services.dashboard_tile import Tile
from carehome_desk.store import Store


@dataclass(frozen=True)
class AheadTiles:
    """A coming day's tiles, and the moment they stop holding that day (None: all day)."""

    day: date
    tiles: list[Tile]
    until: datetime | None


def tiles_ahead(store: Store, home_id: HomeId, spec: PeriodSpec, day: date) -> AheadTiles:
    """The tiles of ``home_id`` over ``spec`` as they will be at 00:00 UK on ``day``, a day after the store's today."""
    if day <= store.today():
        raise ValueError(f"{day:%d/%m/%Y} is not a coming day: its tiles are the dashboard's own")
    result = compute(store, Request(home_id, day, spec, frozenset({Part.TILES})))
    tiles = result.values.get(Part.TILES)
    if not isinstance(tiles, list):
        raise ValueError("no such home")
    return AheadTiles(day, [t for t in tiles if isinstance(t, Tile)], result.tiles_until)
