"""Finding the rows in a manager's own workbook: header rows anywhere near the top (merged or
not), blank spacer rows and trailing totals skipped. openpyxl is imported only when a file is read.
"""

from __future__ import annotations

import itertools
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from carehome_desk.importing.book import Book, SheetRef
from carehome_desk.importing.limits import MAX_SHEET_TEXT
from carehome_desk.importing.merge_fill import MergeFill
from carehome_desk.importing.result import ImportFileError, ImportResult, RowError
from carehome_desk.importing.sheet_scan import Merge
from carehome_desk.importing.sheet_spec import Column as Column
from carehome_desk.importing.sheet_spec import Kind as Kind
from carehome_desk.importing.sheet_spec import SheetSpec as SheetSpec
from carehome_desk.importing.sheet_spec import choice_column as choice_column
from carehome_desk.importing.values import is_blank, read_label, word_key
from carehome_desk.progress import NO_PROGRESS, Progress

HEADER_SCAN_ROWS = 30  # a header row further down than this is not a header row
_TOTAL = re.compile(r"^\s*(sub-?\s*|grand\s+)?totals?\b|^\s*(count|sum|average)\s*[:=]?\s*$", re.IGNORECASE)


class DrainingRows(deque[tuple[int, dict[str, object]]]):
    """Rows handed to a planner once: iterating takes each row out, so the cells of a row already
    planned are freed while the next is planned (a big sheet's raw cells and its planned records
    then never sit in memory together)."""

    def __iter__(self) -> Iterator[tuple[int, dict[str, object]]]:
        while self:
            yield self.popleft()


@dataclass
class SheetRows:
    """The data rows of one sheet, with where each column was found."""

    spec: SheetSpec
    title: str
    header_row: int
    found: dict[str, int]  # field -> 0-based column index
    rows: DrainingRows  # Excel row number, field -> non-blank value; read once
    notes: list[str]


def header_key(text: object) -> str:
    """A header cell reduced for matching: 'Completed (DD/MM/YYYY)*' -> 'completed'."""
    if is_blank(text):
        return ""
    return word_key(re.sub(r"\([^)]*\)|\[[^]]*\]", "", read_label(text)))


def find_sheets(sheets: list[SheetRef], specs: tuple[SheetSpec, ...]
                ) -> tuple[list[tuple[SheetSpec, SheetRef]], list[SheetRef]]:
    """The worksheets that hold each record type (in the specs' order), and the ones not read."""
    by_key: dict[str, SheetRef] = {}
    for sheet in sheets:
        by_key.setdefault(header_key(sheet.title), sheet)
    found = [(spec, by_key[header_key(spec.name)]) for spec in specs if header_key(spec.name) in by_key]
    used = {id(ref) for _, ref in found}
    return found, [ref for ref in sheets if id(ref) not in used]


def _header_grid(rows: list[tuple[int, dict[int, object]]], merges: list[Merge]) -> list[list[object]]:
    """The first HEADER_SCAN_ROWS rows as lists, each merged range's value copied into all of its cells."""
    grid: list[list[object]] = [[] for _ in range(HEADER_SCAN_ROWS)]
    for number, cells in rows:
        if cells and 1 <= number <= HEADER_SCAN_ROWS:
            grid[number - 1] = [cells.get(i) for i in range(max(cells) + 1)]
    for merged in merges:
        if merged.min_row > HEADER_SCAN_ROWS:
            continue
        top = grid[merged.min_row - 1]
        value = top[merged.min_col - 1] if merged.min_col <= len(top) else None
        for r in range(merged.min_row - 1, min(merged.max_row, HEADER_SCAN_ROWS)):
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


def _best_header(grid: list[list[object]], spec: SheetSpec) -> tuple[int, dict[str, int]]:
    best_row, best = 0, dict[str, int]()
    for number, cells in enumerate(grid, start=1):
        found = _match_headers(cells, spec)
        if len(found) > len(best):
            best_row, best = number, found
    return best_row, best


def _first_rows(book: Book, ref: SheetRef) -> tuple[list[tuple[int, dict[int, object]]],
                                                     Iterator[tuple[int, dict[int, object]]]]:
    """The rows among the first HEADER_SCAN_ROWS, and the rows still to come (starting with the first later one)."""
    rows = book.rows(ref)
    head: list[tuple[int, dict[int, object]]] = []
    for number, cells in rows:
        if number > HEADER_SCAN_ROWS:
            return head, itertools.chain([(number, cells)], rows)
        head.append((number, cells))
    return head, iter(())


_NAMES_AND_REFS = {"person_ref", "person_name", "staff_ref", "full_name", "reference", "ref"}


def looks_like(book: Book, ref: SheetRef, specs: tuple[SheetSpec, ...]) -> SheetSpec | None:
    """The record type whose headers a sheet not named for one has (at least two, not only names and refs)."""
    head, rest = _first_rows(book, ref)
    close = getattr(rest, "close", None)
    if close is not None:
        close()
    grid = _header_grid(head, book.scan(ref).merges)
    best: tuple[int, SheetSpec | None] = (1, None)
    for spec in specs:
        _, found = _best_header(grid, spec)
        own = set(found) - _NAMES_AND_REFS
        if own and len(found) > best[0]:
            best = (len(found), spec)
    return best[1]


