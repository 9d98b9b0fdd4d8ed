"""A wide training matrix as a manager keeps it, for the mapping dialog's tests and screenshots.

A merged title row, a blank row, a merged group row ("Mandatory" / "Specialist"), then the header:
Name | Role | Start date | 32 course columns (catalogue names as written, close names the app must
ask about, courses not in the catalogue, a hidden old course), staff rows with real date cells and
text dates, words ("booked 12/05", "N/A"), colour fills, a spacer row and a "Compliance %" row.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

#: Headers exactly as a catalogue course is named (word for word).
EXACT = ["Safeguarding and child protection", "First aid", "Medication administration", "Health and safety",
         "Infection control", "GDPR and recording", "Prevent", "Missing from care", "Online safety",
         "Equality and diversity", "Whistleblowing", "Lone working", "Food hygiene (Level 2)",
         "CSE, CCE and county lines", "Self-harm and suicide awareness", "Epilepsy awareness and rescue medication",
         "Mental Capacity Act (over-16s)", "Attachment and trauma-informed practice",
         "Physical intervention and de-escalation"]
#: Close names: the app guesses, the manager confirms.
CLOSE = {"Fire Safety Awareness": "Fire safety"}
#: Courses the catalogue does not have.
NEW = ["Sleep-in awareness", "Team Teach refresher", "ADHD awareness", "Autism awareness", "Makaton",
       "Positive behaviour support", "Report writing", "Fire marshal", "Driving the minibus", "Pool safety",
       "Therapeutic parenting", "Restorative practice"]
HIDDEN = "Old MAPA"
STAFF = [("Aisha Brennan", "Residential childcare worker", date(2023, 3, 3)),
         ("Sam Kerr", "Deputy manager", date(2021, 1, 8)),
         ("Jo Lam", "Senior", date(2022, 9, 12)),
         ("Priya Fairbairn", "Registered manager", date(2019, 5, 1))]
HEADER_ROW = 4
RED, GREEN = PatternFill("solid", fgColor="FFC7CE"), PatternFill("solid", fgColor="C6EFCE")


def course_headers() -> list[str]:
    """The 32 course headers in file order (the hidden column sits among them)."""
    return ["Fire Safety Awareness", *EXACT[:8], HIDDEN, *EXACT[8:], *NEW]


#: Medication administration cells as typed, one per person: a column that mixes day-first (13/04) and
#: month-first (04/13) dates, so its 03/04/2025 could be either.
MIXED_ORDERS = ["13/04/2025", "04/13/2025", "03/04/2025", date(2024, 11, 7)]


def write_matrix(path: Path, *, staff: list[tuple[str, str, date]] | None = None,
                 first_aid: str = "03/04/2025", medication: list[object] | None = None, filled: int = 3) -> Path:
    """The wide matrix; ``first_aid`` is Aisha's First aid cell (text, read day first); ``medication`` the
    Medication administration cells (default: MIXED_ORDERS); ``filled`` how many of the catalogue's courses
    (in EXACT's order) have dates."""
    medication = MIXED_ORDERS if medication is None else medication
    people = STAFF if staff is None else staff
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Matrix 2025"
    headers = ["Name", "Role", "Start date", *course_headers()]
    ws.cell(1, 1, "Training Matrix — Oak Lodge 2025").font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.cell(3, 4, "Mandatory")
    ws.merge_cells(start_row=3, start_column=4, end_row=3, end_column=22)
    ws.cell(3, 23, "Specialist")
    ws.merge_cells(start_row=3, start_column=23, end_row=3, end_column=len(headers))
    for col, text in enumerate(headers, start=1):
        ws.cell(HEADER_ROW, col, text).font = Font(bold=True)
    hidden_col = headers.index(HIDDEN) + 1
    ws.column_dimensions[get_column_letter(hidden_col)].hidden = True
    for n, (name, role, start) in enumerate(people):
        row = HEADER_ROW + 1 + n
        ws.cell(row, 1, name)
        ws.cell(row, 2, role)
        ws.cell(row, 3, start)
        for col in range(4, len(headers) + 1):
            header = headers[col - 1]
            if header == HIDDEN:
                ws.cell(row, col, date(2019, 2, 1))
            elif header == "Medication administration":
                ws.cell(row, col, medication[n] if n < len(medication) else None)
            elif header == "First aid" and n == 0:
                ws.cell(row, col, first_aid)
            elif header == "Fire Safety Awareness":
                cell = ws.cell(row, col, date(2025, 1 + n, 10 + n))
                cell.fill = GREEN if n % 2 == 0 else RED
            elif header == "Makaton" and n == 1:
                ws.cell(row, col, "booked 12/05")
            elif header == "Driving the minibus":
                ws.cell(row, col, "N/A" if n else date(2024, 6, 1))
            elif header in NEW[:2]:
                ws.cell(row, col, date(2025, 2, 1 + n))
            elif header in EXACT[:filled]:
                ws.cell(row, col, date(2024, 11, 4 + n) if header in EXACT[:3] else date(2025, 1 + (n + col) % 9,
                                                                                          1 + (3 * n + col) % 27))
    spacer = HEADER_ROW + len(people) + 2
    ws.cell(spacer, 1, "Compliance %")
    for col in range(4, len(headers) + 1):
        ws.cell(spacer, col, "75%")
    wb.save(path)
    return path
