"""One evidence pack, one day: every status judged the day it is made, the DRAFT banner listing what `due`
lists as overdue, every month of a long period charted, and a period past today refused or cut at today."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from carehome_desk.export.evidence_pack import PackOptions, export_pack
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.home import Home
from carehome_desk.models.ids import ChildId
from carehome_desk.models.incidents import AllegationDetails, IncidentDetails, IncidentType, Reg40
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.models.status import Basis, Status
from carehome_desk.services.due import due_items
from carehome_desk.store import Store, StoreError
from tests.conftest import FIXED_NOW, oak_lodge

TODAY = FIXED_NOW.date()  # 22/11/2026


def rows_of(path: Path, sheet: str) -> list[list[object]]:
    """A sheet's rows as python-calamine reads them (a second reader, not the one that wrote it)."""
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def cover(path: Path) -> dict[str, str]:
    """The cover's label → value pairs."""
    return {str(r[0]): str(r[1]) for r in rows_of(path, "Cover") if len(r) > 1 and r[0] and r[1] != ""}


def child(store: Store, home: Home) -> ChildId:
    """A child living at the home since 2022."""
    kid, _ = store.children.add(home.id, ChildDetails("C-1", "AB", date(2010, 1, 1), date(2022, 1, 5)))
    return kid.id


@pytest.fixture
def home(store: Store) -> Home:
    home, _ = store.homes.add(oak_lodge())
    return home


def test_every_qualification_status_in_a_past_period_pack_is_judged_on_the_day_it_is_made(
        store: Store, home: Home, tmp_path: Path) -> None:
    # Level 5 due 01/12/2026: due soon today, still in date on 31/01/2026 (the period's end).
    store.staff.add(home.id, StaffDetails("Anna Reed", StaffRole.REGISTERED_MANAGER, date(2023, 12, 1),
                                          managing_started_on=date(2023, 12, 1)))
    # Level 3 due 20/11/2026: overdue today, not yet on 31/01/2026.
    store.staff.add(home.id, StaffDetails("Ben Cole", StaffRole.RESIDENTIAL_WORKER, date(2024, 11, 20),
                                          care_started_on=date(2024, 11, 20)))
    out = tmp_path / "pack.xlsx"

    export_pack(store, PackOptions(out, start=date(2026, 1, 1), end=date(2026, 1, 31)))

    annex = {str(r[0]): str(r[1]) for r in rows_of(out, "Annex A")}
    assert annex["Care staff Level 3 status"] == "1 overdue"
    assert annex["Registered manager's Level 5"].endswith("— due soon")
    assert cover(out)["Manager's Level 5"].endswith("(due soon)")
    staff = rows_of(out, "Staff")
    status = staff[1].index("Qualification status")
    assert {str(r[0]): r[status] for r in staff[2:]} == {"Anna Reed": "Due soon", "Ben Cole": "Overdue"}
    assert cover(out)["Statuses as on"].startswith("22/11/2026, the day the pack was made")


