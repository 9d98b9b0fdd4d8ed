"""Writing the corpus's shapes (corpus.py) as files: .xlsx and .xlsm with openpyxl, .ods as its zip
written by hand (no LibreOffice needed), and .csv as Excel saves it (UTF-8 with a BOM, or
Windows-1252 with semicolons as Excel does where the comma is the decimal mark)."""

from __future__ import annotations

import csv
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from xml.sax.saxutils import escape

from tests.importing.own.corpus import THEME_GREEN, THEME_GREEN_RGB, Book, Sheet

MACRO_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col + 1)


def write_xlsx(book: Book, path: Path, *, macro: bool = False) -> Path:
    """The shape as an Excel workbook; ``macro`` gives it the macro-enabled (.xlsm) content type."""
    import openpyxl
    from openpyxl.styles import Color, PatternFill

    wb = openpyxl.Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for spec in book.sheets:
        ws = wb.create_sheet(spec.name)
        for r, row in enumerate(spec.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c)
                cell.value = value  # type: ignore[assignment]
                if isinstance(value, str):
                    cell.data_type = "s"
                elif isinstance(value, datetime | date):
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(value, time):
                    cell.number_format = "HH:MM"
                elif r - 1 in spec.percent_rows:
                    cell.number_format = "0%"
        for (r, c), colour in spec.fills.items():
            fg = Color(theme=6) if colour == THEME_GREEN else Color(rgb="FF" + colour)
            ws.cell(row=r + 1, column=c + 1).fill = PatternFill("solid", fgColor=fg)
        for merge in spec.merges:
            ws.merge_cells(merge)
        for col in spec.hidden_columns:
            ws.column_dimensions[_letter(col)].hidden = True
        if spec.hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    if macro:
        _make_macro_enabled(path)
    return path


def _make_macro_enabled(path: Path) -> None:
    """Rewrite the workbook's content type as Excel writes it for an .xlsm."""
    with zipfile.ZipFile(path) as old:
        parts = {info: old.read(info) for info in old.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info, data in parts.items():
            if info.filename == "[Content_Types].xml":
                data = data.replace(XLSX_TYPE.encode(), MACRO_TYPE.encode())
            new.writestr(info, data)


def _ods_cell(value: object, style: str, percent: bool) -> str:
    attrs = f' table:style-name="{style}"' if style else ""
    if value is None:
        return f"<table:table-cell{attrs}/>"
    if isinstance(value, bool):
        return (f'<table:table-cell{attrs} office:value-type="boolean" office:boolean-value="{str(value).lower()}">'
                f"<text:p>{'TRUE' if value else 'FALSE'}</text:p></table:table-cell>")
    if isinstance(value, int | float):
        kind = "percentage" if percent else "float"
        shown = f"{value:.0%}" if percent else str(value)
        return (f'<table:table-cell{attrs} office:value-type="{kind}" office:value="{value}"><text:p>{shown}</text:p>'
                "</table:table-cell>")
    if isinstance(value, date):
        return (f'<table:table-cell{attrs} office:value-type="date" office:date-value="{value.isoformat()}">'
                f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>")
    if isinstance(value, time):
        return (f'<table:table-cell{attrs} office:value-type="time" office:time-value="PT{value.hour:02d}H'
                f'{value.minute:02d}M{value.second:02d}S"><text:p>{value:%H:%M}</text:p></table:table-cell>')
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split("\n"))
    return f'<table:table-cell{attrs} office:value-type="string">{paragraphs}</table:table-cell>'


def _ods_kind(value: object, percent: bool) -> str:
    if isinstance(value, date):
        return "date"
    if isinstance(value, time):
        return "time"
    return "pct" if percent and isinstance(value, int | float) and not isinstance(value, bool) else ""


def _ods_table(spec: Sheet, styles: dict[tuple[str, str], str]) -> str:
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for merge in spec.merges:
        from openpyxl.utils.cell import range_boundaries

        c1, r1, c2, r2 = range_boundaries(merge)
        assert c1 and r1 and c2 and r2
        spans[(r1 - 1, c1 - 1)] = (c2 - c1 + 1, r2 - r1 + 1)
        covered |= {(r, c) for r in range(r1 - 1, r2) for c in range(c1 - 1, c2)} - {(r1 - 1, c1 - 1)}
    width = max(max(len(r) for r in spec.rows), max((c + cs for (_, c), (cs, _) in spans.items()), default=0))
    out = [f'<table:table table:name="{escape(spec.name)}" table:style-name="{"ta2" if spec.hidden else "ta1"}">']
    for col in range(width):
        hidden = ' table:visibility="collapse"' if col in spec.hidden_columns else ""
        out.append(f'<table:table-column table:style-name="co1"{hidden}/>')
    for r in range(len(spec.rows)):
        row = spec.rows[r]
        out.append("<table:table-row>")
        for c in range(width):
            value = row[c] if c < len(row) else None
            fill = spec.fills.get((r, c), "")
            fill = THEME_GREEN_RGB if fill == THEME_GREEN else fill
            kind = _ods_kind(value, r in spec.percent_rows)
            style = styles.setdefault((fill, kind), f"ce{len(styles) + 1}") if fill or kind else ""
            if (r, c) in covered:
                out.append("<table:covered-table-cell/>")
                continue
            cell = _ods_cell(value, style, r in spec.percent_rows)
            if (r, c) in spans:
                cs, rs = spans[(r, c)]
                cell = cell.replace("<table:table-cell", f'<table:table-cell table:number-columns-spanned="{cs}" '
                                    f'table:number-rows-spanned="{rs}"', 1)
            out.append(cell)
        out.append("</table:table-row>")
    out.append("</table:table>")
    return "".join(out)


_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
       'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2"')
