"""The dashboard's kept slices: after any save, the merged answer is what a compute from nothing gives.

Each test works the figures out once with a kept ``SliceCache`` (as the dashboard's worker does),
makes one kind of save, then asks again with the save's registers and compares every part with a
compute from an empty cache, and says which slices were worked out again (an incident save does
not recount training).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from carehome_desk.demo import DemoOptions
from carehome_desk.demo.build import populate
from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.home import Home
from carehome_desk.models.ids import StaffId
from carehome_desk.models.incidents import IncidentDetails, IncidentType, RestraintDetails
from carehome_desk.models.quality import Reg44Visit
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.models.status import Status
from carehome_desk.models.training import TrainingRecord
from carehome_desk.services import dashboard
from carehome_desk.services.dashboard import Series, Tile
from carehome_desk.services.dashboard_clocks import Clocks, open_clocks
from carehome_desk.services.due import DueItem, IncidentSteps
from carehome_desk.services.dashboard_data import Part, PeriodKind, PeriodSpec, Request, Result, compute, resolve
from carehome_desk.services.dashboard_kept import SliceCache
from carehome_desk.store import Store
from tests.conftest import FIXED_NOW, Clock

TODAY = FIXED_NOW.date()
#: What a save recomputes on the page (the charts have their own job).
SHOWN = frozenset({Part.TILES, Part.NEEDS, Part.CLOCKS})
WORKFORCE_SLICES = {"snapshot", "workforce needs", "workforce tiles"}
INCIDENT_SLICES = {"records", "steps", "incident needs", "clocks", "incident tiles"}
QUALITY_SLICES = {"quality records", "quality needs", "quality tiles"}


@pytest.fixture
def demo(store: Store) -> Store:
    """Two demo homes as of the fixed clock's day: staff, children, incidents and the quality cycle."""
    populate(store, DemoOptions(scale=2, seed=4, today=TODAY))
    return store


def ask(store: Store, home: Home, cache: SliceCache | None, changed: frozenset[Register] | None,
        spec: PeriodSpec = PeriodSpec(), *, all_homes: bool = False) -> Result:
    return compute(store, Request(home.id, store.today(), spec, SHOWN, all_homes=all_homes, changed=changed), cache)


def kept_and_fresh(store: Store, home: Home, cache: SliceCache, changes: Changes,
                   spec: PeriodSpec = PeriodSpec()) -> tuple[Result, Result]:
    kept = ask(store, home, cache, changes.registers, spec)
    return kept, ask(store, home, None, None, spec)


def needs(result: Result) -> list[DueItem]:
    items = result.values[Part.NEEDS]
    assert isinstance(items, list)
    return items


def tiles(result: Result) -> dict[str, Tile]:
    shown = result.values[Part.TILES]
    assert isinstance(shown, list)
    return {t.key: t for t in shown}


def home_of(store: Store) -> Home:
    return store.homes.list()[0]


def test_the_slices_give_what_the_plain_functions_give(demo: Store) -> None:
    home = home_of(demo)
    result = ask(demo, home, SliceCache(), None)
    period = resolve(PeriodSpec(), home, TODAY).period
    assert result.values[Part.TILES] == dashboard.tiles(demo, home, TODAY, period=period)
    assert needs(result) == dashboard.needs_action(demo, TODAY, home.urn)
    assert result.values[Part.CLOCKS] == open_clocks(demo, home, demo.now())
    every_home = ask(demo, home, SliceCache(), None, all_homes=True)
    assert every_home.values[Part.NEEDS] == dashboard.needs_action(demo, TODAY)
    assert {i.home.id for i in needs(every_home)} == {h.id for h in demo.homes.list()}


