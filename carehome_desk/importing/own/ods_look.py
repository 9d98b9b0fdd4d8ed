"""How the sheets of an OpenDocument spreadsheet (.ods) look, read from its content.xml: merged
ranges (calamine gives none for .ods), hidden columns and rows, and cell background colours from
the file's automatic styles; and the quick pass that bounds each sheet before calamine reads it
(a row or a cell repeated a million times must be refused, not expanded).
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from carehome_desk.importing.own.tables import Merged
from carehome_desk.importing.own.xlsx_look import MAX_FILLS
from carehome_desk.importing.own.zip_parts import ZipParts, check_grid

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_FILL_COLUMNS = 1024  # fills past this column (a style repeated to the sheet's edge) are not kept


def _attr(el: ET.Element, ns: str, name: str) -> str | None:
    return el.get(f"{{{ns}}}{name}")


def _count(el: ET.Element, name: str) -> int:
    value = _attr(el, TABLE, name) or "1"
    return max(1, int(value)) if value.isdigit() else 1


@dataclass
class OdsSheet:
    """One table of the file, as the quick pass found it."""

    name: str
    merged: list[Merged] = field(default_factory=list)
    hidden_columns: set[int] = field(default_factory=set)
    hidden_rows: set[int] = field(default_factory=set)
    fills: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden: bool = False


class _Pass:
    def __init__(self, parts: ZipParts):
        self.parts = parts
        self.colours: dict[str, str] = {}  # cell style -> 'RRGGBB'
        self.hidden_tables: set[str] = set()  # table styles with display="false"
        self.sheets: list[OdsSheet] = []

    def style(self, el: ET.Element) -> None:
        name, family = _attr(el, STYLE, "name"), _attr(el, STYLE, "family")
        for props in el:
            if family == "table-cell" and props.tag == f"{{{STYLE}}}table-cell-properties":
                colour = (_attr(props, FO, "background-color") or "").lstrip("#").upper()
                if name and len(colour) == 6:
                    self.colours[name] = colour
            elif family == "table" and props.tag == f"{{{STYLE}}}table-properties":
                if name and _attr(props, TABLE, "display") == "false":
                    self.hidden_tables.add(name)

    def run(self, data: bytes) -> list[OdsSheet]:
        sheet: OdsSheet | None = None
        row = col = rows = cols = text = 0
        row_cols = row_text = 0
        column = 0
        for event, el in ET.iterparse(io.BytesIO(data), events=("start", "end")):
            tag = el.tag
            if event == "start":
                if tag == f"{{{TABLE}}}table":
                    sheet = OdsSheet(_attr(el, TABLE, "name") or f"Sheet{len(self.sheets) + 1}")
                    sheet.hidden = (_attr(el, TABLE, "style-name") or "") in self.hidden_tables
                    self.sheets.append(sheet)
                    row = col = rows = cols = text = column = 0
                elif tag == f"{{{TABLE}}}table-row":
                    col = row_cols = row_text = 0
                continue
            if tag == f"{{{STYLE}}}style":
                self.style(el)
            elif sheet is None:
                continue
            elif tag == f"{{{TABLE}}}table-column":
                repeat = _count(el, "number-columns-repeated")
                if _attr(el, TABLE, "visibility") in ("collapse", "filter"):
                    sheet.hidden_columns.update(range(column, min(column + repeat, 16_384)))
                column += repeat
            elif tag in (f"{{{TABLE}}}table-cell", f"{{{TABLE}}}covered-table-cell"):
                repeat = _count(el, "number-columns-repeated")
                spans = _count(el, "number-columns-spanned"), _count(el, "number-rows-spanned")
                if spans != (1, 1):
                    sheet.merged.append(Merged(row, col, row + spans[1] - 1, col + spans[0] - 1))
                colour = self.colours.get(_attr(el, TABLE, "style-name") or "")
                if colour and row < 100_000:
                    for at in range(col, min(col + repeat, _FILL_COLUMNS)):
                        if len(sheet.fills) < MAX_FILLS:
                            sheet.fills[(row, at)] = colour
                if _attr(el, OFFICE, "value-type") or len(el):
                    row_cols = col + repeat
                    row_text += len("".join(el.itertext())) * repeat
                col += repeat
                el.clear()
            elif tag == f"{{{TABLE}}}table-row":
                repeat = _count(el, "number-rows-repeated")
                if _attr(el, TABLE, "visibility") in ("collapse", "filter") and row < 100_000:
                    sheet.hidden_rows.update(range(row, min(row + repeat, 100_000)))
                if row_cols:
                    rows, cols, text = row + repeat, max(cols, row_cols), text + row_text * repeat
                    check_grid(self.parts.name, sheet.name, rows, cols, text)
                row += repeat
                el.clear()
        return self.sheets


def look_at_ods(parts: ZipParts) -> list[OdsSheet]:
    """Every table's merges, hidden columns and rows and fills, in file order; ImportFileError past a limit."""
    try:
        return _Pass(parts).run(parts.read("content.xml"))
    except (ET.ParseError, ValueError):
        raise parts.damaged() from None
