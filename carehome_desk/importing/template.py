"""Blank import workbooks: one sheet per record type, with exactly the headers the importer reads."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from carehome_desk.export.atomic import save_workbook
from carehome_desk.export.cells import put_text
from carehome_desk.importing.workbook import Kind, SheetSpec
from carehome_desk.importing.workforce_sheets import SHEETS, STAFF, WHO

TEMPLATE_ROWS = 1000  # drop-down lists and formats reach this far down each sheet
TICKS = "✓,✗"
LIST_COLUMN = 7  # column G of the Instructions sheet onwards: drop-down lists too long to write in-line

GUIDANCE = (
    "Fill in the sheets you need and leave the others empty. Keep each header row as it is: "
    "columns the importer does not know are ignored, and the header row may sit lower down.",
    "Dates: DD/MM/YYYY, for example 03/04/2024. Date cells, 3.4.24 and 3 April 2024 are read too. "
    "An impossible date (31/02/2024) is reported, never guessed.",
    "Ticks and crosses: ✓ (or yes) and ✗ (or no).",
    "Level 3 and Level 5 deadlines count from when the person first started in a care role in any children's "
    "home (Level 3, reg 32(4): 2 years) or first started managing any children's home (Level 5, reg 28: 3 "
    "years), not from their current role: a promotion does not restart them. Give those dates in the Staff "
    "sheet's two 'First …' columns; left blank, the start date here is used (the role start for the manager) "
    "and, where that may be wrong, the person is listed for you to confirm.",
    "People: the other sheets name each person by their Staff ref (best) or their full name, exactly as on "
    "the Staff sheet or as already recorded in carehome-desk.",
    "Importing the same file again changes nothing. A row that matches a saved record updates it; a blank "
    "cell never clears what is already recorded.",
    "Every row with a problem is listed by sheet, row and column, and nothing is saved until every row is "
    "right (or you choose to skip the bad rows). Try it first with: carehome-desk import workforce FILE.xlsx "
    "--dry-run",
)


def _needed(sheet_name: str, field: str, required: bool) -> str:
    if sheet_name != STAFF.name and field in WHO:
        return "One of the two"
    return "Yes" if required else ""


def write_workforce_template(path: Path, course_names: Sequence[str] | None = None) -> None:
    """Write the blank workforce import workbook to ``path`` (via a temporary file renamed over it)."""
    if course_names is None:
        from carehome_desk.store.workforce import load_default_catalogue

        course_names = [c.name for c in load_default_catalogue()]
    write_template(path, "carehome-desk: workforce import", GUIDANCE, SHEETS, needed=_needed, appendix=(
        ("Courses in the default catalogue (use the names shown in the app's catalogue if your provider has "
         "changed them):", course_names),))


def write_template(path: Path, title: str, guidance: Sequence[str], sheets: Sequence[SheetSpec], *,
                   needed: Callable[[str, str, bool], str] | None = None,
                   appendix: Sequence[tuple[str, Sequence[str]]] = ()) -> None:
    """A blank import workbook: an Instructions sheet, then one sheet per spec with exactly its headers.

    ``needed`` says what to write in the 'Needed for a new row' column; ``appendix`` adds lists
    (a heading and its lines) below the column table.
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    needed = needed or (lambda _sheet, _field, required: "Yes" if required else "")
    bold = Font(bold=True)
    shade = PatternFill("solid", fgColor="DDE4EE")
    wrap = Alignment(wrap_text=True, vertical="top")

    wb = Workbook()
    about = wb.active
    assert about is not None
    about.title = "Instructions"
    put_text(about.cell(1, 1), title)
    about.cell(1, 1).font = Font(bold=True, size=14)
    row = 3
    for line in guidance:
        put_text(about.cell(row, 1), line)
        about.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        about.cell(row, 1).alignment = wrap
        about.row_dimensions[row].height = 16 * max(2, -(-len(line) // 110))  # about 110 characters a line
        row += 1
    row += 1
    for col, head in enumerate(("Sheet", "Column", "Needed for a new row", "What to enter"), start=1):
        put_text(about.cell(row, col), head)
        about.cell(row, col).font = bold
        about.cell(row, col).fill = shade
    for spec in sheets:
        row += 1
        put_text(about.cell(row, 1), spec.name)
        about.cell(row, 1).font = bold
        put_text(about.cell(row, 4), spec.about)
        for column in spec.columns:
            row += 1
            for col, text in enumerate((spec.name, column.header, needed(spec.name, column.field, column.required),
                                        column.help), start=1):
                put_text(about.cell(row, col), text)
                about.cell(row, col).alignment = wrap
    for heading, lines in appendix:
        row += 2
        put_text(about.cell(row, 1), heading)
        about.cell(row, 1).font = bold
        for line in lines:
            row += 1
            put_text(about.cell(row, 2), line)
    for letter, width in zip("ABCD", (20, 26, 14, 90)):
        about.column_dimensions[letter].width = width
    list_column = LIST_COLUMN  # long drop-down lists live here, right of the instructions

    for spec in sheets:
        ws = wb.create_sheet(spec.name)
        for index, column in enumerate(spec.columns, start=1):
            cell = ws.cell(1, index)
            put_text(cell, column.header)
            cell.font, cell.fill, cell.alignment = bold, shade, wrap
            cell.comment = Comment(column.help, "carehome-desk", width=260, height=120)
            letter = get_column_letter(index)
            dimension = ws.column_dimensions[letter]
            dimension.width = column.width
            cells = f"{letter}2:{letter}{TEMPLATE_ROWS}"
            if column.kind in (Kind.DATE, Kind.MONTH_DATE):
                dimension.number_format = "DD/MM/YYYY"
            elif column.kind is Kind.DATETIME:
                dimension.number_format = "DD/MM/YYYY HH:MM"
            elif column.kind in (Kind.TEXT, Kind.DIGITS, Kind.TIME, Kind.DATE_MAYBE_TIME):
                # Text keeps leading zeros in refs, a time typed as '01:30 BST' or '14.30' as typed, and a
                # date typed without a time as just the date (a date cell would show and keep it as 00:00).
                dimension.number_format = "@"
            allowed = column.allowed.replace(", ", ",") if column.kind is Kind.CHOICE else (
                TICKS if column.kind is Kind.TICK else "")
            if not allowed:
                continue
            if len(allowed) <= 250:  # Excel's limit on an in-line list
                source = f'"{allowed}"'
            else:
                labels = column.allowed.split(", ")
                list_letter = get_column_letter(list_column)
                put_text(about.cell(1, list_column), f"{spec.name}: {column.header}")
                about.cell(1, list_column).font = bold
                for n, label in enumerate(labels, start=2):
                    put_text(about.cell(n, list_column), label)
                about.column_dimensions[list_letter].width = max(len(x) for x in labels) + 2
                source = f"Instructions!${list_letter}$2:${list_letter}${len(labels) + 1}"
                list_column += 1
            check = DataValidation(type="list", formula1=source, allow_blank=True, errorStyle="warning",
                                   showErrorMessage=True, errorTitle=column.header,
                                   error=f"Expected one of: {column.allowed or '✓, ✗'}.")
            check.add(cells)
            ws.add_data_validation(check)
        ws.freeze_panes = "A2"
        ws.row_dimensions[1].height = 30
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "1:1"
    save_workbook(wb, Path(path))
