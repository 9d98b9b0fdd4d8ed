"""A save over a record archived (or removed) elsewhere since it was opened: refused, saying so plainly.

Archiving raises the record's version, so the save used to be refused as "changed elsewhere ... reload,
and save again", listing the manager's own edits as the other person's version: untrue, and saving
again could never work. The refusal now says the record was archived, by whom and why.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from carehome_desk.models.children import ChildDetails, LegalStatus
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import ConflictError, NotFoundError, RecordGoneError, Store
from tests.conftest import Clock, oak_lodge


def test_saving_a_member_of_staff_archived_elsewhere_says_archived_by_whom_and_why(
        store: Store, store_target: Path | str) -> None:
    home, _ = store.homes.add(oak_lodge())
    member, _ = store.staff.add(home.id, StaffDetails("Sarah Whitfield", StaffRole.RESIDENTIAL_WORKER,
                                                      date(2023, 3, 1)))
    with Store.open(store_target, user="Helen at the office", clock=Clock()) as other:
        other.staff.archive(member.id, "Entered twice")
    with pytest.raises(RecordGoneError) as refused:
        store.staff.update(replace(member, full_name="Sarah Whitfield-Jones"))
    assert str(refused.value) == ("This record was archived elsewhere (by Helen at the office at 10:00 22/11/2026) "
                                  "since you opened it, so your edits were not saved. The reason given: "
                                  "“Entered twice”.")
    assert refused.value.archived and refused.value.by == "Helen at the office"
    assert isinstance(refused.value, ConflictError)  # callers that only know "refused" still catch it
    kept = store.staff.get(member.id)
    assert kept.full_name == "Sarah Whitfield" and kept.archived_at is not None


def test_saving_a_child_archived_elsewhere_is_refused_as_archived(store: Store, store_target: Path | str) -> None:
    home, _ = store.homes.add(oak_lodge())
    child, _ = store.children.add(home.id, ChildDetails("C01", "AB", date(2011, 3, 4), date(2025, 1, 10),
                                                        "Northmoor County Council", LegalStatus.SECTION_31))
    with Store.open(store_target, user="Helen at the office", clock=Clock()) as other:
        other.children.archive(child.id, "Wrong home")
    with pytest.raises(RecordGoneError, match="archived elsewhere"):
        store.children.update(replace(child, initials="AC"))
    assert store.children.get(child.id).initials == "AB"


def test_a_record_changed_but_not_archived_is_still_a_plain_conflict(store: Store, store_target: Path | str) -> None:
    home, _ = store.homes.add(oak_lodge())
    member, _ = store.staff.add(home.id, StaffDetails("Sarah Whitfield", StaffRole.RESIDENTIAL_WORKER,
                                                      date(2023, 3, 1)))
    with Store.open(store_target, user="Helen at the office", clock=Clock()) as other:
        other.staff.update(replace(member, role_title="Senior"))
    with pytest.raises(ConflictError) as refused:
        store.staff.update(replace(member, full_name="Sarah Whitfield-Jones"))
    assert not isinstance(refused.value, RecordGoneError)
    assert str(refused.value).startswith("This record was changed elsewhere")


def test_saving_a_record_deleted_by_another_program_says_removed(db_path: Path, clock: Clock) -> None:
    with Store.open(db_path, user="tester", clock=clock) as store:
        home, _ = store.homes.add(oak_lodge())
        member, _ = store.staff.add(home.id, StaffDetails("Sarah Whitfield", StaffRole.RESIDENTIAL_WORKER,
                                                          date(2023, 3, 1)))
        other = sqlite3.connect(db_path)  # another program, not through the app
        try:
            with other:
                other.execute("DELETE FROM staff WHERE id = ?", (int(member.id),))
        finally:
            other.close()
        with pytest.raises(RecordGoneError) as refused:
            store.staff.update(replace(member, full_name="Sarah Whitfield-Jones"))
        assert str(refused.value) == "This record was removed elsewhere since you opened it, so your edits were not saved."
        assert not refused.value.archived
        assert isinstance(refused.value, NotFoundError)


def test_training_and_checks_for_a_person_archived_elsewhere_are_refused(store: Store,
                                                                        store_target: Path | str) -> None:
    from carehome_desk.models.recruitment import CheckKind, RecruitmentCheck
    from carehome_desk.models.training import TrainingRecord

    home, _ = store.homes.add(oak_lodge())
    member, _ = store.staff.add(home.id, StaffDetails("Sarah Whitfield", StaffRole.RESIDENTIAL_WORKER,
                                                      date(2023, 3, 1)))
    course = next(c for c in store.workforce.courses() if c.name == "First aid")
    with Store.open(store_target, user="Helen at the office", clock=Clock()) as other:
        other.staff.archive(member.id, "Entered twice")
    with pytest.raises(RecordGoneError) as refused:
        store.workforce.add_training(TrainingRecord(member.id, course.id, date(2026, 11, 18)))
    assert str(refused.value).startswith("This person's record was archived elsewhere (by Helen at the office")
    with pytest.raises(RecordGoneError):
        store.workforce.save_check(RecruitmentCheck(member.id, CheckKind.REFERENCE_SECOND, done=True,
                                                    done_date=date(2023, 2, 1), verified_by="Priya Fairbairn"))
    assert store.workforce.training_for(member.id) == []
