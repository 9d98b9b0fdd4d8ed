"""What an import of a manager's own sheet noticed and did not import, in the manager's words: hidden
columns and rows, totals rows, colour fills, words instead of dates, months read as the 1st, dates
of birth the app does not keep, columns and sheets left out.
"""

from __future__ import annotations

from collections.abc import Sequence

from carehome_desk.importing.own.mapping import Layout, Mapping
from carehome_desk.importing.own.resolve import Checked, Resolved
from carehome_desk.importing.own.rows import Built
from carehome_desk.importing.own.sheet import colours_in, data_rows, summary_rows
from carehome_desk.importing.own.tables import SourceFile, column_letter


def _rows(numbers: Sequence[int]) -> str:
    shown = [str(n) for n in numbers[:12]]
    more = f" and {len(numbers) - 12} more" if len(numbers) > 12 else ""
    if len(shown) == 1:
        return f"row {shown[0]}"
    return f"rows {', '.join(shown[:-1])} and {shown[-1]}{more}" if not more else f"rows {', '.join(shown)}{more}"


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def reported_for(source: SourceFile, mapping: Mapping, checked: Checked, built: list[Built]) -> list[str]:
    """Every line for the 'What the import noticed' part of the report."""
    lines = list(source.notes)
    mapped = {r.table.sheet for r in checked.sheets}
    for table in source.tables:
        if table.sheet in mapped or not table.rows:
            continue
        why = "is hidden in the file, and " if table.hidden_sheet else ""
        lines.append(f"Sheet '{table.sheet}' {why}is not mapped: not imported.")
    if mapping.defaults:
        given = ", ".join(f"{key} '{value}'" for key, value in sorted(mapping.defaults.items()))
        lines.append(f"The map's defaults give every row with no column for them: {given}.")
    for resolved, made in zip(checked.sheets, built, strict=True):
        lines += [f"Sheet '{resolved.table.sheet}': {note}" for note in resolved.table.notes]
        lines += _sheet(resolved, mapping, made)
    return lines


def _sheet(r: Resolved, mapping: Mapping, made: Built) -> list[str]:
    sheet, table = r.table.sheet, r.table
    lines: list[str] = []
    rows = [n for n, _ in data_rows(table, r.sheet.header_row, [c.index for c in r.courses])]
    for col in sorted(table.hidden_columns):
        head = f"Column {column_letter(col)}" + (f" '{r.headers[col]}'" if col < len(r.headers) and r.headers[col]
                                                 else "")
        if col in r.columns:
            lines.append(f"Sheet '{sheet}': {head} is hidden in the file; it is mapped, so it was read.")
        elif any(col < len(table.rows[n - 1]) and table.rows[n - 1][col] is not None for n in rows):
            lines.append(f"Sheet '{sheet}': {head} is hidden in the file: not imported unless you map it.")
    hidden = [n for n in rows if n - 1 in table.hidden_rows]
    if hidden:
        lines.append(f"Sheet '{sheet}': {_rows(hidden)} {'is' if len(hidden) == 1 else 'are'} hidden in the file; "
                     "read like the others.")
    totals = summary_rows(table, r.sheet.header_row, [c.index for c in r.courses])
    if totals:
        lines.append(f"Sheet '{sheet}': {_rows(totals)} look{'s' if len(totals) == 1 else ''} like totals or a "
                     "summary: left out.")
    unmapped = [f"'{h}'" for i, h in enumerate(r.headers) if h and i not in r.columns and i not in table.hidden_columns]
    if unmapped:
        lines.append(f"Sheet '{sheet}': column{'s' if len(unmapped) > 1 else ''} {', '.join(unmapped)} not mapped: "
                     "not imported.")
    if "date_of_birth" in r.fields:
        lines.append(f"Sheet '{sheet}': column '{r.name(r.fields['date_of_birth'])}' holds dates of birth, which the "
                     "app does not keep: not imported.")
    if mapping.layout is Layout.MATRIX and made.staff is None:
        lines.append(f"Sheet '{sheet}': Role and Start date are not both mapped, so the training is recorded only "
                     "for people already on the staff register; nobody new is added.")
    if made.words:
        words = ", ".join(f"'{w.word}' {_plural(n, 'time')} ({w.meaning})"
                          for w, n in sorted(made.words.items(), key=lambda i: -i[1]))
        lines.append(f"Sheet '{sheet}': cells with words instead of a date are not imported: {words}.")
    if made.months:
        row, column, text = made.months[0]
        lines.append(f"Sheet '{sheet}': {_plural(len(made.months), 'date')} gave only a month and year (for example "
                     f"'{text}' in row {row}, column '{column}'): read as the 1st of the month.")
    for column, (count, months) in made.expiry.items():
        lines.append(f"Sheet '{sheet}', column '{column}': {_plural(count, 'expiry date')} read; each completion "
                     f"date is worked out as {_plural(months, 'month')} before it.")
    for col in range(table.width):
        colours = colours_in(table, col, rows)
        if colours:
            listed = ", ".join(f"{n} {name}" for name, n in sorted(colours.items(), key=lambda i: -i[1]))
            first, _, rest = listed.partition(", ")
            number, _, name = first.partition(" ")
            shown = f"{_plural(int(number), 'cell')} coloured {name}" + (f", {rest}" if rest else "")
            what = "the dates are" if any(c.index == col for c in r.courses) else "the values are"
            lines.append(f"Sheet '{sheet}', column '{r.name(col)}': {shown} — colour is not imported, {what}.")
    return lines
