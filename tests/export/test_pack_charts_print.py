"""The Charts sheet printed: each chart whole on a page of its own, inside the print area with room to
spare at the right (LibreOffice's PDF cut the legends off where a chart ran past the area's edge)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from carehome_desk.export.pack_writer import PackWriter
from carehome_desk.export.print_layout import PRINT_WIDTH_PX

EMU_PER_PX = 9525
DEFAULT_COLUMN_PX = 64  # a column left at the default width (8.43 characters)
#: The least room between a chart's right edge and the print area's: LibreOffice counts a column a
#: few per cent narrower than Excel, and a chart flush with the edge lost its legend's right side.
ROOM_PX = 30

MONTHS = ["Nov 26", "Dec 26"]
FEW = ["Restraint / measure of control", "Missing from care", "Self-harm", "Sanction / consequence", "Search",
       "Child sexual or criminal exploitation concern"]  # fewer types than the chart is wide: the sheet that was cut
MANY = FEW + ["Away from placement without authorisation", "Police involvement", "Other", "Accident or injury",
              "Medication error or refusal", "Serious illness", "Complaint", "Child protection enquiry"]
TREND = ["Restraints", "Restraints (3-month average)", "Missing and away", "Missing and away (3-month average)"]


def _charts_sheet(tmp_path: Path, types: list[str]):  # type: ignore[no-untyped-def]
    writer = PackWriter("Oak Lodge (URN SC123456)", ["Charts"])
    writer.add_chart_sheet("Charts", "Charts, 01/11/2026 to 07/12/2026", MONTHS,
                           {name: [1.0, 2.0] for name in types}, {name: [2.0, 1.0] for name in TREND})
    writer.save(tmp_path / "charts.xlsx")
    return load_workbook(tmp_path / "charts.xlsx")["Charts"]


def _column_px(ws) -> dict[int, int]:  # type: ignore[no-untyped-def]
    """Each set column's width in pixels, by index from 0 (openpyxl keeps a run under its first letter)."""
    widths: dict[int, int] = {}
    for dim in ws.column_dimensions.values():
        if dim.min is not None and dim.width:
            for index in range(dim.min, dim.max + 1):
                widths[index - 1] = int(dim.width * 7 + 0.5)  # as Excel draws Calibri 11
    return widths


@pytest.mark.parametrize("types", [FEW, MANY], ids=["few types", "many types"])
def test_each_chart_prints_whole_inside_the_print_area_on_a_page_of_its_own(tmp_path: Path,
                                                                           types: list[str]) -> None:
    ws = _charts_sheet(tmp_path, types)
    first_col, first_row, last_col, last_row = range_boundaries(ws.print_area.split("!")[1].replace("$", ""))
    assert (first_col, first_row) == (1, 1) and last_col is not None and last_row is not None
    widths = _column_px(ws)
    # Every column of the print area has the width the print scale was worked out for (a default-width
    # column under the chart let it run past the area's edge).
    assert sorted(widths) == list(range(last_col)), widths
    area_px = sum(widths.values())
    scale = int(ws.page_setup.scale or 100) / 100
    breaks = sorted(b.id for b in ws.row_breaks.brk)  # a break after row n (from 1): row n (from 0) starts a page
    charts = ws._charts
    assert len(charts) == 2 and len(breaks) == 2
    for chart, top, bottom in zip(charts, breaks, breaks[1:] + [last_row]):
        start, end = chart.anchor._from, chart.anchor.to
        assert start.col == 0 and start.colOff == 0
        right_px = sum(widths[c] for c in range(end.col)) + end.colOff / EMU_PER_PX
        assert end.col < last_col and right_px <= area_px - ROOM_PX, (right_px, area_px)
        assert right_px * scale <= PRINT_WIDTH_PX - ROOM_PX  # on the first page across, even when split
        # Below its page break, with a gap (its frame printed as a line on the tables' page when flush),
        # and above the next.
        assert start.row == top and start.rowOff > 0
        assert end.row < bottom, (end.row, bottom)
    if types is FEW:
        assert scale == 1 and area_px * scale <= PRINT_WIDTH_PX  # the tables and charts fit one page wide
    else:
        # Split across pages at a readable scale, the months repeated; the charts keep to the first page.
        assert last_col == 1 + len(types) and scale < 1 and ws.print_title_cols == "$A:$A"
