"""What the mapping dialog shows and changes, without Qt: the choices for a column, its sample values,
its state in words, a sheet's columns from a chosen header row, and when the mapping was last used.

Kept apart from the widgets so each rule is a plain function of the mapping engine's values.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from carehome_desk.importing.own.mapping import COURSE, IGNORE, NEW_COURSE, ColumnMap, Layout, Mapping, SheetMap
from carehome_desk.importing.own.tables import CellValue, Merged, SourceFile, Table, column_letter

if TYPE_CHECKING:
    from carehome_desk.importing.own.engine import Target
    from carehome_desk.models.training import Course
    from carehome_desk.store import Store

#: How many rows of the file the preview shows.
PREVIEW_ROWS = 20
#: The key of the "Add as a new course" choice (the course takes the column's header as its name).
ADD_COURSE = "\x00new-course"

LAYOUT_HINTS = {
    Layout.MATRIX: "staff down the side, courses across the top",
    Layout.STAFF: "one row per person: names, roles, start dates, DBS",
    Layout.INCIDENTS: "one row per incident, in your own columns",
}


@dataclass(frozen=True)
class Choice:
    """One line of the "Imports as" list: a field, a course, a group heading, or Leave out."""

    key: str
    label: str
    heading: bool = False  # a group heading: shown, never chosen


def choices(layout: Layout, fields: Sequence[Target]) -> list[Choice]:
    """Leave out first, then the fields grouped as the engine groups them, then Add as a new course (a matrix)."""
    found = [Choice(IGNORE, "Leave out (not imported)")]
    group = None
    for target in fields:
        if target.group != group:
            group = target.group
            found.append(Choice(f"\x00group:{group}", f"— {group or 'Other'} —", heading=True))
        found.append(Choice(target.key, target.label + (" (needed)" if target.required else "")))
    if layout is Layout.MATRIX:
        found.append(Choice("\x00group:new", "— Not in the catalogue —", heading=True))
        found.append(Choice(ADD_COURSE, "Add as a new course"))
    return found


def choice_key(column: ColumnMap) -> str:
    """The Choice a column's target is shown as (every new course shows as Add as a new course)."""
    return ADD_COURSE if column.target.startswith(NEW_COURSE) else column.target


def target_label(column: ColumnMap, fields: Sequence[Target]) -> str:
    """What a column imports as, in words."""
    if column.target == IGNORE:
        return "Leave out"
    if column.target.startswith(NEW_COURSE):
        return f"New course: {column.target[len(NEW_COURSE):]}"
    found = next((t.label for t in fields if t.key == column.target), None)
    if found is not None:
        return found
    return f"Course: {column.target[len(COURSE):]}" if column.target.startswith(COURSE) else column.target


def column_state(column: ColumnMap, table: Table | None) -> str:
    """Whether a column is ready, in words (never colour alone)."""
    hidden = table is not None and column.index in table.hidden_columns
    if not column.confirmed:
        return "Guess: press Space to confirm"
    if column.target == IGNORE:
        return "Hidden in the file: left out" if hidden else "Left out"
    return "Confirmed (hidden in the file)" if hidden else "Confirmed"


