"""The demo's Level 3/5 start dates: care before this home, a promotion, a move into care, the manager's."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from carehome_desk.demo import DemoOptions, build_demo
from carehome_desk.models.qualifications import QualificationKind, clock_start
from carehome_desk.models.staff import StaffRole
from carehome_desk.store import Store

TODAY = date(2026, 11, 22)


def clocks(path: Path) -> list[tuple[object, ...]]:
    with Store.open(path, create=False) as store:
        return [(m.full_name, m.role, m.start_date, m.role_start_date, m.care_started_on, m.managing_started_on,
                 m.dates_to_confirm) for h in store.homes.list() for m in store.staff.list(h.id)]


def test_demo_staff_have_realistic_first_care_and_managing_dates(tmp_path: Path) -> None:
    path = build_demo(tmp_path / "a.sqlite3", DemoOptions(seed=3, today=TODAY))
    people = clocks(path)
    assert people == clocks(build_demo(tmp_path / "b.sqlite3", DemoOptions(seed=3, today=TODAY)))  # deterministic
    assert not any(p[6] for p in people)  # nothing guessed: the demo knows every date
    manager = next(p for p in people if p[1] is StaffRole.REGISTERED_MANAGER)
    assert manager[5] == manager[3] and manager[3] is not None  # first managed a home on becoming the manager
    care = [p for p in people if p[1] not in (StaffRole.ANCILLARY, StaffRole.OTHER)]
    assert all(p[4] is not None for p in care)
    assert any(p[4] < p[2] for p in care)  # in care at another home before starting here
    promoted = [p for p in care if p[1] is StaffRole.TEAM_LEADER and p[3] is not None]
    assert promoted and all(p[4] <= p[2] < p[3] for p in promoted)  # the promotion did not restart the clock
    moved = [p for p in care if p[1] is StaffRole.RESIDENTIAL_WORKER and p[3] is not None]
    assert moved and all(p[4] == p[3] > p[2] for p in moved)  # joined in a non-care role, moved into care
    cook = next(p for p in people if p[1] is StaffRole.ANCILLARY)
    assert cook[4] is None and cook[5] is None


def test_demo_level3_counts_from_the_first_care_role(tmp_path: Path) -> None:
    path = build_demo(tmp_path / "demo.sqlite3", DemoOptions(today=TODAY))
    with Store.open(path, create=False) as store:
        (home,) = store.homes.list()
        staff = store.staff.list(home.id)
    promoted = next(m for m in staff if m.role is StaffRole.TEAM_LEADER and m.role_start_date is not None)
    assert clock_start(QualificationKind.LEVEL3, promoted) == promoted.care_started_on != promoted.role_start_date
