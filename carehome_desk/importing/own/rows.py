"""Turning a mapped sheet's rows into the template specs' rows (Staff, DBS, Training, Incidents), so the
existing planners match, check and plan them. Cells the engine must read itself (text dates in the
column's order, a matrix cell's words, a name as 'Smith, Jane') are read here; a cell that cannot
be read is an error at the manager's row and column, and its record is left out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from carehome_desk.importing.incidents_sheets import INCIDENTS
from carehome_desk.importing.own.cells import MatrixCell, Word, read_matrix_cell, read_own_date
from carehome_desk.importing.own.mapping import DAY_FIRST, EXPIRY, NOT_RECORDED, Layout, Mapping
from carehome_desk.importing.own.resolve import CourseColumn, Resolved
from carehome_desk.importing.own.sheet import data_rows
from carehome_desk.importing.own.targets import ROLE_WORDS, TYPE_WORDS, fields_for
from carehome_desk.importing.own.tables import CellValue
from carehome_desk.importing.result import ImportResult, RowError
from carehome_desk.importing.sheet_spec import Kind, SheetSpec
from carehome_desk.importing.text import CellError, is_blank, read_label
from carehome_desk.importing.values import word_key
from carehome_desk.importing.workbook import DrainingRows, SheetRows
from carehome_desk.importing.workforce_sheets import DBS, STAFF, TRAINING
from carehome_desk.models.calendar_math import add_months
from carehome_desk.models.staff import Contract

_DATE_TIME = re.compile(r"^(?P<date>.+?)(?:\s*,\s*|\s+|T)(?:at\s+)?(?P<time>\d{1,2}\s*[:.]\s*\d{2}.*)$", re.IGNORECASE)
_NAME_PARTS = ("staff_ref", "full_name", "first_name", "surname")


@dataclass
class Planned:
    """Rows for one planner call, and where each spec field came from in the manager's sheet."""

    rows: SheetRows
    sheet: str  # the manager's sheet
    columns: dict[str, str]  # spec field -> the manager's column header
    defaulted: set[str] = field(default_factory=set)  # spec fields given by the map's defaults


@dataclass
class Built:
    """Everything one mapped sheet turned into."""

    staff: Planned | None = None
    dbs: Planned | None = None
    training: list[Planned] = field(default_factory=list)
    incidents: Planned | None = None
    words: Counter[Word] = field(default_factory=Counter)
    months: list[tuple[int, str, str]] = field(default_factory=list)  # row, column, text
    expiry: dict[str, tuple[int, int]] = field(default_factory=dict)  # column -> (dates, months before)


def _rows(spec: SheetSpec, resolved: Resolved) -> SheetRows:
    return SheetRows(spec=spec, title=resolved.table.sheet, header_row=resolved.sheet.header_row, found={},
                     rows=DrainingRows(), notes=[])


def full_name(text: str) -> str:
    """A name as the register keeps it: 'Smith, Jane' -> 'Jane Smith'."""
    name = " ".join(text.split())
    if name.count(",") == 1 and not re.search(r"\d", name):
        surname, first = (p.strip() for p in name.split(","))
        if surname and first:
            return f"{first} {surname}"
    return name


_CONTRACTS = sorted(((word_key(c.label), c.label) for c in Contract), key=lambda c: -len(c[0]))


def _contract(text: str) -> str:
    """A contract as the choice it starts with ('Permanent, 37.5 hrs' -> 'Permanent'), else as written."""
    key = word_key(text)
    return next((label for start, label in _CONTRACTS if key.startswith(start)), text)


