"""The pack's workbook writer: text that XlsxWriter would otherwise read as markup or codes stays text."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from carehome_desk.export.atomic import replace_atomically
from carehome_desk.export.cells import cell_text
from carehome_desk.export.pack_writer import PackWriter
from carehome_desk.export.print_layout import FOOTER_LIMIT, footer_text
from carehome_desk.export.sheet import Col, Kind, SheetData
from carehome_desk.out_files import WriteFailed

TRICKY = ["<r><t>bold?</t></r>", "<r>", "</r>", "a < b & c > d", "=SUM(A1:A2)", "+44 7700 900123", "@home",
          "-5 degrees", "  leading and trailing  ", "_x0041_ stays", "tab\there", "line one\nline two", "\x07bell",
          "<r><rPr><b/></rPr><t>x</t></r>"]


def _write(tmp_path: Path, rows: list[list[object]], footer: str = "Oak Lodge (URN SC123456)") -> Path:
    sheet = SheetData("Notes", "Notes", [Col("Text"), Col("When", Kind.DATETIME), Col("Day", Kind.DATE),
                                         Col("Count", Kind.NUMBER)], rows)
    writer = PackWriter(footer, ["Notes"])
    writer.add_sheet(sheet)
    out = tmp_path / "notes.xlsx"
    writer.save(out)
    return out


def test_text_that_looks_like_markup_formulas_or_escapes_reads_back_as_written(tmp_path: Path) -> None:
    out = _write(tmp_path, [[text, None, None, None] for text in TRICKY])
    expected = [cell_text(text) for text in TRICKY]
    ours = [row[0] for row in load_workbook(out)["Notes"].iter_rows(min_row=3, values_only=True)]
    theirs = [row[0] for row in CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Notes").to_python()[2:]]
    assert ours == expected
    assert theirs == expected
    ws = load_workbook(out)["Notes"]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert ws["A7"].quotePrefix  # '=SUM(…)' stays text even when someone edits the cell in Excel


def test_dates_numbers_and_blanks_are_real_cells(tmp_path: Path) -> None:
    out = _write(tmp_path, [["a", datetime(2024, 2, 29, 23, 59), datetime(2026, 3, 29, 1, 30), 3],
                            ["b", None, date(2026, 11, 22), 2.5], ["", "", "", None]])
    ws = load_workbook(out)["Notes"]
    assert [list(r) for r in ws.iter_rows(min_row=3, values_only=True)] == [
        ["a", datetime(2024, 2, 29, 23, 59), datetime(2026, 3, 29), 3],
        ["b", None, datetime(2026, 11, 22), 2.5]]
    assert ws["B3"].number_format == "DD/MM/YYYY HH:MM" and ws["C3"].number_format == "DD/MM/YYYY"
    assert ws.freeze_panes == "B3" and ws.auto_filter.ref == "A2:D5" and ws.print_title_rows == "$2:$2"


def test_a_row_of_the_wrong_width_is_a_defect_not_a_shifted_sheet(tmp_path: Path) -> None:
    writer = PackWriter("footer", ["Notes"])
    with pytest.raises(ValueError, match="row 1 has 2 values for 1 columns"):
        writer.add_sheet(SheetData("Notes", "Notes", [Col("Text")], [["a", "b"]]))
    writer.discard()


def test_every_sheet_named_up_front_must_be_written(tmp_path: Path) -> None:
    writer = PackWriter("footer", ["Notes", "Other"])
    writer.add_sheet(SheetData("Notes", "Notes", [Col("Text")], [["a"]]))
    with pytest.raises(KeyError, match="already written"):
        writer.add_sheet(SheetData("Notes", "Notes", [Col("Text")], [["a"]]))
    with pytest.raises(KeyError, match="not in the workbook"):
        writer.add_sheet(SheetData("Stray", "Stray", [Col("Text")], [["a"]]))
    with pytest.raises(RuntimeError, match="never written or never finished: Other"):
        writer.save(tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("name", ["Smith & Sons Care", "B&G House", "Oak &P Lodge", "&&&"])
def test_ampersands_in_a_homes_name_stay_in_the_footer(tmp_path: Path, name: str) -> None:
    footer = load_workbook(_write(tmp_path, [["a", None, None, None]], footer=name))["Notes"].oddFooter
    assert footer.left.text == name.replace("&", "\uff06")
    assert footer.center.text == "&A" and footer.right.text == "Page &P of &N"


def test_a_footer_too_long_for_excel_is_shortened_visibly(tmp_path: Path) -> None:
    homes = ", ".join(f"Home number {n} (URN SC{n:06d})" for n in range(12))
    assert len(footer_text(homes)) == FOOTER_LIMIT
    left = load_workbook(_write(tmp_path, [["a", None, None, None]], footer=homes))["Notes"].oddFooter.left.text
    assert left.endswith("…") and homes.startswith(left[:-1])


def test_a_footer_of_characters_outside_the_basic_plane_fits_excels_count(tmp_path: Path) -> None:
    home = "Oak Lodge 🌳🏠 " * 20  # each emoji is two UTF-16 units, as Excel counts
    left = load_workbook(_write(tmp_path, [["a", None, None, None]], footer=home))["Notes"].oddFooter.left.text
    assert left and left.endswith("…") and home.startswith(left[:-1])


def test_formatted_text_that_looks_like_a_formula_keeps_its_quote_prefix(tmp_path: Path) -> None:
    writer = PackWriter("footer", ["Notes"])
    writer.add_sheet(SheetData("Notes", "=title", [Col("=risky course"), Col("plain")], [["=1+1", "x"]]))
    writer.save(tmp_path / "q.xlsx")
    ws = load_workbook(tmp_path / "q.xlsx")["Notes"]
    assert [ws["A1"].value, ws["A2"].value, ws["A3"].value] == ["=title", "=risky course", "=1+1"]
    assert ws["A1"].quotePrefix and ws["A2"].quotePrefix and ws["A3"].quotePrefix and not ws["B2"].quotePrefix
    assert ws["A1"].font.b and ws["A2"].font.b and ws["A2"].fill.fgColor.rgb.endswith("D9E6F2")
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_a_lost_temporary_folder_is_an_os_error_and_nothing_is_saved(tmp_path: Path) -> None:
    import shutil

    writer = PackWriter("footer", ["Notes"])
    writer.add_sheet(SheetData("Notes", "Notes", [Col("Text")], [["a"]]))
    shutil.rmtree(writer._folder)  # as when the disk holding it fills or goes away
    target = tmp_path / "x.xlsx"
    target.write_bytes(b"yesterday's pack")
    with pytest.raises(WriteFailed) as caught:  # an OSError naming the target, with why in words
        replace_atomically(target, writer.save)  # as both writers save: to a temporary file beside the target
    assert type(caught.value.__cause__).__module__ == "builtins"  # from the OSError itself, not XlsxWriter's wrapper
    assert caught.value.filename == str(target) and "does not exist" in str(caught.value.strerror)
    assert target.read_bytes() == b"yesterday's pack"
    assert [p.name for p in tmp_path.iterdir() if p.name != "userdata"] == ["x.xlsx"]  # the data folder aside
