"""Everything due, overdue or missing across every register: the CLI's `due` and the dashboard's list."""

from __future__ import annotations

from typing import TYPE_CHECKING

import csv
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from carehome_desk.export.cells import csv_safe
from carehome_desk.models.children import Child
from carehome_desk.models.dates import UK, format_uk
from carehome_desk.models.deadlines import Step, incident_steps, step_requirement
from carehome_desk.models.working_days import BankHolidays
from carehome_desk.models.home import Home
from carehome_desk.models.ids import ChildId, HomeId
from carehome_desk.models.quality import (
    Action,
    Reg44Visit,
    Reg45Review,
    action_requirement,
    reg44_requirements,
    reg44_start,
    reg45_requirements,
)
from carehome_desk.models.recipients import notify_context
from carehome_desk.models.settings import ProviderSettings
from carehome_desk.models.incidents import AllegationDetails, Incident, IncidentType
from carehome_desk.models.status import Requirement, Status
from carehome_desk.models.workforce import needing_action, workforce_requirements
from carehome_desk.reference.bank_holidays import bank_holidays
from carehome_desk.services.evidence import HomeRecords

if TYPE_CHECKING:  # a type hint only: SQLAlchemy is not loaded for it
    from carehome_desk.store import Store


def uk_iso(moment: datetime | None) -> str | None:
    """An instant as ISO 8601 in UK local time with its offset, to the second: 2026-06-13T10:00:00+01:00.

    The one form every ``due_at`` (and every instant the CLI prints as data) takes, whatever
    zone the rule worked in: the offset says GMT or BST, so the text is unambiguous even
    in the hour the clocks go back.
    """
    return moment.astimezone(UK).isoformat(timespec="seconds") if moment is not None else None


def start_of_day(day: date) -> datetime:
    """00:00 UK time on ``day`` (midnight always exists: UK clocks change at 01:00 GMT)."""
    return datetime.combine(day, time(0, 0), tzinfo=UK)


@dataclass(frozen=True)
class DueItem:
    """One requirement needing action, with the home it belongs to."""

    home: Home
    requirement: Requirement

    def as_json(self) -> dict[str, object]:
        """The JSON shape the CLI promises (home, subject, requirement, due, status, source) plus detail."""
        r = self.requirement
        return {
            "home": self.home.name,
            "urn": self.home.urn,
            "subject": r.subject,
            "area": r.area,
            "requirement": r.requirement,
            "due": r.due.isoformat() if r.due else None,
            "due_at": uk_iso(r.due_at),
            "status": r.status.value,
            "source": r.source,
            "basis": r.basis.value,
            "detail": r.detail,
        }


def judged_at(store: Store, today: date, now: datetime | None = None) -> datetime:
    """The moment hour-based deadlines are judged at: ``now`` if given; else the store's clock, or the
    start of ``today`` (00:00 UK time) when that is not the clock's day, so a step due at 10:00 that
    day is still due, not overdue."""
    if now is not None:
        return now
    return store.now() if store.today() == today else start_of_day(today)


def requirements_for_home(store: Store, home: Home, today: date, now: datetime | None = None) -> list[Requirement]:
    """Every requirement of every register for one home (later registers add theirs here).

    ``now``: see ``judged_at``. Reads the home's registers; ``requirements_from`` is the rule itself.
    """
    settings = store.settings.get()
    now = judged_at(store, today, now)
    out = workforce_requirements(store.workforce.snapshot(home.id), settings, today)
    out += incident_requirements(store, home, settings.incident_review_days, now)
    out += quality_requirements(store, home, today, settings.due_soon_days)
    return out


def requirements_from(records: HomeRecords, settings: ProviderSettings, today: date,
                      now: datetime) -> list[Requirement]:
    """``requirements_for_home`` over records already read (the all-homes view reads every home's at once)."""
    home = records.home
    out = workforce_requirements(records.snapshot, settings, today)
    entries = incident_steps_of(home, records.children, records.incidents, settings.incident_review_days, now)
    out += step_requirements(entries, now)
    out += quality_requirements_of(home, records.actions, records.visits, records.reviews, today,
                                   settings.due_soon_days)
    return out


def quality_requirements(store: Store, home: Home, today: date, window_days: int) -> list[Requirement]:
    """Open actions, Reg 44 visits and reports, and Reg 45 reviews and reports."""
    quality = store.quality
    return quality_requirements_of(home, quality.actions(home.id), quality.visits(home.id), quality.reviews(home.id),
                                   today, window_days)


def quality_requirements_of(home: Home, actions: list[Action], visits: list[Reg44Visit], reviews: list[Reg45Review],
                            today: date, window_days: int) -> list[Requirement]:
    """``quality_requirements`` over the home's actions, visits and reviews as read."""
    out = [r for a in actions if (r := action_requirement(a, today, window_days))]
    out += reg44_requirements(visits, reg44_start(home.reg44_from, visits, today), today, window_days, home.name)
    out += reg45_requirements(reviews, home.registration_date, today, window_days, home.name)
    return out


@dataclass(frozen=True)
class IncidentSteps:
    """One incident with the children it involves (those on record) and its timed steps."""

    incident: Incident
    children: tuple[Child, ...]
    steps: tuple[Step, ...]


