"""Remembering a mapping for a spreadsheet's layout, so next month's file of the same shape imports in
one click: kept in the settings table (audited like every setting) under ``import_layout:<layout_key>``,
as JSON by layout ({"matrix": <map file>, "staff-list": …}), so a staff list and a matrix whose
recognised headers are the same (Name, Role, Start date) each keep their own mapping.

A remembered mapping is fitted to the file in hand: each of this file's columns takes the mapping
of the remembered column with the same header (position breaks a tie), and a column the remembered
mapping never saw (a new course) gets the suggestion a new file would.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING

from carehome_desk.importing.own.mapping import (
    EXPIRY,
    MONTH_FIRST,
    NEW_COURSE,
    Layout,
    Mapping,
    MappingError,
    SheetMap,
    layout_key,
    mapping_from_json,
    mapping_to_json,
)
from carehome_desk.importing.own.resolve import find_column
from carehome_desk.importing.own.sheet import column_kinds, find_header_row, header_cells
from carehome_desk.importing.own.suggest import NEW_COURSE_MONTHS, suggest_column
from carehome_desk.importing.own.tables import SourceFile, Table
from carehome_desk.importing.own.targets import header_index
from carehome_desk.importing.workbook import header_key
from carehome_desk.models.changes import Changes
from carehome_desk.models.ids import HomeId
from carehome_desk.models.training import Course

if TYPE_CHECKING:
    from carehome_desk.store.store import Store


def remember_mapping(store: Store, source: SourceFile, mapping: Mapping, home_id: HomeId | None = None) -> Changes:
    """Keep the mapping for the layout of each of its sheets in this file (for this home, when given)."""
    tables = {t.sheet: t for t in source.tables}
    saved = json.loads(mapping_to_json(mapping))
    changes = Changes()
    keys = [layout_key(tables[s.sheet], s.header_row, home_id) for s in mapping.sheets if s.sheet in tables]
    for key in dict.fromkeys(keys):
        stored = store.settings.import_layout(key)
        value = {**(stored if isinstance(stored, dict) else {}), mapping.layout.value: saved}
        changes = changes | store.settings.set_import_layout(key, value)
    return changes


def remembered_mapping(store: Store, source: SourceFile, layout: Layout,
                       home_id: HomeId | None = None) -> Mapping | None:
    """The mapping remembered for this file's layout (in this home, when given), fitted to this file; None when
    none is remembered. Columns read as expiry dates or month-first come back unconfirmed, so the manager
    confirms them for this file rather than having them applied unseen."""
    courses = store.workforce.courses()
    for table in source.tables:
        if table.hidden_sheet or not table.rows:
            continue
        stored = store.settings.import_layout(layout_key(table, find_header_row(table, layout, courses), home_id))
        stored = stored.get(layout.value) if isinstance(stored, dict) else None
        if stored is None:
            continue
        try:
            remembered = mapping_from_json(json.dumps(stored))
        except MappingError:
            continue  # written by another version: suggest afresh
        if remembered.layout is layout:
            return _fitted(remembered, source, table, courses)
        continue  # remembered under another layout's name: not this one
    return None


def _fitted(remembered: Mapping, source: SourceFile, matched: Table, courses: list[Course]) -> Mapping:
    tables = {t.sheet: t for t in source.tables}
    sheets: list[SheetMap] = []
    named = {s.sheet for s in remembered.sheets}
    for sheet in remembered.sheets:
        # A sheet named for the month ('April 2025') is found by the layout it was remembered for: the one
        # matched, or an unclaimed sheet with the same headers. Not found, it stays as remembered, so the
        # import is held back ('the file has no sheet…') rather than importing part of the file.
        table = tables.get(sheet.sheet) or (matched if len(remembered.sheets) == 1 else None)
        if table is None:
            table = next((t for t in source.tables if t.sheet not in named and not t.hidden_sheet and t.rows
                          and all(s.sheet != t.sheet for s in sheets) and _same_headers(sheet, t)), None)
        if table is None:
            sheets.append(sheet)
        elif all(s.sheet != table.sheet for s in sheets):
            sheets.append(_fit_sheet(sheet, table, remembered.layout, courses))
    new_courses = dict(remembered.new_courses)
    for fitted in sheets:
        for column in fitted.columns:
            if column.target.startswith(NEW_COURSE):
                new_courses.setdefault(column.target[len(NEW_COURSE):], NEW_COURSE_MONTHS)
    return replace(remembered, sheets=sheets, new_courses=new_courses)


def _same_headers(sheet: SheetMap, table: Table) -> bool:
    """Whether a sheet's header row holds the remembered sheet's headers (in any order)."""
    wanted = {header_key(c.header) for c in sheet.columns} - {""}
    return bool(wanted) and wanted == {header_key(h) for h in header_cells(table, sheet.header_row)} - {""}


def _fit_sheet(sheet: SheetMap, table: Table, layout: Layout, courses: list[Course]) -> SheetMap:
    header_row = sheet.header_row
    headers = header_cells(table, header_row)
    found = {find_column(c, headers): c for c in sheet.columns}
    if not any(i is not None for i in found) and any(c.header for c in sheet.columns):
        header_row = find_header_row(table, layout, courses)  # the title above grew or shrank
        headers = header_cells(table, header_row)
        found = {find_column(c, headers): c for c in sheet.columns}
    kinds = column_kinds(table, header_row)
    known = header_index(layout)
    used = {c.target for i, c in found.items() if i is not None and c.target}
    columns = []
    for index, head in enumerate(headers):
        old = found.get(index)
        if old is not None:
            doubtful = old.target and (old.cells == EXPIRY or old.date_order == MONTH_FIRST)
            columns.append(replace(old, header=head, index=index, confirmed=old.confirmed and not doubtful))
        else:
            columns.append(suggest_column(layout, courses, index, head, kinds[index], known, used,
                                          index in table.hidden_columns))
    return SheetMap(table.sheet, header_row, columns)
