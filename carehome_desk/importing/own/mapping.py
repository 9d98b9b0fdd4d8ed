"""How a manager's own sheet maps onto the app's records: which row is the header, and which column
is which field. Kept as JSON, so the command line can take it as a file (``--map MAP.json``) and
the window can remember it for the file's layout (next month's file imports in one click).

Columns are found by their header text first and their position second, so a column moved or a
new course added next month does not send dates into the wrong course.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class MappingError(ValueError):
    """A mapping file that cannot be used, in one plain sentence (which key, what is wrong)."""


class Layout(Enum):
    """What kind of sheet it is."""

    MATRIX = "matrix"  # a training matrix: staff down the side, courses across the top
    STAFF = "staff-list"  # one row per person
    INCIDENTS = "incident-log"  # one row per incident

    @property
    def label(self) -> str:
        return {"matrix": "Training matrix", "staff-list": "Staff list", "incident-log": "Incident log"}[self.value]


#: ColumnMap.target for a column left out.
IGNORE = ""
#: ColumnMap.target prefixes for a training matrix's course columns.
COURSE = "course:"  # 'course:Fire safety': cells are dates for that catalogue course
NEW_COURSE = "new-course:"  # 'new-course:Sleep-in awareness': add the course to the catalogue, then import

DAY_FIRST = "day-first"
MONTH_FIRST = "month-first"
COMPLETED = "completed"
EXPIRY = "expiry"


@dataclass
class ColumnMap:
    """One column of the file and where its cells go."""

    header: str  # the header cell's text as in the file ('' when the column has no header)
    index: int  # 0-based position in the file; used when the header is blank or given twice
    target: str = IGNORE  # a field key (see engine.targets), COURSE/NEW_COURSE + name, or IGNORE
    date_order: str = DAY_FIRST  # MONTH_FIRST when the manager says the column is in US order
    dates_confirmed: bool = False  # the manager has confirmed a column that mixes orders, as read
    cells: str = COMPLETED  # matrix course columns: cells hold the completion date, or the EXPIRY date
    confirmed: bool = True  # False for a guess (a course matched by a similar name) the manager must confirm


@dataclass
class SheetMap:
    """One sheet to import, its header row, and its columns."""

    sheet: str
    header_row: int  # 1-based, as the spreadsheet numbers it
    columns: list[ColumnMap] = field(default_factory=list)


@dataclass
class Mapping:
    """Everything needed to import a file of one layout again without asking."""

    layout: Layout
    sheets: list[SheetMap] = field(default_factory=list)
    #: A value for every row where the file has no column, as the manager would type it in a cell:
    #: {'role': 'Residential worker', 'barred_list_children': 'yes'}.
    defaults: dict[str, str] = field(default_factory=dict)
    #: Courses to add to the catalogue before importing: name -> renewal months (None: never renewed).
    new_courses: dict[str, int | None] = field(default_factory=dict)


#: The answers a yes/no field's value for every row may take, in the dialog's choice and in the map file:
#: ``not recorded`` leaves the field blank in every row (a row that needs it then says so).
TICK_DEFAULTS = ("yes", "no", "not recorded")
NOT_RECORDED = "not recorded"


def tick_default_problem(label: str, value: str) -> str | None:
    """Why ``value`` cannot be a yes/no field's value for every row (None when it is one of TICK_DEFAULTS)."""
    if " ".join(value.lower().split()) in TICK_DEFAULTS:
        return None
    return (f"'defaults' gives {label} as '{value}' for every row: it must be yes, no or not recorded "
            "(the one thing true of everyone in the file).")


# ---- as a file ---------------------------------------------------------------------------

#: The map file's format version; a file written by a later version is refused, not misread.
VERSION = 1
_ORDERS = (DAY_FIRST, MONTH_FIRST)
_CELLS = (COMPLETED, EXPIRY)


