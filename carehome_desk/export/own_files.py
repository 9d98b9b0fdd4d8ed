"""Is an existing file one this app wrote earlier? A command replaces its own kind of file without being told
(an earlier evidence pack, deadline calendar or column map) and refuses anything else unless told (--replace).

A pack is known by its sheets: Cover first, and a Manifest sheet whose first cell is its title (the sheet
``carehome-desk verify --pack`` reads). A protected pack is an encrypted Office file, so it is known only
when the password given for the new pack opens it. A calendar is known by its PRODID line, a column map
(``import --save-map``) by its version, layout and sheets.
"""

from __future__ import annotations

import io
from pathlib import Path

from carehome_desk.export.pack_check import MANIFEST_TITLE
from carehome_desk.out_files import OutFileRefused

#: The start of the PRODID line every calendar this app writes carries (export/calendar.py).
CALENDAR_PRODID = "PRODID:-//carehome-desk//"
_OLE = b"\xd0\xcf\x11\xe0"  # an Office-encrypted workbook (or an old .xls) is an OLE compound file


def check_replaceable(out: Path, what: str, *, password: str | None = None, replace_flag: str | None = "--replace",
                      ) -> None:
    """Refuse (OutFileRefused, exit 1, nothing written) to write the ``what`` ("evidence pack", "calendar",
    "column map") over an existing ``out`` that is not an earlier one written by carehome-desk; the message says
    what the file is and how to replace it anyway (``replace_flag``, when the command has one). ``password``: the
    new pack's, which opens an earlier protected pack."""
    if not out.is_file():
        return  # nothing there (a folder or the database's files are check_out_file's to refuse)
    judge = {"calendar": calendar_problem, "column map": map_problem}.get(what)
    said = judge(out) if judge is not None else pack_problem(out, password)
    if said is None:
        return
    how = f", or give {replace_flag} to write the {what} over it" if replace_flag else ""
    raise OutFileRefused(f"{out} already exists and {said}; carehome-desk replaces only an earlier {what} it wrote. "
                         f"Choose another name{how}. Nothing was written.")


def pack_problem(path: Path, password: str | None = None) -> str | None:
    """None when ``path`` is an evidence pack carehome-desk wrote, else what it is, in a manager's words."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"could not be read to check what it is ({exc.strerror or exc})"
    if data.startswith(_OLE):
        if password is None:
            return ("is protected with a password, so whether it is an earlier evidence pack cannot be checked "
                    "(give the pack's password with --pack-password-file or --password-file)")
        clear = _decrypted(data, password)
        if clear is None:
            return "is protected with a password other than the one given for this pack"
        data = clear
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return "is not an Excel workbook carehome-desk can read"
    try:
        names = list(workbook.sheetnames)
        if names[:1] == ["Cover"] and "Manifest" in names:
            first = next(workbook["Manifest"].iter_rows(max_row=1, max_col=1, values_only=True), (None,))
            if first and first[0] == MANIFEST_TITLE:
                return None
    finally:
        workbook.close()
    shown = ", ".join(names[:4]) + (", …" if len(names) > 4 else "")
    return f"is a workbook with the sheet{'s' if len(names) != 1 else ''} {shown}, not an evidence pack"


def _decrypted(data: bytes, password: str) -> bytes | None:
    """The clear workbook inside an encrypted one, or None when ``password`` does not open it."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    try:
        office = OOXMLFile(io.BytesIO(data))
        office.load_key(password=password)
        office.decrypt(out)
    except Exception:  # a wrong password, or an OLE file that is no encrypted workbook (an old .xls)
        return None
    return out.getvalue()


def calendar_problem(path: Path) -> str | None:
    """None when ``path`` is a calendar carehome-desk wrote, else what it is, in a manager's words."""
    try:
        with open(path, "rb") as file:
            head = file.read(4096).decode("utf-8", errors="replace")
    except OSError as exc:
        return f"could not be read to check what it is ({exc.strerror or exc})"
    lines = [line.strip() for line in head.lstrip("\ufeff").splitlines()]
    if lines[:1] != ["BEGIN:VCALENDAR"]:
        return "is not a calendar file"
    if any(line.startswith(CALENDAR_PRODID) for line in lines):
        return None
    made_by = next((line.removeprefix("PRODID:") for line in lines if line.startswith("PRODID:")), "")
    return f"is a calendar from another program{f' ({made_by})' if made_by else ''}"


def map_problem(path: Path) -> str | None:
    """None when ``path`` is a column map carehome-desk wrote (``import --save-map``: a JSON object with its
    version, layout and sheets), else what it is, in a manager's words."""
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        return f"could not be read to check what it is ({exc.strerror or exc})"
    except ValueError:  # not UTF-8, or not JSON
        return "is not a JSON file"
    if isinstance(data, dict) and {"version", "layout", "sheets"} <= data.keys():
        return None
    return "is a JSON file but not a column map"
