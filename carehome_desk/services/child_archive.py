"""What archiving a child's entry leaves behind: the incidents that name them, and those with steps still open.

Archiving is for an entry made in error. The incidents keep naming the child (marked archived), and
their open steps stay in `due` and on the dashboard, so the manager is told before it goes ahead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from carehome_desk.models.children import Child
from carehome_desk.models.dates import UK, format_uk
from carehome_desk.models.deadlines import step_requirement
from carehome_desk.models.ids import ChildId
from carehome_desk.services.due import home_incident_steps

if TYPE_CHECKING:
    from carehome_desk.store.store import Store

#: Open incidents listed by name in the warning; the rest are counted.
LISTED = 5


@dataclass(frozen=True)
class NamedIn:
    """The incidents (not archived) naming one child, and one line per incident with steps still open."""

    child: Child
    incidents: int
    open_items: tuple[str, ...]


def named_in(store: Store, child_id: ChildId) -> NamedIn:
    """The child's incidents and their open steps, judged as `due` judges them now."""
    child = store.children.get(child_id)
    home = store.homes.get(child.home_id)
    now = store.now()
    entries = [e for e in home_incident_steps(store, home, store.settings.get().incident_review_days, now)
               if child.id in e.incident.child_ids]
    lines = []
    for entry in sorted(entries, key=lambda e: e.incident.occurred_at.timestamp()):
        open_steps = [r.requirement for r in (step_requirement(entry.incident, s, "", now) for s in entry.steps) if r]
        if open_steps:
            local = entry.incident.occurred_at.astimezone(UK)
            lines.append(f"{entry.incident.type.label} on {format_uk(local.date())} {local:%H:%M}: "
                         + "; ".join(open_steps))
    return NamedIn(child, len(entries), tuple(lines))


def archive_warning(found: NamedIn) -> str:
    """The question asked before archiving a child named in incidents; empty when no incident names them."""
    if not found.incidents:
        return ""
    who = found.child.label()
    many = "incident" if found.incidents == 1 else "incidents"
    text = f"{who} is named in {found.incidents} {many}"
    if found.open_items:
        count = len(found.open_items)
        text += f", {count} of them with steps still open:\n"
        text += "\n".join(f"• {line}" for line in found.open_items[:LISTED])
        if count > LISTED:
            text += f"\n• and {count - LISTED} more (see the Incidents page)"
        text += "\n\n"
    else:
        text += ".\n\n"
    text += (f"Archive only an entry made in error. The incidents keep naming {who}, marked archived"
             + (", and their open steps stay on the dashboard" if found.open_items else "")
             + f". If the child has left, give a leaving date instead.\n\nArchive {who}'s entry anyway?")
    return text
