"""The parts of a zipped spreadsheet (.xlsx, .xlsm, .ods) read within the import's limits.

Every part is refused by its declared size before anything is unpacked, then read through a
GuardedStream (a zip that lies about its sizes is stopped at the limit). XML that declares its own
entities is refused before it is parsed. The quick pass over each sheet that follows (xlsx_look.py,
ods_look.py) bounds what calamine is then given: it builds each sheet as a full grid, so a single
cell at XFD1048576 or one long text repeated in every row must be refused before it gets there.
"""

from __future__ import annotations

import zipfile
from typing import BinaryIO

from carehome_desk.importing.book import _directory_size
from carehome_desk.importing.file_kind import SAVE_AS
from carehome_desk.importing.guarded import GuardedStream
from carehome_desk.importing.limits import (
    MAX_DIRECTORY_BYTES,
    MAX_PART_BYTES,
    MAX_ROWS,
    MAX_SHARED_STRINGS_BYTES,
    MAX_SHEET_BYTES,
    MAX_SHEET_TEXT,
    size_text,
)
from carehome_desk.importing.result import ImportFileError

#: The most cells (rows x columns, counting the blanks between) one sheet may span: calamine and the
#: table both hold the sheet as a full grid. 100,000 rows of 50 columns.
MAX_GRID_CELLS = 5_000_000
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


class ZipParts:
    """A spreadsheet's zip, its table of contents checked, each part read within its limit."""

    def __init__(self, source: BinaryIO, name: str):
        self.name = name
        if _directory_size(source) > MAX_DIRECTORY_BYTES:
            raise ImportFileError(f"{name} lists more parts than any spreadsheet does, so it is not read: {SAVE_AS}")
        try:
            self.zip = zipfile.ZipFile(source)
            self.names = set(self.zip.namelist())
        except Exception:  # zipfile raises many kinds on a damaged zip; all mean one thing to the manager
            raise self.damaged() from None
        self.titles: dict[str, str] = {}  # part -> sheet name, for the sentences

    def damaged(self, where: str = "") -> ImportFileError:
        return ImportFileError(f"{self.name} is damaged or incomplete{where}, so it cannot be read: {SAVE_AS}")

    def kind(self) -> str:
        """'xlsx', 'xlsm' or 'ods', or ImportFileError for a zip that is none of them."""
        if "mimetype" in self.names and self.read("mimetype").strip() == ODS_MIMETYPE:
            manifest = "META-INF/manifest.xml"
            if manifest in self.names and b"encryption-data" in self.read(manifest):
                raise ImportFileError(f"{self.name} is protected with a password, which the import cannot open in an "
                                      "OpenDocument spreadsheet: open it in LibreOffice, save it without the password "
                                      "(File > Save As, untick 'Save with password') and import that.")
            return "ods"
        if "xl/workbook.bin" in self.names:
            raise ImportFileError(f"{self.name} is an Excel binary workbook (.xlsb), which the import does not "
                                  f"read: {SAVE_AS}")
        if "mimetype" in self.names:
            raise ImportFileError(f"{self.name} is an OpenDocument file but not a spreadsheet: {SAVE_AS}")
        if "[Content_Types].xml" not in self.names or "xl/workbook.xml" not in self.names:
            raise ImportFileError(f"{self.name} is a zip file, but there is no spreadsheet in it: {SAVE_AS}")
        types = self.read("[Content_Types].xml")
        return "xlsm" if b"macroEnabled" in types or "xl/vbaProject.bin" in self.names else "xlsx"

    def limit(self, part: str) -> int:
        if part.startswith("xl/worksheets/") or part == "content.xml":
            return MAX_SHEET_BYTES
        if part.lower().endswith("sharedstrings.xml"):
            return MAX_SHARED_STRINGS_BYTES
        return MAX_PART_BYTES

    def too_big(self, part: str, unpacked: int, exact: bool) -> ImportFileError:
        title = self.titles.get(part)
        size = f"{size_text(unpacked)}{'' if exact else ' or more'}, more than the {size_text(self.limit(part))}"
        if part == "content.xml":  # an .ods file keeps all its sheets in this one part
            return ImportFileError(f"The sheets in {self.name} unpack to {size} the import reads: split them into "
                                   "several smaller files and import each.")
        shared = part.lower().endswith("sharedstrings.xml")
        what = (f"The sheet '{title}'" if title else "The workbook's table of shared text" if shared
                else f"The part {part}")
        return ImportFileError(f"{what} in {self.name} unpacks to {size} the import reads: split it into several "
                               "smaller files and import each.")

    def check_declared(self) -> None:
        """Every part's declared size within its limit (before anything is unpacked)."""
        for info in self.zip.infolist():
            if info.file_size > self.limit(info.filename):
                raise self.too_big(info.filename, info.file_size, True)

    def read(self, part: str) -> bytes:
        """A part's bytes, unpacked within its limit; XML declaring its own entities is refused."""
        try:
            declared = self.zip.getinfo(part).file_size
            if declared > self.limit(part):
                raise self.too_big(part, declared, True)
            with GuardedStream(self.zip.open(part), self.limit(part),
                               lambda n: self.too_big(part, n, False)) as stream:
                data = stream.read()
        except ImportFileError:
            raise
        except MemoryError:
            raise
        except Exception:  # BadZipFile, zlib.error, an encrypted member, an unknown method…: damaged
            raise self.damaged() from None
        head = data[:4096]
        if b"<!DOCTYPE" in head or b"<!ENTITY" in data:
            raise ImportFileError(f"{self.name} declares its own XML entities, which spreadsheets never do, so it "
                                  "is not read.")
        return data

    def close(self) -> None:
        self.zip.close()


def check_grid(name: str, sheet: str | None, rows: int, cols: int, text: int) -> None:
    """Refuse a sheet too big to hold as a grid, or holding more text than the import reads."""
    what = f"The sheet '{sheet}'" if sheet is not None else "A sheet"
    if rows > MAX_ROWS:
        raise ImportFileError(f"{what} in {name} has more than {MAX_ROWS:,} rows, the most the import "
                              "reads from one sheet: split it into several files and import each.")
    if rows * cols > MAX_GRID_CELLS:
        raise ImportFileError(f"{what} in {name} reaches row {rows:,} and column {cols:,}, more cells "
                              f"than the {MAX_GRID_CELLS:,} the import reads from one sheet: delete what is not "
                              "needed (far below or to the right of the table) and try again.")
    if text > MAX_SHEET_TEXT:
        raise ImportFileError(f"{what} in {name} holds more than {MAX_SHEET_TEXT:,} characters of text, "
                              "more than the import reads from one sheet: split it into several files.")
