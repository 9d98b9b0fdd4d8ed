"""A quick pass over a sheet's XML before it is parsed: rows, cells in a row, merged ranges, and
whether it holds any value, checked against the limits without building anything in memory.

The sheet's own <dimension> is not trusted (a crafted file can lie): rows are counted as they
pass. The count here is a first check for a quick, plain refusal; the parse that follows counts
again and stops at the same limit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from carehome_desk.importing.guarded import GuardedStream
from carehome_desk.importing.limits import MAX_CELLS_IN_ROW, MAX_MERGED_RANGES, MAX_ROWS
from carehome_desk.importing.result import ImportFileError

_NAME = rb"<(?:[A-Za-z_][\w.\-]*:)?"
_ROW = re.compile(_NAME + rb"row\b([^>]*)>")
_CELL = re.compile(_NAME + rb"c[\s/>]")
_VALUE = re.compile(_NAME + rb"(?:v|is)[\s>]")
_MERGE = re.compile(_NAME + rb"mergeCell\b[^>]*?\bref=[\"']([^\"']*)[\"']")
_ROW_NUMBER = re.compile(rb"\br=[\"'](\d{1,9})[\"']")
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Merge:
    """A merged range, 1-based and inclusive as Excel numbers rows and columns."""

    min_col: int
    min_row: int
    max_col: int
    max_row: int


@dataclass
class SheetScan:
    """What the quick pass found."""

    rows: int = 0
    has_values: bool = False
    merges: list[Merge] = field(default_factory=list)


def scan_sheet(stream: GuardedStream, title: str, fail: Callable[[str], ImportFileError]) -> SheetScan:
    """Count rows and cells in each row, collect merged ranges; ``fail(sentence)`` for a limit passed."""
    from openpyxl.utils.cell import range_boundaries

    scan = SheetScan()
    cells, row_number, carry = 0, 0, b""
    while True:
        chunk = stream.read(_CHUNK)
        data = carry + chunk
        if not chunk:
            carry = b""
        else:  # keep a tag cut in two for the next read
            cut = data.rfind(b"<")
            data, carry = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise fail(f"The sheet '{title}' declares its own XML entities, which Excel never writes, so it is "
                       "not read.")
        if not scan.has_values and _VALUE.search(data):
            scan.has_values = True
        start = 0
        for match in _ROW.finditer(data):
            cells += _count_cells(data, start, match.start())
            _check_cells(cells, title, row_number, fail)
            scan.rows += 1
            if scan.rows > MAX_ROWS:
                raise fail(f"The sheet '{title}' has more than {MAX_ROWS:,} rows, the most the import reads from "
                           "one sheet: split it into several workbooks and import each.")
            number = _ROW_NUMBER.search(match.group(1))
            row_number = int(number.group(1)) if number else row_number + 1
            cells, start = 0, match.start()
        cells += _count_cells(data, start, len(data))
        _check_cells(cells, title, row_number, fail)
        for merge in _MERGE.finditer(data):
            if len(scan.merges) >= MAX_MERGED_RANGES:
                raise fail(f"The sheet '{title}' has more than {MAX_MERGED_RANGES:,} merged cell ranges, the most "
                           "the import reads: unmerge the cells and try again.")
            try:
                min_col, min_row, max_col, max_row = range_boundaries(merge.group(1).decode("ascii"))
            except (ValueError, TypeError, UnicodeDecodeError):
                continue  # not a range: nothing to fill
            if None not in (min_col, min_row, max_col, max_row):
                scan.merges.append(Merge(min_col, min_row, max_col, max_row))  # type: ignore[arg-type]
        if not chunk:
            return scan


def _count_cells(data: bytes, start: int, end: int) -> int:
    # subn counts in C, and its output is no bigger than the slice: fast even for a crafted row
    return _CELL.subn(b"", data[start:end])[1]


def _check_cells(cells: int, title: str, row: int, fail: Callable[[str], ImportFileError]) -> None:
    if cells > MAX_CELLS_IN_ROW:
        raise fail(f"The sheet '{title}' has more than {MAX_CELLS_IN_ROW:,} cells in row {row}, more than Excel "
                   "itself allows, so it is not read.")
