"""The evidence pack's chart sheet: the month-by-type and trend tables, and native Excel charts drawn
from them (they print crisply and stay editable), each printed on a page of its own below the tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from carehome_desk.export.print_layout import column_pixels, print_layout, row_height

if TYPE_CHECKING:
    from carehome_desk.export.pack_writer import PackWriter

# Okabe–Ito, colour-blind safe; vermillion comes last as it means 'overdue' elsewhere.
PALETTE = ["0072B2", "E69F00", "009E73", "56B4E9", "CC79A7", "F0E442", "000000", "D55E00"]
#: Rows (20 px each) and columns (the months' 12 characters wide, the rest 16) a chart sits in; they
#: are the print area's least width, so the printed page is as wide as the chart whatever the tables.
_CHART_ROWS = 23
_CHART_COLUMNS = 8
_MONTH_WIDTH, _SERIES_WIDTH = 12.0, 16.0
#: Room left between a chart's right edge and the end of its columns. LibreOffice turns a column's
#: width into pixels a little narrower than Excel does; a chart ending at the print area's edge had
#: its legend cut off on LibreOffice's printed page.
_RIGHT_ROOM_PX = 40
#: The chart starts this far below its page break, so its frame never prints as a stray line at the
#: foot of the tables' page.
_TOP_GAP_PX = 8
#: Width and height of each chart, in pixels at 96 dpi (about 23 cm by 11 cm).
CHART_SIZE = {"width": column_pixels(_MONTH_WIDTH) + (_CHART_COLUMNS - 1) * column_pixels(_SERIES_WIDTH)
              - _RIGHT_ROOM_PX, "height": 416}
#: The most month labels a chart's axis shows (the months plotted are every month of the period).
_LABELLED_MONTHS = 24


def add_chart_sheet(writer: PackWriter, name: str, title: str, months: list[str], series: dict[str, list[float]],
                    trend: dict[str, list[float]]) -> None:
    """Native charts (they print crisply and stay editable): incidents by type, and the trends."""
    ws = writer.new_sheet(name)
    n_cols = 1 + max(len(series), len(trend))
    # The printed width: the tables or the charts, whichever is wider. Every column under a chart is
    # set to the width counted here (a default-width column there let the chart run past the print area).
    widths = [_MONTH_WIDTH] + [_SERIES_WIDTH] * (max(n_cols, _CHART_COLUMNS) - 1)
    ws.set_column(0, 0, _MONTH_WIDTH)
    ws.set_column(1, len(widths) - 1, _SERIES_WIDTH)
    writer.write_text(ws, 0, 0, title, writer.title_format)
    names = list(series)
    _table(writer, ws, 1, months, names, lambda n, k: series[n][k])
    first_trend_row = len(months) + 3  # a blank row between the two tables
    trend_names = list(trend)
    _table(writer, ws, first_trend_row, months, trend_names, lambda n, k: round(trend[n][k], 2))
    # Printed: the two tables, then each chart on a page of its own below them (never cut
    # across pages, never beside the tables where it would print on a page to the right).
    chart_rows = _CHART_ROWS
    first_chart = first_trend_row + len(months) + 2
    anchors = {"bar": first_chart, "line": first_chart + chart_rows}
    writer.set_up_printing(ws, 0, 0, 0, widths)
    ws.hide_gridlines(1)  # no printed grid under the charts; the tables keep their screen grid
    ws.print_area(0, 0, first_chart + 2 * chart_rows - 1, max(n_cols - 1, _CHART_COLUMNS - 1))
    ws.set_h_pagebreaks([first_chart, first_chart + chart_rows])
    if print_layout(widths)[1]:
        ws.repeat_columns(0, 0)  # the months beside a table's columns that spill onto the next page
    sheet = name[:31]
    if names and months:
        bar = writer.workbook.add_chart({"type": "column", "subtype": "stacked"})
        for k, series_name in enumerate(names):
            colour = "#" + PALETTE[k % len(PALETTE)]
            bar.add_series({"name": [sheet, 1, k + 1], "categories": [sheet, 2, 0, 1 + len(months), 0],
                            "values": [sheet, 2, k + 1, 1 + len(months), k + 1],
                            "fill": {"color": colour}, "border": {"color": colour}, "overlap": 100})
        bar.set_title({"name": "Incidents per month by type"})
        bar.set_y_axis({"name": "Incidents"})
        bar.set_x_axis(_month_axis(len(months)))
        bar.set_size(CHART_SIZE)
        ws.insert_chart(f"A{anchors['bar'] + 1}", bar, {"y_offset": _TOP_GAP_PX})
    if trend_names and months:
        line = writer.workbook.add_chart({"type": "line"})
        for k, series_name in enumerate(trend_names):
            # Monthly counts: straight lines between the points (no invented curves); the
            # 3-month average of each count is the dashed line in the same colour.
            line.add_series({
                "name": [sheet, first_trend_row, k + 1],
                "categories": [sheet, first_trend_row + 1, 0, first_trend_row + len(months), 0],
                "values": [sheet, first_trend_row + 1, k + 1, first_trend_row + len(months), k + 1],
                "smooth": False, "marker": {"type": "none"},
                "line": {"color": "#" + PALETTE[(k // 2) % len(PALETTE)], "width": 2.25 if k % 2 == 0 else 1.5,
                         **({"dash_type": "dash"} if k % 2 == 1 else {})}})
        line.set_title({"name": "Restraints and missing episodes, with 3-month averages"})
        line.set_y_axis({"name": "Per month"})
        line.set_x_axis(_month_axis(len(months)))
        line.set_size(CHART_SIZE)
        ws.insert_chart(f"A{anchors['line'] + 1}", line, {"y_offset": _TOP_GAP_PX})

def _month_axis(months: int) -> dict[str, Any]:
    """The month axis: every month is plotted; over two years only every few are labelled, so the
    labels stay readable at the chart's width (a label every 2 months up to 4 years, and so on)."""
    step = -(-months // _LABELLED_MONTHS)  # ceiling
    if step == 1:
        return {"name": "Month"}
    return {"name": f"Month (every {step} months labelled; each month plotted)", "interval_unit": step,
            "num_font": {"rotation": -45}}


def _table(writer: PackWriter, ws: Any, top: int, months: list[str], names: list[str],
           value: Callable[[str, int], float]) -> None:
    """A month-by-series table for a chart: header row at ``top``, one row per month below it."""
    height = row_height(["Month", *names], [12.0] + [16.0] * len(names), [True] * (1 + len(names)))
    if height is not None:
        ws.set_row(top, height)
    writer.write_text(ws, top, 0, "Month", writer.bold_wrap)
    for k, series_name in enumerate(names, start=1):
        writer.write_text(ws, top, k, series_name, writer.bold_wrap)
    for m, month in enumerate(months):
        writer.write_text(ws, top + 1 + m, 0, month)
        for k, series_name in enumerate(names, start=1):
            ws.write_number(top + 1 + m, k, value(series_name, m))
