"""Checking a mapping against the file before anything is read into records: every column found, every
field known, every guess confirmed, every needed field given, and no column that mixes date orders
unconfirmed. What is missing becomes a ``blocked`` reason saying what to set in the map.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from carehome_desk.importing.course_names import course_finder
from carehome_desk.importing.own.cells import both_readings, order_of
from carehome_desk.importing.own.mapping import (
    COMPLETED,
    COURSE,
    EXPIRY,
    IGNORE,
    MONTH_FIRST,
    NEW_COURSE,
    ColumnMap,
    Layout,
    Mapping,
    SheetMap,
    tick_default_problem,
)
from carehome_desk.importing.own.sheet import data_rows, header_cells
from carehome_desk.importing.own.tables import SourceFile, Table, column_letter
from carehome_desk.importing.own.targets import Target, fields_for
from carehome_desk.importing.sheet_spec import Kind
from carehome_desk.importing.text import is_blank, read_label
from carehome_desk.importing.values import word_key
from carehome_desk.models.dates import format_uk
from carehome_desk.models.training import Course, validate_course

_DATE_KINDS = (Kind.DATE, Kind.MONTH_DATE, Kind.DATE_MAYBE_TIME, Kind.DATETIME)


@dataclass(frozen=True)
class AmbiguousDate:
    """A date that a column mixing day-first and month-first dates makes doubtful."""

    sheet: str
    row: int
    column: str
    text: str
    read_as: date
    other: date

    def __str__(self) -> str:
        return (f"{self.sheet} row {self.row}, column '{self.column}': '{self.text}' is read as "
                f"{format_uk(self.read_as)}; month-first it would be {format_uk(self.other)}.")


@dataclass
class CourseColumn:
    """A matrix column whose cells are dates of one course."""

    index: int
    column: ColumnMap
    course: Course


@dataclass
class Resolved:
    """One mapped sheet, checked against the file: where each field's column is."""

    table: Table
    sheet: SheetMap
    fields: dict[str, int] = field(default_factory=dict)  # target key -> 0-based column
    courses: list[CourseColumn] = field(default_factory=list)
    columns: dict[int, ColumnMap] = field(default_factory=dict)  # 0-based column -> its map
    headers: list[str] = field(default_factory=list)

    def name(self, col: int) -> str:
        """A column as the manager sees it: its header, or 'column H' when it has none."""
        head = self.headers[col] if col < len(self.headers) else ""
        return head or f"column {column_letter(col)}"


@dataclass
class Checked:
    """What checking the mapping found."""

    sheets: list[Resolved] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    ambiguous: list[AmbiguousDate] = field(default_factory=list)
    new_courses: list[Course] = field(default_factory=list)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def find_column(column: ColumnMap, headers: list[str]) -> int | None:
    """Where a mapped column is in this file: by its header text first, its position second."""
    if not column.header.strip():
        return column.index if column.index < len(headers) and not headers[column.index] else None
    found = [i for i, h in enumerate(headers) if _same(h, column.header)]
    if column.index in found or not found:
        return column.index if column.index in found else None
    return min(found, key=lambda i: abs(i - column.index))


