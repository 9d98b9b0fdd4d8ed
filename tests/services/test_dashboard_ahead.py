"""A coming day's tiles worked out ahead are the tiles that day's dashboard works out from nothing.

The store's clock is set to a day (10:00 UK); the tiles of each of the next ``AHEAD_DAYS`` days are
worked out ahead, as the window does once idle; then the clock is moved to moments of each of those
days (midnight exactly, one minute after, the moment the ahead tiles stop holding, the day's last
moment) and the dashboard's compute from nothing must give the same tiles whenever the ahead ones
still hold. The days cross a month end, 29/02 in a leap year and the spring clock change; the
records have incident steps falling due at 00:00 and 00:01 of coming days and training running out
on one of them. The same through the start snapshot file: what ``load`` gives for a day at a moment is
that fresh compute's tiles, or nothing once they have stopped holding.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from carehome_desk import start_snapshot
from carehome_desk.models.calendar_math import add_months
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.dates import UK
from carehome_desk.models.home import Home
from carehome_desk.models.incidents import IncidentDetails, IncidentType, RestraintDetails
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.models.training import TrainingRecord
from carehome_desk.services.dashboard_ahead import AheadTiles, tiles_ahead
from carehome_desk.services.dashboard_data import Part, PeriodKind, PeriodSpec, Request, compute
from carehome_desk.services.dashboard_tile import Tile
from carehome_desk.services.due import start_of_day
from carehome_desk.store import Store
from tests.conftest import Clock, oak_lodge

AHEAD = start_snapshot.AHEAD_DAYS
#: Today in each case (10:00 UK): an ordinary week; the days up to a month end and the next month's first;
#: up to 29/02 and 01/03 in a leap year; across the clocks going forward (28/03/2027) and 01/04 (a new quarter).
TODAYS = [date(2026, 11, 22), date(2026, 11, 25), date(2028, 2, 24), date(2027, 3, 23)]
RUNS_OUT_AFTER = 5  # the training runs out on the fifth coming day (29/02/2028 from 24/02/2028)


def restraint(store: Store, home: Home, child_id: int, at: datetime) -> None:
    store.incidents.add(home.id, IncidentDetails(IncidentType.RESTRAINT, at, (child_id,),  # type: ignore[arg-type]
                                                 "Held to stop a fall", details=RestraintDetails(), notifiable=False,
                                                 reg40_rationale="Not serious"))


def runs_out_on(store: Store, home: Home, day: date) -> None:
    """A member of staff whose training runs out on ``day`` by the course's own renewal where one lands on it
    (no whole number of 12, 24 or 36 months ends on 29/02: there the record's own expiry date says so)."""
    person, _ = store.staff.add(home.id, StaffDetails("Sarah Whitfield", StaffRole.RESIDENTIAL_WORKER,
                                                      date(2020, 3, 1)))
    for course in store.workforce.courses():
        months = course.renewal_months
        done = add_months(day, -months) if months is not None else None
        if done is not None and add_months(done, months) == day:  # type: ignore[arg-type]
            store.workforce.add_training(TrainingRecord(person.id, course.id, done))
            return
    course = store.workforce.courses()[0]
    store.workforce.add_training(TrainingRecord(person.id, course.id, day - timedelta(days=365), expiry_override=day))


def home_with_steps(db_path: Path, today: date) -> tuple[Store, Clock, Home]:
    """A home at 10:00 UK on ``today``: a restraint whose record falls due at 00:00 tomorrow, one whose
    talk with the child falls due at 00:01 on the third coming day, and training running out on the fifth."""
    clock = Clock(datetime.combine(today, time(10), tzinfo=UK))
    store = Store.open(db_path, user="tester", clock=clock)
    home, _ = store.homes.add(oak_lodge(registration_date=date(2019, 1, 7), last_inspection_date=date(2025, 4, 3)))
    child, _ = store.children.add(home.id, ChildDetails("C01", "AB", date(2011, 3, 4), date(2025, 1, 10),
                                                        "Northmoor County Council"))
    restraint(store, home, child.id, start_of_day(today + timedelta(days=1)) - timedelta(hours=24))
    restraint(store, home, child.id, start_of_day(today + timedelta(days=3)) - timedelta(days=5, minutes=-1))
    runs_out_on(store, home, today + timedelta(days=RUNS_OUT_AFTER))
    return store, clock, home


def moments_of(day: date, ahead: AheadTiles) -> list[datetime]:
    """Midnight exactly, a minute after, the moment the tiles stop holding and a minute after it, the last minute."""
    start = start_of_day(day)
    moments = [start, start + timedelta(minutes=1), start + timedelta(hours=23, minutes=59)]
    if ahead.until is not None:
        moments += [ahead.until, ahead.until + timedelta(minutes=1)]
    return sorted(m for m in moments if m.astimezone(UK).date() == day)


def fresh(store: Store, clock: Clock, home: Home, spec: PeriodSpec, at: datetime) -> list[Tile]:
    """The dashboard's tiles at ``at``, worked out from nothing (as the window does on its first answer)."""
    clock.now = at
    tiles = compute(store, Request(home.id, store.today(), spec, frozenset({Part.TILES}))).values[Part.TILES]
    assert isinstance(tiles, list)
    return tiles


def holds(ahead: AheadTiles, at: datetime) -> bool:
    return ahead.until is None or at <= ahead.until


@pytest.mark.parametrize("today", TODAYS, ids=[d.isoformat() for d in TODAYS])
@pytest.mark.parametrize("spec", [PeriodSpec(), PeriodSpec(PeriodKind.INSPECTION)], ids=["12 months", "inspection"])
def test_each_coming_days_tiles_are_what_that_day_works_out_from_nothing(
        db_path: Path, today: date, spec: PeriodSpec) -> None:
    store, clock, home = home_with_steps(db_path, today)
    with store:
        days = [today + timedelta(days=n) for n in range(1, AHEAD + 1)]
        ahead = {day: tiles_ahead(store, home.id, spec, day) for day in days}  # all on ``today``, as the window does
        checked = 0
        for day in days:
            for at in moments_of(day, ahead[day]):
                if holds(ahead[day], at):
                    assert fresh(store, clock, home, spec, at) == ahead[day].tiles, (day, at)
                    checked += 1
        assert checked >= 2 * AHEAD
        # The steps due at 00:00 tomorrow and 00:01 on the third day bound those days' tiles, to the minute,
        # and a minute later the dashboard shows them overdue: the ahead tiles are not used then.
        first, third = days[0], days[2]
        assert ahead[first].until == start_of_day(first)
        assert ahead[third].until == start_of_day(third) + timedelta(minutes=1)
        for day in (first, third):
            until = ahead[day].until
            assert until is not None
            assert fresh(store, clock, home, spec, until + timedelta(minutes=1)) != ahead[day].tiles
        # Each day's own tiles: the training running out moves them from one day to the next.
        runs_out = days[RUNS_OUT_AFTER - 1]
        assert ahead[runs_out - timedelta(days=1)].tiles != ahead[runs_out + timedelta(days=1)].tiles


def test_a_coming_day_is_never_today_or_before(db_path: Path) -> None:
    store, _clock, home = home_with_steps(db_path, date(2026, 11, 22))
    with store:
        for day in (date(2026, 11, 22), date(2026, 11, 21)):
            with pytest.raises(ValueError, match="not a coming day"):
                tiles_ahead(store, home.id, PeriodSpec(), day)


@pytest.mark.parametrize("today", [date(2026, 11, 25), date(2028, 2, 24)], ids=["month end", "leap year"])
def test_the_start_file_gives_a_coming_days_tiles_only_while_they_hold(db_path: Path, today: date) -> None:
    """Kept as the window keeps them (today's, then each coming day's), read back as the next start reads them."""
    store, clock, home = home_with_steps(db_path, today)
    spec = PeriodSpec()
    period = repr(spec)
    with store:
        first = compute(store, Request(home.id, today, spec, frozenset({Part.TILES})))
        key = start_snapshot.read_key(db_path, today, period)
        assert key is not None
        todays = [t.to_dict() for t in first.values[Part.TILES]]  # type: ignore[attr-defined]
        start_snapshot.save(start_snapshot.Snapshot(key, int(home.id), [(int(home.id), home.name, home.urn)], False,
                                                    "Data: test", todays, None))
        days = start_snapshot.missing_days(key, int(home.id))
        assert days == [today + timedelta(days=n) for n in range(1, AHEAD + 1)]
        ahead = {day: tiles_ahead(store, home.id, spec, day) for day in days}
        assert start_snapshot.keep_days(key, int(home.id), {
            day: start_snapshot.DayTiles([t.to_dict() for t in got.tiles],
                                         got.until.isoformat() if got.until is not None else None)
            for day, got in ahead.items()})
        assert start_snapshot.missing_days(key, int(home.id)) == []
        assert start_snapshot.snapshot_path().stat().st_size < start_snapshot.MAX_BYTES // 10
        for day in days:
            for at in moments_of(day, ahead[day]):
                shown = start_snapshot.load(db_path, day, period, None, now=at)
                if holds(ahead[day], at):
                    assert shown is not None, (day, at)
                    assert shown.tiles == [t.to_dict() for t in fresh(store, clock, home, spec, at)], (day, at)
                    assert shown.key == start_snapshot.read_key(db_path, day, period)  # the charts' key: with the day
                else:
                    assert shown is None, (day, at)
        # A day further on than was kept is a cold start.
        assert start_snapshot.load(db_path, days[-1] + timedelta(days=1), period, None,
                                   now=start_of_day(days[-1] + timedelta(days=1))) is None
