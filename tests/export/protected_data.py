"""A small home whose child and staff names are distinctive enough to look for as raw bytes."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

from carehome_desk.models.children import ChildDetails
from carehome_desk.models.incidents import ComplaintDetails, IncidentDetails, IncidentType
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import Store
from tests.conftest import FIXED_NOW, Clock, oak_lodge

CHILD_REF = "CR-PROTECT-4417"
CHILD_NAME = "Zebedee Quartermaine"
STAFF_NAME = "Ottoline Wintergreen"
PASSWORD = "correct horse battery"
START, END = "01/01/2025", "22/11/2026"


def protected_home(path: Path) -> Path:
    """A database at ``path`` with one home, a member of staff, a child and a complaint; returns the path."""
    with Store.open(path, user="tester", clock=Clock()) as store:
        home, _ = store.homes.add(oak_lodge())
        store.staff.add(home.id, StaffDetails(STAFF_NAME, StaffRole.RESIDENTIAL_WORKER, date(2025, 1, 6)))
        child, _ = store.children.add(home.id, ChildDetails(CHILD_REF, "ZQ", date(2011, 1, 1), date(2025, 1, 5),
                                                            full_name=CHILD_NAME))
        store.incidents.add(home.id, IncidentDetails(
            IncidentType.COMPLAINT, FIXED_NOW - timedelta(days=3), (child.id,), "Complained about pocket money",
            details=ComplaintDetails(from_whom="the child")))
    return path


def decrypt(path: Path, password: str) -> bytes:
    """The clear xlsx inside an Office-encrypted file (msoffcrypto's InvalidKeyError for a wrong password)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(path, "rb") as file:
        office = OOXMLFile(file)
        office.load_key(password=password, verify_password=True)
        out = io.BytesIO()
        office.decrypt(out, verify_integrity=True)
    return out.getvalue()


def assert_no_clear_text(raw: bytes) -> None:
    """An encrypted file: an OLE container with none of the names, the reference or the zip inside readable."""
    assert raw.startswith(bytes.fromhex("D0CF11E0A1B11AE1"))  # OLE compound file, as Office writes
    for text in (CHILD_REF, CHILD_NAME, "Quartermaine", "Wintergreen", "xl/worksheets", "sharedStrings"):
        for encoding in ("utf-8", "utf-16-le"):
            assert text.encode(encoding) not in raw, text
    assert b"PK\x03\x04" not in raw  # no zip (the clear xlsx) stored alongside
