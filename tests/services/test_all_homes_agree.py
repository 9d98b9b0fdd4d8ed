"""The all-homes view, worked out for every home at once, says for each home what that home's own dashboard says."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from carehome_desk.models.children import ChildDetails
from carehome_desk.models.home import Home
from carehome_desk.models.incidents import IncidentDetails, IncidentType, MissingDetails, RestraintDetails
from carehome_desk.models.quality import Action, ActionStatus, Reg44Visit
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.models.status import Status
from carehome_desk.models.training import TrainingRecord
from carehome_desk.models.percent import percent_text
from carehome_desk.services.dashboard import IN_DATE_OR_DUE_SOON, all_homes, home_counts, needs_action, tiles
from carehome_desk.services.dashboard_data import Part, PeriodSpec, Request, compute
from carehome_desk.services.due import due_items, requirements_for_home
from carehome_desk.store import Store
from tests.conftest import FIXED_NOW, oak_lodge

TODAY = FIXED_NOW.date()  # 22/11/2026


def _home(store: Store, name: str, urn: str, staff: int, restraints: tuple[int, ...], missing: tuple[float, ...],
          actions: tuple[int, ...]) -> Home:
    """A home with staff whose training falls due at different times, incidents and actions."""
    home, _ = store.homes.add(oak_lodge(name=name, urn=urn))
    fire = next(c for c in store.workforce.courses() if c.name == "Fire safety")
    for k in range(staff):
        member, _ = store.staff.add(home.id, StaffDetails(f"{name} Worker {k}", StaffRole.RESIDENTIAL_WORKER,
                                                          date(2023, 1, 2) + timedelta(days=40 * k)))
        if k % 3:  # some never trained (missing); the rest expire at spread-out dates (in date, due soon, overdue)
            store.workforce.add_training(TrainingRecord(member.id, fire.id, date(2023, 12, 1) + timedelta(days=45 * k)))
    child, _ = store.children.add(home.id, ChildDetails(f"{urn}-1", "AB", date(2011, 1, 1), date(2025, 1, 5)))
    for days in restraints:
        at = FIXED_NOW - timedelta(days=days)
        store.incidents.add(home.id, IncidentDetails(IncidentType.RESTRAINT, at, (child.id,), "Hold",
                                                     details=RestraintDetails(record_made_at=at + timedelta(hours=1))))
    for hours in missing:  # recent episodes: their return interviews and reg 40 steps are due or overdue
        at = FIXED_NOW - timedelta(hours=hours)
        store.incidents.add(home.id, IncidentDetails(IncidentType.MISSING, at, (child.id,), "Did not come back",
                                                     details=MissingDetails(returned_at=at + timedelta(hours=3))))
    for days in actions:  # negative: overdue; small: due soon; large: in date
        saved, _ = store.quality.save_action(Action(home.id, f"Action due in {days} days", "Priya",
                                                    TODAY + timedelta(days=days)))
        if days == 99:
            store.quality.save_action(Action(home.id, saved.title, saved.owner, saved.due, status=ActionStatus.DONE,
                                             completed_on=TODAY, id=saved.id))
    store.quality.save_visit(Reg44Visit(home.id, "Visitor", TODAY - timedelta(days=40)))
    return home


@pytest.fixture
def homes(store: Store) -> list[Home]:
    return [_home(store, "Oak Lodge", "SC123456", 9, (3, 20, 45), (5.0, 60.0), (-10, 5, 40, 99)),
            _home(store, "Willow House", "SC765432", 5, (1,), (30.0,), (12, 20)),
            _home(store, "Beech View", "SC625004", 0, (), (), ())]


def _single(store: Store, home: Home) -> dict[Part, object]:
    """What the home's own dashboard computes (the home chosen, not the all-homes view)."""
    request = Request(home.id, TODAY, PeriodSpec(), frozenset({Part.NEEDS, Part.TILES}), 1)
    return compute(store, request).values


def test_each_row_counts_what_the_homes_own_dashboard_lists(store: Store, homes: list[Home]) -> None:
    rows = {r.home.id: r for r in all_homes(store, TODAY)}
    assert set(rows) == {h.id for h in homes}
    compared = Counter[Status]()
    for home in homes:
        own = _single(store, home)
        items = own[Part.NEEDS]
        assert isinstance(items, list) and all(i.home.id == home.id for i in items)
        counts = Counter(i.requirement.status for i in items)
        row = rows[home.id]
        assert (row.overdue, row.missing, row.due_soon) == (
            counts[Status.OVERDUE], counts[Status.MISSING], counts[Status.DUE_SOON]), home.name
        assert home_counts(items) == counts
        compared += counts
        by_key = {t.key: t for t in own[Part.TILES]}  # type: ignore[attr-defined]
        assert by_key["restraints"].value == f"{row.restraints_30} in 30 days", home.name
        assert by_key["missing"].value == f"{row.missing_30} in 30 days", home.name
        assert by_key["actions"].value == (str(row.open_actions) if home.name != "Beech View" else "No data yet")
    # The homes were built so that every kind of count is exercised somewhere.
    assert all(compared[s] > 0 for s in (Status.OVERDUE, Status.MISSING, Status.DUE_SOON)), compared
    assert rows[homes[0].id].open_actions == 3 and rows[homes[0].id].restraints_30 == 2