def mapping_to_json(m: Mapping) -> str:
    """The mapping as a JSON map file a manager can read, edit and pass back with --map."""
    import json

    data = {
        "version": VERSION,
        "layout": m.layout.value,
        "sheets": [{"sheet": s.sheet, "header_row": s.header_row, "columns": [
            {"header": c.header, "index": c.index, "target": c.target, "confirmed": c.confirmed,
             "date_order": c.date_order, "dates_confirmed": c.dates_confirmed, "cells": c.cells}
            for c in s.columns]} for s in m.sheets],
        "defaults": dict(m.defaults),
        "new_courses": dict(m.new_courses),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _bad(where: str, what: str) -> MappingError:
    return MappingError(f"'{where}' must be {what}.")


def _dict(value: object, where: str, what: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise _bad(where, what)
    return value


def _list(value: object, where: str, what: str) -> list[object]:
    if not isinstance(value, list):
        raise _bad(where, what)
    return value


def _str(value: object, where: str, what: str) -> str:
    if not isinstance(value, str):
        raise _bad(where, what)
    return value


def _int(value: object, where: str, what: str, least: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < least:
        raise _bad(where, what)
    return value


def _bool(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise _bad(where, "true or false")
    return value


def mapping_from_json(text: str) -> Mapping:
    """A mapping from a map file's text; MappingError names the key for anything wrong."""
    import json

    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MappingError(f"the map file is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                           f"{exc.msg.lower()}).") from None
    data = _dict(parsed, "the file", "a JSON object with 'version', 'layout' and 'sheets'")
    if "version" not in data:
        raise MappingError(f"the map file has no 'version' (this version of carehome-desk writes {VERSION}).")
    version = _int(data["version"], "version", "a whole number", 0)
    if version != VERSION:
        raise MappingError(f"'version' is {version}, but this version of carehome-desk reads version {VERSION} map "
                           "files: save the map again with --save-map.")
    layouts = {layout.value: layout for layout in Layout}
    layout = data.get("layout")
    if not isinstance(layout, str) or layout not in layouts:
        raise MappingError(f"'layout' must be one of {', '.join(layouts)}.")
    sheets: list[SheetMap] = []
    for n, item in enumerate(_list(data.get("sheets"), "sheets", "a list of sheets")):
        where = f"sheets[{n}]"
        sheet = _dict(item, where, "an object with 'sheet', 'header_row' and 'columns'")
        name = _str(sheet.get("sheet"), f"{where}.sheet", "the sheet's name as text")
        row = _int(sheet.get("header_row"), f"{where}.header_row", "a row number, 1 or more (1 is the first row)", 1)
        columns = [_column(c, f"{where}.columns[{i}]")
                   for i, c in enumerate(_list(sheet.get("columns", []), f"{where}.columns", "a list of columns"))]
        sheets.append(SheetMap(name, row, columns))
    defaults: dict[str, str] = {}
    for key, value in _dict(data.get("defaults", {}), "defaults", "an object of field: value").items():
        defaults[key] = _str(value, f"defaults.{key}", "text, as it would be typed in a cell")
    new_courses: dict[str, int | None] = {}
    for key, value in _dict(data.get("new_courses", {}), "new_courses", "an object of course name: months").items():
        if value is None:
            new_courses[key] = None
            continue
        months = _int(value, f"new_courses.{key}", "how many months until it is renewed (1 to 120), or null for never",
                      1)
        if months > 120:
            raise _bad(f"new_courses.{key}", "from 1 to 120 months, or null for never")
        new_courses[key] = months
    return Mapping(layouts[layout], sheets, defaults, new_courses)


def _column(item: object, where: str) -> ColumnMap:
    column = _dict(item, where, "an object with 'header', 'index' and 'target'")
    header = _str(column.get("header", ""), f"{where}.header", "the header's text")
    index = _int(column.get("index"), f"{where}.index", "the column's position, 0 or more (0 is column A)", 0)
    target = _str(column.get("target", IGNORE), f"{where}.target", "a field, 'course:NAME', 'new-course:NAME', or "
                  "\"\" to leave the column out")
    for prefix in (COURSE, NEW_COURSE):
        if target.startswith(prefix) and not target[len(prefix):].strip():
            raise MappingError(f"'{where}.target' is '{target}': name the course after '{prefix}'.")
    order = column.get("date_order", DAY_FIRST)
    if order not in _ORDERS:
        raise _bad(f"{where}.date_order", f"'{DAY_FIRST}' or '{MONTH_FIRST}'")
    cells = column.get("cells", COMPLETED)
    if cells not in _CELLS:
        raise _bad(f"{where}.cells", f"'{COMPLETED}' or '{EXPIRY}'")
    return ColumnMap(header, index, target, str(order), _bool(column.get("dates_confirmed", False),
                                                             f"{where}.dates_confirmed"),
                     str(cells), _bool(column.get("confirmed", True), f"{where}.confirmed"))


def layout_key(table: object, header_row: int, home_id: object = None) -> str:
    """A fingerprint of a sheet's layout in one home, the same for next month's file of the same shape.

    Built from every header cell (field and course headers alike), reduced to letters and digits, as a
    set, and the home's id when given: column order and blank headers do not change it, but a course
    column added or renamed does (the file is then mapped afresh), and another home's file of the same
    headers never takes this home's mapping. The remembered mapping is then matched to this month's
    columns by header text, so a moved column still lands where it should.
    """
    import hashlib

    from carehome_desk.importing.own.sheet import header_cells
    from carehome_desk.importing.own.tables import Table
    from carehome_desk.importing.workbook import header_key

    assert isinstance(table, Table)
    keys = sorted({header_key(h) for h in header_cells(table, header_row)} - {""})
    home = f"home={home_id}|" if home_id is not None else ""
    return "v2-" + hashlib.sha256((home + "|".join(keys)).encode()).hexdigest()[:32]
