"""What the dashboard asks the core for, and which registers each part of it reads.

Plain Python (no Qt): ``compute`` runs on the dashboard's worker thread; the page only
decides which parts to ask for, from the registers a save touched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from carehome_desk.models.calendar_math import add_months
from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.dates import format_uk
from carehome_desk.models.home import Home
from carehome_desk.models.ids import HomeId

if TYPE_CHECKING:  # type hints only: neither SQLAlchemy nor the core figures are loaded for them
    from carehome_desk.services.dashboard_kept import SliceCache
    from carehome_desk.services.evidence import Period
    from carehome_desk.store import Store


class Part(str, Enum):
    """A piece of the dashboard that is recomputed on its own."""

    TILES = "tiles"
    NEEDS = "needs"
    INCIDENTS = "incidents"
    RESTRAINT = "restraint"
    TRAINING = "training"
    GRADES = "grades"
    HOMES = "homes"
    CLOCKS = "clocks"
    SETUP = "setup"


_EVERYTHING = tuple(r for r in Register if r is not Register.AUDIT)
#: The registers each part reads. An audit-only change (nothing else) refreshes nothing.
READS: dict[Part, tuple[Register, ...]] = {
    Part.TILES: _EVERYTHING,
    Part.NEEDS: _EVERYTHING,
    Part.INCIDENTS: (Register.INCIDENTS, Register.HOMES),
    Part.RESTRAINT: (Register.INCIDENTS, Register.HOMES),
    Part.TRAINING: (*Register.workforce(), Register.HOMES),
    Part.GRADES: (Register.QUALITY, Register.HOMES),
    Part.HOMES: _EVERYTHING,
    Part.CLOCKS: (Register.INCIDENTS, Register.NOTIFICATIONS, Register.CHILDREN, Register.HOMES, Register.SETTINGS),
    Part.SETUP: (Register.STAFF, Register.CHILDREN, Register.QUALITY, Register.HOMES, Register.SETTINGS),
}
CHARTS = (Part.INCIDENTS, Part.RESTRAINT, Part.TRAINING, Part.GRADES)


def parts_touched(changes: Changes) -> set[Part]:
    """The parts whose registers a write changed."""
    return {part for part, registers in READS.items() if changes.touches(*registers)}


class PeriodKind(str, Enum):
    """The choices of the period selector."""

    MONTHS = "months"
    INSPECTION = "inspection"
    CUSTOM = "custom"


@dataclass(frozen=True)
class PeriodSpec:
    """What the manager chose; resolved against the home and today on the worker."""

    kind: PeriodKind = PeriodKind.MONTHS
    months: int = 12
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class ChartRange:
    """A resolved period: the days it covers, and the calendar months the charts show."""

    period: Period
    months: int
    end: date
    words: str

    @property
    def first_month(self) -> date:
        """The first day of the first month on the charts."""
        return add_months(self.end.replace(day=1), 1 - self.months)


def months_between(start: date, end: date) -> int:
    """How many calendar months from ``start``'s month to ``end``'s, both included."""
    return max(1, (end.year - start.year) * 12 + end.month - start.month + 1)


def resolve(spec: PeriodSpec, home: Home | None, today: date) -> ChartRange:
    """The days and months a period choice means for this home today."""
    # the core's figures load on the worker, not for the window
    from carehome_desk.services.evidence import Period, last_months

    if spec.kind is PeriodKind.CUSTOM and spec.start is not None and spec.end is not None:
        period = Period(spec.start, spec.end)
        return ChartRange(period, months_between(spec.start, spec.end), spec.end, period.label)
    if spec.kind is PeriodKind.INSPECTION and home is not None and home.last_inspection_date is not None:
        start = min(home.last_inspection_date, today)
        return ChartRange(Period(start, today), months_between(start, today), today,
                          f"since the last inspection ({format_uk(start)})")
    # The same "last 12 months" as the evidence pack's; the charts show each calendar month it touches, the
    # first and this one only in part (their bars count the days in the period), so the bars add up to the tiles.
    period = last_months(today, spec.months)
    return ChartRange(period, months_between(period.start, today), today,
                      f"last {spec.months} months (since {format_uk(period.start)})")


@dataclass(frozen=True)
class Request:
    """One recompute: which home (None for none yet), as of which day, over which period."""

    home_id: HomeId | None
    today: date
    spec: PeriodSpec
    parts: frozenset[Part]
    job: int = 0  # the page's number for this request: an answer to an older one is not shown
    #: The all-homes view is on show: the needs list covers every home. Otherwise only the
    #: home on show is worked out, so a save costs one home's figures however many there are.
    all_homes: bool = False
    #: The registers saved since the last request (None: anything may have changed). With a kept
    #: ``SliceCache``, only the slices reading one of them are worked out again.
    changed: frozenset[Register] | None = None
    #: The homes those saves were in, when every one of them said (``Changes.homes``; None: any home).
    changed_homes: frozenset[HomeId] | None = None
    #: The slices the asking page keeps between its requests (one page, one worker thread).
    kept: SliceCache | None = field(default=None, compare=False, repr=False)


@dataclass
class Result:
    """What came back: one entry per part asked for, plus the home and range it was for."""

    request: Request
    home: Home | None
    range: ChartRange | None
    values: dict[Part, object] = field(default_factory=dict)
    home_count: int = 0
    #: When tiles were asked for: the moment they stop holding (an incident step falls due), None for all day.
    tiles_until: datetime | None = None


def compute(store: Store, request: Request, cache: SliceCache | None = None) -> Result:
    """Ask the core for each part (runs on the worker thread).

    ``cache`` (by default the request's ``kept``): the slices kept from this worker's earlier
    computes (``dashboard_slices``); the tiles, the needs list and the clocks reuse those the
    request's ``changed`` registers leave standing. Without one, everything is worked out from the store.
    The all-homes rows and list keep every home's slices the same way, each area missing for several
    homes read once for all of them (``dashboard_every``).
    """
    # The core figures are loaded here, on the worker, not with the window.
    from carehome_desk.services import dashboard, dashboard_setup
    from carehome_desk.services.bulk import cycle_collector_paused
    from carehome_desk.services.dashboard_every import every_home
    from carehome_desk.services.dashboard_slices import slices_for

    cache = cache if cache is not None else request.kept
    homes = store.homes.list()
    home = next((h for h in homes if h.id == request.home_id), None)
    result = Result(request, home, None, home_count=len(homes))
    slices = slices_for(store, cache, request.today, request.changed, homes, request.changed_homes)
    every = request.all_homes or home is None
    if len(homes) > 1 and (Part.HOMES in request.parts or (Part.NEEDS in request.parts and every)):
        with cycle_collector_paused():  # every home's records at once: see bulk
            items, rows = every_home(slices, homes, None if every else home.urn if home is not None else None)
        if Part.NEEDS in request.parts:
            result.values[Part.NEEDS] = items
        if Part.HOMES in request.parts:
            result.values[Part.HOMES] = rows
    elif Part.NEEDS in request.parts:
        one = home.urn if home is not None and not every else None
        result.values[Part.NEEDS] = slices.needs(one)
    if Part.HOMES in request.parts and len(homes) <= 1:
        result.values[Part.HOMES] = []
    if home is None:
        return result
    chart_range = result.range = resolve(request.spec, home, request.today)
    if Part.CLOCKS in request.parts:
        result.values[Part.CLOCKS] = slices.clocks(home)
    if Part.SETUP in request.parts:
        result.values[Part.SETUP] = dashboard_setup.setup_checklist(store, home, request.today)
    if Part.TILES in request.parts:
        result.values[Part.TILES] = slices.tiles(home, chart_range.period)
        result.tiles_until = slices.steps_until(home)
    end, months = chart_range.end, chart_range.months
    if Part.INCIDENTS in request.parts or Part.RESTRAINT in request.parts:
        # One count by month for both charts, from the incidents the tiles' job read already.
        by_type = dashboard.incidents_by_month(store, home, end, months, incidents=slices.records(home)[1],
                                               within=chart_range.period)
        if Part.INCIDENTS in request.parts:
            result.values[Part.INCIDENTS] = by_type
        if Part.RESTRAINT in request.parts:
            result.values[Part.RESTRAINT] = dashboard.restraint_missing_trend(store, home, end, months, by_type)
    if Part.TRAINING in request.parts:
        result.values[Part.TRAINING] = dashboard.training_compliance_trend(store, home, end, months,
                                                                           snap=slices.snapshot(home),
                                                                           settings=slices.settings(),
                                                                           memo=slices.training_memo(home))
    if Part.GRADES in request.parts:
        result.values[Part.GRADES] = dashboard.evaluation_grades(store, home)
    return result


def work_out_other_home(store: Store, cache: SliceCache, today: date) -> bool:
    """One more home's all-homes figures into ``cache`` while the dashboard is idle (on the worker thread):
    ``dashboard_every.work_out_next``. False once every home is worked out."""
    from carehome_desk.services.dashboard_every import work_out_next

    return work_out_next(store, cache, today)
