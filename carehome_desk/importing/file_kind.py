"""What a file handed to the importer really is, whatever its name says: an Excel workbook (a zip),
a password-protected workbook or an old .xls (both OLE compound files), or something else.

Each kind that cannot be read gets one plain sentence. A protected workbook can be opened with its
password: it is decrypted in memory (msoffcrypto), never written out in the clear.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import BinaryIO

from carehome_desk.importing.result import ImportFileError, WorkbookProtected

log = logging.getLogger(__name__)

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a zip's first entry, or an empty zip
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97-2003 files, and Office's encrypted ones
MAX_PROTECTED_BYTES = 50 * 1024 * 1024  # a protected workbook is decrypted in memory: keep it bounded
SAVE_AS = "open it in Excel or LibreOffice, save it as an Excel workbook (.xlsx), and import that."


def _sniff_text(head: bytes) -> str:
    """What a file that is not a zip nor an OLE file looks like, in words ('' when nothing plain)."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<html", b"<!doctype html", b"<table")):
        return "a web page"
    if start.startswith(b"<?xml"):
        return "an XML file (perhaps an Excel 2003 XML spreadsheet)"
    if start.startswith(b"%pdf"):
        return "a PDF"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = head[:-3].decode("utf-8")  # the sample may end inside a character
        except UnicodeDecodeError:
            return ""
    if any(sep in text for sep in (",", ";", "\t")):
        return "plain text, such as a CSV file with an .xlsx name"
    return "plain text"


def file_size(path: Path) -> int:
    """The size of the file to import; ImportFileError in one sentence when it is missing, a folder or empty."""
    if not path.exists():
        raise ImportFileError(f"There is no file at {path}.")
    if path.is_dir():
        raise ImportFileError(f"{path} is a folder, not a spreadsheet.")
    size = path.stat().st_size
    if size == 0:
        raise ImportFileError(f"{path.name} is empty (0 bytes), so there is nothing to import.")
    return size


def open_source(path: Path, password: str | None = None) -> BinaryIO:
    """The workbook's bytes to read as a zip: the file itself, or a protected workbook decrypted in memory.

    Raises ImportFileError with one sentence for a file that is missing, empty, not a workbook,
    an old .xls, or protected (without the right password).
    """
    size = file_size(path)
    handle = open(path, "rb")  # noqa: SIM115 - the caller closes it (ZipFile owns it)
    try:
        head = handle.read(4096)
        handle.seek(0)
        if head.startswith(ZIP_MAGIC):
            return handle
        if head.startswith(OLE_MAGIC):
            return _open_ole(path, handle, size, password)
        what = _sniff_text(head)
        if path.suffix.lower() in (".xls", ".ods", ".csv"):
            what = f"a {path.suffix.lower()} file"
        raise ImportFileError(f"{path.name} is not an Excel workbook" + (f" (it is {what})" if what else "")
                              + f": {SAVE_AS}")
    except BaseException:
        handle.close()
        raise


def _ole_streams(path: Path, handle: BinaryIO) -> set[str]:
    """The names of the top-level streams of an OLE compound file (upper case)."""
    import olefile  # msoffcrypto's own dependency

    try:
        ole = olefile.OleFileIO(handle)
        try:
            return {"/".join(entry).upper() for entry in ole.listdir(streams=True, storages=False)}
        finally:
            ole.close()
    except Exception as exc:  # olefile raises many kinds on a damaged file; all mean the same to the manager
        log.info("OLE file %s could not be listed: %r", path, exc)
        raise ImportFileError(f"{path.name} is damaged or is not an Excel workbook, so it cannot be read: "
                              f"{SAVE_AS}") from None


def _open_ole(path: Path, handle: BinaryIO, size: int, password: str | None) -> BinaryIO:
    streams = _ole_streams(path, handle)
    handle.seek(0)
    if {"ENCRYPTIONINFO", "ENCRYPTEDPACKAGE"} <= streams:
        if password is None:
            raise WorkbookProtected(f"This workbook is protected with a password: {path.name} cannot be read without "
                                    "it, so give the password (on the command line, --workbook-password-file FILE) "
                                    "or open it in Excel, remove the password, save it and import that.")
        if size > MAX_PROTECTED_BYTES:
            raise ImportFileError(f"This workbook is protected with a password and is {size / 2**20:.0f} MB, more "
                                  f"than the {MAX_PROTECTED_BYTES // 2**20} MB the import opens in memory: remove the "
                                  "password in Excel, save it and import that.")
        return _decrypt(path, handle, password)
    if "WORKBOOK" in streams or "BOOK" in streams:
        raise ImportFileError(f"{path.name} is an old Excel 97-2003 workbook (.xls), which the import does not "
                              f"read: {SAVE_AS}")
    raise ImportFileError(f"{path.name} is an Office file but not an Excel workbook: {SAVE_AS}")


def _decrypt(path: Path, handle: BinaryIO, password: str) -> BinaryIO:
    """A protected workbook decrypted into memory, or ImportFileError (wrong password, damaged file)."""
    import msoffcrypto
    from msoffcrypto.exceptions import InvalidKeyError

    clear = io.BytesIO()
    try:
        office = msoffcrypto.OfficeFile(handle)
        office.load_key(password=password)
        office.decrypt(clear)
    except InvalidKeyError:
        raise WorkbookProtected(f"This workbook is protected with a password, and the password given does not open "
                                f"{path.name}: check it and try again.", wrong_password=True) from None
    except Exception as exc:  # msoffcrypto raises many kinds on a damaged or unusual file
        log.info("protected workbook %s could not be decrypted: %r", path, exc)
        raise ImportFileError(f"This workbook is protected with a password, and {path.name} could not be opened "
                              "with it (the file may be damaged): open it in Excel, remove the password, save it "
                              "and import that.") from None
    finally:
        handle.close()
    clear.seek(0)
    if not clear.getvalue().startswith(ZIP_MAGIC):
        raise ImportFileError(f"{path.name} opened with the password, but what is inside is not an Excel workbook: "
                              f"{SAVE_AS}")
    return clear
