"""Password-protected packs: the finished workbook encrypted as Office does (ECMA-376 agile encryption).

Excel and LibreOffice open the file with the password. The clear workbook is written only into a
private temporary folder and removed whatever happens; the encrypted one goes into the target's
temporary file and is renamed over the target, so the user's folder never holds the clear pack.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from carehome_desk.store import StoreError

if TYPE_CHECKING:  # the window imports this module for MIN_LENGTH at start-up: the writer loads only to export
    from carehome_desk.export.writer_process import Cancelled, WorkbookWriter

MIN_LENGTH = 10
TOO_SHORT = f"The password must be at least {MIN_LENGTH} characters."


class PasswordError(StoreError):
    """The password (or its file) cannot be used: the message says why; nothing was written."""


def check_password(password: str) -> str:
    """The password, if it is long enough to protect a pack; PasswordError otherwise."""
    if len(password) < MIN_LENGTH:
        raise PasswordError(TOO_SHORT)
    return password


def read_password_file(path: Path) -> str:
    """The password on the file's first line (without its line ending), checked by check_password.

    For scheduled jobs: a password is never taken from the command line, where other users of the
    PC can see it in the process list. A byte-order mark (Windows Notepad adds one) is dropped.
    """
    from carehome_desk.store.errors import StoreError
    from carehome_desk.store.protection import password_from_file

    try:
        password = password_from_file(path)
    except StoreError as exc:
        raise PasswordError(f"{exc} Nothing was written.") from None
    if len(password) < MIN_LENGTH:
        raise PasswordError(f"The password in {path} is too short: it must be at least {MIN_LENGTH} characters. "
                            "Nothing was written.")
    return password


def encrypt_workbook(clear: Path, out: Path, password: str) -> None:
    """Write ``clear`` (an xlsx) to ``out`` encrypted with ``password`` (agile encryption, AES-256, SHA-512)."""
    from msoffcrypto.format.ooxml import OOXMLFile  # imported here: only a protected export needs it

    with open(clear, "rb") as source, open(out, "wb") as target:
        OOXMLFile(source).encrypt(password, target)


def save_protected(writer: WorkbookWriter, target: Path, password: str, cancelled: Cancelled) -> None:
    """Have ``writer`` save the workbook in a private temporary folder, then encrypt it over ``target``.

    On any failure or cancel the target is untouched, and the clear workbook is removed in every case.
    """
    from carehome_desk.export.atomic import replace_atomically
    from carehome_desk.export.writer_process import WriterCancelled, WriterFailed
    from carehome_desk.private_files import private_temp_dir

    check_password(password)
    # A private (0700) folder inside the data folder, like the writer process's: never the system
    # temp, where another login could read the clear pack; a killed run's is removed at the next start.
    folder = private_temp_dir("protect")
    try:
        clear = folder / "clear.xlsx"
        writer.save(clear, cancelled)
        if cancelled():
            raise WriterCancelled("cancelled before encrypting")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            replace_atomically(target, lambda part: encrypt_workbook(clear, part, password))
        except OSError as exc:
            from carehome_desk.export.writer_process import cannot_save

            raise cannot_save(target, exc) from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)
