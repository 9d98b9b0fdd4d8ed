"""Setting up a home makes the registered manager it names a staff record, in the same transaction."""

from __future__ import annotations

from datetime import timedelta

import pytest

from carehome_desk.models.diplomas import manager_level5
from carehome_desk.models.manager_setup import MANAGER_START
from carehome_desk.models.qualifications import QualificationKind, required_kind
from carehome_desk.models.staff import StaffRole
from carehome_desk.services.dashboard import tiles
from carehome_desk.store import Store, ValidationError
from tests.conftest import Clock, oak_lodge


def _tile(store: Store, key: str) -> tuple[str, str]:
    (home,) = store.homes.list()
    tile = next(t for t in tiles(store, home, store.today()) if t.key == key)
    return tile.value, tile.detail


def test_the_manager_named_becomes_an_audited_staff_record(store: Store, clock: Clock) -> None:
    started = clock().date() - timedelta(days=400)
    home, changes = store.homes.add(oak_lodge(registered_manager="  Sam   Patel "), manager_started=started)
    (member,) = store.staff.list(home.id)
    assert (member.full_name, member.role, member.start_date, member.role_started) == (
        "Sam Patel", StaffRole.REGISTERED_MANAGER, started, started)
    # Level 5 counts from first managing a home: taken as this start and marked to confirm.
    assert member.managing_clock_start == started and member.dates_to_confirm
    assert required_kind(member) is QualificationKind.LEVEL5
    assert [e.action.value for e in store.audit.entries(table="staff", record_id=member.id)] == ["insert"]
    assert "staff" in {r.value for r in changes.registers}
    value, detail = _tile(store, "level5")
    assert value != "No registered manager recorded" and "Add the registered manager" not in detail
    assert "due" in detail  # Reg 28(4): due three years from the start


def test_a_blank_manager_name_adds_no_staff_record(store: Store, clock: Clock) -> None:
    home, _ = store.homes.add(oak_lodge(registered_manager="   "), manager_started=clock().date())
    assert store.staff.list(home.id) == []
    assert manager_level5(store.workforce.snapshot(home.id), store.settings.get(), store.today()).manager is None


def test_without_a_start_date_the_home_alone_is_added(store: Store) -> None:
    home, _ = store.homes.add(oak_lodge())  # the demo and older callers
    assert store.staff.list(home.id) == []


def test_a_start_today_is_accepted_and_tomorrow_refused_with_nothing_written(store: Store, clock: Clock) -> None:
    today = clock().date()
    with pytest.raises(ValidationError) as refused:
        store.homes.add(oak_lodge(), manager_started=today + timedelta(days=1))
    assert set(refused.value.problems) == {MANAGER_START}
    assert store.homes.list() == [] and store.staff.list() == []
    assert store.audit.entries(table="homes") == [] and store.audit.entries(table="staff") == []
    home, _ = store.homes.add(oak_lodge(), manager_started=today)
    assert [m.start_date for m in store.staff.list(home.id)] == [today]


def test_a_refused_home_leaves_no_manager_behind(store: Store, clock: Clock) -> None:
    store.homes.add(oak_lodge(registered_manager=""))
    with pytest.raises(ValidationError) as refused:  # the same URN again
        store.homes.add(oak_lodge(name="Willow House", registered_manager="Sam Patel"),
                        manager_started=clock().date())
    assert "urn" in refused.value.problems
    assert store.staff.list() == [] and len(store.homes.list()) == 1
