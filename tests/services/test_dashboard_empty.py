"""A new home never looks compliant: tiles with nothing to count say "No data yet"; the set-up list ticks itself."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from carehome_desk.models.children import ChildDetails
from carehome_desk.models.home import Home
from carehome_desk.models.quality import Reg44Visit
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.models.status import Status
from carehome_desk.services.dashboard import NO_DATA, Tile, tiles
from carehome_desk.services.dashboard_setup import setup_checklist
from carehome_desk.store import Store
from tests.conftest import oak_lodge

TODAY = date(2026, 11, 22)
#: The tiles that have nothing to count in a home with no records at all.
EMPTY = ("workforce", "level3", "level5", "reg44", "reg45", "actions")


@pytest.fixture
def home(store: Store) -> Home:
    home, _ = store.homes.add(replace(oak_lodge(), registration_date=None, records_start=None,
                                         last_inspection_date=None, last_inspection_grades={}))
    return home


def _by_key(store: Store, home: Home) -> dict[str, Tile]:
    return {t.key: t for t in tiles(store, home, TODAY)}


def test_an_empty_home_has_no_status_anywhere_and_says_what_to_add(store: Store, home: Home) -> None:
    by_key = _by_key(store, home)
    for key in EMPTY:
        assert (by_key[key].value, by_key[key].status) == (NO_DATA, None), by_key[key]
        assert by_key[key].detail.startswith(("Add", "Record")), by_key[key]
    assert by_key["workforce"].detail == "Add staff on the Staff page or File → Import…"
    assert all(t.status is not Status.IN_DATE for t in by_key.values())  # never a green "In date"


@pytest.mark.parametrize("role", [StaffRole.REGISTERED_MANAGER, StaffRole.RESIDENTIAL_WORKER])
def test_a_home_with_one_member_of_staff(store: Store, home: Home, role: StaffRole) -> None:
    store.staff.add(home.id, StaffDetails("Sam Patel", role, date(2026, 11, 2)))
    by_key = _by_key(store, home)
    workforce = by_key["workforce"]
    assert workforce.value.endswith("% in date or due soon") and workforce.status is not None  # a real figure now
    assert workforce.status is not Status.IN_DATE  # a new starter with no checks recorded is not compliant
    level3, level5 = by_key["level3"], by_key["level5"]
    if role is StaffRole.REGISTERED_MANAGER:
        # The manager is not counted for Level 3 (reg 32(4)): no care staff yet, so nothing to count.
        assert (level3.value, level3.status) == (NO_DATA, None)
        assert level3.detail == "Add care staff on the Staff page or File → Import…"
        assert level5.value != NO_DATA and level5.status is not None
    else:
        assert level3.value == "0 achieved" and "1 not started" in level3.detail
        assert (level5.value, level5.status) == ("No registered manager recorded", Status.MISSING)
    assert (by_key["actions"].value, by_key["actions"].status) == (NO_DATA, None)


def test_the_checklist_ticks_itself_as_the_records_appear(store: Store, home: Home, tmp_path: Path) -> None:
    def ticked() -> dict[str, bool]:
        fresh = next(h for h in store.homes.list() if h.id == home.id)
        return {i.key: i.done for i in setup_checklist(store, fresh, TODAY).items}

    assert ticked() == dict.fromkeys(("manager", "staff", "children", "reg44", "inspection", "password", "backup"),
                                     False)
    first = setup_checklist(store, home, TODAY)
    assert first.shown and not first.complete
    assert all(i.action and i.opens for i in first.items)  # every unticked item has somewhere to go
    store.staff.add(home.id, StaffDetails("Sam Patel", StaffRole.REGISTERED_MANAGER, date(2026, 11, 2)))
    assert ticked()["manager"] and not ticked()["staff"]  # the manager alone is not "staff added"
    store.staff.add(home.id, StaffDetails("Ann Lee", StaffRole.RESIDENTIAL_WORKER, date(2026, 11, 2)))
    assert ticked()["staff"]
    store.children.add(home.id, ChildDetails("C01", "AB", date(2011, 3, 4), date(2026, 11, 10)))
    assert ticked()["children"]
    store.quality.save_visit(Reg44Visit(home.id, "Jo Independent", date(2026, 11, 12)))
    assert ticked()["reg44"]
    store.homes.update(home.id, replace(home.details, last_inspection_date=date(2026, 3, 4)),
                       expect_version=home.version)
    assert ticked()["inspection"]
    store.settings.set_second_backup_folder(tmp_path)
    assert ticked()["backup"]
    assert not ticked()["password"]  # this database is not encrypted


def test_hiding_the_checklist_is_remembered_per_home(store: Store, home: Home) -> None:
    other, _ = store.homes.add(oak_lodge(name="Willow House", urn="SC765432"))
    store.settings.set_setup_hidden(home.id)
    assert setup_checklist(store, home, TODAY).hidden and not setup_checklist(store, home, TODAY).shown
    assert not setup_checklist(store, other, TODAY).hidden
    store.settings.set_setup_hidden(home.id, False)
    assert setup_checklist(store, home, TODAY).shown


def test_the_demo_never_shows_the_checklist(store: Store, home: Home) -> None:
    store.settings.mark_demo()
    assert not setup_checklist(store, home, TODAY).shown
