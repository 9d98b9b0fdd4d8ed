"""The mapping dialog's plain rules: choices offered, cells shown as in the file, a header row moved,
a new course named, and the engine's messages without the map file's keys."""

from __future__ import annotations

from datetime import date, datetime, time

from carehome_desk.importing.own.engine import targets
from carehome_desk.importing.own.mapping import IGNORE, NEW_COURSE, ColumnMap, Layout, Mapping, SheetMap
from carehome_desk.importing.own.tables import Merged, Table
from carehome_desk.models.training import Course
from carehome_desk.ui.exports.own_import_logic import (
    ADD_COURSE,
    cell_text,
    choices,
    column_state,
    for_window,
    from_row,
    samples,
    set_new_course,
)

COURSES = [Course("Fire safety", 12), Course("First aid", 36)]


def test_leave_out_comes_first_then_grouped_fields_and_a_matrix_can_add_a_course() -> None:
    offered = choices(Layout.MATRIX, targets(Layout.MATRIX, COURSES))
    assert offered[0].key == IGNORE and offered[0].label == "Leave out (not imported)"
    assert offered[-1].key == ADD_COURSE
    keys = [c.key for c in offered if not c.heading]
    assert "course:Fire safety" in keys and "course:First aid" in keys
    headings = [c.label for c in offered if c.heading]
    assert len(headings) == len(set(headings))  # each group once: its fields sit together
    assert ADD_COURSE not in [c.key for c in choices(Layout.STAFF, targets(Layout.STAFF, COURSES))]


def test_cells_read_as_the_manager_typed_them() -> None:
    assert cell_text(date(2025, 4, 3)) == "03/04/2025"
    assert cell_text(datetime(2025, 4, 3, 14, 5)) == "03/04/2025 14:05"
    assert cell_text(datetime(2025, 4, 3)) == "03/04/2025"
    assert cell_text(time(9, 30)) == "09:30"
    assert cell_text(1001.0) == "1001" and cell_text(37.5) == "37.5"
    assert cell_text(None) == "" and cell_text(True) == "TRUE"


def test_a_later_header_row_leaves_the_rows_above_out_and_moves_what_is_kept() -> None:
    table = Table("Matrix", [["Title"], [None], ["Name", "Fire safety"], ["Ann", date(2025, 1, 2)]],
                  merged=[Merged(0, 0, 0, 1), Merged(3, 0, 3, 1)], hidden_rows={3}, fills={(3, 1): "FF0000",
                                                                                          (0, 0): "00FF00"})
    moved = from_row(table, 3)
    assert moved.rows == [["Name", "Fire safety"], ["Ann", date(2025, 1, 2)]]
    assert moved.merged == [Merged(1, 0, 1, 1)] and moved.hidden_rows == {1} and moved.fills == {(1, 1): "FF0000"}
    assert table.rows[0] == ["Title"]  # the sheet itself is untouched


def test_samples_skip_blank_and_totals_rows() -> None:
    table = Table("M", [["Name", "First aid"], ["Ann", date(2025, 1, 2)], [None, None], ["Bo", "booked 12/05"],
                        ["Compliance %", "75%"]])
    assert samples(table, 1, 1) == "02/01/2025; booked 12/05"


def test_a_guess_says_so_and_a_hidden_column_says_why_it_is_out() -> None:
    table = Table("M", [["Name", "Old"]], hidden_columns={1})
    assert column_state(ColumnMap("Fire", 0, "course:Fire safety", confirmed=False), table) == (
        "Guess: press Space to confirm")
    assert column_state(ColumnMap("Old", 1), table) == "Hidden in the file: left out"
    assert column_state(ColumnMap("Old", 1, "course:First aid"), table) == "Confirmed (hidden in the file)"


def test_renaming_a_new_course_forgets_the_old_name_and_keeps_its_renewal() -> None:
    column = ColumnMap("Sleep-in", 3, confirmed=False)
    mapping = Mapping(Layout.MATRIX, [SheetMap("M", 1, [column])])
    set_new_course(column, mapping, "Sleep-in", 12)
    set_new_course(column, mapping, "Sleep-in awareness", 24)
    assert column.target == NEW_COURSE + "Sleep-in awareness" and column.confirmed
    assert mapping.new_courses == {"Sleep-in awareness": 24}


def test_messages_lose_the_map_files_keys_but_keep_their_words() -> None:
    text = ("Sheet 'M', column 'X' would add the new course 'X' to the catalogue (renewed every year): confirm it "
            '("confirmed": true), map it to another course, or leave it out (target "").')
    assert for_window(text) == ("Sheet 'M', column 'X' would add the new course 'X' to the catalogue (renewed every "
                                "year): confirm it, map it to another course, or leave it out.")
    assert for_window("A plain sentence (with a note).") == "A plain sentence (with a note)."

