"""A quick pass over an old .xls workbook's cell records, before calamine reads it: calamine builds
each sheet as a full grid, so one cell at row 65,536 and column IV must be refused, not expanded.

The BIFF8 stream is a run of records (type, length, data); each value cell record starts with its
row and column, and MULRK (several numbers in one row) ends with its last column.
"""

from __future__ import annotations

import struct
from pathlib import Path

from carehome_desk.importing.file_kind import SAVE_AS
from carehome_desk.importing.own.zip_parts import check_grid
from carehome_desk.importing.result import ImportFileError

_CELLS = {0x0006, 0x0203, 0x027E, 0x00FD, 0x0204, 0x0205, 0x00D6}  # FORMULA NUMBER RK LABELSST LABEL BOOLERR RSTRING
_MULRK, _BOF, _EOF = 0x00BD, 0x0809, 0x000A


def check_xls(path: Path) -> None:
    """ImportFileError when a sheet of the workbook reaches further than the import reads."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            name = "Workbook" if ole.exists("Workbook") else "Book"
            data = ole.openstream(name).read()
    except Exception:  # olefile raises many kinds on a damaged file
        raise ImportFileError(f"{path.name} is damaged or incomplete, so it cannot be read: {SAVE_AS}") from None
    at, rows, cols = 0, 0, 0
    while at + 4 <= len(data):
        kind, length = struct.unpack_from("<HH", data, at)
        body = data[at + 4:at + 4 + length]
        at += 4 + length
        if kind == _BOF:
            rows, cols = 0, 0
        elif kind in _CELLS and len(body) >= 4:
            row, col = struct.unpack_from("<HH", body)
            rows, cols = max(rows, row + 1), max(cols, col + 1)
        elif kind == _MULRK and len(body) >= 6:
            row, = struct.unpack_from("<H", body)
            last, = struct.unpack_from("<H", body, len(body) - 2)
            rows, cols = max(rows, row + 1), max(cols, last + 1)
        else:
            continue
        check_grid(path.name, None, rows, cols, 0)
