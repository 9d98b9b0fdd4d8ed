"""Mappings as map files (JSON, versioned, every mistake named by its key), layout keys, and mappings
remembered for a layout so next month's file imports in one click."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carehome_desk.importing.own.engine import import_own, remember_mapping, remembered_mapping, suggest
from carehome_desk.importing.own.mapping import (
    COURSE,
    EXPIRY,
    MONTH_FIRST,
    NEW_COURSE,
    ColumnMap,
    Layout,
    Mapping,
    MappingError,
    SheetMap,
    layout_key,
    mapping_from_json,
    mapping_to_json,
)
from carehome_desk.importing.own.tables import CellValue, SourceFile, Table
from carehome_desk.models.ids import HomeId
from carehome_desk.store import Store


def test_a_mapping_survives_its_map_file() -> None:
    mapping = Mapping(Layout.MATRIX, [SheetMap("April", 3, [
        ColumnMap("Name", 0, "full_name"),
        ColumnMap("Fire Safety Awareness", 4, COURSE + "Fire safety", date_order=MONTH_FIRST, dates_confirmed=True,
                  cells=EXPIRY, confirmed=False),
        ColumnMap("", 7)])], defaults={"role": "RCW"}, new_courses={"Sleep-in": None, "Lone working": 36})
    text = mapping_to_json(mapping)
    assert json.loads(text)["version"] == 1
    assert mapping_from_json(text) == mapping


@pytest.mark.parametrize(("text", "message"), [
    ("{", "the map file is not valid JSON (line 1, column 2: expecting property name enclosed in double quotes)."),
    ("[]", "'the file' must be a JSON object with 'version', 'layout' and 'sheets'."),
    ('{"layout": "matrix", "sheets": []}', "the map file has no 'version' (this version of carehome-desk writes 1)."),
    ('{"version": 2, "layout": "matrix", "sheets": []}', "'version' is 2, but this version of carehome-desk reads "
     "version 1 map files: save the map again with --save-map."),
    ('{"version": 1, "layout": "rota", "sheets": []}', "'layout' must be one of matrix, staff-list, incident-log."),
    ('{"version": 1, "layout": "matrix"}', "'sheets' must be a list of sheets."),
    ('{"version": 1, "layout": "matrix", "sheets": [{"sheet": "A", "header_row": 0}]}',
     "'sheets[0].header_row' must be a row number, 1 or more (1 is the first row)."),
    ('{"version": 1, "layout": "matrix", "sheets": [{"sheet": 3, "header_row": 1}]}',
     "'sheets[0].sheet' must be the sheet's name as text."),
    ('{"version": 1, "layout": "matrix", "sheets": [{"sheet": "A", "header_row": 1, "columns": [{"index": 0}, '
     '{"index": 1, "target": "course: "}]}]}', "'sheets[0].columns[1].target' is 'course: ': name the course after "
     "'course:'."),
    ('{"version": 1, "layout": "matrix", "sheets": [{"sheet": "A", "header_row": 1, "columns": [{"index": -1}]}]}',
     "'sheets[0].columns[0].index' must be the column's position, 0 or more (0 is column A)."),
    ('{"version": 1, "layout": "matrix", "sheets": [{"sheet": "A", "header_row": 1, "columns": [{"index": 0, '
     '"date_order": "us"}]}]}', "'sheets[0].columns[0].date_order' must be 'day-first' or 'month-first'."),
    ('{"version": 1, "layout": "matrix", "sheets": [{"sheet": "A", "header_row": 1, "columns": [{"index": 0, '
     '"confirmed": "yes"}]}]}', "'sheets[0].columns[0].confirmed' must be true or false."),
    ('{"version": 1, "layout": "matrix", "sheets": [], "defaults": {"role": 3}}',
     "'defaults.role' must be text, as it would be typed in a cell."),
    ('{"version": 1, "layout": "matrix", "sheets": [], "new_courses": {"Sleep-in": 200}}',
     "'new_courses.Sleep-in' must be from 1 to 120 months, or null for never."),
])
def test_every_mistake_in_a_map_file_is_one_sentence_naming_its_key(text: str, message: str) -> None:
    with pytest.raises(MappingError) as caught:
        mapping_from_json(text)
    assert str(caught.value) == message


def _matrix(header: list[CellValue], sheet: str = "April 2025") -> Table:
    row: list[CellValue] = ["Jane Smith", "RCW", "03/03/2025", "03/04/2025", "03/04/2025", "03/04/2025"]
    return Table(sheet, [["Training matrix"], header, row])


def test_the_layout_key_ignores_column_order_but_not_the_courses_the_fields_or_the_home() -> None:
    april = _matrix(["Name", "Role", "Start date", "Fire safety", "Prevent", "First aid"])
    may = _matrix(["Role", "Name", "Start date", "Prevent", "Fire safety", "First aid"], "May 2025")
    june = _matrix(["Role", "Name", "Start date", "Prevent", "Fire safety", "First aid", "Sleep-in"], "June 2025")
    staff = _matrix(["Name", "Role", "DBS No.", "Fire safety"])
    assert layout_key(april, 2) == layout_key(may, 2)
    assert layout_key(april, 2) != layout_key(june, 2)  # a course added: mapped afresh, not fitted unseen
    assert layout_key(april, 2) != layout_key(staff, 2)
    assert layout_key(april, 2, HomeId(1)) != layout_key(april, 2, HomeId(2))
    assert layout_key(april, 2).startswith("v2-") and len("import_layout:" + layout_key(april, 2)) <= 64
    assert layout_key(april, 1) != layout_key(april, 2)  # the title row is not this layout


def test_a_remembered_mapping_fits_next_months_file(store: Store, home_id: HomeId) -> None:
    april = SourceFile(Path("april.xlsx"), "xlsx", [_matrix(["Name", "Role", "Start date", "Fire Safety Awareness",
                                                             "Prevent", "Sleep-in"])])
    assert remembered_mapping(store, april, Layout.MATRIX, home_id) is None
    mapping = suggest(april, Layout.MATRIX, store.workforce.courses())
    for column in mapping.sheets[0].columns:
        column.confirmed = True
    mapping.new_courses = {"Sleep-in": 24}
    result = import_own(store, home_id, april, mapping)
    assert result.written
    before = len(store.audit.entries(table="settings"))
    remember_mapping(store, april, mapping, home_id)
    assert len(store.audit.entries(table="settings")) == before + 1
    remember_mapping(store, april, mapping, home_id)  # unchanged: no second write
    assert len(store.audit.entries(table="settings")) == before + 1

    may = SourceFile(Path("may.xlsx"), "xlsx", [_matrix(["Role", "Name", "Start date", "Prevent",
                                                         "Fire Safety Awareness", "Sleep-in"], "May 2025")])
    fitted = remembered_mapping(store, may, Layout.MATRIX, home_id)
    assert fitted is not None
    assert fitted.sheets[0].sheet == "May 2025"
    got = [(c.header, c.index, c.target, c.confirmed) for c in fitted.sheets[0].columns]
    assert got == [("Role", 0, "role", True), ("Name", 1, "full_name", True), ("Start date", 2, "start_date", True),
                   ("Prevent", 3, COURSE + "Prevent", True),
                   ("Fire Safety Awareness", 4, COURSE + "Fire safety", True),  # confirmed last month
                   ("Sleep-in", 5, NEW_COURSE + "Sleep-in", True)]
    assert fitted.new_courses == {"Sleep-in": 24}
    assert remembered_mapping(store, may, Layout.STAFF, home_id) is None  # remembered for a matrix only
    again = import_own(store, home_id, may, fitted)
    assert again.blocked == []
    assert [c.name for c in store.workforce.courses()].count("Sleep-in") == 1
    june = SourceFile(Path("june.xlsx"), "xlsx", [_matrix(["Role", "Name", "Start date", "Prevent",
                                                           "Fire Safety Awareness", "Sleep-in", "First Aid at Work"],
                                                          "June 2025")])
    assert remembered_mapping(store, june, Layout.MATRIX, home_id) is None  # a new course: mapped afresh


def test_a_remembered_mapping_is_kept_as_json_under_its_layout_key(store: Store) -> None:
    table = _matrix(["Name", "Role", "Start date", "Fire safety"])
    source = SourceFile(Path("t.csv"), "csv", [table])
    mapping = suggest(source, Layout.MATRIX, store.workforce.courses())
    remember_mapping(store, source, mapping)
    stored = store.settings.import_layout(layout_key(table, 2))
    assert isinstance(stored, dict) and list(stored) == ["matrix"]
    assert mapping_from_json(json.dumps(stored["matrix"])) == mapping
    as_staff = suggest(source, Layout.STAFF, store.workforce.courses())  # the same headers, as a staff list
    remember_mapping(store, source, as_staff)
    assert remembered_mapping(store, source, Layout.MATRIX) == mapping
    assert remembered_mapping(store, source, Layout.STAFF) == as_staff