def home_incident_steps(store: Store, home: Home, review_days: int, now: datetime, *,
                        children: list[Child] | None = None,
                        incidents: list[Incident] | None = None) -> list[IncidentSteps]:
    """Every incident of the home with its steps judged at ``now``, newest first.

    The one place a home's stored incidents meet ``incident_steps`` (through ``incident_steps_of``):
    `due`, the dashboard and `carehome-desk steps` all come through here, so a change to what the rules
    need is made once. Callers that already hold the home's children and incidents pass them in.
    """
    if children is None:  # archived entries too: an incident keeps naming (and notifying for) every child it was about
        children = store.children.list(home.id, include_archived=True)
    return incident_steps_of(home, children, store.incidents.list(home.id) if incidents is None else incidents,
                             review_days, now)


def incident_steps_of(home: Home, children: list[Child], incidents: list[Incident], review_days: int,
                      now: datetime) -> list[IncidentSteps]:
    """``home_incident_steps`` over the home's children and incidents as read."""
    kids = {c.id: c for c in children}
    holidays = bank_holidays()
    return [incident_entry(incident, kids, home, review_days, now, holidays) for incident in incidents]


def incident_entry(incident: Incident, kids: dict[ChildId, Child], home: Home, review_days: int, now: datetime,
                   holidays: BankHolidays) -> IncidentSteps:
    """One incident with the children it involves (of ``kids``, those on record) and its steps at ``now``."""
    return IncidentSteps(incident, tuple(kids[c] for c in incident.child_ids if c in kids),
                         tuple(incident_steps(incident, now, holidays, review_days,
                                              notify_context(incident.child_ids, kids, home))))


def incident_requirements(store: Store, home: Home, review_days: int, now: datetime) -> list[Requirement]:
    """Unfinished statutory and policy steps of the home's incidents."""
    return step_requirements(home_incident_steps(store, home, review_days, now), now)


def step_requirements(entries: list[IncidentSteps], now: datetime) -> list[Requirement]:
    """Unfinished steps of these incidents as requirements (the dashboard's worker keeps them per incident)."""
    out: list[Requirement] = []
    for entry in entries:
        incident = entry.incident
        names = ", ".join(c.named() for c in entry.children)
        if incident.type is IncidentType.ALLEGATION and isinstance(incident.details, AllegationDetails):
            names = names or incident.details.staff_name
        for step in entry.steps:
            req = step_requirement(incident, step, names or incident.type.label, now)
            if req is not None:
                out.append(req)
    return out


def due_items(store: Store, today: date, *, within_days: int | None = None, urn: str | None = None,
              now: datetime | None = None, records: Mapping[HomeId, HomeRecords] | None = None,
              requirements: Callable[[Home], list[Requirement]] | None = None) -> list[DueItem]:
    """Overdue, missing and due-soon items of every home (or one), most urgent first.

    ``now``: the moment hour-counted steps are judged at (see ``judged_at``). Every home's
    registers are read once for all of them (``records``, if the caller has read them already);
    one home's are read on their own. ``requirements``: a home's requirements when the caller keeps
    them (the dashboard's worker keeps each area's between saves).
    """
    homes = store.homes.list()
    if urn is not None:
        homes = [h for h in homes if h.urn == urn]
    if records is None and requirements is None and len(homes) > 1:
        records = HomeRecords.read_every(store, homes)
    settings = store.settings.get()
    moment = judged_at(store, today, now)
    items: list[DueItem] = []
    for home in homes:
        if requirements is not None:
            reqs = requirements(home)
        elif records is not None:
            reqs = requirements_from(records[home.id], settings, today, moment)
        else:
            reqs = requirements_for_home(store, home, today, moment)
        for req in needing_action(reqs, today, within_days):
            items.append(DueItem(home, req))
    items.sort(key=lambda i: (*i.requirement.sort_key[:2], i.home.name, *i.requirement.sort_key[2:]))
    return items


def render(items: list[DueItem], fmt: str, due_soon_meaning: str = "") -> str:
    """The items as text, JSON or CSV; the text ends with what 'due soon' meant, when given."""
    if fmt == "json":
        return json.dumps([i.as_json() for i in items], indent=2, ensure_ascii=False)
    if fmt == "csv":
        out = io.StringIO()
        columns = ["home", "urn", "subject", "area", "requirement", "due", "due_at", "status", "source", "basis",
                   "detail"]
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for item in items:
            row = {k: csv_safe(v) for k, v in item.as_json().items()}
            row["due"] = format_uk(item.requirement.due)
            writer.writerow(row)
        return out.getvalue().rstrip("\n")
    closing = [f"Due soon here: {due_soon_meaning}."] if due_soon_meaning else []
    if not items:
        return "\n".join(["Nothing is overdue, missing or due soon.", *closing])
    lines = []
    for item in items:
        r = item.requirement
        due = format_uk(r.due) if r.due else "—"
        lines.append(f"{r.status.label:<9} {due:<10}  {item.home.name}: {r.subject} — {r.requirement} "
                     f"({r.detail}) [{r.source}]")
    counts = {s: sum(1 for i in items if i.requirement.status is s) for s in Status if s.needs_action}
    lines.append("")
    lines.append(", ".join(f"{n} {s.label.lower()}" for s, n in counts.items()))
    return "\n".join(lines + closing)
