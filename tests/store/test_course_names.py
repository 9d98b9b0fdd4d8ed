"""Course names in the catalogue are unique ignoring capitals and surrounding spaces: a new clash is refused at
the name, a pair an earlier version let in still opens and can be edited, and imports find the course meant."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from carehome_desk.importing.course_names import course_finder
from carehome_desk.models.training import Course
from carehome_desk.store import Store, ValidationError
from carehome_desk.store.rows import to_row
from carehome_desk.store.schema import courses as courses_table
from tests.conftest import Clock


def by_name(store: Store, name: str) -> Course:
    return next(c for c in store.workforce.courses(include_archived=True) if c.name == name)


def test_a_name_differing_only_in_capitals_or_spaces_is_refused_at_the_name(store: Store) -> None:
    assert by_name(store, "First aid")
    with pytest.raises(ValidationError) as refused:
        store.workforce.save_course(Course("  first AID ", renewal_months=36))
    assert refused.value.problems["name"].startswith("There is already a course called First aid.")
    assert [c.name for c in store.workforce.courses()].count("First aid") == 1
    # Renaming another course onto it is refused the same way; a different name is fine.
    fire = by_name(store, "Fire safety")
    with pytest.raises(ValidationError, match="already a course called First aid"):
        store.workforce.save_course(replace(fire, name="FIRST AID"))
    saved, _ = store.workforce.save_course(Course("First aid refresher", renewal_months=12))
    assert saved.id


def test_an_archived_course_keeps_its_name_and_says_so(store: Store) -> None:
    course, _ = store.workforce.save_course(Course("Makaton", renewal_months=24))
    store.workforce.save_course(replace(course, archived=True))
    with pytest.raises(ValidationError) as refused:
        store.workforce.save_course(Course("makaton"))
    assert "Makaton (archived: restore it in the catalogue instead)" in refused.value.problems["name"]


def test_a_pair_from_before_still_opens_and_each_can_be_edited(store: Store, db_path: Path, clock: Clock) -> None:
    with store.write() as w:  # as an earlier version, which compared names exactly, let it in
        w.insert(courses_table, to_row(Course("first aid", renewal_months=12, position=99)))
    store.close()
    with Store.open(db_path, user="tester", clock=clock) as again:
        names = [c.name for c in again.workforce.courses()]
        assert "First aid" in names and "first aid" in names
        lower = by_name(again, "first aid")
        saved, _ = again.workforce.save_course(replace(lower, renewal_months=24))  # its own name: no new clash
        assert saved.renewal_months == 24
        with pytest.raises(ValidationError, match="already a course called (First|first) aid"):
            again.workforce.save_course(Course("First Aid "))


def test_imports_find_the_course_as_the_catalogue_names_it() -> None:
    upper, lower = Course("First aid", id=1), Course("first aid", id=2)  # a pair from before the rule
    archived = Course("Makaton", id=3, archived=True)
    live = Course("makaton", id=4)
    find = course_finder([upper, lower, archived, live, Course("Fire safety", id=5)])
    assert find("first aid") is lower and find("First aid ") is upper  # the spelling typed, where there is one
    assert find("FIRST AID") is upper  # else the first of the pair
    assert find("  fire   SAFETY") == Course("Fire safety", id=5)  # capitals and spaces ignored
    assert find("Fire-safety") == Course("Fire safety", id=5)  # and punctuation, as before
    assert find("MAKATON") is live  # a live course before an archived one
    assert find("Makaton") is live  # even when the archived one has the very spelling typed
    assert find("Food hygiene") is None
