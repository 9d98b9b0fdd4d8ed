"""Finding the header row and the data rows of a manager's own sheet, and describing its columns.

The header row is looked for in the first 30 rows: title rows and merged group rows above it are
passed over, and the row whose cells are short text that best match the layout's known headers (and,
for a training matrix, the course names) wins. Data rows are the rows below it, less blank rows,
spacer rows and totals or summary rows ('Total', 'Compliance %', a row of percentages).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time

from carehome_desk.importing.own.cells import is_matrix_word, looks_like_date
from carehome_desk.importing.own.mapping import Layout
from carehome_desk.importing.own.tables import CellValue, Table
from carehome_desk.importing.own.targets import header_index, match_course
from carehome_desk.importing.text import is_blank, read_label
from carehome_desk.importing.values import read_tick
from carehome_desk.importing.workbook import HEADER_SCAN_ROWS, header_key
from carehome_desk.models.training import Course

# A totals or summary row's first cell: 'Total', 'Grand total', 'Compliance %', '% compliant', 'Number of staff'…
# ('Count', 'Key' and the like only as the whole cell, so a person called Count or Key is still read).
_SUMMARY = re.compile(r"^\s*((sub-?\s*|grand\s+)?totals?\b|compliance\b|%|percentage\b|percent\b|summary\b|"
                      r"overall\b|number of\b|no\. of\b)|^\s*(count|sum|average|key|legend|staff count)\s*[:=]?\s*$",
                      re.IGNORECASE)
_PERCENT = re.compile(r"^\s*\d+(\.\d+)?\s*%\s*$")
_SHORT = 40  # a header cell is short text


def filled_rows(table: Table, upto: int) -> list[list[CellValue]]:
    """The first ``upto`` rows with each merged range's value copied into all its cells (for headers)."""
    grid = [list(row) for row in table.rows[:upto]]
    for merged in table.merged:
        if merged.first_row >= upto or merged.first_row >= len(grid):
            continue
        top = grid[merged.first_row]
        value = top[merged.first_col] if merged.first_col < len(top) else None
        for r in range(merged.first_row, min(merged.last_row + 1, len(grid))):
            row = grid[r]
            if len(row) <= merged.last_col:
                row.extend([None] * (merged.last_col + 1 - len(row)))
            for c in range(merged.first_col, merged.last_col + 1):
                if r == merged.first_row or is_blank(row[c]):
                    row[c] = value
    return grid


def header_cells(table: Table, header_row: int) -> list[str]:
    """The header row's cells as text ('' for a blank one), merged headers filled in, as wide as the table."""
    grid = filled_rows(table, header_row)
    row = grid[header_row - 1] if header_row - 1 < len(grid) else []
    cells = [read_label(v) if not is_blank(v) else "" for v in row]
    return cells + [""] * (table.width - len(cells))


def _is_text(value: CellValue) -> bool:
    return (isinstance(value, str) and not is_blank(value) and len(value.strip()) <= _SHORT
            and not looks_like_date(value))


def find_header_row(table: Table, layout: Layout, courses: Sequence[Course] = ()) -> int:
    """The 1-based header row: the one among the first 30 that best matches the layout's headers."""
    known = header_index(layout)
    grid = filled_rows(table, HEADER_SCAN_ROWS)
    scored: list[tuple[int, int, int]] = []  # row, score, texts
    for number, row in enumerate(grid, start=1):
        cells = [v for v in row if not is_blank(v)]
        if len(cells) < 2 or len(set(map(str, cells))) < 2:
            continue  # a title, or a merged group row copied across
        texts = [v for v in cells if _is_text(v)]
        if len(texts) * 2 < len(cells):
            continue  # mostly dates or numbers: data, not a header
        matched = {known[k] for v in texts if (k := header_key(v)) in known}
        score = len(matched)
        if layout is Layout.MATRIX:  # distinct courses named, a cell's words ('Missing', 'N/A') not counted
            named = {c.name for v in texts if not is_matrix_word(str(v))
                     and (c := match_course(str(v), courses)[0]) is not None}
            score += len(named)
        if score > 0:
            scored.append((number, score, len(texts)))
    if scored:
        best = max(score for _, score, _ in scored)
        # The topmost row close to the best: a header is above its data, never below it.
        return next(number for number, score, _ in scored if score * 4 >= best * 3)
    for number, row in enumerate(grid, start=1):  # nothing known: the first row of several short texts
        cells = [v for v in row if not is_blank(v)]
        if len(cells) >= 2 and len(set(map(str, cells))) >= 2 and all(_is_text(v) for v in cells):
            return number
    return 1


