"""A quick pass over an old .xls workbook's records, before calamine reads it: calamine builds each
sheet as a full grid, so one cell at row 65,536 and column IV must be refused, not expanded. The
same pass finds the hidden columns (COLINFO) and hidden rows (ROW), which calamine does not give.

A sheet's DIMENSIONS record (the range it says it uses) is checked too: calamine sets aside
memory for that range before reading a cell, so a damaged one would end the program, not raise.

The BIFF8 stream is a run of records (type, length, data): a BOF record opens the workbook's
globals and then each sheet, in the order of the sheet tabs; each value cell record starts with
its row and column, and MULRK (several numbers in one row) ends with its last column.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

from carehome_desk.importing.file_kind import SAVE_AS
from carehome_desk.importing.own.zip_parts import check_grid
from carehome_desk.importing.result import ImportFileError

_CELLS = {0x0006, 0x0203, 0x027E, 0x00FD, 0x0204, 0x0205, 0x00D6}  # FORMULA NUMBER RK LABELSST LABEL BOOLERR RSTRING
_MULRK, _BOF, _COLINFO, _ROW, _DIMENSIONS = 0x00BD, 0x0809, 0x007D, 0x0208, 0x0200


@dataclass
class XlsSheet:
    """What the pass found in one sheet (in the order of the workbook's sheets)."""

    hidden_columns: set[int] = field(default_factory=set)
    hidden_rows: set[int] = field(default_factory=set)


def scan_xls(path: Path) -> list[XlsSheet]:
    """Each sheet's hidden columns and rows; ImportFileError when a sheet reaches further than the import reads."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            data = ole.openstream("Workbook" if ole.exists("Workbook") else "Book").read()
    except Exception:  # olefile raises many kinds on a damaged file
        raise ImportFileError(f"{path.name} is damaged or incomplete, so it cannot be read: {SAVE_AS}") from None
    sheets: list[XlsSheet] = []
    at, rows, cols, seen = 0, 0, 0, 0
    while at + 4 <= len(data):
        kind, length = struct.unpack_from("<HH", data, at)
        body = data[at + 4:at + 4 + length]
        at += 4 + length
        if kind == _BOF:
            if seen:  # the first BOF opens the globals, each one after it a sheet
                sheets.append(XlsSheet())
            seen, rows, cols = seen + 1, 0, 0
        elif not sheets:
            continue
        elif kind in _CELLS and len(body) >= 4:
            row, col = struct.unpack_from("<HH", body)
            rows, cols = max(rows, row + 1), max(cols, col + 1)
            check_grid(path.name, None, rows, cols, 0)
        elif kind == _MULRK and len(body) >= 6:
            row, = struct.unpack_from("<H", body)
            last, = struct.unpack_from("<H", body, len(body) - 2)
            rows, cols = max(rows, row + 1), max(cols, last + 1)
            check_grid(path.name, None, rows, cols, 0)
        elif kind == _DIMENSIONS and len(body) >= 12:
            # calamine sets aside room for the whole range this record gives, before reading a cell:
            # a range turned inside out (a damaged file) would ask for terabytes and end the program
            first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", body)
            if first_row > last_row or first_col > last_col or last_row > 65_536 or last_col > 256:
                raise ImportFileError(f"{path.name} is damaged or incomplete, so it cannot be read: {SAVE_AS}")
            check_grid(path.name, None, last_row - first_row, last_col - first_col, 0)
        elif kind == _COLINFO and len(body) >= 10:
            first, last, _, _, options = struct.unpack_from("<HHHHH", body)
            if options & 0x0001:
                sheets[-1].hidden_columns.update(range(first, min(last, 255) + 1))
        elif kind == _ROW and len(body) >= 16:
            row, = struct.unpack_from("<H", body)
            options, = struct.unpack_from("<H", body, 12)
            if options & 0x0020:
                sheets[-1].hidden_rows.add(row)
    return sheets
