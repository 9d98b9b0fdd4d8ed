"""A manager's own spreadsheet read into plain tables, whatever its format (.xlsx, .xlsm, .xls, .ods, .csv).

Values only, as Python types: str, int, float, bool, date, datetime, time or None (a blank cell).
What the format says about how the sheet looks is kept beside the values, because managers use it
to mean things: merged ranges (title rows, a heading over several columns), hidden columns and rows,
and cell fill colours standing in for a status. Colour is reported to the manager, never imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

CellValue = str | int | float | bool | date | datetime | time | None


@dataclass(frozen=True)
class Merged:
    """A merged range, 0-based and inclusive: (first_row, first_col) to (last_row, last_col)."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int


@dataclass
class Table:
    """One sheet of the file (a .csv file is one table, named after the file)."""

    sheet: str
    rows: list[list[CellValue]]  # 0-based; row i is the file's row i + 1; rows may differ in length
    merged: list[Merged] = field(default_factory=list)
    hidden_columns: set[int] = field(default_factory=set)  # 0-based
    hidden_rows: set[int] = field(default_factory=set)  # 0-based
    fills: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) 0-based -> 'RRGGBB'
    hidden_sheet: bool = False
    notes: list[str] = field(default_factory=list)  # what reading found, in a manager's words

    @property
    def width(self) -> int:
        """The number of columns (the longest row)."""
        return max((len(r) for r in self.rows), default=0)

    def cell(self, row: int, col: int) -> CellValue:
        """A cell's value (0-based), None beyond the row's end."""
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return None


@dataclass
class SourceFile:
    """Every table of one file, and how it was read."""

    path: Path
    kind: str  # 'xlsx', 'xlsm', 'xls', 'ods' or 'csv' (what the bytes are, not what the name says)
    tables: list[Table]
    notes: list[str] = field(default_factory=list)  # for a .csv: the encoding and separator found


def column_letter(col: int) -> str:
    """The spreadsheet letter of a 0-based column: 0 -> A, 26 -> AA."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
