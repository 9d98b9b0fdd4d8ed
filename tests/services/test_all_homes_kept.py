"""The all-homes view kept between recomputes: after a save at one home, that home's row and items change,
and every row and item equals what a compute from nothing gives.

Each test opens the view with a kept ``SliceCache`` (as the dashboard's worker does), makes a save at
one home (or moves the clock), asks again with the save's registers and compares with a compute from
an empty cache, and says which areas were read again.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from carehome_desk.demo import DemoOptions
from carehome_desk.demo.build import populate
from carehome_desk.models.changes import Changes
from carehome_desk.models.home import Home
from carehome_desk.models.ids import HomeId, StaffId
from carehome_desk.models.incidents import IncidentDetails, IncidentType, RestraintDetails
from carehome_desk.models.quality import Action
from carehome_desk.models.status import Status
from carehome_desk.models.training import TrainingRecord
from carehome_desk.services import dashboard
from carehome_desk.services.dashboard_data import Part, PeriodSpec, Request, Result, compute, work_out_other_home
from carehome_desk.services.dashboard_kept import SliceCache
from carehome_desk.services.dashboard_tile import HomeSummary
from carehome_desk.services.due import DueItem
from carehome_desk.store import Store
from tests.conftest import FIXED_NOW, Clock

TODAY = FIXED_NOW.date()
EVERY = frozenset({Part.TILES, Part.NEEDS, Part.CLOCKS, Part.HOMES})


@pytest.fixture
def demo(store: Store) -> Store:
    """Three demo homes as of the fixed clock's day."""
    populate(store, DemoOptions(scale=3, seed=11, today=TODAY))
    return store


def ask(store: Store, home: Home, cache: SliceCache | None, changed: Changes | None) -> Result:
    """The view as the page asks for it: the registers saved since, and the homes they were saved in."""
    return compute(store, Request(home.id, store.today(), PeriodSpec(), EVERY, all_homes=True,
                                  changed=None if changed is None else changed.registers,
                                  changed_homes=None if changed is None else changed.homes), cache)


def rows(result: Result) -> dict[HomeId, HomeSummary]:
    got = result.values[Part.HOMES]
    assert isinstance(got, list)
    return {r.home.id: r for r in got}


def items(result: Result, home: Home) -> list[DueItem]:
    got = result.values[Part.NEEDS]
    assert isinstance(got, list)
    return [i for i in got if i.home.id == home.id]


def read_again(cache: SliceCache) -> set[str]:
    """The per-home records the last compute read from the store (for every home or one)."""
    return set(cache.made) & {"snapshot", "records", "quality records"}


def test_opening_the_view_again_works_out_nothing_again(demo: Store) -> None:
    home = demo.homes.list()[0]
    cache = SliceCache()
    first = ask(demo, home, cache, None)
    assert read_again(cache) == {"snapshot", "records", "quality records"}
    again = ask(demo, home, cache, Changes())
    assert cache.made == []
    assert again.values == first.values == ask(demo, home, None, None).values
    assert first.values[Part.HOMES] == dashboard.all_homes(demo, TODAY)
    assert first.values[Part.NEEDS] == dashboard.needs_action(demo, TODAY)


def test_an_incident_save_at_one_home_changes_that_homes_row_and_items_only(demo: Store) -> None:
    shown, other, third = demo.homes.list()[:3]
    cache = SliceCache()
    before = ask(demo, shown, cache, None)
    child = demo.children.list(other.id)[0]
    _, changes = demo.incidents.add(other.id, IncidentDetails(
        IncidentType.RESTRAINT, demo.now() - timedelta(hours=2), (child.id,), "Held to stop a fall",
        details=RestraintDetails()))
    assert changes.homes == {other.id}
    kept = ask(demo, shown, cache, changes)
    assert cache.made.count("records") == 1  # that home's incidents only: the others' and every staff kept
    assert read_again(cache) == {"records"}
    assert kept.values == ask(demo, shown, None, None).values
    assert rows(kept)[other.id].restraints_30 == rows(before)[other.id].restraints_30 + 1
    assert len(items(kept, other)) > len(items(before, other))  # the restraint's steps are due
    for home in (shown, third):
        assert rows(kept)[home.id] == rows(before)[home.id], home.name
        assert items(kept, home) == items(before, home), home.name


