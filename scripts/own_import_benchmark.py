"""Time a manager's own training matrix through the mapping step.

    python scripts/own_import_benchmark.py [STAFF] [COURSES] [--json]

Writes a 300-staff × 30-course .xlsx matrix (defaults) as managers keep it (a title row, a merged
group row, names, roles and start dates, real and text dates, words such as 'booked 12/05'),
then times reading it, suggesting the mapping, and importing it into a fresh database (the
guessed course matches confirmed, as the manager would in the dialog). Target: 3 s in all.
With --json, prints one JSON line ({"seconds", "peak_mb", "extra"}) for scripts/bench.py.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import openpyxl

from carehome_desk.importing.own.engine import import_own, suggest
from carehome_desk.importing.own.mapping import COURSE, NEW_COURSE, Layout
from carehome_desk.importing.own.readers import read_source
from carehome_desk.models.home import HomeDetails
from carehome_desk.store import Store

TARGET_SECONDS = 3.0
ROLES = ("RCW", "Senior", "Night worker", "Deputy Manager", "Bank RCW")
_EXTRA = ("Fire Safety Awareness", "Safeguarding Children L2", "First Aid at Work", "Team Teach", "Food Safety",
          "Sleep-in awareness", "Autism awareness", "Makaton", "Driving assessment", "Positive behaviour support")


def build(path: Path, people: int, courses: list[str]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Matrix"
    ws.append(["Oak Lodge training matrix 2026"])
    ws.append([None, None, None, "Mandatory"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=3 + len(courses))
    ws.merge_cells(start_row=2, start_column=4, end_row=2, end_column=3 + len(courses))
    ws.append(["Name", "Role", "Start date", *courses])
    for n in range(people):
        start = date(2015, 1, 5) + timedelta(days=n * 7)
        row: list[object] = [f"Person {n:04d}", ROLES[n % len(ROLES)], start]
        for c in range(len(courses)):
            done = start + timedelta(days=30 + c * 5)
            pick = (n + c) % 10
            row.append("booked 12/05" if pick == 0 else "N/A" if pick == 1 else
                       f"{done.day:02d}/{done.month:02d}/{done.year}" if pick < 5 else done)
        ws.append(row)
    ws.append(["Total", None, None, *([people] * len(courses))])
    wb.save(path)


def run(people: int, count: int) -> tuple[float, dict[str, float], int]:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        now = datetime(2026, 11, 22, 10, tzinfo=timezone.utc)
        with Store.open(base / "bench.sqlite3", user="benchmark", clock=lambda: now) as store:
            home, _ = store.homes.add(HomeDetails(name="Oak Lodge", urn="SC123456"))
            names = [c.name for c in store.workforce.courses()]
            courses = (names + list(_EXTRA))[:count]
            path = base / "matrix.xlsx"
            build(path, people, courses)
            steps: dict[str, float] = {}
            started = time.perf_counter()
            source = read_source(path)
            steps["read"] = time.perf_counter() - started
            mapping = suggest(source, Layout.MATRIX, store.workforce.courses())
            steps["suggest"] = time.perf_counter() - started - steps["read"]
            for sheet in mapping.sheets:
                taken: set[str] = set()
                for column in sheet.columns:
                    column.confirmed = True  # as the manager confirms the guesses in the dialog
                    if column.target.startswith(COURSE) and column.target in taken:
                        # a second column guessed as a course already mapped ('First Aid at Work' beside
                        # 'First aid'): the manager adds it to the catalogue as a course of its own
                        column.target = NEW_COURSE + column.header
                        mapping.new_courses[column.header] = 12
                    taken.add(column.target)
            result = import_own(store, home.id, source, mapping)
            total = time.perf_counter() - started
            steps["import"] = total - steps["read"] - steps["suggest"]
            if result.errors or result.blocked or not result.written:
                raise SystemExit(f"The benchmark matrix did not import:\n{result.report()}")
            return total, steps, sum(c.added for c in result.sheets.values())


def main(argv: list[str]) -> int:
    as_json = "--json" in argv
    numbers = [int(a) for a in argv if a.isdigit()]
    people, count = (numbers + [300, 30][len(numbers):])[:2]
    total, steps, added = run(people, count)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if as_json:
        print(json.dumps({"seconds": total, "peak_mb": peak, "extra": f"{people} staff × {count} courses, "
                          f"{added} records; target ≤ {TARGET_SECONDS:g} s"}))
        return 0
    print(f"{people} staff × {count} courses: {added} records added")
    for name, seconds in steps.items():
        print(f"  {name:<8} {seconds:6.2f} s")
    verdict = "met" if total <= TARGET_SECONDS else "MISSED"
    print(f"  {'total':<8} {total:6.2f} s  (target ≤ {TARGET_SECONDS:g} s: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
