"""Incident counts and timeliness for a period: the one place the dashboard tiles, Annex A and the evidence figures count them.

Each figure is a pure function of the home's incidents, the period and (for timeliness) the
incidents' steps, so two tiles, a pack sheet and a metric over the same period cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from carehome_desk.models.children import Child
from carehome_desk.models.deadlines import Step, StepStatus, incident_steps
from carehome_desk.models.home import Home
from carehome_desk.models.ids import IncidentId
from carehome_desk.models.incidents import Incident, IncidentType
from carehome_desk.models.percent import share_text
from carehome_desk.models.recipients import notify_context
from carehome_desk.models.settings import ProviderSettings
from carehome_desk.reference.bank_holidays import bank_holidays


class Span(Protocol):
    """A span of days that says whether a moment falls in it (``evidence.Period``)."""

    def holds(self, moment: datetime | date) -> bool:
        """True when the day (UK time) falls in the span."""
        ...


def in_period(period: Span, incidents: Iterable[Incident], *kinds: IncidentType) -> list[Incident]:
    """The incidents with a date in the period, of the given types (every type when none is given)."""
    return [i for i in incidents if (not kinds or i.type in kinds) and period.holds(i.occurred_at)]


def count(period: Span, incidents: Iterable[Incident], *kinds: IncidentType) -> int:
    """How many incidents of the given types have a date in the period."""
    return len(in_period(period, incidents, *kinds))


def children_in(incidents: Iterable[Incident], kind: IncidentType) -> int:
    """How many different children the incidents of one type involve."""
    return len({c for i in incidents if i.type is kind for c in i.child_ids})


@dataclass(frozen=True)
class Timeliness:
    """Steps of a set of incidents: how many are counted (done or overdue) and how many of those were on time."""

    incidents: int  # how many incidents the steps belong to
    on_time: int
    counted: int
    not_due: int  # steps still within their deadline
    exempt: int

    @property
    def percent(self) -> float | None:
        """On time as a share of the counted steps, 0–100; None when no step is counted yet."""
        return 100.0 * self.on_time / self.counted if self.counted else None

    def text(self, noun: str, plural: str, within: str = "") -> str:
        """'80% (4 of 5)', or why there is nothing to count: none of the incidents, or no step due yet.

        ``within`` names the period ('in the last 12 months'), so the words can stand beside a count.
        """
        at = f" {within}" if within else ""
        if self.counted:
            return f"{share_text(self.on_time, self.counted)}{at}"
        if not self.incidents:
            return f"no {plural}{at}"
        many = f"{self.incidents} {noun if self.incidents == 1 else plural}{at}"
        if self.not_due:
            return f"{many}, no step due yet"
        return f"{many}, no step to count" + (" (exempt)" if self.exempt else "")


def timeliness(steps_by_incident: Iterable[list[Step]]) -> Timeliness:
    """Counts over the steps of some incidents (an incident with none of the steps is not one of them)."""
    lists = [steps for steps in steps_by_incident if steps]
    steps = [s for group in lists for s in group]
    counted = [s for s in steps if s.status.done or s.status is StepStatus.OVERDUE]
    return Timeliness(len(lists), sum(s.status is StepStatus.DONE_ON_TIME for s in counted), len(counted),
                      sum(s.status is StepStatus.DUE for s in steps), sum(s.status is StepStatus.EXEMPT for s in steps))


def _steps(incidents: Iterable[Incident], steps_of: Callable[[Incident], list[Step]], prefix: str) -> list[list[Step]]:
    return [[s for s in steps_of(i) if s.key.startswith(prefix)] for i in incidents]


def restraint_timeliness(period: Span, incidents: Iterable[Incident],
                         steps_of: Callable[[Incident], list[Step]]) -> Timeliness:
    """Reg 35(3) steps of the period's restraints: the same restraints ``count`` counts, every one of them.

    A restraint whose steps are not due yet, or are exempt (reg 35(4)), is still one of the
    period's restraints: the text says so rather than "no restraints".
    """
    restraints = in_period(period, incidents, IncidentType.RESTRAINT)
    return timeliness(_steps(restraints, steps_of, "reg35"))


def notification_timeliness(period: Span, incidents: Iterable[Incident],
                            steps_of: Callable[[Incident], list[Step]]) -> Timeliness:
    """Reg 40 notices of the period's incidents, one step a required recipient."""
    return timeliness(_steps(in_period(period, incidents), steps_of, "reg40:"))


@dataclass(frozen=True)
class IncidentTimeliness:
    """The timed steps of a period's incidents, as the tiles, the metrics and the pack count them."""

    restraints: Timeliness
    notifications: Timeliness


def incident_timeliness(home: Home, children: list[Child], incidents: list[Incident], settings: ProviderSettings,
                        now: datetime, period: Span,
                        known: Mapping[IncidentId, list[Step]] | None = None) -> IncidentTimeliness:
    """Reg 35 and Reg 40 timeliness of the period's incidents, with each incident's steps judged at ``now``.

    ``known``: steps a caller already worked out for these incidents at ``now`` (``due.home_incident_steps``).
    """
    kids_by_id = {c.id: c for c in children}
    holidays = bank_holidays()

    def steps_of(incident: Incident) -> list[Step]:
        if known is not None and incident.id in known:
            return known[incident.id]
        # The same steps as `due`, the Incidents page and the pack: the home and children give reg 40's recipients.
        return incident_steps(incident, now, holidays, settings.incident_review_days,
                              notify_context(incident.child_ids, kids_by_id, home))

    return IncidentTimeliness(restraint_timeliness(period, incidents, steps_of),
                              notification_timeliness(period, incidents, steps_of))