def test_a_training_save_at_one_home_changes_that_homes_row_only(demo: Store) -> None:
    shown, other, third = demo.homes.list()[:3]
    cache = SliceCache()
    before = ask(demo, shown, cache, None)
    late = next(i.requirement for i in items(before, other) if i.requirement.area == "Training")
    course = next(c for c in demo.workforce.courses() if c.name == late.requirement)
    _, changes = demo.workforce.add_training(TrainingRecord(StaffId(late.subject_id), course.id, TODAY))
    assert changes.homes == {other.id}
    kept = ask(demo, shown, cache, changes)
    assert read_again(cache) == {"snapshot"} and cache.made.count("snapshot") == 1
    assert kept.values == ask(demo, shown, None, None).values
    assert late not in [i.requirement for i in items(kept, other)]
    assert rows(kept)[other.id] != rows(before)[other.id]
    for home in (shown, third):
        assert rows(kept)[home.id] == rows(before)[home.id], home.name
        assert items(kept, home) == items(before, home), home.name


def test_an_action_saved_at_one_home_counts_in_its_row_only(demo: Store) -> None:
    shown, other = demo.homes.list()[:2]
    cache = SliceCache()
    before = ask(demo, shown, cache, None)
    _, changes = demo.quality.save_action(Action(other.id, "Check the fire doors", "Priya", TODAY + timedelta(days=3)))
    kept = ask(demo, shown, cache, changes)  # not said to be one home's: every home's quality records read
    assert read_again(cache) == {"quality records"} and cache.made.count("quality records") == 3
    assert kept.values == ask(demo, shown, None, None).values
    assert rows(kept)[other.id].open_actions == rows(before)[other.id].open_actions + 1
    assert rows(kept)[shown.id] == rows(before)[shown.id]


def test_a_new_day_and_a_step_falling_due_are_worked_out_again(demo: Store, clock: Clock) -> None:
    shown, other = demo.homes.list()[:2]
    child = demo.children.list(other.id)[0]
    incident, _ = demo.incidents.add(other.id, IncidentDetails(
        IncidentType.RESTRAINT, demo.now() - timedelta(hours=23, minutes=30), (child.id,), "Held at the door",
        details=RestraintDetails()))
    cache = SliceCache()
    before = ask(demo, shown, cache, None)
    clock.advance(hours=1)  # the record's 24 hours are up, the same day: no save, the steps move
    kept = ask(demo, shown, cache, Changes())
    assert read_again(cache) == set()  # the records stand; their steps are worked out again
    assert "steps" in cache.made
    assert kept.values == ask(demo, shown, None, None).values

    def record_step(result: Result) -> Status:
        return next(i.requirement.status for i in items(result, other)
                    if i.requirement.subject_id == incident.id and i.requirement.key == "incident:reg35_record")
    assert (record_step(before), record_step(kept)) == (Status.DUE_SOON, Status.OVERDUE)
    assert rows(kept)[other.id].overdue > rows(before)[other.id].overdue
    clock.advance(days=1)
    kept = ask(demo, shown, cache, Changes())
    assert read_again(cache) == {"snapshot", "records", "quality records"}
    assert kept.values == ask(demo, shown, None, None).values


def test_a_save_that_names_no_home_drops_that_area_in_every_home(demo: Store) -> None:
    shown, other = demo.homes.list()[:2]
    cache = SliceCache()
    ask(demo, shown, cache, None)
    child = demo.children.list(other.id)[0]
    incident, changes = demo.incidents.add(other.id, IncidentDetails(IncidentType.COMPLAINT, demo.now(), (child.id,),
                                                                     "About the food"))
    # As another copy's writes arrive: the registers without the home (every home's incidents are read again).
    kept = ask(demo, shown, cache, Changes(changes.registers))
    assert cache.made.count("records") == 3
    assert kept.values == ask(demo, shown, None, None).values
    assert any(i.requirement.subject_id == incident.id for i in items(kept, other))


