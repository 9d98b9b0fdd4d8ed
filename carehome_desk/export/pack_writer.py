"""Writing evidence-pack sheets with openpyxl in write-only mode (constant memory).

Every sheet is print-ready (landscape, one page wide, header row repeated, footer with the
home, sheet and page), has a frozen header and an autofilter, and shows dates as real date
cells in DD/MM/YYYY. In write-only mode all of that must be set before the first append.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from datetime import date, datetime
from typing import Any

from carehome_desk.export.cells import cell_text
from carehome_desk.export.sheet import Kind, SheetData

STATUS_COLOURS = {  # Okabe–Ito, light tints so black text stays readable; the words carry the meaning
    "Overdue": "F4C7A8",  # vermillion tint
    "Missing": "F4C7A8",
    "Done late": "F9E0B0",  # orange tint
    "Due": "F9E0B0",
    "Due soon": "F9E0B0",
    "Not offered": "F4C7A8",
}
HEADER_FILL = "D9E6F2"
# Okabe–Ito, colour-blind safe (ui-guide.md); vermillion comes last as it means 'overdue' elsewhere.
PALETTE = ["0072B2", "E69F00", "009E73", "56B4E9", "CC79A7", "F0E442", "000000", "D55E00"]
_FORMULA_LIKE = ("=", "+", "-", "@")
_SAFE_LENGTH = 16_000  # well under Excel's 32,767 limit, however characters are counted


class WritingStopped(Exception):
    """Writing was stopped on request (the export was cancelled)."""


#: How many rows are written between checks for a cancel.
CHECK_EVERY = 256


def _plain(text: str) -> bool:
    """True when the sanitiser would leave ``text`` as it is and no spreadsheet could read it as a formula.

    Printable means no control characters, line breaks, lone surrogates or non-characters;
    '_x' could start an _xHHHH_ escape; blank text becomes an empty cell.
    """
    return (text.isprintable() and "_x" not in text and len(text) < _SAFE_LENGTH
            and not text.startswith(_FORMULA_LIKE) and not text.isspace() and text != "")


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


class PackWriter:
    """Adds sheets to one write-only workbook with the pack's shared styles."""

    def __init__(self, footer_left: str):
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font, PatternFill

        self._cell: Any = WriteOnlyCell  # typed loosely: the stubs reject date values openpyxl accepts
        self.workbook = Workbook(write_only=True)
        self.footer_left = footer_left
        self.header_font = Font(bold=True)
        self.header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.top = Alignment(vertical="top")
        self.left = Alignment(vertical="top", horizontal="left")
        self.title_font = Font(bold=True, size=14)
        scratch = self.workbook.create_sheet("scratch")
        sample = WriteOnlyCell(scratch)
        sample.number_format = "DD/MM/YYYY"
        self._date_style = copy(sample._style)  # type: ignore[attr-defined]
        sample.number_format = "DD/MM/YYYY HH:MM"
        self._datetime_style = copy(sample._style)  # type: ignore[attr-defined]
        self.workbook.remove(scratch)
        self.banner_font = Font(bold=True, size=12, color="A63F00")

    def discard(self) -> None:
        """Abandon the workbook (cancel or failure): close each sheet's temporary file and remove it."""
        import contextlib
        import os

        for ws in self.workbook.worksheets:
            writer = getattr(ws, "_writer", None)
            if writer is None:
                continue
            rows = getattr(ws, "_rows", None)
            if rows is not None:  # end the row stream first, so its XML element closes inside the file
                with contextlib.suppress(Exception):
                    rows.close()
            with contextlib.suppress(Exception):
                writer.close()
            out = getattr(writer, "out", None)
            if isinstance(out, str) and os.path.exists(out):
                with contextlib.suppress(OSError):
                    os.remove(out)

    def _setup(self, ws: Any, name: str, n_cols: int, n_rows: int, header_row: int) -> None:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = 9  # A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = True
        ws.oddFooter.left.text = self.footer_left
        ws.oddFooter.center.text = "&A"
        ws.oddFooter.right.text = "Page &P of &N"
        if n_cols:
            ws.print_title_rows = f"{header_row}:{header_row}"
            ws.freeze_panes = f"A{header_row + 1}"
            last = column_letter(n_cols)
            ws.auto_filter.ref = f"A{header_row}:{last}{max(header_row, header_row + n_rows)}"
            # Long text overflows into empty columns on screen; print only the table itself.
            ws.print_area = f"A1:{last}{header_row + max(1, n_rows)}"
        del name

    def text(self, ws: Any, value: Any, *, bold: bool = False, wrap: bool = False, styled: bool = False) -> Any:
        """A text cell through the one sanitiser (never a formula, never a hyperlink).

        ``styled``: the caller will set a font, fill or link on it, so it must be a real cell.
        """
        if not (bold or wrap or styled) and type(value) is str and _plain(value):
            return value  # the sanitiser would return it unchanged, and openpyxl stores it as text
        cell = self._cell(ws)
        text = cell_text(value)
        cell.value = text
        if text is not None:
            cell.data_type = "s"
            if text.startswith(_FORMULA_LIKE):
                cell.quotePrefix = True
        if bold:
            cell.font = self.header_font
        if wrap:
            cell.alignment = self.wrap
        return cell

    def _converter(self, ws: Any, kind: Kind) -> Callable[[Any], Any]:
        """How one column's values become cells: chosen once per column, not per value (the pack's hot loop)."""
        text = self.text
        if kind in (Kind.TEXT, Kind.STATUS):
            def as_text(value: Any) -> Any:
                if value is None or value == "":
                    return None
                return value if type(value) is str and _plain(value) else text(ws, value)
            return as_text
        if kind in (Kind.DATE, Kind.DATETIME):
            # One styled cell per column, reused: in write-only mode append() writes the row out
            # before it returns, so the next row can set a new value on the same cell.
            day_cell = self._cell(ws)
            day_cell._style = copy(self._date_style)
            time_cell = self._cell(ws)
            time_cell._style = copy(self._datetime_style)

            def as_date(value: Any) -> Any:
                if value is None or value == "":
                    return None
                if kind is Kind.DATETIME and isinstance(value, datetime):
                    time_cell.value = value
                    return time_cell
                day_cell.value = value.date() if isinstance(value, datetime) else value
                return day_cell
            return as_date

        def as_other(value: Any) -> Any:
            if value is None or value == "":
                return None
            if isinstance(value, bool):
                return text(ws, "Yes" if value else "No")
            if isinstance(value, int | float):
                return value
            return text(ws, value)
        return as_other

    def arrange(self, order: list[str]) -> None:
        """Put the sheets named in ``order`` first, in that order (they are written as they are built)."""
        for position, name in enumerate(order):
            title = name[:31]
            self.workbook.move_sheet(title, position - self.workbook.index(self.workbook[title]))

    def add_sheet(self, data: SheetData, cancelled: Callable[[], bool] | None = None) -> None:
        """A register sheet: a title line, the header row, then one row per record.

        ``cancelled`` is asked every few hundred rows; when it says yes, WritingStopped is raised.
        """
        from openpyxl.formatting.rule import FormulaRule
        from openpyxl.styles import PatternFill

        ws = self.workbook.create_sheet(data.name[:31])
        header_row = 2
        self._setup(ws, data.name, len(data.columns), len(data.rows), header_row)
        # Row heights cannot be set in write-only mode, and neither Excel nor LibreOffice grows a row
        # for wrapped text on opening, so wrapped cells would spill over the next row. Cells are
        # therefore not wrapped; columns are wide enough for their header and typical values, and
        # the full text is always in the cell.
        for index, col in enumerate(data.columns, start=1):
            ws.column_dimensions[column_letter(index)].width = max(col.width, min(len(col.header) + 3, 40))
        last_row = header_row + max(1, len(data.rows))
        for index, col in enumerate(data.columns, start=1):
            if col.kind is not Kind.STATUS:
                continue
            letter = column_letter(index)
            area = f"{letter}{header_row + 1}:{letter}{last_row}"
            for word, colour in STATUS_COLOURS.items():
                ws.conditional_formatting.add(area, FormulaRule(  # type: ignore[no-untyped-call]
                    formula=[f'LEFT({letter}{header_row + 1},{len(word)})="{word}"'],
                    fill=PatternFill("solid", fgColor=colour, bgColor=colour), stopIfTrue=True))
        title = self.text(ws, data.title, styled=True)
        title.font = self.title_font
        ws.append([title])
        header = []
        for col in data.columns:
            cell = self.text(ws, col.header, bold=True)
            cell.fill = self.header_fill
            header.append(cell)
        ws.append(header)
        converters = [self._converter(ws, col.kind) for col in data.columns]
        for number, row in enumerate(data.rows, start=1):
            ws.append([convert(value) for convert, value in zip(converters, row, strict=True)])
            if cancelled is not None and number % CHECK_EVERY == 0 and cancelled():
                raise WritingStopped(f"stopped while writing {data.name}")
        if not data.rows:
            ws.append([self.text(ws, "None in this period.")])

    def add_key_values(self, name: str, title: str, pairs: list[tuple[str, Any]], banner: str = "",
                       links: list[tuple[str, str]] | None = None) -> None:
        """The cover: a title, an optional draft banner, label/value lines and a contents list of links."""
        from openpyxl.worksheet.hyperlink import Hyperlink

        ws = self.workbook.create_sheet(name, 0)
        self._setup(ws, name, 0, 0, 1)
        ws.column_dimensions["A"].width = 34
        ws.column_dimensions["B"].width = 90
        t = self.text(ws, title, styled=True)
        t.font = self.title_font
        ws.append([t])
        row = 1
        for k, line in enumerate(banner.split("\n") if banner else []):
            first = self.text(ws, "DRAFT — evidence incomplete" if k == 0 else "", styled=True)
            first.font = self.banner_font
            second = self.text(ws, line, styled=True)
            second.font = self.banner_font
            ws.append([first, second])
            row += 1
        for label, value in pairs:
            cells = [self.text(ws, label, bold=True)]
            if isinstance(value, date | datetime):
                c = self._cell(ws, value=value)
                c.number_format = "DD/MM/YYYY HH:MM" if isinstance(value, datetime) else "DD/MM/YYYY"
                c.alignment = self.left
                cells.append(c)
            else:
                cells.append(self.text(ws, value))
            ws.append(cells)
            row += 1
        if links:
            ws.append([])
            ws.append([self.text(ws, "Contents", bold=True)])
            row += 2
            for sheet, description in links:
                row += 1
                link = self.text(ws, sheet, styled=True)
                link.hyperlink = Hyperlink(ref=f"A{row}", location=f"'{sheet}'!A1", display=sheet)
                link.style = "Hyperlink"
                ws.append([link, self.text(ws, description)])

    def add_chart_sheet(self, name: str, title: str, months: list[str], series: dict[str, list[float]],
                        trend: dict[str, list[float]]) -> None:
        """Native charts (they print crisply and stay editable): incidents by type, and the trends."""
        from openpyxl.chart import BarChart, LineChart, Reference

        ws = self.workbook.create_sheet(name)
        self._setup(ws, name, 0, 0, 1)
        for index in range(1, 2 + max(len(series), len(trend))):
            ws.column_dimensions[column_letter(index)].width = 12 if index == 1 else 16
        t = self.text(ws, title, styled=True)
        t.font = self.title_font
        ws.append([t])
        names = list(series)
        ws.append([self.text(ws, "Month", bold=True)] + [self.text(ws, n, bold=True) for n in names])
        for k, month in enumerate(months):
            ws.append([self.text(ws, month)] + [series[n][k] for n in names])
        first_trend_row = len(months) + 4
        ws.append([])
        trend_names = list(trend)
        ws.append([self.text(ws, "Month", bold=True)] + [self.text(ws, n, bold=True) for n in trend_names])
        for k, month in enumerate(months):
            ws.append([self.text(ws, month)] + [round(trend[n][k], 2) for n in trend_names])
        if names and months:
            bar = BarChart()
            bar.type = "col"
            bar.grouping = "stacked"
            bar.overlap = 100
            bar.title = "Incidents per month by type"
            bar.y_axis.title = "Incidents"
            bar.x_axis.title = "Month"
            data = Reference(ws, min_col=2, max_col=1 + len(names), min_row=2, max_row=2 + len(months))
            cats = Reference(ws, min_col=1, min_row=3, max_row=2 + len(months))
            bar.add_data(data, titles_from_data=True)
            bar.set_categories(cats)
            for k, ser in enumerate(bar.series):
                ser.graphicalProperties.solidFill = PALETTE[k % len(PALETTE)]
                ser.graphicalProperties.line.solidFill = PALETTE[k % len(PALETTE)]
            bar.width, bar.height = 24, 11
            ws.add_chart(bar, f"{column_letter(len(names) + 3)}2")
        if trend_names and months:
            line = LineChart()
            line.title = "Restraints and missing episodes, with 3-month averages"
            line.y_axis.title = "Per month"
            line.x_axis.title = "Month"
            data = Reference(ws, min_col=2, max_col=1 + len(trend_names), min_row=first_trend_row,
                             max_row=first_trend_row + len(months))
            cats = Reference(ws, min_col=1, min_row=first_trend_row + 1, max_row=first_trend_row + len(months))
            line.add_data(data, titles_from_data=True)
            line.set_categories(cats)
            for k, ser in enumerate(line.series):
                ser.smooth = False  # monthly counts: straight lines between the points, no invented curves
                ser.graphicalProperties.line.solidFill = PALETTE[(k // 2) % len(PALETTE)]
                ser.graphicalProperties.line.width = 28575 if k % 2 == 0 else 19050
                if k % 2 == 1:
                    ser.graphicalProperties.line.dashStyle = "dash"
            line.width, line.height = 24, 11
            ws.add_chart(line, f"{column_letter(len(names) + 3)}26")