_EVERY_ROWS = 2_000  # report progress, and check for a cancel, every this many rows read


class _Stopped(Exception):
    """The manager cancelled while a sheet was being read."""


def read_sheet(book: Book, ref: SheetRef, spec: SheetSpec, merges: list[Merge],
               progress: Progress = NO_PROGRESS) -> SheetRows | RowError:
    """The data rows of a sheet, or an error for the sheet as a whole (no header row, a missing column).

    Rows are read one at a time: only the cells of the columns read are kept, so memory grows with
    what is imported, not with the sheet's XML.
    """
    head, rest = _first_rows(book, ref)
    grid = _header_grid(head, merges)
    best_row, best = _best_header(grid, spec)
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
    unread = [read_label(v) for i, v in enumerate(grid[best_row - 1]) if i not in used and not is_blank(v)]
    if unread:
        notes.append(f"{spec.name}: column{'s' if len(unread) > 1 else ''} "
                     f"{', '.join(repr(u) for u in unread)} not read.")
    fill = MergeFill(merges, set(best.values()))
    rows = DrainingRows()
    totals: list[int] = []
    text = 0
    for count, (number, cells) in enumerate(itertools.chain(head, rest)):
        if count % _EVERY_ROWS == _EVERY_ROWS - 1:
            if progress.cancelled():
                raise _Stopped
            progress.report(0, 0, f"Reading {ref.title}: {count + 1:,} rows")
        fill.see(number, cells)
        if number <= best_row:
            continue
        cells = fill.filled(number, cells)
        values = {name: cells[i] for name, i in best.items() if i in cells and not is_blank(cells[i])}
        if not values:
            continue  # a spacer row, or text only in columns we do not read
        text += sum(len(v) for v in values.values() if isinstance(v, str))
        if text > MAX_SHEET_TEXT:
            raise ImportFileError(f"The sheet '{ref.title}' holds more than {MAX_SHEET_TEXT:,} characters of text in "
                                  "the columns the import reads: split it into several smaller workbooks and import "
                                  "each.")
        first = next((cells[i] for i in sorted(cells) if not is_blank(cells[i])), None)
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
    return SheetRows(spec=spec, title=ref.title, header_row=best_row, found=best, rows=rows, notes=notes)


def _quoted(names: list[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def read_workbook(path: Path, specs: tuple[SheetSpec, ...], result: ImportResult, progress: Progress,
                  what: str, password: str | None = None) -> list[SheetRows]:
    """The rows of every sheet a register's import reads; sheet-wide problems go into ``result``.

    ``what`` names the workbook for messages ('workforce', 'incidents'). Raises ImportFileError
    when the file cannot be read, passes a limit, holds none of the sheets, or holds a sheet named
    otherwise that looks like one of them (its rows would silently be left out).
    """
    progress.report(0, 0, f"Reading {path.name}")
    book = Book(Path(path), password)
    try:
        return _read(book, path, specs, result, what, progress)
    finally:
        book.close()


def _read(book: Book, path: Path, specs: tuple[SheetSpec, ...], result: ImportResult, what: str,
          progress: Progress) -> list[SheetRows]:
    found, others = find_sheets(book.sheets, specs)
    expected = _quoted([s.name for s in specs])
    if not found:
        raise ImportFileError(f"{path.name} has none of the sheets the {what} import reads ({expected}): rename its "
                              f"sheets to those, or start from the template, which carehome-desk template {what} --out "
                              "FILE.xlsx writes.")
    ignored = [ref for ref in others if ref.title.strip().lower() != "instructions"]
    scans = {ref.part: book.scan(ref) for _, ref in found}  # every limit checked before any sheet is parsed
    alike = [(ref, spec) for ref in ignored if book.scan(ref).has_values
             and (spec := looks_like(book, ref, specs)) is not None]
    if alike:
        one = len(alike) == 1
        titles, looks = _quoted([r.title for r, _ in alike]), _quoted(list(dict.fromkeys(s.name for _, s in alike)))
        raise ImportFileError(f"{path.name} has {'a sheet' if one else 'sheets'} named {titles} that the {what} import "
                              f"does not read, though {'it looks' if one else 'they look'} like the {looks} "
                              f"sheet{'' if looks.count(chr(39)) == 2 else 's'}, so nothing was imported: the sheets "
                              f"it reads are named {expected}; rename {'the sheet' if one else 'them'}, or delete "
                              f"{'it if it is' if one else 'any that are'} not for importing.")
    if ignored:
        result.notes.append(f"Sheet{'s' if len(ignored) > 1 else ''} not read: {', '.join(r.title for r in ignored)}.")
    sheets = []
    for spec, ref in found:
        try:
            read = read_sheet(book, ref, spec, scans[ref.part].merges, progress)
        except _Stopped:
            result.cancelled = True  # the import then writes nothing and says it stopped
            return []
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
