"""Finding the rows in a manager's own workbook: header rows anywhere near the top (merged or
not), blank spacer rows and trailing totals skipped. openpyxl is imported only when a file is read.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as default
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from carehome_desk.importing.result import ImportFileError, ImportResult, RowError
from carehome_desk.importing.values import is_blank, read_text, word_key
from carehome_desk.progress import Progress

E = TypeVar("E", bound=Enum)

HEADER_SCAN_ROWS = 30  # a header row further down than this is not a header row
_TOTAL = re.compile(r"^\s*(sub-?\s*|grand\s+)?totals?\b|^\s*(count|sum|average)\s*[:=]?\s*$", re.IGNORECASE)


class Kind(Enum):
    """How a column's cells are read."""

    TEXT = "text"
    NOTE = "note"  # text that may run over several lines
    DIGITS = "digits"
    DATE = "date"
    MONTH_DATE = "month_date"  # a month and year is enough ('April 2024' is the 1st)
    TICK = "tick"
    NUMBER = "number"
    CHOICE = "choice"
    TIME = "time"  # a time of day, UK local
    DATETIME = "datetime"  # a date and a time of day, UK local
    DATE_MAYBE_TIME = "date_maybe_time"  # a date, with its time of day (UK local) when known


@dataclass(frozen=True)
class Column:
    """One column the importer reads, as the template writes it."""

    header: str
    field: str
    kind: Kind
    help: str
    required: bool = False  # needed for a new record
    aliases: tuple[str, ...] = ()
    choices: Mapping[str, Enum] = default(default_factory=dict)  # word_key(text) -> value
    allowed: str = ""  # the choices as the manager should type them
    width: int = 16


def choice_column(header: str, field: str, shown: dict[E, str], help: str, *, required: bool = False,
                  extra: Iterable[tuple[str, E]] = (), aliases: tuple[str, ...] = (), width: int = 22) -> Column:
    """A column whose cells must be one of ``shown``'s labels (or an accepted synonym)."""
    words: dict[str, Enum] = {}
    for value, label in shown.items():
        words[word_key(label)] = value
        words[word_key(value.value)] = value
    for text, value in extra:
        words[word_key(text)] = value
    allowed = ", ".join(shown.values())
    return Column(header, field, Kind.CHOICE, f"{help} One of: {allowed}.", required=required, aliases=aliases,
                  choices=words, allowed=allowed, width=width)


@dataclass(frozen=True)
class SheetSpec:
    """One record type: its sheet name and columns."""

    name: str
    about: str
    columns: tuple[Column, ...]
    anchors: tuple[str, ...]  # fields of which a real row has at least one

    def column(self, field_name: str) -> Column:
        """The column that holds a field."""
        return next(c for c in self.columns if c.field == field_name)


@dataclass
class SheetRows:
    """The data rows of one sheet, with where each column was found."""

    spec: SheetSpec
    title: str
    header_row: int
    found: dict[str, int]  # field -> 0-based column index
    rows: list[tuple[int, dict[str, object]]]  # Excel row number, field -> non-blank value
    notes: list[str]


def header_key(text: object) -> str:
    """A header cell reduced for matching: 'Completed (DD/MM/YYYY)*' -> 'completed'."""
    if is_blank(text):
        return ""
    return word_key(re.sub(r"\([^)]*\)|\[[^]]*\]", "", read_text(text)))