class Builder:
    """Reads one mapped sheet's cells into spec rows; errors go straight into the result."""

    def __init__(self, resolved: Resolved, mapping: Mapping, today: date, result: ImportResult,
                 child_refs: Callable[[str, date | None], str] = lambda text, day: text,
                 on_register: Callable[[str, str], bool] = lambda ref, name: False):
        self.r, self.mapping, self.today, self.result = resolved, mapping, today, result
        self.child_refs = child_refs
        self.row_day: date | None = None  # the incident row's date, for whose initials a cell's are
        self.on_register = on_register  # (staff ref, name) -> already on the staff register
        self.kinds = {f.target.key: f.target.kind for f in fields_for(mapping.layout)}
        self.out = Built()

    def _error(self, row: int, col: int | None, message: str) -> None:
        self.result.errors.append(RowError(self.r.table.sheet, row, self.r.name(col) if col is not None else None,
                                           message))

    def _header(self, key: str) -> str:
        col = self.r.fields.get(key)
        return self.r.name(col) if col is not None else ""

    def _value(self, key: str, cells: list[CellValue], row: int) -> object:
        """A field's value in one row (None when blank), text dates read in the column's order; CellError if bad."""
        col = self.r.fields.get(key)
        if col is None:
            raw: object = self.mapping.defaults.get(key)
            order = DAY_FIRST
            if isinstance(raw, str) and " ".join(raw.lower().split()) == NOT_RECORDED:
                return None  # a yes/no field left unrecorded for every row
        else:
            raw = cells[col] if col < len(cells) else None
            order = self.r.columns[col].date_order
        if is_blank(raw):
            return None
        kind = self.kinds.get(key)
        if key == "role" and isinstance(raw, str):
            return ROLE_WORDS.get(word_key(raw), raw)
        if key == "contract" and isinstance(raw, str):
            return _contract(raw)
        if key == "type" and isinstance(raw, str):
            return TYPE_WORDS.get(word_key(raw), raw)
        if key == "children" and isinstance(raw, str):
            return self.child_refs(raw, self.row_day)
        if kind in (Kind.DATE, Kind.MONTH_DATE):
            return read_own_date(raw, order, self.today, month_is_enough=kind is Kind.MONTH_DATE)
        return raw

    def _values(self, row: int, cells: list[CellValue], keys: list[str]) -> dict[str, object] | None:
        values: dict[str, object] = {}
        ok = True
        for key in keys:
            try:
                value = self._value(key, cells, row)
            except CellError as exc:
                self._error(row, self.r.fields.get(key), str(exc))
                ok = False
                continue
            if value is not None:
                values[key] = value
        return values if ok else None

    def _name(self, cells: list[CellValue]) -> tuple[str, str]:
        """(staff ref, full name) of a row, '' for what is not given."""
        def text(key: str) -> str:
            col = self.r.fields.get(key)
            value = cells[col] if col is not None and col < len(cells) else None
            return "" if is_blank(value) else read_label(value)
        name = full_name(text("full_name")) if text("full_name") else " ".join(
            p for p in (text("first_name"), text("surname")) if p)
        return text("staff_ref"), name

    def _half_name(self, cells: list[CellValue]) -> str | None:
        """The name part left blank in a row that gives the other part (and no full name), else None."""
        if "full_name" in self.r.fields or not {"first_name", "surname"} <= set(self.r.fields):
            return None
        first, last = (is_blank(self._cell(cells, k)) for k in ("first_name", "surname"))
        return "first_name" if first and not last else "surname" if last and not first else None

    def _name_columns(self) -> dict[str, str]:
        name = self._header("full_name") or " + ".join(h for h in (self._header("first_name"),
                                                                    self._header("surname")) if h)
        return {"person_ref": self._header("staff_ref"), "person_name": name, "staff_ref": self._header("staff_ref"),
                "full_name": name}

    def _staff_keys(self) -> list[str]:
        wanted = {f.target.key for f in fields_for(self.mapping.layout) if f.spec is STAFF}
        return [k for k in wanted - set(_NAME_PARTS) if k in self.r.fields or k in self.mapping.defaults]

    def _staff_columns(self, keys: dict[str, str]) -> dict[str, str]:
        columns = self._name_columns()
        for key, spec_field in keys.items():
            if key in self.r.fields:
                columns[spec_field] = self._header(key)
        return columns

    def plans_staff(self) -> bool:
        """A matrix adds people not on the register only when it gives their role and start date."""
        if self.mapping.layout is Layout.STAFF:
            return True
        have = set(self.r.fields) | set(self.mapping.defaults)
        return {"role", "start_date"} <= have

    # ---- per layout ------------------------------------------------------------------------

    def build(self) -> Built:
        if self.mapping.layout is Layout.INCIDENTS:
            self._incidents()
        else:
            self._people()
        return self.out

    def _people(self) -> None:
        staff_keys = self._staff_keys() if self.plans_staff() else []
        dbs_keys = [f.target.key for f in fields_for(self.mapping.layout) if f.spec is DBS
                    and (f.target.key in self.r.fields or f.target.key in self.mapping.defaults)]
        dbs_fields = {f.target.key: f.field for f in fields_for(self.mapping.layout) if f.spec is DBS}
        staff = _rows(STAFF, self.r) if staff_keys else None
        dbs = _rows(DBS, self.r) if "dbs_number" in self.r.fields else None
        training = {c.index: _rows(TRAINING, self.r) for c in self.r.courses}
        pairs = self._pairs()
        for row, cells in data_rows(self.r.table, self.r.sheet.header_row, [c.index for c in self.r.courses]):
            ref, name = self._name(cells)
            courses = [c for c in self.r.courses if c.index < len(cells) and not is_blank(cells[c.index])]
            if not (ref or name) and not courses:
                continue  # a section heading, or a row naming nobody with nothing to import
            half = self._half_name(cells)
            if half is not None:
                self._error(row, self.r.fields[half], "this is blank, but the name is the first name and the "
                            "surname together.")
                for planned in ([STAFF.name] if staff is not None else []) + [TRAINING.name] * len(courses):
                    self.result.counts(planned).failed += 1
                continue
            person = {"person_ref": ref, "person_name": name}
            person = {k: v for k, v in person.items() if v}
            # A matrix adds people new to the register; it never changes (or doubles) someone already on it.
            if staff is not None and self.mapping.layout is not Layout.STAFF and self.on_register(ref, name):
                self.result.counts(STAFF.name).unchanged += 1  # kept as the register has them
            elif staff is not None:
                values = self._values(row, cells, staff_keys)
                if values is None:
                    self.result.counts(STAFF.name).failed += 1
                elif self.mapping.layout is Layout.STAFF or {"role", "start_date"} <= set(values):
                    # A matrix row without a role and start date only names someone already on the register.
                    values.update({k: v for k, v in (("staff_ref", ref), ("full_name", name)) if v})
                    staff.rows.append((row, values))
            if dbs is not None and not is_blank(self._cell(cells, "dbs_number")):
                values = self._values(row, cells, dbs_keys)
                if values is None:
                    self.result.counts(DBS.name).failed += 1
                else:
                    dbs.rows.append((row, {**person, **{dbs_fields[k]: v for k, v in values.items()}}))
            for column in courses:
                other = pairs.get(column.index)
                if other is None:
                    self._course_cell(row, cells[column.index], column, person, training[column.index])
                elif column.column.cells != EXPIRY:  # a completion date, with its expiry date beside it
                    self._course_cell(row, cells[column.index], column, person, training[column.index],
                                      (other, cells[other.index] if other.index < len(cells) else None))
                elif self._day(cells[other.index] if other.index < len(cells) else None, other) is None:
                    self._course_cell(row, cells[column.index], column, person, training[column.index])
        staff_fields = {k: k for k in staff_keys}
        if staff is not None:
            self.out.staff = Planned(staff, self.r.table.sheet, self._staff_columns(staff_fields),
                                     {k for k in staff_keys if k in self.mapping.defaults and k not in self.r.fields})
        if dbs is not None:
            self.out.dbs = Planned(dbs, self.r.table.sheet, {**self._name_columns(), **{
                dbs_fields[k]: self._header(k) for k in dbs_keys if k in self.r.fields}},
                {dbs_fields[k] for k in dbs_keys if k in self.mapping.defaults and k not in self.r.fields})
        for column in self.r.courses:
            head = self.r.name(column.index)
            other = pairs.get(column.index)
            expiry = self.r.name(other.index) if other is not None and column.column.cells != EXPIRY else head
            self.out.training.append(Planned(training[column.index], self.r.table.sheet, {
                **self._name_columns(), "course": head, "completed": head, "expiry_override": expiry}))

    def _pairs(self) -> dict[int, CourseColumn]:
        """A course's completion column and its expiry column, each -> the other (one record from the two)."""
        by_course: dict[str, dict[bool, CourseColumn]] = {}
        for column in self.r.courses:
            by_course.setdefault(column.course.name, {})[column.column.cells == EXPIRY] = column
        pairs: dict[int, CourseColumn] = {}
        for both in by_course.values():
            if len(both) == 2:
                pairs[both[False].index], pairs[both[True].index] = both[True], both[False]
        return pairs

    def _day(self, value: CellValue, column: CourseColumn) -> date | None:
        """A course cell's date, or None (blank, words, or not readable: told where the cell is read itself)."""
        if is_blank(value):
            return None
        try:
            return read_matrix_cell(value, column.column.date_order, self.today).day
        except CellError:
            return None

    def _cell(self, cells: list[CellValue], key: str) -> CellValue:
        col = self.r.fields.get(key)
        return cells[col] if col is not None and col < len(cells) else None

    def _course_cell(self, row: int, value: CellValue, column: CourseColumn, person: dict[str, str],
                     rows: SheetRows, expiry: tuple[CourseColumn, CellValue] | None = None) -> None:
        try:
            cell: MatrixCell = read_matrix_cell(value, column.column.date_order, self.today)
        except CellError as exc:
            self._error(row, column.index, str(exc))
            self.result.counts(TRAINING.name).failed += 1
            return
        if cell.word is not None or cell.day is None:
            if cell.word is not None:
                self.out.words[cell.word] += 1
            return
        if cell.month_only:
            self.out.months.append((row, self.r.name(column.index), read_label(value)))
        values: dict[str, object] = {**person, "course": column.course.name, "completed": cell.day}
        months = column.course.renewal_months
        if column.column.cells == EXPIRY and months is not None:
            completed = add_months(cell.day, -months)
            values["completed"] = completed
            if add_months(completed, months) != cell.day:
                values["expiry_override"] = cell.day
            count, _ = self.out.expiry.get(self.r.name(column.index), (0, months))
            self.out.expiry[self.r.name(column.index)] = (count + 1, months)
        elif expiry is not None and months is not None and not is_blank(expiry[1]):
            try:
                ends = read_matrix_cell(expiry[1], expiry[0].column.date_order, self.today).day
            except CellError as exc:
                self._error(row, expiry[0].index, str(exc))
                self.result.counts(TRAINING.name).failed += 1
                return
            if ends is not None and add_months(cell.day, months) != ends:
                values["expiry_override"] = ends
        rows.rows.append((row, values))

    def _incidents(self) -> None:
        keys = [f.target.key for f in fields_for(Layout.INCIDENTS)
                if f.target.key in self.r.fields or f.target.key in self.mapping.defaults]
        rows = _rows(INCIDENTS, self.r)
        for row, cells in data_rows(self.r.table, self.r.sheet.header_row):
            values = self._incident_values(row, cells, [k for k in keys if k != "date"])
            if values is None:
                self.result.counts(INCIDENTS.name).failed += 1
                continue
            if values:
                rows.rows.append((row, values))
        columns = {k: self._header(k) for k in keys if k in self.r.fields}
        if "time" not in self.r.fields and "date" in self.r.fields:
            columns["time"] = self._header("date")  # the time is read from the date cell
        self.out.incidents = Planned(rows, self.r.table.sheet, columns,
                                     {k for k in keys if k in self.mapping.defaults and k not in self.r.fields})

    def _incident_values(self, row: int, cells: list[CellValue], keys: list[str]) -> dict[str, object] | None:
        """An incident row's values, with a date and time given in one cell split into the two fields."""
        raw = self._cell(cells, "date") if "date" in self.r.fields else self.mapping.defaults.get("date")
        col = self.r.fields.get("date")
        order = self.r.columns[col].date_order if col is not None else DAY_FIRST
        clock: object = None
        if isinstance(raw, datetime) and (raw.hour or raw.minute or raw.second):
            clock = raw.time()
        elif isinstance(raw, str) and (match := _DATE_TIME.match(raw.strip())):
            raw, clock = match.group("date"), match.group("time")
        day: date | None = None
        problem: CellError | None = None
        if not is_blank(raw):
            try:
                day = read_own_date(raw, order, self.today)
            except CellError as exc:
                problem = exc
        self.row_day = day
        values = self._values(row, cells, keys)
        if values is None or is_blank(raw):
            return values
        if problem is not None or day is None:
            self._error(row, col, str(problem))
            return None
        values["date"] = day
        clock_cell = values.get("time")
        if isinstance(clock_cell, datetime) and clock_cell.date() == day:  # a date-time shown as hh:mm
            values["time"] = clock_cell.time()
        if clock is not None and "time" not in values:
            values["time"] = clock
        return values