def test_the_all_homes_list_holds_each_homes_own_list_unchanged(store: Store, homes: list[Home]) -> None:
    request = Request(homes[0].id, TODAY, PeriodSpec(), frozenset({Part.HOMES, Part.NEEDS}), 1, all_homes=True)
    result = compute(store, request).values
    every = result[Part.NEEDS]
    assert isinstance(every, list)
    for home in homes:
        theirs = [i.as_json() for i in every if i.home.id == home.id]
        own = _single(store, home)[Part.NEEDS]
        assert isinstance(own, list)
        assert theirs == [i.as_json() for i in own], home.name
        assert theirs == [i.as_json() for i in needs_action(store, TODAY, home.urn)], home.name
    assert [i.as_json() for i in every] == [i.as_json() for i in due_items(store, TODAY)]
    rows = result[Part.HOMES]
    assert isinstance(rows, list)
    assert rows == all_homes(store, TODAY)


def test_every_requirement_read_for_all_homes_at_once_is_the_one_read_for_the_home(
        store: Store, homes: list[Home]) -> None:
    """Reading each register once for every home gives each home the requirements its own read gives."""
    from carehome_desk.services.due import judged_at, requirements_from
    from carehome_desk.services.evidence import HomeRecords

    every = HomeRecords.read_every(store, store.homes.list())
    settings, now = store.settings.get(), judged_at(store, TODAY)
    for home in homes:
        assert every[home.id] == HomeRecords.read(store, home), home.name
        assert requirements_from(every[home.id], settings, TODAY, now) == requirements_for_home(store, home, TODAY)


def test_a_row_follows_its_homes_tiles_after_a_change(store: Store, homes: list[Home]) -> None:
    oak = homes[0]
    before = next(r for r in all_homes(store, TODAY) if r.home.id == oak.id)
    store.quality.save_action(Action(oak.id, "Check the fire doors", "Priya", TODAY + timedelta(days=3)))
    after = next(r for r in all_homes(store, TODAY) if r.home.id == oak.id)
    assert (after.due_soon, after.open_actions) == (before.due_soon + 1, before.open_actions + 1)
    workforce = next(t for t in tiles(store, oak, TODAY) if t.key == "workforce")
    assert after.workforce_percent is not None
    assert workforce.value == f"{percent_text(after.workforce_percent)} {IN_DATE_OR_DUE_SOON}"


def test_the_cycle_collector_is_paused_only_while_every_home_is_read() -> None:
    import gc

    from carehome_desk.services.bulk import cycle_collector_paused

    assert gc.isenabled()
    with cycle_collector_paused():
        assert not gc.isenabled()
        with cycle_collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # an inner use leaves it as the outer one found it
    assert gc.isenabled()
    gc.disable()
    try:
        with cycle_collector_paused():
            pass
        assert not gc.isenabled()  # off before, off after
    finally:
        gc.enable()
    with pytest.raises(ValueError), cycle_collector_paused():
        raise ValueError("a failed read")
    assert gc.isenabled()


def test_many_records_read_at_once_are_set_aside_from_the_collector_s_later_passes() -> None:
    import gc

    from carehome_desk.services.bulk import SET_ASIDE_FROM, cycle_collector_paused

    before = gc.get_freeze_count()
    try:
        with cycle_collector_paused():
            few = [[n] for n in range(10)]
        assert gc.get_freeze_count() == before  # a small read leaves the collector as it was
        with cycle_collector_paused():
            many = [[n] for n in range(SET_ASIDE_FROM * 2)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= before + len(many)  # not walked again by every later pass
        assert few[0] == [0] and many[-1] == [SET_ASIDE_FROM * 2 - 1]
        frozen = gc.get_freeze_count()
        with cycle_collector_paused(set_aside=True):  # one home's records at a time, kept for good
            one = [[n] for n in range(10)]
        assert gc.get_freeze_count() >= frozen + len(one)
    finally:
        gc.unfreeze()


def test_what_was_set_aside_goes_back_to_the_collector_when_a_new_day_drops_the_kept_records() -> None:
    """A reference cycle that became garbage among set-aside objects is collected at most a day late."""
    import gc
    import weakref
    from datetime import date

    from carehome_desk.services.bulk import cycle_collector_paused
    from carehome_desk.services.dashboard_kept import SliceCache

    class Node:
        other: object = None

    cache = SliceCache()
    cache.begin(date(2026, 12, 7), None)
    try:
        with cycle_collector_paused(set_aside=True):
            a, b = Node(), Node()
            a.other, b.other = b, a  # a cycle: only the collector frees it
        gone = weakref.ref(a)
        del a, b
        gc.collect()
        assert gone() is not None  # set aside: the collector's passes leave it
        cache.begin(date(2026, 12, 7), None)  # the same day: still set aside
        assert gc.get_freeze_count() > 0
        cache.begin(date(2026, 12, 8), None)  # a new day
        assert gc.get_freeze_count() == 0
        gc.collect()
        assert gone() is None
    finally:
        gc.unfreeze()