def one_home(store: Store, home: Home, cache: SliceCache) -> Result:
    """The dashboard of one home, as the page asks for it before the all-homes view is opened."""
    return compute(store, Request(home.id, store.today(), PeriodSpec(), frozenset({Part.TILES, Part.NEEDS, Part.CLOCKS}),
                                  changed=None), cache)


def work_out_while_idle(store: Store, cache: SliceCache) -> int:
    """Every other home worked out as the page's worker does while the dashboard is idle, an area a job:
    how many jobs did."""
    from carehome_desk.services.dashboard_every import work_out_next

    jobs = 0
    while True:
        jobs += 1
        assert jobs <= 3 * len(store.homes.list()) + 1  # a home's staff, incidents and quality cycle, each once
        if not work_out_next(store, cache, store.today(), budget=0):  # an area a job; False: all done
            return jobs


def test_homes_worked_out_while_idle_leave_nothing_to_read_when_the_view_opens(demo: Store) -> None:
    shown = demo.homes.list()[0]
    cache = SliceCache()
    one_home(demo, shown, cache)
    made_by_the_page = list(cache.made)
    assert work_out_while_idle(demo, cache) == 2 * 3  # the other two: the home on show is worked out already
    assert cache.made == made_by_the_page  # the page's last compute is still what it says
    opened = ask(demo, shown, cache, Changes())
    assert read_again(cache) == set() and "steps" not in cache.made
    assert opened.values == ask(demo, shown, None, None).values
    assert opened.values[Part.HOMES] == dashboard.all_homes(demo, TODAY)
    assert not work_out_other_home(demo, cache, demo.today())  # nothing left to do


def test_saves_before_and_after_the_idle_work_reach_the_view(demo: Store) -> None:
    shown, other, third = demo.homes.list()[:3]
    cache = SliceCache()
    one_home(demo, shown, cache)
    child = demo.children.list(other.id)[0]
    # Saved before the page asked again: the idle work reads the home as it is now, the page's next ask drops it.
    _, first = demo.incidents.add(other.id, IncidentDetails(
        IncidentType.RESTRAINT, demo.now() - timedelta(hours=3), (child.id,), "Held at the door",
        details=RestraintDetails()))
    work_out_while_idle(demo, cache)
    _, second = demo.workforce.add_training(TrainingRecord(demo.staff.list(third.id)[0].id,
                                                           demo.workforce.courses()[0].id, TODAY))
    opened = ask(demo, shown, cache, first | second)
    assert read_again(cache) == {"records", "snapshot"}
    # The two saves' homes (each area of both, as the page's merged changes say), not the home on show.
    assert cache.made.count("records") == 2 and cache.made.count("snapshot") == 2
    assert opened.values == ask(demo, shown, None, None).values


def test_nothing_is_worked_out_while_idle_for_a_day_the_page_has_not_asked_for(demo: Store, clock: Clock) -> None:
    shown = demo.homes.list()[0]
    cache = SliceCache()
    one_home(demo, shown, cache)
    kept = set(cache.kept)
    clock.advance(days=1)
    assert not work_out_other_home(demo, cache, demo.today())
    assert set(cache.kept) == kept  # the page's next compute starts the new day, then the work goes on
    opened = ask(demo, shown, cache, Changes())
    assert opened.values == ask(demo, shown, None, None).values


def test_a_few_homes_missing_when_the_view_opens_are_read_on_their_own(demo: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from carehome_desk.services import dashboard_every

    shown, other, third = demo.homes.list()[:3]
    cache = SliceCache()
    one_home(demo, shown, cache)
    monkeypatch.setattr(dashboard_every, "READ_ALL_FROM", 1.0)  # two homes of three missing: each read on its own
    read_for: list[object] = []
    real = demo.incidents.list

    def listing(home_id=None, **options):  # type: ignore[no-untyped-def]
        read_for.append(home_id)
        return real(home_id, **options)
    monkeypatch.setattr(demo.incidents, "list", listing)
    opened = ask(demo, shown, cache, Changes())
    assert sorted(read_for) == sorted([other.id, third.id])  # not every home's incidents at once
    monkeypatch.undo()
    assert opened.values == ask(demo, shown, None, None).values