_DATA_STYLES = {
    "date": '<number:date-style style:name="N1"><number:day number:style="long"/><number:text>/</number:text>'
            '<number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/>'
            "</number:date-style>",
    "time": '<number:time-style style:name="N2"><number:hours number:style="long"/><number:text>:</number:text>'
            '<number:minutes number:style="long"/></number:time-style>',
    "pct": '<number:percentage-style style:name="N3"><number:number number:decimal-places="0" '
           'number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>',
}


def write_ods(book: Book, path: Path) -> Path:
    """The shape as an OpenDocument spreadsheet, written as LibreOffice would (mimetype first, stored)."""
    styles: dict[tuple[str, str], str] = {}
    tables = "".join(_ods_table(spec, styles) for spec in book.sheets)
    cell_styles = []
    for (fill, kind), name in styles.items():
        data = {"date": "N1", "time": "N2", "pct": "N3"}.get(kind)
        data_attr = f' style:data-style-name="{data}"' if data else ""
        props = f'<style:table-cell-properties fo:background-color="#{fill.lower()}"/>' if fill else ""
        cell_styles.append(f'<style:style style:name="{name}" style:family="table-cell" '
                           f'style:parent-style-name="Default"{data_attr}>{props}</style:style>')
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NS}><office:automatic-styles>'
               + "".join(_DATA_STYLES.values())
               + '<style:style style:name="co1" style:family="table-column"><style:table-column-properties '
               'style:column-width="2.5cm"/></style:style>'
               '<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/>'
               '</style:style><style:style style:name="ta2" style:family="table"><style:table-properties '
               'table:display="false"/></style:style>'
               + "".join(cell_styles)
               + f"</office:automatic-styles><office:body><office:spreadsheet>{tables}</office:spreadsheet>"
               "</office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
                f'manifest:media-type="{ODS_TYPE}"/><manifest:file-entry manifest:full-path="content.xml" '
                'manifest:media-type="text/xml"/></manifest:manifest>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as ods:
        ods.writestr(zipfile.ZipInfo("mimetype"), ODS_TYPE, compress_type=zipfile.ZIP_STORED)
        ods.writestr("content.xml", content)
        ods.writestr("META-INF/manifest.xml", manifest)
    return path


def csv_text(value: object, percent: bool) -> str:
    """A cell as Excel writes it into a CSV file in the UK."""
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if percent and isinstance(value, int | float):
        return f"{value:.0%}"
    return str(value)


def write_csv(book: Book, path: Path, *, encoding: str = "utf-8-sig", sep: str = ",") -> Path:
    """The shape's first sheet as a CSV file; characters Windows-1252 lacks become '?', as Excel writes them."""
    spec = book.sheets[0]
    with open(path, "w", encoding=encoding, errors="replace", newline="") as out:
        writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
        for r, row in enumerate(spec.rows):
            writer.writerow([csv_text(v, r in spec.percent_rows) for v in row])
    return path