def cell_text(value: CellValue) -> str:
    """A cell as the manager sees it in the file (dates DD/MM/YYYY, whole numbers without .0)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != time(0) else value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def samples(table: Table, header_row: int, col: int, count: int = 3) -> str:
    """The first few filled cells of the data rows (totals and blank rows skipped, as the import skips them)."""
    from carehome_desk.importing.own.sheet import data_rows

    found: list[str] = []
    for _number, cells in data_rows(table, header_row):
        text = cell_text(cells[col] if col < len(cells) else None).strip()
        if text:
            found.append(text if len(text) <= 24 else text[:23] + "…")
            if len(found) == count:
                break
    return "; ".join(found)


def header_text(table: Table, header_row: int, col: int) -> str:
    return cell_text(table.cell(header_row - 1, col)).strip()


def from_row(table: Table, header_row: int) -> Table:
    """The table from its header row down: the rows above (titles, group headings) left off, so the
    engine finds the header where the manager put it."""
    skip = header_row - 1
    return replace(
        table,
        rows=table.rows[skip:],
        merged=[Merged(m.first_row - skip, m.first_col, m.last_row - skip, m.last_col)
                for m in table.merged if m.first_row >= skip],
        hidden_rows={r - skip for r in table.hidden_rows if r >= skip},
        fills={(r - skip, c): v for (r, c), v in table.fills.items() if r >= skip},
    )


def sheet_map_at(source: SourceFile, table: Table, layout: Layout, courses: Sequence[Course],
                 header_row: int) -> SheetMap:
    """A sheet's columns as the engine suggests them, read from the header row the manager chose."""
    from carehome_desk.importing.own.engine import suggest

    trimmed = from_row(table, header_row)
    suggested = suggest(replace(source, tables=[trimmed]), layout, courses)
    found = next((s for s in suggested.sheets if s.sheet == table.sheet and s.header_row == 1), None)
    if found is not None:
        columns = found.columns
    else:  # the engine saw another header in what is left: offer the columns, all left out
        columns = [ColumnMap(header_text(table, header_row, c), c) for c in range(table.width)]
    return SheetMap(table.sheet, header_row, [replace(c) for c in columns])


def full_width(sheet: SheetMap, table: Table) -> SheetMap:
    """Every column of the sheet listed once (a remembered mapping may lack a column added since)."""
    have = {c.index for c in sheet.columns}
    extra = [ColumnMap(header_text(table, sheet.header_row, c), c) for c in range(table.width) if c not in have]
    sheet.columns = sorted([*sheet.columns, *extra], key=lambda c: c.index)
    return sheet


def missing_required(mapping: Mapping, fields: Sequence[Target], also: Collection[str] = ()) -> list[Target]:
    """Fields needed on every row that no column of any chosen sheet fills (a default can stand in): the
    required ones, and ``also`` (those the last check said were needed, a DBS certificate's barred list say)."""
    used = {c.target for s in mapping.sheets for c in s.columns}
    return [t for t in fields if (t.required or t.key in also or t.key in mapping.defaults) and t.key not in used]


_DEFAULT_KEY = re.compile(r'"defaults": \{"([a-z_]+)"')


def defaults_asked(blocked: Sequence[str]) -> set[str]:
    """The fields the engine's reasons ask a value for every row for."""
    return {m.group(1) for reason in blocked for m in _DEFAULT_KEY.finditer(reason)}


def set_new_course(column: ColumnMap, mapping: Mapping, name: str, renewal_months: int | None) -> None:
    """Send a column to a course added to the catalogue on import (its name and renewal remembered)."""
    old = column.target[len(NEW_COURSE):] if column.target.startswith(NEW_COURSE) else None
    column.target = NEW_COURSE + name
    column.confirmed = True
    if old is not None and old != name and not any(
            c.target == NEW_COURSE + old for s in mapping.sheets for c in s.columns):
        mapping.new_courses.pop(old, None)
    mapping.new_courses[name] = renewal_months


_FILE_KEYS = re.compile(r' \((?:target )?"[^()]*\)')


def for_window(text: str) -> str:
    """An engine message without the map file's keys (written for the command line): ' ("confirmed": true)', and
    naming the window's own tab for the things to do before importing."""
    return (_FILE_KEYS.sub("", text).replace(" in 'defaults'", " on the Columns step, below the list")
            .replace("'Not ready to import yet'", "'To do first'"))


def remembered_on(store: Store, key: str) -> date | None:
    """When the mapping for this layout was last saved (the settings audit says), or None."""
    entries = store.audit.entries(table="settings", record_id=f"import_layout:{key}", limit=1)
    return entries[0].at.date() if entries else None
