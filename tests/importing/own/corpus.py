"""A corpus of the spreadsheets managers really keep, messy as they are: a training matrix (title row,
merged group headings, text dates in four styles, words, ticks, a spacer row, a totals row, a hidden
old course, red/amber/green fills, a second sheet), a staff list (two name styles) and an incident
log, each written in every format the import reads (corpus_write.py does the writing).

Each shape is a Book (its sheets' cells, merges, hidden columns, fills); the functions at the end
write one shape in one format and return the Path. Old .xls files cannot be written without
LibreOffice, so they are made once by scripts/make_xls_corpus.py and kept in tests/data/own/.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

XLS_FOLDER = Path(__file__).resolve().parents[2] / "data" / "own"
FORMATS = ("xlsx", "xlsm", "ods", "csv", "cp1252.csv", "xls")
RED, AMBER, GREEN = "FF0000", "FFC000", "00B050"
#: A fill in the workbook theme's "Accent 3" (olive green in the theme openpyxl writes, Office 2007's):
#: a theme colour, not an RGB one.
THEME_GREEN = "theme:6"
THEME_GREEN_RGB = "9BBB59"
TITLE = "Training Matrix \u2014 Oak House 2025"
COURSES = ["Fire Safety Awareness", "Safeguarding Children L2", "First Aid at Work", "Medication", "Team Teach",
           "Food Hygiene", "Manual Handling (2019)"]
MATRIX_HEADER = ["Name", "Role", "Start date", *COURSES]
OLD_COURSE_COLUMN = 9  # J: 'Manual Handling (2019)', hidden


@dataclass
class Sheet:
    """One sheet: rows of cells (0-based, as the file's row i + 1), and how it looks."""

    name: str
    rows: list[list[object]]
    merges: list[str] = field(default_factory=list)  # 'A1:J1'
    hidden_columns: list[int] = field(default_factory=list)  # 0-based
    fills: dict[tuple[int, int], str] = field(default_factory=dict)  # 0-based -> 'RRGGBB' or THEME_GREEN
    percent_rows: list[int] = field(default_factory=list)  # rows whose numbers are shown as percentages
    hidden: bool = False


@dataclass
class Book:
    """A shape: its sheets in order."""

    name: str
    sheets: list[Sheet]


def _matrix_sheet(name: str, title: str, staff: list[list[object]], compliance: list[float]) -> Sheet:
    rows: list[list[object]] = [
        [title],
        [],
        [None, None, None, "Mandatory", None, None, None, "Specialist"],
        list(MATRIX_HEADER),
        *staff,
        [],
        ["Compliance %", None, None, *compliance],
    ]
    sheet = Sheet(name, rows, merges=["A1:J1", "D3:G3", "H3:J3"], hidden_columns=[OLD_COURSE_COLUMN],
                  percent_rows=[len(rows) - 1])
    for r, row in enumerate(staff, start=4):
        for c, value in enumerate(row[3:], start=3):
            if isinstance(value, date):
                sheet.fills[(r, c)] = GREEN
            elif isinstance(value, str) and value.lower() == "expired":
                sheet.fills[(r, c)] = RED
            elif isinstance(value, str) and value.lower().startswith("booked"):
                sheet.fills[(r, c)] = AMBER
    return sheet


def training_matrix() -> Book:
    """Two sheets of staff by courses, as a manager keeps them, and a hidden sheet of drop-down lists."""
    staff: list[list[object]] = [
        ["Amira Khan", "RCW", date(2023, 9, 4), date(2025, 3, 3), "03/04/25", date(2024, 11, 18), "booked 12/05",
         "\u2713", date(2024, 2, 1), date(2019, 6, 1)],
        ["Ben Walsh", "Senior RCW", date(2021, 1, 11), "3.4.2025", date(2024, 6, 20), "expired", date(2025, 1, 9),
         "N/A", "exempt", date(2019, 6, 1)],
        ["Chloe O'Neill", "Deputy Manager", date(2019, 5, 28), "Apr-25", "April 2025", date(2023, 10, 2),
         date(2024, 9, 16), None, date(2023, 7, 12), None],
        ["Daniel Mensah", "RCW", date(2024, 2, 19), date(2025, 2, 14), date(2025, 2, 21), None, "booked 12/05",
         "booked 12/05", None, None],
        ["Ewa Nowak", "Night RCW", date(2022, 8, 1), "expired", date(2024, 4, 30), date(2024, 4, 30), "Expired",
         date(2024, 12, 5), "N/A", date(2019, 6, 1)],
        ["Farah Ali", "RCW", date(2025, 1, 6), date(2025, 1, 8), "08/01/2025", None, None, "\u2713",
         date(2025, 1, 10), None],
        ["George Evans", "Senior RCW", date(2020, 3, 2), date(2024, 10, 1), date(2024, 3, 12), date(2023, 11, 27),
         date(2024, 8, 8), "exempt", date(2024, 8, 8), date(2019, 6, 1)],
        ["Hannah Price", "Registered Manager", date(2018, 9, 3), date(2025, 4, 7), date(2025, 4, 7),
         date(2024, 1, 15), date(2024, 5, 22), date(2024, 5, 22), date(2023, 3, 3), date(2019, 6, 1)],
    ]
    main = _matrix_sheet("Matrix", TITLE, staff, [0.75, 0.88, 0.63, 0.5, 0.63, 0.5, 0.5])
    main.fills[(11, 4)] = THEME_GREEN  # Hannah Price's Safeguarding: a theme colour
    bank: list[list[object]] = [
        ["Isaac Brown", "Bank RCW", date(2024, 6, 3), date(2024, 6, 10), "10/06/24", None, "booked 12/05", None,
         None, None],
        ["Jade Thompson", "Bank RCW", date(2023, 11, 20), "expired", date(2024, 1, 22), date(2023, 12, 4), None,
         "N/A", date(2023, 12, 4), None],
        ["Kwame Asante", "Bank Senior", date(2022, 4, 25), date(2025, 5, 19), "May-25", date(2024, 7, 1),
         date(2024, 7, 1), None, "exempt", date(2019, 6, 1)],
    ]
    second = _matrix_sheet("Bank staff", "Bank staff \u2014 Oak House 2025", bank, [0.67, 1.0, 0.67, 0.33, 0.33,
                                                                                      0.0, 0.33])
    lists = Sheet("Lists", [["Roles", "Status words"], ["RCW", "booked"], ["Senior RCW", "expired"],
                            ["Night RCW", "N/A"], ["Deputy Manager", "exempt"]], hidden=True)
    return Book("training_matrix", [main, second, lists])


STAFF_HEADER = ["Surname", "First name", "DOB", "Start date", "Role", "DBS No.", "DBS Date", "Update service",
                "Contract", "Payroll No."]
STAFF: list[list[object]] = [
    ["Khan", "Amira", date(1994, 2, 17), date(2023, 9, 4), "RCW", "001234567890", date(2023, 8, 21), "Y",
     "Permanent, 37.5 hrs", 1001],
    ["Walsh", "Ben", date(1988, 11, 3), date(2021, 1, 11), "Senior", "112233445566", date(2020, 12, 14), "N",
     "Permanent", 1002],
    ["O'Neill", "Chloe", date(1985, 6, 30), date(2019, 5, 28), "Deputy Manager", "987654321098",
     date(2022, 5, 9), "Y", "Permanent", 1003],
    ["Dubois", "Ren\u00e9e", date(1999, 1, 25), date(2025, 1, 6), "RCW", "204060801012", "15/12/2024", "y",
     "Bank (\u00a312.10/hr)", 1017],
    ["Mensah", "Daniel", date(2001, 8, 9), date(2024, 2, 19), "RCW", "556677889900", date(2024, 1, 29), None,
     "Fixed term to 31/03/2026", 1020],
    ["Nowak", "Ewa", date(1979, 4, 12), date(2022, 8, 1), "Night RCW", "667788990011", date(2022, 7, 4), "N",
     "Permanent, nights", 1024],
]


def staff_list(*, one_name: bool = False) -> Book:
    """The staff list: 'Surname' and 'First name' columns, or one 'Name' column under a title row."""
    if not one_name:
        return Book("staff_list", [Sheet("Staff", [list(STAFF_HEADER), *[list(r) for r in STAFF]])])
    header = ["Name", *STAFF_HEADER[2:]]
    rows: list[list[object]] = [["Staff list \u2014 Oak House (updated 02/06/2025)"], header]
    rows += [[f"{r[1]} {r[0]}", *r[2:]] for r in STAFF]
    return Book("staff_list_one_name", [Sheet("Staff", rows, merges=["A1:I1"])])


INCIDENT_HEADER = ["Date", "Time", "YP", "Type of incident", "Where", "What happened", "Staff", "Reported to"]
INCIDENTS: list[list[object]] = [
    [date(2025, 3, 14), time(21, 40), "JD", "Missing from home", "Community",
     "JD did not return from the shop by 9pm curfew.\nPolice informed at 21:40, returned 23:15.", "BW / AK",
     "Police, social worker (EDT)"],
    [date(2025, 3, 18), time(16, 5), "R-1042", "Physical intervention", "Lounge",
     "Escalated after phone call; guided hold 2 mins (Team Teach).", "CO, GE", "Manager, parent"],
    [date(2025, 4, 2), time(7, 30), "JD", "Damage to property", "Bedroom", "Broke window, est. \u00a380 repair.",
     "EN", "Manager"],
    [date(2025, 4, 9), None, "MS", "Complaint", "Office", "Complaint about pocket money (\u00a35 short).",
     "HP", "RM"],
    ["12/04/2025", "14:20", "R-1042", "Allegation", "Car", "Said staff shouted in the car; manager to review.",
     "DM", "LADO, Ofsted"],
]


def incident_log() -> Book:
    """An incident log with its own headers, under a title row."""
    rows: list[list[object]] = [["Incident log 2025/26"], list(INCIDENT_HEADER), *[list(r) for r in INCIDENTS]]
    return Book("incident_log", [Sheet("Incidents", rows, merges=["A1:H1"])])


SHAPES = {"training_matrix": training_matrix, "staff_list": staff_list,
          "staff_list_one_name": lambda: staff_list(one_name=True), "incident_log": incident_log}


def write(book: Book, folder: Path, fmt: str) -> Path:
    """The shape in one format (one of FORMATS) in ``folder``; returns its path."""
    from tests.importing.own import corpus_write as cw

    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "xls":
        path = folder / f"{book.name}.xls"
        path.write_bytes((XLS_FOLDER / f"{book.name}.xls").read_bytes())
        return path
    if fmt in ("xlsx", "xlsm"):
        return cw.write_xlsx(book, folder / f"{book.name}.{fmt}", macro=fmt == "xlsm")
    if fmt == "ods":
        return cw.write_ods(book, folder / f"{book.name}.ods")
    if fmt == "csv":
        return cw.write_csv(book, folder / f"{book.name}.csv")
    if fmt == "cp1252.csv":
        return cw.write_csv(book, folder / f"{book.name}_excel.csv", encoding="cp1252", sep=";")
    raise ValueError(fmt)


def matrix_file(folder: Path, fmt: str = "xlsx") -> Path:
    return write(training_matrix(), folder, fmt)


def staff_file(folder: Path, fmt: str = "xlsx", *, one_name: bool = False) -> Path:
    return write(staff_list(one_name=one_name), folder, fmt)


def incidents_file(folder: Path, fmt: str = "xlsx") -> Path:
    return write(incident_log(), folder, fmt)
