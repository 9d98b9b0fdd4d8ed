"""Everything due, overdue or missing across every register: the CLI's `due` and the dashboard's list."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date

from carehome_desk.export.cells import csv_safe
from carehome_desk.models.dates import format_uk
from carehome_desk.models.home import Home
from carehome_desk.models.status import Requirement, Status
from carehome_desk.models.workforce import needing_action, workforce_requirements
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
            "status": r.status.value,
            "source": r.source,
            "basis": r.basis.value,
            "detail": r.detail,
        }


def requirements_for_home(store: Store, home: Home, today: date) -> list[Requirement]:
    """Every requirement of every register for one home (later registers add theirs here)."""
    settings = store.settings.get()
    return workforce_requirements(store.workforce.snapshot(home.id), settings, today)


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
        columns = ["home", "urn", "subject", "area", "requirement", "due", "status", "source", "basis", "detail"]
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
