"""The header row, the data rows and the columns' kinds of a manager's own sheet, at their edges."""

from __future__ import annotations

from datetime import date, time

from carehome_desk.importing.own.engine import column_kinds, find_header_row
from carehome_desk.importing.own.mapping import Layout
from carehome_desk.importing.own.sheet import colour_name, data_rows, is_summary
from carehome_desk.importing.own.tables import CellValue, Merged, Table

STAFF_HEADER: list[CellValue] = ["Surname", "First name", "DOB", "Start date"]


def _below(blank_rows: int, header: list[CellValue]) -> Table:
    rows: list[list[CellValue]] = [["Staff list"]]
    rows += [[] for _ in range(blank_rows)]
    return Table("Staff", rows + [list(header), ["Smith", "Jane", date(1990, 1, 2), "03/03/2021"]])


def test_the_header_row_is_found_as_low_as_row_30_and_no_lower() -> None:
    assert find_header_row(_below(28, STAFF_HEADER), Layout.STAFF) == 30
    assert find_header_row(_below(29, STAFF_HEADER), Layout.STAFF) == 1  # row 31: not looked at


def test_a_merged_title_and_a_group_row_above_are_passed_over() -> None:
    table = Table("Staff", [["Oak Lodge staff", None, None, None], ["Personal", None, "Dates", None],
                            list(STAFF_HEADER), ["Smith", "Jane", date(1990, 1, 2), "03/03/2021"]],
                  merged=[Merged(0, 0, 0, 3), Merged(1, 0, 1, 1), Merged(1, 2, 1, 3)])
    assert find_header_row(table, Layout.STAFF) == 3


def test_a_row_of_dates_is_never_the_header_and_unknown_headers_fall_back_to_short_text() -> None:
    table = Table("Log", [["03/04/2025", "04/04/2025", "Surname"], ["Colour", "Shape", "Size"], ["red", "round", 3]])
    assert find_header_row(table, Layout.STAFF) == 2


def test_summary_rows_are_totals_compliance_and_percentages_but_not_people() -> None:
    assert is_summary(["Total", None, 3])
    assert is_summary(["Grand total", 3])
    assert is_summary(["Compliance %", 0.75, 0.5])
    assert is_summary(["Count"])
    assert is_summary([None, "67%", "50%"])
    assert is_summary([None, 0.67, 0.5])
    assert not is_summary(["Count Dracula", "RCW"])
    assert not is_summary(["Totally Real", "RCW"])
    assert not is_summary([None, None])


def test_data_rows_skip_blank_and_summary_rows_and_keep_their_file_numbers() -> None:
    table = Table("M", [["Name", "Fire safety"], ["Jane Smith", "03/04/2025"], [None, "  "], ["Sam Brown", None],
                        ["Total", 1]])
    assert [n for n, _ in data_rows(table, 1)] == [2, 4]


def test_column_kinds_in_words() -> None:
    table = Table("M", [["Name", "Done", "Hours", "Fire", "Safeguarding", "Blank", "Time"],
                        ["Jane", "✓", 37.5, "03/04/2025", "booked 12/05", None, time(9, 30)],
                        ["Sam", "no", 30, date(2025, 4, 3), "Apr-25", None, time(10, 0)]])
    assert column_kinds(table, 1) == ["text", "ticks", "numbers", "dates", "dates and words", "empty", "times"]


def test_fill_colours_in_words() -> None:
    assert [colour_name(c) for c in ("FF0000", "FFC7CE", "00B050", "C6EFCE", "FFC000", "FFFFFF", "FFFFFE")] == [
        "red", "red", "green", "green", "amber", None, None]
