"""The Staff list's Level 3/5 cell says one true thing: the worst first, never 'In date · L3 not started'."""

from __future__ import annotations

from datetime import date, timedelta

from carehome_desk.models.qualifications import Qualification, QualificationKind, QualificationStatus
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import Store
from carehome_desk.ui.workforce.staff_table_model import build_staff_rows, qualification_text
from tests.conftest import FIXED_NOW

TODAY = FIXED_NOW.date()


def cells(store: Store) -> dict[str, str]:
    (home,) = store.homes.list()
    rows = build_staff_rows(store.workforce.snapshot(home.id), store.settings.get(), store.today())
    return {row.member.full_name: qualification_text(row) for row in rows}


def add(store: Store, name: str, started: date, role: StaffRole = StaffRole.RESIDENTIAL_WORKER) -> None:
    (home,) = store.homes.list()
    store.staff.add(home.id, StaffDetails(full_name=name, role=role, start_date=started, care_started_on=started,
                                          managing_started_on=started if role is StaffRole.REGISTERED_MANAGER
                                          else None))


def test_not_started_with_the_deadline_ahead_says_when_it_is_due(home_store: Store) -> None:
    add(home_store, "Amy New", date(2026, 1, 5))
    add(home_store, "Sam Patel", date(2026, 1, 5), StaffRole.REGISTERED_MANAGER)
    assert cells(home_store) == {"Amy New": "L3 not started · due 05/01/2028",
                                 "Sam Patel": "L5 not started · due 05/01/2029"}


def test_the_status_leads_once_it_asks_for_action(home_store: Store) -> None:
    two_years = TODAY.replace(year=TODAY.year - 2)
    add(home_store, "Due Today", two_years)  # Reg 32(4): due on the second anniversary: not yet overdue
    add(home_store, "Due Yesterday", two_years - timedelta(days=1))
    add(home_store, "Far Off", TODAY)
    got = cells(home_store)
    assert got["Due Yesterday"] == "Overdue · L3 not started"
    assert got["Due Today"] == "Due soon · L3 not started"
    assert got["Far Off"] == f"L3 not started · due {(TODAY.replace(year=TODAY.year + 2)).strftime('%d/%m/%Y')}"
    assert not any(text.startswith("In date") for text in got.values())


def test_achieved_needs_no_date(home_store: Store) -> None:
    add(home_store, "Done Already", date(2020, 3, 1))
    (home,) = home_store.homes.list()
    (member,) = home_store.staff.list(home.id)
    home_store.workforce.save_qualification(Qualification(
        staff_id=member.id, kind=QualificationKind.LEVEL3, status=QualificationStatus.ACHIEVED,
        achieved_date=date(2021, 6, 1)))
    assert cells(home_store) == {"Done Already": "L3 achieved"}
