"""Time an incidents import at demo size: python scripts/incidents_import_benchmark.py [SCALE] (default 1).

Builds the demo (three years of incidents of every type in each of SCALE homes), writes every
home's children, incidents, restraints, missing episodes and notifications into one incidents
template as a manager would type them, then times a dry run, the import into one home of an
empty database, and a second import of the same file (which must change nothing). SCALE 1 is
the demo home itself; larger scales are a stress test (child references carry a home prefix).
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

import openpyxl

from carehome_desk.demo import DemoOptions, build_demo
from carehome_desk.importing.incidents import import_incidents, write_incidents_template
from carehome_desk.importing.incidents_sheets import PARAGRAPHS
from carehome_desk.models.dates import UK, format_uk
from carehome_desk.models.home import HomeDetails
from carehome_desk.models.incidents import Incident, MissingDetails, RestraintDetails
from carehome_desk.store import Store

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, tzinfo=timezone.utc)


def when(moment: datetime | None) -> str | None:
    """'03/04/2026 14:30' in UK time; BST or GMT added only in the hour that happens twice."""
    if moment is None:
        return None
    local = moment.astimezone(UK)
    naive = local.replace(tzinfo=None)
    twice = naive.replace(tzinfo=UK, fold=0).utcoffset() != naive.replace(tzinfo=UK, fold=1).utcoffset()
    return f"{format_uk(local.date())} {local:%H:%M}" + (f" {local.tzname()}" if twice else "")


def tick(value: bool | None) -> str | None:
    return None if value is None else ("✓" if value else "✗")


def build(path: Path, store: Store) -> int:
    """The demo's records in the template; returns the number of rows written."""
    write_incidents_template(path)
    wb = openpyxl.load_workbook(path)
    kids = store.children.list()
    refs = {c.id: c.reference for c in kids}
    rows = 0
    for c in kids:
        wb["Children"].append([c.reference, c.initials, c.date_of_birth, c.admission_date, c.placing_authority,
                               c.legal_status.label, tick(c.admission_planned), c.leaving_date,
                               tick(c.ending_planned), c.full_name or None])
        rows += 1
    incidents: list[Incident] = sorted(store.incidents.list(), key=lambda i: i.occurred_at)
    for n, i in enumerate(incidents, start=1):
        ref, local = f"I{n:05d}", i.occurred_at.astimezone(UK)
        wb["Incidents"].append([
            ref, local.date(), when(i.occurred_at).split(" ", 1)[1], i.type.label,  # type: ignore[union-attr]
            ", ".join(refs[c] for c in i.child_ids), i.location, i.summary, i.staff_involved,
            None if i.notifiable is None else ("Yes" if i.notifiable else "No"),
            ", ".join(PARAGRAPHS[p] for p in i.reg40_paragraphs) or None, i.reg40_rationale or None,
            i.reviewed_at.astimezone(UK).date() if i.reviewed_at else None, i.reviewed_by or None,
            i.review_note or None])
        d = i.details
        if isinstance(d, RestraintDetails):
            wb["Restraint"].append([ref, d.behaviour, d.measure, d.duration_minutes, d.alternatives_tried, d.used_by,
                                    d.others_present, d.effect, d.injuries, d.medical_treatment,
                                    tick(d.ehc_plan_planned), when(d.record_made_at), when(d.staff_spoken_at),
                                    d.signed_by, when(d.child_spoken_at), d.child_comments])
            rows += 1
        elif isinstance(d, MissingDetails):
            wb["Missing and away"].append([ref, when(d.returned_at), tick(d.whereabouts_known),
                                           when(d.police_informed_at), d.police_reference,
                                           when(d.placing_authority_informed_at), d.risk_level.value.capitalize(),
                                           when(d.rhi_offered_at), d.rhi_offered_by, tick(d.rhi_not_offered),
                                           tick(d.home_challenged), d.challenge_note])
            rows += 1
        for note in i.notifications:
            wb["Notifications"].append([ref, note.recipient.label, note.recipient_name or None,
                                        PARAGRAPHS[note.paragraph], when(note.sent_at), note.method, note.reference])
            rows += 1
        rows += 1
    wb.save(path)
    return rows


def main(scale: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        demo = build_demo(base / "demo.sqlite3", DemoOptions(today=TODAY, scale=scale))
        path = base / "incidents.xlsx"
        with Store.open(demo, clock=lambda: NOW) as source:
            rows = build(path, source)
        with Store.open(base / "bench.sqlite3", user="benchmark", clock=lambda: NOW) as store:
            home, _ = store.homes.add(HomeDetails(name="Oak Lodge", urn="SC123456"))
            print(f"demo scale {scale}: {rows} rows, {path.stat().st_size // 1024} KiB")
            for label, kw in (("dry run", {"dry_run": True}), ("import", {}), ("import again", {})):
                started = time.perf_counter()
                result = import_incidents(store, path, home.id, **kw)  # type: ignore[arg-type]
                took = time.perf_counter() - started
                added = sum(c.added for c in result.sheets.values())
                unchanged = sum(c.unchanged for c in result.sheets.values())
                print(f"{label:<13} {took:6.2f} s  added {added}, unchanged {unchanged}, errors {len(result.errors)}")
                for error in result.errors[:5]:
                    print("   ", error)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