def check(source: SourceFile, mapping: Mapping, courses: Sequence[Course], today: date) -> Checked:
    """The mapping checked against the file (see the module docstring)."""
    out = Checked()
    catalogue = course_finder(courses)  # live ones first
    keys = {f.target.key: f.target for f in fields_for(mapping.layout)}
    adding: dict[str, Course] = {}
    position = max((c.position for c in courses), default=0)
    tables = {t.sheet: t for t in source.tables}
    if not mapping.sheets:
        out.blocked.append("No sheet is chosen to import: add the sheet to the map's 'sheets'.")
    for key, value in mapping.defaults.items():
        if key not in keys or key in ("full_name", "first_name", "surname", "staff_ref"):
            out.blocked.append(f"'defaults' gives a value for '{key}', which is not a field a default can fill for a "
                               f"{mapping.layout.label.lower()}: the fields are {', '.join(sorted(keys))}.")
        elif keys[key].kind is Kind.TICK and (problem := tick_default_problem(keys[key].label, value)):
            out.blocked.append(problem)
    for sheet in mapping.sheets:
        table = tables.get(sheet.sheet)
        if table is None:
            listed = ", ".join(f"'{t.sheet}'" for t in source.tables)
            out.blocked.append(f"The file has no sheet '{sheet.sheet}' (its sheets are {listed}): correct 'sheet' "
                               "in the map.")
            continue
        if sheet.header_row > max(len(table.rows), 1):
            out.blocked.append(f"Sheet '{sheet.sheet}' has no row {sheet.header_row}: set 'header_row' to the row "
                               "of column headings.")
            continue
        resolved = Resolved(table, sheet, headers=header_cells(table, sheet.header_row))
        for column in sheet.columns:
            if column.target == IGNORE:
                continue
            where = f"Sheet '{sheet.sheet}', column '{column.header or column_letter(column.index)}'"
            index = find_column(column, resolved.headers)
            if index is None:
                out.blocked.append(f"{where} is not in row {sheet.header_row}, the header row: correct its 'header' "
                                   "in the map, or leave it out (target \"\").")
                continue
            resolved.columns[index] = column
            if column.target.startswith((COURSE, NEW_COURSE)):
                course = _course(column, where, catalogue, mapping, adding, position, out.blocked)
                if course is not None:
                    same = next((c for c in resolved.courses if c.course.name == course.name
                                 and c.column.cells == column.cells), None)
                    if same is not None:
                        what = "expiry" if column.cells == EXPIRY else "completion"
                        out.blocked.append(
                            f"Sheet '{sheet.sheet}': both '{resolved.name(same.index)}' and '{resolved.name(index)}' "
                            f"are mapped to {course.name} {what} dates: leave one of them out, or read one as the "
                            f"other dates (\"cells\": \"{COMPLETED if what == 'expiry' else EXPIRY}\").")
                        continue
                    resolved.courses.append(CourseColumn(index, column, course))
                    if column.cells == EXPIRY and course.renewal_months is None:
                        out.blocked.append(f"{where} holds expiry dates, but {course.name} is never renewed, so "
                                           "it has no expiry: map the column as completion dates (\"cells\": "
                                           "\"completed\").")
                continue
            if column.target not in keys:
                out.blocked.append(f"{where} is mapped to '{column.target}', which is not a field of a "
                                   f"{mapping.layout.label.lower()}: the fields are {', '.join(sorted(keys))}.")
                continue
            if not column.confirmed:
                how = "its dates read month-first" if column.date_order == MONTH_FIRST else "as a guess"
                out.blocked.append(f"{where} is mapped to {keys[column.target].label}, {how}: confirm it "
                                   "(\"confirmed\": true) or map it to another field.")
            earlier = resolved.fields.get(column.target)
            if earlier is not None:
                out.blocked.append(f"Sheet '{sheet.sheet}': both '{resolved.name(earlier)}' and "
                                   f"'{resolved.name(index)}'"
                                   f" are mapped to {keys[column.target].label}: leave one of them out.")
                continue
            resolved.fields[column.target] = index
        out.blocked += _needed(resolved, mapping)
        _dates(resolved, keys, today, out)
        out.sheets.append(resolved)
    out.new_courses = list(adding.values())
    return out


def _course(column: ColumnMap, where: str, catalogue: Callable[[str], Course | None], mapping: Mapping,
            adding: dict[str, Course], position: int, blocked: list[str]) -> Course | None:
    new = column.target.startswith(NEW_COURSE)
    name = column.target.split(":", 1)[1].strip()
    known = catalogue(name)
    if known is not None and known.archived:
        blocked.append(f"{where} is mapped to the course '{known.name}', which is archived in the course catalogue: "
                       "restore it there first, or map the column to another course.")
        return None
    if known is None and not new:
        blocked.append(f"{where} is mapped to the course '{name}', which is not in the catalogue: choose a course "
                       f"from the catalogue, or add it as a new course (\"target\": \"{NEW_COURSE}{name}\").")
        return None
    if known is None and word_key(name) in adding:
        return adding[word_key(name)]
    months = next((m for n, m in mapping.new_courses.items() if word_key(n) == word_key(name)), 0)
    if not column.confirmed:
        by_name = known is not None and word_key(column.header) == word_key(known.name)
        what = (f"is mapped to the course '{known.name}'" if by_name and known is not None else
                f"is matched to the course '{known.name}' by a similar name" if known is not None else
                f"would add the new course '{name}' to the catalogue"
                + (f" (renewed {Course(name, months).interval_text})" if months != 0 else ""))
        if column.cells == EXPIRY:
            what += ", its cells read as expiry dates (the completion date worked back from them)"
        if column.date_order == MONTH_FIRST:
            what += ", its dates read month-first"
        blocked.append(f"{where} {what}: confirm it (\"confirmed\": true), map it to another course, or leave it out "
                       "(target \"\").")
    if known is not None:
        return known
    if months == 0:
        blocked.append(f"{where} adds the new course '{name}': say how often it is renewed in 'new_courses' (months, "
                       f"or null for never), for example \"new_courses\": {{\"{name}\": 12}}.")
        months = None
    course = Course(name, months, position=position + len(adding) + 1)
    problems = validate_course(course)
    if problems:
        blocked.append(f"{where}: the new course '{name}': {' '.join(problems.values())}")
        return None
    adding[word_key(name)] = course
    return course


def _has(resolved: Resolved, mapping: Mapping, key: str) -> bool:
    return key in resolved.fields or key in mapping.defaults


