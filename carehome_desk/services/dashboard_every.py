"""The all-homes view from the kept slices: every home's row and the needs list of every home.

Each home's share of an area (its workforce snapshot, its children and incidents, its actions,
visits and reviews) is kept as the slice its own dashboard would keep (``dashboard_slices``),
and dropped by the same rules: a save drops the slices reading the registers it changed, a new day
drops everything, and an incident's steps stop holding when an open step falls due. So opening the
view a second time works out nothing again, and after a save only the area it touched is read and
worked out again (its incidents' steps kept through it while none has fallen due).

An area missing for most homes is read for every home at once, a query per register rather
than a query per home (as ``HomeRecords.read_every`` reads); each home's share is kept under the key
its own read would use, so the figures are the same lists in the same order as the home's own read.

While the dashboard is idle, its worker works the other homes out one at a time (``work_out_next``),
each by its own reads, into the same kept slices: opening the view then reads nothing again.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from carehome_desk.models.home import Home
from carehome_desk.models.ids import HomeId
from carehome_desk.models.incidents import IncidentType
from carehome_desk.models.status import Status
from carehome_desk.models.workforce import summarise
from carehome_desk.services.bulk import cycle_collector_paused
from carehome_desk.services.dashboard_kept import Area, SliceCache
from carehome_desk.services.dashboard_slices import Slices
from carehome_desk.store import Store
from carehome_desk.services.dashboard_tile import HomeSummary, home_counts
from carehome_desk.services.due import DueItem
from carehome_desk.services.evidence import Period
from carehome_desk.services.incident_figures import count


def _by_home(rows: list[Any]) -> dict[HomeId, list[Any]]:
    grouped: dict[HomeId, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.home_id].append(row)
    return grouped


#: Every home's records are read at once when at least this share of the homes is missing them: read for
#: all, each home's share costs about two thirds of its own reads (a hundred homes' incidents, staff and
#: quality cycle: 8 ms a home against 12 ms), so fewer missing homes are read on their own.
READ_ALL_FROM = 2 / 3


def read_missing(slices: Slices, homes: list[Home]) -> None:
    """Read, for every home at once, each area whose records are missing for most homes (``READ_ALL_FROM``).

    A home whose area is still kept is left as it is; a few homes' missing areas (one home's after a
    save, or the homes not yet worked out while the dashboard was idle) are left for their own reads.
    """
    store, cache, now = slices.store, slices.cache, slices.now

    def missing(name: str) -> list[Home]:
        wanted = [h for h in homes if not cache.holds((name, h.id), now)]
        return wanted if len(wanted) > 1 and len(wanted) >= READ_ALL_FROM * len(homes) else []

    def keep(name: str, area: Area, wanted: list[Home], share: Callable[[Home], object]) -> None:
        for home in wanted:
            cache.put((name, home.id), area, now, share(home))

    wanted = missing("snapshot")
    if wanted:
        snapshots = store.workforce.snapshots()
        # A home added since the snapshots were read is read on its own.
        keep("snapshot", Area.WORKFORCE, wanted, lambda h: snapshots.get(h.id) or store.workforce.snapshot(h.id))
    wanted = missing("records")
    if wanted:
        children, incidents = _by_home(store.children.list(include_archived=True)), _by_home(store.incidents.list())
        keep("records", Area.INCIDENTS, wanted, lambda h: (list(children.get(h.id, [])),
                                                           list(incidents.get(h.id, []))))
    wanted = missing("quality records")
    if wanted:
        quality = store.quality
        actions, visits, reviews = _by_home(quality.actions()), _by_home(quality.visits()), _by_home(quality.reviews())
        keep("quality records", Area.QUALITY, wanted, lambda h: (list(actions.get(h.id, [])),
                                                                 list(visits.get(h.id, [])),
                                                                 list(reviews.get(h.id, []))))


def home_row(slices: Slices, home: Home, items: list[DueItem]) -> HomeSummary:
    """One home's row, as ``dashboard.all_homes`` counts it, from the home's kept slices and its own items."""
    summary = summarise(slices.workforce_requirements(home))
    counts = home_counts(items)
    incidents = slices.records(home)[1]
    actions = slices.quality_records(home)[0]
    recent = Period(slices.today - timedelta(days=29), slices.today)
    return HomeSummary(
        home, summary.percent_in_date, counts[Status.OVERDUE], counts[Status.MISSING], counts[Status.DUE_SOON],
        count(recent, incidents, IncidentType.RESTRAINT),  # as the home's own Restraints tile counts
        count(recent, incidents, IncidentType.MISSING, IncidentType.AWAY),
        sum(not a.status.closed for a in actions))


def every_home(slices: Slices, homes: list[Home], one: str | None) -> tuple[list[DueItem], list[HomeSummary]]:
    """(the needs list of every home, or of the home with URN ``one``; every home's row)."""
    read_missing(slices, homes)
    items = slices.needs(None)
    mine: dict[HomeId, list[DueItem]] = {home.id: [] for home in homes}
    for item in items:
        mine.setdefault(item.home.id, []).append(item)
    rows = [home_row(slices, home, mine[home.id]) for home in homes]
    if one is not None:
        items = [i for i in items if i.home.urn == one]
    return items, rows


#: How long one job of the idle work goes on taking up more areas (seconds): a home or so on a quiet machine.
JOB_BUDGET = 0.008


def work_out_next(store: Store, cache: SliceCache, today: date, budget: float = JOB_BUDGET) -> bool:
    """Work out more of the homes' slices for the all-homes view (their rows and needs), by each home's own reads.

    Homes one at a time, in the view's order, an area at a time (its staff, its incidents, its quality
    cycle): areas are taken up while the job has run for less than ``budget``, so a save or a key press
    waits behind a few milliseconds of work at most. Run by the dashboard's worker while the dashboard is
    idle, between the page's own computes, into the cache they keep: nothing kept is dropped here (what
    a save changed is dropped by the page's next compute, which comes after this on the same worker).
    False once every home is worked out (by this job or before), or when the cache is not of ``today`` (the page's next compute
    starts the new day).
    """
    if cache.day != today:
        return False
    started = time.perf_counter()
    made = list(cache.made)  # what the page's last compute worked out: not this
    try:
        slices = Slices(store, cache, today)
        areas = (("workforce needs", slices.workforce_requirements), ("incident needs", slices.incident_requirements),
                 ("quality needs", slices.quality_requirements))
        did = False
        # Kept for good: set aside from the collector's later passes, as the view's own read for every home is.
        with cycle_collector_paused(set_aside=True):
            for home in store.homes.list():
                for name, work_out in areas:
                    if cache.holds((name, home.id), slices.now):
                        continue
                    if did and time.perf_counter() - started >= budget:
                        return True
                    work_out(home)
                    did = True
        return False
    finally:
        cache.made = made
