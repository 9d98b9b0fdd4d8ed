"""Child and staff references are unique in a home whatever the capitals and spaces; older clashes still open."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from carehome_desk.models.children import ChildDetails
from carehome_desk.models.ids import HomeId
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import Store, ValidationError
from carehome_desk.store.rows import to_row
from carehome_desk.store.schema import children, staff
from tests.conftest import Clock, oak_lodge


def child(reference: str, initials: str = "BX") -> ChildDetails:
    return ChildDetails(reference, initials, date(2012, 1, 1), date(2026, 1, 5), "Northmoor County Council")


def person(name: str, ref: str) -> StaffDetails:
    return StaffDetails(name, StaffRole.RESIDENTIAL_WORKER, date(2024, 5, 1), staff_ref=ref,
                        care_started_on=date(2024, 5, 1))


@pytest.fixture
def home_id(store: Store) -> HomeId:
    home, _ = store.homes.add(oak_lodge())
    return home.id


@pytest.mark.parametrize("typed", ["c06", " C06 ", "c06  "])
def test_a_child_reference_in_other_capitals_or_spaces_is_refused(store: Store, home_id: HomeId, typed: str) -> None:
    store.children.add(home_id, child("C06"))
    with pytest.raises(ValidationError) as refused:
        store.children.add(home_id, child(typed, "ZZ"))
    problem = refused.value.problems["reference"]
    assert "BX, already has the reference C06" in problem
    assert len(store.children.list(home_id)) == 1


def test_renaming_a_child_onto_another_reference_is_refused_but_a_change_of_capitals_of_its_own_is_not(
        store: Store, home_id: HomeId) -> None:
    store.children.add(home_id, child("C06"))
    other, _ = store.children.add(home_id, child("C07", "ZZ"))
    with pytest.raises(ValidationError) as refused:
        store.children.update(replace(other, reference="c06"))
    assert "capitals and spaces do not make a reference different" in refused.value.problems["reference"]
    saved, _ = store.children.update(replace(other, reference="c07"))
    assert saved.reference == "c07"


def test_an_archived_childs_reference_is_not_reused(store: Store, home_id: HomeId) -> None:
    first, _ = store.children.add(home_id, child("C06"))
    store.children.archive(first.id, "entered in error")
    with pytest.raises(ValidationError):
        store.children.add(home_id, child("c06", "ZZ"))


def test_another_home_may_use_the_same_reference(store: Store, home_id: HomeId) -> None:
    store.children.add(home_id, child("C06"))
    other, _ = store.homes.add(oak_lodge(name="Elm House", urn="SC654321"))
    assert store.children.add(other.id, child("c06"))[0].reference == "c06"


def test_a_register_that_already_holds_c06_and_C06_opens_and_each_entry_still_saves(db_path: Path,
                                                                                    clock: Clock) -> None:
    # As a database written before the check: the second row goes in through the writer, past the register.
    with Store.open(db_path, user="tester", clock=clock) as store:
        home, _ = store.homes.add(oak_lodge())
        store.children.add(home.id, child("C06"))
        with store.write() as w:
            w.insert(children, {**to_row(child("c06", "ZZ"), skip=()), "home_id": home.id, "version": 1,
                                "archive_reason": ""})
    with Store.open(db_path, user="tester", clock=clock) as store:
        both = store.children.list(home.id)
        assert sorted(c.reference for c in both) == ["C06", "c06"]
        lower = next(c for c in both if c.reference == "c06")
        saved, _ = store.children.update(replace(lower, leaving_date=date(2026, 11, 1), ending_planned=True))
        assert saved.leaving_date == date(2026, 11, 1)  # its own reference left as it was: saved
        with pytest.raises(ValidationError):
            store.children.update(replace(saved, reference="C06"))  # made the same as the other: refused
        fixed, _ = store.children.update(replace(saved, reference="C06-2"))
        assert fixed.reference == "C06-2"


def test_a_staff_reference_in_other_capitals_is_refused_and_an_empty_one_never_clashes(store: Store,
                                                                                      home_id: HomeId) -> None:
    store.staff.add(home_id, person("Callum Lam", "E12"))
    with pytest.raises(ValidationError) as refused:
        store.staff.add(home_id, person("Callum Patel", " e12"))
    assert refused.value.problems["staff_ref"] == ("Callum Lam already has the staff reference E12: capitals and "
                                                   "spaces do not make a reference different.")
    store.staff.add(home_id, person("Dee One", ""))
    store.staff.add(home_id, person("Dee Two", ""))
    assert len(store.staff.list(home_id)) == 3


def test_staff_who_already_share_a_reference_still_save(db_path: Path, clock: Clock) -> None:
    with Store.open(db_path, user="tester", clock=clock) as store:
        home, _ = store.homes.add(oak_lodge())
        store.staff.add(home.id, person("Callum Lam", "E12"))
        with store.write() as w:
            w.insert(staff, {**to_row(person("Callum Patel", "e12").normalised(), skip=()), "home_id": home.id,
                             "version": 1, "archive_reason": ""})
        patel = next(m for m in store.staff.list(home.id) if m.full_name == "Callum Patel")
        saved, _ = store.staff.update(replace(patel, hours_per_week=30.0))
        assert saved.hours_per_week == 30.0