def test_an_incident_save_recounts_the_incidents_only(demo: Store) -> None:
    home = home_of(demo)
    cache = SliceCache()
    before = ask(demo, home, cache, None)
    child = demo.children.list(home.id)[0]
    _, changes = demo.incidents.add(home.id, IncidentDetails(IncidentType.RESTRAINT, demo.now() - timedelta(hours=2),
                                                             (child.id,), "Held to stop a fall",
                                                             details=RestraintDetails()))
    kept, fresh = kept_and_fresh(demo, home, cache, changes)
    assert set(cache.made) == INCIDENT_SLICES
    assert kept.values == fresh.values
    assert kept.values[Part.TILES] != before.values[Part.TILES]  # the restraints tile moved
    clocks = [r.values[Part.CLOCKS] for r in (before, kept)]
    assert isinstance(clocks[0], Clocks) and isinstance(clocks[1], Clocks)
    assert len(clocks[1].items) > len(clocks[0].items)  # the restraint's clocks started


def test_a_training_save_rederives_the_workforce_only(demo: Store) -> None:
    home = home_of(demo)
    cache = SliceCache()
    before = ask(demo, home, cache, None)
    item = next(i for i in needs(before) if i.requirement.area == "Training")
    course = next(c for c in demo.workforce.courses() if c.name == item.requirement.requirement)
    _, changes = demo.workforce.add_training(TrainingRecord(StaffId(item.requirement.subject_id), course.id, TODAY))
    kept, fresh = kept_and_fresh(demo, home, cache, changes)
    assert set(cache.made) == WORKFORCE_SLICES
    assert kept.values == fresh.values
    assert item not in needs(kept)


def test_a_staff_save_rederives_the_workforce_only(demo: Store) -> None:
    home = home_of(demo)
    cache = SliceCache()
    before = ask(demo, home, cache, None)
    _, changes = demo.staff.add(home.id, StaffDetails("Nadia Newstart", StaffRole.RESIDENTIAL_WORKER,
                                                      TODAY - timedelta(days=40)))
    kept, fresh = kept_and_fresh(demo, home, cache, changes)
    assert set(cache.made) == WORKFORCE_SLICES
    assert kept.values == fresh.values
    assert any(i.requirement.subject == "Nadia Newstart" for i in needs(kept))
    assert kept.values[Part.TILES] != before.values[Part.TILES]


def test_a_child_save_rereads_the_incidents_for_their_names(demo: Store) -> None:
    home = home_of(demo)
    cache = SliceCache()
    before = ask(demo, home, cache, None)
    incident = next(i.incident for i in cache_steps(cache, home) if i.children and any(
        n.requirement.area == "Incident" and n.requirement.subject_id == i.incident.id
        for n in needs(before)))
    changes = demo.children.archive(incident.child_ids[0], "Moved to a new placement")
    kept, fresh = kept_and_fresh(demo, home, cache, changes)
    assert set(cache.made) == INCIDENT_SLICES
    assert kept.values == fresh.values
    assert needs(kept) != needs(before)  # the child's initials left the incident's line


def cache_steps(cache: SliceCache, home: Home) -> list[IncidentSteps]:
    steps = cache.kept[("steps", home.id)].value
    assert isinstance(steps, list)
    return steps


def test_a_quality_save_recounts_the_quality_cycle_only(demo: Store) -> None:
    home = home_of(demo)
    cache = SliceCache()
    before = ask(demo, home, cache, None)
    _, changes = demo.quality.save_visit(Reg44Visit(home.id, "Ivy Independent", TODAY))
    kept, fresh = kept_and_fresh(demo, home, cache, changes)
    assert set(cache.made) == QUALITY_SLICES
    assert kept.values == fresh.values
    reg44 = tiles(kept)["reg44"]
    assert reg44.value == "0 days ago"
    assert reg44 != tiles(before)["reg44"]


def test_a_settings_save_rederives_every_area(demo: Store) -> None:
    home = home_of(demo)
    cache = SliceCache()
    before = ask(demo, home, cache, None)
    changes = demo.settings.save(replace(demo.settings.get(), due_soon_days=90))
    kept, fresh = kept_and_fresh(demo, home, cache, changes)
    assert set(cache.made) >= WORKFORCE_SLICES | INCIDENT_SLICES | QUALITY_SLICES
    assert kept.values == fresh.values
    assert len(needs(kept)) > len(needs(before))


