"""An Excel workbook opened for importing, within stated limits (importing/limits.py).

The zip is opened only after its table of contents is found to be of a sane size; every part is
read through a GuardedStream, so the bytes actually unpacked are bounded whatever the zip claims;
each sheet is scanned (rows, cells a row, merged ranges) before it is parsed, and parsed one row at
a time (openpyxl's own row parser, which turns numbers into dates by the cell's format). Whatever
the file holds, the outcome is the rows, or ImportFileError with one plain sentence: never another
exception, and never unbounded memory.
"""

from __future__ import annotations

import logging
import struct
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO

from carehome_desk.importing.file_kind import SAVE_AS, open_source
from carehome_desk.importing.guarded import GuardedStream
from carehome_desk.importing.limits import (
    MAX_CELL_CHARS,
    MAX_DIRECTORY_BYTES,
    MAX_PART_BYTES,
    MAX_ROWS,
    MAX_SHARED_STRINGS,
    MAX_SHARED_STRINGS_BYTES,
    MAX_SHEET_BYTES,
    size_text,
)
from carehome_desk.importing.result import ImportFileError
from carehome_desk.importing.sheet_scan import SheetScan, scan_sheet

log = logging.getLogger(__name__)
# openpyxl's readers warn on stderr about odd files (a date out of range, an unknown extension); the
# import says what matters in its own words. Set once: catch_warnings per row is slow and not thread-safe.
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.(reader|worksheet|styles|packaging|"
                        r"descriptors|workbook|cell)")
_STRING_ENTRY = b"<(?:[A-Za-z_][\\w.\\-]*:)?si[\\s>/]"


@dataclass(frozen=True)
class SheetRef:
    """A worksheet: its name on the tab, and its part in the zip."""

    title: str
    part: str


class _GuardedZip:
    """The zip as openpyxl's reader sees it: every read goes through a GuardedStream."""

    def __init__(self, zip_file: zipfile.ZipFile, limit: Callable[[str], int],
                 fail: Callable[[str, int, bool], ImportFileError]):
        self._zip, self._limit, self._fail = zip_file, limit, fail

    def namelist(self) -> list[str]:
        return self._zip.namelist()

    def open(self, name: str, mode: str = "r", *, escape: bool = False) -> GuardedStream:
        limit = self._limit(name)
        declared = self._zip.getinfo(name).file_size  # KeyError for a missing part, as ZipFile raises
        if declared > limit:  # refuse before unpacking anything; the count in GuardedStream catches a lie
            raise self._fail(name, declared, True)
        return GuardedStream(self._zip.open(name), limit, lambda n: self._fail(name, n, False), escape=escape)

    def read(self, name: str) -> bytes:
        with self.open(name) as stream:
            return stream.read()

    def close(self) -> None:
        self._zip.close()


def _directory_size(handle: BinaryIO) -> int:
    """The size the zip's end record gives for its table of contents (0 when there is no end record)."""
    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(max(0, size - 65_557))
    tail = handle.read()
    handle.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return 0
    directory: int = struct.unpack("<I", tail[at + 12:at + 16])[0]
    if directory == 0xFFFFFFFF and at >= 20 and tail[at - 20:at - 16] == b"PK\x06\x07":  # zip64
        handle.seek(struct.unpack("<Q", tail[at - 12:at - 4])[0])
        record = handle.read(56)
        handle.seek(0)
        directory = struct.unpack("<Q", record[40:48])[0] if record[:4] == b"PK\x06\x06" else directory
    return directory


