"""A small, known workforce written through the real store, for the workforce page tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from carehome_desk.models.ids import HomeId, StaffId
from carehome_desk.models.qualifications import Qualification, QualificationKind, QualificationStatus
from carehome_desk.models.recruitment import CHECKS, CheckKind, RecruitmentCheck
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.models.training import Course
from carehome_desk.store import Store

TODAY = date(2026, 11, 22)  # the fixed clock's day (tests/conftest.py)


@dataclass(frozen=True)
class Workforce:
    """Ids of the people the tests talk about."""

    home_id: HomeId
    checked: StaffId  # every check done; Level 3 enrolled and overdue
    new_starter: StaffId  # second reference missing: reg 32(7)
    leaver: StaffId  # left in the summer
    cook: StaffId  # not a care role

    def course(self, store: Store, name: str) -> Course:
        """A catalogue course by name."""
        return next(c for c in store.workforce.courses() if c.name == name)


def all_checks(store: Store, staff_id: StaffId, done: date, skip: tuple[CheckKind, ...] = ()) -> None:
    """Record every check as done on ``done`` except those in ``skip``."""
    for kind in CHECKS:
        if kind not in skip:
            store.workforce.save_check(RecruitmentCheck(staff_id, kind, done=True, done_date=done,
                                                        verified_by="Priya Fairbairn"))


def add_workforce(store: Store) -> Workforce:
    """Four people: a long-serving worker, a new starter, a leaver and a cook."""
    (home,) = store.homes.list()
    add = store.staff.add
    checked, _ = add(home.id, StaffDetails("Sarah Whitfield", StaffRole.RESIDENTIAL_WORKER, date(2023, 3, 1),
                                           induction_completed=date(2023, 5, 1),
                                           probation_completed=date(2023, 9, 1)))
    new, _ = add(home.id, StaffDetails("Marcus Okafor", StaffRole.RESIDENTIAL_WORKER, TODAY - timedelta(days=20)))
    leaver, _ = add(home.id, StaffDetails("Gareth Lowther", StaffRole.RESIDENTIAL_WORKER, date(2021, 1, 4),
                                          leaving_date=date(2026, 7, 31)))
    cook, _ = add(home.id, StaffDetails("Bethany Reid", StaffRole.ANCILLARY, date(2022, 6, 1), role_title="Cook"))
    all_checks(store, checked.id, date(2023, 2, 10))
    all_checks(store, new.id, TODAY - timedelta(days=30), skip=(CheckKind.REFERENCE_SECOND,))
    all_checks(store, cook.id, date(2022, 5, 10))
    store.workforce.save_qualification(Qualification(checked.id, QualificationKind.LEVEL3,
                                                     QualificationStatus.ENROLLED, enrolled_date=date(2023, 9, 1)))
    return Workforce(home.id, checked.id, new.id, leaver.id, cook.id)
