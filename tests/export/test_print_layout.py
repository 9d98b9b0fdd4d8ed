"""The evidence pack printed on A4 landscape: readable scale, wide sheets split with their header row
and name column repeated, text wrapped in rows tall enough, footer with the homes, date and pages."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from carehome_desk.demo import DemoOptions, build_demo
from carehome_desk.export.evidence_pack import PackOptions, export_pack
from carehome_desk.export.pack_writer import PackWriter
from carehome_desk.export.print_layout import _FILL, LINE_HEIGHT, MIN_FIT_SCALE, SPLIT_SCALE, print_layout, text_lines
from carehome_desk.export.sheet import Col, Kind, SheetData
from carehome_desk.store import Store
from tests.conftest import FIXED_NOW, Clock

TODAY = FIXED_NOW.date()
#: Sheets that are not register tables (no header row to repeat).
NOT_TABLES = {"Cover", "Charts"}


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("print")
    db = build_demo(folder / "demo.sqlite3", DemoOptions(today=TODAY))
    with Store.open(db, create=False, clock=Clock()) as store:
        export_pack(store, PackOptions(folder / "pack.xlsx"))
    return folder / "pack.xlsx"


# ---- the rules -----------------------------------------------------------------------------------

def test_a_narrow_sheet_prints_at_full_size_and_a_wide_one_is_split_never_shrunk_below_a_readable_scale() -> None:
    assert print_layout([20, 20, 20]) == (100, False)
    scale, split = print_layout([46, 26, 80])  # Annex A: a little wider than the page
    assert MIN_FIT_SCALE <= scale < 100 and not split
    assert print_layout([24] + [16] * 30) == (SPLIT_SCALE, True)  # a training matrix of 30 courses
    assert SPLIT_SCALE >= 70 and MIN_FIT_SCALE >= 70


def test_the_boundary_between_fitting_and_splitting() -> None:
    widths = [10.0] * 10
    while print_layout(widths)[0] > MIN_FIT_SCALE and not print_layout(widths)[1]:
        widths.append(10.0)
    scale, split = print_layout(widths)
    if not split:  # exactly at the smallest fitting scale: still one page wide
        assert scale == MIN_FIT_SCALE
        widths.append(10.0)
    assert print_layout(widths) == (SPLIT_SCALE, True)


def test_text_lines_counts_wrapped_lines() -> None:
    assert text_lines("short", 20) == 1
    per_line = int(20 * _FILL)  # characters a 20-wide column holds on a line
    assert text_lines("x" * per_line, 20) == 1
    assert text_lines("x" * (per_line + 1), 20) == 2  # one character over: a second line
    assert text_lines("x" * (2 * per_line + 1), 20) == 3
    assert text_lines("one two three four five six", 10) == 3
    assert text_lines("first\nsecond", 40) == 2
    assert text_lines(12345, 4) == 1 and text_lines(None, 4) == 1


# ---- the pack as written -------------------------------------------------------------------------

def test_every_sheet_is_a4_landscape_at_a_readable_scale_with_the_footer(pack: Path) -> None:
    wb = load_workbook(pack)
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9), ws.title
        assert int(setup.scale or 100) >= 70, ws.title  # no scale written: 100%
        assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        footer = ws.oddFooter
        assert footer.left.text.startswith("Exported 22/11/2026 · Oak Lodge"), ws.title
        assert footer.center.text == "&A" and footer.right.text == "Page &P of &N", ws.title
        assert ws.page_margins.left >= 0.4 and ws.page_margins.bottom >= 0.5, ws.title


def test_register_sheets_repeat_the_header_row_and_split_sheets_the_name_column(pack: Path) -> None:
    wb = load_workbook(pack)
    split = []
    for ws in wb.worksheets:
        if ws.title in NOT_TABLES:
            continue
        assert ws.print_title_rows == "$2:$2", ws.title
        assert ws.freeze_panes == "B3", ws.title  # the name column and the header stay in view
        widths = _widths(ws)
        scale, is_split = print_layout([widths[i] - 0.7109375 for i in sorted(widths)])  # as set, before padding
        assert int(ws.page_setup.scale or 100) == scale, ws.title
        if is_split:
            split.append(ws.title)
            assert ws.print_title_cols == "$A:$A", ws.title
            assert ws.print_options is not None
    assert "Training matrix" in split  # finding 10: the matrix is split across pages, not shrunk
    assert "Annex A" not in split


def test_long_text_is_wrapped_and_its_row_is_tall_enough(pack: Path) -> None:
    wb = load_workbook(pack)
    checked = 0
    for ws in wb.worksheets:
        if ws.title in NOT_TABLES:
            continue
        widths = _widths(ws)
        for row in ws.iter_rows(min_row=2):
            need = 1
            for cell in row:
                if isinstance(cell.value, str) and cell.value and cell.value != "None in this period.":
                    assert cell.alignment.wrap_text, f"{ws.title}!{cell.coordinate}"
                    # An independent lower bound: proportional text never fits more than 1.3 characters
                    # of a column's width on a line.
                    need = max(need, math.ceil(len(cell.value) / (widths[cell.column] * 1.3)))
            if need > 1:
                height = ws.row_dimensions[row[0].row].height
                assert height is not None and height >= need * LINE_HEIGHT, f"{ws.title} row {row[0].row}"
                checked += 1
    assert checked > 20


def test_annex_a_how_it_was_counted_is_wrapped_on_one_page_width(pack: Path) -> None:
    ws = load_workbook(pack)["Annex A"]
    assert [c.value for c in ws[2]] == ["Item", "Figure", "How it was counted"]
    assert print_layout([46, 26, 80])[1] is False
    long = [r for r in ws.iter_rows(min_row=3) if r[2].value and len(r[2].value) > 90]
    assert long and all(r[2].alignment.wrap_text and (ws.row_dimensions[r[0].row].height or 0) >= 30 for r in long)


def test_a_sheet_of_one_wide_column_and_many_rows_writes_heights(tmp_path: Path) -> None:
    writer = PackWriter("Oak Lodge", ["Notes"])
    text = "word " * 60  # 300 characters in a column 30 wide: 10 or more lines
    writer.add_sheet(SheetData("Notes", "Notes", [Col("Name", Kind.TEXT, 20), Col("Note", Kind.TEXT, 30)],
                               [["A", text.strip()], ["B", "short"]]))
    writer.save(tmp_path / "n.xlsx")
    ws = load_workbook(tmp_path / "n.xlsx")["Notes"]
    assert ws.row_dimensions[3].height >= 10 * LINE_HEIGHT
    assert ws.row_dimensions[4].height is None or ws.row_dimensions[4].height <= LINE_HEIGHT


def _widths(ws) -> dict[int, float]:  # type: ignore[no-untyped-def]
    """Each column's width by number (openpyxl keeps a run of equal widths under its first letter)."""
    widths: dict[int, float] = {}
    for dim in ws.column_dimensions.values():
        if dim.min is not None and dim.width:
            for index in range(dim.min, dim.max + 1):
                widths[index] = dim.width
    return widths


