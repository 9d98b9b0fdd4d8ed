"""Time a workforce import at scale: python scripts/import_benchmark.py [STAFF] (default 300).

Builds the template filled with STAFF people, each with a diploma, nine checks, a DBS
certificate and status check, 15 courses and 8 supervisions, then times a dry run, the
import, and a second import of the same file (which must change nothing).
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import openpyxl

from carehome_desk.importing.workforce import import_workforce, write_workforce_template
from carehome_desk.models.home import HomeDetails
from carehome_desk.models.recruitment import CHECKS
from carehome_desk.store import Store


def build(path: Path, people: int, course_names: list[str]) -> int:
    write_workforce_template(path)
    wb = openpyxl.load_workbook(path)
    rows = 0
    for n in range(people):
        ref, start = f"E{n:04d}", date(2020, 1, 6) + timedelta(days=n * 3)
        wb["Staff"].append([ref, f"Person {n:04d}", "Residential childcare worker", None, None, start.strftime("%d/%m/%Y"),
                            None, None, "Permanent", 37.5, "✗", start + timedelta(days=30)])
        wb["Qualifications"].append([ref, None, "Level 3", "Enrolled", "April 2024"])
        for spec in CHECKS.values():
            wb["Checks"].append([ref, None, spec.short, "✓", start - timedelta(days=20), "Priya Fairbairn"])
        number = f"{n:012d}"
        wb["DBS"].append([ref, None, number, start - timedelta(days=30), None, None, "✓", "✓"])
        wb["DBS status checks"].append([number, "01/10/2026", "No new information", "Priya Fairbairn"])
        for c, course in enumerate(course_names[:15]):
            wb["Training"].append([ref, None, course, start + timedelta(days=40 + c), None, "In-house"])
        for s in range(8):
            wb["Supervision"].append([ref, None, "Supervision", start + timedelta(days=42 * (s + 1)), "Sam Kerr"])
        rows += 1 + 1 + len(CHECKS) + 1 + 1 + 15 + 8
    wb.save(path)
    return rows


def main(people: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        now = datetime(2026, 11, 22, 10, tzinfo=timezone.utc)
        with Store.open(base / "bench.sqlite3", user="benchmark", clock=lambda: now) as store:
            home, _ = store.homes.add(HomeDetails(name="Oak Lodge", urn="SC123456"))
            path = base / "workforce.xlsx"
            rows = build(path, people, [c.name for c in store.workforce.courses()])
            print(f"{people} staff, {rows} rows, {path.stat().st_size // 1024} KiB")
            for label, kw in (("dry run", {"dry_run": True}), ("import", {}), ("import again", {})):
                started = time.perf_counter()
                result = import_workforce(store, path, home.id, **kw)  # type: ignore[arg-type]
                took = time.perf_counter() - started
                added = sum(c.added for c in result.sheets.values())
                unchanged = sum(c.unchanged for c in result.sheets.values())
                print(f"{label:<13} {took:6.2f} s  added {added}, unchanged {unchanged}, errors {len(result.errors)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
