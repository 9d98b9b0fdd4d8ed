"""The pack's cover counts missing Reg 44 months as its own Reg 44 sheet and `due` do, however early the period."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from carehome_desk.export.evidence_pack import PackOptions, export_pack
from carehome_desk.models.home import HomeDetails
from carehome_desk.models.quality import Reg44Visit
from carehome_desk.models.status import Status
from carehome_desk.services.due import quality_requirements
from carehome_desk.store import Store
from tests.conftest import FIXED_NOW, oak_lodge

TODAY = FIXED_NOW.date()  # 22/11/2026: October is the last complete month


def cover_text(path: Path) -> str:
    """Every cell of the Cover sheet, one per line."""
    ws = load_workbook(path)["Cover"]
    return "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None)


def missing_rows(path: Path) -> list[str]:
    """The month of each 'Missing' row on the pack's Reg 44 visits sheet."""
    ws = load_workbook(path)["Reg 44 visits"]
    return [str(row[0]) for row in ws.iter_rows(min_row=3, values_only=True) if "Missing" in row]


@pytest.mark.parametrize("details", [
    # Registered in 2019, but the records here start in January 2026 (the upgrade's "Records here start").
    oak_lodge(records_start=date(2026, 1, 1)),
    # Registered in January 2026: nothing is owed for the months before the home existed.
    oak_lodge(registration_date=date(2026, 1, 15)),
], ids=["records-start", "registration"])
def test_an_early_from_counts_the_months_the_reg44_sheet_and_due_count(store: Store, tmp_path: Path,
                                                                       details: HomeDetails) -> None:
    home, _ = store.homes.add(details)
    for month in (1, 2, 3, 4, 6, 7, 8, 9, 10):  # every month of 2026 so far but May
        store.quality.save_visit(Reg44Visit(home.id, "Jo Independent", date(2026, month, 12)))
    out = tmp_path / "pack.xlsx"

    result = export_pack(store, PackOptions(out, start=date(1990, 1, 1)))

    due = [r for r in quality_requirements(store, home, TODAY, 30)
           if r.key.startswith("reg44:visit:") and r.status is Status.OVERDUE]
    assert [r.requirement for r in due] == ["Reg 44 visit for May 2026"]
    assert missing_rows(out) == ["May 2026"]
    (gap,) = [g for g in result.gaps if "no Reg 44 visit" in g]
    assert gap == "Oak Lodge: 1 month in the period with no Reg 44 visit recorded"
    counts = re.findall(r"(\d+) months? in the period with no Reg 44 visit recorded", cover_text(out))
    assert counts == ["1"]  # the cover says what the sheet lists, not 400-odd months since 1990


def test_a_period_inside_the_records_counts_only_its_own_months(store: Store, tmp_path: Path) -> None:
    home, _ = store.homes.add(oak_lodge(records_start=date(2025, 1, 1)))
    store.quality.save_visit(Reg44Visit(home.id, "Jo Independent", date(2026, 8, 3)))
    out = tmp_path / "pack.xlsx"

    result = export_pack(store, PackOptions(out, start=date(2026, 6, 15), end=date(2026, 9, 30)))

    # June, July and September have no visit; months outside the period are not the pack's.
    assert missing_rows(out) == ["June 2026", "July 2026", "September 2026"]
    assert "Oak Lodge: 3 months in the period with no Reg 44 visit recorded" in result.gaps
    assert "3 months in the period with no Reg 44 visit recorded" in cover_text(out)


def sheet_rows(path: Path) -> list[tuple[str, date | None, str]]:
    """Month, visit date and visitor of each row on the pack's Reg 44 visits sheet."""
    ws = load_workbook(path)["Reg 44 visits"]
    return [(str(r[0]), r[1].date() if r[1] else None, str(r[2]))
            for r in ws.iter_rows(min_row=3, values_only=True)]


def test_a_month_the_period_starts_part_way_shows_its_visit_from_before_the_period(store: Store,
                                                                                   tmp_path: Path) -> None:
    home, _ = store.homes.add(oak_lodge(records_start=date(2025, 1, 1)))
    store.quality.save_visit(Reg44Visit(home.id, "Jo Independent", date(2026, 6, 3)))
    store.quality.save_visit(Reg44Visit(home.id, "Jo Independent", date(2026, 7, 20)))
    store.quality.save_visit(Reg44Visit(home.id, "Sam Second", date(2026, 7, 28)))
    out = tmp_path / "pack.xlsx"

    result = export_pack(store, PackOptions(out, start=date(2026, 6, 15), end=date(2026, 7, 31)))

    # June is owed (the period holds part of it) and its visit on 03/06 counts: the row shows it, as the
    # cover does when it counts no month missing. Both July visits are listed.
    assert sheet_rows(out) == [("June 2026", date(2026, 6, 3), "Jo Independent"),
                               ("July 2026", date(2026, 7, 20), "Jo Independent"),
                               ("July 2026", date(2026, 7, 28), "Sam Second")]
    assert not [g for g in result.gaps if "no Reg 44 visit" in g]


def test_a_month_the_period_ends_part_way_shows_its_visit_from_after_the_period(store: Store,
                                                                                tmp_path: Path) -> None:
    home, _ = store.homes.add(oak_lodge(records_start=date(2025, 1, 1)))
    store.quality.save_visit(Reg44Visit(home.id, "Jo Independent", date(2026, 9, 25)))
    out = tmp_path / "pack.xlsx"

    export_pack(store, PackOptions(out, start=date(2026, 8, 1), end=date(2026, 9, 10)))

    assert sheet_rows(out) == [("August 2026", None, "No visit recorded"),
                               ("September 2026", date(2026, 9, 25), "Jo Independent")]