def test_past_midnight_everything_is_worked_out_again(demo: Store, clock: Clock) -> None:
    home = home_of(demo)
    cache = SliceCache()
    before = ask(demo, home, cache, None)
    clock.advance(days=1)
    kept, fresh = kept_and_fresh(demo, home, cache, Changes())
    assert set(cache.made) >= WORKFORCE_SLICES | INCIDENT_SLICES | QUALITY_SLICES
    assert kept.values == fresh.values
    assert kept.values != before.values


def test_a_step_falling_due_is_worked_out_again_without_a_save(demo: Store, clock: Clock) -> None:
    home = home_of(demo)
    child = demo.children.list(home.id)[0]
    incident, _ = demo.incidents.add(home.id, IncidentDetails(
        IncidentType.RESTRAINT, demo.now() - timedelta(hours=23, minutes=30), (child.id,), "Held at the door",
        details=RestraintDetails()))
    cache = SliceCache()
    before = ask(demo, home, cache, None)
    clock.advance(minutes=10)  # no open step's due moment passed: nothing is worked out again
    ask(demo, home, cache, frozenset())
    assert cache.made == []
    clock.advance(hours=1)  # the record's 24 hours are up, the same day
    kept, fresh = kept_and_fresh(demo, home, cache, Changes())
    assert set(cache.made) == INCIDENT_SLICES - {"records"}
    assert kept.values == fresh.values

    def record_step(result: Result) -> Status:
        return next(i.requirement.status for i in needs(result)
                    if i.requirement.subject_id == incident.id and i.requirement.key == "incident:reg35_record")
    assert (record_step(before), record_step(kept)) == (Status.DUE_SOON, Status.OVERDUE)


def test_a_period_change_recounts_the_period_tiles_from_the_kept_records(demo: Store) -> None:
    home = home_of(demo)
    cache = SliceCache()
    before = ask(demo, home, cache, None)
    three = PeriodSpec(PeriodKind.MONTHS, 3)
    kept, fresh = kept_and_fresh(demo, home, cache, Changes(), three)
    assert cache.made == ["incident tiles"]
    assert kept.values == fresh.values
    assert kept.values[Part.TILES] != before.values[Part.TILES]


def test_a_save_in_another_home_shows_in_the_all_homes_list(demo: Store) -> None:
    home, other = demo.homes.list()[:2]
    cache = SliceCache()
    before = ask(demo, home, cache, None, all_homes=True)
    child = demo.children.list(other.id)[0]
    _, changes = demo.incidents.add(other.id, IncidentDetails(IncidentType.COMPLAINT, demo.now(), (child.id,),
                                                              "About the food"))
    kept = ask(demo, home, cache, changes.registers, all_homes=True)
    fresh = ask(demo, home, None, None, all_homes=True)
    assert kept.values == fresh.values
    theirs = [[i for i in needs(r) if i.home.id == other.id] for r in (before, kept)]
    assert len(theirs[1]) > len(theirs[0])  # the complaint's steps (its review within the week)


def test_the_training_chart_recounts_only_whose_training_changed_and_ends_as_from_nothing(demo: Store) -> None:
    home = home_of(demo)
    cache = SliceCache()
    chart = frozenset({Part.TRAINING})

    def series(kept: SliceCache | None, changed: frozenset[Register] | None) -> Series:
        value = compute(demo, Request(home.id, demo.today(), PeriodSpec(), chart, changed=changed), kept) \
            .values[Part.TRAINING]
        assert isinstance(value, Series)
        return value

    before = series(cache, None)
    counted = dict(cache.training_counts[home.id])
    late = next(i.requirement for i in dashboard.needs_action(demo, TODAY, home.urn)
                if i.requirement.area == "Training" and i.requirement.status is Status.OVERDUE)
    course = next(c for c in demo.workforce.courses() if c.name == late.requirement)
    _, changes = demo.workforce.add_training(TrainingRecord(StaffId(late.subject_id), course.id,
                                                            TODAY - timedelta(days=1)))
    kept = series(cache, changes.registers)
    assert kept == series(None, None)
    share = "Training in date (%)"
    assert kept.values[share][-1] > before.values[share][-1]  # one more course in date this month
    recounted = {sid for sid, value in cache.training_counts[home.id].items() if value is not counted.get(sid)}
    assert recounted == {late.subject_id}
