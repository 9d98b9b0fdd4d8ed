"""Incident counts and timeliness for a period (incident_figures), with fixed steps."""

from __future__ import annotations

from datetime import date, datetime, timezone

from carehome_desk.services.evidence import Period
from carehome_desk.services.incident_figures import Timeliness, children_in, count, in_period, timeliness
from carehome_desk.models.deadlines import Step, StepStatus
from carehome_desk.models.ids import ChildId
from carehome_desk.models.incidents import Incident, IncidentType
from carehome_desk.models.status import Basis

PERIOD = Period(date(2026, 1, 1), date(2026, 3, 31))


def _incident(kind: IncidentType, day: date, *children: int) -> Incident:
    return Incident(kind, datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc),
                    tuple(ChildId(c) for c in children), "What happened.")


def _step(status: StepStatus) -> Step:
    return Step("reg35_record", "Record made", None, None, status, "Reg 35(3)(a)", Basis.LAW)


def test_counts_take_the_period_and_the_types() -> None:
    incidents = [_incident(IncidentType.RESTRAINT, date(2026, 1, 1), 1), _incident(IncidentType.RESTRAINT, date(2026, 3, 31), 1, 2),
                 _incident(IncidentType.RESTRAINT, date(2026, 4, 1), 3), _incident(IncidentType.MISSING, date(2026, 2, 1), 4)]
    assert count(PERIOD, incidents, IncidentType.RESTRAINT) == 2
    assert count(PERIOD, incidents) == 3
    assert children_in(in_period(PERIOD, incidents), IncidentType.RESTRAINT) == 2


def test_timeliness_says_why_nothing_is_counted() -> None:
    assert timeliness([]).text("restraint", "restraints", "in the period") == "no restraints in the period"
    waiting = timeliness([[_step(StepStatus.DUE)]])
    assert waiting.percent is None
    assert waiting.text("restraint", "restraints", "in the period") == "1 restraint in the period, no step due yet"
    exempt = timeliness([[_step(StepStatus.EXEMPT)], [_step(StepStatus.EXEMPT)]])
    assert exempt.text("restraint", "restraints") == "2 restraints, no step to count (exempt)"


def test_timeliness_counts_done_and_overdue_steps() -> None:
    t = timeliness([[_step(StepStatus.DONE_ON_TIME), _step(StepStatus.DONE_LATE)], [_step(StepStatus.OVERDUE),
                                                                                  _step(StepStatus.DUE)]])
    assert t == Timeliness(incidents=2, on_time=1, counted=3, not_due=1, exempt=0)
    assert t.text("restraint", "restraints") == "33% (1 of 3)"