def test_the_cover_lists_what_due_lists_as_overdue_by_basis(store: Store, home: Home, tmp_path: Path) -> None:
    kid = child(store, home)
    # No Reg 45 review since registration; an allegation whose notices were never sent (24 hours, Reg 40);
    # a self-harm incident 30 hours ago with no reg 40 decision (overdue at 24 hours, not 2 days); and one
    # 3 days ago not yet reviewed (the 7-day review is not overdue, so the banner does not count it). The
    # allegation's LADO referral (one working day) is provider policy: listed apart, not on the DRAFT banner.
    store.incidents.add(home.id, IncidentDetails(
        IncidentType.ALLEGATION, FIXED_NOW - timedelta(days=4), (), "Allegation", notifiable=True,
        reg40_rationale="An allegation against staff", reg40_paragraphs=(Reg40.ALLEGATION,),
        details=AllegationDetails(staff_name="Cara Dunn")))
    store.incidents.add(home.id, IncidentDetails(IncidentType.SELF_HARM, FIXED_NOW - timedelta(hours=30), (kid,),
                                                 "Cut"))
    store.incidents.add(home.id, IncidentDetails(IncidentType.SELF_HARM, FIXED_NOW - timedelta(days=3), (kid,), "Cut",
                                                 notifiable=False, reg40_rationale="No harm"))
    out = tmp_path / "pack.xlsx"

    result = export_pack(store, PackOptions(out, start=date(2026, 11, 1)))

    overdue = Counter((i.requirement.basis is Basis.PRACTICE, i.requirement.requirement)
                      for i in due_items(store, TODAY)
                      if i.requirement.status is Status.OVERDUE and not i.requirement.key.startswith("reg44:visit:"))
    assert overdue[False, "Reg 45 quality of care review"] == 1
    assert overdue[False, "Reg 40: decide whether it is notifiable"] == 1
    assert overdue[False, "Ofsted notified (Reg 40(4)(c))"] == 1
    assert overdue[True, "Referred to the LADO"] == 1
    listed: Counter[tuple[bool, str]] = Counter()
    for policy, lines in ((False, result.gaps), (True, result.policy)):
        for gap in lines:
            if (m := re.fullmatch(r"Oak Lodge( \(practice, not law\))?: (\d+) overdue [^(]+ \((.*)\)", gap)):
                assert bool(m[1]) is policy
                parts = [part.rsplit(": ", 1) for part in m[3].split("; ")]
                assert sum(int(n) for _, n in parts) == int(m[2])  # the line's count is what it lists
                listed.update({(policy, kind): int(n) for kind, n in parts})
    assert listed == overdue
    assert not [g for g in result.gaps if "not reviewed" in g]
    assert "Oak Lodge: 1 overdue Reg 45 review or report (Reg 45 quality of care review: 1)" in result.gaps
    assert result.policy == ["Oak Lodge (practice, not law): 1 overdue incident step (Referred to the LADO: 1)"]
    banner = " ".join(str(c) for r in rows_of(out, "Cover") for c in r)
    assert "Reg 40: decide whether it is notifiable: 1" in banner and "DRAFT" in banner


def test_a_long_period_charts_every_month_and_keeps_every_type(store: Store, home: Home, tmp_path: Path) -> None:
    kid = child(store, home)
    start = date(2022, 12, 1)  # 48 months to November 2026; an allegation only in the first month
    store.incidents.add(home.id, IncidentDetails(IncidentType.ALLEGATION, FIXED_NOW.replace(year=2022, month=12, day=5),
                                                 (), "Allegation", notifiable=False, reg40_rationale="Unfounded",
                                                 details=AllegationDetails(staff_name="Cara Dunn")))
    store.incidents.add(home.id, IncidentDetails(IncidentType.SELF_HARM, FIXED_NOW - timedelta(days=3), (kid,), "Cut",
                                                 notifiable=False, reg40_rationale="No harm"))
    out = tmp_path / "pack.xlsx"

    export_pack(store, PackOptions(out, start=start))

    charts = rows_of(out, "Charts")
    assert charts[0][0] == "Charts, 01/12/2022 to 22/11/2026"
    header = [str(c) for c in charts[1]]
    months = [str(r[0]) for r in charts[2:50]]
    assert len(months) == 48 and months[0] == "Dec 22" and months[-1] == "Nov 26"
    allegations = [r[header.index("Allegation against staff")] for r in charts[2:50]]
    assert allegations[0] == 1 and sum(allegations) == 1
    ws = load_workbook(out)["Charts"]
    assert len(ws._charts) == 2  # both charts are drawn from the full tables


def test_a_period_that_starts_after_today_is_refused(store: Store, home: Home, tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    with pytest.raises(StoreError, match=r"starts on 01/01/2027, after today \(22/11/2026\)"):
        export_pack(store, PackOptions(out, start=date(2027, 1, 1), end=date(2027, 1, 31)))
    assert not out.exists()


def test_a_period_that_ends_after_today_stops_at_today_and_says_so(store: Store, home: Home, tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"

    result = export_pack(store, PackOptions(out, start=date(2026, 1, 1), end=date(2027, 12, 31)))

    assert result.period_note == ("The period asked for ends on 31/12/2027, after today: the pack covers "
                                  "01/01/2026 to today, 22/11/2026.")
    assert cover(out)["Period covered"] == f"01/01/2026 to 22/11/2026. {result.period_note}"
    assert rows_of(out, "Annex A")[0][0] == "Annex A figures, 01/01/2026 to 22/11/2026"
    months = [str(r[0]) for r in rows_of(out, "Charts")[2:] if r and r[0]]
    assert "Dec 26" not in months and "Jan 27" not in months
