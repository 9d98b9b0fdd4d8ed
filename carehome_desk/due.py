"""Everything due, overdue or missing across every register: the CLI's `due` and the dashboard's list."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, time

from carehome_desk.export.cells import csv_safe
from carehome_desk.models.dates import UK, format_uk
from carehome_desk.models.deadlines import incident_steps, step_requirement
from carehome_desk.models.home import Home
from carehome_desk.models.quality import action_requirement, reg44_requirements, reg44_start, reg45_requirements
from carehome_desk.models.incidents import AllegationDetails, IncidentType
from carehome_desk.models.status import Requirement, Status
from carehome_desk.models.workforce import needing_action, workforce_requirements
from carehome_desk.reference_data import bank_holidays
from carehome_desk.store import Store


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
            "due_at": r.due_at.isoformat() if r.due_at else None,
            "status": r.status.value,
            "source": r.source,
            "basis": r.basis.value,
            "detail": r.detail,
        }


def requirements_for_home(store: Store, home: Home, today: date, now: datetime | None = None) -> list[Requirement]:
    """Every requirement of every register for one home (later registers add theirs here).

    ``now`` is the moment hour-based deadlines are judged at; by default the store's clock,
    or noon on ``today`` when that is not the clock's day.
    """
    settings = store.settings.get()
    if now is None:
        now = store.now() if store.today() == today else datetime.combine(today, time(12, 0), tzinfo=UK)
    out = workforce_requirements(store.workforce.snapshot(home.id), settings, today)
    out += incident_requirements(store, home, settings.incident_review_days, now)
    out += quality_requirements(store, home, today, settings.due_soon_days)
    return out


def quality_requirements(store: Store, home: Home, today: date, window_days: int) -> list[Requirement]:
    """Open actions, Reg 44 visits and reports, and Reg 45 reviews and reports."""
    out = [r for a in store.quality.actions(home.id) if (r := action_requirement(a, today, window_days))]
    visits = store.quality.visits(home.id)
    out += reg44_requirements(visits, reg44_start(home.reg44_from, visits, today), today, window_days, home.name)
    out += reg45_requirements(store.quality.reviews(home.id), home.registration_date, today, window_days, home.name)
    return out


def incident_requirements(store: Store, home: Home, review_days: int, now: datetime) -> list[Requirement]:
    """Unfinished statutory and policy steps of the home's incidents."""
    kids = {c.id: c for c in store.children.list(home.id)}
    out: list[Requirement] = []
    for incident in store.incidents.list(home.id):
        names = ", ".join(kids[c].label() for c in incident.child_ids if c in kids)
        if incident.type is IncidentType.ALLEGATION and isinstance(incident.details, AllegationDetails):
            names = names or incident.details.staff_name
        for step in incident_steps(incident, now, bank_holidays(), review_days):
            req = step_requirement(incident, step, names or incident.type.label, now)
            if req is not None:
                out.append(req)
    return out


def due_items(store: Store, today: date, *, within_days: int | None = None, urn: str | None = None) -> list[DueItem]:
    """Overdue, missing and due-soon items of every home (or one), most urgent first."""
    homes = store.homes.list()
    if urn is not None:
        homes = [h for h in homes if h.urn == urn]
    items: list[DueItem] = []
    for home in homes:
        for req in needing_action(requirements_for_home(store, home, today), today, within_days):
            items.append(DueItem(home, req))
    items.sort(key=lambda i: (*i.requirement.sort_key[:2], i.home.name, *i.requirement.sort_key[2:]))
    return items


def render(items: list[DueItem], fmt: str) -> str:
    """The items as text, JSON or CSV."""
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
    if not items:
        return "Nothing is overdue, missing or due soon."
    lines = []
    for item in items:
        r = item.requirement
        due = format_uk(r.due) if r.due else "—"
        lines.append(f"{r.status.label:<9} {due:<10}  {item.home.name}: {r.subject} — {r.requirement} "
                     f"({r.detail}) [{r.source}]")
    counts = {s: sum(1 for i in items if i.requirement.status is s) for s in Status if s.needs_action}
    lines.append("")
    lines.append(", ".join(f"{n} {s.label.lower()}" for s, n in counts.items()))
    return "\n".join(lines)