def _needed(resolved: Resolved, mapping: Mapping) -> list[str]:
    """Blocked reasons for fields the sheet needs but neither a column nor a default gives."""
    where = f"Sheet '{resolved.sheet.sheet}'"
    fields, reasons = resolved.fields, []
    named = "full_name" in fields or ("first_name" in fields and "surname" in fields)
    if ("first_name" in fields) != ("surname" in fields) and "full_name" not in fields:
        part = "First name" if "first_name" in fields else "Surname"
        other = "Surname" if part == "First name" else "First name"
        reasons.append(f"{where}: a column is mapped to {part} but none to {other}: map both, or one Full name column.")
    if mapping.layout is Layout.MATRIX:
        if not named and "staff_ref" not in fields:
            reasons.append(f"{where}: say who each row is: map a column to Full name, Staff ref, or First name and "
                           "Surname.")
        if not resolved.courses:
            reasons.append(f"{where}: no column is mapped to a course: map each course column to a catalogue course "
                           f"(\"target\": \"{COURSE}NAME\") or a new one (\"{NEW_COURSE}NAME\").")
    elif mapping.layout is Layout.STAFF:
        if not named:
            reasons.append(f"{where}: no column gives the person's name: map one to Full name, or two to First name "
                           "and Surname.")
        needed = ["role", "start_date"]
        if "dbs_number" in fields:
            needed += ["dbs_issue_date", "barred_list_children"]
        reasons += _missing(resolved, mapping, needed)
    else:
        needed = ["date", "type", "summary"]
        if not _times_in_dates(resolved):
            needed.append("time")
        reasons += _missing(resolved, mapping, needed)
    return reasons


def _missing(resolved: Resolved, mapping: Mapping, needed: list[str]) -> list[str]:
    labels = {f.target.key: f.target.label for f in fields_for(mapping.layout)}
    return [f"Sheet '{resolved.sheet.sheet}': no column is mapped to {labels[key]}, which every row needs: map a "
            f"column to it, or give one value for every row in 'defaults' (\"defaults\": {{\"{key}\": \"…\"}})."
            for key in needed if not _has(resolved, mapping, key)]


def _times_in_dates(resolved: Resolved) -> bool:
    """True when the date column's cells carry a time of day (date and time in one cell)."""
    col = resolved.fields.get("date")
    if col is None:
        return False
    for _, cells in data_rows(resolved.table, resolved.sheet.header_row):
        value = cells[col] if col < len(cells) else None
        if isinstance(value, datetime) and (value.hour or value.minute):
            return True
        if isinstance(value, str) and ":" in value:
            return True
    return False


def _dates(resolved: Resolved, keys: dict[str, Target], today: date, out: Checked) -> None:
    """Columns of text dates that mix day-first and month-first: every doubtful date listed, the column blocked."""
    date_columns = [c for c, m in resolved.columns.items() if m.target.startswith((COURSE, NEW_COURSE))
                    or (m.target in keys and keys[m.target].kind in _DATE_KINDS)]
    for col in date_columns:
        column = resolved.columns[col]
        if column.date_order == MONTH_FIRST or column.dates_confirmed:
            continue
        seen: dict[str, tuple[int, str]] = {}
        doubtful: list[AmbiguousDate] = []
        for row, cells in data_rows(resolved.table, resolved.sheet.header_row):
            value = cells[col] if col < len(cells) else None
            if not isinstance(value, str) or is_blank(value):
                continue
            text = read_label(value)
            order = order_of(text)
            if order in ("day", "month"):
                seen.setdefault(order, (row, text))
            elif order == "either" and (both := both_readings(text, today)) is not None:
                doubtful.append(AmbiguousDate(resolved.table.sheet, row, resolved.name(col), text, *both))
        if "month" in seen and "day" not in seen:
            mrow, mtext = seen["month"]
            out.ambiguous += doubtful
            either = (f"; {len(doubtful)} date{'s' if len(doubtful) != 1 else ''} that could be either way "
                      f"{'are' if len(doubtful) != 1 else 'is'} listed" if doubtful else "")
            out.blocked.append(
                f"Sheet '{resolved.table.sheet}', column '{resolved.name(col)}' looks month-first: '{mtext}' (row "
                f"{mrow}) can only be month-first and no date in it can only be day-first{either}. Read the column "
                "month-first (\"date_order\": \"month-first\"), or check the dates and confirm it as read day-first "
                "(\"dates_confirmed\": true).")
        if "day" in seen and "month" in seen:
            (drow, dtext), (mrow, mtext) = seen["day"], seen["month"]
            out.ambiguous += doubtful
            out.blocked.append(
                f"Sheet '{resolved.table.sheet}', column '{resolved.name(col)}' mixes date orders: '{dtext}' (row "
                f"{drow}) can only be day-first and '{mtext}' (row {mrow}) only month-first, so "
                f"{len(doubtful)} date{'s' if len(doubtful) != 1 else ''} that could be either way are listed. Check "
                "them, then confirm the column as read day-first (\"dates_confirmed\": true) or read it month-first "
                "(\"date_order\": \"month-first\").")

