"""Every incident's statutory and policy steps with their outcome: `carehome-desk steps`.

Reg 35 timeliness (record within 24 hours, staff within 48, child within 5 days) and the
Reg 40 notices are what an inspector asks about; this lists each step as done on time, done
late, due, overdue, exempt or not offered, judged at one moment. The steps come from
``due.home_incident_steps``, the same place `due` and the dashboard get them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import csv
import io
import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from carehome_desk.services.due import home_incident_steps, uk_iso
from carehome_desk.export.cells import csv_safe
from carehome_desk.models.children import Child
from carehome_desk.models.dates import UK, format_uk, format_uk_moment
from carehome_desk.models.deadlines import Step, StepStatus
from carehome_desk.models.home import Home
from carehome_desk.models.incidents import Incident, IncidentType
from carehome_desk.models.status import Basis

if TYPE_CHECKING:  # a type hint only: SQLAlchemy is not loaded for it
    from carehome_desk.store import Store

COLUMNS = ["home", "urn", "incident_id", "type", "occurred_at", "children", "step_key", "step", "due_at",
           "done_at", "outcome", "outcome_label", "basis", "source", "note"]


@dataclass(frozen=True)
class StepRow:
    """One step of one incident, with the home and the children (by initials and reference) it concerns."""

    home: Home
    incident: Incident
    children: tuple[Child, ...]
    step: Step

    @property
    def child_labels(self) -> list[str]:
        """'AB (C-031)' for each child: initials and reference, never the name ('AB (C-031, archived)' for an entry
        archived since)."""
        return [c.named(include_names=False) for c in self.children]

    def as_json(self) -> dict[str, object]:
        """The promised JSON shape; every instant is ISO 8601 in UK time with its offset."""
        s = self.step
        return {
            "home": self.home.name,
            "urn": self.home.urn,
            "incident_id": int(self.incident.id),
            "type": self.incident.type.value,
            "occurred_at": uk_iso(self.incident.occurred_at),
            "children": self.child_labels,
            "step_key": s.key,
            "step": s.name,
            "due_at": uk_iso(s.due_at),
            "done_at": uk_iso(s.done_at),
            "outcome": s.status.value,
            "outcome_label": s.status.label,
            "basis": s.basis.value,
            "source": s.source,
            "note": s.note,
        }


def step_rows(store: Store, now: datetime, *, urn: str | None = None, start: date | None = None,
              end: date | None = None, types: Collection[IncidentType] | None = None) -> list[StepRow]:
    """The steps of every open home's incidents (or one home's), judged at ``now``.

    ``start`` and ``end`` (inclusive) filter on the day the incident happened, in UK time.
    Homes in name order, then incidents oldest first, each incident's steps in rule order.
    """
    review_days = store.settings.get().incident_review_days
    out: list[StepRow] = []
    for home in store.homes.list():
        if urn is not None and home.urn != urn:
            continue
        entries = home_incident_steps(store, home, review_days, now)
        entries.sort(key=lambda e: (e.incident.occurred_at.astimezone(UK), int(e.incident.id)))
        for entry in entries:
            day = entry.incident.occurred_at.astimezone(UK).date()
            if (start is not None and day < start) or (end is not None and day > end):
                continue
            if types and entry.incident.type not in types:
                continue
            out.extend(StepRow(home, entry.incident, entry.children, step) for step in entry.steps)
    return out


def law_counts(rows: list[StepRow]) -> dict[StepStatus, int]:
    """How many statutory (law) steps have each outcome."""
    counts = {s: 0 for s in StepStatus}
    for row in rows:
        if row.step.basis is Basis.LAW:
            counts[row.step.status] += 1
    return counts


def _local(moment: datetime | None) -> str:
    """As the window shows it: '04/06/2026 10:00', '25/10/2026 01:30 (BST)' in October's repeated hour."""
    return "—" if moment is None else format_uk_moment(moment)


def summary_line(rows: list[StepRow], now: datetime) -> str:
    """'Statutory steps (law) as at …: 3 done on time, 1 done late, …' for the end of the text output."""
    counts = law_counts(rows)
    shown = [f"{n} {s.label.lower()}" for s, n in counts.items() if n or s is not StepStatus.NOT_OFFERED]
    total = sum(counts.values())
    local = now.astimezone(UK)  # the moment judged at always says GMT or BST
    at = f"{format_uk(local.date())} {local:%H:%M} {local.tzname()}"
    return (f"Statutory steps (law) as at {at}: {total} in all — " + ", ".join(shown)
            + ". Steps marked practice or guidance are listed above but not counted here.")


def render_steps(rows: list[StepRow], fmt: str, now: datetime) -> str:
    """The rows as text (with a summary line), JSON or CSV."""
    if fmt == "json":
        return json.dumps([r.as_json() for r in rows], indent=2, ensure_ascii=False)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            values = row.as_json()
            values["children"] = "; ".join(row.child_labels)
            writer.writerow({k: csv_safe(v) for k, v in values.items()})
        return out.getvalue().rstrip("\n")
    if not rows:
        return "No incident steps match."
    lines = []
    for row in rows:
        s = row.step
        children = ", ".join(row.child_labels) or "no child recorded"
        note = f"; {s.note}" if s.note else ""
        # Text is read by a person: UK times and the type as the window names it (JSON and CSV keep ISO and keys).
        lines.append(f"{row.home.name} ({row.home.urn}) | incident {int(row.incident.id)} | {row.incident.type.label} | "
                     f"{_local(row.incident.occurred_at)} | {children} | {s.name} | due {_local(s.due_at)} | "
                     f"done {_local(s.done_at)} | {s.status.label} | {s.source}{note}")
    lines.append("")
    lines.append(summary_line(rows, now))
    return "\n".join(lines)