class Book:
    """A workbook being read: its sheets by name, each scanned and then read row by row."""

    def __init__(self, path: Path, password: str | None = None):
        self.name = path.name
        self._source = open_source(path, password)
        try:
            self._open(self._source)
        except BaseException:
            self._source.close()
            raise

    def _damaged(self, where: str = "") -> ImportFileError:
        return ImportFileError(f"{self.name} is damaged or incomplete{where}, so it cannot be read: {SAVE_AS}")

    @contextmanager
    def _reading(self, where: str = "") -> Iterator[None]:
        # openpyxl's parsers raise almost any exception on a malformed part (KeyError, TypeError,
        # ValueError, ParseError, BadZipFile…); to the manager they all mean one thing.
        try:
            yield
        except ImportFileError:
            raise
        except (MemoryError, RecursionError, KeyboardInterrupt):
            raise
        except Exception as exc:
            log.info("%s%s could not be read: %r", self.name, where, exc)
            raise self._damaged(where) from None

    def _open(self, source: BinaryIO) -> None:
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet

        if _directory_size(source) > MAX_DIRECTORY_BYTES:
            raise ImportFileError(f"{self.name} lists more parts than any workbook does, so it is not read: {SAVE_AS}")
        with self._reading():
            reader = ExcelReader(source, read_only=True, data_only=True, keep_links=False)
        zip_file: zipfile.ZipFile = reader.archive
        names = set(zip_file.namelist())
        if "mimetype" in names and "[Content_Types].xml" not in names:
            raise ImportFileError(f"{self.name} is an OpenDocument spreadsheet (.ods), which the import does not "
                                  f"read: {SAVE_AS}")
        if "xl/workbook.bin" in names:
            raise ImportFileError(f"{self.name} is an Excel binary workbook (.xlsb), which the import does not read: "
                                  f"{SAVE_AS}")
        if "[Content_Types].xml" not in names:
            raise ImportFileError(f"{self.name} is a zip file, but there is no Excel workbook in it: {SAVE_AS}")
        self._zip = _GuardedZip(zip_file, self._limit, self._too_big)
        reader.archive = self._zip  # type: ignore[assignment]  # duck-typed: openpyxl only reads through it
        with self._reading():
            reader.read_manifest()
            try:
                reader.read_workbook()
            except OSError as exc:
                if "no valid workbook part" not in str(exc):  # openpyxl's words for a zip with no workbook
                    raise
                raise ImportFileError(f"{self.name} is a zip file, but there is no Excel workbook in it: "
                                      f"{SAVE_AS}") from None
            self._strings(reader)
            apply_stylesheet(self._zip, reader.wb)  # type: ignore[arg-type]
            self.sheets = [SheetRef(str(sheet.name), str(rel.target)) for sheet, rel in reader.parser.find_sheets()
                           if "chartsheet" not in str(rel.Type) and rel.target in names]
            self._epoch, wb = reader.wb.epoch, reader.wb
            self._dates = set(wb._date_formats)  # type: ignore[attr-defined]  # set by apply_stylesheet
            self._times = set(wb._timedelta_formats)  # type: ignore[attr-defined]
        self._shared: list[str] = reader.shared_strings
        self._titles = {s.part: s.title for s in self.sheets}
        self._scans: dict[str, SheetScan] = {}

    def _limit(self, part: str) -> int:
        if part.startswith("xl/worksheets/"):
            return MAX_SHEET_BYTES
        if part.lower().endswith("sharedstrings.xml"):
            return MAX_SHARED_STRINGS_BYTES
        return MAX_PART_BYTES

    def _too_big(self, part: str, unpacked: int, exact: bool) -> ImportFileError:
        title = getattr(self, "_titles", {}).get(part)
        limit = self._limit(part)
        what = f"The sheet '{title}'" if title else (
            "The workbook's table of shared text" if limit == MAX_SHARED_STRINGS_BYTES else f"The part {part}")
        return ImportFileError(f"{what} in {self.name} unpacks to {size_text(unpacked)}{'' if exact else ' or more'}, "
                               f"more than the {size_text(limit)} the import reads: split it into several smaller "
                               "workbooks and import each.")

    def _strings(self, reader: Any) -> None:
        """The shared text, counted before it is read (each entry costs memory even when empty)."""
        import re

        from openpyxl.reader.strings import read_string_table
        from openpyxl.xml.constants import SHARED_STRINGS

        part = reader.package.find(SHARED_STRINGS)
        if part is None:
            return
        name = part.PartName[1:]
        entry, count = re.compile(_STRING_ENTRY), 0
        with self._zip.open(name) as stream:
            carry = b""
            while chunk := stream.read(1024 * 1024):
                data = carry + chunk
                cut = max(0, data.rfind(b"<"))
                count += entry.subn(b"", data[:cut])[1]
                carry = data[cut:]
                if count > MAX_SHARED_STRINGS:
                    break
            count += entry.subn(b"", carry)[1]
        if count > MAX_SHARED_STRINGS:
            raise ImportFileError(f"{self.name} holds more than {MAX_SHARED_STRINGS:,} different pieces of text, "
                                  "more than the import reads: split it into several smaller workbooks.")
        with self._zip.open(name, escape=True) as stream:
            reader.shared_strings = read_string_table(stream)

    def scan(self, sheet: SheetRef) -> SheetScan:
        """The quick pass over a sheet, made once (ImportFileError for a limit passed)."""
        if sheet.part not in self._scans:
            with self._reading(f" (the sheet '{sheet.title}')"), self._zip.open(sheet.part) as stream:
                self._scans[sheet.part] = scan_sheet(stream, sheet.title, ImportFileError)
        return self._scans[sheet.part]

    def rows(self, sheet: SheetRef) -> Iterator[tuple[int, dict[int, object]]]:
        """Each row's number and its non-empty cells (0-based column -> value), one row at a time."""
        from openpyxl.worksheet._reader import WorkSheetParser

        with self._reading(f" (the sheet '{sheet.title}')"):
            stream: IO[bytes] = self._zip.open(sheet.part, escape=True)  # type: ignore[assignment]
        with stream:
            parser = WorkSheetParser(stream, self._shared, data_only=True, epoch=self._epoch,
                                     date_formats=self._dates, timedelta_formats=self._times)
            parsed, count, number = parser.parse(), 0, 0
            while True:
                with self._reading(f" (the sheet '{sheet.title}', after row {number})"):
                    try:
                        number, cells = next(parsed)
                    except StopIteration:
                        return
                count += 1
                if count > MAX_ROWS:
                    raise ImportFileError(f"The sheet '{sheet.title}' has more than {MAX_ROWS:,} rows, the most "
                                          "the import reads from one sheet: split it into several workbooks.")
                yield number, self._values(sheet, number, cells)

    def _values(self, sheet: SheetRef, number: int, cells: list[dict[str, Any]]) -> dict[int, object]:
        values: dict[int, object] = {}
        for cell in cells:
            value = cell["value"]
            if value is None:
                continue
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise ImportFileError(f"The sheet '{sheet.title}' has a cell in row {number} holding "
                                      f"{len(value):,} characters, more than the {MAX_CELL_CHARS:,} a cell can "
                                      "hold, so it is not read.")
            values[int(cell["column"]) - 1] = value
        return values

    def close(self) -> None:
        """Close the file."""
        self._zip.close()
        self._source.close()
