"""A manager's own spreadsheet read into tables, whatever its format, found by its bytes (not its name).

- .xlsx / .xlsm (a zip with an Excel workbook), a password-protected one (decrypted in memory),
  .ods (a zip whose mimetype says OpenDocument spreadsheet) and old .xls (an OLE file with a
  Workbook stream): values by python-calamine; .csv / .txt (anything else that is text): csv_read.
- Values: text, int, float, bool, date, datetime, time; a blank cell (or text of spaces only) is None.
  A number that is whole is an int (calamine gives every .xlsx number as a float, so a staff ref
  1001 would otherwise read as 1001.0); a percentage stays the fraction it is (0.95 for 95%).
  A duration (a time cell past 24 hours) is a time when under a day, else its text ('26:30:00').
- Rows are numbered as in the file: row i of a table is the file's row i + 1, column j its column j.
- How sheets look: merged ranges (top to bottom, then left to right), hidden columns and hidden
  rows (every format but .csv), and solid fills (.xlsx, .xlsm, .ods); colours in .xls files are
  not read, and SourceFile.notes says so.

Every file that cannot be read gives ImportFileError with one plain sentence, never another
exception; every format is bounded before it is read (limits.py, zip_parts.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree.ElementTree import ParseError

from carehome_desk.importing.file_kind import OLE_MAGIC, SAVE_AS, ZIP_MAGIC, _ole_streams, _sniff_text, file_size, open_source
from carehome_desk.importing.limits import MAX_CELL_CHARS, MAX_ROWS, MAX_SHEET_BYTES, size_text
from carehome_desk.importing.own.csv_read import read_csv
from carehome_desk.importing.own.ods_look import OdsSheet, look_at_ods
from carehome_desk.importing.own.tables import CellValue, Merged, SourceFile, Table
from carehome_desk.importing.own.xlsx_look import SheetLook, look_at_sheet, shared_lengths, sheet_parts, style_fills
from carehome_desk.importing.own.zip_parts import ZipParts
from carehome_desk.importing.result import ImportFileError

log = logging.getLogger(__name__)
MAX_XLS_BYTES = MAX_SHEET_BYTES  # an old .xls is read whole: far bigger than any home's records
XLS_NOTE = "Cell colours are not read from old .xls files."
CONDITIONAL_NOTE = ("This sheet colours some cells by conditional formatting rules: those colours are not read, "
                    "only colours filled in by hand.")
FILLS_CUT_NOTE = "This sheet has more coloured cells than are shown; the rest are not read."


def read_source(path: Path, password: str | None = None) -> SourceFile:
    """Every sheet of the file at ``path`` as a Table; ``password`` opens a protected .xlsx.

    Raises ImportFileError (WorkbookProtected for a protected workbook without the right password)
    with one sentence saying what is wrong and what to do.
    """
    size = file_size(path)
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if head.startswith(OLE_MAGIC):
        return _read_ole(path, size, password)
    if head.startswith(ZIP_MAGIC):
        with open(path, "rb") as handle:
            return _read_zip(path, handle)
    if size > MAX_SHEET_BYTES:
        raise ImportFileError(f"{path.name} is {size_text(size)}, more than the {size_text(MAX_SHEET_BYTES)} the "
                              "import reads from a text file: split it into several files and import each.")
    what = _sniff_text(head)
    if what.startswith("plain text"):
        what = ""
    if what or b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(f"{path.name} is not a spreadsheet" + (f" (it is {what})" if what else "")
                              + f": {SAVE_AS}")
    table, notes = read_csv(path, path.read_bytes())
    return SourceFile(path=path, kind="csv", tables=[table], notes=notes)


def _read_ole(path: Path, size: int, password: str | None) -> SourceFile:
    with open(path, "rb") as handle:
        streams = _ole_streams(path, handle)
    if "WORKBOOK" in streams or "BOOK" in streams:
        if size > MAX_XLS_BYTES:
            raise ImportFileError(f"{path.name} is {size_text(size)}, more than the {size_text(MAX_XLS_BYTES)} the "
                                  f"import reads from an old .xls workbook: {SAVE_AS}")
        from carehome_desk.importing.own.xls_scan import scan_xls

        looks = scan_xls(path)
        with _calamine(path.name, str(path)) as book:
            tables = [_table(book, meta, path.name, merged=True) for meta in book.sheets_metadata]
            metas = list(book.sheets_metadata)
        if len(looks) == len(tables):  # sheets in the same order (a workbook with odd sheets: looks left out)
            for table, look in zip(tables, looks):
                table.hidden_columns, table.hidden_rows = look.hidden_columns, look.hidden_rows
        return _source(path, "xls", metas, tables, [XLS_NOTE])
    source = open_source(path, password)  # a protected workbook, decrypted; or the plain sentence why not
    return _read_zip(path, source)


def _read_zip(path: Path, source: BinaryIO) -> SourceFile:
    parts = ZipParts(source, path.name)
    try:
        kind = parts.kind()
        if kind == "ods":
            parts.check_declared()
            return _read_ods(path, parts, source)
        where = sheet_parts(parts)
        parts.titles.update({part: title for title, part in where.items()})
        parts.check_declared()
        return _read_xlsx(path, parts, source, kind, where)
    except (ParseError, ValueError, IndexError):  # workbook.xml, styles.xml or the theme not well formed
        raise parts.damaged() from None
    finally:
        parts.close()


def _read_xlsx(path: Path, parts: ZipParts, source: BinaryIO, kind: str, where: dict[str, str]) -> SourceFile:
    fills, strings = style_fills(parts), shared_lengths(parts)
    looks: dict[str, SheetLook] = {}
    for title, part in where.items():
        if part not in parts.names:
            raise parts.damaged(f" (the sheet '{title}')")
        looks[title] = look_at_sheet(parts, part, title, fills, strings)
    source.seek(0)
    with _calamine(path.name, source) as book:
        tables, metas = [], list(book.sheets_metadata)
        for meta in metas:
            table = _table(book, meta, path.name, merged=True)
            look = looks.get(meta.name)
            if look is not None:
                table.hidden_columns, table.hidden_rows, table.fills = (look.hidden_columns, look.hidden_rows,
                                                                        look.fills)
                if look.fills_cut:
                    table.notes.append(FILLS_CUT_NOTE)
                if look.conditional:
                    table.notes.append(CONDITIONAL_NOTE)
            tables.append(table)
    return _source(path, kind, metas, tables, [])


def _read_ods(path: Path, parts: ZipParts, source: BinaryIO) -> SourceFile:
    looks: dict[str, OdsSheet] = {sheet.name: sheet for sheet in look_at_ods(parts)}
    source.seek(0)
    with _calamine(path.name, source) as book:
        tables, metas = [], list(book.sheets_metadata)
        for meta in metas:
            table = _table(book, meta, path.name, merged=False)
            look = looks.get(meta.name)
            if look is not None:
                table.merged, table.hidden_columns, table.hidden_rows = (_in_order(look.merged), look.hidden_columns,
                                                                         look.hidden_rows)
                table.fills, table.hidden_sheet = look.fills, table.hidden_sheet or look.hidden
            tables.append(table)
    return _source(path, "ods", metas, tables, [])


@contextmanager
def _calamine(name: str, source: str | BinaryIO) -> Iterator[Any]:
    """The workbook opened by calamine, closed after; whatever it raises on a damaged file becomes the one
    plain sentence."""
    import python_calamine

    try:
        with python_calamine.load_workbook(source) as book:
            yield book
    except ImportFileError:
        raise
    except (MemoryError, RecursionError, KeyboardInterrupt):
        raise
    except python_calamine.PasswordError:  # an old .xls protected with a password (its records encrypted)
        raise ImportFileError(f"{name} is protected with a password, which the import cannot open in an old .xls "
                              "workbook: open it in Excel, remove the password, save it as an Excel workbook (.xlsx) "
                              "and import that.") from None
    except BaseException as exc:  # CalamineError and its kinds, and a panic in its Rust code (a BaseException)
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise  # SystemExit, GeneratorExit
        log.info("%s could not be read by calamine: %r", name, exc)
        raise ImportFileError(f"{name} is damaged or incomplete, so it cannot be read: {SAVE_AS}") from None


def _source(path: Path, kind: str, metas: list[Any], tables: list[Table], notes: list[str]) -> SourceFile:
    """The file's worksheets; a chart sheet (or an old macro or dialog sheet) holds no cells and is left out."""
    import python_calamine

    kept = []
    for meta, table in zip(metas, tables, strict=True):
        if meta.typ == python_calamine.SheetTypeEnum.WorkSheet:
            kept.append(table)
        else:
            what = "chart sheet" if meta.typ == python_calamine.SheetTypeEnum.ChartSheet else "sheet"
            notes.append(f"The {what} '{meta.name}' holds no table of cells, so it is left out.")
    return SourceFile(path=path, kind=kind, tables=kept, notes=notes)


