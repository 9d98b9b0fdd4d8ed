"""The DBS certificate and the Schedule 2 para 2 check give one answer everywhere.

Issue 16: after recording an enhanced certificate with the children's barred list checked, the
Staff › DBS tab said "In date" while `due` and the dashboard still listed the Schedule 2 DBS check
as missing: the tab read the certificate, the check read the vetting summary's tick box.
"""

from __future__ import annotations

from datetime import date

import pytest

from carehome_desk.services.due import due_items
from carehome_desk.models.dbs import DbsCertificate, DbsLevel, Workforce
from carehome_desk.models.ids import HomeId
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.models.recruitment import CheckKind, RecruitmentCheck, started_before_checks
from carehome_desk.models.status import Status
from carehome_desk.models.workforce import reg_32_7_flags, staff_requirements
from carehome_desk.store import Store
from tests.conftest import oak_lodge

TODAY = date(2026, 11, 22)


@pytest.fixture
def home_id(store: Store) -> HomeId:
    home, _ = store.homes.add(oak_lodge())
    return home.id


def _add_worker(store: Store, home_id: HomeId) -> StaffDetails:
    details = StaffDetails(full_name="Aisha Brennan", role=StaffRole.RESIDENTIAL_WORKER,
                           start_date=date(2025, 3, 3), staff_ref="E017")
    member, _ = store.staff.add(home_id, details)
    return member  # type: ignore[return-value]


def _dbs_words(store: Store) -> list[str]:
    return [f"{i.requirement.status.label} · {i.requirement.requirement}" for i in due_items(store, TODAY)
            if "DBS" in i.requirement.requirement]


def test_a_recorded_enhanced_certificate_satisfies_schedule_2_para_2(store: Store, home_id: HomeId) -> None:
    member = _add_worker(store, home_id)
    store.workforce.add_certificate(DbsCertificate(member.id, "001234567890", date(2026, 8, 20),  # type: ignore[attr-defined]
                                                   DbsLevel.ENHANCED, Workforce.CHILD, barred_list_children=True))
    snap = store.workforce.snapshot(home_id)
    reqs = staff_requirements(snap, snap.staff[0], store.settings.get(), TODAY)
    tab = next(r for r in reqs if r.area == "DBS")  # what the Staff › DBS tab shows
    check = next(r for r in reqs if r.key == "check:dbs")  # the vetting summary's Schedule 2 para 2 line
    assert tab.status is Status.IN_DATE
    assert check.status is Status.IN_DATE, check.detail
    assert _dbs_words(store) == []
    # The reg 32(7) flag reads as if the DBS line of the vetting summary were ticked.
    ticked = {CheckKind.DBS: RecruitmentCheck(member.id, CheckKind.DBS, True, date(2026, 8, 20), "RM")}  # type: ignore[attr-defined]
    assert reg_32_7_flags(snap, TODAY)[snap.staff[0].id] == started_before_checks(snap.staff[0], ticked, TODAY)


def test_a_basic_certificate_leaves_both_missing(store: Store, home_id: HomeId) -> None:
    member = _add_worker(store, home_id)
    store.workforce.add_certificate(DbsCertificate(member.id, "001234567890", date(2026, 8, 20),  # type: ignore[attr-defined]
                                                   DbsLevel.BASIC, Workforce.CHILD, barred_list_children=False))
    snap = store.workforce.snapshot(home_id)
    reqs = staff_requirements(snap, snap.staff[0], store.settings.get(), TODAY)
    tab = next(r for r in reqs if r.area == "DBS")
    check = next(r for r in reqs if r.key == "check:dbs")
    assert tab.status is Status.MISSING and check.status is Status.MISSING


def test_the_checks_tab_says_the_certificate_meets_the_dbs_line(store: Store, home_id: HomeId, qtbot) -> None:  # type: ignore[no-untyped-def]
    from carehome_desk.ui.workforce.checks_tab import ChecksTab

    member = _add_worker(store, home_id)
    store.workforce.add_certificate(DbsCertificate(member.id, "001234567890", date(2026, 8, 20)))  # type: ignore[attr-defined]
    snap = store.workforce.snapshot(home_id)
    tab = ChecksTab(store)
    qtbot.addWidget(tab)
    tab.show_member(snap.staff[0], snap.checks.get(snap.staff[0].id, {}), TODAY, snap.latest_certificate(member.id))  # type: ignore[attr-defined]
    row = tab.rows[CheckKind.DBS]
    assert not row.done.isChecked()  # the user's own record is left as it is
    assert row.note.placeholderText() == "Met by certificate 001234567890 issued 20/08/2026 (DBS tab)"
    flag = snap.reg_32_7_flag(snap.staff[0], TODAY)  # what the Staff and Checks pages and the pack show
    assert tab.flag.text() == (f"⚠ Reg 32(7) flag: {flag}" if flag else "")
