"""A first mapping for a manager's own file: each sheet's header row, and each column's field by its header.

Known headers ('Surname', 'DBS No.', 'Type of incident'…) map to their field; a training matrix's
course columns map to the catalogue course of the same name (confirmed), or of a similar name or
a known synonym ('Fire Safety Awareness' -> Fire safety: to be confirmed), or else, when the
column holds dates, to a new course (to be confirmed). Hidden columns are left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from carehome_desk.importing.own.mapping import COURSE, EXPIRY, NEW_COURSE, ColumnMap, Layout, Mapping, SheetMap
from carehome_desk.importing.own.sheet import column_kinds, find_header_row, header_cells
from carehome_desk.importing.own.tables import SourceFile, Table
from carehome_desk.importing.own.targets import header_index, match_course
from carehome_desk.importing.workbook import header_key
from carehome_desk.models.training import Course

NEW_COURSE_MONTHS = 12  # a new course's suggested renewal interval, for the manager to confirm or change
_DATES = ("dates", "dates and words")
_PEOPLE = {"full_name", "surname", "first_name", "staff_ref"}
_EXPIRY_WORDS = re.compile(r"expir|renew|\bdue\b|valid\s+(until|to|till)", re.IGNORECASE)


def is_expiry_header(header: str) -> bool:
    """Whether a course column's header says its cells are expiry dates ('Fire Safety (expiry)', 'Renewal due')."""
    return bool(_EXPIRY_WORDS.search(header))


def suggest_column(layout: Layout, courses: Sequence[Course], index: int, header: str, kind: str,
                   known: dict[str, str], used: set[str], hidden: bool = False) -> ColumnMap:
    """The suggested mapping of one column (``used``: fields already taken by columns to its left)."""
    column = ColumnMap(header, index)
    key = header_key(header)
    if hidden or not key:
        return column
    if key in known and known[key] not in used:
        used.add(known[key])
        column.target = known[key]
        return column
    if layout is Layout.MATRIX and kind not in ("numbers", "times"):
        course, exact = match_course(header, courses)
        if course is not None:
            column.target, column.confirmed = COURSE + course.name, exact
        elif kind in _DATES:
            column.target, column.confirmed = NEW_COURSE + " ".join(header.split()), False
        if column.target and is_expiry_header(header):
            column.cells, column.confirmed = EXPIRY, False  # read as expiry dates: the manager confirms it
    return column


def suggest_sheet(table: Table, layout: Layout, courses: Sequence[Course], header_row: int | None = None) -> SheetMap:
    """One sheet's suggested header row and column mapping."""
    row = header_row or find_header_row(table, layout, courses)
    known = header_index(layout)
    kinds = column_kinds(table, row)
    used: set[str] = set()
    columns = [suggest_column(layout, courses, i, head, kinds[i], known, used, i in table.hidden_columns)
               for i, head in enumerate(header_cells(table, row))]
    return SheetMap(table.sheet, row, columns)


def looks_like(sheet: SheetMap, layout: Layout) -> bool:
    """Whether a sheet's suggested mapping looks like this layout (so it is offered for import)."""
    targets = {c.target for c in sheet.columns if c.target}
    if layout is Layout.INCIDENTS:
        return len(targets & {"date", "type", "summary", "children", "time"}) >= 2
    has_person = bool(targets & _PEOPLE)
    if layout is Layout.MATRIX:
        return has_person and any(t.startswith((COURSE, NEW_COURSE)) for t in targets)
    return has_person and len(targets) >= 2


def suggest(source: SourceFile, layout: Layout, courses: Sequence[Course]) -> Mapping:
    """A mapping of every sheet that looks like the layout (else the first sheet with values), to review."""
    tables = [t for t in source.tables if not t.hidden_sheet and t.rows]
    suggested = [suggest_sheet(t, layout, courses) for t in tables]
    sheets = [s for s in suggested if looks_like(s, layout)] or suggested[:1]
    new_courses: dict[str, int | None] = {}
    for sheet in sheets:
        for column in sheet.columns:
            if column.target.startswith(NEW_COURSE):
                new_courses.setdefault(column.target[len(NEW_COURSE):], NEW_COURSE_MONTHS)
    return Mapping(layout, sheets, {}, new_courses)

