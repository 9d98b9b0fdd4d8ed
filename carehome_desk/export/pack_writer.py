"""Writing the evidence pack's workbook with XlsxWriter in constant-memory mode.

Every sheet is print-ready on A4 landscape (the rules are in ``print_layout``) and has a
frozen header and an autofilter, and shows dates as real date cells in DD/MM/YYYY.

Why XlsxWriter and not openpyxl (which reads imports and writes the import templates): in
constant-memory mode it writes the pack's cells in roughly three quarters of the time
openpyxl's write-only mode takes, it imports in a third of the time (the writer process
waits for that), and it can set a sheet's autofilter and print area after the rows are
written (docs/performance.md).
In constant-memory mode each row goes to the sheet's temporary file as the next row starts,
so memory stays flat however big the pack, and sheets must be created in the workbook's
order before any is filled: ``PackWriter`` is given the order up front, and sheets can then
be filled in any order. Its temporary files go in a private folder inside the data folder
(never the system temp folder), removed on save or discard.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from carehome_desk.export.cells import cell_text
from carehome_desk.export.print_layout import MARGINS, footer_text, print_layout, row_height
from carehome_desk.export.sheet import Kind, SheetData
from carehome_desk.private_files import private_temp_dir

#: Status words coloured on top of the words (Okabe–Ito, light tints so black text stays readable):
#: a cell starting with one of the words gets its colour ('Due' covers 'Due soon').
STATUS_COLOURS = {
    "F4C7A8": ("Overdue", "Missing", "Not offered"),  # vermillion tint
    "F9E0B0": ("Due", "Done late"),  # orange tint
}
HEADER_FILL = "D9E6F2"
_FORMULA_LIKE = ("=", "+", "-", "@")
_SAFE_LENGTH = 16_000  # well under Excel's 32,767 limit, however characters are counted
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"


class WritingStopped(Exception):
    """Writing was stopped on request (the export was cancelled)."""


#: How many rows are written between checks for a cancel.
CHECK_EVERY = 256

Put = Callable[[int, int, Any], None]


def _plain(text: str) -> bool:
    """True when ``text`` can be written as it is: the sanitiser would leave it unchanged, no
    spreadsheet could read it as a formula, and XlsxWriter would not take it for rich-text XML.

    Printable means no control characters, line breaks, lone surrogates or non-characters;
    '_x' could start an _xHHHH_ escape; blank text becomes an empty cell.
    """
    return (text.isprintable() and "_x" not in text and len(text) < _SAFE_LENGTH
            and not text.startswith(_FORMULA_LIKE) and not text.isspace() and text != ""
            and not text.startswith("<r>"))


#: The header row of a register sheet, counting from 0 (the sheet's title is row 0).
_HEADER_ROW = 1


@dataclass
class _Open:
    """A register sheet being written: its rows arrive in parts."""

    ws: Any
    data: SheetData  # its columns and title (its rows are the first part)
    putters: list[tuple[int, Put]]
    cancelled: Callable[[], bool] | None
    widths: list[float]  # each column's width in characters, as set
    wrapped: list[bool]  # which columns wrap their text (and so set their rows' heights)
    count: int = 0  # rows written so far


class PackWriter:
    """One constant-memory workbook whose sheets, named up front in order, are filled as they come."""

    def __init__(self, footer_left: str, order: list[str], temp_parent: Path | None = None):
        import xlsxwriter

        # In the data folder's private tmp/, or (in the writer process) its pack folder there.
        self._folder = (Path(tempfile.mkdtemp(prefix="sheets-", dir=temp_parent)) if temp_parent is not None
                        else private_temp_dir("sheets"))
        # The file to save to is known only at the end (save): XlsxWriter opens it only in close().
        self.workbook = xlsxwriter.Workbook(None, {"constant_memory": True, "tmpdir": str(self._folder)})
        self.footer = footer_text(footer_left)
        add = self._add_format
        self._props: dict[int, dict[str, Any]] = {}  # each format's properties, for its quoted twin
        self._quoted: dict[int, Any] = {}
        self.footer_left = footer_left
        self.title_format = add({"bold": True, "font_size": 14})
        self.header_format = add({"bold": True, "bg_color": "#" + HEADER_FILL, "valign": "top", "text_wrap": True})
        self.wrap = add({"text_wrap": True, "valign": "top"})  # a text column's cells
        self.top = add({"valign": "top"})  # a number column's cells
        self.bold = add({"bold": True, "valign": "top"})
        self.bold_wrap = add({"bold": True, "valign": "top", "text_wrap": True})
        self.banner_format = add({"bold": True, "font_size": 12, "font_color": "#A63F00"})
        self.plain = add({})  # the default font, for a run of rich text
        self.quoted = add({"quote_prefix": True})  # Excel keeps it text even if someone edits the cell later
        self.date_format = add({"num_format": DATE_FORMAT, "valign": "top"})
        self.datetime_format = add({"num_format": DATETIME_FORMAT, "valign": "top"})
        self.cover_day = add({"num_format": DATE_FORMAT, "align": "left", "valign": "top"})
        self.cover_time = add({"num_format": DATETIME_FORMAT, "align": "left", "valign": "top"})
        self.status_formats = [(words, add({"bg_color": "#" + colour})) for colour, words in STATUS_COLOURS.items()]
        self._sheets = {name: self.workbook.add_worksheet(name[:31]) for name in order}
        self._filled: set[str] = set()
        self._open: dict[str, _Open] = {}

    def _add_format(self, props: dict[str, Any]) -> Any:
        fmt = self.workbook.add_format(props)
        self._props[id(fmt)] = props
        return fmt

    def _quoted_twin(self, fmt: Any) -> Any:
        """``fmt`` with Excel's quote prefix: text that looks like a formula stays text when edited."""
        twin = self._quoted.get(id(fmt))
        if twin is None:
            twin = self._quoted[id(fmt)] = self._add_format({**self._props[id(fmt)], "quote_prefix": True})
        return twin

    def new_sheet(self, name: str) -> Any:
        """The worksheet named ``name``, once: each sheet is filled exactly once."""
        if name not in self._sheets:
            raise KeyError(f"the sheet {name!r} is not in the workbook's order {list(self._sheets)}")
        if name in self._filled:
            raise KeyError(f"the sheet {name!r} was already written")
        self._filled.add(name)
        return self._sheets[name]

    def save(self, target: Path) -> None:
        """Write the finished workbook to ``target`` (the temporary file beside the user's target)."""
        try:
            unfilled = [name for name in self._sheets if name not in self._filled or name in self._open]
            if unfilled:
                raise RuntimeError(f"sheets never written or never finished: {', '.join(unfilled)}")
            from xlsxwriter.exceptions import FileCreateError

            self.workbook.filename = str(target)
            try:
                self.workbook.close()
            except FileCreateError as exc:  # a full disk, here or in its temporary folder: an OSError, as before
                raise exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc)) from exc
        finally:
            self._tidy()

    def discard(self) -> None:
        """Abandon the workbook (cancel or failure): nothing is written and its temporary files go."""
        self._tidy()

    def _tidy(self) -> None:
        for ws in self._sheets.values():
            handle = getattr(ws, "row_data_fh", None)  # each sheet's rows, in a file of the private folder
            if handle is not None and not handle.closed:
                handle.close()
        shutil.rmtree(self._folder, ignore_errors=True)

    # -- cells -------------------------------------------------------------------------------

    def write_text(self, ws: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
        """A text cell through the one sanitiser (never a formula, never a hyperlink, never markup)."""
        if type(value) is str and _plain(value):
            ws.write_string(row, col, value, fmt)
            return
        text = cell_text(value)
        if text is None:
            if fmt is not None:
                ws.write_blank(row, col, None, fmt)
            return
        if text.startswith("<r>") and text.endswith("</r>"):
            # XlsxWriter writes such a string as rich-text XML, unescaped; as two runs of text in
            # the default font it is escaped like any other and reads back exactly as typed.
            ws.write_rich_string(row, col, text[:3], self.plain, text[3:], *([fmt] if fmt is not None else []))
            return
        if text.startswith(_FORMULA_LIKE):
            fmt = self.quoted if fmt is None else self._quoted_twin(fmt)
        ws.write_string(row, col, text, fmt)

    def _putter(self, ws: Any, kind: Kind) -> Put:
        """How one column's values become cells: chosen once per column, not per value (the pack's hot loop)."""
        write_text = self.write_text
        if kind in (Kind.TEXT, Kind.STATUS):
            write_string = ws.write_string
            wrap = self.wrap

            def put_text(row: int, col: int, value: Any) -> None:
                if value is None or value == "":
                    return
                if type(value) is str and _plain(value):
                    write_string(row, col, value, wrap)
                else:
                    write_text(ws, row, col, value, wrap)
            return put_text
        if kind in (Kind.DATE, Kind.DATETIME):
            write_datetime = ws.write_datetime
            day, moment = self.date_format, self.datetime_format
            with_time = kind is Kind.DATETIME

            def put_date(row: int, col: int, value: Any) -> None:
                if value is None or value == "":
                    return
                if isinstance(value, datetime):
                    if with_time:
                        write_datetime(row, col, value, moment)
                        return
                    value = value.date()
                write_datetime(row, col, value, day)
            return put_date
        write_number = ws.write_number

        def put_other(row: int, col: int, value: Any) -> None:
            if value is None or value == "":
                return
            if isinstance(value, bool):
                write_text(ws, row, col, "Yes" if value else "No")
            elif isinstance(value, int | float):
                write_number(row, col, value, self.top)
            else:
                write_text(ws, row, col, value, self.wrap)
        return put_other

    # -- sheets ------------------------------------------------------------------------------

    def set_up_printing(self, ws: Any, n_cols: int, n_rows: int, header_row: int, widths: list[float] | None = None,
               title_columns: int = 0) -> None:
        """Print set-up; ``header_row`` counts from 0 (the title line is row 0).

        A4 landscape at the scale ``print_layout`` picks for ``widths``; a sheet split across pages
        repeats its header row and its ``title_columns`` (frozen on screen too) on every page, and is
        printed across then down, so a row's continuation is on the next page.
        """
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.set_margins(**MARGINS)
        scale, split = print_layout(widths or [])
        ws.set_print_scale(scale)
        ws.hide_gridlines(0)  # gridlines on screen and on paper
        ws.set_footer(self.footer, {"margin": 0.3})
        if split:
            ws.print_across()
        if n_cols:
            ws.repeat_rows(header_row)
            keys = max(0, min(title_columns, n_cols - 1))
            ws.freeze_panes(header_row + 1, keys)
            if split and keys:
                ws.repeat_columns(0, keys - 1)
            ws.autofilter(header_row, 0, header_row + n_rows, n_cols - 1)
            # Long text overflows into empty columns on screen; print only the table itself.
            ws.print_area(0, 0, header_row + max(1, n_rows), n_cols - 1)

    def add_sheet(self, data: SheetData, cancelled: Callable[[], bool] | None = None) -> None:
        """A whole register sheet: a title line, the header row, then one row per record."""
        self.begin_sheet(data, cancelled)
        self.end_sheet(data.name)

    def begin_sheet(self, data: SheetData, cancelled: Callable[[], bool] | None = None) -> None:
        """Start a register sheet with its title, header and the rows it has so far; more rows may
        follow (``add_rows``) until ``end_sheet``. Sheets may be open side by side.

        ``cancelled`` is asked every few hundred rows; when it says yes, WritingStopped is raised.
        """
        ws = self.new_sheet(data.name)
        # Text is wrapped and each row's height is set from its longest text (row_height):
        # neither Excel nor LibreOffice grows a row for wrapped text on opening, so without the
        # height a wrapped cell would be cut off on screen and on paper.
        widths: list[float] = [max(col.width, min(len(col.header) + 3, 40)) for col in data.columns]
        for index, width in enumerate(widths):
            ws.set_column(index, index, width)
        self.write_text(ws, 0, 0, data.title, self.title_format)
        wrapped = [col.kind in (Kind.TEXT, Kind.STATUS) for col in data.columns]
        ws.set_row(_HEADER_ROW, row_height([col.header for col in data.columns], widths, [True] * len(widths)))
        for index, col in enumerate(data.columns):
            self.write_text(ws, _HEADER_ROW, index, col.header, self.header_format)
        putters = list(enumerate(self._putter(ws, col.kind) for col in data.columns))
        self._open[data.name] = _Open(ws, data, putters, cancelled, widths, wrapped)
        self.add_rows(data.name, data.rows)

    def add_rows(self, name: str, rows: list[list[Any]]) -> None:
        """More rows for a sheet that is open, below the ones already written."""
        sheet = self._open[name]
        n_cols = len(sheet.data.columns)
        putters, cancelled = sheet.putters, sheet.cancelled
        widths, wrapped, set_row = sheet.widths, sheet.wrapped, sheet.ws.set_row
        count = sheet.count
        for row in rows:
            count += 1
            if len(row) != n_cols:
                raise ValueError(f"{name}: row {count} has {len(row)} values for {n_cols} columns")
            row_number = _HEADER_ROW + count
            height = row_height(row, widths, wrapped)
            if height is not None:
                set_row(row_number, height)
            for (index, put), value in zip(putters, row):
                put(row_number, index, value)
            if cancelled is not None and count % CHECK_EVERY == 0 and cancelled():
                raise WritingStopped(f"stopped while writing {name}")
        sheet.count = count

    def end_sheet(self, name: str) -> None:
        """Finish a sheet: print set-up, filter and status colours over all its rows."""
        sheet = self._open.pop(name)
        ws, data, count = sheet.ws, sheet.data, sheet.count
        if not count:
            self.write_text(ws, _HEADER_ROW + 1, 0, "None in this period.")
        self.set_up_printing(ws, len(data.columns), count, _HEADER_ROW, sheet.widths, self.title_columns(data))
        self._colour_statuses(ws, data, _HEADER_ROW + 1, _HEADER_ROW + max(1, count))

    @staticmethod
    def title_columns(data: SheetData) -> int:
        """The columns repeated on each printed page and frozen on screen: the sheet's own, after
        the Home column a pack of several homes starts each row with."""
        lead = 1 if len(data.columns) > 1 and data.columns[0].header == "Home" else 0
        return data.title_columns + lead

    def _colour_statuses(self, ws: Any, data: SheetData, first_row: int, last_row: int) -> None:
        """Colour the status columns by their words: one rule per colour for each run of adjacent
        status columns (a rule's formula is relative, so it reads each cell of its run)."""
        runs: list[list[int]] = []
        for index, col in enumerate(data.columns):
            if col.kind is not Kind.STATUS:
                continue
            if runs and runs[-1][-1] == index - 1:
                runs[-1].append(index)
            else:
                runs.append([index])
        for run in runs:
            first = f"{_letter(run[0])}{first_row + 1}"
            for words, fmt in self.status_formats:
                starts = ",".join(f'LEFT({first},{len(word)})="{word}"' for word in words)
                ws.conditional_format(first_row, run[0], last_row, run[-1], {
                    "type": "formula", "criteria": f"=OR({starts})", "format": fmt, "stop_if_true": True})

    def add_key_values(self, name: str, title: str, pairs: list[tuple[str, Any]], banner: str = "",
                       links: list[tuple[str, str]] | None = None) -> None:
        """The cover: a title, an optional draft banner, label/value lines and a contents list of links."""
        ws = self.new_sheet(name)
        self.set_up_printing(ws, 0, 0, 0, [34, 90])
        ws.set_column(0, 0, 34)
        ws.set_column(1, 1, 90)
        self.write_text(ws, 0, 0, title, self.title_format)
        row = 0
        for k, line in enumerate(banner.split("\n") if banner else []):
            row += 1
            if k == 0:
                self.write_text(ws, row, 0, "DRAFT — evidence incomplete", self.banner_format)
            self.write_text(ws, row, 1, line, self.banner_format)
        for label, value in pairs:
            row += 1
            height = row_height([label, value], [34, 90], [True, True])
            if height is not None:
                ws.set_row(row, height)
            self.write_text(ws, row, 0, label, self.bold_wrap)
            if isinstance(value, datetime):
                ws.write_datetime(row, 1, value, self.cover_time)
            elif isinstance(value, date):
                ws.write_datetime(row, 1, value, self.cover_day)
            else:
                self.write_text(ws, row, 1, value, self.wrap)
        if links:
            row += 2
            self.write_text(ws, row, 0, "Contents", self.bold)
            for sheet, description in links:
                row += 1
                # Sheet names are the pack's own (no quotes in them); the link text is written as text.
                ws.write_url(row, 0, f"internal:'{sheet}'!A1", string=sheet)
                self.write_text(ws, row, 1, description)

    def add_chart_sheet(self, name: str, title: str, months: list[str], series: dict[str, list[float]],
                        trend: dict[str, list[float]]) -> None:
        """Native charts (they print crisply and stay editable): incidents by type, and the trends."""
        from carehome_desk.export.pack_charts import add_chart_sheet

        add_chart_sheet(self, name, title, months, series, trend)


def _letter(index: int) -> str:
    """0 -> A, 26 -> AA (column letters for formulas and anchors)."""
    from xlsxwriter.utility import xl_col_to_name

    return str(xl_col_to_name(index))

