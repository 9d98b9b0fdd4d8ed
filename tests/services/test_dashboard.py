"""Dashboard figures from a known database, the needs-action list, chart series and the calendar."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from carehome_desk.services.dashboard import (
    all_homes,
    evaluation_grades,
    incidents_by_month,
    needs_action,
    restraint_missing_trend,
    rolling,
    tiles,
    training_compliance_trend,
)
from carehome_desk.services.due import due_items
from carehome_desk.export.calendar import future_deadlines, write_calendar
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.incidents import IncidentDetails, IncidentType, RestraintDetails
from carehome_desk.models.qualifications import Qualification, QualificationKind, QualificationStatus
from carehome_desk.models.quality import Reg44Visit
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.models.training import TrainingRecord
from carehome_desk.store import Store
from tests.conftest import FIXED_NOW, oak_lodge

TODAY = FIXED_NOW.date()  # 22/11/2026


@pytest.fixture
def known(store: Store):  # type: ignore[no-untyped-def]
    """A small home whose every figure can be worked out by hand."""
    home, _ = store.homes.add(oak_lodge())
    a, _ = store.staff.add(home.id, StaffDetails("Ann Achieved", StaffRole.RESIDENTIAL_WORKER, date(2022, 1, 3)))
    b, _ = store.staff.add(home.id, StaffDetails("Ben Enrolled", StaffRole.RESIDENTIAL_WORKER, date(2025, 6, 2)))
    c, _ = store.staff.add(home.id, StaffDetails("Cal Overdue", StaffRole.RESIDENTIAL_WORKER, date(2024, 1, 8)))
    store.workforce.save_qualification(Qualification(a.id, QualificationKind.LEVEL3, QualificationStatus.ACHIEVED,
                                                     achieved_date=date(2023, 5, 1)))
    store.workforce.save_qualification(Qualification(b.id, QualificationKind.LEVEL3, QualificationStatus.ENROLLED,
                                                     enrolled_date=date(2025, 9, 1)))
    fire = next(x for x in store.workforce.courses() if x.name == "Fire safety")
    store.workforce.add_training(TrainingRecord(a.id, fire.id, date(2026, 10, 1)))
    child, _ = store.children.add(home.id, ChildDetails("C-1", "AB", date(2011, 1, 1), date(2025, 1, 5)))
    for days_ago in (3, 20, 45, 100):
        at = FIXED_NOW - timedelta(days=days_ago)
        store.incidents.add(home.id, IncidentDetails(IncidentType.RESTRAINT, at, (child.id,), "Hold",
                                                     details=RestraintDetails(record_made_at=at + timedelta(hours=1))))
    store.quality.save_visit(Reg44Visit(home.id, "Visitor", TODAY - timedelta(days=12)))
    return home


def test_tile_figures_from_a_known_database(store: Store, known) -> None:  # type: ignore[no-untyped-def]
    by_key = {t.key: t for t in tiles(store, known, TODAY)}
    assert by_key["level3"].value == "1 achieved"
    assert by_key["level3"].detail == "1 enrolled, 1 overdue, 0 not started"
    assert by_key["restraints"].value == "2 in 30 days"
    assert by_key["restraints"].detail.startswith("3 in 90 days (up from 1 in the previous period)")
    assert by_key["reg44"].value == "12 days ago"
    assert by_key["level5"].value == "No registered manager recorded"
    assert by_key["workforce"].value.endswith("% in date or due soon") and "overdue" in by_key["workforce"].detail
    assert all(t.counts for t in by_key.values())  # every tile says what it counts
    assert (by_key["actions"].value, by_key["actions"].status) == ("No data yet", None)  # no action ever recorded


def test_needs_action_is_exactly_what_due_prints(store: Store, known) -> None:  # type: ignore[no-untyped-def]
    listed = [(i.home.id, i.requirement.key, i.requirement.subject) for i in needs_action(store, TODAY)]
    assert listed == [(i.home.id, i.requirement.key, i.requirement.subject) for i in due_items(store, TODAY)]
    assert listed  # the known home has gaps


def test_chart_series(store: Store, known) -> None:  # type: ignore[no-untyped-def]
    series = incidents_by_month(store, known, TODAY, 6)
    assert series.labels[-1] == "Nov 26" and len(series.months) == 6
    assert sum(series.values["Restraint / measure of control"]) == 4
    trend = restraint_missing_trend(store, known, TODAY, 6)
    assert trend.values["Restraints"][-1] == 2.0
    assert rolling([3.0, 0.0, 3.0, 6.0]) == [3.0, 1.5, 2.0, 3.0]
    training = training_compliance_trend(store, known, TODAY, 3)
    assert all(0 <= v <= 100 for v in training.values["Training in date (%)"])
    days, grades = evaluation_grades(store, known)
    assert days == [] and all(v == [] for v in grades.values())


def test_all_homes_summary(store: Store, known) -> None:  # type: ignore[no-untyped-def]
    store.homes.add(oak_lodge(name="Willow House", urn="SC765432"))
    rows = {r.home.name: r for r in all_homes(store, TODAY)}
    assert rows["Oak Lodge"].restraints_30 == 2 and rows["Oak Lodge"].overdue > 0
    assert rows["Willow House"].workforce_percent is None


def test_calendar_parses_and_holds_future_deadlines(store: Store, known, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "deadlines.ics"
    result = write_calendar(store, out, TODAY)
    cal = Calendar.from_ical(out.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert result.events == len(events) == len(future_deadlines(store, TODAY)) > 0
    summaries = {str(e["SUMMARY"]) for e in events}
    assert "Fire safety — Ann Achieved (Oak Lodge)" in summaries
    fire = next(e for e in events if str(e["SUMMARY"]).startswith("Fire safety — Ann"))
    assert fire.decoded("DTSTART") == date(2027, 10, 1)
    assert "Reg 25(1)(c)" in str(fire["DESCRIPTION"])
    timed = [e for e in events if isinstance(e.decoded("DTSTART"), datetime)]
    assert timed and all(e.decoded("DTSTART") > FIXED_NOW for e in timed)  # nothing in the past
    assert all(e.decoded("DTSTART") >= TODAY for e in events if not isinstance(e.decoded("DTSTART"), datetime))
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert b"\r\n" in out.read_bytes()
    assert not list(tmp_path.glob("*.partial"))


def test_tiles_follow_a_chosen_period(store: Store, known) -> None:  # type: ignore[no-untyped-def]
    from carehome_desk.services.evidence import Period

    # Restraints 3, 20, 45 and 100 days ago: a 60-day period holds three, the 60 days before it one.
    period = Period(TODAY - timedelta(days=59), TODAY)
    by_key = {t.key: t for t in tiles(store, known, TODAY, period=period)}
    assert by_key["restraints"].value == "2 in 30 days"  # the 30-day headline stays
    assert by_key["restraints"].detail.startswith("3 since 24/09/2026 (up from 1 in the previous period)")
    assert period.label in by_key["restraints"].counts
    assert by_key["restraint_steps_on_time"].detail.endswith("since 24/09/2026")
    earlier = Period(date(2026, 1, 1), date(2026, 6, 30))
    by_key = {t.key: t for t in tiles(store, known, TODAY, period=earlier)}
    assert by_key["restraints"].detail.startswith("0 from 01/01/2026 to 30/06/2026 (same as the previous period)")
    assert by_key["restraint_steps_on_time"].value == "—"  # no restraint in that half-year


def test_the_rate_tiles_carry_the_providers_own_target(store: Store, known) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    rates = [t for t in tiles(store, known, TODAY) if t.key.endswith("_on_time") or t.key == "rhi_offered"]
    assert len(rates) == 3 and {t.target for t in rates} == {95}  # the setting's default
    store.settings.save(replace(store.settings.get(), on_time_target_percent=90))
    rates = [t for t in tiles(store, known, TODAY) if t.key.endswith("_on_time") or t.key == "rhi_offered"]
    assert {t.target for t in rates} == {90}
    assert all(t.target is None for t in tiles(store, known, TODAY) if t not in rates)
