"""The Next 72 hours band's items and countdowns: at the boundaries, and agreeing with the deadline rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest

from carehome_desk.models.children import ChildDetails
from carehome_desk.models.dates import UK
from carehome_desk.models.deadlines import StepStatus, after, after_days, step_status
from carehome_desk.models.home import Home
from carehome_desk.models.ids import HomeId
from carehome_desk.models.incidents import AllegationDetails, IncidentDetails, IncidentType, MissingDetails, RestraintDetails
from tests.reg35_particulars import complete
from carehome_desk.services.dashboard_clocks import countdown, open_clocks, within
from carehome_desk.store import Store
from tests.conftest import FIXED_NOW, oak_lodge

DUE = datetime(2026, 11, 23, 14, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(("now", "words"), [
    (DUE - timedelta(hours=24), "1 day left"),
    (DUE - timedelta(hours=5, minutes=12), "5 hours 12 minutes left"),
    (DUE - timedelta(hours=5, minutes=12, seconds=30), "5 hours 12 minutes left"),  # never promise time not there
    (DUE - timedelta(minutes=1), "1 minute left"),
    (DUE - timedelta(seconds=59), "Less than a minute left"),
    (DUE, "Due now"),  # exactly on the deadline is on time
    (DUE + timedelta(seconds=1), "Overdue by 1 minute"),
    (DUE + timedelta(minutes=1), "Overdue by 1 minute"),
    (DUE + timedelta(minutes=1, seconds=1), "Overdue by 2 minutes"),
    (DUE + timedelta(hours=3, minutes=4), "Overdue by 3 hours 4 minutes"),
    (DUE - timedelta(hours=72), "3 days left"),
    (DUE + timedelta(days=40, hours=2), "Overdue by 40 days 2 hours"),
])
def test_countdown_words_at_the_boundaries(now: datetime, words: str) -> None:
    assert countdown(DUE, now) == words


@pytest.mark.parametrize("offset", [-3600, -61, -60, -1, 0, 1, 59, 60, 61, 3600])
def test_countdown_turns_overdue_exactly_when_the_step_does(offset: int) -> None:
    now = DUE + timedelta(seconds=offset)
    late = step_status(DUE, None, now) is StepStatus.OVERDUE
    assert countdown(DUE, now).startswith("Overdue by") is late


def test_on_the_autumn_clock_change_24_hours_are_real_hours() -> None:
    # 00:30 BST on Sunday 25/10/2026; the clocks go back at 02:00 BST. 24 real hours later is 23:30 GMT.
    start = datetime(2026, 10, 25, 0, 30, tzinfo=UK)
    due = after(start, hours=24)
    assert due.astimezone(UK).strftime("%d/%m/%Y %H:%M") == "25/10/2026 23:30"
    assert countdown(due, start) == "1 day left"  # though the wall clock moves only 23 hours
    at_wall = datetime(2026, 10, 25, 23, 30, tzinfo=UK)
    assert countdown(due, at_wall) == "Due now" and step_status(due, None, at_wall) is StepStatus.DUE
    one_past = at_wall + timedelta(minutes=1)
    assert countdown(due, one_past) == "Overdue by 1 minute" and step_status(due, None, one_past) is StepStatus.OVERDUE


def test_on_the_spring_clock_change_the_5_day_step_is_calendar_days() -> None:
    # Reg 35(3)(c) counts days: 10:00 Thursday 26/03/2026 is due 10:00 BST Tuesday 31/03, 119 real hours.
    start = datetime(2026, 3, 26, 10, 0, tzinfo=UK)
    due = after_days(start, 5)
    assert countdown(due, start) == "4 days 23 hours left"
    assert countdown(due, datetime(2026, 3, 31, 10, 0, tzinfo=UK)) == "Due now"
    assert countdown(due, datetime(2026, 3, 31, 10, 1, tzinfo=UK)) == "Overdue by 1 minute"


@pytest.fixture
def home(store: Store) -> Home:
    home, _ = store.homes.add(oak_lodge())
    return home


def test_open_clocks_are_the_hour_counted_steps_overdue_first_then_soonest(store: Store, home: Home) -> None:
    child, _ = store.children.add(home.id, ChildDetails("C01", "AB", date(2011, 3, 4), date(2025, 1, 10)))

    def add(home_id: HomeId, d: IncidentDetails) -> None:  # each decided not notifiable: reg 40's own clock aside
        store.incidents.add(home_id, replace(d, notifiable=False, reg40_rationale="Not a serious incident"))
    add(home.id, IncidentDetails(IncidentType.RESTRAINT, FIXED_NOW - timedelta(hours=1), (child.id,), "Hold",
                                 details=RestraintDetails()))
    add(home.id, IncidentDetails(IncidentType.RESTRAINT, FIXED_NOW - timedelta(hours=30), (child.id,), "Hold", "Lounge",
                                 details=complete(record_made_at=FIXED_NOW - timedelta(hours=29))))
    add(home.id, IncidentDetails(IncidentType.MISSING, FIXED_NOW - timedelta(hours=10), (child.id,), "Away",
                                 details=MissingDetails(returned_at=FIXED_NOW - timedelta(hours=2))))
    add(home.id, IncidentDetails(IncidentType.ALLEGATION, FIXED_NOW - timedelta(hours=2), (), "Allegation",
                                 details=AllegationDetails(staff_name="A Worker")))
    clocks = open_clocks(store, home, FIXED_NOW)
    assert clocks.incidents == 4
    keys = [c.step_key for c in clocks.items]
    assert "review" not in keys  # provider policy counted in days: the backlog's
    assert {"reg35_record", "reg35_staff", "reg35_child", "rhi", "lado"} <= set(keys)
    shown = within(clocks.items, FIXED_NOW)
    # The 30-hour-old restraint's 24-hour record was made: its 48-hour staff step is the first not done.
    words = [(c.step_key, countdown(c.due_at, FIXED_NOW)) for c in shown]
    # Sunday 22/11: the LADO referral is due by the end of Monday, the next working day.
    assert words == [("reg35_staff", "18 hours left"), ("reg35_record", "23 hours left"),
                     ("lado", "1 day 13 hours left"), ("reg35_staff", "1 day 23 hours left"), ("rhi", "2 days 22 hours left")]
    assert shown[0].incident_words == "Restraint / measure of control · AB (C01) · 21/11/2026 04:00"
    assert shown[0].due_words == "23/11/2026 04:00"
    # A day on, the first restraint's record is overdue and comes first.
    day_on = [(c.step_key, countdown(c.due_at, FIXED_NOW + timedelta(hours=24))) for c in
              within(open_clocks(store, home, FIXED_NOW + timedelta(hours=24)).items, FIXED_NOW + timedelta(hours=24))]
    assert day_on[:2] == [("reg35_staff", "Overdue by 6 hours"), ("reg35_record", "Overdue by 1 hour")]
    # The child's 5-day step of the new restraint (due in 4 days 23 h) is beyond the window.
    assert ("reg35_child", "4 days 23 hours left") not in words
    assert any(k == "reg35_child" for k in keys)
    later = within(clocks.items, FIXED_NOW + timedelta(days=2))
    assert any(c.step_key == "reg35_child" for c in later)  # it comes into the window without a new read


@pytest.mark.parametrize(("hours_ago", "words", "status"), [
    (23 + 59 / 60, "1 minute left", StepStatus.DUE),
    (24, "Due now", StepStatus.DUE),            # exactly 24 hours: still in time
    (24 + 1 / 60, "Overdue by 1 minute", StepStatus.OVERDUE),
])
def test_an_undecided_reg40_is_a_clock_of_24_hours(store: Store, home: Home, hours_ago: float, words: str,
                                                  status: StepStatus) -> None:
    """Reg 40: without delay; Guide 14.13: within 24 hours. Nobody can notify on time without deciding first."""
    child, _ = store.children.add(home.id, ChildDetails("C01", "AB", date(2011, 3, 4), date(2025, 1, 10)))
    occurred = FIXED_NOW - timedelta(hours=hours_ago)
    incident, _ = store.incidents.add(home.id, IncidentDetails(IncidentType.POLICE, occurred, (child.id,),
                                                               "Police called to the home", "Hall"))
    shown = [c for c in within(open_clocks(store, home, FIXED_NOW).items, FIXED_NOW) if c.step_key == "reg40_decision"]
    assert [countdown(c.due_at, FIXED_NOW) for c in shown] == [words]
    assert [c.overdue(FIXED_NOW) for c in shown] == [status is StepStatus.OVERDUE]
    store.incidents.update(replace(incident, notifiable=False, reg40_rationale="Routine police welfare visit"))
    assert [c for c in open_clocks(store, home, FIXED_NOW).items if c.step_key == "reg40_decision"] == []