def _count(value: CellValue) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) or isinstance(value, str) and bool(
        _PERCENT.match(value) or re.fullmatch(r"\s*\d+\s*", value))


def is_summary(cells: Sequence[CellValue], courses: Sequence[int] = ()) -> bool:
    """A totals or summary row: 'Total', 'Compliance %', 'Count'…, or only numbers and percentages, or (given a
    matrix's course columns) a row whose course cells are all counts ('In date', 'Out of date', 'Staff trained')."""
    values = [v for v in cells if not is_blank(v)]
    if not values:
        return False
    first = values[0]
    if isinstance(first, str) and _SUMMARY.match(first):
        return True
    if all(_count(v) for v in values):
        return True
    counted = [cells[c] for c in courses if c < len(cells) and not is_blank(cells[c])]
    return bool(counted) and all(_count(v) for v in counted)


def data_rows(table: Table, header_row: int, courses: Sequence[int] = ()) -> Iterator[tuple[int, list[CellValue]]]:
    """(1-based row number, cells) of every data row below the header: blank and summary rows skipped."""
    for index in range(header_row, len(table.rows)):
        cells = table.rows[index]
        if all(is_blank(v) for v in cells) or is_summary(cells, courses):
            continue
        yield index + 1, cells


def summary_rows(table: Table, header_row: int, courses: Sequence[int] = ()) -> list[int]:
    """The 1-based numbers of the totals and summary rows below the header (left out, and reported)."""
    return [i + 1 for i in range(header_row, len(table.rows)) if is_summary(table.rows[i], courses)]


def _cell_kind(value: CellValue) -> str:
    if isinstance(value, bool):
        return "tick"
    if isinstance(value, datetime | date):
        return "date"
    if isinstance(value, time):
        return "time"
    if isinstance(value, int | float):
        return "number"
    text = read_label(value)
    if looks_like_date(text):
        return "date"
    try:
        read_tick(text)
        return "tick"
    except ValueError:
        return "number" if re.fullmatch(r"-?\d+(\.\d+)?", text) else "text"


def column_kinds(table: Table, header_row: int) -> list[str]:
    """Each column's cells below the header, in words: 'dates', 'text', 'numbers', 'dates and words', 'ticks',
    'times' or 'empty'."""
    kinds: list[set[str]] = [set() for _ in range(table.width)]
    for _, cells in data_rows(table, header_row):
        for col, value in enumerate(cells):
            if not is_blank(value):
                kinds[col].add(_cell_kind(value))
    out = []
    for found in kinds:
        if not found:
            out.append("empty")
        elif found == {"date"}:
            out.append("dates")
        elif "date" in found:
            out.append("dates and words")
        elif found == {"tick"}:
            out.append("ticks")
        elif found == {"number"}:
            out.append("numbers")
        elif found == {"time"}:
            out.append("times")
        else:
            out.append("text")
    return out


_COLOURS = (("red", (255, 0, 0)), ("red", (255, 199, 206)), ("red", (192, 0, 0)), ("amber", (255, 192, 0)),
            ("amber", (255, 235, 156)), ("orange", (255, 153, 0)), ("orange", (248, 203, 173)),
            ("yellow", (255, 255, 0)), ("green", (0, 176, 80)), ("green", (198, 239, 206)), ("green", (146, 208, 80)),
            ("green", (0, 255, 0)), ("blue", (0, 112, 192)), ("blue", (189, 215, 238)), ("grey", (191, 191, 191)),
            ("grey", (128, 128, 128)), ("purple", (112, 48, 160)), ("pink", (255, 153, 204)))


def colour_name(rgb: str) -> str | None:
    """A fill colour in words ('red', 'green'…), or None for white (no colour to report)."""
    try:
        r, g, b = int(rgb[-6:-4], 16), int(rgb[-4:-2], 16), int(rgb[-2:], 16)
    except ValueError:
        return None
    if min(r, g, b) >= 240:
        return None
    return min(_COLOURS, key=lambda c: sum((x - y) ** 2 for x, y in zip(c[1], (r, g, b), strict=True)))[0]


def colours_in(table: Table, col: int, rows: Sequence[int]) -> dict[str, int]:
    """How many of these (1-based) rows' cells in a column are filled with each colour."""
    counts: dict[str, int] = {}
    for row in rows:
        rgb = table.fills.get((row - 1, col))
        name = colour_name(rgb) if rgb else None
        if name:
            counts[name] = counts.get(name, 0) + 1
    return counts