# ---- printed, as a manager would -----------------------------------------------------------------

@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) and poppler's pdftotext are needed to print the pack")
def test_printed_with_libreoffice_annex_a_says_how_each_figure_was_counted_in_full(pack: Path,
                                                                                    tmp_path: Path) -> None:
    out = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").as_uri()  # its own profile: never the user's, never shared
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(pack)], check=True, capture_output=True, timeout=300)
    pdf = out / "pack.pdf"
    pages = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True,
                           text=True).stdout.split("\f")
    annex = [p for p in pages if re.search(r"Annex A Page \d+ of \d+", p)]
    assert annex, "no printed page of Annex A"
    # One page wide: every Annex A page has the item, the figure and how it was counted side by side.
    assert all("Item Figure How it was counted" in p for p in annex)
    printed = re.sub(r"\s+", "", "".join(annex))
    ws = load_workbook(pack)["Annex A"]
    how = [r[2] for r in ws.iter_rows(min_row=3, values_only=True) if r[2]]
    assert len(how) > 20
    for text in how:
        assert re.sub(r"\s+", "", str(text)) in printed, text
    # The training matrix is split across pages with the name column on each, never shrunk to fit.
    matrix = [p for p in pages if re.search(r"Training matrix Page \d+ of \d+", p)]
    assert len(matrix) >= 2 and all("Name" in p for p in matrix)