def open_workbook(path: Path) -> Any:
    """The workbook at ``path`` with cached formula values, or ImportFileError in plain words."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.exists():
        raise ImportFileError(f"There is no file at {path}.")
    if path.is_dir():
        raise ImportFileError(f"{path} is a folder, not a spreadsheet.")
    if path.suffix.lower() in (".xls", ".csv", ".ods"):
        raise ImportFileError(f"{path.name} is a {path.suffix.lower()} file. Open it in Excel or LibreOffice and "
                              "save it as an Excel workbook (.xlsx), then import that.")
    try:
        return load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise ImportFileError(f"{path.name} is not an Excel workbook (.xlsx) that can be read ({exc}). "
                              "Save it from Excel or LibreOffice as .xlsx and try again.") from None


def find_sheets(workbook: Any, specs: tuple[SheetSpec, ...]) -> tuple[list[tuple[SheetSpec, Any]], list[str]]:
    """The worksheets that hold each record type (in the specs' order), and the titles not read."""
    by_key = {header_key(ws.title): ws for ws in workbook.worksheets}
    found = [(spec, by_key[header_key(spec.name)]) for spec in specs if header_key(spec.name) in by_key]
    used = {id(ws) for _, ws in found}
    others = [ws.title for ws in workbook.worksheets if id(ws) not in used]
    return found, others


def _grid(ws: Any) -> list[list[object]]:
    """Every cell value, with each merged range's value copied into all of its cells."""
    grid = [list(row) for row in ws.iter_rows(values_only=True)]
    for merged in ws.merged_cells.ranges:
        value = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(grid) else None
        for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
            row = grid[r]
            if len(row) < merged.max_col:
                row.extend([None] * (merged.max_col - len(row)))
            for c in range(merged.min_col - 1, merged.max_col):
                row[c] = value
    return grid


def _match_headers(cells: list[object], spec: SheetSpec) -> dict[str, int]:
    wanted: dict[str, str] = {}
    for column in spec.columns:
        for name in (column.header, *column.aliases):
            wanted.setdefault(header_key(name), column.field)
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = wanted.get(header_key(cell), "")
        if name and name not in found:
            found[name] = index
    return found


def read_sheet(ws: Any, spec: SheetSpec) -> SheetRows | RowError:
    """The data rows of a sheet, or an error for the sheet as a whole (no header row, a missing column)."""
    grid = _grid(ws)
    best_row, best = 0, dict[str, int]()
    for number, cells in enumerate(grid[:HEADER_SCAN_ROWS], start=1):
        found = _match_headers(cells, spec)
        if len(found) > len(best):
            best_row, best = number, found
    if len(best) < 2:
        expected = ", ".join(f"'{c.header}'" for c in spec.columns)
        return RowError(spec.name, None, None, f"no header row found in the first {HEADER_SCAN_ROWS} rows. "
                        f"The columns read are {expected}.")
    missing = [c.header for c in spec.columns if c.required and c.field not in best]
    if missing:
        if len(missing) == 1:
            return RowError(spec.name, best_row, None, f"the needed column '{missing[0]}' is missing from the header row.")
        names = ", ".join(f"'{m}'" for m in missing)
        return RowError(spec.name, best_row, None, f"these needed columns are missing from the header row: {names}.")
    notes: list[str] = []
    used = set(best.values())
    unread = [read_text(v) for i, v in enumerate(grid[best_row - 1]) if i not in used and not is_blank(v)]
    if unread:
        notes.append(f"{spec.name}: column{'s' if len(unread) > 1 else ''} "
                     f"{', '.join(repr(u) for u in unread)} not read.")
    rows: list[tuple[int, dict[str, object]]] = []
    totals: list[int] = []
    for number, cells in enumerate(grid[best_row:], start=best_row + 1):
        values = {name: cells[i] for name, i in best.items() if i < len(cells) and not is_blank(cells[i])}
        if not values:
            continue  # a spacer row, or text only in columns we do not read
        first = next((v for v in cells if not is_blank(v)), None)
        if isinstance(first, str) and _TOTAL.match(first):
            totals.append(number)
            continue
        rows.append((number, values))
    # Trailing rows naming nobody and holding only numbers are totals (a COUNTA or SUM at the foot).
    while rows and not any(a in rows[-1][1] for a in spec.anchors) and all(
            isinstance(v, int | float) for v in rows[-1][1].values()):
        totals.append(rows.pop()[0])
    if totals:
        listed = ", ".join(str(n) for n in sorted(totals))
        notes.append(f"{spec.name}: total row{'s' if len(totals) > 1 else ''} {listed} ignored.")
    return SheetRows(spec=spec, title=ws.title, header_row=best_row, found=best, rows=rows, notes=notes)


def read_workbook(path: Path, specs: tuple[SheetSpec, ...], result: ImportResult, progress: Progress,
                  what: str) -> list[SheetRows]:
    """The rows of every sheet a register's import reads; sheet-wide problems go into ``result``.

    ``what`` names the workbook for messages ('workforce', 'incidents'). Raises ImportFileError
    when the file holds none of the sheets.
    """
    progress.report(0, 0, f"Reading {path.name}")
    workbook = open_workbook(path)
    found, others = find_sheets(workbook, specs)
    if not found:
        names = ", ".join(f"'{s.name}'" for s in specs)
        raise ImportFileError(f"{path.name} has none of the sheets the {what} import reads ({names}). "
                              f"Start from the template: carehome-desk template {what} --out FILE.xlsx")
    ignored = [t for t in others if t.strip().lower() != "instructions"]
    if ignored:
        result.notes.append(f"Sheet{'s' if len(ignored) > 1 else ''} not read: {', '.join(ignored)}.")
    sheets = []
    for spec, ws in found:
        read = read_sheet(ws, spec)
        result.counts(spec.name)
        if isinstance(read, RowError):
            result.errors.append(read)
            continue
        result.notes.extend(read.notes)
        sheets.append(read)
    return sheets


def sort_errors(result: ImportResult, specs: tuple[SheetSpec, ...]) -> None:
    """Errors in the workbook's order: sheet by sheet, row by row."""
    order = [s.name for s in specs]
    result.errors.sort(key=lambda e: (order.index(e.sheet) if e.sheet in order else len(order), e.row or 0))
