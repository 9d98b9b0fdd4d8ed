"""The dashboard's "Next 72 hours": incident steps whose clocks are counted in hours, with live countdowns.

The steps and their due moments come from ``models.deadlines`` (through ``due.home_incident_steps``,
the same path `due` and the dashboard's backlog use), so a countdown can never disagree with the
step's own status: the countdown is the real (UTC) time between now and that due moment, and
"exactly on the deadline" is on time, as ``step_status`` says.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from carehome_desk.models.dates import format_uk_moment
from carehome_desk.models.home import Home
from carehome_desk.models.status import Basis
from carehome_desk.models.time_left import time_left

if TYPE_CHECKING:  # type hints only: neither SQLAlchemy nor the step rules are loaded for them
    from carehome_desk.services.due import IncidentSteps
    from carehome_desk.store import Store

#: How far ahead the band looks.
WINDOW_HOURS = 72
#: The steps counted in hours (or one working day): reg 35's three steps (the child's 5-day step
#: shows only when it falls in the window), reg 40 decisions and notifications, return home interviews and
#: LADO referrals.
#: The manager's review is provider policy counted in days, so it stays in the backlog.
_CLOCK_KEYS = ("reg35_record", "reg35_staff", "reg35_child", "reg40_decision", "rhi", "lado")


def is_clock_step(step_key: str) -> bool:
    """True for the steps the band shows (a reg 40 recipient's key is 'reg40:<paragraph>:<recipient>')."""
    return step_key in _CLOCK_KEYS or step_key.startswith("reg40:")


@dataclass(frozen=True)
class ClockItem:
    """One open step with a clock: the incident it belongs to, what is due, by when, and the rule."""

    incident_id: int
    incident_type: str
    children: str
    occurred_at: datetime
    step_key: str
    step: str
    due_at: datetime  # an aware instant
    source: str
    basis: Basis

    @property
    def requirement_key(self) -> str:
        """The key the same step has in the needs-action list (``step_requirement``)."""
        return f"incident:{self.step_key}"

    @property
    def incident_words(self) -> str:
        """'Restraint · AB · 21/11/2026 14:05' (the incident as the manager knows it)."""
        who = f" · {self.children}" if self.children else ""
        return f"{self.incident_type}{who} · {format_uk_moment(self.occurred_at)}"

    @property
    def due_words(self) -> str:
        """The due moment in UK time: '23/11/2026 14:05' ('25/10/2026 01:30 (GMT)' in October's repeated hour)."""
        return format_uk_moment(self.due_at)

    def overdue(self, now: datetime) -> bool:
        """Late once past the due moment (exactly on it is on time), as ``step_status`` judges it."""
        return _utc(now) > _utc(self.due_at)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)


@dataclass(frozen=True)
class Clocks:
    """A home's open clocks, and how many incidents it has on record (none: the band says so)."""

    items: tuple[ClockItem, ...]
    incidents: int


def open_clocks(store: Store, home: Home, now: datetime) -> Clocks:
    """Every open (due or overdue) hour-counted step of the home's incidents, soonest due first.

    Not yet cut to the window: the page cuts with ``within`` every minute, so a step that comes
    into the 72 hours appears without asking the database again.
    """
    from carehome_desk.services.due import home_incident_steps  # the figures' worker: not for the window

    settings = store.settings.get()
    return clocks_of(home_incident_steps(store, home, settings.incident_review_days, now))


def clocks_of(entries: list[IncidentSteps]) -> Clocks:
    """The open hour-counted steps of these incidents (``home_incident_steps``), soonest due first."""
    out: list[ClockItem] = []
    from carehome_desk.models.deadlines import StepStatus  # the figures' worker: not for the window

    for entry in entries:
        incident = entry.incident
        names = ", ".join(c.named() for c in entry.children)
        for step in entry.steps:
            if (step.due_at is None or step.status not in (StepStatus.DUE, StepStatus.OVERDUE)
                    or not is_clock_step(step.key)):
                continue
            out.append(ClockItem(int(incident.id), incident.type.label, names, incident.occurred_at, step.key,
                                 step.name, step.due_at, step.source, step.basis))
    out.sort(key=lambda c: (_utc(c.due_at), c.incident_id, c.step_key))
    return Clocks(tuple(out), len(entries))


def within(items: Sequence[ClockItem], now: datetime, hours: int = WINDOW_HOURS) -> list[ClockItem]:
    """The items overdue or due within ``hours`` of ``now``: overdue first (longest overdue first), then soonest.

    Sorting by the due moment gives exactly that order: every overdue moment is before every pending one.
    """
    limit = _utc(now) + timedelta(hours=hours)
    return sorted((c for c in items if _utc(c.due_at) <= limit), key=lambda c: (_utc(c.due_at), c.incident_id,
                                                                                 c.step_key))


def countdown(due_at: datetime, now: datetime) -> str:
    """'1 day 3 hours left', 'Due now', 'Overdue by 1 minute': the core's one formatter (models/time_left.py),
    so the band and the incident page say time left the same way; in a cell of its own, so a status word
    (Overdue, Due) comes first with its capital, as every status word on screen does."""
    words = time_left(due_at, now)
    return words[:1].upper() + words[1:]
