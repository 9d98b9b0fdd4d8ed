"""Every future statutory and policy deadline as an iCalendar file (RFC 5545) for Outlook and friends.

Written with the `icalendar` library (line folding, escaping and CRLF endings are easy to get
wrong by hand); imported lazily so start-up does not pay for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from carehome_desk import __version__
from carehome_desk.services.due import requirements_for_home
from carehome_desk.models.home import Home
from carehome_desk.models.status import Requirement
from carehome_desk.export.atomic import replace_atomically
from carehome_desk.out_files import check_out_file, write_problem
from carehome_desk.private_files import app_dir
from carehome_desk.store import Store, StoreError


@dataclass(frozen=True)
class CalendarResult:
    """How many events were written, and where."""

    path: Path
    events: int


def future_deadlines(store: Store, today: date, urn: str | None = None) -> list[tuple[Home, Requirement]]:
    """Every requirement with a due date today or later, across the homes (or one)."""
    out = []
    for home in store.homes.list():
        if urn is not None and home.urn != urn:
            continue
        for req in requirements_for_home(store, home, today):
            if req.due_at is not None and req.due_at.astimezone(timezone.utc) >= store.now().astimezone(timezone.utc):
                out.append((home, req))
            elif req.due_at is None and req.due is not None and req.due >= today:
                out.append((home, req))
    return sorted(out, key=lambda hr: (hr[1].due or date.max, hr[0].name, hr[1].subject))


def build_calendar(items: list[tuple[Home, Requirement]], stamp: datetime) -> bytes:
    """The .ics bytes for the given deadlines."""
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", f"-//carehome-desk//{__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Children's home deadlines (carehome-desk)")
    for home, req in items:
        event = Event()
        when = (req.due_at.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ") if req.due_at is not None
                else req.due.isoformat() if req.due else "undated")
        event.add("uid", f"{home.urn}-{req.key or req.area}-{req.subject_id}-{when}@carehome-desk")
        event.add("dtstamp", stamp.astimezone(timezone.utc))
        event.add("summary", f"{req.requirement} — {req.subject} ({home.name})")
        event.add("description", f"{req.source}\n{req.basis.label}\n{req.detail}".strip())
        event.add("categories", [req.area])
        if req.due_at is not None:
            start = req.due_at.astimezone(timezone.utc)
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(minutes=30))
        else:
            assert req.due is not None
            event.add("dtstart", req.due)
            event.add("dtend", req.due + timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Due: {req.requirement}")
        alarm.add("trigger", timedelta(hours=-2) if req.due_at is not None else timedelta(days=-7))
        event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())


def write_calendar(store: Store, out: Path, today: date, urn: str | None = None) -> CalendarResult:
    """Write the .ics through a temporary file in the same folder, then rename it over ``out`` (OutFileRefused,
    before any work, for a name that is not .ics or is one of the database's files)."""
    check_out_file(out, store.path, "calendar", suffix=".ics", kind="an iCalendar file")
    items = future_deadlines(store, today, urn)
    data = build_calendar(items, store.now())
    try:
        app_dir(out.parent)
        # Through a 0600 temporary file named by this process, renamed over ``out`` (export/atomic.py): what a
        # killed run leaves is removed by the next calendar written there.
        replace_atomically(out, lambda temp: temp.write_bytes(data), suffix=".ics.part")
    except OSError as exc:
        raise StoreError(f"The calendar could not be written to {out}: {write_problem(out, exc)}. "
                         "Nothing was changed.") from exc
    return CalendarResult(out, len(items))
