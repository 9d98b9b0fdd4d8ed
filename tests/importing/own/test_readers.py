"""read_source on the corpus of managers' own spreadsheets, in every format: what each cell reads as
(real date cells are dates, text dates stay text, whole numbers are ints), merged titles and group
headings, the hidden old course, the red/amber/green fills, every sheet in order, and CSV files in
the encodings and separators Excel writes."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from carehome_desk.importing.own.readers import CONDITIONAL_NOTE, XLS_NOTE, read_source
from carehome_desk.importing.own.tables import Merged, SourceFile, Table
from tests.importing.own import corpus as c

SPREADSHEETS = ("xlsx", "xlsm", "ods", "xls")
CSVS = {"csv": "Read as UTF-8 text, separated by commas.",
        "cp1252.csv": "Read as Windows-1252 text (older Excel), separated by semicolons."}


def read(tmp_path: Path, shape: str, fmt: str) -> SourceFile:
    return read_source(c.write(c.SHAPES[shape](), tmp_path, fmt))


@pytest.mark.parametrize("fmt", SPREADSHEETS)
def test_the_training_matrix_reads_cell_by_cell_in_every_spreadsheet_format(fmt: str, tmp_path: Path) -> None:
    source = read(tmp_path, "training_matrix", fmt)
    assert source.kind == fmt
    assert [(t.sheet, t.hidden_sheet) for t in source.tables] == [("Matrix", False), ("Bank staff", False),
                                                                  ("Lists", True)]
    matrix = source.tables[0]
    assert matrix.rows[0] == [c.TITLE]
    assert matrix.rows[1] == []
    assert matrix.rows[2] == [None, None, None, "Mandatory", None, None, None, "Specialist"]
    assert matrix.rows[3] == c.MATRIX_HEADER
    assert matrix.merged == [Merged(0, 0, 0, 9), Merged(2, 3, 2, 6), Merged(2, 7, 2, 9)]
    # real date cells are dates; text dates and words stay as the manager typed them
    assert matrix.rows[4] == ["Amira Khan", "RCW", date(2023, 9, 4), date(2025, 3, 3), "03/04/25",
                              date(2024, 11, 18), "booked 12/05", "\u2713", date(2024, 2, 1), date(2019, 6, 1)]
    assert matrix.rows[5][3:6] == ["3.4.2025", date(2024, 6, 20), "expired"]
    assert matrix.rows[6][3:5] == ["Apr-25", "April 2025"]
    assert matrix.rows[6][7] is None  # a blank cell inside the row
    assert matrix.rows[8][8] == "N/A" and matrix.rows[5][8] == "exempt"
    assert matrix.rows[12] == []  # the spacer row
    assert matrix.rows[13] == ["Compliance %", None, None, 0.75, 0.88, 0.63, 0.5, 0.63, 0.5, 0.5]
    assert len(matrix.rows) == 14
    assert matrix.hidden_columns == {c.OLD_COURSE_COLUMN}
    bank = source.tables[1]
    assert bank.rows[3] == c.MATRIX_HEADER
    assert bank.rows[6] == ["Kwame Asante", "Bank Senior", date(2022, 4, 25), date(2025, 5, 19), "May-25",
                            date(2024, 7, 1), date(2024, 7, 1), None, "exempt", date(2019, 6, 1)]
    assert bank.rows[8] == ["Compliance %", None, None, 0.67, 1, 0.67, 0.33, 0.33, 0, 0.33]
    assert bank.merged == matrix.merged and bank.hidden_columns == {c.OLD_COURSE_COLUMN}


@pytest.mark.parametrize("fmt", ["xlsx", "xlsm", "ods"])
def test_red_amber_and_green_fills_are_reported_where_they_are(fmt: str, tmp_path: Path) -> None:
    matrix = read(tmp_path, "training_matrix", fmt).tables[0]
    assert matrix.fills[(4, 3)] == c.GREEN  # Amira Khan's fire safety, a date
    assert matrix.fills[(5, 5)] == c.RED  # Ben Walsh's first aid: 'expired'
    assert matrix.fills[(4, 6)] == c.AMBER  # 'booked 12/05'
    assert matrix.fills[(11, 4)] == c.THEME_GREEN_RGB  # a theme colour, resolved
    assert (4, 4) not in matrix.fills  # a text date, not coloured
    assert len(matrix.fills) == len(c.training_matrix().sheets[0].fills)
    assert matrix.notes == []


def test_an_old_xls_file_says_its_colours_are_not_read(tmp_path: Path) -> None:
    source = read(tmp_path, "training_matrix", "xls")
    assert source.notes == [XLS_NOTE] == ["Cell colours are not read from old .xls files."]
    assert source.tables[0].fills == {}


@pytest.mark.parametrize("fmt", SPREADSHEETS)
def test_the_staff_list_keeps_dbs_numbers_as_text_and_payroll_numbers_whole(fmt: str, tmp_path: Path) -> None:
    staff = read(tmp_path, "staff_list", fmt).tables[0]
    assert staff.sheet == "Staff"
    assert staff.rows[0] == [*c.STAFF_HEADER]
    assert staff.rows[1] == ["Khan", "Amira", date(1994, 2, 17), date(2023, 9, 4), "RCW", "001234567890",
                             date(2023, 8, 21), "Y", "Permanent, 37.5 hrs", 1001]
    assert isinstance(staff.rows[1][9], int)  # 1001, never 1001.0
    assert staff.rows[4] == ["Dubois", "Ren\u00e9e", date(1999, 1, 25), date(2025, 1, 6), "RCW", "204060801012",
                             "15/12/2024", "y", "Bank (\u00a312.10/hr)", 1017]
    assert staff.rows[5][7] is None
    assert [r[4] for r in staff.rows[1:]] == ["RCW", "Senior", "Deputy Manager", "RCW", "RCW", "Night RCW"]
    one_name = read(tmp_path, "staff_list_one_name", fmt).tables[0]
    assert one_name.rows[0] == ["Staff list \u2014 Oak House (updated 02/06/2025)"]
    assert one_name.merged == [Merged(0, 0, 0, 8)]
    assert one_name.rows[1][:2] == ["Name", "DOB"]
    assert [r[0] for r in one_name.rows[2:]] == ["Amira Khan", "Ben Walsh", "Chloe O'Neill", "Ren\u00e9e Dubois",
                                                 "Daniel Mensah", "Ewa Nowak"]


@pytest.mark.parametrize("fmt", SPREADSHEETS)
def test_the_incident_log_reads_times_as_times_and_keeps_line_breaks(fmt: str, tmp_path: Path) -> None:
    log = read(tmp_path, "incident_log", fmt).tables[0]
    assert log.rows[1] == c.INCIDENT_HEADER
    assert log.rows[2] == [date(2025, 3, 14), time(21, 40), "JD", "Missing from home", "Community",
                           "JD did not return from the shop by 9pm curfew.\nPolice informed at 21:40, returned "
                           "23:15.", "BW / AK", "Police, social worker (EDT)"]
    assert log.rows[5][:2] == [date(2025, 4, 9), None]
    assert log.rows[6][:2] == ["12/04/2025", "14:20"]  # typed as text: stays text
    assert log.merged == [Merged(0, 0, 0, 7)]


@pytest.mark.parametrize("fmt", CSVS)
def test_a_csv_file_is_one_table_of_text_named_after_the_file(fmt: str, tmp_path: Path) -> None:
    source = read(tmp_path, "training_matrix", fmt)
    assert source.kind == "csv" and source.notes == [CSVS[fmt]]
    [matrix] = source.tables
    assert matrix.sheet == ("training_matrix" if fmt == "csv" else "training_matrix_excel")
    assert matrix.rows[0] == [c.TITLE]  # the em dash is in Windows-1252 too
    assert matrix.rows[3] == c.MATRIX_HEADER
    tick = "\u2713" if fmt == "csv" else "?"  # Windows-1252 has no tick: Excel writes '?'
    assert matrix.rows[4] == ["Amira Khan", "RCW", "04/09/2023", "03/03/2025", "03/04/25", "18/11/2024",
                              "booked 12/05", tick, "01/02/2024", "01/06/2019"]
    assert matrix.rows[12] == []
    assert matrix.rows[13] == ["Compliance %", None, None, "75%", "88%", "63%", "50%", "63%", "50%", "50%"]
    assert matrix.merged == [] and matrix.fills == {} and matrix.hidden_columns == set()


def test_windows_1252_pound_signs_and_accents_read_as_the_manager_typed_them(tmp_path: Path) -> None:
    path = c.staff_file(tmp_path, "cp1252.csv")
    assert "\u00a3".encode("cp1252") in path.read_bytes()  # really written as Windows-1252
    staff = read_source(path).tables[0]
    assert staff.rows[4] == ["Dubois", "Ren\u00e9e", "25/01/1999", "06/01/2025", "RCW", "204060801012",
                             "15/12/2024", "y", "Bank (\u00a312.10/hr)", "1017"]
    assert staff.rows[1][5] == "001234567890"  # text: the leading zero stays


def test_a_quoted_line_break_stays_inside_its_cell(tmp_path: Path) -> None:
    for fmt in CSVS:
        log = read_source(c.incidents_file(tmp_path, fmt)).tables[0]
        assert len(log.rows) == 7
        assert log.rows[2][5] == ("JD did not return from the shop by 9pm curfew.\nPolice informed at 21:40, "
                                  "returned 23:15.")
        assert log.rows[4][5] == "Broke window, est. \u00a380 repair."


SAMPLE = "Name{s}Role{s}Start date\nAmira Khan{s}RCW{s}04/09/2023\nBen Walsh{s}\"Senior{s} nights\"{s}\n"


@pytest.mark.parametrize("sep, words", [(",", "commas"), (";", "semicolons"), ("\t", "tabs"),
                                        ("|", "vertical bars (|)")])
@pytest.mark.parametrize("encoding, bom, said", [
    ("utf-8", b"", "UTF-8 text"), ("utf-8", b"\xef\xbb\xbf", "UTF-8 text"),
    ("utf-16-le", b"\xff\xfe", "UTF-16 text"), ("utf-16-be", b"\xfe\xff", "UTF-16 text")])
def test_each_separator_and_encoding_is_found_and_said(sep: str, words: str, encoding: str, bom: bytes, said: str,
                                                        tmp_path: Path) -> None:
    path = tmp_path / "staff.txt"
    path.write_bytes(bom + SAMPLE.format(s=sep).encode(encoding))
    source = read_source(path)
    assert source.notes == [f"Read as {said}, separated by {words}."]
    assert source.tables[0].rows == [["Name", "Role", "Start date"], ["Amira Khan", "RCW", "04/09/2023"],
                                     ["Ben Walsh", f"Senior{sep} nights"]]
    assert source.tables[0].sheet == "staff"


def test_a_file_named_xlsx_that_is_really_csv_is_read_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "matrix.xlsx"
    path.write_text("Name,Fire Safety Awareness\nAmira Khan,03/03/2025\n", encoding="utf-8")
    source = read_source(path)
    assert source.kind == "csv"
    assert source.tables == [Table("matrix", [["Name", "Fire Safety Awareness"], ["Amira Khan", "03/03/2025"]])]


def test_a_spreadsheet_named_csv_is_read_as_what_it_is(tmp_path: Path) -> None:
    real = c.staff_file(tmp_path, "ods")
    path = tmp_path / "staff.csv"
    path.write_bytes(real.read_bytes())
    source = read_source(path)
    assert source.kind == "ods" and source.tables[0].rows[1][5] == "001234567890"


def test_hidden_rows_theme_tints_and_indexed_colours_of_an_xlsx(tmp_path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Color, PatternFill

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in (["Name", "Fire"], ["Amira Khan", "03/03/2025"], ["Left 2023", "expired"], ["Ben Walsh", None]):
        ws.append(row)
    ws.row_dimensions[3].hidden = True
    # 'Olive Green, Accent 3, Lighter 60%' and 'Darker 25%', as Excel's palette writes them
    ws["B2"].fill = PatternFill("solid", fgColor=Color(theme=6, tint=0.5999938962981048))
    ws["B3"].fill = PatternFill("solid", fgColor=Color(theme=6, tint=-0.249977111117893))
    ws["B4"].fill = PatternFill("solid", fgColor=Color(indexed=10))  # Excel 97's red, in a colour-only cell
    ws["A4"].fill = PatternFill("darkGrid", fgColor="FF0000FF")  # a pattern, not a solid fill: left out
    wb.save(tmp_path / "looks.xlsx")
    table = read_source(tmp_path / "looks.xlsx").tables[0]
    assert table.notes == []
    assert table.hidden_rows == {2}
    assert set(table.fills) == {(1, 1), (2, 1), (3, 1)}
    assert table.fills[(3, 1)] == "FF0000"
    # within one step of each channel of what Excel shows (D7E4BD, 76923C): Excel rounds its own way
    for cell, excel in (((1, 1), "D7E4BD"), ((2, 1), "76923C")):
        got = table.fills[cell]
        assert all(abs(int(got[i:i + 2], 16) - int(excel[i:i + 2], 16)) <= 1 for i in (0, 2, 4)), (got, excel)
    assert table.rows[3] == ["Ben Walsh"]


def test_colours_from_conditional_formatting_are_said_not_to_be_read(tmp_path: Path) -> None:
    import openpyxl
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Name", "Fire"])
    ws.append(["Amira Khan", date(2023, 3, 3)])
    ws.conditional_formatting.add("B2:B40", CellIsRule(operator="lessThan", formula=["TODAY()-365"],
                                                       fill=PatternFill("solid", bgColor="FFC7CE")))
    wb.save(tmp_path / "rules.xlsx")
    table = read_source(tmp_path / "rules.xlsx").tables[0]
    assert table.fills == {}
    assert table.notes == [CONDITIONAL_NOTE]
    assert CONDITIONAL_NOTE == ("This sheet colours some cells by conditional formatting rules: those colours are "
                                "not read, only colours filled in by hand.")


def test_the_corpus_xlsm_opens_in_openpyxl_as_a_macro_enabled_workbook(tmp_path: Path) -> None:
    import zipfile

    import openpyxl

    path = c.matrix_file(tmp_path, "xlsm")
    with zipfile.ZipFile(path) as z:
        assert b"application/vnd.ms-excel.sheet.macroEnabled.main+xml" in z.read("[Content_Types].xml")
    wb = openpyxl.load_workbook(path, read_only=True)
    assert wb.sheetnames == ["Matrix", "Bank staff", "Lists"]
    wb.close()


def test_a_chart_sheet_is_left_out_and_said_to_be(tmp_path: Path) -> None:
    import openpyxl
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Compliance"
    for row in (["Course", "Compliance %"], ["Fire Safety Awareness", 0.75], ["Medication", 0.5]):
        ws.append(row)
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=3))
    wb.create_chartsheet("Chart").add_chart(chart)
    wb.save(tmp_path / "chart.xlsx")
    source = read_source(tmp_path / "chart.xlsx")
    assert [t.sheet for t in source.tables] == ["Compliance"]
    assert source.tables[0].rows[2] == ["Medication", 0.5]
    assert source.notes == ["The chart sheet 'Chart' holds no table of cells, so it is left out."]


def test_whole_numbers_are_ints_and_fractions_floats(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([1001, 3.0, 2.5, -4, 0.97, True, "  ", ""])
    wb.save(tmp_path / "numbers.xlsx")
    [row] = read_source(tmp_path / "numbers.xlsx").tables[0].rows
    assert row == [1001, 3, 2.5, -4, 0.97, True]
    assert [type(v) for v in row] == [int, int, float, int, float, bool]


def test_date_times_stay_date_times_and_durations_become_times_or_text(tmp_path: Path) -> None:
    from datetime import datetime, timedelta

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([datetime(2025, 3, 14, 21, 40), time(9, 5), timedelta(hours=7, minutes=15),
               timedelta(hours=26, minutes=30)])
    ws["C1"].number_format, ws["D1"].number_format = "[h]:mm", "[h]:mm:ss"  # a shift length, a long one
    wb.save(tmp_path / "times.xlsx")
    [row] = read_source(tmp_path / "times.xlsx").tables[0].rows
    assert row == [datetime(2025, 3, 14, 21, 40), time(9, 5), time(7, 15), "26:30:00"]
