"""Does a printed or emailed evidence pack match the database? Its manifest carries the audit trail's head.

The Manifest sheet's "Audit trail" row holds the number of audit rows and the newest row's hash
when the pack was made. Against the database now: the same head means nothing has changed since;
a shorter trail whose last row is still in the chain, with the same hash, means the pack was
taken at that row and the changes after it are the app's own; anything else means the trail the
pack saw is no longer in the database (it was rewritten).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from carehome_desk.models.audit_chain import GENESIS
from carehome_desk.models.counted import counted
from carehome_desk.services.history_words import ACTION_LABELS, RecordNames, local_text, record_label
from carehome_desk.store import Store, StoreError
from carehome_desk.store.audit import entry_of

if TYPE_CHECKING:  # a type hint only
    from sqlalchemy import Row

AUDIT_ROW = "Audit trail"
#: The Manifest sheet's title (its first cell): with Cover as the first sheet, what marks a workbook as a pack.
MANIFEST_TITLE = "Manifest: what this workbook holds"
AUDIT_NOTE = ("The audit trail when the pack was made: its number of changes and the SHA-256 of the newest. "
              "'carehome-desk verify --pack FILE' checks the pack against the database.")


class PackMatch(str, Enum):
    """How a pack stands against the database."""

    SAME = "same"  # nothing has changed since the pack was made
    EARLIER = "earlier"  # the pack was made at an earlier row of the same trail
    DIFFERENT = "different"  # the trail the pack saw is not in the database


@dataclass(frozen=True)
class PackCheck:
    """The pack's head, the database's, and the verdict in one sentence."""

    match: PackMatch
    pack_count: int
    pack_head: str
    count: int
    text: str


def read_pack_head(path: Path, password: str | None = None) -> tuple[int, str]:
    """(audit rows, head hash) from a pack's Manifest sheet; StoreError (one sentence) if it has none."""
    from openpyxl import load_workbook

    data = _clear_bytes(path, password)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise StoreError(f"{path} could not be read as an evidence pack ({exc}).") from exc
    try:
        if "Manifest" not in workbook.sheetnames:
            raise StoreError(f"{path} has no Manifest sheet, so it is not an evidence pack from carehome-desk.")
        for row in workbook["Manifest"].iter_rows(values_only=True):
            if row and row[0] == AUDIT_ROW and len(row) >= 3:
                count, head = row[1], row[2]
                if isinstance(count, int | float) and isinstance(head, str) and len(head) == 64:
                    return int(count), head
                break
    finally:
        workbook.close()
    raise StoreError(f"{path}'s manifest has no audit trail row: it was made before packs carried one, "
                     "or the row was changed.")


def _clear_bytes(path: Path, password: str | None) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StoreError(f"{path} could not be read: {exc.strerror or exc}.") from exc
    if not data.startswith(b"\xd0\xcf\x11\xe0"):  # an Office-encrypted workbook is an OLE file
        return data
    if password is None:
        raise StoreError(f"{path} is protected with a password: give --pack-password-file FILE.")
    from msoffcrypto.exceptions import InvalidKeyError
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    try:
        with open(path, "rb") as file:
            office = OOXMLFile(file)
            office.load_key(password=password)
            office.decrypt(out)
    except InvalidKeyError:
        raise StoreError(f"The password given does not open {path}.") from None
    return out.getvalue()


def _matches(what: str, count: int, at: int) -> tuple[PackMatch, str]:
    """The verdict when the database's trail starts with the ``at`` changes a pack or backup saw."""
    if at == count:
        return PackMatch.SAME, f"{what} matches the database: {counted(count, 'change')}, none since."
    since = count - at
    return PackMatch.EARLIER, (f"{what} matches the database as it was at change {at:,}; "
                               f"{counted(since, 'change')} since.")


def check_pack(store: Store, pack_count: int, pack_head: str, *, what: str = "The pack") -> PackCheck:
    """Compare a pack's head (the Manifest holds no more) with the database's trail."""
    count, head = store.audit.head()
    if (pack_count, pack_head) == (count, head) or (
            pack_count <= count and (store.audit.hash_at(pack_count) if pack_count else GENESIS) == pack_head):
        match, text = _matches(what, count, pack_count)
    else:
        match = PackMatch.DIFFERENT
        text = (f"{what} does not match the database: the trail it was made from "
                f"({counted(pack_count, 'change')}) is not in this database, so the trail was rewritten or {what.lower().removeprefix('the ')} comes from "
                "another database.")
    return PackCheck(match, pack_count, pack_head, count, text)


def check_backup(store: Store, rows: Sequence[Row[Any]], *, what: str) -> PackCheck:
    """Compare every audit row a backup holds (``chain.TRAIL_ROWS``, every column, its stored hash too) with the
    database's: it matches only when the database's trail starts with exactly those rows; otherwise the verdict
    names the first row that differs, by its date and what it records (as the backup holds it)."""
    count, _head = store.audit.head()
    backup_head = str(rows[-1].hash) if rows else GENESIS
    differs = store.audit.first_difference(rows)
    if differs is None:
        match, text = _matches(what, count, len(rows))
        return PackCheck(match, len(rows), backup_head, count, text)
    row = rows[differs - 1]
    entry = entry_of(row._mapping)
    names = RecordNames()
    names.refresh(store)  # the people, courses and incidents a row points at, by name
    change = f"{local_text(entry.at)}, {ACTION_LABELS[entry.action]} {record_label(entry, names)}"
    held = ("this database has no such row" if differs > count else
            "this database's copy of it is not the same")
    return PackCheck(PackMatch.DIFFERENT, len(rows), backup_head, count,
                     f"{what} does not match the database from audit row {entry.id} ({change}): {held}, so the "
                     "database's trail was changed or rewritten after the backup was taken, or the backup comes "
                     "from another database.")