def _table(book: Any, meta: Any, name: str, *, merged: bool) -> Table:
    import python_calamine

    if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
        return Table(sheet=str(meta.name), rows=[])
    sheet = book.get_sheet_by_name(meta.name)
    if sheet.height > MAX_ROWS:
        raise ImportFileError(f"The sheet '{meta.name}' in {name} has more than {MAX_ROWS:,} rows, the most the "
                              "import reads from one sheet: split it into several files and import each.")
    rows = [_row(values, meta.name, number) for number, values in
            enumerate(sheet.to_python(skip_empty_area=False), start=1)]
    while rows and not rows[-1]:
        rows.pop()
    table = Table(sheet=str(meta.name), rows=rows,
                  hidden_sheet=meta.visible != python_calamine.SheetVisibleEnum.Visible)
    if merged:
        table.merged = _in_order([Merged(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])])
    return table


def _in_order(merged: list[Merged]) -> list[Merged]:
    """Merged ranges top to bottom, then left to right (calamine gives them in no fixed order)."""
    return sorted(merged, key=lambda m: (m.first_row, m.first_col, m.last_row, m.last_col))


def _row(values: list[Any], sheet: str, number: int) -> list[CellValue]:
    row = [_value(v, sheet, number) for v in values]
    while row and row[-1] is None:
        row.pop()
    return row


def _value(value: Any, sheet: str, number: int) -> CellValue:
    if isinstance(value, str):
        if len(value) > MAX_CELL_CHARS:
            raise ImportFileError(f"The sheet '{sheet}' has a cell in row {number} holding {len(value):,} characters, "
                                  f"more than the {MAX_CELL_CHARS:,} a cell can hold, so it is not read.")
        return value if value.strip() else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, timedelta):
        if timedelta(0) <= value < timedelta(days=1):
            return (datetime.min + value).time()
        hours, rest = divmod(int(value.total_seconds()), 3600)
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
    if isinstance(value, (bool, int, date, datetime, time)):
        return value
    return None if value is None else str(value)
