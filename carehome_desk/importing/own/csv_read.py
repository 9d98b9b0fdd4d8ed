"""A .csv or .txt file read into one table: its encoding found by its byte-order mark, else strict
UTF-8, else Windows-1252 (what older Excel saves); its separator sniffed among , ; tab and |.

Values stay text: a date in a CSV file is whatever the manager's Excel wrote, and the mapping
engine reads it with the rest of the column. Empty fields are None.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from carehome_desk.importing.limits import MAX_CELL_CHARS, MAX_CELLS_IN_ROW, MAX_ROWS, MAX_SHEET_BYTES, size_text
from carehome_desk.importing.own.tables import CellValue, Table
from carehome_desk.importing.own.zip_parts import MAX_GRID_CELLS
from carehome_desk.importing.result import ImportFileError

SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars (|)"}
_ENCODINGS = {"utf-8-sig": "UTF-8 text", "utf-16": "UTF-16 text", "utf-8": "UTF-8 text",
              "cp1252": "Windows-1252 text (older Excel)"}


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """The text and the encoding it was read as ('utf-8-sig', 'utf-16', 'utf-8' or 'cp1252')."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw.decode("utf-8-sig", errors="replace"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ImportFileError(f"{name} says it is UTF-16 text but is damaged, so it cannot be read: open it in "
                                  "Excel or LibreOffice, save it as CSV UTF-8 and import that.") from None
    if b"\x00" in raw[:4096]:
        raise ImportFileError(f"{name} is not a spreadsheet nor a text file the import reads: open it in Excel or "
                              "LibreOffice, save it as an Excel workbook (.xlsx), and import that.")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def _fit(sample: str, sep: str) -> tuple[int, int]:
    """How well ``sep`` splits the sample: rows split into the commonest number of fields (more than
    one), and that number."""
    try:
        counts = [len(fields) for fields in csv.reader(io.StringIO(sample, newline=""), delimiter=sep)
                  if any(f.strip() for f in fields)][:-1]  # the last line may be cut short
    except csv.Error:  # a field longer than csv's limit: reading the file says so
        return 0, 0
    wide = [n for n in counts if n > 1]
    if not wide:
        return 0, 0
    common = max(set(wide), key=lambda n: (wide.count(n), n))
    return wide.count(common), common


def separator(text: str) -> str:
    """The separator: the one that splits the first lines most evenly (csv.Sniffer's answer on a tie)."""
    sample = text[:64 * 1024]
    if "\n" not in sample.rstrip("\r\n"):
        sample += "\n"  # one line: keep it (the last line is left out as perhaps cut short)
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(SEPARATORS)).delimiter
    except csv.Error:
        sniffed = ","
    fits = {sep: _fit(sample, sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: (fits[sep], sep == sniffed, sep == ","))
    return best if fits[best] > (0, 0) else ","


def read_csv(path: Path, raw: bytes) -> tuple[Table, list[str]]:
    """The file's one table (named after the file) and what was found, in words."""
    if len(raw) > MAX_SHEET_BYTES:
        raise ImportFileError(f"{path.name} is {size_text(len(raw))}, more than the {size_text(MAX_SHEET_BYTES)} the "
                              "import reads from a text file: split it into several files and import each.")
    text, encoding = decode(raw, path.name)
    sep = separator(text)
    rows: list[list[CellValue]] = []
    cells = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)  # fields up to csv's own 131,072 limit
    try:
        for fields in reader:
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(f"{path.name} has more than {MAX_ROWS:,} rows, the most the import reads from "
                                      "one file: split it into several files and import each.")
            if any(len(f) > MAX_CELL_CHARS for f in fields):
                raise csv.Error("a field too long")
            row: list[CellValue] = [f if f.strip() else None for f in fields]
            while row and row[-1] is None:
                row.pop()
            cells += len(row)
            if len(row) > MAX_CELLS_IN_ROW or cells > MAX_GRID_CELLS:
                raise ImportFileError(f"{path.name} has more cells than the import reads from one file (row "
                                      f"{reader.line_num} reaches column {len(row):,}): split it into several files.")
            rows.append(row)
    except csv.Error:
        raise ImportFileError(f"{path.name} has a cell in row {reader.line_num} holding more than "
                              f"{MAX_CELL_CHARS:,} characters (or a quote never closed), so it is not read.") from None
    while rows and not rows[-1]:
        rows.pop()
    notes = [f"Read as {_ENCODINGS[encoding]}, separated by {SEPARATORS[sep]}."]
    if encoding == "cp1252" and "\ufffd" in text:
        notes.append("Some characters could not be read and show as \ufffd.")
    return Table(sheet=path.stem, rows=rows), notes
