"""Reg 44(2): a visit every month from registration (or from the records' start), in `due`, the dashboard and the pack."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import openpyxl
import pytest

from carehome_desk.services.dashboard import tiles as home_tiles
from carehome_desk.services.due import due_items
from carehome_desk.services.evidence import Period, home_metrics
from carehome_desk.export.evidence_pack import PackOptions, export_pack
from carehome_desk.models.home import Home
from carehome_desk.models.ids import HomeId
from carehome_desk.models.quality import Reg44Visit, reg44_requirements, reg44_start
from carehome_desk.models.status import Status
from carehome_desk.store import Store
from tests.conftest import Clock, oak_lodge


def visit_keys(store: Store, today: date) -> dict[str, Status]:
    """Every Reg 44 monthly-visit item `due` lists, by month key."""
    return {i.requirement.key: i.requirement.status for i in due_items(store, today)
            if i.requirement.key.startswith("reg44:visit:")}


def months(first: tuple[int, int], last: tuple[int, int]) -> list[str]:
    """'reg44:visit:YYYY-MM' keys from first to last month inclusive."""
    out, (y, m) = [], first
    while (y, m) <= last:
        out.append(f"reg44:visit:{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def test_a_new_home_with_no_visit_owes_every_month_since_registration(store: Store, clock: Clock) -> None:
    clock.now = datetime(2026, 4, 20, 9, 0, tzinfo=timezone.utc)
    store.homes.add(oak_lodge(registration_date=date(2025, 1, 1), last_inspection_date=None,
                              last_inspection_grades={}))
    keys = visit_keys(store, date(2026, 4, 20))
    overdue = [k for k, s in keys.items() if s is Status.OVERDUE]
    assert sorted(overdue) == months((2025, 1), (2026, 3))  # 15 months, January 2025 included
    assert keys["reg44:visit:2026-04"] is Status.DUE_SOON
    assert len(keys) == 16


def test_a_home_registered_mid_month_owes_that_month(store: Store, clock: Clock) -> None:
    clock.now = datetime(2026, 4, 20, 9, 0, tzinfo=timezone.utc)
    store.homes.add(oak_lodge(registration_date=date(2026, 2, 27), last_inspection_date=None,
                              last_inspection_grades={}))
    keys = visit_keys(store, date(2026, 4, 20))
    assert [k for k, s in keys.items() if s is Status.OVERDUE] == months((2026, 2), (2026, 3))


def test_a_home_registered_years_ago_owes_every_month_unless_the_records_start_later(
        store: Store, clock: Clock) -> None:
    clock.now = datetime(2026, 11, 22, 10, 0, tzinfo=timezone.utc)
    home, _ = store.homes.add(oak_lodge(registration_date=date(2019, 11, 22)))
    keys = visit_keys(store, date(2026, 11, 22))
    assert min(keys) == "reg44:visit:2019-11" and len(keys) == 7 * 12 + 1
    # The manager says the records here start in June 2026: earlier months are not counted.
    store.homes.update(home.id, oak_lodge(registration_date=date(2019, 11, 22), records_start=date(2026, 6, 15)),
                       expect_version=home.version)
    assert sorted(visit_keys(store, date(2026, 11, 22))) == months((2026, 6), (2026, 11))


def test_visited_months_are_not_owed_and_a_missed_month_between_them_is(store: Store) -> None:
    home, _ = store.homes.add(oak_lodge(registration_date=date(2026, 7, 1), last_inspection_date=None,
                                        last_inspection_grades={}))
    for day in (date(2026, 7, 10), date(2026, 9, 3), date(2026, 10, 31)):
        store.quality.save_visit(Reg44Visit(home.id, "Jo Visitor", day, report_received_on=day,
                                            sent_to_ofsted_on=day))
    keys = visit_keys(store, date(2026, 11, 22))
    assert keys == {"reg44:visit:2026-08": Status.OVERDUE, "reg44:visit:2026-11": Status.DUE_SOON}


def test_without_a_registration_date_months_count_from_the_first_visit() -> None:
    visits = [Reg44Visit(HomeId(1), "Jo", date(2026, 8, 12))]
    assert reg44_start(None, visits, date(2026, 11, 22)) == date(2026, 8, 1)
    assert reg44_start(None, [], date(2026, 11, 22)) == date(2026, 11, 1)
    assert reg44_start(date(2024, 2, 29), visits, date(2026, 11, 22)) == date(2024, 2, 1)
    reqs = reg44_requirements(visits, reg44_start(None, visits, date(2026, 11, 22)), date(2026, 11, 22), 30, "Oak")
    assert {r.key for r in reqs} == {"reg44:visit:2026-09", "reg44:visit:2026-10", "reg44:visit:2026-11",
                                      "reg44:report:0"}


def test_records_start_before_registration_still_counts_from_registration() -> None:
    home = Home(**{**oak_lodge(registration_date=date(2025, 3, 1), records_start=date(2024, 1, 1)).__dict__},
                id=HomeId(1))
    assert home.reg44_from == date(2025, 3, 1)


def test_the_dashboard_tile_says_how_many_months_were_missed(store: Store, clock: Clock) -> None:
    clock.now = datetime(2026, 4, 20, 9, 0, tzinfo=timezone.utc)
    home, _ = store.homes.add(oak_lodge(registration_date=date(2025, 1, 1), last_inspection_date=None,
                                        last_inspection_grades={}))
    tile = next(t for t in home_tiles(store, home, date(2026, 4, 20)) if t.key == "reg44")
    assert tile.status is Status.OVERDUE
    # One word for the state (the badge's Overdue); the detail names the months in the Reg 44 log's words.
    assert tile.detail == "No visit recorded for 15 months, January 2025 to March 2026"


def test_the_pack_lists_missed_months_from_registration_only(store: Store, tmp_path: Path) -> None:
    home, _ = store.homes.add(oak_lodge(registration_date=date(2026, 6, 10), last_inspection_date=None,
                                        last_inspection_grades={}))
    store.quality.save_visit(Reg44Visit(home.id, "Jo Visitor", date(2026, 7, 9)))
    out = tmp_path / "pack.xlsx"
    export_pack(store, PackOptions(out=out, start=date(2026, 1, 1), end=date(2026, 11, 22)))
    sheet = openpyxl.load_workbook(out, read_only=True)["Reg 44 visits"]
    months_listed = [row[0] for row in sheet.iter_rows(values_only=True)
                     if isinstance(row[0], str) and row[0].endswith("2026")]
    assert months_listed[0] == "June 2026"  # nothing owed before registration
    missing = [row[0] for row in sheet.iter_rows(values_only=True) if "Missing" in row]
    assert missing == ["June 2026", "August 2026", "September 2026", "October 2026"]


@pytest.mark.parametrize("registered", [date(2026, 10, 1), None])
def test_due_the_evidence_figure_and_the_pack_agree_on_the_last_day_of_a_month(
        store: Store, clock: Clock, tmp_path: Path, registered: date | None) -> None:
    """30/11: November's visit is still due (not missed) everywhere; October, visited, counts once."""
    clock.now = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
    home, _ = store.homes.add(oak_lodge(registration_date=registered, last_inspection_date=None,
                                        last_inspection_grades={}))
    store.quality.save_visit(Reg44Visit(home.id, "Jo Visitor", date(2026, 10, 5)))
    today = date(2026, 11, 30)
    assert visit_keys(store, today) == {"reg44:visit:2026-11": Status.DUE_SOON}
    figure = home_metrics(store, home, Period(date(2025, 12, 1), today))["reg44_visits"]
    assert figure.text == "100% (1 of 1)"  # October only: no month before the start is owed
    out = tmp_path / "pack.xlsx"
    export_pack(store, PackOptions(out=out, start=date(2025, 12, 1), end=today))
    sheet = openpyxl.load_workbook(out, read_only=True)["Reg 44 visits"]
    assert not [row for row in sheet.iter_rows(values_only=True) if "Missing" in row]
    # The next day November is missed in all three.
    clock.now = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
    assert visit_keys(store, date(2026, 12, 1))["reg44:visit:2026-11"] is Status.OVERDUE
    later = home_metrics(store, home, Period(date(2025, 12, 1), date(2026, 12, 1)))["reg44_visits"]
    assert later.text == "50% (1 of 2)"


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__])
